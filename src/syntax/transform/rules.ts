// A transform is a list of rules, each a tree-sitter query (the pattern) and a
// rewrite template (the fix), in the shape of ast-grep's rule + fix. All rules
// of a spec run in one pass over one parse. A rule's action says where its
// rendered template goes, relative to its target node:
//   replace      the target's text (default)
//   prepend      just before the target      append    just after it
//   insertFirst  into a list node (arguments, array, parameters, object) as its
//   insertLast   first / last item, with the separator where one is needed,
//                so `f()` and `f(a)` both take a new argument.
// The target is the capture named by `target`, else @match, else the smallest
// node holding all of a match's captures.
import { Query } from 'web-tree-sitter';
import type { Language } from 'web-tree-sitter';
import { pointAt } from '../text-edits.ts';
import { literalRequirements, mayMatch, type LiteralRequirements } from './prefilter.ts';
import { parseTemplate, TemplateError, type TemplatePart } from './template.ts';

export const RULE_ACTIONS = ['replace', 'prepend', 'append', 'insertFirst', 'insertLast'] as const;
export type RuleAction = typeof RULE_ACTIONS[number];

export interface TransformRule {
  query: string;
  rewrite: string;
  action?: RuleAction;
  /** Capture whose node the action applies to ('' or absent: @match, else the smallest node holding the captures). */
  target?: string;
  /** Between list items for insertFirst/insertLast ('' or absent: ", "). */
  separator?: string;
}

export class QueryCompileError extends Error {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  constructor(message: string, query: string, offset: number) {
    const p = pointAt(query, Math.max(0, Math.min(offset, query.length)));
    super(`query error at line ${p.row + 1}, column ${p.column + 1}: ${message}`);
    this.name = 'QueryCompileError';
    this.line = p.row + 1;
    this.column = p.column + 1;
    this.offset = offset;
  }
}

export class CompiledRule {
  readonly query: Query;
  readonly template: TemplatePart[];
  readonly action: RuleAction;
  readonly target: string | undefined;
  readonly separator: string;
  readonly literals: LiteralRequirements;

  constructor(language: Language, rule: TransformRule) {
    try {
      this.query = new Query(language, rule.query);
    } catch (err) {
      const e = err as { message?: string; index?: number };
      throw new QueryCompileError(e.message ?? String(err), rule.query, typeof e.index === 'number' ? e.index : 0);
    }
    try {
      this.template = parseTemplate(rule.rewrite, this.query.captureNames);
      this.action = rule.action ?? 'replace';
      if (!RULE_ACTIONS.includes(this.action)) throw new TemplateError(`unknown action "${String(rule.action)}" (one of ${RULE_ACTIONS.join(', ')})`, 0);
      const target = rule.target?.replace(/^@/, '') || undefined;
      if (target !== undefined && !this.query.captureNames.includes(target)) {
        throw new TemplateError(`the target @${target} is not a capture of the query (it has: ${this.query.captureNames.map((n) => `@${n}`).join(', ') || 'none'})`, 0);
      }
      this.target = target;
      this.separator = rule.separator || ', ';
    } catch (err) {
      this.query.delete();
      throw err;
    }
    this.literals = literalRequirements(this.query, rule.query);
  }

  mayMatch(text: string): boolean {
    return mayMatch(this.literals, text);
  }

  delete(): void {
    this.query.delete();
  }
}

/** Compiles every rule for one grammar; an error names the rule when there are several. */
export function compileRules(language: Language, rules: readonly TransformRule[]): CompiledRule[] {
  const out: CompiledRule[] = [];
  try {
    for (const [i, rule] of rules.entries()) {
      try {
        out.push(new CompiledRule(language, rule));
      } catch (err) {
        if (rules.length > 1 && err instanceof Error) err.message = `rule ${i + 1}: ${err.message}`;
        throw err;
      }
    }
    return out;
  } catch (err) {
    for (const r of out) r.delete();
    throw err;
  }
}

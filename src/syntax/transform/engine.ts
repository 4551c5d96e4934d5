// The transform engine: run every rule's query over one parse of a file, turn
// each match into an edit (rules.ts), compose nested edits, and validate.
//
// Nesting: edits form a tree by containment. An outer edit's captures are
// rendered with the inner edits inside them already applied, so
// console.log(console.log(x)) becomes logger.debug(logger.debug(x)) in one run.
// An inner edit outside every capture of the edit around it is replaced by the
// outer template's literal text: it is dropped and counted in `skipped`, as is
// a second edit of exactly the same node.
import type { Node, QueryMatch, Tree } from 'web-tree-sitter';
import { lfLineStarts, positionAt } from '../../core/line-index.ts';
import type { GrammarRegistry } from '../registry.ts';
import { collectSyntaxProblems } from '../syntax-errors.ts';
import { diffProblems, validateEditSync } from '../validate.ts';
import type { ValidationReport } from '../validate.ts';
import { compileRules, CompiledRule, QueryCompileError, type TransformRule } from './rules.ts';
import { isShorthand, shorthandRefusals } from './shorthand.ts';
import { TemplateError } from './template.ts';
import type { TemplatePart } from './template.ts';

export { QueryCompileError, TemplateError };
export type { TransformRule };

export interface TransformEdit {
  startIndex: number;
  endIndex: number;
  /** 0-based line/UTF-16 column of the start, like VS Code. */
  start: { line: number; character: number };
  end: { line: number; character: number };
  oldText: string;
  newText: string;
}

export interface TransformResult {
  edits: TransformEdit[];
  /** Matches rewritten, nested ones included. */
  matchCount: number;
  /** Matches dropped: the same node twice, or inside an outer rewrite but outside its captures. */
  skipped: number;
  before: string;
  after: string;
  validation: ValidationReport;
  /** Why the result must not land although it parses (e.g. a rename meeting a shorthand property). */
  refusals: string[];
}

/** A compiled transform: one or more rules for one grammar; delete() it when done. */
export class CompiledTransform {
  readonly grammarId: string;
  readonly rules: CompiledRule[];

  constructor(grammarId: string, rules: CompiledRule[]) {
    this.grammarId = grammarId;
    this.rules = rules;
  }

  /** False when no rule can match `text` (see prefilter.ts); true means one may. */
  mayMatch(text: string): boolean {
    return this.rules.some((r) => r.mayMatch(text));
  }

  delete(): void {
    for (const r of this.rules) r.delete();
  }
}

export async function compileRulesFor(registry: GrammarRegistry, grammarId: string, rules: readonly TransformRule[]): Promise<CompiledTransform> {
  const grammar = await registry.load(grammarId);
  if (!grammar) throw new Error(`no grammar for "${grammarId}" (known: ${registry.grammarIds.join(', ')})`);
  return new CompiledTransform(grammarId, compileRules(grammar.language, rules));
}

/** One rule from a query and a rewrite (the original single-query form). */
export function compileTransform(registry: GrammarRegistry, grammarId: string, query: string, rewrite: string): Promise<CompiledTransform> {
  return compileRulesFor(registry, grammarId, [{ query, rewrite }]);
}

function targetOf(rule: CompiledRule, match: QueryMatch): Node | undefined {
  const explicit = match.captures.find((c) => c.name === (rule.target ?? 'match'));
  if (explicit) return explicit.node;
  if (rule.target !== undefined || match.captures.length === 0) return undefined;
  let start = Infinity;
  let end = -Infinity;
  for (const c of match.captures) {
    start = Math.min(start, c.node.startIndex);
    end = Math.max(end, c.node.endIndex);
  }
  let node: Node | null = match.captures[0]!.node;
  while (node && (node.startIndex > start || node.endIndex < end)) node = node.parent;
  return node ?? undefined;
}

interface Edit {
  start: number;
  end: number;
  rule: CompiledRule;
  order: number;
  match: QueryMatch;
  node: Node;
  children: Edit[];
  /** Text around the rendered template (list separators). */
  before: string;
  after: string;
  /** The rendered template, once rendered (renames are read from it). */
  newText?: string;
  rendered?: Render;
}

/** Items of a list node: its named children that are not comments. */
const itemsOf = (node: Node) => node.namedChildren.filter((c): c is Node => c !== null && !c.type.includes('comment'));

/** Where a match's edit goes, or undefined when the action does not fit the node. */
function placeEdit(rule: CompiledRule, node: Node): { start: number; end: number; before: string; after: string } | undefined {
  switch (rule.action) {
    case 'replace': return { start: node.startIndex, end: node.endIndex, before: '', after: '' };
    case 'prepend': return { start: node.startIndex, end: node.startIndex, before: '', after: '' };
    case 'append': return { start: node.endIndex, end: node.endIndex, before: '', after: '' };
    case 'insertFirst':
    case 'insertLast': {
      const items = itemsOf(node);
      if (items.length === 0) {
        // After the opening delimiter: the first anonymous child, e.g. "(" or "[".
        const open = node.child(0);
        if (!open || open.isNamed || node.childCount < 2) return undefined;
        return { start: open.endIndex, end: open.endIndex, before: '', after: '' };
      }
      if (rule.action === 'insertFirst') return { start: items[0]!.startIndex, end: items[0]!.startIndex, before: '', after: rule.separator };
      const last = items[items.length - 1]!;
      return { start: last.endIndex, end: last.endIndex, before: rule.separator, after: '' };
    }
  }
}

function collectEdits(transform: CompiledTransform, tree: Tree): Edit[] {
  const edits: Edit[] = [];
  let order = 0;
  for (const rule of transform.rules) {
    // web-tree-sitter reports a quantified capture ((_)* @args) as one match per
    // node; matches of one pattern on the same target are merged back together.
    const byTarget = new Map<string, { node: Node; match: QueryMatch }>();
    for (const match of rule.query.matches(tree.rootNode)) {
      const node = targetOf(rule, match);
      if (!node) continue;
      const key = `${match.patternIndex}:${node.startIndex}:${node.endIndex}:${node.type}`;
      const prev = byTarget.get(key);
      if (!prev) byTarget.set(key, { node, match });
      else {
        for (const c of match.captures) {
          if (!prev.match.captures.some((p) => p.name === c.name && p.node.startIndex === c.node.startIndex && p.node.endIndex === c.node.endIndex)) prev.match.captures.push(c);
        }
      }
    }
    // Same node matched several ways (quantifiers): the match capturing most comes first.
    const found = [...byTarget.values()].sort((a, b) => b.match.captures.length - a.match.captures.length);
    for (const { node, match } of found) {
      const at = placeEdit(rule, node);
      if (at) edits.push({ ...at, rule, order: order++, match, node, children: [] });
    }
  }
  return edits;
}

const zero = (e: Edit) => e.start === e.end;
/** Whether outer contains inner: a strictly smaller range inside it; an insertion strictly inside. */
function contains(outer: Edit, inner: Edit): boolean {
  if (zero(outer)) return false;
  if (zero(inner)) return outer.start < inner.start && inner.start < outer.end;
  return outer.start <= inner.start && inner.end <= outer.end && outer.end - outer.start > inner.end - inner.start;
}

/** Containment forest; a duplicate or partly overlapping edit is dropped and counted. */
function nest(edits: Edit[]): { roots: Edit[]; skipped: number } {
  edits.sort((a, b) => a.start - b.start || Number(zero(b)) - Number(zero(a)) || b.end - a.end || a.order - b.order);
  const roots: Edit[] = [];
  const stack: Edit[] = [];
  let skipped = 0;
  let lastRootEnd = -1;
  for (const e of edits) {
    while (stack.length && !contains(stack[stack.length - 1]!, e)) stack.pop();
    const parent = stack[stack.length - 1];
    const siblings = parent ? parent.children : roots;
    const prev = siblings[siblings.length - 1];
    const prevEnd = parent ? (prev?.end ?? -1) : lastRootEnd;
    const clash = prev && (zero(e) ? (zero(prev) && prev.start === e.start && prev.rule === e.rule) || e.start < prevEnd : e.start < prevEnd || (prev.start === e.start && prev.end === e.end));
    if (clash) { skipped++; continue; }
    siblings.push(e);
    if (!parent) lastRootEnd = e.end;
    if (!zero(e)) stack.push(e);
  }
  return { roots, skipped };
}

interface Render { text: string; used: number; dropped: number }

/** `source[start, end)` with the given (sorted, disjoint) edits applied. */
function splice(source: string, start: number, end: number, edits: readonly Edit[], render: (e: Edit) => Render, tally: { used: number; dropped: number }): string {
  let out = '';
  let at = start;
  for (const e of edits) {
    if (e.start < start || e.end > end) continue;
    const r = render(e);
    tally.used += r.used;
    tally.dropped += r.dropped;
    out += source.slice(at, e.start) + r.text;
    at = e.end;
  }
  return out + source.slice(at, end);
}

function renderEdit(e: Edit, source: string): Render {
  if (e.rendered) return e.rendered;
  const inside = new Set<Edit>();
  const noTally = { used: 0, dropped: 0 };
  let text = '';
  for (const part of e.rule.template as readonly TemplatePart[]) {
    if ('literal' in part) { text += part.literal; continue; }
    const nodes = e.match.captures.filter((c) => c.name === part.capture).map((c) => c.node);
    if (nodes.length === 0) continue;
    const start = Math.min(...nodes.map((n) => n.startIndex));
    const end = Math.max(...nodes.map((n) => n.endIndex));
    const within = e.children.filter((c) => start <= c.start && c.end <= end);
    for (const c of within) inside.add(c);
    text += splice(source, start, end, within, (c) => renderEdit(c, source), noTally);
  }
  // Each inner edit counts once, however many captures hold it.
  let used = 1;
  let dropped = 0;
  for (const c of e.children) {
    if (!inside.has(c)) { dropped++; continue; }
    const r = renderEdit(c, source);
    used += r.used;
    dropped += r.dropped;
  }
  if (e.rule.action === 'replace' && isShorthand(e.node)) {
    // { oldName } renamed: the key stays, the value is the new name.
    const old = source.slice(e.start, e.end);
    if (text !== old) text = `${old}: ${text}`;
  }
  e.newText = text;
  e.rendered = { text: e.before + text + e.after, used, dropped };
  return e.rendered;
}

/** What validateEditSync reports for an edit that changes nothing, without reparsing. */
function unchangedReport(grammarId: string, source: string, tree: Tree): ValidationReport {
  const problems = collectSyntaxProblems(tree);
  const result = diffProblems(source, problems, source, problems);
  return { ok: result.introduced.length === 0, checked: true, grammarId, ...result };
}

/** Applies a compiled transform to one file's text. Nothing is written. */
export function applyTransform(registry: GrammarRegistry, transform: CompiledTransform, source: string): TransformResult {
  const parser = registry.sharedParser(transform.grammarId);
  if (!parser) throw new Error(`grammar ${transform.grammarId} is not loaded`);
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    const all = collectEdits(transform, tree);
    const { roots, skipped: clashes } = nest(all);
    const starts = lfLineStarts(source);
    const tally = { used: 0, dropped: 0 };
    const edits: TransformEdit[] = [];
    const rendered = roots.map((e) => {
      const r = renderEdit(e, source);
      tally.used += r.used;
      tally.dropped += r.dropped;
      return r.text;
    });
    let after = '';
    let at = 0;
    roots.forEach((e, i) => {
      after += source.slice(at, e.start) + rendered[i]!;
      at = e.end;
      edits.push({ startIndex: e.start, endIndex: e.end, start: positionAt(starts, e.start), end: positionAt(starts, e.end), oldText: source.slice(e.start, e.end), newText: rendered[i]! });
    });
    after += source.slice(at);
    const refusals = shorthandRefusals(tree, all, source, starts);
    // The tree of `source` serves the before side; an unchanged text needs no second parse.
    const validation = after === source ? unchangedReport(transform.grammarId, source, tree) : validateEditSync(registry, transform.grammarId, source, after, tree);
    return { edits, matchCount: tally.used, skipped: clashes + tally.dropped, before: source, after, validation, refusals };
  } finally {
    tree.delete();
  }
}

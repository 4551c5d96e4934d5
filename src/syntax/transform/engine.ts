// The transform engine: run a tree-sitter query over a file, replace each match
// with the rewrite template, and validate the result.
//
// What a match replaces: the node captured as `@match` if the query has that
// capture, otherwise the smallest node containing all of the match's captures.
// Overlaps: matches are taken outermost first (earliest start, then longest);
// a match overlapping one already taken is skipped and counted in `skipped`
// (run the transform again to reach nested matches). Edits are applied bottom-up.
import { Query } from 'web-tree-sitter';
import type { Language, Node, QueryMatch, Tree } from 'web-tree-sitter';
import type { GrammarRegistry } from '../registry.ts';
import { pointAt } from '../text-edits.ts';
import { collectSyntaxProblems } from '../syntax-errors.ts';
import { diffProblems, validateEditSync } from '../validate.ts';
import type { ValidationReport } from '../validate.ts';
import { literalRequirements, mayMatch } from './prefilter.ts';
import type { LiteralRequirements } from './prefilter.ts';
import { parseTemplate, TemplateError } from './template.ts';
import type { TemplatePart } from './template.ts';

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
  matchCount: number;
  skipped: number;
  before: string;
  after: string;
  validation: ValidationReport;
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

export { TemplateError };

/** A compiled transform; delete() it when done (it owns a Query). */
export class CompiledTransform {
  readonly grammarId: string;
  readonly query: Query;
  readonly template: TemplatePart[];
  readonly #literals: LiteralRequirements;

  constructor(grammarId: string, language: Language, querySource: string, rewrite: string) {
    this.grammarId = grammarId;
    try {
      this.query = new Query(language, querySource);
    } catch (err) {
      const e = err as { message?: string; index?: number };
      throw new QueryCompileError(e.message ?? String(err), querySource, typeof e.index === 'number' ? e.index : 0);
    }
    try {
      this.template = parseTemplate(rewrite, this.query.captureNames);
    } catch (err) {
      this.query.delete();
      throw err;
    }
    this.#literals = literalRequirements(this.query, querySource);
  }

  /**
   * False when `text` lacks literals every match would need (see prefilter.ts), so
   * applyTransform would find no match; true means it may.
   */
  mayMatch(text: string): boolean {
    return mayMatch(this.#literals, text);
  }

  delete(): void {
    this.query.delete();
  }
}

export async function compileTransform(registry: GrammarRegistry, grammarId: string, query: string, rewrite: string): Promise<CompiledTransform> {
  const grammar = await registry.load(grammarId);
  if (!grammar) throw new Error(`no grammar for "${grammarId}" (known: ${registry.grammarIds.join(', ')})`);
  return new CompiledTransform(grammarId, grammar.language, query, rewrite);
}

function targetOf(match: QueryMatch): Node | undefined {
  const explicit = match.captures.find((c) => c.name === 'match');
  if (explicit) return explicit.node;
  if (match.captures.length === 0) return undefined;
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

function substitute(parts: readonly TemplatePart[], match: QueryMatch, source: string): string {
  let out = '';
  for (const part of parts) {
    if ('literal' in part) { out += part.literal; continue; }
    const nodes = match.captures.filter((c) => c.name === part.capture).map((c) => c.node);
    if (nodes.length === 0) continue;
    const start = Math.min(...nodes.map((n) => n.startIndex));
    const end = Math.max(...nodes.map((n) => n.endIndex));
    out += source.slice(start, end);
  }
  return out;
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
    // web-tree-sitter reports a quantified capture ((_)* @args) as one match per
    // node; matches of one pattern on the same target are merged back together.
    const byTarget = new Map<string, { node: Node; match: QueryMatch }>();
    for (const match of transform.query.matches(tree.rootNode)) {
      const node = targetOf(match);
      if (!node) continue;
      const key = `${match.patternIndex}:${node.startIndex}:${node.endIndex}`;
      const prev = byTarget.get(key);
      if (!prev) byTarget.set(key, { node, match });
      else {
        for (const c of match.captures) {
          if (!prev.match.captures.some((p) => p.name === c.name && p.node.startIndex === c.node.startIndex && p.node.endIndex === c.node.endIndex)) prev.match.captures.push(c);
        }
      }
    }
    const candidates = [...byTarget.values()];
    // Same node matched several ways (quantifiers): the match capturing most wins.
    candidates.sort((a, b) => a.node.startIndex - b.node.startIndex || b.node.endIndex - a.node.endIndex || b.match.captures.length - a.match.captures.length);
    const kept: { startIndex: number; endIndex: number; newText: string; node: Node }[] = [];
    let skipped = 0;
    let lastEnd = -1;
    for (const c of candidates) {
      const { startIndex, endIndex } = c.node;
      if (startIndex < lastEnd || (kept.length > 0 && startIndex === kept[kept.length - 1]!.startIndex)) {
        skipped++;
        continue;
      }
      kept.push({ startIndex, endIndex, newText: substitute(transform.template, c.match, source), node: c.node });
      lastEnd = endIndex;
    }
    let after = source;
    for (let i = kept.length - 1; i >= 0; i--) {
      const k = kept[i]!;
      after = after.slice(0, k.startIndex) + k.newText + after.slice(k.endIndex);
    }
    const edits = kept.map((k): TransformEdit => {
      const s = k.node.startPosition;
      const e = k.node.endPosition;
      return { startIndex: k.startIndex, endIndex: k.endIndex, start: { line: s.row, character: s.column }, end: { line: e.row, character: e.column }, oldText: source.slice(k.startIndex, k.endIndex), newText: k.newText };
    });
    // The tree of `source` serves the before side; an unchanged text needs no second parse.
    const validation = after === source ? unchangedReport(transform.grammarId, source, tree) : validateEditSync(registry, transform.grammarId, source, after, tree);
    return { edits, matchCount: candidates.length, skipped, before: source, after, validation };
  } finally {
    tree.delete();
  }
}

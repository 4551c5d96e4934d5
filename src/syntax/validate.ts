// Edit validation: which syntax problems did an edit introduce? tree-sitter's
// ERROR/MISSING nodes for every grammar, plus a real parser's errors for
// JS/TS/TSX and JSON (strict-parse.ts). Problems that existed before the edit
// (mapped through the changed region) are not blamed on it.
import type { Tree } from 'web-tree-sitter';
import type { GrammarRegistry } from './registry.ts';
import { resolveGrammarName } from './languages.ts';
import { collectSyntaxProblems } from './syntax-errors.ts';
import { loadStrictParser, strictProblems } from './strict-parse.ts';
import type { SyntaxProblem } from './syntax-errors.ts';

export type { SyntaxProblem, Position } from './syntax-errors.ts';

export interface ValidationReport {
  /** True when the edit introduced no syntax problems (or the language has no grammar). */
  ok: boolean;
  /** False when the language has no grammar: the text was not checked. */
  checked: boolean;
  grammarId: string | undefined;
  /** Problems in the new text that the edit introduced, positions in the new text. */
  introduced: SyntaxProblem[];
  /** How many problems were already there before the edit and remain. */
  preexisting: number;
  /** Whether a real parser (TypeScript, JSON) checked it too, besides tree-sitter. */
  strict?: boolean;
}

/** [prefix, suffix] lengths the two texts share, never overlapping. */
function commonEnds(a: string, b: string): [number, number] {
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return [p, s];
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Compares problem lists of two parses of `before` and `after`. */
export function diffProblems(before: string, beforeProblems: SyntaxProblem[], after: string, afterProblems: SyntaxProblem[]): { introduced: SyntaxProblem[]; preexisting: number } {
  const [p, s] = commonEnds(before, after);
  const delta = after.length - before.length;
  const byPosition = new Map<string, number>();
  const byText = new Map<string, number>();
  const byLine = new Map<string, number>();
  const lineDelta = countLines(after) - countLines(before);
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const take = (m: Map<string, number>, k: string) => {
    const n = m.get(k) ?? 0;
    if (n > 0) m.set(k, n - 1);
    return n > 0;
  };
  for (const b of beforeProblems) {
    bump(byText, `${b.kind}|${b.nodeType}|${before.slice(b.startIndex, b.endIndex)}`);
    if (b.endIndex <= p) {
      bump(byPosition, `${b.kind}|${b.nodeType}|${b.startIndex}|${b.endIndex}`);
      bump(byLine, String(b.start.line));
    } else if (b.startIndex >= before.length - s) {
      bump(byPosition, `${b.kind}|${b.nodeType}|${b.startIndex + delta}|${b.endIndex + delta}`);
      bump(byLine, String(b.start.line + lineDelta));
    }
  }
  const introduced: SyntaxProblem[] = [];
  let preexisting = 0;
  for (const a of afterProblems) {
    const textKey = `${a.kind}|${a.nodeType}|${after.slice(a.startIndex, a.endIndex)}`;
    if (take(byPosition, `${a.kind}|${a.nodeType}|${a.startIndex}|${a.endIndex}`)) {
      take(byText, textKey);
      preexisting++;
    } else if (a.endIndex <= p || a.startIndex >= after.length - s
      ? take(byText, textKey) || take(byLine, String(a.start.line))
      : false) {
      // Error recovery can re-shape an old problem outside the edited region (same text
      // or same line as a problem that was already there): not the edit's fault.
      preexisting++;
    } else {
      introduced.push(a);
    }
  }
  return { introduced, preexisting };
}

/**
 * Synchronous variant for a grammar that is already loaded; optional tree of
 * `before` saves a parse. The strict parser runs when it is loaded
 * (loadStrictParser; validateEdit loads it). A result with no problems at all
 * costs one parse of each kind: `before` is parsed only to excuse problems.
 */
export function validateEditSync(registry: GrammarRegistry, grammarId: string, before: string, after: string, beforeTree?: Tree): ValidationReport {
  const parser = registry.sharedParser(grammarId);
  if (!parser) return { ok: true, checked: false, grammarId: undefined, introduced: [], preexisting: 0 };
  const newTree = parser.parse(after);
  let oldTree: Tree | null | undefined = beforeTree;
  try {
    if (!newTree) throw new Error('tree-sitter returned no tree');
    const strictAfter = strictProblems(grammarId, after);
    const strict = strictAfter !== undefined;
    let introduced: SyntaxProblem[] = [];
    let preexisting = 0;
    if (newTree.rootNode.hasError) {
      oldTree ??= parser.parse(before);
      if (!oldTree) throw new Error('tree-sitter returned no tree');
      ({ introduced, preexisting } = diffProblems(before, collectSyntaxProblems(oldTree), after, collectSyntaxProblems(newTree)));
    }
    if (strictAfter?.length) {
      const r = diffProblems(before, strictProblems(grammarId, before) ?? [], after, strictAfter);
      // One mistake often shows in both parsers: report tree-sitter's where they overlap.
      introduced.push(...r.introduced.filter((p) => !introduced.some((q) => q.startIndex <= p.endIndex && p.startIndex <= q.endIndex)));
      introduced.sort((a, b) => a.startIndex - b.startIndex);
      preexisting += r.preexisting;
    }
    return { ok: introduced.length === 0, checked: true, grammarId, introduced, preexisting, strict };
  } finally {
    if (!beforeTree) oldTree?.delete();
    newTree?.delete();
  }
}

/**
 * Reports the ERROR/MISSING nodes that turning `before` into `after` introduced.
 * `lang` is a grammar id, VS Code languageId or file extension; unknown languages
 * are reported as unchecked (ok, checked: false) rather than as errors.
 */
export async function validateEdit(registry: GrammarRegistry, lang: string, before: string, after: string): Promise<ValidationReport> {
  const grammarId = resolveGrammarName(lang);
  if (!grammarId || !registry.has(grammarId)) return { ok: true, checked: false, grammarId: undefined, introduced: [], preexisting: 0 };
  await Promise.all([registry.load(grammarId), loadStrictParser(grammarId)]);
  return validateEditSync(registry, grammarId, before, after);
}

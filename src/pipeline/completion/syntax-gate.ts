// The rule that a completion never introduces a parse error: the window text
// with the completion inserted is parsed with tree-sitter and compared with the
// window without it. Problems already there are not blamed on the completion.
// The window is parsed once. Each candidate (the completion, then perhaps its
// first line) is first tried as an insertion into that tree, reparsed
// incrementally: a clean result is accepted at about half the cost of a fresh
// parse. Error recovery can shape broken text differently when reparsing, so a
// candidate with problems is judged (and described) by a fresh parse, exactly as
// before. For JS/TS/TSX and JSON a clean candidate is also parsed by the real
// parser (strict-parse.ts) once it has loaded (loading starts at the first
// completion), which tree-sitter's recovery would let through (`foo(, x)`).
import type { Tree } from 'web-tree-sitter';
import {
  applyChange, collectSyntaxProblems, diffProblems, hasStrictParser, loadStrictParser, strictParserReady, strictProblems, validateEditSync,
  type GrammarRegistry, type SyntaxProblem,
} from '../../syntax/index.ts';

export interface GateInput {
  registry: GrammarRegistry;
  /** Grammar id of the document; undefined means plain text (nothing to check). */
  grammarId: string | undefined;
  prefix: string;
  suffix: string;
}

export type GateResult =
  | { ok: true; text: string; checked: boolean }
  | { ok: false; message: string };

type Parser = NonNullable<ReturnType<GrammarRegistry['sharedParser']>>;

/** The window without the completion, parsed once for every candidate. */
interface Window { parser: Parser; before: string; tree: Tree; problems: SyntaxProblem[]; strictBefore?: SyntaxProblem[] }

function parseWindow(input: GateInput): Window | undefined {
  if (!input.grammarId || !input.registry.loaded(input.grammarId)) return undefined;
  const parser = input.registry.sharedParser(input.grammarId);
  if (!parser) return undefined;
  const before = input.prefix + input.suffix;
  const tree = parser.parse(before);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return { parser, before, tree, problems: collectSyntaxProblems(tree) };
}

/** Whether the completion leaves the window's problems as they were, by an incremental reparse. */
function cleanIncrementally(input: GateInput, win: Window, completion: string): boolean {
  const { text: after, edit } = applyChange(win.before, { rangeOffset: input.prefix.length, rangeLength: 0, text: completion });
  const old = win.tree.copy();
  old.edit(edit);
  const tree = win.parser.parse(after, old);
  try {
    return tree !== null && diffProblems(win.before, win.problems, after, collectSyntaxProblems(tree)).introduced.length === 0;
  } finally {
    old.delete();
    tree?.delete();
  }
}

/** The real parser's first new error with the completion in place, if it is loaded. */
function strictIntroduces(input: GateInput, win: Window, completion: string): SyntaxProblem | undefined {
  const grammarId = input.grammarId!;
  if (!strictParserReady(grammarId)) {
    if (hasStrictParser(grammarId)) void loadStrictParser(grammarId).catch(() => undefined);
    return undefined;
  }
  const after = input.prefix + completion + input.suffix;
  const problems = strictProblems(grammarId, after) ?? [];
  if (problems.length === 0) return undefined;
  win.strictBefore ??= strictProblems(grammarId, win.before) ?? [];
  return diffProblems(win.before, win.strictBefore, after, problems).introduced[0];
}

function introduces(input: GateInput, win: Window, completion: string): { bad: boolean; message: string } {
  if (cleanIncrementally(input, win, completion)) {
    const strict = strictIntroduces(input, win, completion);
    if (!strict) return { bad: false, message: '' };
    return { bad: true, message: `the completion would introduce a syntax error (${strict.message})` };
  }
  const report = validateEditSync(input.registry, input.grammarId!, win.before, input.prefix + completion + input.suffix, win.tree);
  const first = report.introduced[0];
  const message = first ? `the completion would introduce ${report.introduced.length} parse error(s) (${first.kind} ${first.nodeType} at line ${first.start.line + 1})` : '';
  return { bad: !report.ok, message };
}

/**
 * Checks a cleaned completion. A multi-line completion that breaks the syntax
 * falls back to its first line when that alone is clean.
 */
export function gateCompletion(input: GateInput, completion: string): GateResult {
  const win = parseWindow(input);
  if (!win) return { ok: true, text: completion, checked: false };
  try {
    const full = introduces(input, win, completion);
    if (!full.bad) return { ok: true, text: completion, checked: true };
    const nl = completion.indexOf('\n');
    const firstLine = nl > 0 ? completion.slice(0, nl).trimEnd() : '';
    if (firstLine.trim() !== '' && !introduces(input, win, firstLine).bad) return { ok: true, text: firstLine, checked: true };
    return { ok: false, message: full.message };
  } finally {
    win.tree.delete();
  }
}

// The strict half of the syntax gate. tree-sitter's error recovery accepts some
// invalid JavaScript and TypeScript with no ERROR node (`foo(, ctx)` parses like
// an array hole), so those languages are also parsed by the TypeScript compiler,
// and JSON by a real JSON parse. TypeScript is large (~9 MB of JS), so it is
// imported on first use (a lazy bundle of its own, like the SDKs) and the sync
// check simply reports "not loaded" until then.
import type * as TS from 'typescript';
import type { SyntaxProblem } from './syntax-errors.ts';
import { pointAt } from './text-edits.ts';

type Ts = typeof TS;
let ts: Ts | undefined;
let loading: Promise<void> | undefined;
let loadError: Error | undefined;

type StrictKind = 'js' | 'ts' | 'tsx' | 'json';
const KINDS: Record<string, StrictKind> = { javascript: 'js', typescript: 'ts', tsx: 'tsx', json: 'json' };

/** Whether `grammarId` has a strict parser at all. */
export function hasStrictParser(grammarId: string): boolean {
  return KINDS[grammarId] !== undefined;
}

/** Loads what the grammar's strict check needs (TypeScript for JS/TS/TSX and JSONC); resolves at once for others. */
export async function loadStrictParser(grammarId: string): Promise<void> {
  if (!hasStrictParser(grammarId) || ts) return;
  // A TypeScript that fails to load leaves tree-sitter's check standing (and says why), rather than failing every edit.
  loading ??= import('typescript').then((m) => {
    const mod = m as Ts & { default?: Ts };
    ts = mod.default ?? mod;
  }, (err: unknown) => {
    loadError = err instanceof Error ? err : new Error(String(err));
  });
  await loading;
}

/** Why the strict parser could not be loaded, if it could not (for the log). */
export function strictParserError(): Error | undefined {
  return loadError;
}

/** Whether strictProblems can run now, synchronously. JSON needs nothing loaded. */
export function strictParserReady(grammarId: string): boolean {
  const kind = KINDS[grammarId];
  return kind === 'json' || (kind !== undefined && ts !== undefined);
}

function problem(text: string, start: number, length: number, code: string, message: string): SyntaxProblem {
  const s = pointAt(text, start);
  const e = pointAt(text, start + length);
  return {
    kind: 'error', nodeType: code, startIndex: start, endIndex: start + length,
    start: { line: s.row, character: s.column }, end: { line: e.row, character: e.column },
    message: `${message} at ${s.row + 1}:${s.column + 1}`,
  };
}

function tsProblems(t: Ts, text: string, kind: StrictKind): SyntaxProblem[] {
  const scriptKind = kind === 'ts' ? t.ScriptKind.TS : kind === 'tsx' ? t.ScriptKind.TSX : kind === 'json' ? t.ScriptKind.JSON : t.ScriptKind.JSX;
  const name = kind === 'ts' ? 'edit.ts' : kind === 'tsx' ? 'edit.tsx' : kind === 'json' ? 'edit.json' : 'edit.jsx';
  const file = kind === 'json' ? t.parseJsonText(name, text) : t.createSourceFile(name, text, t.ScriptTarget.Latest, false, scriptKind);
  // parseDiagnostics is what `tsc --noEmit` reports as syntax errors (TS1xxx), before any type checking.
  const diags = (file as unknown as { parseDiagnostics?: readonly TS.Diagnostic[] }).parseDiagnostics ?? [];
  return diags.map((d) => problem(text, d.start ?? 0, d.length ?? 0, `TS${d.code}`, t.flattenDiagnosticMessageText(d.messageText, ' ')));
}

function jsonProblems(text: string): SyntaxProblem[] {
  try {
    JSON.parse(text);
    return [];
  } catch (err) {
    // JSONC (comments, trailing commas: tsconfig.json, settings.json) is judged by TypeScript's JSON parser.
    if (ts) return tsProblems(ts, text, 'json');
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    const offset = at ? Math.min(Number(at[1]), text.length) : text.length;
    return [problem(text, offset, 0, 'JSON', `invalid JSON (${message.split('\n')[0]})`)];
  }
}

/**
 * Syntax errors a real parser finds in `text`, or undefined when the grammar has
 * no strict parser or it is not loaded yet (see loadStrictParser).
 */
export function strictProblems(grammarId: string, text: string): SyntaxProblem[] | undefined {
  const kind = KINDS[grammarId];
  if (!kind) return undefined;
  if (kind === 'json') return jsonProblems(text);
  return ts ? tsProblems(ts, text, kind) : undefined;
}

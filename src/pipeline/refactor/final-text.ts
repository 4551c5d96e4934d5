// The one function that turns a plan into each file's final text. Both faces
// use its result: the CLI writes it, VS Code derives its WorkspaceEdit from
// original -> final (file-changes.ts). Pure: files are read through `read`.
import { applyHunk } from './hunks.ts';
import type { PlanOperation } from './plan-schema.ts';

/** One operation of the plan, resolved against the files as they are at that step. */
export type PlanStep =
  | { kind: 'modify'; path: string; before: string; after: string }
  | { kind: 'create'; path: string; content: string }
  | { kind: 'rename'; path: string; newPath: string }
  | { kind: 'delete'; path: string };

/**
 * A path the plan touches: its text before (undefined: did not exist) and after
 * (undefined: gone). `from` names the original path whose file moved here.
 */
export interface FileOutcome { path: string; before?: string; after?: string; from?: string }

/** What reading an original file gave: its text, nothing there, or why it may not be touched. */
export type OriginalText = string | undefined | { refused: string };

export interface PlanProblem { kind: 'path' | 'anchor'; message: string }

export interface FinalTexts {
  steps: PlanStep[];
  files: FileOutcome[];
  /** Hunks that only matched with the whitespace-tolerant fallback. */
  fuzzyHunks: number;
  problems: PlanProblem[];
}

/** A file's text at this step; `origin` is the original path it came from; `crlf` its line-end style. */
interface Entry { text: string | undefined; origin?: string; crlf?: boolean }

const isCrlf = (text: string) => text.includes('\r\n');

/**
 * Applies the operations in order to the files `read` supplies. `pathProblem`
 * vets every path first (workspace rules); an operation with a problem is skipped
 * and reported, so the caller sees every problem at once.
 */
export function planFinalTexts(
  operations: readonly PlanOperation[],
  read: (rel: string) => OriginalText,
  pathProblem: (rel: string) => string | undefined = () => undefined,
): FinalTexts {
  const problems: PlanProblem[] = [];
  const state = new Map<string, Entry>();
  const originals = new Map<string, string | undefined>();
  const current = (rel: string): Entry | string => {
    const known = state.get(rel);
    if (known) return known;
    const got = read(rel);
    if (typeof got === 'object') return got.refused;
    originals.set(rel, got);
    return got === undefined ? { text: undefined } : { text: got, origin: rel, crlf: isCrlf(got) };
  };
  const steps: PlanStep[] = [];
  let fuzzyHunks = 0;
  const anchor = (message: string) => problems.push({ kind: 'anchor', message });

  operations.forEach((op, i) => {
    const where = `operation ${i + 1} (${op.kind} ${op.path})`;
    const paths = op.kind === 'rename' ? [op.path, op.newPath] : [op.path];
    const unsafe = paths.map((p) => [p, pathProblem(p)] as const).filter(([, why]) => why);
    if (unsafe.length) { for (const [p, why] of unsafe) problems.push({ kind: 'path', message: `${where}: path "${p}" ${why}` }); return; }
    const entry = current(op.path);
    if (typeof entry === 'string') { problems.push({ kind: 'path', message: `${where}: ${op.path} ${entry}` }); return; }
    switch (op.kind) {
      case 'modify': {
        if (entry.text === undefined) { anchor(`${where}: the file does not exist (use create for new files)`); return; }
        let text = entry.text;
        for (const [h, hunk] of op.hunks.entries()) {
          const r = applyHunk(text, hunk.search, hunk.replace, entry.crlf ?? isCrlf(entry.text));
          if (!r.ok) { anchor(`${where}, hunk ${h + 1}: ${r.message}`); return; }
          if (r.fuzzy) fuzzyHunks++;
          text = r.text;
        }
        steps.push({ kind: 'modify', path: op.path, before: entry.text, after: text });
        state.set(op.path, { ...entry, text });
        return;
      }
      case 'create':
        if (entry.text !== undefined) { anchor(`${where}: the file already exists (use modify)`); return; }
        steps.push({ kind: 'create', path: op.path, content: op.content });
        state.set(op.path, { text: op.content, crlf: isCrlf(op.content) });
        return;
      case 'delete':
        if (entry.text === undefined) { anchor(`${where}: the file does not exist`); return; }
        steps.push({ kind: 'delete', path: op.path });
        state.set(op.path, { text: undefined });
        return;
      case 'rename': {
        if (entry.text === undefined) { anchor(`${where}: the file does not exist`); return; }
        if (op.newPath === op.path) { anchor(`${where}: the new path is the same as the old one`); return; }
        const target = current(op.newPath);
        if (typeof target === 'string') { problems.push({ kind: 'path', message: `${where}: ${op.newPath} ${target}` }); return; }
        if (target.text !== undefined) { anchor(`${where}: ${op.newPath} already exists`); return; }
        steps.push({ kind: 'rename', path: op.path, newPath: op.newPath });
        state.set(op.newPath, entry);
        state.set(op.path, { text: undefined });
        return;
      }
    }
  });

  const files: FileOutcome[] = [];
  // A path whose file moved away has an outcome even when new text equal to the old one took its place.
  const movedAway = new Set([...state].flatMap(([path, e]) => (e.origin !== undefined && e.origin !== path ? [e.origin] : [])));
  for (const [path, entry] of state) {
    const before = originals.get(path);
    const from = entry.origin !== undefined && entry.origin !== path ? entry.origin : undefined;
    if (entry.text === before && from === undefined && !movedAway.has(path)) continue;
    files.push({ path, ...(before !== undefined ? { before } : {}), ...(entry.text !== undefined ? { after: entry.text } : {}), ...(from ? { from } : {}) });
  }
  return { steps, files, fuzzyHunks, problems };
}

/** The text a file's final content is compared with: its moved-from original, else what was at its path. */
export function baseText(files: readonly FileOutcome[], f: FileOutcome): string | undefined {
  if (f.from === undefined) return f.before;
  return files.find((o) => o.path === f.from)?.before;
}

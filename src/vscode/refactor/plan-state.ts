// Where the files of a checked plan stand, read through a PlanWorkspace (disk plus
// open buffers). No vscode import: the refactor preview answers only "something
// was applied", so what landed is read back and compared with the plan.
import type { FileOutcome } from '../../pipeline/refactor/final-text.ts';
import type { PlanWorkspace } from '../../pipeline/refactor/plan-workspace.ts';

type Reader = Pick<PlanWorkspace, 'read'>;

/** Whether `rel` now holds `text` (undefined: no file there). */
function holds(ws: Reader, rel: string, text: string | undefined): boolean {
  const now = ws.read(rel);
  return text === undefined ? now.kind === 'missing' : now.kind === 'text' && now.text === text;
}

/**
 * Files that changed since the plan was checked: applying then would lose those
 * edits. Each path is compared with what it was when checked (a moved file at
 * its old path; a path that did not exist must still not exist).
 */
export function staleFiles(ws: Reader, files: readonly FileOutcome[]): string[] {
  return files.filter((f) => !holds(ws, f.path, f.before)).map((f) => f.path);
}

/** What became of a plan after the user's answer: every file as planned, some changed, or none. */
export interface PlanLanded {
  event: 'applied' | 'partly_applied' | 'rejected';
  /** applied, rejected: the plan's files; partly_applied: the files that changed. */
  files: string[];
}

export function planLanded(ws: Reader, files: readonly FileOutcome[]): PlanLanded {
  const changed = staleFiles(ws, files);
  const all = files.map((f) => f.path);
  if (changed.length === 0) return { event: 'rejected', files: all };
  if (files.every((f) => holds(ws, f.path, f.after))) return { event: 'applied', files: all };
  return { event: 'partly_applied', files: changed };
}

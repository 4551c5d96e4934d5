// Writes a checked plan's results to disk for the headless CLI: every new text
// is staged in a temporary file first, then moved into place; if any step
// fails, the files already changed are put back, so a plan lands whole or not at all.
// A file keeps its mode (a script stays executable), a moved file its old one.
import { chmodSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileOutcome } from './final-text.ts';

function modeOf(path: string): number | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat?.isFile() ? stat.mode & 0o7777 : undefined;
}

export function writeOutcomes(root: string, files: readonly FileOutcome[]): void {
  const staged = new Map<string, string>(); // target -> temp
  const modes = new Map<string, number>(); // original modes, for writes and for putting files back
  const done: FileOutcome[] = [];
  const made = new Set<string>(); // directories ensured in this call: one mkdir each
  for (const f of files) {
    for (const rel of [f.path, f.from]) {
      if (rel === undefined || modes.has(rel)) continue;
      const mode = modeOf(join(root, rel));
      if (mode !== undefined) modes.set(rel, mode);
    }
  }
  try {
    for (const [i, f] of files.entries()) {
      if (f.after === undefined) continue;
      const target = join(root, f.path);
      const dir = dirname(target);
      if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
      const temp = `${target}.switchyard-${process.pid}-${i}.tmp`;
      writeFileSync(temp, f.after);
      const mode = modes.get(f.from ?? f.path);
      if (mode !== undefined) chmodSync(temp, mode);
      staged.set(target, temp);
    }
    for (const f of files) {
      const target = join(root, f.path);
      if (f.after === undefined) rmSync(target, { force: true });
      else renameSync(staged.get(target)!, target);
      done.push(f);
    }
  } catch (err) {
    for (const temp of staged.values()) rmSync(temp, { force: true });
    for (const f of done.reverse()) {
      const target = join(root, f.path);
      try {
        if (f.before === undefined) rmSync(target, { force: true });
        else {
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, f.before);
          const mode = modes.get(f.path);
          if (mode !== undefined) chmodSync(target, mode);
        }
      } catch { /* keep restoring the rest */ }
    }
    throw err;
  }
}

// Writes a checked plan's results to disk for the headless CLI: every new text
// is staged in a temporary file first, then moved into place; if any step
// fails, the files already changed are put back, so a plan lands whole or not at all.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileOutcome } from './check-plan.ts';

export function writeOutcomes(root: string, files: readonly FileOutcome[]): void {
  const staged: { target: string; temp: string }[] = [];
  const done: FileOutcome[] = [];
  const made = new Set<string>(); // directories ensured in this call: one mkdir each
  try {
    for (const [i, f] of files.entries()) {
      if (f.after === undefined) continue;
      const target = join(root, f.path);
      const dir = dirname(target);
      if (!made.has(dir)) { mkdirSync(dir, { recursive: true }); made.add(dir); }
      const temp = `${target}.switchyard-${process.pid}-${i}.tmp`;
      writeFileSync(temp, f.after);
      staged.push({ target, temp });
    }
    for (const f of files) {
      const target = join(root, f.path);
      if (f.after === undefined) rmSync(target, { force: true });
      else renameSync(staged.find((s) => s.target === target)!.temp, target);
      done.push(f);
    }
  } catch (err) {
    for (const s of staged) rmSync(s.temp, { force: true });
    for (const f of done.reverse()) {
      const target = join(root, f.path);
      try {
        if (f.before === undefined) rmSync(target, { force: true });
        else { mkdirSync(dirname(target), { recursive: true }); writeFileSync(target, f.before); }
      } catch { /* keep restoring the rest */ }
    }
    throw err;
  }
}

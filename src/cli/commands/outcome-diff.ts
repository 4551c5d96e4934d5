// Diffs of whole-file outcomes (before/after texts) for dry runs.
import type { FileOutcome } from '../../pipeline/refactor/final-text.ts';
import { unifiedDiff } from '../diff.ts';

/** One minimal replacement from `before` to `after`, cut at line starts so the diff reads well. */
function lineEdit(before: string, after: string): { startIndex: number; endIndex: number; newText: string } {
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  p = before.lastIndexOf('\n', p - 1) + 1;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  return { startIndex: p, endIndex: before.length - s, newText: after.slice(p, after.length - s) };
}

export function outcomeDiff(f: FileOutcome): string {
  if (f.before === undefined) return unifiedDiff(f.path, '', [{ startIndex: 0, endIndex: 0, newText: f.after ?? '' }]).replace(`--- a/${f.path}`, '--- /dev/null');
  if (f.after === undefined) return unifiedDiff(f.path, f.before, [{ startIndex: 0, endIndex: f.before.length, newText: '' }]).replace(`+++ b/${f.path}`, '+++ /dev/null');
  return unifiedDiff(f.path, f.before, [lineEdit(f.before, f.after)]);
}

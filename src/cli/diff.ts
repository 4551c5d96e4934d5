// Unified diff built from known replacement edits (no general diff needed:
// the transform engine says exactly what changed).

import { lfLineStarts, lineOf } from '../core/line-index.ts';

export interface DiffEdit { startIndex: number; endIndex: number; newText: string }

interface Group { firstLine: number; lastLine: number; oldLines: string[]; newLines: string[] }

export function unifiedDiff(path: string, before: string, edits: readonly DiffEdit[], context = 3): string {
  if (edits.length === 0) return '';
  const starts = lfLineStarts(before);
  const oldAll = before.split('\n');
  const sorted = [...edits].sort((a, b) => a.startIndex - b.startIndex);
  // Group edits touching the same or adjacent lines, then render each group's lines.
  const spans: { first: number; last: number; edits: DiffEdit[] }[] = [];
  for (const e of sorted) {
    const first = lineOf(starts, e.startIndex);
    const last = lineOf(starts, Math.max(e.startIndex, e.endIndex - (e.endIndex > e.startIndex && before[e.endIndex - 1] === '\n' ? 1 : 0)));
    const prev = spans[spans.length - 1];
    if (prev && first <= prev.last) { prev.last = Math.max(prev.last, last); prev.edits.push(e); }
    else spans.push({ first, last, edits: [e] });
  }
  const groups: Group[] = spans.map((s) => {
    const from = starts[s.first]!;
    const to = s.last + 1 < starts.length ? starts[s.last + 1]! - 1 : before.length;
    let text = before.slice(from, to);
    for (const e of [...s.edits].reverse()) text = text.slice(0, e.startIndex - from) + e.newText + text.slice(Math.min(e.endIndex, to) - from);
    return { firstLine: s.first, lastLine: s.last, oldLines: oldAll.slice(s.first, s.last + 1), newLines: text.split('\n') };
  });
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let delta = 0;
  for (let i = 0; i < groups.length;) {
    // Merge groups whose context windows meet into one hunk.
    let j = i;
    while (j + 1 < groups.length && groups[j + 1]!.firstLine - groups[j]!.lastLine <= context * 2 + 1) j++;
    const hunkStart = Math.max(0, groups[i]!.firstLine - context);
    const hunkEnd = Math.min(oldAll.length - 1, groups[j]!.lastLine + context);
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    let line = hunkStart;
    for (let k = i; k <= j; k++) {
      const g = groups[k]!;
      for (; line < g.firstLine; line++) { body.push(` ${oldAll[line]}`); oldCount++; newCount++; }
      for (const l of g.oldLines) { body.push(`-${l}`); oldCount++; }
      for (const l of g.newLines) { body.push(`+${l}`); newCount++; }
      line = g.lastLine + 1;
    }
    for (; line <= hunkEnd; line++) { body.push(` ${oldAll[line]}`); oldCount++; newCount++; }
    out.push(`@@ -${hunkStart + 1},${oldCount} +${hunkStart + 1 + delta},${newCount} @@`, ...body);
    delta += newCount - oldCount;
    i = j + 1;
  }
  return `${out.join('\n')}\n`;
}

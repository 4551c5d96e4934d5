// Search/replace hunks as a careful model writes them: each changed line with
// just enough neighbouring lines to occur exactly once in the file.

export interface Hunk { search: string; replace: string }

const count = (text: string, part: string) => {
  let n = 0;
  for (let i = text.indexOf(part); i !== -1; i = text.indexOf(part, i + 1)) n++;
  return n;
};

/** Hunks turning `before` into `after`, which must have the same number of lines (a line-for-line change). */
export function lineHunks(before: string, after: string): Hunk[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) throw new Error('lineHunks needs a line-for-line change');
  const changed = a.map((l, i) => l !== b[i]);
  const windows: [number, number][] = [];
  for (let i = 0; i < a.length; i++) {
    if (!changed[i]) continue;
    let [s, e] = [i, i];
    while (changed[e + 1]) e++;
    // Grow until the search text is unique (the whole file always is).
    while (count(before, a.slice(s, e + 1).join('\n')) !== 1 && (s > 0 || e < a.length - 1)) {
      if (s > 0) s--;
      if (e < a.length - 1) e++;
    }
    const last = windows.at(-1);
    if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
    else windows.push([s, e]);
    i = e;
  }
  return windows.map(([s, e]) => ({ search: a.slice(s, e + 1).join('\n'), replace: b.slice(s, e + 1).join('\n') }));
}

/** One hunk replacing a unique block of whole lines [from, to) of `text` with `replacement` lines. */
export function blockHunk(text: string, from: number, to: number, replacement: readonly string[]): Hunk {
  const a = text.split('\n');
  let [s, e] = [from, to];
  while (count(text, a.slice(s, e).join('\n')) !== 1 && (s > 0 || e < a.length)) {
    if (s > 0) s--;
    if (e < a.length) e++;
  }
  return { search: a.slice(s, e).join('\n'), replace: [...a.slice(s, from), ...replacement, ...a.slice(to, e)].join('\n') };
}

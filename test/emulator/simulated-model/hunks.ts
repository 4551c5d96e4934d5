// Search/replace hunks as a careful model writes them: each changed line with
// just enough neighbouring lines to occur exactly once in the file.

export interface Hunk { search: string; replace: string }

const count = (text: string, part: string) => {
  // An empty search matches everywhere: it must grow too.
  if (part === '') return Infinity;
  let n = 0;
  for (let i = text.indexOf(part); i !== -1; i = text.indexOf(part, i + 1)) n++;
  return n;
};

/**
 * Hunks turning `before` into `after`, which must have the same number of lines
 * (a line-for-line change). Hunks apply in order, so each search is unique in
 * the text as the hunks before it left it.
 */
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
    const last = windows.at(-1);
    if (last && s <= last[1] + 1) s = last[0];
    // Grow until the search is unique in the text as earlier hunks leave it (the whole file always is).
    for (;;) {
      const current = [...b.slice(0, s), ...a.slice(s)].join('\n');
      if (count(current, a.slice(s, e + 1).join('\n')) === 1 || (s === 0 && e === a.length - 1)) break;
      if (s > 0) s--;
      if (e < a.length - 1) e++;
    }
    while (windows.length && s <= windows.at(-1)![1] + 1) s = Math.min(s, windows.pop()![0]);
    windows.push([s, e]);
    i = e;
  }
  return windows.map(([s, e]) => ({ search: a.slice(s, e + 1).join('\n'), replace: b.slice(s, e + 1).join('\n') }));
}

/** One hunk replacing the whole lines [from, to) of `text` with `replacement` lines. */
export function blockHunk(text: string, from: number, to: number, replacement: readonly string[]): Hunk {
  const a = text.split('\n');
  let [s, e] = [from, to];
  const grow = () => {
    if (e < a.length) e++;
    else if (s > 0) s--;
  };
  // Zero lines cannot be written as text: keep a neighbour so a deleted line takes its line break with it.
  if (replacement.length === 0) grow();
  while (count(text, a.slice(s, e).join('\n')) !== 1 && (s > 0 || e < a.length)) grow();
  return { search: a.slice(s, e).join('\n'), replace: [...a.slice(s, from), ...replacement, ...a.slice(to, e)].join('\n') };
}

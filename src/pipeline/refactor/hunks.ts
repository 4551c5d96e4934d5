// Search/replace hunks: the anchor must occur exactly once. When the exact
// text is not found, a whitespace-tolerant match over whole lines is tried
// (models often re-indent or trim the text they copy), still exactly once.

export type HunkResult =
  | { ok: true; text: string; start: number; end: number; fuzzy: boolean }
  | { ok: false; message: string };

function occurrences(text: string, search: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(search); i !== -1 && at.length < 3; i = text.indexOf(search, i + 1)) at.push(i);
  return at;
}

const norm = (line: string) => line.trim().replace(/\s+/g, ' ');

interface Line { start: number; end: number; norm: string }

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const raw = text.slice(start, end);
    out.push({ start, end: raw.endsWith('\r') ? end - 1 : end, norm: norm(raw) });
    if (nl === -1) return out;
    start = nl + 1;
  }
}

/** Where the search text's lines match the file's lines, ignoring whitespace differences. */
function fuzzyMatches(text: string, search: string): { start: number; end: number }[] {
  const wanted = search.split(/\r?\n/).map(norm);
  while (wanted.length && wanted[0] === '') wanted.shift();
  while (wanted.length && wanted[wanted.length - 1] === '') wanted.pop();
  if (wanted.length === 0) return [];
  const lines = linesOf(text);
  const found: { start: number; end: number }[] = [];
  for (let i = 0; i + wanted.length <= lines.length && found.length < 3; i++) {
    let all = true;
    for (let j = 0; j < wanted.length && all; j++) all = lines[i + j]!.norm === wanted[j];
    if (all) found.push({ start: lines[i]!.start, end: lines[i + wanted.length - 1]!.end });
  }
  return found;
}

/**
 * Applies one hunk to `text`. In a CRLF file (`crlf`: by default, whether `text`
 * has one; a plan passes the file's style from before its first edit) the search
 * and replacement are read with CRLF line ends (models write LF), so the file
 * keeps one line-end style, as an editor keeps it.
 */
export function applyHunk(text: string, search: string, replace: string, crlf = text.includes('\r\n')): HunkResult {
  if (crlf) {
    search = search.replace(/\r?\n/g, '\r\n');
    replace = replace.replace(/\r?\n/g, '\r\n');
  } else {
    search = search.replace(/\r\n/g, '\n');
    replace = replace.replace(/\r\n/g, '\n');
  }
  const exact = occurrences(text, search);
  if (exact.length === 1) {
    const start = exact[0]!;
    return { ok: true, start, end: start + search.length, fuzzy: false, text: text.slice(0, start) + replace + text.slice(start + search.length) };
  }
  if (exact.length > 1) return { ok: false, message: `the search text occurs ${exact.length === 3 ? '3 or more' : exact.length} times; include more surrounding lines so it is unique` };
  const loose = fuzzyMatches(text, search);
  if (loose.length === 1) {
    const { start, end } = loose[0]!;
    // The match covers whole lines: trim the replacement's outer blank lines to keep the shape.
    let body = replace.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/(?:\r?\n[ \t]*)+$/, '');
    if (crlf) body = body.replace(/\r?\n/g, '\r\n');
    return { ok: true, start, end, fuzzy: true, text: text.slice(0, start) + body + text.slice(end) };
  }
  if (loose.length > 1) return { ok: false, message: `the search text (ignoring whitespace) occurs ${loose.length === 3 ? '3 or more' : loose.length} times; include more surrounding lines so it is unique` };
  return { ok: false, message: 'the search text was not found (it must be copied exactly from the current file)' };
}

// Random multi-file plans for the property tests (unit and extension host).
// Each plan comes with its own expected result, computed here by plain
// splicing on a model of the files, independent of the code under test.
import fc from 'fast-check';
import type { PlanOperation } from '../../../../src/pipeline/refactor/plan-schema.ts';

export interface PlanCase {
  /** Files before the plan: path -> text. */
  files: Record<string, string>;
  operations: PlanOperation[];
  /** Files after the plan, as the model of it says. */
  expected: Record<string, string>;
}

const WORDS = ['a', 'b', 'ab', 'x = 1;', 'foo()', '{', '}', '  ', 'é', '😀', 'return x;', ''];

function lines(g: fc.GeneratorValue, max: number): string[] {
  const n = g(fc.integer, { min: 0, max });
  return Array.from({ length: n }, () => g(fc.array, fc.constantFrom(...WORDS), { maxLength: 3 }).join(' '));
}

/** Text with one line-end style; maybe without a final line end. */
function textOf(g: fc.GeneratorValue, eol: string, max = 8): string {
  const ls = lines(g, max);
  if (ls.length === 0) return '';
  return ls.join(eol) + (g(fc.boolean) ? eol : '');
}

const count = (hay: string, needle: string) => {
  let n = 0;
  for (let i = hay.indexOf(needle); i !== -1 && n < 2; i = hay.indexOf(needle, i + 1)) n++;
  return n;
};

/** Offsets that do not split a CRLF pair or a surrogate pair. */
function cuttable(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  const prev = text.charCodeAt(i - 1);
  const next = text.charCodeAt(i);
  if (prev === 13 && next === 10) return false;
  return !(prev >= 0xd800 && prev <= 0xdbff);
}

/** A hunk whose search occurs exactly once in `text` (CRLF pairs kept whole), or undefined. */
function pickHunk(g: fc.GeneratorValue, text: string, near: number | undefined, crlf: boolean): { search: string; replace: string; start: number; end: number; replaceInFile: string } | undefined {
  if (text.length === 0) return undefined;
  let start = near !== undefined && g(fc.boolean) ? Math.min(near, text.length - 1) : g(fc.integer, { min: 0, max: text.length - 1 });
  while (!cuttable(text, start)) start--;
  let end = Math.min(text.length, start + g(fc.integer, { min: 1, max: 12 }));
  while (!cuttable(text, end)) end++;
  // Grow until unique (overlapping-looking text is common with so few words).
  while (end <= text.length && count(text, text.slice(start, end)) > 1) {
    end++;
    while (!cuttable(text, end)) end++;
  }
  if (end > text.length || end <= start) return undefined;
  const found = text.slice(start, end);
  // A model writes LF; in a CRLF file the search may come either way.
  const search = crlf && g(fc.boolean) ? found.replace(/\r\n/g, '\n') : found;
  if (search.trim() === '' && search !== found) return undefined;
  const body = lines(g, 3).join('\n');
  const replace = g(fc.boolean) ? body : `${body}${g(fc.boolean) ? '\n' : ''}`;
  const replaceInFile = crlf ? replace.replace(/\n/g, '\r\n') : replace;
  return { search, replace, start, end, replaceInFile };
}

/** A generator of plan cases whose paths start with `prefix` (e.g. "prop/run1/"). */
export function planCase(prefix = ''): fc.Arbitrary<PlanCase> {
  return fc.gen().map((g) => {
    const pool = Array.from({ length: 6 }, (_, i) => `${prefix}d${i % 2}/f${i}.txt`);
    const files: Record<string, string> = {};
    const n = g(fc.integer, { min: 1, max: 4 });
    for (let i = 0; i < n; i++) files[pool[i]!] = textOf(g, g(fc.boolean) ? '\r\n' : '\n');
    const model = new Map(Object.entries(files));
    // A file's line-end style is set when it is first seen (as an editor sets it on load).
    const crlfOf = new Map([...model].map(([p, t]) => [p, t.includes('\r\n')]));
    const operations: PlanOperation[] = [];
    const steps = g(fc.integer, { min: 1, max: 7 });
    const free = () => pool.filter((p) => !model.has(p));
    const modify = (path: string) => {
      let text = model.get(path)!;
      const crlf = crlfOf.get(path)!;
      const hunks: { search: string; replace: string }[] = [];
      let near: number | undefined;
      const k = g(fc.integer, { min: 1, max: 4 });
      for (let h = 0; h < k; h++) {
        const hunk = pickHunk(g, text, near, crlf);
        if (!hunk) continue;
        hunks.push({ search: hunk.search, replace: hunk.replace });
        text = text.slice(0, hunk.start) + hunk.replaceInFile + text.slice(hunk.end);
        // The next hunk often starts right where this one ended (adjacent hunks).
        near = hunk.start + hunk.replaceInFile.length;
      }
      if (hunks.length === 0) return;
      operations.push({ kind: 'modify', path, hunks });
      model.set(path, text);
    };
    for (let s = 0; s < steps; s++) {
      const existing = [...model.keys()];
      const kind = g(fc.constantFrom, 'modify', 'modify', 'create', 'rename', 'delete');
      if (kind === 'modify' && existing.length) modify(g(fc.constantFrom, ...existing));
      else if (kind === 'create' && free().length) {
        const path = g(fc.constantFrom, ...free());
        const content = textOf(g, g(fc.boolean) ? '\r\n' : '\n', 4);
        operations.push({ kind: 'create', path, content });
        model.set(path, content);
        crlfOf.set(path, content.includes('\r\n'));
      } else if (kind === 'rename' && existing.length && free().length) {
        const path = g(fc.constantFrom, ...existing);
        const newPath = g(fc.constantFrom, ...free());
        operations.push({ kind: 'rename', path, newPath });
        model.set(newPath, model.get(path)!);
        crlfOf.set(newPath, crlfOf.get(path)!);
        model.delete(path);
        // The order the system prompt asks for: move, then edit at the new path.
        if (g(fc.boolean)) modify(newPath);
      } else if (kind === 'delete' && existing.length) {
        const path = g(fc.constantFrom, ...existing);
        operations.push({ kind: 'delete', path });
        model.delete(path);
      }
    }
    return { files, operations, expected: Object.fromEntries(model) };
  });
}

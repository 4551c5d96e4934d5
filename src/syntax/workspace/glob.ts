// files.exclude globs matched by the `ignore` package (gitignore semantics).
// Two differences are bridged here: a VS Code glob is anchored at the folder
// while a gitignore pattern without a slash matches at any depth (so `*.log`
// becomes `/*.log`; `**/x` stays as it is), and `ignore` has no brace sets,
// so `{a,b}` is expanded into one pattern per alternative first.
import ignore from 'ignore';

/** A guard against `{a,b}{c,d}…` blowing up: globs past this many alternatives are cut off. */
const MAX_EXPANSIONS = 256;

/** The first top-level `{…}` holding a top-level comma: [open, close, comma positions]. */
function braceSet(glob: string): { open: number; close: number; commas: number[] } | undefined {
  for (let open = 0; open < glob.length; open++) {
    if (glob[open] === '\\') { open++; continue; }
    if (glob[open] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = open; i < glob.length; i++) {
      const ch = glob[i];
      if (ch === '\\') { i++; continue; }
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        if (commas.length > 0) return { open, close: i, commas };
        break;
      } else if (ch === ',' && depth === 1) commas.push(i);
    }
  }
  return undefined;
}

/** `src/{a,b}/*.{ts,js}` → the four globs it stands for; a glob without a brace set comes back alone. */
export function expandBraces(glob: string): string[] {
  const set = braceSet(glob);
  if (!set) return [glob];
  const head = glob.slice(0, set.open);
  const tail = glob.slice(set.close + 1);
  const cuts = [set.open, ...set.commas, set.close];
  const out: string[] = [];
  for (let i = 0; i + 1 < cuts.length && out.length < MAX_EXPANSIONS; i++) {
    out.push(...expandBraces(head + glob.slice(cuts[i]! + 1, cuts[i + 1]) + tail));
  }
  return out.slice(0, MAX_EXPANSIONS);
}

/** One VS Code glob as gitignore lines: braces expanded, anchored at the folder, `!`/`#` taken literally. */
export function globToIgnoreLines(glob: string): string[] {
  return expandBraces(glob.replace(/^\.\//, '')).map((g) => {
    const anchored = g.startsWith('**/') || g.startsWith('/') ? g : `/${g}`;
    return anchored.replace(/^\/([!#])/, '/\\$1').replace(/ $/, '\\ ');
  });
}

/** Whether a folder-relative path (a directory when `isDir`) is excluded by any of the globs. */
export function compileExcludes(globs: readonly string[]): (rel: string, isDir: boolean) => boolean {
  if (globs.length === 0) return () => false;
  const rules = ignore().add(globs.flatMap(globToIgnoreLines));
  return (rel, isDir) => rules.ignores(isDir ? `${rel}/` : rel);
}

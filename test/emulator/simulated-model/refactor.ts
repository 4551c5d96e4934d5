// Simulated refactor plans in the extension's edit-plan shape: "rename X to Y"
// across the files the prompt carries, and "move function X to FILE" with the
// imports that follow it. A plan the model cannot make whole is a Refusal.
import { posix } from 'node:path';
import type { RefactorAsk, SentFile } from './prompt-reader.ts';
import { blockHunk, lineHunks, type Hunk } from './hunks.ts';
import { hasWord, replaceWord } from './code-text.ts';
import { cannot, notUnderstood, Refusal } from './understood.ts';
import { grammarOf, isJsFamily, withTree } from './syntax.ts';

type Operation =
  | { kind: 'modify'; path: string; hunks: Hunk[] }
  | { kind: 'create'; path: string; content: string };

export interface EditPlan { summary: string; operations: Operation[] }

/** Files the "Symbols mentioned" section says reference or define `name`. */
function filesMentioning(symbols: string, name: string): string[] {
  const block = new RegExp(`^${name.replace(/\$/g, '\\$')}:\\n((?:  .*\\n?)*)`, 'm').exec(symbols);
  if (!block) return [];
  return [...block[1]!.matchAll(/([^\s,]+?):\d+/g)].map((m) => m[1]!.replace(/^(defined|referenced)\s+/, ''));
}

function rename(ask: RefactorAsk, from: string, to: string): EditPlan {
  const touched = ask.files.filter((f) => hasWord(f.text, from));
  if (touched.length === 0) throw cannot('refactor', `none of the files it was sent mentions ${from}`);
  const unseen = [...new Set(filesMentioning(ask.symbols, from))].filter((p) => !ask.files.some((f) => f.path === p));
  if (unseen.length) throw cannot('refactor', `${from} is also used in ${unseen.join(', ')}, which the prompt did not include`);
  return {
    summary: `Renamed ${from} to ${to} in ${touched.length} file(s).`,
    operations: touched.map((f) => ({ kind: 'modify' as const, path: f.path, hunks: lineHunks(f.text, replaceWord(f.text, from, to)) })),
  };
}

const TOP_DECL = /^(export\s+)?(?:default\s+)?(?:declare\s+)?(?:async\s+)?(?:function\s*\*?|class|const|let|var|interface|type|enum)\s+([A-Za-z_$][\w$]*)/;
const IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+(['"])([^'"]+)\3;?\s*$/;
const noExt = (p: string) => p.replace(/\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/, '');

/** The import specifier for `target` as written from `fromFile`, in the style `like` uses. */
function specifier(fromFile: string, target: string, like: string): string {
  let rel = posix.relative(posix.dirname(fromFile), noExt(target));
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const ext = /\.(js|ts)$/.exec(like)?.[0] ?? '';
  return rel + ext;
}

/** Whether `spec`, imported by `importer`, names `file`. */
function resolvesTo(importer: string, spec: string, file: string): boolean {
  if (!spec.startsWith('.')) return false;
  return noExt(posix.join(posix.dirname(importer), spec)) === noExt(file);
}

/** Lines [from, to) of the top-level declaration of `name`, with the comments right above it. */
async function declarationLines(file: SentFile, name: string, grammar: string): Promise<[number, number] | undefined> {
  const lines = file.text.split('\n');
  const at = lines.findIndex((l) => TOP_DECL.exec(l)?.[2] === name);
  if (at < 0) return undefined;
  const end = await withTree(grammar, file.text, (tree) => tree.rootNode.children.find((n) => n !== null && n.startPosition.row <= at && n.endPosition.row >= at)?.endPosition.row);
  if (end === undefined) return undefined;
  let from = at;
  while (from > 0 && /^\s*(\/\/|\/\*|\*)/.test(lines[from - 1]!)) from--;
  return [from, end + 1];
}

async function move(ask: RefactorAsk, name: string, dest: string): Promise<EditPlan> {
  const home = ask.files.find((f) => f.text.split('\n').some((l) => TOP_DECL.exec(l)?.[2] === name));
  if (!home) throw cannot('refactor', `none of the files it was sent defines ${name}`);
  const grammar = grammarOf({ path: home.path });
  if (!isJsFamily(grammar)) throw cannot('refactor', 'moving a function is simulated for TypeScript and JavaScript files only');
  let target = dest.replace(/^\.\//, '');
  if (!target.includes('/')) target = posix.join(posix.dirname(home.path), target);
  if (!/\.\w+$/.test(target)) target += posix.extname(home.path);
  if (target === home.path) throw cannot('refactor', `${name} is already in ${target}`);
  const span = await declarationLines(home, name, grammar!);
  if (!span) throw cannot('refactor', `could not find where ${name} ends in ${home.path}`);
  const lines = home.text.split('\n');
  const decl = lines.slice(span[0], span[1]);
  const declText = decl.join('\n');
  const rest = [...lines.slice(0, span[0]), ...lines.slice(span[1])];
  const restText = rest.join('\n');
  const likeSpec = lines.map((l) => IMPORT.exec(l)?.[4]).find((s) => s?.startsWith('.')) ?? '';

  // What the moved code needs: names imported by its old file, and the old file's own exports.
  const needs: string[] = [];
  for (const l of lines) {
    const m = IMPORT.exec(l);
    if (!m) continue;
    const used = m[2]!.split(',').map((s) => s.trim()).filter((s) => s && hasWord(declText, s.split(/\s+as\s+/).pop()!));
    if (used.length) {
      const spec = m[4]!.startsWith('.') ? specifier(target, posix.join(posix.dirname(home.path), m[4]!), m[4]!) : m[4]!;
      needs.push(`import ${m[1] ?? ''}{ ${used.join(', ')} } from '${spec}';`);
    }
  }
  const ownUsed: string[] = [];
  for (const l of rest) {
    const m = TOP_DECL.exec(l);
    if (!m || m[2] === name || !hasWord(declText, m[2]!)) continue;
    if (!m[1]) throw cannot('refactor', `${name} uses ${m[2]}, which ${home.path} does not export`);
    ownUsed.push(m[2]!);
  }
  if (ownUsed.length) needs.push(`import { ${ownUsed.join(', ')} } from '${specifier(target, home.path, likeSpec)}';`);
  const exported = /^export\s/.test(decl.find((l) => TOP_DECL.test(l)) ?? '') ? decl : decl.map((l) => (TOP_DECL.exec(l)?.[2] === name ? `export ${l}` : l));

  const operations: Operation[] = [];
  const existing = ask.files.find((f) => f.path === target);
  if (existing) {
    const body = existing.text.replace(/\n*$/, '');
    const tLines = body.split('\n');
    const lastImport = tLines.reduce((n, l, i) => (/^import\s/.test(l) ? i : n), -1);
    const added = needs.filter((n) => !existing.text.includes(n));
    const next = [...tLines.slice(0, lastImport + 1), ...added, ...tLines.slice(lastImport + 1), '', ...exported, ''].join('\n');
    operations.push({ kind: 'modify', path: target, hunks: [{ search: body, replace: next.replace(/\n$/, '') }] });
  } else {
    operations.push({ kind: 'create', path: target, content: [...needs, ...(needs.length ? [''] : []), ...exported, ''].join('\n') });
  }

  // The old file loses the declaration (and a blank line beside it), and imports it back if it still uses it.
  let [from, to] = span;
  if (to < lines.length && lines[to]!.trim() === '' && (from === 0 || lines[from - 1]!.trim() === '')) to++;
  else if (from > 0 && lines[from - 1]!.trim() === '') from--;
  const homeLast = lines.reduce((n, l, i) => (/^import\s/.test(l) && i < from ? i : n), -1);
  const back = hasWord(restText, name) ? [`import { ${name} } from '${specifier(home.path, target, likeSpec)}';`] : [];
  const homeHunks: Hunk[] = [];
  if (back.length && homeLast >= 0) homeHunks.push(blockHunk(home.text, homeLast, homeLast + 1, [lines[homeLast]!, ...back]));
  homeHunks.push(blockHunk(home.text, from, to, []));
  if (back.length && homeLast < 0) homeHunks.unshift(blockHunk(home.text, 0, 1, [...back, '', lines[0]!]));
  operations.push({ kind: 'modify', path: home.path, hunks: homeHunks });

  // Everyone who imported it from the old file imports it from the new one.
  const importers: string[] = [];
  for (const f of ask.files) {
    if (f.path === home.path || f.path === target) continue;
    const fl = f.text.split('\n');
    const i = fl.findIndex((l) => { const m = IMPORT.exec(l); return m !== null && resolvesTo(f.path, m[4]!, home.path) && m[2]!.split(',').some((s) => s.trim() === name); });
    if (i < 0) continue;
    const m = IMPORT.exec(fl[i]!)!;
    const others = m[2]!.split(',').map((s) => s.trim()).filter((s) => s && s !== name);
    const fresh = `import ${m[1] ?? ''}{ ${name} } from '${specifier(f.path, target, m[4]!)}';`;
    const replacement = others.length ? [fl[i]!.replace(m[2]!, ` ${others.join(', ')} `), fresh] : [fresh];
    operations.push({ kind: 'modify', path: f.path, hunks: [blockHunk(f.text, i, i + 1, replacement)] });
    importers.push(f.path);
  }
  const unseen = [...new Set(filesMentioning(ask.symbols, name))].filter((p) => p !== home.path && !ask.files.some((f) => f.path === p));
  if (unseen.length) throw cannot('refactor', `${name} is also used in ${unseen.join(', ')}, which the prompt did not include`);
  const who = importers.length ? ` and updated the import in ${importers.join(', ')}` : '';
  return { summary: `Moved ${name} from ${home.path} to ${target}${who}.`, operations };
}

export async function simulateRefactor(ask: RefactorAsk): Promise<EditPlan | Refusal> {
  const i = ask.instruction;
  try {
    const ren = /\brename\s+(?:the\s+)?(?:function|class|method|variable|symbol|type|interface|constant)?\s*`?([A-Za-z_$][\w$]*)`?\s+to\s+`?([A-Za-z_$][\w$]*)`?/i.exec(i);
    if (ren) return rename(ask, ren[1]!, ren[2]!);
    const mv = /\bmove\s+(?:the\s+)?(?:function\s+)?`?([A-Za-z_$][\w$]*)`?(?:\(\))?\s+(?:in)?to\s+(?:the\s+)?(?:new\s+)?(?:file\s+)?`?([\w./-]+?)`?\.?$/i.exec(i.trim());
    if (mv) return await move(ask, mv[1]!, mv[2]!);
    return notUnderstood('refactor');
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
}

// The syntax benchmarks' corpus: real TypeScript from installed packages,
// copied into a temp folder so ignores and paths are ours; and the
// 10,000-file workspace made by repeating it.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const GRAMMARS = join(REPO, 'grammars');
/**
 * The index worker as it ships (the build's bundle), so its memory is what users get: the .ts source
 * under Node's type stripping measured 17-20 MB more RSS per worker. `npm run bench` builds first;
 * a bench run on its own builds only when the bundle is missing.
 */
export const WORKER = join(REPO, 'dist/syntax-worker.js');
if (!existsSync(WORKER)) execFileSync(process.execPath, [join(REPO, 'scripts/build.mjs')], { stdio: 'inherit' });
const SOURCES = ['openai/src', 'zod/src', 'typescript/lib'].map((p) => join(REPO, 'node_modules', p));

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

function listTs(dir: string, out: string[] = [], maxBytes = 1_000_000): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listTs(p, out, maxBytes);
    else if (/\.(ts|mts)$/.test(e.name) && statSync(p).size <= maxBytes) out.push(p);
  }
  return out;
}

/** The corpus's source files (absolute paths in node_modules). */
export const corpusFiles = (): string[] => SOURCES.flatMap((s) => listTs(s));

/** Copies the corpus into `dir` (50 folders). */
export function copyCorpus(files: readonly string[], dir: string): void {
  files.forEach((f, i) => {
    const to = join(dir, String(i % 50), `${i}-${f.split('/').pop()}`);
    mkdirSync(dirname(to), { recursive: true });
    cpSync(f, to);
  });
}

/** The 10,000-file workspace: the corpus repeated, `d<i % 100>/f<i>.ts`. */
export function copyTenK(files: readonly string[], dir: string): void {
  for (let i = 0; i < 10_000; i++) {
    const to = join(dir, `d${i % 100}`, `f${i}.ts`);
    if (i < 100) mkdirSync(dirname(to), { recursive: true });
    cpSync(files[i % files.length]!, to);
  }
}

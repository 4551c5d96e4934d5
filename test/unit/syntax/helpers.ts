// Shared test helpers: asset paths, real third-party files, temp workspaces.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const GRAMMARS = join(REPO, 'grammars');
export const NM = join(REPO, 'node_modules');
export const WORKER_SCRIPT = join(REPO, 'src/syntax/worker/index-worker.ts');
export const CLI = join(REPO, 'src/cli/main.ts');
/** CLI child processes run under the same network tripwire as the tests (test/net-tripwire.ts). */
export const TRIPWIRE_NODE_OPTIONS = `--import=${pathToFileURL(join(REPO, 'test/net-tripwire.ts')).href}`;

export function realFile(rel: string): string {
  return readFileSync(join(NM, rel), 'utf8');
}

export function tempDir(prefix = 'switchyard-syntax-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function copyInto(dir: string, fromNodeModules: string, to: string): void {
  mkdirSync(dirname(join(dir, to)), { recursive: true });
  cpSync(join(NM, fromNodeModules), join(dir, to));
}

export function write(dir: string, rel: string, text: string | Uint8Array): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

/** Small deterministic PRNG so failing random-edit cases can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

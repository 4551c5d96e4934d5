// Where the test harness finds things: the repo, the code-server cache, chromium.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const codeServerDir = join(repoRoot, '.cache', 'code-server', 'node_modules', 'code-server');
export const vscodeServerMain = join(codeServerDir, 'lib', 'vscode', 'out', 'server-main.js');
export const codeServerEntry = join(codeServerDir, 'out', 'node', 'entry.js');
export const artifactsDir = join(repoRoot, '.artifacts');
export const fixturesDir = join(repoRoot, 'test', 'fixtures');

export function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && existsSync(p)) return p;
  }
  throw new Error('chromium not found: install Debian\'s chromium (apt-get install chromium) or set CHROMIUM_PATH');
}

export function requireCodeServer(): void {
  if (!existsSync(vscodeServerMain)) {
    throw new Error('code-server is not installed: run scripts/fetch-code-server.sh');
  }
}

/** A fresh folder for one run, inside the repo's gitignored .tmp. */
export function makeRunDir(name: string): string {
  const base = join(repoRoot, '.tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${name}-`));
}

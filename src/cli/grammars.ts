// Finds the grammars directory: --grammars, then SWITCHYARD_GRAMMARS, then the
// first ancestor of the CLI's own directory holding grammars/manifest.json.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export function locateGrammars(ownDir: string, flag: string | undefined, env: Record<string, string | undefined>, cwd: string): string {
  const explicit = flag ?? env.SWITCHYARD_GRAMMARS;
  if (explicit) {
    const dir = resolve(cwd, explicit);
    if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`no manifest.json in grammars directory ${dir}`);
    return dir;
  }
  for (let dir = ownDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'grammars');
    if (existsSync(join(candidate, 'manifest.json'))) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`could not find grammars/manifest.json above ${ownDir}; pass --grammars DIR or set SWITCHYARD_GRAMMARS`);
}

// The workspace a file belongs to, for commands given only a file.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Nearest ancestor with .git, .switchyardignore or package.json; else the file's directory. */
export function findWorkspaceRoot(file: string): string {
  const start = dirname(file);
  for (let dir = start; ; dir = dirname(dir)) {
    if (['.git', '.switchyardignore', 'package.json'].some((m) => existsSync(join(dir, m)))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

// The workspace a file belongs to, for commands given only a file.
import { existsSync } from 'node:fs';
import { dirname, join, relative, isAbsolute } from 'node:path';

/**
 * Nearest ancestor with .git, .switchyardignore or package.json. Without one, the
 * folder the command runs in when the file is inside it (its .gitignore must
 * apply), else the file's own directory.
 */
export function findWorkspaceRoot(file: string, cwd?: string, exists: (path: string) => boolean = existsSync): string {
  const start = dirname(file);
  for (let dir = start; ; dir = dirname(dir)) {
    if (['.git', '.switchyardignore', 'package.json'].some((m) => exists(join(dir, m)))) return dir;
    if (dirname(dir) === dir) break;
  }
  if (cwd) {
    const rel = relative(cwd, file);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return cwd;
  }
  return start;
}

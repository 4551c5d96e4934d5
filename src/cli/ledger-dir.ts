// Where the CLI keeps its usage ledger. VS Code's own ledger is in the
// extension's global storage; point --ledger (or SWITCHYARD_LEDGER_DIR) there
// to read it from a terminal.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function resolveLedgerDir(flag: string | undefined, env: Record<string, string | undefined>, cwd: string): string {
  if (flag) return resolve(cwd, flag);
  if (env.SWITCHYARD_LEDGER_DIR?.trim()) return resolve(cwd, env.SWITCHYARD_LEDGER_DIR.trim());
  const data = env.XDG_DATA_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.local', 'share');
  return join(data, 'switchyard', 'ledger');
}

// The CLI's log: stderr, quiet by default (warnings and errors only, so scripts
// read just the result); SWITCHYARD_LOG=debug (or trace, info, off) or --verbose
// asks for more. --verbose wins over the environment.
import { createLogger, levelAtLeast, parseLogLevel, type LogLevel, type Logger } from '../core/log.ts';

export const DEFAULT_CLI_LOG_LEVEL: LogLevel = 'warn';

/** The threshold from the environment and the flag; a misspelt SWITCHYARD_LOG is an error, not silence. */
export function cliLogLevel(env: Readonly<Record<string, string | undefined>>, verbose: boolean): LogLevel | 'off' {
  if (verbose) return 'debug';
  const raw = env.SWITCHYARD_LOG;
  if (raw === undefined || raw.trim() === '') return DEFAULT_CLI_LOG_LEVEL;
  const level = parseLogLevel(raw);
  if (!level) throw new Error(`SWITCHYARD_LOG must be one of trace, debug, info, warn, error or off, not "${raw}"`);
  return level;
}

/** Lines as `<time> <level> [area] message`, each ending in a newline. */
export function createCliLogger(write: (text: string) => void, threshold: LogLevel | 'off', now = () => new Date()): Logger {
  return createLogger((level, line) => {
    if (threshold !== 'off' && levelAtLeast(level, threshold)) write(`${now().toISOString()} ${level} ${line}\n`);
  });
}

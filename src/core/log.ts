// The logger every floor writes to. Each face supplies the sink: VS Code's log
// channel (whose level follows "Developer: Set Log Level"), the CLI's stderr, a
// test's array. Lines carry counts, ids, models and outcomes: never prompt text,
// code, file contents or keys.

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  /** With an error, its stack (and causes) follow the message on the same entry. */
  warn(message: string, err?: unknown): void;
  error(message: string, err?: unknown): void;
  /** A logger for one area of the code; its lines start with `[area]` (nested: `[pipeline/completion]`). */
  child(area: string): Logger;
}

/** Receives each finished line; filtering by level is the sink's business. */
export type LogSink = (level: LogLevel, line: string) => void;

export function createLogger(sink: LogSink, area?: string): Logger {
  const prefix = area ? `[${area}] ` : '';
  const withError = (message: string, err: unknown) => prefix + (err === undefined ? message : `${message}: ${errorDetail(err)}`);
  return {
    trace: (m) => sink('trace', prefix + m),
    debug: (m) => sink('debug', prefix + m),
    info: (m) => sink('info', prefix + m),
    warn: (m, err) => sink('warn', withError(m, err)),
    error: (m, err) => sink('error', withError(m, err)),
    child: (sub) => createLogger(sink, area ? `${area}/${sub}` : sub),
  };
}

/** For callers given no logger. */
export const silentLogger: Logger = createLogger(() => undefined);

/** Whether a line at `level` passes a sink set to `threshold`. */
export function levelAtLeast(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}

/** A level name as a user writes it (SWITCHYARD_LOG=debug); 'off' silences; undefined when unknown. */
export function parseLogLevel(text: string | undefined): LogLevel | 'off' | undefined {
  const t = text?.trim().toLowerCase();
  if (t === 'off' || t === 'none') return 'off';
  if (t === 'warning') return 'warn';
  return LOG_LEVELS.find((l) => l === t);
}

/** The one-line message a user sees. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** Message, stack and causes, for the log: a failure read later needs to say where it came from. */
export function errorDetail(err: unknown, depth = 0): string {
  if (!(err instanceof Error)) return String(err);
  const head = `${err.name}: ${describeError(err)}`;
  // A stack starts with its own "Name: message" line; keep only its frames after ours.
  const frames = err.stack?.split('\n').filter((l) => /^\s+at /.test(l)).join('\n');
  const cause = err.cause !== undefined && depth < 3 ? `\ncaused by ${errorDetail(err.cause, depth + 1)}` : '';
  return `${head}${frames ? `\n${frames}` : ''}${cause}`;
}

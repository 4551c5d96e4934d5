// A logger that keeps every line in an array, for tests that read what was logged.
import { createLogger, type LogLevel, type Logger } from '../../../src/core/log.ts';

export interface CapturedLog {
  log: Logger;
  lines: { level: LogLevel; line: string }[];
  /** Every line at that level, in order. */
  at(level: LogLevel): string[];
  /** All of it as one text, for "never contains" checks. */
  text(): string;
}

export function captureLog(): CapturedLog {
  const lines: CapturedLog['lines'] = [];
  return {
    log: createLogger((level, line) => lines.push({ level, line })),
    lines,
    at: (level) => lines.filter((l) => l.level === level).map((l) => l.line),
    text: () => lines.map((l) => `${l.level} ${l.line}`).join('\n'),
  };
}

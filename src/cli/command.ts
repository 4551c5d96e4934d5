// The contract between the CLI dispatcher and its commands (one file each).
import type { Logger } from '../core/log.ts';
import type { GrammarRegistry } from '../syntax/index.ts';

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Set by the dispatcher from SWITCHYARD_LOG / --verbose; stderr. */
  log?: Logger;
}

export interface CliContext {
  io: CliIO;
  /** Created on first use, so --help works without grammars; disposed by the dispatcher. */
  registry: () => GrammarRegistry;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code. Throw UsageError for bad arguments (exit 2). */
  run: (argv: string[], ctx: CliContext) => Promise<number>;
}

/** Bad command-line input: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

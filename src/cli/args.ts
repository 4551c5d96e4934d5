// node:util parseArgs with its errors turned into UsageError, and the argument checks commands share.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './command.ts';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} expects a positive integer, got "${value}"`);
  return n;
}

/** The one positional argument, a directory that exists, resolved against `cwd`. */
export function directoryArg(positionals: readonly string[], cwd: string): string {
  if (positionals.length !== 1) throw new UsageError('expected exactly one directory');
  const root = resolve(cwd, positionals[0]!);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`not a directory: ${root}`);
  return root;
}

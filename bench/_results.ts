// Where a benchmark writes its figures. An ordinary run writes to .bench/ (ignored
// by git), so running the benchmarks leaves the tree clean; recording for
// BENCHMARKS.md writes the tracked bench/results/: `npm run bench -- --record`
// (scripts/bench.mjs passes it on as SWITCHYARD_BENCH_RECORD=1) or `node bench/<name>.ts --record`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const RECORDING = process.env.SWITCHYARD_BENCH_RECORD === '1' || process.argv.includes('--record');

/** The file a benchmark's result goes to (its folder created). */
export function resultPath(name: string): string {
  const dir = join(REPO, RECORDING ? 'bench/results' : '.bench');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.json`);
}

/** Writes the result as pretty JSON and returns where it went. */
export function writeResult(name: string, value: unknown): string {
  const path = resultPath(name);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

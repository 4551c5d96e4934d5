// How a scan's files are split between index workers: contiguous runs (walk
// order, so a directory's files stay together) of about equal bytes, several
// per worker. Workers take the next run when they free up, so a worker slowed
// by a busy machine simply takes fewer; parse time follows bytes closely.
import type { WalkEntry } from '../workspace/walk.ts';

const MIN_CHUNK_BYTES = 256 * 1024;
const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
/** Runs per worker: more balances better at the end, fewer costs fewer round trips. */
const CHUNKS_PER_WORKER = 8;

export function chunkByBytes(files: readonly WalkEntry[], workers: number, totalBytes: number): WalkEntry[][] {
  const target = Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, totalBytes / (workers * CHUNKS_PER_WORKER)));
  const chunks: WalkEntry[][] = [];
  let run: WalkEntry[] = [];
  let bytes = 0;
  for (const f of files) {
    run.push(f);
    bytes += f.size;
    if (bytes >= target) {
      chunks.push(run);
      run = [];
      bytes = 0;
    }
  }
  if (run.length > 0) chunks.push(run);
  return chunks;
}

/**
 * What to parse again after a worker ended mid-request, given the files it had not reported.
 * With progress in that request the heap more likely filled over many files: retry them whole on
 * a fresh worker. With none, the culprit is in the first batch: split that off, halving, until
 * one file is left, which is skipped. `left` is empty when it ended after its last batch.
 */
export function afterCrash<T>(left: readonly T[], progressed: boolean, batchSize: number): { retry: T[][]; skip?: T } {
  if (left.length === 0) return { retry: [] };
  if (progressed) return { retry: [[...left]] };
  if (left.length === 1) return { retry: [], skip: left[0] };
  const head = Math.max(1, Math.floor(Math.min(left.length, batchSize) / 2));
  return { retry: [left.slice(0, head), left.slice(head)].filter((c) => c.length > 0) };
}

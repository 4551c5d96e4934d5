// Messages between the index pool (main thread) and the index workers.
import type { SkippedFile } from '../index/file-indexer.ts';
import type { TagBatch } from '../index/tag-batch.ts';
import type { WalkEntry } from '../workspace/walk.ts';

export interface WorkerConfig {
  grammarsDir: string;
  root: string;
  exclude: string[];
  maxFileBytes: number;
  maxFiles: number;
  batchSize: number;
}

export type ToWorker =
  /** Lists the workspace (ignore rules re-read first); answered by 'walked'. Loads no grammar. */
  | { type: 'walk'; id: number }
  /** Indexes these files; `resetIgnores` re-reads ignore files first (the first request of a scan). */
  | { type: 'files'; id: number; rels: string[]; resetIgnores?: boolean };

export interface IndexRunStats {
  /** Files parsed (a warm start's unchanged files are not counted here). */
  files: number;
  bytes: number;
  skipped: number;
  truncated: boolean;
  /** Time inside the worker, from request to last file. */
  ms: number;
  /** CPU time of the worker thread over the same span, where Node can tell (23.9+): steadier than ms on a busy machine. */
  cpuMs?: number;
  /** Part of cpuMs spent loading grammars and compiling tags queries (once per worker and grammar). */
  setupCpuMs?: number;
}

export type FromWorker =
  | { type: 'progress'; id: number; done: number; total: number }
  /** The buffers of `tags.tags` and `tags.signatures` are transferred, not copied. */
  | { type: 'batch'; id: number; tags: TagBatch; skipped: SkippedFile[]; seen: string[] }
  | { type: 'walked'; id: number; files: WalkEntry[]; tooLarge: WalkEntry[]; truncated: boolean }
  | { type: 'done'; id: number; stats: IndexRunStats }
  | { type: 'error'; id: number; message: string };

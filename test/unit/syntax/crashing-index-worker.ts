// The real index worker, dying on cue for the crash-recovery tests: indexing `*.oom.ts` fills the
// heap up to the pool's real cap (V8 ends the thread), `*.exit.ts` ends the thread, and `*.once.ts`
// ends it the first time only (a marker beside it remembers; no grammar claims the marker).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workerData } from 'node:worker_threads';
import { FileIndexer } from '../../../src/syntax/index/file-indexer.ts';
import type { WorkerConfig } from '../../../src/syntax/worker/protocol.ts';
import '../../../src/syntax/worker/index-worker.ts';

const root = (workerData as WorkerConfig).root;
const indexFile = FileIndexer.prototype.indexFile;
FileIndexer.prototype.indexFile = function (this: FileIndexer, rel: string) {
  if (rel.endsWith('.oom.ts')) {
    const held: number[][] = [];
    for (;;) held.push(new Array<number>(1 << 20).fill(held.length));
  }
  if (rel.endsWith('.exit.ts')) process.exit(9);
  const mark = join(root, `${rel}.crashed`);
  if (rel.endsWith('.once.ts') && !existsSync(mark)) {
    writeFileSync(mark, '');
    process.exit(9);
  }
  return indexFile.call(this, rel);
};

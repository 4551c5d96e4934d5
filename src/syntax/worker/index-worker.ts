// Worker-thread entry for workspace indexing. The build bundles it to
// dist/syntax-worker.js; it is stateless apart from loaded grammars and the
// ignore rules, so the pool can terminate it to give the wasm heap back.
import { parentPort, workerData } from 'node:worker_threads';
import { GrammarRegistry } from '../registry.ts';
import { FileIndexer } from '../index/file-indexer.ts';
import type { FileSymbols, SkippedFile } from '../index/file-indexer.ts';
import { BatchEncoder } from '../index/tag-batch.ts';
import { IgnoreMatcher } from '../workspace/ignore.ts';
import { walkWorkspace } from '../workspace/walk.ts';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol.ts';

const config = workerData as WorkerConfig;
const port = parentPort!;
const registry = new GrammarRegistry(config.grammarsDir);
const indexer = new FileIndexer(registry, config.root, config.maxFileBytes);
const matcher = new IgnoreMatcher(config.root, config.exclude);
const post = (m: FromWorker) => port.postMessage(m);
// One encoder for the worker's life: each name is sent to the main thread once.
const encoder = new BatchEncoder();
/** A batch is also sent once it holds this many tags, so dense files never pile up as objects (~60 bytes a tag). */
const MAX_BATCH_TAGS = 100_000;
// process.threadCpuUsage is Node 23.9+; VS Code's extension host may be older.
const threadCpuMs = (): number | undefined => {
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.();
  return usage && (usage.user + usage.system) / 1000;
};
const postBatch = (id: number, files: FileSymbols[], mtimes: number[], skipped: SkippedFile[], seen: string[]) => {
  const tags = encoder.encode(files, mtimes);
  port.postMessage({ type: 'batch', id, tags, skipped, seen } satisfies FromWorker, [tags.tags.buffer as ArrayBuffer, tags.signatures.buffer as ArrayBuffer]);
};

async function run(id: number, rels: string[]): Promise<void> {
  const started = performance.now();
  const cpuStart = threadCpuMs();
  await indexer.prepare(rels);
  const setupCpuMs = cpuStart === undefined ? undefined : threadCpuMs()! - cpuStart;
  let files: FileSymbols[] = [];
  let mtimes: number[] = [];
  let skipped: SkippedFile[] = [];
  let seen: string[] = [];
  let tags = 0;
  let bytes = 0;
  let indexed = 0;
  let skippedCount = 0;
  for (let i = 0; i < rels.length; i++) {
    const rel = rels[i]!;
    seen.push(rel);
    if (matcher.ignoresPath(rel)) {
      skipped.push({ rel, reason: 'ignored' });
      skippedCount++;
    } else {
      const out = indexer.indexFile(rel);
      if (out.ok) {
        files.push(out.file);
        mtimes.push(out.mtimeMs);
        tags += out.file.definitions.length + out.file.references.length;
        bytes += out.file.bytes;
        indexed++;
      } else {
        skipped.push(out.skipped);
        skippedCount++;
      }
    }
    if (files.length + skipped.length >= config.batchSize || tags >= MAX_BATCH_TAGS || i === rels.length - 1) {
      postBatch(id, files, mtimes, skipped, seen);
      post({ type: 'progress', id, done: i + 1, total: rels.length });
      files = [];
      mtimes = [];
      skipped = [];
      seen = [];
      tags = 0;
    }
  }
  if (files.length + skipped.length + seen.length > 0) postBatch(id, files, mtimes, skipped, seen);
  post({ type: 'done', id, stats: { files: indexed, bytes, skipped: skippedCount, truncated: false, ms: performance.now() - started, cpuMs: cpuStart === undefined ? undefined : threadCpuMs()! - cpuStart, setupCpuMs } });
}

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === 'walk') {
    matcher.reset();
    const walk = walkWorkspace({
      root: config.root,
      matcher,
      maxFileBytes: config.maxFileBytes,
      maxFiles: config.maxFiles,
      accept: (rel) => registry.forPath(rel) !== undefined,
    });
    post({ type: 'walked', id: msg.id, files: walk.files, tooLarge: walk.tooLarge, truncated: walk.truncated });
  } else {
    if (msg.resetIgnores) matcher.reset();
    await run(msg.id, msg.rels);
  }
}

// Requests are handled one at a time, in arrival order.
let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: ToWorker) => {
  queue = queue.then(() => handle(msg)).catch((err: unknown) => {
    post({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err) });
  });
});

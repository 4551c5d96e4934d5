// Indexing on the calling thread, for the CLI and tests: same walk and per-file
// work as the worker, without a thread (a one-shot process gives its heap back on exit).
import type { GrammarRegistry } from '../registry.ts';
import { FileIndexer } from './file-indexer.ts';
import type { SkippedFile } from './file-indexer.ts';
import { SymbolIndex } from './symbol-index.ts';
import { BatchEncoder } from './tag-batch.ts';
import type { BatchIds } from './tag-batch.ts';
import { DEFAULT_EXCLUDES, IgnoreMatcher } from '../workspace/ignore.ts';
import { walkWorkspace } from '../workspace/walk.ts';

export interface InProcessIndexResult {
  index: SymbolIndex;
  skipped: SkippedFile[];
  bytes: number;
  ms: number;
  truncated: boolean;
}

export async function indexInProcess(registry: GrammarRegistry, root: string, options: { exclude?: readonly string[]; maxFileBytes?: number; maxFiles?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<InProcessIndexResult> {
  const started = performance.now();
  const maxFileBytes = options.maxFileBytes ?? 1_000_000;
  const matcher = new IgnoreMatcher(root, options.exclude ?? DEFAULT_EXCLUDES);
  const walk = walkWorkspace({ root, matcher, maxFileBytes, maxFiles: options.maxFiles, accept: (rel) => registry.forPath(rel) !== undefined });
  const indexer = new FileIndexer(registry, root, maxFileBytes);
  await indexer.prepare(walk.files.map((f) => f.rel));
  const index = new SymbolIndex();
  // One encoder for the run, as in the worker, so each name is interned once.
  const encoder = new BatchEncoder();
  const ids: BatchIds = { names: [], kinds: [] };
  const skipped: SkippedFile[] = walk.tooLarge.map((e) => ({ rel: e.rel, reason: 'too-large' as const }));
  let bytes = 0;
  try {
    walk.files.forEach((f, i) => {
      const out = indexer.indexFile(f.rel);
      if (out.ok) {
        index.setBatch(encoder.encode([out.file]), ids);
        bytes += out.file.bytes;
      } else skipped.push(out.skipped);
      options.onProgress?.(i + 1, walk.files.length);
    });
  } finally {
    indexer.dispose();
  }
  return { index, skipped, bytes, ms: performance.now() - started, truncated: walk.truncated };
}

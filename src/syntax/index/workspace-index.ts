// Main-thread face of the workspace index: owns the SymbolIndex, drives the
// index workers, reports progress, keeps the on-disk cache for a warm start,
// and recycles the workers when idle so the wasm heap they grew is returned.
// Scans and updates run one after another, in call order.
import { availableParallelism } from 'node:os';
import { isAbsolute, relative, sep } from 'node:path';
import { SymbolIndex } from './symbol-index.ts';
import type { SkippedFile } from './file-indexer.ts';
import type { IndexedFile } from './indexed-file.ts';
import { cacheFingerprint, loadIndexCache, writeIndexCache } from './index-cache.ts';
import type { CacheLoad, CacheMeta } from './index-cache.ts';
import { afterCrash, chunkByBytes } from './parse-plan.ts';
import { IndexWorkerCrash, WorkerPool } from './worker-pool.ts';
import type { RequestHandlers } from './worker-pool.ts';
import { DEFAULT_EXCLUDES, IgnoreMatcher } from '../workspace/ignore.ts';
import type { WalkEntry } from '../workspace/walk.ts';
import type { IndexRunStats } from '../worker/protocol.ts';

export interface IndexProgress { done: number; total: number }

export interface WorkspaceIndexOptions {
  root: string;
  grammarsDir: string;
  /** Path or URL of the worker script (dist/syntax-worker.js, or the .ts source under Node 24). */
  workerScript: string | URL;
  /** Globs standing for VS Code's files.exclude. Default: VS Code's defaults. */
  exclude?: readonly string[];
  /** Files over this size are skipped unread. Default 1 MB. */
  maxFileBytes?: number;
  maxFiles?: number;
  onProgress?: (p: IndexProgress) => void;
  /** True when a scan or update starts with none running, false when the last one ends (done, failed or cancelled). */
  onBusy?: (busy: boolean) => void;
  /** Terminate the workers after this long idle (ms); 0 keeps them. Default 30 s. */
  idleRecycleMs?: number;
  batchSize?: number;
  /** Index workers for a scan. Default 2 when the machine has 2 or more cores, else 1. */
  workers?: number;
  /** A scan uses more than one worker only when it has this many bytes to parse. Default 2 MB. */
  parallelMinBytes?: number;
  /** Where the index is kept between sessions (absent: no cache). */
  cacheFile?: string;
  /** Save the cache this long after the index first changed since the last save (ms); 0: only when save() is called. Default 10 s. */
  saveDelayMs?: number;
  /** One line per notable event (a cache ignored or not written). */
  log?: (line: string) => void;
}

export interface FileChanges { created?: readonly string[]; changed?: readonly string[]; deleted?: readonly string[] }

export interface IndexResult extends IndexRunStats {
  skippedFiles: SkippedFile[];
  /** Wall time on the main thread, including worker start (and the cache load, for the first scan). */
  wallMs: number;
  /** Files kept as they were (unchanged size and mtime since they were indexed or cached). */
  reused: number;
  /** Workers that parsed for this request. */
  workers: number;
  /** The first scan with a cache file: what became of it. */
  cache?: CacheLoad['status'];
}

const RECYCLED = 'index worker was recycled';
/** Fresh workers one parse may start after crashes: isolating one bad file in a large chunk takes about 8. */
const MAX_WORKER_CRASHES = 24;

export class WorkspaceIndex {
  readonly index = new SymbolIndex();
  readonly root: string;
  readonly #pool: WorkerPool;
  readonly #opts: WorkspaceIndexOptions;
  readonly #idleMs: number;
  readonly #batchSize: number;
  #ops = 0;
  #chain: Promise<unknown> = Promise.resolve();
  /** Bumped by recycle(): requests made before it fail instead of running. */
  #epoch = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #saveTimer: NodeJS.Timeout | undefined;
  #cacheTried = false;
  #saving: Promise<boolean> = Promise.resolve(true);
  #meta: Promise<CacheMeta> | undefined;
  #disposed = false;

  constructor(options: WorkspaceIndexOptions) {
    this.root = options.root;
    this.#opts = options;
    this.#idleMs = options.idleRecycleMs ?? 30_000;
    this.#batchSize = options.batchSize ?? 64;
    const workers = options.workers ?? (availableParallelism() >= 2 ? 2 : 1);
    this.#pool = new WorkerPool(options.workerScript, {
      grammarsDir: options.grammarsDir,
      root: options.root,
      exclude: [...(options.exclude ?? DEFAULT_EXCLUDES)],
      maxFileBytes: options.maxFileBytes ?? 1_000_000,
      maxFiles: options.maxFiles ?? 100_000,
      batchSize: this.#batchSize,
    }, workers);
  }

  /** Whether a scan or update is under way or queued. */
  get busy(): boolean {
    return this.#ops > 0;
  }

  get workerRunning(): boolean {
    return this.#pool.running > 0;
  }

  /** Index workers alive now (a scan's extra workers end with it). */
  get workersRunning(): number {
    return this.#pool.running;
  }

  /**
   * Full scan: walks the workspace and indexes every file whose size or mtime
   * differs from what the index holds; drops files no longer present. The first
   * scan starts from the cache file when there is a valid one.
   */
  build(): Promise<IndexResult> {
    return this.#enqueue(() => this.#scan());
  }

  /** Incremental update from file-system events (absolute or root-relative paths). */
  update(changes: FileChanges): Promise<IndexResult | undefined> {
    const toRel = (p: string) => (isAbsolute(p) ? relative(this.root, p) : p).split(sep).join('/');
    const all = [...(changes.created ?? []), ...(changes.changed ?? []), ...(changes.deleted ?? [])].map(toRel);
    // Ignore rules changed: what is indexed may change anywhere.
    if (all.some((rel) => IgnoreMatcher.isIgnoreFile(rel))) return this.build();
    return this.#enqueue(async () => {
      for (const p of changes.deleted ?? []) this.index.deleteUnder(toRel(p));
      const rels = [...(changes.created ?? []), ...(changes.changed ?? [])].map(toRel).filter((r) => r && !r.startsWith('..'));
      if ((changes.deleted ?? []).length > 0) this.#dirty();
      if (rels.length === 0) return undefined;
      for (const rel of rels) this.index.delete(rel); // re-added below unless now skipped
      return this.#parse(rels.map((rel) => ({ rel, size: 0, mtimeMs: 0 })), performance.now(), { reused: 0, truncated: false, skipped: [] }, false);
    });
  }

  /** Writes the cache now (when there is a cache file); resolves to whether it was written. Saves run one at a time. */
  save(): Promise<boolean> {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    const next = this.#saving.then(() => this.#write());
    this.#saving = next;
    return next;
  }

  async #write(): Promise<boolean> {
    const file = this.#opts.cacheFile;
    if (!file || this.#disposed) return false;
    try {
      await writeIndexCache(file, this.index, await this.#cacheMeta());
      return true;
    } catch (err) {
      this.#opts.log?.(`index cache not written: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  }

  /** Terminates the workers now, failing what is running or queued (the next request starts fresh ones). */
  async recycle(): Promise<void> {
    this.#epoch++;
    clearTimeout(this.#idleTimer);
    await this.#pool.recycle();
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    clearTimeout(this.#saveTimer);
    await this.recycle();
  }

  #enqueue<T>(run: () => Promise<T>): Promise<T> {
    if (this.#disposed) return Promise.reject(new Error('workspace index is disposed'));
    const epoch = this.#epoch;
    clearTimeout(this.#idleTimer);
    if (this.#ops++ === 0) this.#opts.onBusy?.(true);
    const result = this.#chain.then(() => {
      if (epoch !== this.#epoch) throw new Error(RECYCLED);
      return run();
    });
    this.#chain = result.catch(() => undefined);
    return result.finally(() => {
      if (--this.#ops > 0) return;
      this.#opts.onBusy?.(false);
      this.#armIdle();
    });
  }

  #cacheMeta(): Promise<CacheMeta> {
    this.#meta ??= cacheFingerprint(this.#opts.grammarsDir).then((fingerprint) => ({ fingerprint, root: this.root }));
    return this.#meta;
  }

  async #scan(): Promise<IndexResult> {
    const started = performance.now();
    const epoch = this.#epoch;
    // The walk runs in a worker while the cache streams in here.
    const walking = this.#pool.walk(0);
    walking.catch(() => undefined); // awaited below; a failure must not count as unhandled meanwhile
    let cache: CacheLoad['status'] | undefined;
    if (this.#opts.cacheFile && !this.#cacheTried) {
      this.#cacheTried = true;
      cache = await this.#loadCache(this.#opts.cacheFile);
    }
    const walk = await walking;
    if (epoch !== this.#epoch) throw new Error(RECYCLED);
    const present = new Set(walk.files.map((f) => f.rel));
    let changed = cache === 'invalid';
    for (const rel of this.index.paths()) if (!present.has(rel)) changed = this.index.delete(rel) || changed;
    const skipped: SkippedFile[] = walk.tooLarge.map((e) => ({ rel: e.rel, reason: 'too-large' }));
    for (const s of skipped) this.index.delete(s.rel);
    const todo = walk.files.filter((f) => {
      const held = this.index.get(f.rel) as IndexedFile | undefined;
      return !held || held.bytes !== f.size || held.mtimeMs !== f.mtimeMs;
    });
    let result: IndexResult;
    try {
      result = await this.#parse(todo, started, { reused: walk.files.length - todo.length, truncated: walk.truncated, skipped }, true);
    } finally {
      // Extra workers go as soon as the scan is done; the first stays for updates until idle.
      await this.#pool.release(1);
    }
    if (changed && todo.length === 0) this.#dirty();
    return { ...result, cache };
  }

  async #loadCache(file: string): Promise<CacheLoad['status']> {
    let loaded: CacheLoad;
    try {
      loaded = await loadIndexCache(file, this.index, await this.#cacheMeta());
    } catch (err) {
      loaded = { status: 'invalid', reason: err instanceof Error ? err.message : String(err) };
    }
    if (loaded.status === 'invalid') {
      this.index.clear();
      this.#opts.log?.(`index cache ignored (${loaded.reason}); indexing from scratch`);
    }
    return loaded.status;
  }

  /** Parses `todo` in the workers (byte-sized chunks handed out as workers free up, when worth two). */
  async #parse(todo: WalkEntry[], started: number, base: { reused: number; truncated: boolean; skipped: SkippedFile[] }, scan: boolean): Promise<IndexResult> {
    const total: IndexResult = { files: 0, bytes: 0, skipped: base.skipped.length, truncated: base.truncated, ms: 0, skippedFiles: [...base.skipped], wallMs: 0, reused: base.reused, workers: 0 };
    if (todo.length > 0) {
      const epoch = this.#epoch;
      const bytes = todo.reduce((n, f) => n + f.size, 0);
      const workers = scan && bytes >= (this.#opts.parallelMinBytes ?? 2_000_000) ? this.#pool.size : 1;
      const chunks = workers > 1 ? chunkByBytes(todo, workers, bytes) : [todo];
      total.workers = workers;
      let done = 0;
      this.#opts.onProgress?.({ done, total: todo.length });
      const onBatch: NonNullable<RequestHandlers['batch']> = (m, ids) => {
        this.index.setBatch(m.tags, ids);
        for (const s of m.skipped) this.index.delete(s.rel);
        total.skippedFiles.push(...m.skipped);
        done += m.seen.length;
        this.#opts.onProgress?.({ done, total: todo.length });
      };
      const queue = [...chunks];
      let failed = false;
      let crashes = 0;
      const reset = new Set<number>();
      const lane = async (slot: number) => {
        for (let chunk = queue.shift(); chunk && !failed; chunk = queue.shift()) {
          if (epoch !== this.#epoch) throw new Error(RECYCLED);
          const first = scan && !reset.has(slot);
          reset.add(slot);
          const seen = new Set<string>();
          // What this request's batches delivered, counted here too: a crash loses the worker's own tally.
          const got = { files: 0, bytes: 0, skipped: 0 };
          let s: IndexRunStats;
          try {
            s = await this.#pool.files(slot, chunk.map((f) => f.rel), first, {
              batch: (m, ids) => {
                onBatch(m, ids);
                for (const rel of m.seen) seen.add(rel);
                got.files += m.tags.files.length;
                for (const f of m.tags.files) got.bytes += f.bytes;
                got.skipped += m.skipped.length;
              },
            });
          } catch (err) {
            if (!(err instanceof IndexWorkerCrash) || epoch !== this.#epoch || ++crashes > MAX_WORKER_CRASHES) throw err;
            total.files += got.files;
            total.bytes += got.bytes;
            total.skipped += got.skipped;
            const next = afterCrash(chunk.filter((f) => !seen.has(f.rel)), seen.size > 0, this.#batchSize);
            queue.unshift(...next.retry);
            if (next.skip) {
              this.index.delete(next.skip.rel);
              total.skippedFiles.push({ rel: next.skip.rel, reason: 'crashed' });
              total.skipped++;
              done++;
              this.#opts.onProgress?.({ done, total: todo.length });
            }
            this.#opts.log?.(next.skip ? `${err.message} on ${next.skip.rel} alone; it is left out of the index` : `${err.message}; parsing its last ${chunk.length - seen.size} files again on a fresh worker`);
            continue;
          }
          total.files += s.files;
          total.bytes += s.bytes;
          total.skipped += s.skipped;
          total.ms += s.ms;
          if (s.cpuMs !== undefined) total.cpuMs = (total.cpuMs ?? 0) + s.cpuMs;
          if (s.setupCpuMs !== undefined) total.setupCpuMs = (total.setupCpuMs ?? 0) + s.setupCpuMs;
        }
      };
      // Two requests in flight per worker, so none waits a round trip between chunks.
      const lanes = Array.from({ length: workers * (chunks.length > 1 ? 2 : 1) }, (_, i) => lane(i % workers).catch((err: unknown) => {
        failed = true;
        throw err;
      }));
      await Promise.all(lanes);
      this.#dirty();
    }
    total.wallMs = performance.now() - started;
    return total;
  }

  /** The index changed: save the cache after a quiet spell. */
  #dirty(): void {
    const delay = this.#opts.saveDelayMs ?? 10_000;
    if (!this.#opts.cacheFile || delay <= 0 || this.#saveTimer) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      if (this.#ops > 0) return this.#dirty();
      void this.save();
    }, delay);
    this.#saveTimer.unref();
  }

  #armIdle(): void {
    if (this.#ops > 0 || this.#idleMs <= 0) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => void this.recycle(), this.#idleMs);
    this.#idleTimer.unref();
  }
}

// Main-thread face of the workspace index: owns the SymbolIndex, drives the
// index worker, reports progress, and recycles the worker when idle so the
// wasm heap it grew is returned to the OS.
import { Worker } from 'node:worker_threads';
import { isAbsolute, relative, sep } from 'node:path';
import { SymbolIndex } from './symbol-index.ts';
import type { SkippedFile } from './file-indexer.ts';
import { DEFAULT_EXCLUDES, IgnoreMatcher } from '../workspace/ignore.ts';
import type { FromWorker, IndexRunStats, ToWorker, WorkerConfig } from '../worker/protocol.ts';
import type { BatchIds } from './tag-batch.ts';

/** Measured: 4-16 MB costs no throughput against V8's default; see bench/syntax.ts. */
const WORKER_YOUNG_GEN_MB = 16;

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
  /** Terminate the worker after this long idle (ms); 0 keeps it. Default 30 s. */
  idleRecycleMs?: number;
  batchSize?: number;
}

export interface FileChanges { created?: readonly string[]; changed?: readonly string[]; deleted?: readonly string[] }

export interface IndexResult extends IndexRunStats {
  skippedFiles: SkippedFile[];
  /** Wall time on the main thread, including worker start. */
  wallMs: number;
}

interface Pending {
  resolve: (r: IndexResult) => void;
  reject: (e: Error) => void;
  skipped: SkippedFile[];
  started: number;
  seen: Set<string> | undefined;
}

export class WorkspaceIndex {
  readonly index = new SymbolIndex();
  readonly root: string;
  readonly #config: WorkerConfig;
  readonly #script: string | URL;
  readonly #onProgress: ((p: IndexProgress) => void) | undefined;
  readonly #onBusy: ((busy: boolean) => void) | undefined;
  readonly #idleMs: number;
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #idleTimer: NodeJS.Timeout | undefined;
  #disposed = false;

  constructor(options: WorkspaceIndexOptions) {
    this.root = options.root;
    this.#script = options.workerScript;
    this.#onProgress = options.onProgress;
    this.#onBusy = options.onBusy;
    this.#idleMs = options.idleRecycleMs ?? 30_000;
    this.#config = {
      grammarsDir: options.grammarsDir,
      root: options.root,
      exclude: [...(options.exclude ?? DEFAULT_EXCLUDES)],
      maxFileBytes: options.maxFileBytes ?? 1_000_000,
      maxFiles: options.maxFiles ?? 100_000,
      batchSize: options.batchSize ?? 64,
    };
  }

  /** Whether a scan or update is under way. */
  get busy(): boolean {
    return this.#pending.size > 0;
  }

  get workerRunning(): boolean {
    return this.#worker !== undefined;
  }

  /** Full scan: walks the workspace in the worker and (re)indexes every file; drops files no longer present. */
  build(): Promise<IndexResult> {
    return this.#request({ type: 'scan', id: 0 }, new Set());
  }

  /** Incremental update from file-system events (absolute or root-relative paths). */
  async update(changes: FileChanges): Promise<IndexResult | undefined> {
    const toRel = (p: string) => (isAbsolute(p) ? relative(this.root, p) : p).split(sep).join('/');
    const all = [...(changes.created ?? []), ...(changes.changed ?? []), ...(changes.deleted ?? [])].map(toRel);
    if (all.some((rel) => IgnoreMatcher.isIgnoreFile(rel))) {
      // Ignore rules changed: what is indexed may change anywhere.
      return this.build();
    }
    for (const p of changes.deleted ?? []) this.index.deleteUnder(toRel(p));
    const rels = [...(changes.created ?? []), ...(changes.changed ?? [])].map(toRel).filter((r) => r && !r.startsWith('..'));
    if (rels.length === 0) return undefined;
    for (const rel of rels) this.index.delete(rel); // re-added below unless now skipped
    return this.#request({ type: 'files', id: 0, rels }, undefined);
  }

  /** Terminates the worker now (the next request starts a fresh one). */
  async recycle(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    clearTimeout(this.#idleTimer);
    if (!w) return;
    this.#failAll(new Error('index worker was recycled'));
    await w.terminate();
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.recycle();
  }

  #request(msg: ToWorker, seen: Set<string> | undefined): Promise<IndexResult> {
    if (this.#disposed) return Promise.reject(new Error('workspace index is disposed'));
    const id = this.#nextId++;
    const worker = this.#ensureWorker();
    clearTimeout(this.#idleTimer);
    const wasIdle = this.#pending.size === 0;
    const result = new Promise<IndexResult>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, skipped: [], started: performance.now(), seen });
      worker.postMessage({ ...msg, id });
    });
    if (wasIdle) this.#onBusy?.(true);
    return result;
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    // The worker allocates fast and keeps little (each file's tags die once
    // posted); left alone V8 grows its young generation to 128 MB of RSS.
    const worker = new Worker(this.#script, { workerData: this.#config, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GEN_MB } });
    // This worker's name/kind ids -> the index's; a new worker starts a new map.
    const ids: BatchIds = { names: [], kinds: [] };
    worker.on('message', (m: FromWorker) => this.#onMessage(m, ids));
    worker.on('error', (err) => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#failAll(err);
    });
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = undefined;
      if (code !== 0) this.#failAll(new Error(`index worker exited with code ${code}`));
    });
    this.#worker = worker;
    return worker;
  }

  #onMessage(m: FromWorker, ids: BatchIds): void {
    const p = this.#pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') this.#onProgress?.({ done: m.done, total: m.total });
    else if (m.type === 'batch') {
      this.index.setBatch(m.tags, ids);
      for (const s of m.skipped) this.index.delete(s.rel);
      p.skipped.push(...m.skipped);
      if (p.seen) for (const rel of m.seen) p.seen.add(rel);
    } else if (m.type === 'done') {
      this.#pending.delete(m.id);
      if (p.seen) for (const rel of this.index.paths()) if (!p.seen.has(rel)) this.index.delete(rel);
      p.resolve({ ...m.stats, skippedFiles: p.skipped, wallMs: performance.now() - p.started });
      this.#settled();
    } else {
      this.#pending.delete(m.id);
      p.reject(new Error(`index worker: ${m.message}`));
      this.#settled();
    }
  }

  /** A request ended: report idle when it was the last, and start the idle clock. */
  #settled(): void {
    if (this.#pending.size === 0) this.#onBusy?.(false);
    this.#armIdle();
  }

  #armIdle(): void {
    if (this.#pending.size > 0 || this.#idleMs <= 0) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => void this.recycle(), this.#idleMs);
    this.#idleTimer.unref();
  }

  #failAll(err: Error): void {
    if (this.#pending.size === 0) return;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    this.#onBusy?.(false);
  }
}

// The index workers: up to `size` threads, started on first use, each with its
// own name/kind id map (a new worker numbers names from zero again). Requests
// go to a chosen slot and are answered in order by that worker.
import { Worker } from 'node:worker_threads';
import type { FromWorker, IndexRunStats, ToWorker, WorkerConfig } from '../worker/protocol.ts';
import type { BatchIds } from './tag-batch.ts';

/** Measured: 4-16 MB costs no throughput against V8's default (bench/syntax.ts); 8 rather than 16 keeps two workers under 300 MB (bench/index-start.ts: 289 vs 331 MB peak). */
const WORKER_YOUNG_GEN_MB = 8;
/**
 * V8 paces a heap's old-generation collections by its limit: with the default
 * limit a worker let 30-50 MB of dead tag objects pile up around ~13 MB live
 * (two workers: 290-350 MB peak RSS on 10,000 files); with this one the peak was
 * 234-244 MB at the same CPU time. Live data stays far below it: files are
 * scanned in windows, batches are flushed by size, and the name table is bounded.
 */
export const WORKER_OLD_GEN_MB = 128;

type Walked = Extract<FromWorker, { type: 'walked' }>;
type Batch = Extract<FromWorker, { type: 'batch' }>;
type Request = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

export interface RequestHandlers {
  batch?: (m: Batch, ids: BatchIds) => void;
  progress?: (done: number, total: number) => void;
}

/** The worker thread itself ended (its heap cap, a crash): its requests may succeed on a fresh one, unlike an error it reported. */
export class IndexWorkerCrash extends Error {}

interface Slot { worker: Worker; ids: BatchIds }
interface Pending { slot: Slot; handlers: RequestHandlers; resolve: (m: Walked | IndexRunStats) => void; reject: (e: Error) => void }

export class WorkerPool {
  readonly size: number;
  readonly #config: WorkerConfig;
  readonly #script: string | URL;
  readonly #slots: (Slot | undefined)[] = [];
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(script: string | URL, config: WorkerConfig, size: number) {
    this.#script = script;
    this.#config = config;
    this.size = Math.max(1, size);
  }

  get running(): number {
    return this.#slots.filter(Boolean).length;
  }

  walk(slot: number): Promise<Walked> {
    return this.#request(slot, { type: 'walk' }, {}) as Promise<Walked>;
  }

  files(slot: number, rels: string[], resetIgnores: boolean, handlers: RequestHandlers): Promise<IndexRunStats> {
    return this.#request(slot, { type: 'files', rels, resetIgnores }, handlers) as Promise<IndexRunStats>;
  }

  /** Terminates every worker, failing what they had pending. */
  async recycle(): Promise<void> {
    await Promise.all(this.#slots.map((_, i) => this.#stop(i, new Error('index worker was recycled'))));
  }

  /** Terminates workers from slot `from` on (extra workers after a scan: their wasm heaps go back to the OS). */
  async release(from: number): Promise<void> {
    await Promise.all(this.#slots.map((_, i) => (i >= from ? this.#stop(i, new Error('index worker was released')) : undefined)));
  }

  async #stop(i: number, reason: Error): Promise<void> {
    const slot = this.#slots[i];
    if (!slot) return;
    this.#slots[i] = undefined;
    this.#fail(slot, reason);
    await slot.worker.terminate();
  }

  #request(i: number, msg: Request, handlers: RequestHandlers): Promise<Walked | IndexRunStats> {
    const slot = this.#ensure(Math.min(i, this.size - 1));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { slot, handlers, resolve, reject });
      slot.worker.postMessage({ ...msg, id } as ToWorker);
    });
  }

  #ensure(i: number): Slot {
    const existing = this.#slots[i];
    if (existing) return existing;
    // The worker allocates fast and keeps little (each file's tags die once
    // posted); left alone V8 grows its young generation to 128 MB of RSS.
    const worker = new Worker(this.#script, { workerData: this.#config, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GEN_MB, maxOldGenerationSizeMb: WORKER_OLD_GEN_MB } });
    const slot: Slot = { worker, ids: { names: [], kinds: [] } };
    worker.on('message', (m: FromWorker) => this.#onMessage(m));
    worker.on('error', (err) => {
      if (this.#slots[i] === slot) this.#slots[i] = undefined;
      this.#fail(slot, new IndexWorkerCrash(`index worker failed: ${err.message}`, { cause: err }));
    });
    worker.on('exit', (code) => {
      if (this.#slots[i] === slot) this.#slots[i] = undefined;
      if (code !== 0) this.#fail(slot, new IndexWorkerCrash(`index worker exited with code ${code}`));
    });
    this.#slots[i] = slot;
    return slot;
  }

  #onMessage(m: FromWorker): void {
    const p = this.#pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') p.handlers.progress?.(m.done, m.total);
    else if (m.type === 'batch') p.handlers.batch?.(m, p.slot.ids);
    else {
      this.#pending.delete(m.id);
      if (m.type === 'walked') p.resolve(m);
      else if (m.type === 'done') p.resolve(m.stats);
      else p.reject(new Error(`index worker: ${m.message}`));
    }
  }

  #fail(slot: Slot, err: Error): void {
    for (const [id, p] of this.#pending) {
      if (p.slot !== slot) continue;
      this.#pending.delete(id);
      p.reject(err);
    }
  }
}

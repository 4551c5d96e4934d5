// OTLP export of the ledger: reads the month files from the export cursor onwards, sends
// each batch of request records as GenAI spans, and moves the cursor only once the
// collector accepted the batch. The ledger stays the source of truth: a collector that is
// down is retried with backoff and then backfilled, a restart resumes from the cursor, and
// nothing here is on a request's path (the pipeline only appends; this tails the files).
import { open } from 'node:fs/promises';
import { isNotFound, NEWLINE, parseChunk } from './lines.ts';
import { ExportCursor, type CursorPosition } from './otlp-cursor.ts';
import { recordToSpan, type SpanOptions, type SpanSpec } from './otlp-span.ts';
import type { Sender, SenderOptions } from './otlp-sdk.ts';
import { LedgerStore } from './store.ts';

export interface OtlpExportOptions {
  /** The ledger directory (the cursor lives there too). */
  dir: string;
  /** The collector's traces URL (see tracesUrl). */
  url: string;
  headers?: Record<string, string>;
  span?: SpanOptions;
  /** Leave out records that started before this instant (ms). */
  sinceMs?: number;
  /** Where a collector with no cursor yet starts: this month's file (default: the ledger's first). */
  startMonth?: string;
  /** Most spans per OTLP request. */
  batchSize?: number;
  /** First and longest wait between failed sends. */
  backoff?: { baseMs: number; maxMs: number };
  /** How often an idle exporter looks for new lines (appends also nudge it). */
  pollMs?: number;
  /** A lease not renewed for this long belonged to an exporter that is gone. */
  leaseStaleMs?: number;
  /** Per OTLP request, including the exporter's own retries of 429/502/503/504. */
  timeoutMs?: number;
  serviceVersion?: string;
  onError?: (err: unknown, retryInMs: number) => void;
  /** Builds the sender; defaults to the official exporter, loaded on first use. */
  createSender?: (opts: SenderOptions) => Promise<Sender>;
}

export type StepResult = 'sent' | 'moved' | 'idle' | 'locked';

const READ_BYTES = 1 << 20;
/** Longer than any request's total timeout. */
const MONTH_GRACE_MS = 60 * 60_000;

/** `http://host:4318` -> `http://host:4318/v1/traces`; a URL already naming /v1/traces is kept. */
export function tracesUrl(endpoint: string): string {
  const u = new URL(endpoint.trim());
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`the OTLP endpoint must be http(s); got ${u.protocol}`);
  if (!u.pathname.endsWith('/v1/traces')) u.pathname = `${u.pathname.replace(/\/+$/, '')}/v1/traces`;
  return u.href;
}

const loadSender = async (opts: SenderOptions) => (await import('./otlp-sdk.ts')).createSender(opts);

export class OtlpExporter {
  readonly cursor: ExportCursor;
  /** Spans the collector accepted since this exporter started. */
  sent = 0;
  lastError: unknown;
  private readonly store: LedgerStore;
  private readonly opts: OtlpExportOptions;
  private sender: Promise<Sender> | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private wakeIdle: (() => void) | undefined;
  private wakeAny: (() => void) | undefined;

  constructor(opts: OtlpExportOptions) {
    this.opts = opts;
    this.store = new LedgerStore(opts.dir);
    this.cursor = new ExportCursor(opts.dir, opts.url);
  }

  /** Exports in the background until stopped. */
  start(): void {
    this.loop ??= this.run();
  }

  /** New lines were appended: an idle exporter looks now rather than at its next poll. */
  nudge(): void {
    this.wakeIdle?.();
  }

  /** Sends everything the ledger holds now; throws after `maxFailures` failed sends in a row. */
  async drain(maxFailures = 5): Promise<number> {
    const before = this.sent;
    for (let failures = 0; ;) {
      let step: StepResult;
      try {
        step = await this.step();
        failures = 0;
      } catch (err) {
        if (++failures >= maxFailures) throw err;
        await this.sleep(this.delay(failures), false);
        continue;
      }
      if (step === 'locked') throw new Error(`another Switchyard process is exporting this ledger to ${this.opts.url}; try again once it stops`);
      if (step === 'idle') return this.sent - before;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeAny?.();
    await this.loop;
    await this.cursor.release().catch(() => undefined);
    const sender = await this.sender?.catch(() => undefined);
    await sender?.shutdown().catch(() => undefined);
  }

  private async run(): Promise<void> {
    for (let failures = 0; !this.stopped;) {
      try {
        const step = await this.step();
        failures = 0;
        if (step === 'idle' || step === 'locked') await this.sleep(this.opts.pollMs ?? 5_000, true);
      } catch (err) {
        this.lastError = err;
        const wait = this.delay(++failures);
        this.opts.onError?.(err, wait);
        await this.sleep(wait, false);
      }
    }
  }

  private delay(failures: number): number {
    const { baseMs, maxMs } = this.opts.backoff ?? { baseMs: 1_000, maxMs: 5 * 60_000 };
    const d = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 20));
    return d / 2 + Math.random() * d / 2; // jitter: windows that failed together do not retry together
  }

  /** Waits; a nudge ends the wait only when idle (a failing collector keeps its backoff), a stop always. */
  private sleep(ms: number, nudgeable: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wakeIdle = this.wakeAny = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeAny = finish;
      this.wakeIdle = nudgeable ? finish : undefined;
    });
  }

  /** One batch: read from the cursor, send, then move the cursor. */
  async step(): Promise<StepResult> {
    if (!(await this.cursor.acquire(this.opts.leaseStaleMs ?? 30_000))) return 'locked';
    const months = await this.store.listMonths();
    const saved = await this.cursor.load();
    const pos: CursorPosition = saved ?? { month: this.opts.startMonth ?? months[0] ?? this.store.currentMonth(), offset: 0 };
    const batch = await this.readBatch(pos);
    if (batch.end === pos.offset) {
      // A request that started before the month turned is written to the old file when it ends: stay a while.
      const next = months.find((m) => m > pos.month);
      if (!next || this.store.monthOf(Date.now() - MONTH_GRACE_MS) <= pos.month) return 'idle';
      await this.cursor.save({ month: next, offset: 0 });
      return 'moved';
    }
    if (batch.spans.length) {
      this.sender ??= (this.opts.createSender ?? loadSender)({
        url: this.opts.url, headers: this.opts.headers ?? {}, timeoutMs: this.opts.timeoutMs ?? 10_000,
        serviceVersion: this.opts.serviceVersion ?? '0.0.0',
      });
      this.sender.catch(() => { this.sender = undefined; });
      await (await this.sender).send(batch.spans);
      this.sent += batch.spans.length;
    }
    await this.cursor.save({ month: pos.month, offset: batch.end });
    return batch.spans.length ? 'sent' : 'moved';
  }

  /** Up to `batchSize` spans from whole lines after `pos`, and the offset just past the last line taken. */
  private async readBatch(pos: CursorPosition): Promise<{ spans: SpanSpec[]; end: number }> {
    let fh;
    try {
      fh = await open(this.store.fileFor(pos.month), 'r');
    } catch (err) {
      if (isNotFound(err)) return { spans: [], end: pos.offset };
      throw err;
    }
    let buf: Buffer;
    try {
      const { size } = await fh.stat();
      // A month file is only appended to; one that shrank was replaced, and is read afresh.
      if (size < pos.offset) pos.offset = 0;
      const readAt = async (len: number) => {
        const b = Buffer.alloc(len);
        const { bytesRead } = await fh.read(b, 0, len, pos.offset);
        return b.subarray(0, bytesRead);
      };
      buf = await readAt(Math.min(READ_BYTES, size - pos.offset));
      // One line longer than the window (a debug record with a big prompt): read on to its end.
      if (!buf.includes(NEWLINE) && pos.offset + buf.length < size) buf = await readAt(size - pos.offset);
    } finally {
      await fh.close();
    }
    const spans: SpanSpec[] = [];
    const limit = this.opts.batchSize ?? 256;
    let at = 0;
    while (spans.length < limit) {
      const nl = buf.indexOf(NEWLINE, at);
      if (nl < 0) break;
      for (const r of parseChunk(buf.subarray(at, nl + 1)).records) {
        if (this.opts.sinceMs !== undefined && Date.parse(r.time) < this.opts.sinceMs) continue;
        const span = recordToSpan(r, this.opts.span);
        if (span) spans.push(span);
      }
      at = nl + 1;
    }
    return { spans, end: pos.offset + at };
  }
}

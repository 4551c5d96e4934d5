// Tailing the ledger: emits the complete lines other processes append, by byte offset
// (polling, nudged by fs.watch), switching to the next month's file when the month turns.
import { watch, type FSWatcher } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { LedgerEvent, LedgerRecord } from '../core/ledger-record.ts';
import { isNotFound, parseChunk } from './lines.ts';

export interface LedgerAppendEvent {
  month: string;
  records: LedgerRecord[];
  events: LedgerEvent[];
  skipped: number;
}

export interface FollowOptions {
  /** Byte offset in the current month's file to start from; defaults to its end (only new appends). */
  fromOffset?: number;
  /** Also emit records this store appended itself (default false). */
  includeOwn?: boolean;
  onError?: (err: unknown) => void;
}

/** What the follower needs from the store. */
export interface FollowSource {
  readonly dir: string;
  currentMonth(): string;
  fileFor(month: string): string;
  readMonth(month: string): Promise<{ endOffset: number }>;
  isOwn(id: string): boolean;
}

export class Follower {
  private month = '';
  private offset = 0;
  private timer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  private readonly store: FollowSource;
  private readonly listener: (e: LedgerAppendEvent) => void;
  private readonly opts: FollowOptions;
  private readonly pollMs: number;

  constructor(store: FollowSource, listener: (e: LedgerAppendEvent) => void, opts: FollowOptions, pollMs: number) {
    this.store = store;
    this.listener = listener;
    this.opts = opts;
    this.pollMs = pollMs;
  }

  start(): void {
    this.month = this.store.currentMonth();
    const startAtEnd = this.opts.fromOffset === undefined;
    if (!startAtEnd) this.offset = this.opts.fromOffset!;
    this.kick(startAtEnd);
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    try {
      this.watcher = watch(this.store.dir, { persistent: false }, () => this.kick());
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // The directory may not exist yet, or watching may be unsupported: polling still works.
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.watcher?.close();
  }

  /** Starts a poll, or asks the running one to go again (polls never overlap). */
  private kick(skipToEnd = false): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (skipToEnd ? this.skipToEnd() : this.poll())
      .catch((err: unknown) => this.opts.onError?.(err))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async skipToEnd(): Promise<void> {
    this.offset = (await this.store.readMonth(this.month)).endOffset;
  }

  private async poll(): Promise<void> {
    const current = this.store.currentMonth();
    await this.drain();
    if (current !== this.month && !this.stopped) {
      this.month = current;
      this.offset = 0;
      await this.drain();
    }
  }

  private async drain(): Promise<void> {
    const path = this.store.fileFor(this.month);
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (size < this.offset) this.offset = 0; // replaced or truncated: start over
    if (size === this.offset) return;
    const fh = await open(path, 'r');
    let buf: Buffer;
    try {
      buf = Buffer.alloc(size - this.offset);
      const { bytesRead } = await fh.read(buf, 0, buf.length, this.offset);
      buf = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
    const chunk = parseChunk(buf);
    this.offset += chunk.consumed;
    const records = this.opts.includeOwn ? chunk.records : chunk.records.filter((r) => !this.store.isOwn(r.id));
    const events = this.opts.includeOwn ? chunk.events : chunk.events.filter((e) => !this.store.isOwn(e.id));
    if (!this.stopped && (records.length > 0 || events.length > 0 || chunk.skipped > 0)) {
      this.listener({ month: this.month, records, events, skipped: chunk.skipped });
    }
  }
}

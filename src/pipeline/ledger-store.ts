// Append-only JSONL ledger, one file per local month (ledger-YYYY-MM.jsonl) in a directory the caller picks.
//
// Durability and sharing:
// - Each record is one write() of one line on a handle opened with O_APPEND, so appends from two
//   processes (two VS Code windows, or the CLI) land whole and never interleave.
// - A crash mid-write leaves at most one partial line. On opening a file for append we end it with a
//   newline if it does not already end with one, and readers skip (and count) lines that do not parse,
//   recovering a record glued onto a crash fragment by another process's append.
// - `follow` tails the current month by byte offset (polling, nudged by fs.watch) and emits the
//   records other processes append, so each window sees the other's spend.
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, open, readdir, readFile, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { localDayKey } from '../core/ledger-aggregate.ts';
import { parseRecordLine, RECORD_PREFIX, serializeRecord, type LedgerRecord } from '../core/ledger-record.ts';

export interface LedgerStoreOptions {
  now?: () => number;
  /** Local UTC offset (minutes, east positive) at an instant; picks the month file. */
  utcOffsetMinutes?: (ms: number) => number;
  /** How often `follow` polls for appends from other processes. */
  pollMs?: number;
}

export interface ReadResult {
  records: LedgerRecord[];
  /** Lines that were corrupt or partial. */
  skipped: number;
  /** Byte offset just past the last complete line: where a follower should start. */
  endOffset: number;
  /** The file ends in an incomplete line (a crash fragment, or a write in progress). */
  partialTail: boolean;
}

export interface LedgerAppendEvent {
  month: string;
  records: LedgerRecord[];
  skipped: number;
}

export interface FollowOptions {
  /** Byte offset in the current month's file to start from; defaults to its end (only new appends). */
  fromOffset?: number;
  /** Also emit records this store appended itself (default false). */
  includeOwn?: boolean;
  onError?: (err: unknown) => void;
}

export interface Disposable {
  dispose(): void;
}

const NEWLINE = 0x0a;
const OWN_IDS_LIMIT = 10_000;

export class LedgerStore {
  private readonly now: () => number;
  private readonly offset: (ms: number) => number;
  private readonly pollMs: number;
  private readonly handles = new Map<string, Promise<FileHandle>>();
  private readonly ownIds = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private readonly followers = new Set<Follower>();

  readonly dir: string;

  constructor(dir: string, opts: LedgerStoreOptions = {}) {
    this.dir = dir;
    this.now = opts.now ?? Date.now;
    this.offset = opts.utcOffsetMinutes ?? ((ms) => -new Date(ms).getTimezoneOffset());
    this.pollMs = opts.pollMs ?? 1_000;
  }

  monthOf(ms: number): string {
    return localDayKey(ms, this.offset(ms)).slice(0, 7);
  }

  currentMonth(): string {
    return this.monthOf(this.now());
  }

  fileFor(month: string): string {
    if (!/^\d{4}-\d{2}$/.test(month)) throw new Error(`bad month ${month}`);
    return join(this.dir, `ledger-${month}.jsonl`);
  }

  /** Appends one record as one line. Appends from this store are written in call order. */
  async append(record: LedgerRecord): Promise<void> {
    // Runs synchronously up to the first await, so the queue keeps call order.
    const line = Buffer.from(serializeRecord(record), 'utf8');
    const month = this.monthOf(Date.parse(record.time));
    const done = this.queue.then(async () => {
      const fh = await this.handleFor(month);
      this.rememberOwn(record.id);
      let written = 0;
      // A regular-file write is whole in practice; the loop only guards a short write.
      while (written < line.length) {
        const { bytesWritten } = await fh.write(line, written, line.length - written);
        written += bytesWritten;
      }
    });
    this.queue = done.catch(() => undefined);
    await done;
  }

  async readMonth(month: string): Promise<ReadResult> {
    let buf: Buffer;
    try {
      buf = await readFile(this.fileFor(month));
    } catch (err) {
      if (isNotFound(err)) return { records: [], skipped: 0, endOffset: 0, partialTail: false };
      throw err;
    }
    const chunk = parseChunk(buf);
    const partialTail = chunk.consumed < buf.length;
    return { records: chunk.records, skipped: chunk.skipped + (partialTail ? 1 : 0), endOffset: chunk.consumed, partialTail };
  }

  /** Months that have a ledger file, oldest first. */
  async listMonths(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    return names.map((n) => /^ledger-(\d{4}-\d{2})\.jsonl$/.exec(n)?.[1]).filter((m): m is string => !!m).sort();
  }

  /**
   * Tails the current month's file (switching files when the month turns) and calls `listener`
   * with each batch of complete new lines. Dispose to stop.
   */
  follow(listener: (e: LedgerAppendEvent) => void, opts: FollowOptions = {}): Disposable {
    const f = new Follower(this, listener, opts, this.pollMs);
    this.followers.add(f);
    f.start();
    return { dispose: () => { f.stop(); this.followers.delete(f); } };
  }

  isOwn(id: string): boolean {
    return this.ownIds.has(id);
  }

  /** Waits for pending appends, closes files and stops followers. */
  async close(): Promise<void> {
    for (const f of this.followers) f.stop();
    this.followers.clear();
    await this.queue;
    const handles = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(handles.map(async (h) => {
      const fh = await h.catch(() => undefined);
      await fh?.close();
    }));
  }

  private handleFor(month: string): Promise<FileHandle> {
    let h = this.handles.get(month);
    if (!h) {
      h = this.openForAppend(this.fileFor(month));
      this.handles.set(month, h);
      h.catch(() => this.handles.delete(month));
    }
    return h;
  }

  private async openForAppend(path: string): Promise<FileHandle> {
    await mkdir(this.dir, { recursive: true });
    const fh = await open(path, 'a+');
    // A crash may have left a fragment without its newline: end it so our first line stands alone.
    const { size } = await fh.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await fh.read(last, 0, 1, size - 1);
      if (last[0] !== NEWLINE) await fh.write('\n');
    }
    return fh;
  }

  private rememberOwn(id: string): void {
    this.ownIds.add(id);
    if (this.ownIds.size > OWN_IDS_LIMIT) this.ownIds.delete(this.ownIds.values().next().value!);
  }
}

/** Parses every complete line of a buffer; `consumed` is the byte length up to and including the last newline. */
export function parseChunk(buf: Buffer): { records: LedgerRecord[]; skipped: number; consumed: number } {
  const end = buf.lastIndexOf(NEWLINE) + 1;
  const records: LedgerRecord[] = [];
  let skipped = 0;
  // Splitting on the newline byte is UTF-8 safe: 0x0a never occurs inside a multi-byte character.
  for (const raw of buf.subarray(0, end).toString('utf8').split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const parsed = parseRecordLine(line);
    if (parsed.ok) {
      records.push(parsed.record);
      continue;
    }
    skipped++;
    // Another process appended onto a crash fragment: the fragment is lost, the record is not.
    const at = line.indexOf(RECORD_PREFIX, 1);
    if (at > 0) {
      const rescued = parseRecordLine(line.slice(at));
      if (rescued.ok) records.push(rescued.record);
    }
  }
  return { records, skipped, consumed: end };
}

class Follower {
  private month = '';
  private offset = 0;
  private timer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  private readonly store: LedgerStore;
  private readonly listener: (e: LedgerAppendEvent) => void;
  private readonly opts: FollowOptions;
  private readonly pollMs: number;

  constructor(store: LedgerStore, listener: (e: LedgerAppendEvent) => void, opts: FollowOptions, pollMs: number) {
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
    if (!this.stopped && (records.length > 0 || chunk.skipped > 0)) {
      this.listener({ month: this.month, records, skipped: chunk.skipped });
    }
  }
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}

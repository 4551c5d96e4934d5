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
import { mkdir, open, readdir, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { localDayKey } from '../core/ledger-aggregate.ts';
import { serializeRecord, type LedgerEntry, type LedgerEvent, type LedgerRecord } from '../core/ledger-record.ts';
import { Follower, type FollowOptions, type LedgerAppendEvent } from './follow.ts';
import { isNotFound, NEWLINE, parseChunk } from './lines.ts';

export type { FollowOptions, LedgerAppendEvent } from './follow.ts';
export { parseChunk } from './lines.ts';

export interface LedgerStoreOptions {
  now?: () => number;
  /** Local UTC offset (minutes, east positive) at an instant; picks the month file. */
  utcOffsetMinutes?: (ms: number) => number;
  /** How often `follow` polls for appends from other processes. */
  pollMs?: number;
}

export interface ReadResult {
  records: LedgerRecord[];
  events: LedgerEvent[];
  /** Lines that were corrupt or partial. */
  skipped: number;
  /** Byte offset just past the last complete line: where a follower should start. */
  endOffset: number;
  /** The file ends in an incomplete line (a crash fragment, or a write in progress). */
  partialTail: boolean;
}

export interface Disposable {
  dispose(): void;
}

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
  async append(record: LedgerEntry): Promise<void> {
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
      if (isNotFound(err)) return { records: [], events: [], skipped: 0, endOffset: 0, partialTail: false };
      throw err;
    }
    const chunk = parseChunk(buf);
    const partialTail = chunk.consumed < buf.length;
    return { records: chunk.records, events: chunk.events, skipped: chunk.skipped + (partialTail ? 1 : 0), endOffset: chunk.consumed, partialTail };
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

// The ledger as the running app sees it: the JSONL store, the incremental
// aggregates fed with request and event records, this month's lines in memory,
// the router's learned statistics (this month and the previous one),
// and a notification per new line, whether this process appended it or another window did.
import { LedgerAggregate } from '../core/ledger-aggregate.ts';
import { DEFAULT_POLICY } from '../core/policy-config.ts';
import { RoutingStats } from '../core/routing-stats.ts';
import { isBlockOutcome, isEvent, upgradeLegacy, type LedgerEntry, type LedgerEvent, type LedgerRecord } from '../core/ledger-record.ts';
import type { TaskKind } from '../core/task.ts';
import { readFile } from 'node:fs/promises';
import { isNotFound, NEWLINE, parseChunk } from './lines.ts';
import { LedgerStore, type Disposable } from './store.ts';

/** About 140 lines of a typical ledger: the most the routing statistics take from last month's file between yields. */
const SLICE_BYTES = 64 * 1024;

export type RecordListener = (records: readonly LedgerRecord[]) => void;
export type EventListener = (events: readonly LedgerEvent[]) => void;

export class LedgerService {
  readonly store: LedgerStore;
  readonly aggregate: LedgerAggregate;
  /** What adaptive routing learned: fed once with every record and event this service accepts. */
  readonly routing: RoutingStats;
  private readonly monthRecords: LedgerRecord[] = [];
  private readonly monthEvents: LedgerEvent[] = [];
  private readonly listeners = new Set<RecordListener>();
  private readonly eventListeners = new Set<EventListener>();
  private follower: Disposable | undefined;
  private started: Promise<void> | undefined;
  private previousMonth: Promise<void> | undefined;
  private disposed = false;
  skippedLines = 0;

  constructor(dir: string, opts: { now?: () => number; pollMs?: number; halfLifeDays?: number } = {}) {
    this.store = new LedgerStore(dir, opts);
    this.aggregate = new LedgerAggregate({ now: opts.now });
    this.routing = new RoutingStats({ halfLifeDays: opts.halfLifeDays ?? DEFAULT_POLICY.routing.halfLifeDays });
  }

  /**
   * Loads this month and starts following appends from other processes. The previous month is then
   * read once, for the routing statistics only (their decay spans the turn of the month), without
   * holding up this month's figures: `routingLoaded()` waits for it.
   */
  start(): Promise<void> {
    this.started ??= (async () => {
      const month = this.store.currentMonth();
      const read = await this.store.readMonth(month);
      this.skippedLines += read.skipped;
      this.accept(read.records, false);
      this.acceptEvents(read.events, false);
      this.follower = this.store.follow((e) => {
        this.skippedLines += e.skipped;
        this.accept(e.records, true);
        this.acceptEvents(e.events, true);
      }, { fromOffset: read.endOffset });
      // The statistics take lines in any order, so last month's may arrive after this month's.
      this.previousMonth = this.learnFromMonth(monthBefore(month));
      this.previousMonth.catch(() => undefined);
    })();
    return this.started;
  }

  /** Resolves once the statistics hold the previous month too (rejects if it could not be read). */
  async routingLoaded(): Promise<void> {
    await this.start();
    await this.previousMonth;
  }

  /** Feeds a month's file to the routing statistics in slices, yielding between them: a big month never blocks the host for long. */
  private async learnFromMonth(month: string): Promise<void> {
    let buf: Buffer;
    try {
      buf = await readFile(this.store.fileFor(month));
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    for (let at = 0; at < buf.length && !this.disposed;) {
      const newline = buf.indexOf(NEWLINE, Math.min(buf.length - 1, at + SLICE_BYTES));
      const end = newline < 0 ? buf.length : newline + 1;
      const slice = parseChunk(buf.subarray(at, end));
      for (const r of slice.records) this.routing.addRecord(r);
      for (const e of slice.events) this.routing.addEvent(e);
      at = end;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async append(entry: LedgerEntry): Promise<void> {
    await this.store.append(entry);
    // Counted as a later read of the line will count it (a zero-cost acceptance or cache-hit record is an event).
    const read = upgradeLegacy(entry);
    if (isEvent(read)) this.acceptEvents([read], true);
    else this.accept([read], true);
  }

  /** This month's event records, oldest first. */
  events(): readonly LedgerEvent[] {
    return this.monthEvents;
  }

  /** This month's records, oldest first. */
  records(): readonly LedgerRecord[] {
    return this.monthRecords;
  }

  onRecords(listener: RecordListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Event records as they arrive (own appends and other windows'), once each. */
  onEvents(listener: EventListener): Disposable {
    this.eventListeners.add(listener);
    return { dispose: () => this.eventListeners.delete(listener) };
  }

  /** The newest request record that reached a provider (never a block or an event): the meter's "last request". */
  lastRequest(): LedgerRecord | undefined {
    for (let i = this.monthRecords.length - 1; i >= 0; i--) {
      const r = this.monthRecords[i]!;
      if (!isBlockOutcome(r.outcome)) return r;
    }
    return undefined;
  }

  /** Average output tokens of recent successful tasks of a kind, for estimates. */
  recentOutputTokens(kind: TaskKind, window = 20): number | undefined {
    const outputs: number[] = [];
    for (let i = this.monthRecords.length - 1; i >= 0 && outputs.length < window; i--) {
      const r = this.monthRecords[i]!;
      if (r.kind === kind && r.outcome === 'ok' && !r.cacheHit) outputs.push(r.tokens.output);
    }
    return outputs.length ? Math.round(outputs.reduce((a, b) => a + b, 0) / outputs.length) : undefined;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.follower?.dispose();
    this.listeners.clear();
    this.eventListeners.clear();
    await this.store.close();
  }

  private acceptEvents(events: readonly LedgerEvent[], notify: boolean): void {
    const fresh = events.filter((e) => this.aggregate.addEvent(e));
    if (!fresh.length) return;
    for (const e of fresh) this.routing.addEvent(e);
    this.monthEvents.push(...fresh);
    if (notify) for (const l of this.eventListeners) l(fresh);
  }

  private accept(records: readonly LedgerRecord[], notify: boolean): void {
    const fresh = records.filter((r) => this.aggregate.add(r));
    if (!fresh.length) return;
    for (const r of fresh) this.routing.addRecord(r);
    this.monthRecords.push(...fresh);
    if (notify) for (const l of this.listeners) l(fresh);
  }
}

/** "2026-03" -> "2026-02"; "2026-01" -> "2025-12". */
export function monthBefore(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

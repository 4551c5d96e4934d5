// Incremental ledger aggregates: per local day and month, per lane and kind. Pure; the clock is injected.
//
// Percentiles are exact, nearest-rank, over the stored samples: a month of requests is a few
// thousand numbers, so a sketch would only add error. Samples are sorted lazily on query.
//
// Latency counts attempts that ran to completion (ok, rejected, escalated), excluding cache hits.
// Savings are measured against sending everything to the deep lane, conservatively:
//   - a deep attempt saves 0 (it is what "all deep" would have done);
//   - a successful fast attempt saves its deep counterfactual minus what it cost;
//   - any other fast attempt (escalated, failed, cancelled, rejected) saves minus what it cost.
import type { LedgerRecord } from './ledger-record.ts';
import { LANES, TASK_KINDS, type LaneId, type TaskKind, type TokenUsage } from './task.ts';

export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
}

export interface Stats {
  /** Every record: provider attempts plus the free cache-hit and acceptance records. */
  count: number;
  /** Records that were provider attempts (or blocked before one): what "requests" means to a user. */
  requests: number;
  costNanos: number;
  estimateNanos: number;
  savingsNanos: number;
  errors: number;
  cacheHits: number;
  accepted: number;
  tokens: TokenUsage;
  ttft: LatencySummary;
  total: LatencySummary;
}

export interface PeriodSummary {
  /** YYYY-MM-DD or YYYY-MM, local time. */
  key: string;
  all: Stats;
  byLane: Record<LaneId, Stats>;
  byKind: Record<TaskKind, Stats>;
}

export interface AggregateOptions {
  /** ms since epoch; injected so tests (and midnight) are deterministic. */
  now?: () => number;
  /** Local UTC offset in minutes at an instant (east positive). Defaults to the process's zone. */
  utcOffsetMinutes?: (ms: number) => number;
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function savingsOf(r: LedgerRecord): number {
  if (r.lane === 'deep') return 0;
  return r.outcome === 'ok' ? r.counterfactualNanos - r.costNanos : -r.costNanos;
}

/**
 * A cache hit, or an acceptance logged as its own zero-token record: a row in the
 * ledger but no round trip to a model, so not one of the "requests" counted.
 */
export function madeNoRoundTrip(r: { cacheHit?: boolean; accepted?: boolean; tokens: { input: number; output: number } }): boolean {
  return r.cacheHit === true || (r.accepted === true && r.tokens.input === 0 && r.tokens.output === 0);
}

const RAN_TO_COMPLETION = new Set(['ok', 'rejected', 'escalated']);

class Samples {
  private values: number[] = [];
  private sorted = true;
  push(v: number): void {
    if (this.sorted && this.values.length > 0 && v < this.values[this.values.length - 1]!) this.sorted = false;
    this.values.push(v);
  }
  summary(): LatencySummary {
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    return { count: this.values.length, p50: percentile(this.values, 50), p95: percentile(this.values, 95) };
  }
}

class Accumulator {
  count = 0;
  requests = 0;
  costNanos = 0;
  estimateNanos = 0;
  savingsNanos = 0;
  errors = 0;
  cacheHits = 0;
  accepted = 0;
  tokens: TokenUsage = { input: 0, cached: 0, output: 0, reasoning: 0 };
  private ttft = new Samples();
  private total = new Samples();

  add(r: LedgerRecord): void {
    this.count++;
    const free = madeNoRoundTrip(r);
    if (!free) this.requests++;
    this.costNanos += r.costNanos;
    this.estimateNanos += r.estimateNanos;
    this.savingsNanos += savingsOf(r);
    if (r.outcome.startsWith('error:')) this.errors++;
    if (r.cacheHit) this.cacheHits++;
    if (r.accepted) this.accepted++;
    this.tokens.input += r.tokens.input;
    this.tokens.cached += r.tokens.cached;
    this.tokens.output += r.tokens.output;
    this.tokens.reasoning += r.tokens.reasoning;
    // Their timings would drag latency down.
    if (free) return;
    if (r.timings.firstTokenMs !== undefined) this.ttft.push(r.timings.firstTokenMs);
    if (RAN_TO_COMPLETION.has(r.outcome)) this.total.push(r.timings.endMs);
  }

  stats(): Stats {
    return {
      count: this.count, requests: this.requests, costNanos: this.costNanos, estimateNanos: this.estimateNanos,
      savingsNanos: this.savingsNanos, errors: this.errors, cacheHits: this.cacheHits, accepted: this.accepted,
      tokens: { ...this.tokens }, ttft: this.ttft.summary(), total: this.total.summary(),
    };
  }
}

class Bucket {
  readonly all = new Accumulator();
  readonly lanes = new Map<LaneId, Accumulator>(LANES.map((l) => [l, new Accumulator()]));
  readonly kinds = new Map<TaskKind, Accumulator>(TASK_KINDS.map((k) => [k, new Accumulator()]));
  add(r: LedgerRecord): void {
    this.all.add(r);
    this.lanes.get(r.lane)!.add(r);
    this.kinds.get(r.kind)!.add(r);
  }
  summary(key: string): PeriodSummary {
    return {
      key,
      all: this.all.stats(),
      byLane: Object.fromEntries(LANES.map((l) => [l, this.lanes.get(l)!.stats()])) as Record<LaneId, Stats>,
      byKind: Object.fromEntries(TASK_KINDS.map((k) => [k, this.kinds.get(k)!.stats()])) as Record<TaskKind, Stats>,
    };
  }
}

export class LedgerAggregate {
  private readonly days = new Map<string, Bucket>();
  private readonly months = new Map<string, Bucket>();
  private readonly seen = new Set<string>();
  private readonly now: () => number;
  private readonly offset: (ms: number) => number;

  constructor(opts: AggregateOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.offset = opts.utcOffsetMinutes ?? ((ms) => -new Date(ms).getTimezoneOffset());
  }

  /** Adds a record once; a record id seen before is ignored (own appends also arrive from the tail). */
  add(r: LedgerRecord): boolean {
    if (this.seen.has(r.id)) return false;
    this.seen.add(r.id);
    const day = this.dayKey(Date.parse(r.time));
    bucketIn(this.days, day).add(r);
    bucketIn(this.months, day.slice(0, 7)).add(r);
    return true;
  }

  addAll(records: Iterable<LedgerRecord>): void {
    for (const r of records) this.add(r);
  }

  today(): PeriodSummary {
    return this.period(this.dayKey(this.now()));
  }

  month(): PeriodSummary {
    return this.period(this.dayKey(this.now()).slice(0, 7));
  }

  /** A day (YYYY-MM-DD) or month (YYYY-MM); empty stats when nothing was recorded. */
  period(key: string): PeriodSummary {
    const bucket = (key.length === 7 ? this.months : this.days).get(key) ?? new Bucket();
    return bucket.summary(key);
  }

  /** Spend per recorded day of a month, in date order (for the panel's chart). */
  dailySpend(monthKey: string = this.dayKey(this.now()).slice(0, 7)): { day: string; costNanos: number }[] {
    return [...this.days.entries()]
      .filter(([day]) => day.startsWith(monthKey))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, b]) => ({ day, costNanos: b.all.costNanos }));
  }

  /** Local calendar day of an instant, YYYY-MM-DD. */
  dayKey(ms: number): string {
    return localDayKey(ms, this.offset(ms));
  }
}

export function localDayKey(ms: number, utcOffsetMinutes: number): string {
  return new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

function bucketIn(map: Map<string, Bucket>, key: string): Bucket {
  let b = map.get(key);
  if (!b) map.set(key, (b = new Bucket()));
  return b;
}

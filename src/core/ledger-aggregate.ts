// Incremental ledger aggregates: per local day and month, per lane and kind, from
// request records and event records. Pure; the clock is injected.
//
// Percentiles are exact, nearest-rank, over the stored samples: a month of requests is a few
// thousand numbers, so a sketch would only add error. Samples are sorted lazily on query.
//
// Requests are the records that reached a provider; blocks are counted by cause apart.
// Latency counts requests that ran to completion (ok, rejected, escalated); never events.
// Savings are counted per task against sending it to the deep lane alone. With the
// counterfactual being the other lane's price on the attempt's own usage, a task's savings
// are the sum over its attempts of:
//   - a deep attempt: 0 (deep alone pays it too);
//   - the fast attempt that ended ok: its deep counterfactual minus what it cost;
//   - any other fast attempt (escalated, failed, cancelled, rejected): minus what it cost.
// So the sum is order-free; escalation waste and the fast lane's success rate need the
// whole task and come from the per-task tracker (ledger-tasks.ts; an agent conversation's
// requests count one by one there).
// Tool calls (agent requests) are counted per attempt: made, and malformed (did not parse or
// did not match the tool's schema), so each lane's parse-failure rate is malformed / made.
import type { ToolCallCounts } from './agent-features.ts';
import { BLOCK_OUTCOMES, OUTCOME_EVENT_KINDS, isBlockOutcome, type BlockOutcome, type LedgerEvent, type LedgerEventKind, type LedgerRecord, type OutcomeEventKind } from './ledger-record.ts';
import { NO_CONTRIBUTION, TaskTracker, type TaskContribution, type TaskState } from './ledger-tasks.ts';
import { LANES, TASK_KINDS, type LaneId, type TaskKind, type TokenUsage } from './task.ts';

export interface LatencySummary {
  count: number;
  p50: number | null;
  p95: number | null;
}

export interface Stats {
  /** Every request record: requests plus blocks (events are not counted here). */
  count: number;
  /** Request records that reached a provider (blocks excluded): what "requests" means to a user. */
  requests: number;
  /** Request records that sent nothing, by cause. */
  blocks: Record<BlockOutcome, number>;
  blocked: number;
  costNanos: number;
  estimateNanos: number;
  /** Against sending every task to the deep lane alone (see above). */
  savingsNanos: number;
  /** Spent on fast attempts of tasks that then moved to the deep lane. */
  wasteNanos: number;
  errors: number;
  /** Event records by kind (counted in `all` and `byKind`; events carry no lane). */
  events: Record<OutcomeEventKind, number>;
  /** `shown` events served from the completion cache. */
  cacheHits: number;
  /** Accepted, once per request (or task). */
  accepted: number;
  /** Tasks that started on the fast lane and ended, and those of them that ended ok there. */
  fastFinished: number;
  fastOk: number;
  tokens: TokenUsage;
  /** Tool calls the attempts made (agent requests), and how many were malformed. */
  toolCalls: ToolCallCounts;
  /** Requests whose model has no price (recorded as $0, shown as "price unknown"). */
  unpriced: number;
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

/** One attempt's share of its task's savings against the deep lane alone. */
export function savingsOf(r: LedgerRecord): number {
  if (r.lane === 'deep') return 0;
  return r.outcome === 'ok' ? r.counterfactualNanos - r.costNanos : -r.costNanos;
}

/** The share of the fast lane's finished tasks that ended ok there; null before any finished. */
export function fastSuccessRate(s: Pick<Stats, 'fastFinished' | 'fastOk'>): number | null {
  return s.fastFinished > 0 ? s.fastOk / s.fastFinished : null;
}

/** Events that say what became of a request: one of each per request (or task), however often recorded. */
const ONCE_PER_REQUEST: ReadonlySet<LedgerEventKind> = new Set(['accepted', 'applied', 'rejected', 'partly_applied', 'undone']);

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

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

class Accumulator {
  count = 0;
  requests = 0;
  blocks = zeros(BLOCK_OUTCOMES);
  costNanos = 0;
  estimateNanos = 0;
  savingsNanos = 0;
  wasteNanos = 0;
  errors = 0;
  events = zeros(OUTCOME_EVENT_KINDS);
  cacheHits = 0;
  fastFinished = 0;
  fastOk = 0;
  tokens: TokenUsage = { input: 0, cached: 0, output: 0, reasoning: 0 };
  toolCalls: ToolCallCounts = { made: 0, malformed: 0 };
  unpriced = 0;
  private ttft = new Samples();
  private total = new Samples();

  add(r: LedgerRecord): void {
    this.count++;
    if (isBlockOutcome(r.outcome)) {
      this.blocks[r.outcome]++;
      return;
    }
    this.requests++;
    this.costNanos += r.costNanos;
    this.estimateNanos += r.estimateNanos;
    this.savingsNanos += savingsOf(r);
    if (r.outcome.startsWith('error:')) this.errors++;
    if (r.priceBasis === 'unknown') this.unpriced++;
    this.tokens.input += r.tokens.input;
    this.tokens.cached += r.tokens.cached;
    this.tokens.output += r.tokens.output;
    this.tokens.reasoning += r.tokens.reasoning;
    if (r.toolCalls) {
      this.toolCalls.made += r.toolCalls.made;
      this.toolCalls.malformed += r.toolCalls.malformed;
    }
    if (r.timings.firstTokenMs !== undefined) this.ttft.push(r.timings.firstTokenMs);
    if (RAN_TO_COMPLETION.has(r.outcome)) this.total.push(r.timings.endMs);
  }

  addEvent(e: LedgerEvent): void {
    // A routing reset is about the router, not an answer: nothing here counts it.
    if (e.event === 'routing_reset') return;
    this.events[e.event]++;
    if (e.event === 'shown' && e.fromCache) this.cacheHits++;
  }

  addTask(c: TaskContribution, sign: 1 | -1): void {
    this.wasteNanos += sign * c.wasteNanos;
    this.fastFinished += sign * c.fastFinished;
    this.fastOk += sign * c.fastOk;
  }

  stats(): Stats {
    const blocked = BLOCK_OUTCOMES.reduce((n, b) => n + this.blocks[b], 0);
    return {
      count: this.count, requests: this.requests, blocks: { ...this.blocks }, blocked, costNanos: this.costNanos, estimateNanos: this.estimateNanos,
      savingsNanos: this.savingsNanos, wasteNanos: this.wasteNanos, errors: this.errors, events: { ...this.events },
      cacheHits: this.cacheHits, accepted: this.events.accepted, fastFinished: this.fastFinished, fastOk: this.fastOk,
      tokens: { ...this.tokens }, toolCalls: { ...this.toolCalls }, unpriced: this.unpriced, ttft: this.ttft.summary(), total: this.total.summary(),
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
  addEvent(e: LedgerEvent): void {
    this.all.addEvent(e);
    this.kinds.get(e.kind)!.addEvent(e);
  }
  /** Waste and fast success are fast-lane figures. */
  addTask(t: TaskState, sign: 1 | -1): void {
    for (const a of [this.all, this.lanes.get('fast')!, this.kinds.get(t.kind)!]) a.addTask(t.contribution, sign);
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
  private readonly tasks = new TaskTracker();
  private readonly now: () => number;
  private readonly offset: (ms: number) => number;

  constructor(opts: AggregateOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.offset = opts.utcOffsetMinutes ?? ((ms) => -new Date(ms).getTimezoneOffset());
  }

  /** Adds a request record once; a record id seen before is ignored (own appends also arrive from the tail). */
  add(r: LedgerRecord): boolean {
    if (this.seen.has(r.id)) return false;
    this.seen.add(r.id);
    this.buckets(Date.parse(r.time), (b) => b.add(r));
    const { before, after } = this.tasks.add(r);
    if (before && before.contribution !== NO_CONTRIBUTION) this.buckets(before.firstMs, (b) => b.addTask(before, -1));
    if (after.contribution !== NO_CONTRIBUTION) this.buckets(after.firstMs, (b) => b.addTask(after, 1));
    return true;
  }

  /**
   * Adds an event record once. Accepted, applied, rejected, partly applied and undone count
   * once per request (or task, for events that name no request), however often recorded.
   */
  addEvent(e: LedgerEvent): boolean {
    if (this.seen.has(e.id)) return false;
    this.seen.add(e.id);
    if (ONCE_PER_REQUEST.has(e.event)) {
      const key = `${e.event}:${e.requestId ?? `task:${e.taskId}`}`;
      if (this.seen.has(key)) return false;
      this.seen.add(key);
    }
    this.buckets(Date.parse(e.time), (b) => b.addEvent(e));
    return true;
  }

  addAll(records: Iterable<LedgerRecord>, events: Iterable<LedgerEvent> = []): void {
    for (const r of records) this.add(r);
    for (const e of events) this.addEvent(e);
  }

  /** What the task's attempts so far add up to; key from taskKeyOf (an agent conversation counts per request). */
  task(key: string): TaskState | undefined {
    return this.tasks.get(key);
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

  private buckets(ms: number, fn: (b: Bucket) => void): void {
    const day = this.dayKey(ms);
    fn(bucketIn(this.days, day));
    fn(bucketIn(this.months, day.slice(0, 7)));
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

// What the ledger taught the router: per task shape and lane, decayed counts of judged
// attempts and their successes, and decayed sums for mean cost and time; per completion
// shape, decayed counts of answers shown and accepted. Fed one line at a time, in any order
// (windows share a ledger; events may precede their record), each id once. Pure: no I/O, no
// clock; times come from the lines and from the caller.
//
// Judging an attempt record that carries `routing`:
// - outcome `ok` is a success, unless a `rejected` or `undone` event names its request (or
//   names its task without a requestId, and this is an ok attempt of the task): then a failure,
//   and a vetoed one (the validator missed it), kept apart so the decision can price it;
// - outcomes `escalated` and `rejected` are failures of that lane;
// - errors, `cancelled`, `fell_back` and blocks are not judged (they say nothing of quality; the
//   breakers handle faults). `accepted`, `applied` and `partly_applied` confirm a success.
// A completion answer counts as shown once per request (its ok record, or a `shown` event that
// is not from the cache), plus once per `shown` event served from the cache; accepted once per
// request, at its first `accepted` event.
//
// Every request keeps what it currently adds to the sums, so a late event (a veto, an
// acceptance) or a reset takes it out and puts the new figures in exactly (routing-decay.ts):
// fed the same lines in any order, the stats are identical. Memory: one small entry per request
// fed (the month's, and the previous month's read once at start) plus one per shape; a lookup
// is a map read and a few multiplications, never a scan.
import { isBlockOutcome, type LedgerEvent, type LedgerRecord } from './ledger-record.ts';
import { taskKeyOf } from './ledger-tasks.ts';
import { DecayClock } from './routing-decay.ts';
import { shapeFromKey } from './routing-shape.ts';
import type { LaneFigures, RoutingNote, RoutingView, ShapeFigures } from './routing-types.ts';
import type { LaneId, TaskKind } from './task.ts';
import { versusStaticOf, type StaticComparison, type TaskAttempt } from './routing-versus.ts';

export type { StaticComparison } from './routing-versus.ts';

type Slot = LaneId | 'shown' | 'accepted';

/** One weighted observation in the sums. */
interface Part {
  shape: string;
  slot: Slot;
  timeMs: number;
  /** Lanes: the attempt succeeded; or it passed validation and was then rejected or undone (a veto). */
  ok: boolean;
  vetoed: boolean;
  costNanos: number;
  /** Tenths of a millisecond, so the sum stays an integer. */
  ms10: number;
  /** The weight it was added with (recomputed when the clock's reference moves). */
  w: bigint;
}

interface Attempt extends TaskAttempt {
  kind: TaskKind;
  timeMs: number;
  ms10: number;
}

interface EventMark { id: string; event: LedgerEvent['event']; timeMs: number; fromCache: boolean }

/** One request record (by id): the record once it arrives, the events that name it, and what it adds now. */
interface Request {
  rec?: Attempt;
  events: EventMark[];
  parts: Part[];
}

interface Sums { n: bigint; ok: bigint; vetoed: bigint; cost: bigint; ms10: bigint }
interface ShapeSums {
  lanes: Record<LaneId, Sums>;
  shown: bigint;
  accepted: bigint;
  /** Observations currently in the sums: the shape "has data" while this is above 0. */
  parts: number;
  /** Read from the key once (routing-shape.ts). */
  label: string;
  completion: boolean;
}

const VETO = new Set<LedgerEvent['event']>(['rejected', 'undone']);
const FAILED = new Set<string>(['escalated', 'rejected']);
const zeroSums = (): Sums => ({ n: 0n, ok: 0n, vetoed: 0n, cost: 0n, ms10: 0n });

export class RoutingStats implements RoutingView {
  private readonly clock: DecayClock;
  private readonly seen = new Set<string>();
  private readonly requests = new Map<string, Request>();
  /** Events that name a task but no request, by task id; and the request ids of each task. */
  private readonly taskEvents = new Map<string, EventMark[]>();
  private readonly taskRequests = new Map<string, Set<string>>();
  private readonly shapes = new Map<string, ShapeSums>();
  /** Resets: what was learned before these times is forgotten, per kind and per shape. */
  private readonly kindCut = new Map<TaskKind, number>();
  private readonly shapeCut = new Map<string, number>();
  private versusCache: Map<string, StaticComparison> | undefined;

  constructor(opts: { halfLifeDays: number }) {
    this.clock = new DecayClock(opts.halfLifeDays);
  }

  addRecord(r: LedgerRecord): void {
    if (!r.routing || this.seen.has(r.id)) return;
    this.seen.add(r.id);
    const timeMs = Date.parse(r.time);
    if (!Number.isFinite(timeMs)) return;
    this.see(timeMs);
    const req = this.request(r.id);
    req.rec = attemptOf(r, r.routing, timeMs);
    let ids = this.taskRequests.get(r.taskId);
    if (!ids) this.taskRequests.set(r.taskId, ids = new Set());
    ids.add(r.id);
    this.refresh(req);
    this.versusCache = undefined;
  }

  addEvent(e: LedgerEvent): void {
    if (this.seen.has(e.id)) return;
    this.seen.add(e.id);
    const timeMs = Date.parse(e.time);
    if (!Number.isFinite(timeMs)) return;
    this.see(timeMs);
    if (e.event === 'routing_reset') return this.reset(e.kind, e.shape, timeMs);
    // Confirmations change nothing: an ok attempt is already a success.
    if (e.event === 'applied' || e.event === 'partly_applied') return;
    const mark: EventMark = { id: e.id, event: e.event, timeMs, fromCache: e.fromCache === true };
    if (e.requestId !== undefined) {
      const req = this.request(e.requestId);
      req.events.push(mark);
      this.refresh(req);
      return;
    }
    const list = this.taskEvents.get(e.taskId) ?? [];
    list.push(mark);
    this.taskEvents.set(e.taskId, list);
    for (const id of this.taskRequests.get(e.taskId) ?? []) this.refresh(this.requests.get(id)!);
  }

  figures(shapeKey: string, nowMs: number): ShapeFigures | undefined {
    const s = this.shapes.get(shapeKey);
    if (!s || s.parts === 0) return undefined;
    const v = (sum: bigint) => this.clock.value(sum, nowMs);
    const lane = (x: Sums): LaneFigures => {
      if (x.n === 0n) return { n: 0, ok: 0 };
      const n = Number(x.n);
      return { n: v(x.n), ok: v(x.ok), vetoed: v(x.vetoed), meanCostNanos: Number(x.cost) / n, meanMs: Number(x.ms10) / n / 10 };
    };
    return {
      shape: shapeKey,
      label: s.label,
      lanes: { fast: lane(s.lanes.fast), deep: lane(s.lanes.deep) },
      ...(s.completion ? { completions: { shown: v(s.shown), accepted: v(s.accepted) } } : {}),
    };
  }

  /** Every shape with data, sorted by key, decayed to `nowMs`. */
  table(nowMs: number): ShapeFigures[] {
    return [...this.shapes.keys()].sort().flatMap((k) => this.figures(k, nowMs) ?? []);
  }

  /**
   * Per shape: the tasks whose first lane differed from the static table, and what that saved (+)
   * or cost (-) against it, estimated by repricing the same usage (routing-versus.ts says how).
   * Tasks forgotten by a reset are left out.
   */
  versusStatic(): Map<string, StaticComparison> {
    if (!this.versusCache) {
      const tasks = new Map<string, TaskAttempt[]>();
      for (const req of this.requests.values()) {
        const a = req.rec;
        if (!a || isBlockOutcome(a.outcome) || this.forgotten(a.kind, a.shape, a.timeMs)) continue;
        const list = tasks.get(a.taskKey) ?? [];
        list.push(a);
        tasks.set(a.taskKey, list);
      }
      this.versusCache = versusStaticOf(tasks.values());
    }
    return this.versusCache;
  }

  private request(id: string): Request {
    let req = this.requests.get(id);
    if (!req) this.requests.set(id, req = { events: [], parts: [] });
    return req;
  }

  /** A new latest time may move the decay reference: then every stored weight is recomputed. */
  private see(timeMs: number): void {
    if (!this.clock.see(timeMs)) return;
    for (const s of this.shapes.values()) {
      s.lanes = { fast: zeroSums(), deep: zeroSums() };
      s.shown = 0n;
      s.accepted = 0n;
      s.parts = 0;
    }
    for (const req of this.requests.values()) {
      for (const p of req.parts) {
        p.w = this.clock.weight(p.timeMs);
        this.apply(p, 1n);
      }
    }
  }

  private reset(kind: TaskKind, shape: string | undefined, timeMs: number): void {
    if (shape !== undefined) this.shapeCut.set(shape, Math.max(this.shapeCut.get(shape) ?? -Infinity, timeMs));
    else this.kindCut.set(kind, Math.max(this.kindCut.get(kind) ?? -Infinity, timeMs));
    for (const req of this.requests.values()) {
      if (req.rec && (shape !== undefined ? req.rec.shape === shape : req.rec.kind === kind)) this.refresh(req);
    }
    this.versusCache = undefined;
  }

  private forgotten(kind: TaskKind, shape: string, timeMs: number): boolean {
    return timeMs < Math.max(this.kindCut.get(kind) ?? -Infinity, this.shapeCut.get(shape) ?? -Infinity);
  }

  /** Takes the request's parts out of the sums, works them out again, and puts them back. */
  private refresh(req: Request): void {
    for (const p of req.parts) this.apply(p, -1n);
    req.parts = req.rec ? this.partsOf(req.rec, req.events) : [];
    for (const p of req.parts) this.apply(p, 1n);
  }

  private partsOf(a: Attempt, own: readonly EventMark[]): Part[] {
    const events = a.outcome === 'ok' ? [...own, ...(this.taskEvents.get(a.taskId) ?? [])] : own;
    const parts: Part[] = [];
    const add = (slot: Slot, timeMs: number, ok = false, vetoed = false) => {
      if (!this.forgotten(a.kind, a.shape, timeMs)) {
        parts.push({ shape: a.shape, slot, timeMs, ok, vetoed, costNanos: a.costNanos, ms10: a.ms10, w: this.clock.weight(timeMs) });
      }
    };
    if (a.outcome === 'ok') {
      const vetoed = events.some((e) => VETO.has(e.event));
      add(a.lane, a.timeMs, !vetoed, vetoed);
    }
    else if (FAILED.has(a.outcome)) add(a.lane, a.timeMs, false);
    if (a.kind === 'completion') {
      const plain = events.filter((e) => e.event === 'shown' && !e.fromCache).map((e) => e.timeMs);
      if (a.outcome === 'ok') add('shown', a.timeMs);
      else if (plain.length > 0) add('shown', Math.min(...plain));
      for (const e of events) if (e.event === 'shown' && e.fromCache) add('shown', e.timeMs);
      const accepts = events.filter((e) => e.event === 'accepted').map((e) => e.timeMs);
      if (accepts.length > 0) add('accepted', Math.min(...accepts));
    }
    return parts;
  }

  private apply(p: Part, sign: 1n | -1n): void {
    let s = this.shapes.get(p.shape);
    if (!s) {
      const shape = shapeFromKey(p.shape);
      s = { lanes: { fast: zeroSums(), deep: zeroSums() }, shown: 0n, accepted: 0n, parts: 0, label: shape?.label ?? p.shape, completion: shape?.kind === 'completion' };
      this.shapes.set(p.shape, s);
    }
    s.parts += Number(sign);
    const w = p.w * sign;
    if (p.slot === 'shown') s.shown += w;
    else if (p.slot === 'accepted') s.accepted += w;
    else {
      const x = s.lanes[p.slot];
      x.n += w;
      if (p.ok) x.ok += w;
      if (p.vetoed) x.vetoed += w;
      x.cost += w * BigInt(p.costNanos);
      x.ms10 += w * BigInt(p.ms10);
    }
  }
}

function attemptOf(r: LedgerRecord, note: RoutingNote, timeMs: number): Attempt {
  return {
    taskId: r.taskId, taskKey: taskKeyOf(r), kind: r.kind, shape: note.shape, note, lane: r.lane, attempt: r.attempt,
    outcome: r.outcome, timeMs, costNanos: Math.round(r.costNanos), counterfactualNanos: Math.round(r.counterfactualNanos),
    ms10: Math.max(0, Math.round(r.timings.endMs * 10)),
  };
}

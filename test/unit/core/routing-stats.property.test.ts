// Property: fed the same ledger lines in any order (events before their records, lines read
// twice, resets anywhere), the routing statistics are identical, bit for bit, to a recomputation
// in time order; and they equal a direct computation from the rules, weight by weight.
// Failing cases are kept in routing-stats-corpus.json and replayed first.
import * as assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { LedgerEvent, LedgerOutcome, LedgerRecord } from '../../../src/core/ledger-record.ts';
import { RoutingStats } from '../../../src/core/routing-stats.ts';
import type { ShapeFigures } from '../../../src/core/routing-types.ts';
import type { LaneId, TaskKind } from '../../../src/core/task.ts';
import { record } from '../helpers/ledger-fixtures.ts';
import { SeedCorpus } from '../helpers/seed-corpus.ts';

const SHAPES = [
  { key: 'quickEdit|python|40-80', kind: 'quickEdit', staticLane: 'fast' },
  { key: 'refactor|go|2-4', kind: 'refactor', staticLane: 'deep' },
  { key: 'completion|typescript', kind: 'completion', staticLane: 'fast' },
] as const;
const OUTCOMES: LedgerOutcome[] = ['ok', 'escalated', 'rejected', 'fell_back', 'cancelled', 'error:server', 'blocked_budget'];
const EVENTS = ['rejected', 'undone', 'accepted', 'applied', 'shown'] as const;
const HALF_LIFE_DAYS = 14;
const MINUTE = 60_000;
const T0 = Date.parse('2026-02-01T00:00:00.000Z');
const NOW = T0 + 70 * 24 * 60 * MINUTE;

interface Try { lane: LaneId; outcome: LedgerOutcome; minute: number; cost: number; ms: number }
interface Ev { event: (typeof EVENTS)[number]; attempt: number | null; minute: number; fromCache: boolean }
interface Task { shape: number; tries: Try[]; events: Ev[] }
interface Reset { kind: TaskKind; shape: number | null; minute: number }
interface Case { tasks: Task[]; resets: Reset[]; order: number[]; dups: number[] }

const minute = fc.integer({ min: 0, max: 60 * 24 * 60 });
const caseArb: fc.Arbitrary<Case> = fc.record({
  tasks: fc.array(fc.record({
    shape: fc.integer({ min: 0, max: SHAPES.length - 1 }),
    tries: fc.array(fc.record({
      lane: fc.constantFrom<LaneId>('fast', 'deep'), outcome: fc.constantFrom(...OUTCOMES), minute,
      cost: fc.integer({ min: 0, max: 500_000_000 }), ms: fc.integer({ min: 0, max: 1_200_000 }).map((x) => x / 10),
    }), { minLength: 1, maxLength: 3 }),
    events: fc.array(fc.record({
      event: fc.constantFrom(...EVENTS), attempt: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }), minute, fromCache: fc.boolean(),
    }), { maxLength: 3 }),
  }), { maxLength: 10 }),
  resets: fc.array(fc.record({
    kind: fc.constantFrom<TaskKind>('quickEdit', 'refactor', 'completion'), shape: fc.option(fc.integer({ min: 0, max: SHAPES.length - 1 }), { nil: null }), minute,
  }), { maxLength: 2 }),
  order: fc.array(fc.nat(), { maxLength: 40 }),
  dups: fc.array(fc.nat(), { maxLength: 6 }),
});

const CORPUS = new SeedCorpus<Case>(join(dirname(new URL(import.meta.url).pathname), 'routing-stats-corpus.json'));
const RUNS = Number(process.env.SWITCHYARD_ROUTING_RUNS ?? 300);
const at = (m: number) => new Date(T0 + m * MINUTE).toISOString();

function linesOf(c: Case): { records: LedgerRecord[]; events: LedgerEvent[] } {
  const records: LedgerRecord[] = [];
  const events: LedgerEvent[] = [];
  c.tasks.forEach((t, i) => {
    const shape = SHAPES[t.shape]!;
    t.tries.forEach((a, j) => records.push(record({
      id: `t${i}a${j}`, taskId: `t${i}`, attempt: j, kind: shape.kind, lane: a.lane, outcome: a.outcome, time: at(a.minute),
      costNanos: a.cost, counterfactualNanos: Math.round(a.cost * (a.lane === 'fast' ? 3.3 : 0.3)), timings: { endMs: a.ms },
      routing: { shape: shape.key, staticLane: shape.staticLane, basis: 'prior', ...(j % 2 ? { fast: { ok: 1.5, n: 4 } } : {}) },
    })));
    t.events.forEach((e, k) => events.push({
      v: 1, type: 'event', id: `t${i}e${k}`, time: at(e.minute), event: e.event, taskId: `t${i}`, kind: shape.kind,
      ...(e.attempt !== null ? { requestId: `t${i}a${e.attempt}` } : {}), ...(e.event === 'shown' && e.fromCache ? { fromCache: true } : {}),
    }));
  });
  c.resets.forEach((r, k) => events.push({
    v: 1, type: 'event', id: `reset${k}`, time: at(r.minute), event: 'routing_reset', taskId: `reset${k}`,
    kind: r.shape !== null ? SHAPES[r.shape]!.kind : r.kind, ...(r.shape !== null ? { shape: SHAPES[r.shape]!.key } : {}),
  }));
  return { records, events };
}

function feed(lines: (LedgerRecord | LedgerEvent)[]): RoutingStats {
  const s = new RoutingStats({ halfLifeDays: HALF_LIFE_DAYS });
  for (const x of lines) if ('type' in x && x.type === 'event') s.addEvent(x); else s.addRecord(x as LedgerRecord);
  return s;
}

/** The rules applied directly to the whole set of lines, with float weights 2^-(age / half-life). */
function direct(c: Case): Map<string, { fast: number[]; deep: number[]; shown: number; accepted: number }> {
  const { records, events } = linesOf(c);
  const w = (iso: string) => 2 ** (-(NOW - Date.parse(iso)) / (HALF_LIFE_DAYS * 24 * 60 * MINUTE));
  const cut = (kind: TaskKind, shape: string) => Math.max(-Infinity, ...events.filter((e) => e.event === 'routing_reset' && (e.shape !== undefined ? e.shape === shape : e.kind === kind)).map((e) => Date.parse(e.time)));
  const out = new Map<string, { fast: number[]; deep: number[]; shown: number; accepted: number }>();
  const row = (k: string) => out.get(k) ?? out.set(k, { fast: [0, 0, 0, 0, 0], deep: [0, 0, 0, 0, 0], shown: 0, accepted: 0 }).get(k)!;
  for (const r of records) {
    const shape = r.routing!.shape;
    const live = (iso: string) => Date.parse(iso) >= cut(r.kind, shape);
    const mine = events.filter((e) => e.requestId === r.id || (e.requestId === undefined && r.outcome === 'ok' && e.taskId === r.taskId && e.event !== 'routing_reset'));
    const judged = r.outcome === 'ok' || r.outcome === 'escalated' || r.outcome === 'rejected';
    if (judged && live(r.time)) {
      const vetoed = r.outcome === 'ok' && mine.some((e) => e.event === 'rejected' || e.event === 'undone');
      const ok = r.outcome === 'ok' && !vetoed;
      const x = row(shape)[r.lane];
      const wt = w(r.time);
      x[0]! += wt; x[1]! += ok ? wt : 0; x[2]! += wt * r.costNanos; x[3]! += wt * Math.round(r.timings.endMs * 10) / 10; x[4]! += vetoed ? wt : 0;
    }
    if (r.kind !== 'completion') continue;
    const plain = mine.filter((e) => e.event === 'shown' && !e.fromCache).map((e) => e.time).sort();
    const shows = [...(r.outcome === 'ok' ? [r.time] : plain.slice(0, 1)), ...mine.filter((e) => e.event === 'shown' && e.fromCache).map((e) => e.time)];
    for (const t of shows) if (live(t)) row(shape).shown += w(t);
    const accepted = mine.filter((e) => e.event === 'accepted').map((e) => e.time).sort()[0];
    if (accepted && live(accepted)) row(shape).accepted += w(accepted);
  }
  return out;
}

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)), `${what}: ${a} vs ${b}`);

function checkCase(c: Case): void {
  const { records, events } = linesOf(c);
  const lines = [...records, ...events];
  // Shuffled by the case's order keys, with some lines read twice.
  const dup = lines.length ? c.dups.map((d) => lines[d % lines.length]!) : [];
  const shuffled = [...lines, ...dup].map((x, i) => ({ x, k: (c.order[i % Math.max(1, c.order.length)] ?? 0) * 1000 + i })).sort((a, b) => a.k - b.k).map((e) => e.x);
  const inOrder = [...lines].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const one = feed(shuffled);
  const other = feed(inOrder);
  assert.deepEqual(one.table(NOW), other.table(NOW), 'any order equals a recomputation in time order');
  assert.deepEqual(one.versusStatic(), other.versusStatic());
  const want = direct(c);
  const got = new Map(one.table(NOW).map((f: ShapeFigures) => [f.shape, f]));
  for (const shape of got.keys()) assert.ok(want.has(shape), `${shape} has no data by the rules`);
  for (const [shape, d] of want) {
    const f = got.get(shape);
    const any = d.fast[0]! + d.deep[0]! + d.shown + d.accepted;
    if (!f) {
      assert.equal(any, 0, `${shape} has data`);
      continue;
    }
    for (const lane of ['fast', 'deep'] as const) {
      const [n, ok, cost, ms, vetoed] = d[lane] as [number, number, number, number, number];
      near(f.lanes[lane].n, n, `${shape} ${lane} n`);
      near(f.lanes[lane].ok, ok, `${shape} ${lane} ok`);
      near(f.lanes[lane].vetoed ?? 0, vetoed, `${shape} ${lane} vetoed`);
      if (n > 0) {
        near(f.lanes[lane].meanCostNanos!, cost / n, `${shape} ${lane} mean cost`);
        near(f.lanes[lane].meanMs!, ms / n, `${shape} ${lane} mean ms`);
      }
    }
    if (f.completions) {
      near(f.completions.shown, d.shown, `${shape} shown`);
      near(f.completions.accepted, d.accepted, `${shape} accepted`);
    }
  }
}

describe('routing statistics: incremental equals recomputation', () => {
  it('the kept corpus', () => {
    for (const c of CORPUS.cases(3)) checkCase(c);
  });

  it('random ledgers in any order', () => {
    CORPUS.check(fc.property(caseArb, (c) => { checkCase(c); }), { seed: 17_2026, numRuns: RUNS });
  });
});

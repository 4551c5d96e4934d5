// The routing statistics: judging attempts, events in any order, decay, resets, completions,
// and what learning saved against the static table, worked out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LedgerEvent, LedgerRecord } from '../../../src/core/ledger-record.ts';
import { RoutingStats } from '../../../src/core/routing-stats.ts';
import type { RoutingNote } from '../../../src/core/routing-types.ts';
import { record } from '../helpers/ledger-fixtures.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-10T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const SHAPE = 'quickEdit|python|40-80';
const note = (over: Partial<RoutingNote> = {}): RoutingNote => ({ shape: SHAPE, staticLane: 'fast', basis: 'prior', ...over });

function attempt(over: Partial<LedgerRecord> & { at?: number } = {}): LedgerRecord {
  const { at, ...rest } = over;
  return record({ kind: 'quickEdit', time: iso(at ?? T0), routing: note(), costNanos: 1_000_000, timings: { endMs: 2_000 }, ...rest });
}

let seq = 0;
function event(over: Partial<LedgerEvent> & { at?: number; event: LedgerEvent['event'] }): LedgerEvent {
  const { at, ...rest } = over;
  return { v: 1, type: 'event', id: `e${++seq}`, time: iso(at ?? T0 + 1000), taskId: 't?', kind: 'quickEdit', ...rest };
}

const stats = () => new RoutingStats({ halfLifeDays: 14 });
// Decayed figures are floating point; 1e-6 is far below any difference the router acts on.
const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b)), `${msg ?? ''} ${a} vs ${b}`);
const closeAll = (a: number[], b: number[], msg?: string) => a.forEach((x, i) => close(x, b[i]!, msg));

describe('routing statistics', () => {
  it('judges ok as a success, escalated and rejected as failures, and ignores errors, cancels, fallbacks, blocks and unrouted records', () => {
    const s = stats();
    s.addRecord(attempt({ id: 'a', outcome: 'ok', costNanos: 1_000_000, timings: { endMs: 1_000 } }));
    s.addRecord(attempt({ id: 'b', outcome: 'escalated', costNanos: 3_000_000, timings: { endMs: 3_000 } }));
    s.addRecord(attempt({ id: 'c', outcome: 'rejected', costNanos: 2_000_000, timings: { endMs: 2_000 } }));
    for (const outcome of ['error:server', 'cancelled', 'fell_back', 'blocked_budget'] as const) s.addRecord(attempt({ outcome }));
    s.addRecord(attempt({ routing: undefined }));
    s.addRecord(attempt({ id: 'd', lane: 'deep', outcome: 'ok', costNanos: 9_000_000, timings: { endMs: 7_400 } }));
    const f = s.figures(SHAPE, T0)!;
    assert.equal(f.label, 'quick edit, Python, 40-80 lines');
    close(f.lanes.fast.n, 3);
    close(f.lanes.fast.ok, 1);
    close(f.lanes.fast.meanCostNanos!, 2_000_000);
    close(f.lanes.fast.meanMs!, 2_000);
    close(f.lanes.deep.n, 1);
    close(f.lanes.deep.meanCostNanos!, 9_000_000);
    assert.equal(f.completions, undefined);
    assert.equal(s.figures('quickEdit|go|0-10', T0), undefined);
  });

  it('counts each id once', () => {
    const s = stats();
    const r = attempt({ outcome: 'ok' });
    s.addRecord(r);
    s.addRecord(r);
    s.addRecord({ ...r });
    close(s.figures(SHAPE, T0)!.lanes.fast.n, 1);
  });

  it('a rejected or undone event naming the request turns its success into a failure, before or after the record', () => {
    for (const kind of ['rejected', 'undone'] as const) {
      const before = stats();
      const after = stats();
      const r = attempt({ id: `r-${kind}`, outcome: 'ok' });
      const e = event({ event: kind, requestId: r.id, taskId: r.taskId });
      before.addEvent(e);
      before.addRecord(r);
      after.addRecord(r);
      close(after.figures(SHAPE, T0)!.lanes.fast.ok, 1);
      close(after.figures(SHAPE, T0)!.lanes.fast.vetoed!, 0);
      after.addEvent(e);
      for (const s of [before, after]) {
        const fast = s.figures(SHAPE, T0)!.lanes.fast;
        // The failure is a veto: the validator let the answer through.
        closeAll([fast.n, fast.ok, fast.vetoed!], [1, 0, 1], kind);
      }
    }
  });

  it('an event naming only the task vetoes its ok attempt, not its escalated one; confirmations change nothing', () => {
    const s = stats();
    const failed = attempt({ id: 'x1', taskId: 'tx', attempt: 0, outcome: 'escalated' });
    const ok = attempt({ id: 'x2', taskId: 'tx', attempt: 1, lane: 'deep', outcome: 'ok' });
    s.addEvent(event({ event: 'applied', taskId: 'tx', requestId: 'x2' }));
    s.addRecord(failed);
    s.addRecord(ok);
    close(s.figures(SHAPE, T0)!.lanes.deep.ok, 1);
    s.addEvent(event({ event: 'undone', taskId: 'tx' }));
    const f = s.figures(SHAPE, T0)!;
    closeAll([f.lanes.fast.n, f.lanes.fast.ok, f.lanes.deep.n, f.lanes.deep.ok], [1, 0, 1, 0]);
    // The escalated fast attempt is a caught failure, the undone deep answer a vetoed one.
    closeAll([f.lanes.fast.vetoed!, f.lanes.deep.vetoed!], [0, 1]);
  });

  it('vetoed successes decay like the other sums, and a failed attempt is never a veto', () => {
    const s = stats();
    s.addRecord(attempt({ id: 'v1', taskId: 'tv1', outcome: 'ok', at: T0 }));
    s.addEvent(event({ event: 'rejected', requestId: 'v1', taskId: 'tv1', at: T0 + 1000 }));
    s.addRecord(attempt({ id: 'v2', taskId: 'tv2', outcome: 'ok', at: T0 + 14 * DAY }));
    s.addEvent(event({ event: 'undone', requestId: 'v2', taskId: 'tv2', at: T0 + 14 * DAY + 1000 }));
    // An escalated attempt that a later event also rejects stays a caught failure.
    s.addRecord(attempt({ id: 'v3', taskId: 'tv3', outcome: 'escalated', at: T0 + 14 * DAY }));
    s.addEvent(event({ event: 'rejected', requestId: 'v3', taskId: 'tv3', at: T0 + 14 * DAY + 1000 }));
    s.addRecord(attempt({ id: 'v4', taskId: 'tv4', outcome: 'ok', at: T0 + 14 * DAY }));
    const f = s.figures(SHAPE, T0 + 14 * DAY)!.lanes.fast;
    // Weights: v1 one half-life old (0.5), the others 1 each.
    closeAll([f.n, f.ok, f.vetoed!], [3.5, 1, 1.5]);
    closeAll([s.figures(SHAPE, T0 + 28 * DAY)!.lanes.fast.vetoed!], [0.75]);
  });

  it('decays: an attempt one half-life old weighs half, two weigh a quarter; means are unchanged by decay', () => {
    const s = stats();
    s.addRecord(attempt({ outcome: 'ok', at: T0, costNanos: 1_000_000 }));
    s.addRecord(attempt({ outcome: 'escalated', at: T0 + 14 * DAY, costNanos: 3_000_000 }));
    const now = T0 + 14 * DAY;
    const f = s.figures(SHAPE, now)!.lanes.fast;
    close(f.n, 1.5);
    close(f.ok, 0.5);
    // Weighted mean: (0.5 x 1,000,000 + 1 x 3,000,000) / 1.5.
    close(f.meanCostNanos!, 3_500_000 / 1.5);
    const later = s.figures(SHAPE, now + 14 * DAY)!.lanes.fast;
    close(later.n, 0.75);
    close(later.meanCostNanos!, f.meanCostNanos!);
  });

  it('a reset forgets its kind (or one shape) before its time, whatever order the lines arrive in', () => {
    const other = 'quickEdit|go|0-10';
    const lines = [
      attempt({ id: 'old', outcome: 'ok', at: T0 }),
      attempt({ id: 'old-go', outcome: 'ok', at: T0, routing: note({ shape: other }) }),
      attempt({ id: 'new', outcome: 'escalated', at: T0 + 2 * DAY }),
      attempt({ id: 'refactor', kind: 'refactor', outcome: 'ok', at: T0, routing: note({ shape: 'refactor|python|2-4', staticLane: 'deep' }), lane: 'deep' }),
    ];
    const reset = event({ event: 'routing_reset', kind: 'quickEdit', shape: SHAPE, at: T0 + DAY, taskId: 'reset' });
    const kindReset = event({ event: 'routing_reset', kind: 'quickEdit', at: T0 + DAY / 2, taskId: 'reset2' });
    const orders = [[...lines, reset, kindReset], [reset, kindReset, ...lines], [lines[2]!, reset, lines[0]!, kindReset, lines[3]!, lines[1]!]];
    const results = orders.map((order) => {
      const s = stats();
      for (const x of order) if ('type' in x) s.addEvent(x); else s.addRecord(x);
      return s;
    });
    for (const s of results) {
      const f = s.figures(SHAPE, T0 + 2 * DAY)!.lanes.fast;
      closeAll([f.n, f.ok], [1, 0], 'only the attempt after the reset is left');
      assert.equal(s.figures(other, T0 + 2 * DAY), undefined, 'the kind-wide reset forgot the other shape');
      assert.ok(s.figures('refactor|python|2-4', T0 + 2 * DAY), 'other kinds are untouched');
      assert.deepEqual(s.table(T0 + 2 * DAY), results[0]!.table(T0 + 2 * DAY));
    }
  });

  it('completions: shows (the ok record, or a plain shown event, plus each cache show) and acceptances once per request', () => {
    const s = stats();
    const cshape = 'completion|typescript';
    const c = (id: string) => attempt({ id, taskId: `t-${id}`, kind: 'completion', routing: note({ shape: cshape }), outcome: 'ok' });
    // Events first: the records arrive later (another window's lines).
    s.addEvent(event({ event: 'accepted', requestId: 'c1', taskId: 't-c1', kind: 'completion', at: T0 + 7 * DAY }));
    s.addEvent(event({ event: 'accepted', requestId: 'c1', taskId: 't-c1', kind: 'completion', at: T0 + 7 * DAY }));
    s.addEvent(event({ event: 'shown', requestId: 'c1', taskId: 't-c1', kind: 'completion', fromCache: true, at: T0 + 7 * DAY }));
    s.addEvent(event({ event: 'shown', requestId: 'c2', taskId: 't-c2', kind: 'completion', at: T0 + 7 * DAY }));
    assert.equal(s.figures(cshape, T0), undefined, 'events alone say nothing until their record names the shape');
    for (const id of ['c1', 'c2', 'c3']) s.addRecord(c(id));
    const f = s.figures(cshape, T0 + 7 * DAY)!;
    assert.equal(f.label, 'completion, TypeScript');
    assert.ok(f.completions);
    // Three ok records half a half-life before `now`; one cache show and the acceptance at `now`.
    const w = 2 ** -0.5;
    close(f.completions.shown, 3 * w + 1);
    close(f.completions.accepted, 1);
  });

  it('table: every shape with data, sorted by key', () => {
    const s = stats();
    s.addRecord(attempt({ routing: note({ shape: 'refactor|go|2-4', staticLane: 'deep' }), kind: 'refactor', lane: 'deep' }));
    s.addRecord(attempt());
    s.addRecord(attempt({ outcome: 'error:timeout', routing: note({ shape: 'agent|python|0-4000|act' }), kind: 'agent' }));
    assert.deepEqual(s.table(T0).map((f) => f.shape), [SHAPE, 'refactor|go|2-4']);
  });

  it('versus static: a task sent deep where the table said fast, and one sent fast where it said deep, by hand', () => {
    const s = stats();
    // Learned deep: the note saw the fast lane succeed 1 of 5 (p = (1 + 4) / (5 + 5) = 0.5 with the prior).
    s.addRecord(attempt({ id: 'd1', taskId: 'td', lane: 'deep', outcome: 'ok', costNanos: 10_000_000, counterfactualNanos: 3_000_000, routing: note({ basis: 'learned', fast: { ok: 1, n: 5 } }) }));
    // delta = 3,000,000 - 0.5 x 10,000,000 = -2,000,000 (the fast attempt would have paid half the time).
    // Explored fast on a refactor, escalated: the table would have paid the deep attempt alone.
    const rshape = 'refactor|python|2-4';
    const rnote = note({ shape: rshape, staticLane: 'deep', basis: 'explore' });
    s.addRecord(attempt({ id: 'f1', taskId: 'tf', kind: 'refactor', lane: 'deep', attempt: 1, outcome: 'ok', costNanos: 50_000_000, counterfactualNanos: 15_000_000, routing: rnote }));
    s.addRecord(attempt({ id: 'f0', taskId: 'tf', kind: 'refactor', lane: 'fast', attempt: 0, outcome: 'escalated', costNanos: 12_000_000, counterfactualNanos: 40_000_000, routing: rnote }));
    // Explored fast and it held: the table would have paid the same usage at the deep price.
    s.addRecord(attempt({ id: 'g0', taskId: 'tg', kind: 'refactor', lane: 'fast', outcome: 'ok', costNanos: 12_000_000, counterfactualNanos: 40_000_000, routing: rnote }));
    // Same lane as the table: not counted.
    s.addRecord(attempt({ id: 'h0', taskId: 'th', outcome: 'ok', routing: note() }));
    const v = s.versusStatic();
    assert.deepEqual(v.get(SHAPE), { tasks: 1, deltaNanos: -2_000_000 });
    // tf: 50,000,000 - 62,000,000 = -12,000,000; tg: 40,000,000 - 12,000,000 = +28,000,000.
    assert.deepEqual(v.get(rshape), { tasks: 2, deltaNanos: 16_000_000 });
  });
});

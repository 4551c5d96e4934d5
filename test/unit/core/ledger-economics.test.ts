// The aggregate's derived numbers from scripted requests and events (issue 15's "Done when").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LedgerAggregate } from '../../../src/core/ledger-aggregate.ts';
import type { LedgerEvent, LedgerRecord } from '../../../src/core/ledger-record.ts';
import { contributionOf } from '../../../src/core/ledger-tasks.ts';
import type { TokenUsage } from '../../../src/core/task.ts';
import { price, record } from '../helpers/ledger-fixtures.ts';

const NOON = Date.parse('2026-03-15T12:00:00Z');
const agg = () => new LedgerAggregate({ now: () => NOON, utcOffsetMinutes: () => 0 });
const FAST = 'gemini-3.5-flash';
const DEEP = 'gpt-5.5';

/** An attempt priced as the pipeline prices it: its own usage, and the other lane's model on the same usage. */
function attempt(over: Partial<LedgerRecord> & { tokens: TokenUsage }): LedgerRecord {
  const lane = over.lane ?? 'fast';
  const [own, other] = lane === 'fast' ? [FAST, DEEP] : [DEEP, FAST];
  return record({
    time: '2026-03-15T10:00:00.000Z', lane, model: own, provider: lane === 'fast' ? 'gemini' : 'openai',
    costNanos: price(own, over.tokens), counterfactualNanos: price(other, over.tokens), ...over,
  });
}

let n = 0;
function event(over: Partial<LedgerEvent> & Pick<LedgerEvent, 'event' | 'taskId'>): LedgerEvent {
  n++;
  return { v: 1, type: 'event', id: `e${n}`, time: '2026-03-15T10:00:01.000Z', kind: 'completion', ...over };
}

const EDIT: TokenUsage = { input: 1_200, cached: 400, output: 300, reasoning: 0 };

describe('savings per task', () => {
  it('an escalated task lowers savings by exactly the fast attempt\'s cost', () => {
    const fastTry = attempt({ id: 'f', taskId: 'T', kind: 'quickEdit', outcome: 'escalated', tokens: EDIT });
    const deep = attempt({ id: 'd', taskId: 'T', attempt: 1, kind: 'quickEdit', lane: 'deep', tokens: EDIT });
    const deepOnly = agg();
    deepOnly.add({ ...deep, attempt: 0 });
    const escalated = agg();
    escalated.addAll([fastTry, deep]);
    const [a, b] = [deepOnly.today().all, escalated.today().all];
    assert.equal(a.savingsNanos, 0, 'a task sent deep at once saves nothing against deep alone');
    assert.equal(b.savingsNanos, a.savingsNanos - fastTry.costNanos);
    assert.equal(b.costNanos, a.costNanos + fastTry.costNanos);
    assert.equal(b.wasteNanos, fastTry.costNanos, 'the fast attempt is escalation waste');
    assert.equal(escalated.today().byLane.fast.wasteNanos, fastTry.costNanos);
    assert.deepEqual([b.fastFinished, b.fastOk], [1, 0], 'it started fast and did not end ok there');
  });

  it('a task that ends ok on the fast lane saves the deep lane\'s price on the same usage, minus failed tries', () => {
    const a = agg();
    const failed = attempt({ taskId: 'T', kind: 'quickEdit', outcome: 'error:server', tokens: { input: 1_200, cached: 0, output: 0, reasoning: 0 } });
    const ok = attempt({ taskId: 'T', attempt: 1, kind: 'quickEdit', tokens: EDIT });
    a.addAll([ok, failed]);
    const s = a.today().all;
    // gpt-5.5 on 800 uncached + 400 cached in, 300 out: 800x5000 + 400x500 + 300x30000.
    assert.equal(ok.counterfactualNanos, 13_200_000);
    assert.equal(s.savingsNanos, ok.counterfactualNanos - ok.costNanos - failed.costNanos);
    assert.equal(s.wasteNanos, 0, 'a retry on the same lane is no escalation');
    assert.deepEqual([s.fastFinished, s.fastOk], [1, 1]);
  });

  it('attempts arriving in any order add up the same (another window may write the later attempt first)', () => {
    const rs = [
      attempt({ taskId: 'T', kind: 'refactor', outcome: 'error:timeout', tokens: EDIT }),
      attempt({ taskId: 'T', attempt: 1, kind: 'refactor', outcome: 'fell_back', tokens: EDIT }),
      attempt({ taskId: 'T', attempt: 2, kind: 'refactor', lane: 'deep', tokens: EDIT }),
    ];
    const forward = agg();
    forward.addAll(rs);
    const backward = agg();
    backward.addAll([...rs].reverse());
    const [f, b] = [forward.today().all, backward.today().all];
    assert.deepEqual([b.savingsNanos, b.wasteNanos, b.fastFinished, b.fastOk], [f.savingsNanos, f.wasteNanos, f.fastFinished, f.fastOk]);
    assert.equal(f.wasteNanos, rs[0]!.costNanos + rs[1]!.costNanos, 'both fast tries of a task that fell back to deep');
  });
});

describe('fast-lane success per kind', () => {
  const a = (attempt: number, lane: 'fast' | 'deep', outcome: LedgerRecord['outcome']) => ({ attempt, lane, outcome, costNanos: 10 });
  it('counts a task once it ended: ok, moved, failed or blocked; not while it is still moving or was cancelled', () => {
    assert.deepEqual(contributionOf([a(0, 'fast', 'ok')]), { wasteNanos: 0, fastFinished: 1, fastOk: 1 });
    assert.deepEqual(contributionOf([a(0, 'fast', 'escalated')]), { wasteNanos: 10, fastFinished: 0, fastOk: 0 }, 'the deep attempt is still to come');
    assert.deepEqual(contributionOf([a(0, 'fast', 'escalated'), a(1, 'deep', 'blocked_confirmation')]), { wasteNanos: 10, fastFinished: 1, fastOk: 0 }, 'the user declined to go deep');
    assert.deepEqual(contributionOf([a(0, 'fast', 'rejected')]), { wasteNanos: 0, fastFinished: 1, fastOk: 0 });
    assert.deepEqual(contributionOf([a(0, 'fast', 'cancelled')]), { wasteNanos: 0, fastFinished: 0, fastOk: 0 });
    assert.deepEqual(contributionOf([a(0, 'deep', 'ok')]), { wasteNanos: 0, fastFinished: 0, fastOk: 0 }, 'started deep');
    assert.deepEqual(contributionOf([a(0, 'fast', 'blocked_cooldown')]), { wasteNanos: 0, fastFinished: 0, fastOk: 0 }, 'nothing was sent');
  });

  it('reports the rate per kind through the aggregate', () => {
    const g = agg();
    g.addAll([
      attempt({ kind: 'completion', tokens: EDIT }),
      attempt({ kind: 'completion', tokens: EDIT }),
      attempt({ kind: 'completion', outcome: 'error:server', tokens: EDIT }),
      attempt({ taskId: 'Q', kind: 'quickEdit', outcome: 'escalated', tokens: EDIT }),
      attempt({ taskId: 'Q', attempt: 1, kind: 'quickEdit', lane: 'deep', tokens: EDIT }),
    ]);
    const m = g.month().byKind;
    assert.deepEqual([m.completion.fastOk, m.completion.fastFinished], [2, 3]);
    assert.deepEqual([m.quickEdit.fastOk, m.quickEdit.fastFinished], [0, 1]);
    assert.deepEqual([m.refactor.fastOk, m.refactor.fastFinished], [0, 0]);
  });
});

describe('blocks and events', () => {
  it('a cooldown block is not a request, nor a budget block, and adds no latency', () => {
    const g = agg();
    g.add(attempt({ tokens: EDIT, timings: { firstTokenMs: 100, endMs: 300 } }));
    g.add(record({ outcome: 'blocked_cooldown', costNanos: 0, counterfactualNanos: 0, tokens: { input: 0, cached: 0, output: 0, reasoning: 0 }, timings: { endMs: 0 } }));
    const s = g.today().all;
    assert.equal(s.requests, 1);
    assert.deepEqual([s.blocks.blocked_cooldown, s.blocks.blocked_budget, s.blocked, s.count], [1, 0, 1, 2]);
    assert.deepEqual(s.total, { count: 1, p50: 300, p95: 300 });
    assert.equal(g.today().byLane.fast.requests, 1);
  });

  it('one accept gives one accepted request and no extra request, even when recorded twice', () => {
    const g = agg();
    const r = attempt({ id: 'req', taskId: 'T', tokens: EDIT });
    g.add(r);
    assert.equal(g.addEvent(event({ event: 'shown', taskId: 'T', requestId: 'req' })), true);
    assert.equal(g.addEvent(event({ event: 'accepted', taskId: 'T', requestId: 'req' })), true);
    assert.equal(g.addEvent(event({ event: 'accepted', taskId: 'T', requestId: 'req' })), false, 'a second accept of the same request');
    const s = g.today().all;
    assert.deepEqual([s.requests, s.accepted, s.events.accepted, s.events.shown, s.costNanos], [1, 1, 1, 1, r.costNanos]);
    assert.deepEqual(s.total, { count: 1, p50: 200, p95: 200 }, 'events are never latency samples');
  });

  it('an accepted cache hit is one shown-from-cache, one accept, and no request', () => {
    const g = agg();
    const e = event({ event: 'shown', taskId: 'C', fromCache: true, ms: 1 });
    g.addEvent(e);
    g.addEvent(e);
    g.addEvent(event({ event: 'accepted', taskId: 'C' }));
    const s = g.today().all;
    assert.deepEqual([s.requests, s.cacheHits, s.events.shown, s.accepted, s.count], [0, 1, 1, 1, 0]);
    assert.equal(g.today().byKind.completion.accepted, 1);
    assert.equal(g.today().byLane.fast.accepted, 0, 'events carry no lane');
  });

  it('counts applied, rejected, partly applied and undone per request', () => {
    const g = agg();
    g.addAll([], [
      event({ event: 'applied', taskId: 'R1', kind: 'refactor', files: ['a.ts', 'b.ts'] }),
      event({ event: 'undone', taskId: 'R1', kind: 'refactor' }),
      event({ event: 'rejected', taskId: 'R2', kind: 'refactor' }),
      event({ event: 'partly_applied', taskId: 'R3', kind: 'astTransform', files: ['a.ts'] }),
      event({ event: 'partly_applied', taskId: 'R3', kind: 'astTransform', files: ['a.ts'] }),
    ]);
    const s = g.today().all.events;
    assert.deepEqual([s.applied, s.undone, s.rejected, s.partly_applied], [1, 1, 1, 1]);
    assert.equal(g.today().byKind.astTransform.events.partly_applied, 1);
  });
});

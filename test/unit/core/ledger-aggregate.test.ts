import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LedgerAggregate, localDayKey, percentile, savingsOf } from '../../../src/core/ledger-aggregate.ts';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { record } from '../helpers/ledger-fixtures.ts';

const NOON = Date.parse('2026-03-15T12:00:00Z');
const t = (ttft: number | undefined, end: number) => ({ ...(ttft === undefined ? {} : { firstTokenMs: ttft }), endMs: end });

// Hand-built ledger; the expected numbers below are worked out from these by hand.
const RECORDS: LedgerRecord[] = [
  record({ id: 'r1', time: '2026-03-15T08:00:00Z', costNanos: 100, counterfactualNanos: 400, timings: t(100, 200) }),
  record({ id: 'r2', time: '2026-03-15T09:00:00Z', costNanos: 50, counterfactualNanos: 300, timings: t(300, 400) }),
  record({ id: 'r3', time: '2026-03-15T10:00:00Z', outcome: 'blocked_cooldown', costNanos: 0, estimateNanos: 500, counterfactualNanos: 0, timings: t(undefined, 0) }),
  record({ id: 'r4', taskId: 'qe', time: '2026-03-15T11:00:00Z', kind: 'quickEdit', outcome: 'escalated', costNanos: 1_000, counterfactualNanos: 5_000, timings: t(200, 1_500) }),
  record({ id: 'r5', taskId: 'qe', attempt: 1, time: '2026-03-15T11:00:05Z', kind: 'quickEdit', lane: 'deep', costNanos: 4_000, counterfactualNanos: 900, timings: t(1_000, 9_000) }),
  record({ id: 'r8', time: '2026-03-15T11:30:00Z', outcome: 'error:rate_limited', costNanos: 0, timings: t(undefined, 50) }),
  record({ id: 'r6', time: '2026-03-02T10:00:00Z', kind: 'refactor', lane: 'deep', costNanos: 10_000, timings: t(2_000, 20_000) }),
  record({ id: 'r7', time: '2026-02-28T23:30:00Z', costNanos: 7, counterfactualNanos: 30, timings: t(50, 60) }),
];

function utcAggregate(now = NOON): LedgerAggregate {
  const a = new LedgerAggregate({ now: () => now, utcOffsetMinutes: () => 0 });
  a.addAll(RECORDS);
  return a;
}

test('nearest-rank percentiles', () => {
  const xs = Array.from({ length: 20 }, (_, i) => i + 1);
  assert.equal(percentile(xs, 50), 10);
  assert.equal(percentile(xs, 95), 19);
  assert.equal(percentile([7], 95), 7);
  assert.equal(percentile([], 50), null);
  assert.equal(percentile([100, 200, 300, 1000], 50), 200);
  assert.equal(percentile([100, 200, 300, 1000], 95), 1000);
});

test('savings against all-deep, per attempt', () => {
  assert.equal(savingsOf(RECORDS[0]!), 300); // fast ok: 400 - 100
  assert.equal(savingsOf(RECORDS[3]!), -1_000); // fast escalated: wasted
  assert.equal(savingsOf(RECORDS[4]!), 0); // deep: what all-deep would do
});

test('today: totals, percentiles, savings, blocks, waste and fast success by hand', () => {
  const today = utcAggregate().today();
  assert.equal(today.key, '2026-03-15');
  const all = today.all;
  assert.equal(all.count, 6);
  assert.equal(all.requests, 5, 'the cooldown block was no request');
  assert.deepEqual([all.blocked, all.blocks.blocked_cooldown, all.blocks.blocked_budget], [1, 1, 0]);
  assert.equal(all.costNanos, 100 + 50 + 1_000 + 4_000 + 0);
  assert.equal(all.estimateNanos, 5 * 1_800_000, 'a block\'s estimate is no request\'s');
  assert.equal(all.savingsNanos, 300 + 250 - 1_000 + 0 + 0);
  assert.equal(all.wasteNanos, 1_000, 'the escalated quick edit\'s fast attempt');
  assert.deepEqual([all.fastFinished, all.fastOk], [4, 2], 'r1, r2 ok; the quick edit moved; r8 gave up');
  assert.deepEqual([today.byKind.completion.fastFinished, today.byKind.completion.fastOk], [3, 2]);
  assert.deepEqual([today.byKind.quickEdit.fastFinished, today.byKind.quickEdit.fastOk, today.byKind.quickEdit.wasteNanos], [1, 0, 1_000]);
  assert.equal(today.byLane.fast.wasteNanos, 1_000);
  assert.equal(today.byLane.deep.wasteNanos, 0);
  assert.deepEqual([all.cacheHits, all.accepted, all.errors], [0, 0, 1]);
  // ttft samples (cache hit and no-first-token excluded): 100, 300, 200, 1000
  assert.deepEqual(all.ttft, { count: 4, p50: 200, p95: 1_000 });
  // totals for attempts that completed: 200, 400, 1500, 9000
  assert.deepEqual(all.total, { count: 4, p50: 400, p95: 9_000 });
  assert.equal(all.tokens.input, 5_000);
  assert.deepEqual(today.byLane.fast.ttft, { count: 3, p50: 200, p95: 300 });
  assert.equal(today.byLane.fast.count, 5);
  assert.equal(today.byLane.fast.costNanos, 1_150);
  assert.equal(today.byLane.deep.costNanos, 4_000);
  assert.equal(today.byKind.quickEdit.count, 2);
  assert.equal(today.byKind.refactor.count, 0);
  assert.deepEqual(today.byKind.refactor.total, { count: 0, p50: null, p95: null });
});

test('this month includes earlier days and excludes last month', () => {
  const a = utcAggregate();
  const month = a.month();
  assert.equal(month.key, '2026-03');
  assert.equal(month.all.count, 7);
  assert.equal(month.all.costNanos, 15_150);
  assert.deepEqual(month.all.total, { count: 5, p50: 1_500, p95: 20_000 });
  assert.equal(month.byKind.refactor.costNanos, 10_000);
  assert.equal(a.period('2026-02').all.costNanos, 7);
  assert.deepEqual(a.dailySpend(), [{ day: '2026-03-02', costNanos: 10_000 }, { day: '2026-03-15', costNanos: 5_150 }]);
});

test('day and month boundaries follow local time', () => {
  // UTC+2: 2026-02-28T23:30Z is 01:30 on 1 March.
  const east = new LedgerAggregate({ now: () => NOON, utcOffsetMinutes: () => 120 });
  east.addAll(RECORDS);
  assert.equal(east.month().all.count, 8);
  assert.equal(east.period('2026-03-01').all.costNanos, 7);
  // At 22:30Z it is already the 16th in UTC+2: today is empty, the month is not.
  const late = new LedgerAggregate({ now: () => Date.parse('2026-03-15T22:30:00Z'), utcOffsetMinutes: () => 120 });
  late.addAll(RECORDS);
  assert.equal(late.today().key, '2026-03-16');
  assert.equal(late.today().all.count, 0);
  assert.equal(late.month().all.count, 8);
  assert.equal(localDayKey(Date.parse('2026-03-01T00:30:00Z'), -60), '2026-02-28');
});

test('the clock moving past midnight rolls today over without re-adding', () => {
  let now = NOON;
  const a = new LedgerAggregate({ now: () => now, utcOffsetMinutes: () => 0 });
  a.addAll(RECORDS);
  assert.equal(a.today().all.count, 6);
  now = Date.parse('2026-03-16T00:00:01Z');
  assert.equal(a.today().all.count, 0);
  a.add(record({ id: 'next', time: '2026-03-16T00:00:00Z', costNanos: 9 }));
  assert.equal(a.today().all.costNanos, 9);
  assert.equal(a.month().all.costNanos, 15_159);
});

test('a record id is counted once; percentiles stay right as samples arrive out of order', () => {
  const a = utcAggregate();
  assert.equal(a.add(RECORDS[0]!), false);
  assert.equal(a.today().all.count, 6);
  const b = new LedgerAggregate({ now: () => NOON, utcOffsetMinutes: () => 0 });
  for (let i = 1; i <= 100; i++) {
    const v = ((i * 37) % 100) + 1; // a permutation of 1..100
    b.add(record({ id: `p${i}`, time: '2026-03-15T01:00:00Z', timings: t(v, v) }));
    if (i === 50) b.today(); // query midway: later pushes must re-sort
  }
  assert.deepEqual(b.today().all.ttft, { count: 100, p50: 50, p95: 95 });
});

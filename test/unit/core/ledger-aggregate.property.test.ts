// Property: whatever order the lines arrive in, and however often a line is read again (own
// appends come back from the tail; windows share one file), the aggregate's cost, savings,
// waste and request count equal the sum over tasks worked out one task at a time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LedgerAggregate } from '../../../src/core/ledger-aggregate.ts';
import { isBlockOutcome, type LedgerOutcome, type LedgerRecord } from '../../../src/core/ledger-record.ts';
import { price, record } from '../helpers/ledger-fixtures.ts';

const OUTCOMES: LedgerOutcome[] = ['ok', 'escalated', 'fell_back', 'rejected', 'cancelled', 'error:server', 'blocked_cooldown', 'blocked_budget'];

interface Try { lane: 'fast' | 'deep'; outcome: LedgerOutcome; input: number; output: number; day: number }
type Task = Try[];

const tryArb: fc.Arbitrary<Try> = fc.record({
  lane: fc.constantFrom('fast' as const, 'deep' as const),
  outcome: fc.constantFrom(...OUTCOMES),
  input: fc.integer({ min: 0, max: 50_000 }),
  output: fc.integer({ min: 0, max: 5_000 }),
  day: fc.integer({ min: 1, max: 28 }),
});

function recordsOf(tasks: Task[]): LedgerRecord[] {
  return tasks.flatMap((task, t) => task.map((a, i) => {
    const blocked = isBlockOutcome(a.outcome);
    const tokens = blocked ? { input: 0, cached: 0, output: 0, reasoning: 0 } : { input: a.input, cached: 0, output: a.output, reasoning: 0 };
    const [own, other] = a.lane === 'fast' ? ['gemini-3.5-flash', 'gpt-5.5'] : ['gpt-5.5', 'gemini-3.5-flash'];
    return record({
      id: `t${t}a${i}`, taskId: `t${t}`, attempt: i, lane: a.lane, model: own, outcome: a.outcome, tokens,
      time: `2026-03-${String(a.day).padStart(2, '0')}T10:00:00.000Z`,
      costNanos: price(own, tokens), counterfactualNanos: blocked ? 0 : price(other, tokens),
    });
  }));
}

/** One task at a time, as the issue words it. */
function expected(tasks: Task[]): { cost: number; savings: number; waste: number; requests: number } {
  const out = { cost: 0, savings: 0, waste: 0, requests: 0 };
  recordsOf(tasks).reduce((m, r) => m.set(r.taskId, [...(m.get(r.taskId) ?? []), r]), new Map<string, LedgerRecord[]>()).forEach((attempts) => {
    const sent = attempts.filter((r) => !isBlockOutcome(r.outcome));
    const actual = sent.reduce((s, r) => s + r.costNanos, 0);
    const fastOk = sent.find((r) => r.lane === 'fast' && r.outcome === 'ok');
    const deepAlone = sent.filter((r) => r.lane === 'deep').reduce((s, r) => s + r.costNanos, 0) + (fastOk?.counterfactualNanos ?? 0);
    const fast = sent.filter((r) => r.lane === 'fast');
    const moved = fast.some((r) => r.outcome === 'escalated' || r.outcome === 'fell_back') || (fast.length > 0 && sent.some((r) => r.lane === 'deep'));
    out.cost += actual;
    out.savings += deepAlone - actual;
    out.waste += moved ? fast.filter((r) => r.outcome !== 'ok').reduce((s, r) => s + r.costNanos, 0) : 0;
    out.requests += sent.length;
  });
  return out;
}

describe('aggregate totals are the sum over tasks', () => {
  it('regardless of record order and duplication', () => {
    // A task ends at its first success.
    const task = fc.array(tryArb, { minLength: 1, maxLength: 4 }).map((t) => t.slice(0, t.findIndex((a) => a.outcome === 'ok') + 1 || t.length));
    const tasks = fc.array(task, { maxLength: 12 });
    fc.assert(fc.property(tasks, fc.infiniteStream(fc.nat()), fc.array(fc.nat(), { maxLength: 10 }), (ts, order, dups) => {
      const records = recordsOf(ts);
      const lines = [...records, ...(records.length ? dups.map((d) => records[d % records.length]!) : [])];
      const keys = new Map(lines.map((r) => [r, order.next().value as number] as const));
      const shuffled = lines.map((r, i) => ({ r, k: keys.get(r)! * 1000 + i })).sort((a, b) => a.k - b.k).map((x) => x.r);
      const agg = new LedgerAggregate({ now: () => Date.parse('2026-03-15T12:00:00Z'), utcOffsetMinutes: () => 0 });
      agg.addAll(shuffled);
      const month = agg.month().all;
      const want = expected(ts);
      assert.deepEqual([month.costNanos, month.savingsNanos, month.wasteNanos, month.requests], [want.cost, want.savings, want.waste, want.requests]);
      // The days add up to the month.
      const days = Array.from({ length: 28 }, (_, d) => agg.period(`2026-03-${String(d + 1).padStart(2, '0')}`).all);
      assert.equal(days.reduce((s, d) => s + d.savingsNanos, 0), month.savingsNanos);
      assert.equal(days.reduce((s, d) => s + d.wasteNanos, 0), month.wasteNanos);
      assert.equal(days.reduce((s, d) => s + d.fastFinished, 0), month.fastFinished);
    }), {
      seed: 15_2026, numRuns: 400,
      // Seed corpus: an escalation, a fallback after a retry, a blocked escalation, a deep-only task.
      examples: [
        [[[{ lane: 'fast', outcome: 'escalated', input: 1200, output: 300, day: 3 }, { lane: 'deep', outcome: 'ok', input: 1200, output: 300, day: 4 }]], fc.Stream.of(1, 0, 0, 0), [0]],
        [[[{ lane: 'fast', outcome: 'error:server', input: 900, output: 0, day: 1 }, { lane: 'fast', outcome: 'fell_back', input: 900, output: 0, day: 1 }, { lane: 'deep', outcome: 'ok', input: 900, output: 80, day: 2 }]], fc.Stream.of(2, 1, 0), [1, 2]],
        [[[{ lane: 'fast', outcome: 'escalated', input: 500, output: 40, day: 9 }, { lane: 'deep', outcome: 'blocked_budget', input: 0, output: 0, day: 9 }], [{ lane: 'deep', outcome: 'ok', input: 7000, output: 600, day: 20 }]], fc.Stream.of(0, 0, 0), []],
      ],
    });
  });
});

// Agent requests in the aggregate: each lane's tool-call parse-failure rate (malformed / made,
// per attempt), and a conversation (one task of many requests) counting waste and fast-lane
// success per request, so those figures keep their meaning.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AgentFeatures, AgentStep } from '../../../src/core/agent-features.ts';
import { LedgerAggregate } from '../../../src/core/ledger-aggregate.ts';
import type { LedgerOutcome, LedgerRecord } from '../../../src/core/ledger-record.ts';
import { taskKeyOf } from '../../../src/core/ledger-tasks.ts';
import { formatPercent, formatToolCalls } from '../../../src/core/usage-format.ts';
import type { LaneId, TokenUsage } from '../../../src/core/task.ts';
import { price, record } from '../helpers/ledger-fixtures.ts';

const NOON = Date.parse('2026-03-15T12:00:00Z');
const agg = () => new LedgerAggregate({ now: () => NOON, utcOffsetMinutes: () => 0 });
const FAST = 'gemini-3.5-flash';
const DEEP = 'gpt-5.5';
const USAGE: TokenUsage = { input: 4_000, cached: 0, output: 120, reasoning: 0 };

function features(turn: number, step: AgentStep): AgentFeatures & { step: AgentStep } {
  return {
    turn, asksForPlan: turn === 1, toolResults: turn > 1 ? 1 : 0, failedToolResults: 0, repeatedCall: false, lastUserChars: 30,
    contextTokens: 4_000, tools: 3, toolMode: 'auto', fastFailedTools: [], step,
  };
}

let seq = 0;
/** One attempt of one request (turn) of conversation `conv`. */
function agentAttempt(conv: string, turn: number, attempt: number, lane: LaneId, outcome: LedgerOutcome, calls: { made: number; malformed: number }, time = '2026-03-15T10:00:00.000Z'): LedgerRecord {
  const [own, other] = lane === 'fast' ? [FAST, DEEP] : [DEEP, FAST];
  const blocked = outcome.startsWith('blocked_');
  const tokens = blocked ? { input: 0, cached: 0, output: 0, reasoning: 0 } : USAGE;
  return record({
    id: `a${++seq}`, taskId: conv, attempt, time, kind: 'agent', lane, model: own, provider: lane === 'fast' ? 'gemini' : 'openai',
    outcome, tokens, costNanos: price(own, tokens), counterfactualNanos: blocked ? 0 : price(other, tokens),
    ...(blocked ? {} : { toolCalls: calls }), agent: features(turn, lane === 'deep' && attempt === 0 ? 'think' : 'act'),
  });
}

describe('tool-call parse-failure rate per lane', () => {
  it('adds each attempt\'s tool calls to its lane, today and this month; blocks and other kinds add none', () => {
    const a = agg();
    a.addAll([
      agentAttempt('C', 1, 0, 'fast', 'escalated', { made: 2, malformed: 1 }),
      agentAttempt('C', 1, 1, 'deep', 'ok', { made: 2, malformed: 0 }),
      agentAttempt('C', 2, 0, 'fast', 'ok', { made: 3, malformed: 0 }, '2026-03-02T09:00:00.000Z'),
      agentAttempt('C', 3, 0, 'deep', 'blocked_budget', { made: 0, malformed: 0 }),
      record({ kind: 'quickEdit' }),
    ]);
    const month = agg().month();
    assert.deepEqual(month.byLane.fast.toolCalls, { made: 0, malformed: 0 }, 'a fresh aggregate has none');
    const m = a.month();
    const t = a.today();
    assert.deepEqual(m.byLane.fast.toolCalls, { made: 5, malformed: 1 });
    assert.deepEqual(m.byLane.deep.toolCalls, { made: 2, malformed: 0 });
    assert.deepEqual(m.byKind.agent.toolCalls, { made: 7, malformed: 1 });
    assert.deepEqual(m.byKind.quickEdit.toolCalls, { made: 0, malformed: 0 });
    assert.deepEqual(t.byLane.fast.toolCalls, { made: 2, malformed: 1 }, 'the 2nd of March is not today');
    assert.equal(formatToolCalls(m.byLane.fast.toolCalls), '1 of 5 malformed (20%)');
  });

  it('is incremental: a record read again (own appends come back from the tail) counts once', () => {
    const a = agg();
    const r = agentAttempt('D', 1, 0, 'fast', 'ok', { made: 4, malformed: 1 });
    a.add(r);
    assert.equal(a.add(r), false);
    a.add(agentAttempt('D', 2, 0, 'fast', 'ok', { made: 36, malformed: 2 }));
    assert.deepEqual(a.month().byLane.fast.toolCalls, { made: 40, malformed: 3 });
    assert.equal(formatToolCalls(a.month().byLane.fast.toolCalls), '3 of 40 malformed (7.5%)');
  });

  it('words the rate the same way everywhere', () => {
    assert.equal(formatToolCalls({ made: 0, malformed: 0 }), 'no tool calls yet');
    assert.equal(formatToolCalls({ made: 40, malformed: 0 }), '0 of 40 malformed (0%)');
    assert.equal(formatToolCalls({ made: 3, malformed: 1 }), '1 of 3 malformed (33.3%)');
    assert.equal(formatToolCalls({ made: 12_000, malformed: 1 }), '1 of 12,000 malformed (<0.1%)');
    assert.equal(formatPercent(2, 2), '100%');
    assert.equal(formatPercent(1, 0), '–');
  });
});

describe('an agent conversation: one task, counted per request for waste and fast success', () => {
  it('a think turn on the deep lane, act turns on the fast lane, one malformed call escalated', () => {
    const records = [
      agentAttempt('conv', 1, 0, 'deep', 'ok', { made: 1, malformed: 0 }),
      agentAttempt('conv', 2, 0, 'fast', 'ok', { made: 1, malformed: 0 }),
      agentAttempt('conv', 3, 0, 'fast', 'escalated', { made: 1, malformed: 1 }),
      agentAttempt('conv', 3, 1, 'deep', 'ok', { made: 1, malformed: 0 }),
      agentAttempt('conv', 4, 0, 'fast', 'ok', { made: 0, malformed: 0 }),
    ];
    const a = agg();
    a.addAll(records);
    const m = a.month().byKind.agent;
    // Three requests started on the fast lane; two ended ok there, one escalated.
    assert.deepEqual([m.fastFinished, m.fastOk], [3, 2]);
    // Only the escalated turn's fast attempt is waste: the think turn went deep by design, not after a failure.
    assert.equal(m.wasteNanos, records[2]!.costNanos);
    assert.equal(a.month().byLane.fast.fastFinished, 3);
    // Savings stay per attempt: the fast attempts that held save the deep price on their tokens.
    const okFast = records.filter((r) => r.lane === 'fast' && r.outcome === 'ok');
    assert.equal(m.savingsNanos, okFast.reduce((s, r) => s + r.counterfactualNanos - r.costNanos, 0) - records[2]!.costNanos);
    assert.equal(m.requests, 5);
    assert.equal(a.task(taskKeyOf(records[3]!))!.attempts.length, 2, 'turn 3 holds its two attempts');
    assert.equal(taskKeyOf(record({ taskId: 'plain' })), 'plain', 'other kinds: the task itself');
  });

  // Conversations of requests, each ending at its first success; any order, any duplicates.
  it('adds up to the figures worked out one request at a time, whatever the order', () => {
    const OUTCOMES: LedgerOutcome[] = ['ok', 'escalated', 'fell_back', 'error:server', 'cancelled', 'blocked_cooldown'];
    const tryArb = fc.record({
      lane: fc.constantFrom<LaneId>('fast', 'deep'), outcome: fc.constantFrom(...OUTCOMES),
      made: fc.integer({ min: 0, max: 4 }), bad: fc.integer({ min: 0, max: 4 }), day: fc.integer({ min: 1, max: 28 }),
    });
    const request = fc.array(tryArb, { minLength: 1, maxLength: 3 }).map((t) => t.slice(0, t.findIndex((x) => x.outcome === 'ok') + 1 || t.length));
    const conversations = fc.array(fc.array(request, { minLength: 1, maxLength: 5 }), { maxLength: 4 });
    fc.assert(fc.property(conversations, fc.array(fc.nat()), (convs, order) => {
      const records = convs.flatMap((reqs, c) => reqs.flatMap((tries, t) => tries.map((x, i) => agentAttempt(
        `c${c}`, t + 1, i, x.lane, x.outcome, { made: x.made, malformed: Math.min(x.bad, x.made) },
        `2026-03-${String(x.day).padStart(2, '0')}T10:00:00.000Z`))));
      const lines = [...records, ...order.slice(0, 5).map((k) => records[k % Math.max(1, records.length)]).filter((r) => r !== undefined)];
      const shuffled = lines.map((r, i) => ({ r, k: (order[i % Math.max(1, order.length)] ?? 0) * 1000 + i })).sort((p, q) => p.k - q.k).map((x) => x.r);
      const a = agg();
      a.addAll(shuffled);
      const want = { made: { fast: 0, deep: 0 }, malformed: { fast: 0, deep: 0 }, finished: 0, ok: 0, waste: 0 };
      for (const reqs of convs) {
        for (const tries of reqs) {
          const sent = tries.filter((x) => !x.outcome.startsWith('blocked_'));
          for (const x of sent) {
            want.made[x.lane] += x.made;
            want.malformed[x.lane] += Math.min(x.bad, x.made);
          }
          if (sent.length === 0) continue;
          const fast = sent.filter((x) => x.lane === 'fast');
          const moved = fast.some((x) => x.outcome === 'escalated' || x.outcome === 'fell_back') || (fast.length > 0 && sent.some((x) => x.lane === 'deep'));
          if (moved) want.waste += fast.filter((x) => x.outcome !== 'ok').length * price(FAST, USAGE);
          const last = tries.at(-1)!;
          const ended = sent.some((x) => x.outcome === 'ok') || !['escalated', 'fell_back', 'cancelled'].includes(last.outcome);
          if (sent[0]!.lane === 'fast' && ended) {
            want.finished++;
            if (fast.some((x) => x.outcome === 'ok')) want.ok++;
          }
        }
      }
      const m = a.month();
      assert.deepEqual(m.byLane.fast.toolCalls, { made: want.made.fast, malformed: want.malformed.fast });
      assert.deepEqual(m.byLane.deep.toolCalls, { made: want.made.deep, malformed: want.malformed.deep });
      assert.deepEqual([m.byKind.agent.fastFinished, m.byKind.agent.fastOk, m.byKind.agent.wasteNanos], [want.finished, want.ok, want.waste]);
    }), {
      seed: 16_2026, numRuns: 300,
      // Seed corpus: a malformed fast call escalated to deep; a think turn then an act turn; a blocked escalation.
      examples: [
        [[[[{ lane: 'fast', outcome: 'escalated', made: 2, bad: 1, day: 3 }, { lane: 'deep', outcome: 'ok', made: 2, bad: 0, day: 3 }]]], [1, 0, 2]],
        [[[[{ lane: 'deep', outcome: 'ok', made: 1, bad: 0, day: 5 }], [{ lane: 'fast', outcome: 'ok', made: 3, bad: 0, day: 5 }]]], [0]],
        [[[[{ lane: 'fast', outcome: 'escalated', made: 1, bad: 1, day: 9 }, { lane: 'deep', outcome: 'blocked_cooldown', made: 0, bad: 0, day: 9 }]]], []],
      ],
    });
  });
});

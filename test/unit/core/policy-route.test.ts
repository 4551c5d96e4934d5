import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOSED_BREAKER, recordOutcome, type BreakerState } from '../../../src/core/policy-breaker.ts';
import { EMPTY_BUDGET } from '../../../src/core/policy-budget.ts';
import { DEFAULT_POLICY, mergePolicy } from '../../../src/core/policy-config.ts';
import { route, type RouterState } from '../../../src/core/policy.ts';
import type { Blocked, Decision, TaskFacts } from '../../../src/core/task.ts';
import { price } from '../helpers/ledger-fixtures.ts';

const NOW = 1_000_000;
const state = (over: Partial<RouterState> = {}): RouterState => ({
  nowMs: NOW, budget: EMPTY_BUDGET, breakers: { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER }, ...over,
});
const task = (over: Partial<TaskFacts>): TaskFacts => ({ taskId: 't', kind: 'completion', inputTokens: 500, ...over });

function decided(r: Decision | Blocked): Decision {
  assert.equal(r.type, 'decision', r.reason);
  return r as Decision;
}

function openBreaker(): BreakerState {
  let b = CLOSED_BREAKER;
  for (let i = 0; i < 3; i++) b = recordOutcome(b, NOW - 100, false, DEFAULT_POLICY.breaker);
  return b;
}

test('default lanes: completion and quick edit fast, refactor and transform deep', () => {
  assert.equal(decided(route(task({ kind: 'completion' }), state(), DEFAULT_POLICY, price)).lane, 'fast');
  assert.equal(decided(route(task({ kind: 'quickEdit', editLines: 5 }), state(), DEFAULT_POLICY, price)).lane, 'fast');
  assert.equal(decided(route(task({ kind: 'refactor', fileCount: 2 }), state(), DEFAULT_POLICY, price)).lane, 'deep');
  assert.equal(decided(route(task({ kind: 'astTransform' }), state(), DEFAULT_POLICY, price)).lane, 'deep');
});

test('default lanes are configurable', () => {
  const cfg = mergePolicy(DEFAULT_POLICY, { defaultLane: { refactor: 'fast' } });
  const d = decided(route(task({ kind: 'refactor', fileCount: 1 }), state(), cfg, price));
  assert.equal(d.lane, 'fast');
  assert.equal(d.reason, 'refactor spans 1 file, so the fast lane');
  assert.equal(cfg.defaultLane.completion, 'fast', 'merge keeps the other defaults');
});

test('refactor decision: reason, estimate and counterfactual by hand', () => {
  const d = decided(route(task({ kind: 'refactor', inputTokens: 20_000, fileCount: 4 }), state(), DEFAULT_POLICY, price));
  assert.equal(d.reason, 'refactor spans 4 files, so the deep lane');
  assert.equal(d.model, 'gpt-5.5');
  assert.equal(d.provider, 'openai');
  assert.equal(d.cause, 'initial');
  // 20,000 in at $5/M = 100,000,000 nanos; 6,000 typical out at $30/M = 180,000,000; cap 32,000 out = 960,000,000.
  // Planning range: 0.5x-2.5x the expected output, 3,000-15,000 out = 190,000,000-550,000,000 nanos.
  assert.deepEqual(d.estimate, {
    inputTokens: 20_000, outputCap: 32_000, typicalOutputTokens: 6_000, basis: 'kind',
    costNanosLow: 280_000_000, costNanosHigh: 1_060_000_000, expectedMs: 2_000 + 85_714,
    range: { outputLow: 3_000, outputHigh: 15_000, costNanosLow: 190_000_000, costNanosHigh: 550_000_000 },
  });
  // Fast lane: 20,000 x 1,500 + 6,000 x 9,000 = 30,000,000 + 54,000,000 = 84,000,000 nanos.
  assert.deepEqual(d.counterfactual, { lane: 'fast', model: 'gemini-3.5-flash', costNanos: 84_000_000 });
  assert.equal(d.budgetWarning, undefined);
});

test('completion estimate uses the fast token rate and cached input', () => {
  const d = decided(route(task({ inputTokens: 1_000, cachedTokens: 400 }), state(), DEFAULT_POLICY, price));
  assert.equal(d.reason, 'inline completion, so the fast lane');
  // Nanos per token 1,500 in / 150 cached / 9,000 out.
  // low: 600 x 1,500 + 400 x 150 + 32 x 9,000 = 900,000 + 60,000 + 288,000 = 1,248,000;
  // high: 1,000 x 1,500 + 128 x 9,000 = 1,500,000 + 1,152,000 = 2,652,000.
  assert.equal(d.estimate.costNanosLow, 1_248_000);
  assert.equal(d.estimate.costNanosHigh, 2_652_000);
  assert.equal(d.estimate.expectedMs, 400 + Math.round((32 / 289) * 1000));
});

test('expected output from the pipeline replaces the typical output', () => {
  const d = decided(route(task({ kind: 'refactor', inputTokens: 10_000, expectedOutputTokens: 1_000 }), state(), DEFAULT_POLICY, price));
  assert.equal(d.estimate.typicalOutputTokens, 1_000);
  assert.equal(d.estimate.costNanosLow, 50_000_000 + 30_000_000); // 10,000 x 5,000 + 1,000 x 30,000;
});

test('escalation before the call: context over the fast lane budget, or a large quick edit', () => {
  const big = decided(route(task({ kind: 'quickEdit', inputTokens: 45_000, editLines: 10 }), state(), DEFAULT_POLICY, price));
  assert.equal(big.lane, 'deep');
  assert.equal(big.reason, "context is 45,000 tokens, over the fast lane's 32,000, so the deep lane");
  const long = decided(route(task({ kind: 'quickEdit', editLines: 120 }), state(), DEFAULT_POLICY, price));
  assert.equal(long.lane, 'deep');
  assert.equal(long.reason, 'quick edit spans 120 lines (over 80), so the deep lane');
  const edge = decided(route(task({ kind: 'quickEdit', editLines: 80 }), state(), DEFAULT_POLICY, price));
  assert.equal(edge.lane, 'fast');
  assert.equal(edge.reason, 'quick edit of 80 lines, so the fast lane');
});

test('context over every allowed lane is blocked, not sent', () => {
  const r = route(task({ kind: 'refactor', inputTokens: 1_500_000 }), state(), DEFAULT_POLICY, price);
  assert.equal(r.type, 'blocked');
  assert.equal((r as Blocked).code, 'context_too_large');
  const c = route(task({ kind: 'completion', inputTokens: 40_000 }), state(), DEFAULT_POLICY, price);
  assert.equal((c as Blocked).code, 'context_too_large', 'completions never escalate to the deep lane');
});

test('user override wins over the default lane and the size rules', () => {
  const d = decided(route(task({ kind: 'completion', override: { lane: 'deep' } }), state(), DEFAULT_POLICY, price));
  assert.equal(d.lane, 'deep');
  assert.equal(d.reason, 'you chose the deep lane');
  const m = decided(route(task({ kind: 'refactor', override: { lane: 'fast', model: 'gemini-3.5-flash-lite' } }), state(), DEFAULT_POLICY,
    (model, u) => (model === 'gemini-3.5-flash-lite' ? 1 : price(model, u))));
  assert.equal(m.lane, 'fast');
  assert.equal(m.model, 'gemini-3.5-flash-lite');
  assert.equal(m.estimate.costNanosLow, 1);
  const q = decided(route(task({ kind: 'quickEdit', editLines: 500, override: { lane: 'fast' } }), state(), DEFAULT_POLICY, price));
  assert.equal(q.lane, 'fast');
});

test('an open breaker moves the task to the other lane, and says why', () => {
  const s = state({ breakers: { fast: CLOSED_BREAKER, deep: openBreaker() } });
  const d = decided(route(task({ kind: 'refactor', fileCount: 3 }), s, DEFAULT_POLICY, price));
  assert.equal(d.lane, 'fast');
  assert.equal(d.reason, 'refactor spans 3 files, so the deep lane, but it is cooling down after failures, so the fast lane');
  assert.equal(d.counterfactual.lane, 'deep');
});

test('cooldown blocks when the other lane is not allowed or also cooling down', () => {
  const both = state({ breakers: { fast: openBreaker(), deep: openBreaker() } });
  const r = route(task({ kind: 'refactor' }), both, DEFAULT_POLICY, price) as Blocked;
  assert.equal(r.code, 'cooldown');
  assert.equal(r.retryAtMs, NOW - 100 + 5_000);
  const fastOpen = state({ breakers: { fast: openBreaker(), deep: CLOSED_BREAKER } });
  assert.equal((route(task({ kind: 'completion' }), fastOpen, DEFAULT_POLICY, price) as Blocked).code, 'cooldown');
  const pinned = route(task({ kind: 'quickEdit', override: { lane: 'fast' } }), fastOpen, DEFAULT_POLICY, price) as Blocked;
  assert.equal(pinned.code, 'cooldown', 'an override is not silently moved');
  const later = { ...fastOpen, nowMs: NOW - 100 + 5_000 };
  assert.equal(decided(route(task({ kind: 'completion' }), later, DEFAULT_POLICY, price)).lane, 'fast', 'after the cooldown');
});

test('a later attempt keeps its cause and reason', () => {
  const d = decided(route(task({ kind: 'quickEdit' }), state(), DEFAULT_POLICY, price,
    { cause: 'escalation', lane: 'deep', reason: 'fast lane output rejected, so escalated to the deep lane' }));
  assert.equal(d.lane, 'deep');
  assert.equal(d.cause, 'escalation');
  assert.match(d.reason, /escalated to the deep lane/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterProviderError, afterValidationFailure, retryDelayMs, type AttemptHistory } from '../../../src/core/policy-attempts.ts';
import { CLOSED_BREAKER, recordOutcome } from '../../../src/core/policy-breaker.ts';
import { DEFAULT_POLICY } from '../../../src/core/policy-config.ts';

const cfg = DEFAULT_POLICY;
const closed = { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER };
const h = (over: Partial<AttemptHistory> = {}): AttemptHistory => ({
  kind: 'quickEdit', lane: 'fast', escalations: 0, fallbacks: 0, retriesOnLane: 0, validationRetries: 0, ...over,
});

test('invalid output on the fast lane escalates to the deep lane', () => {
  for (const failure of ['parse_errors', 'invalid_json', 'schema', 'empty'] as const) {
    const step = afterValidationFailure(h(), failure, cfg);
    assert.equal(step.action, 'escalate', failure);
    assert.equal((step as { lane: string }).lane, 'deep');
  }
  assert.equal(afterValidationFailure(h(), 'invalid_json', cfg).reason,
    'fast lane output rejected (the answer was not valid JSON), so escalated to the deep lane');
});

test('at most one escalation per task', () => {
  const step = afterValidationFailure(h({ escalations: 1 }), 'parse_errors', cfg);
  assert.equal(step.action, 'fail');
});

test('completions are rejected, not escalated; unlisted failures are not escalated', () => {
  assert.equal(afterValidationFailure(h({ kind: 'completion' }), 'empty', cfg).action, 'fail');
  const narrow = { ...cfg, escalation: { ...cfg.escalation, onValidation: ['parse_errors'] as const } };
  assert.equal(afterValidationFailure(h(), 'paths', narrow).action, 'fail');
});

test('an unsafe path in a plan gets the one repair round trip', () => {
  const step = afterValidationFailure(h({ lane: 'deep', escalations: 1 }), 'paths', cfg);
  assert.equal(step.action, 'retry');
});

test('deep lane validation failure retries once, then rejects', () => {
  const first = afterValidationFailure(h({ lane: 'deep', escalations: 1 }), 'schema', cfg);
  assert.deepEqual([first.action, (first as { lane: string }).lane], ['retry', 'deep']);
  assert.equal(afterValidationFailure(h({ lane: 'deep', escalations: 1, validationRetries: 1 }), 'schema', cfg).action, 'fail');
});

test('429 honours Retry-After; backoff otherwise', () => {
  const step = afterProviderError(h(), { kind: 'rate_limited', retryAfterMs: 3_000 }, closed, 0, cfg);
  assert.deepEqual(step, { action: 'retry', lane: 'fast', delayMs: 3_000, reason: 'fast lane was rate limited, retry 1 of 2 in 3000 ms' });
  assert.equal(retryDelayMs(0, undefined, cfg.retry), 500);
  assert.equal(retryDelayMs(1, undefined, cfg.retry), 1_000);
  assert.equal(retryDelayMs(10, undefined, cfg.retry), 8_000, 'capped');
  assert.equal(retryDelayMs(2, 100, cfg.retry), 2_000, 'never sooner than backoff... or Retry-After');
});

test('500 and timeouts retry within the policy, then fall back to the other lane', () => {
  for (const kind of ['server', 'timeout', 'network', 'rate_limited'] as const) {
    assert.equal(afterProviderError(h({ retriesOnLane: 1 }), { kind }, closed, 0, cfg).action, 'retry', kind);
    const step = afterProviderError(h({ retriesOnLane: 2 }), { kind }, closed, 0, cfg);
    assert.deepEqual([step.action, (step as { lane: string }).lane], ['fallback', 'deep'], kind);
  }
  const deep = afterProviderError(h({ kind: 'refactor', lane: 'deep', retriesOnLane: 2 }), { kind: 'server' }, closed, 0, cfg);
  assert.equal(deep.reason, 'deep lane had a server error after 2 retries, so fell back to the fast lane');
});

test('a stream that failed after its output started is not retried on the same lane', () => {
  for (const kind of ['server', 'network', 'timeout'] as const) {
    const step = afterProviderError(h(), { kind, afterOutput: true }, closed, 0, cfg);
    assert.deepEqual([step.action, (step as { lane: string }).lane], ['fallback', 'deep'], kind);
    assert.match(step.reason, /after its output had started, so fell back to the deep lane$/);
  }
  assert.deepEqual(afterProviderError(h({ kind: 'completion' }), { kind: 'server', afterOutput: true }, closed, 0, cfg),
    { action: 'fail', reason: 'fast lane had a server error after its output had started; fallback is off for this kind of task', why: 'fallback is off for completions' });
});

test('a Retry-After longer than the limit falls back at once', () => {
  const step = afterProviderError(h(), { kind: 'rate_limited', retryAfterMs: 60_000 }, closed, 0, cfg);
  assert.equal(step.action, 'fallback');
  assert.match(step.reason, /retry after 60000 ms/);
});

test('no fallback where it is not allowed', () => {
  assert.equal(afterProviderError(h({ kind: 'completion', retriesOnLane: 2 }), { kind: 'server' }, closed, 0, cfg).action, 'fail');
  assert.equal(afterProviderError(h({ retriesOnLane: 2, fallbacks: 1 }), { kind: 'server' }, closed, 0, cfg).action, 'fail');
  // A task that escalated away from the fast lane does not fall back to it.
  assert.equal(afterProviderError(h({ lane: 'deep', escalations: 1, retriesOnLane: 2 }), { kind: 'server' }, closed, 0, cfg).action, 'fail');
});

test('non-transient errors neither retry nor fall back', () => {
  assert.deepEqual(afterProviderError(h(), { kind: 'auth' }, closed, 0, cfg), { action: 'fail', reason: 'fast lane rejected the API key' });
  assert.equal(afterProviderError(h(), { kind: 'bad_request' }, closed, 0, cfg).action, 'fail');
  assert.deepEqual(afterProviderError(h(), { kind: 'cancelled' }, closed, 0, cfg), { action: 'fail', reason: 'cancelled' });
});

test('invalid output from the provider takes the validation path; context overflow falls back to deep', () => {
  assert.equal(afterProviderError(h(), { kind: 'invalid_output' }, closed, 0, cfg).action, 'escalate');
  const step = afterProviderError(h(), { kind: 'bad_request', contextOverflow: true }, closed, 0, cfg);
  assert.deepEqual([step.action, (step as { lane: string }).lane], ['fallback', 'deep']);
});

test('fallback on repeated 429 with cooldown: the breaker opens, then the lane is skipped until it cools', () => {
  let fast = CLOSED_BREAKER;
  let t = 10_000;
  const steps: string[] = [];
  for (let i = 0; i < 3; i++) {
    fast = recordOutcome(fast, t, false, cfg.breaker);
    steps.push(afterProviderError(h({ retriesOnLane: i }), { kind: 'rate_limited', retryAfterMs: 100 }, { fast, deep: CLOSED_BREAKER }, t, cfg).action);
    t += 100;
  }
  // Two retries, then the third failure opens the breaker and the task moves.
  assert.deepEqual(steps, ['retry', 'retry', 'fallback']);
  // A new task on the cooling lane goes straight to the other one instead of hammering it.
  const fresh = afterProviderError(h(), { kind: 'rate_limited' }, { fast, deep: CLOSED_BREAKER }, t, cfg);
  assert.equal(fresh.action, 'fallback');
  assert.match(fresh.reason, /cooling down/);
  // And if the other lane is cooling down too, the task fails rather than waiting.
  const deepOpen = recordOutcome(recordOutcome(recordOutcome(CLOSED_BREAKER, t, false, cfg.breaker), t, false, cfg.breaker), t, false, cfg.breaker);
  assert.equal(afterProviderError(h({ retriesOnLane: 2 }), { kind: 'server' }, { fast, deep: deepOpen }, t, cfg).action, 'fail');
});

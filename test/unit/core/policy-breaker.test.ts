import assert from 'node:assert/strict';
import { test } from 'node:test';
import { breakerAllows, breakerStatus, CLOSED_BREAKER, recordOutcome, type BreakerState } from '../../../src/core/policy-breaker.ts';
import { DEFAULT_POLICY } from '../../../src/core/policy-config.ts';

const cfg = DEFAULT_POLICY.breaker;
const run = (events: [number, boolean][], from: BreakerState = CLOSED_BREAKER): BreakerState =>
  events.reduce((s, [at, ok]) => recordOutcome(s, at, ok, cfg), from);

test('defaults follow LiteLLM: 3 failures, 5 s cooldown, 50% of a minute with at least 5', () => {
  assert.deepEqual(cfg, { failuresToOpen: 3, cooldownMs: 5_000, windowMs: 60_000, failureRate: 0.5, minRequests: 5 });
});

test('opens after three consecutive failures, not two', () => {
  const two = run([[0, false], [10, false]]);
  assert.equal(breakerStatus(two, 20), 'closed');
  const three = run([[0, false], [10, false], [20, false]]);
  assert.equal(breakerStatus(three, 20), 'open');
  assert.equal(breakerAllows(three, 20), false);
});

test('a success resets the consecutive count', () => {
  // 4 of 9 failed (under the rate rule), never 3 in a row.
  const s = run([[0, true], [0, true], [0, true], [0, true], [1, false], [2, false], [3, true], [4, false], [5, false]]);
  assert.equal(s.consecutiveFailures, 2);
  assert.equal(breakerStatus(s, 5), 'closed');
});

test('cooldown with an injected clock: open for 5 s, then half-open; a failure reopens, a success closes', () => {
  const open = run([[1_000, false], [1_000, false], [1_000, false]]);
  assert.equal(breakerStatus(open, 5_999), 'open');
  assert.equal(breakerStatus(open, 6_000), 'half_open');
  assert.equal(breakerAllows(open, 6_000), true);
  const reopened = recordOutcome(open, 6_100, false, cfg);
  assert.equal(breakerStatus(reopened, 11_099), 'open');
  assert.equal(breakerStatus(reopened, 11_100), 'half_open');
  const closed = recordOutcome(open, 6_100, true, cfg);
  assert.equal(breakerStatus(closed, 6_100), 'closed');
  assert.equal(closed.consecutiveFailures, 0);
});

test('failure rate: half of at least five requests in a minute opens it', () => {
  const four = run([[0, true], [1, false], [2, true], [3, false]]);
  assert.equal(breakerStatus(four, 4), 'closed', 'under the minimum of 5');
  const five = recordOutcome(four, 4, false, cfg); // 3 of 5 failed, only 2 in a row
  assert.equal(five.consecutiveFailures, 2);
  assert.equal(breakerStatus(five, 4), 'open');
  const ok = run([[0, true], [1, false], [2, true], [3, false], [4, true], [5, true], [6, false]]);
  assert.equal(breakerStatus(ok, 6), 'closed', '3 of 7 is under 50%');
});

test('old requests leave the window', () => {
  const s = run([[0, true], [1, false], [2, true], [3, false], [70_000, false]]);
  assert.equal(s.window.length, 1);
  assert.equal(breakerStatus(s, 70_000), 'closed');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOSED_BREAKER } from '../../../src/core/policy-breaker.ts';
import {
  budgetLevel, checkBudget, EMPTY_BUDGET, release, reserve, reservedTotal, settle, withSpend, type BudgetState,
} from '../../../src/core/policy-budget.ts';
import { DEFAULT_POLICY, mergePolicy } from '../../../src/core/policy-config.ts';
import { route } from '../../../src/core/policy.ts';
import type { Blocked, Decision, TaskFacts } from '../../../src/core/task.ts';
import { price } from '../helpers/ledger-fixtures.ts';

const breakers = { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER };
const spent = (today: number, month = today): BudgetState => withSpend(EMPTY_BUDGET, today, month);
// high = 20,000 x $5/M + 32,000 x $30/M = 1,060,000,000 nanos ($1.06); low = 280,000,000 ($0.28)
const refactor: TaskFacts = { taskId: 't', kind: 'refactor', inputTokens: 20_000, fileCount: 4 };
// high = 500 x $1.50/M + 128 x $9/M = 750,000 + 1,152,000 = 1,902,000 nanos
const completion: TaskFacts = { taskId: 'c', kind: 'completion', inputTokens: 500 };

test('under the warn threshold: no warning', () => {
  const d = route(refactor, { nowMs: 0, budget: spent(2_000_000_000), breakers }, DEFAULT_POLICY, price) as Decision;
  assert.equal(d.type, 'decision');
  assert.equal(d.budgetWarning, undefined);
});

test('past the warn threshold (80%) a refactor asks first by default, and the reason says why', () => {
  // Month 41 of 50 (82%); today's $1.00 is far from the daily cap; the refactor's worst case fits under both caps.
  const budget = spent(1_000_000_000, 41_000_000_000);
  const r = route(refactor, { nowMs: 0, budget, breakers }, DEFAULT_POLICY, price) as Blocked;
  assert.equal(r.code, 'needs_confirmation');
  assert.equal(r.reason, '82% of the monthly budget $50.00 used, so this deep-lane request needs your confirmation (estimated $0.19-$0.55)');
  const ok = route({ ...refactor, confirmedOverBudget: true }, { nowMs: 0, budget, breakers }, DEFAULT_POLICY, price) as Decision;
  assert.equal(ok.lane, 'deep');
  assert.equal(ok.budgetWarning, '82% of the monthly budget $50.00 used; you confirmed this request');
});

test('past the warn threshold with aboveWarn "continue": sent as before, with a warning', () => {
  const cfg = mergePolicy(DEFAULT_POLICY, { budget: { aboveWarn: { refactor: 'continue' } } });
  const d = route(refactor, { nowMs: 0, budget: spent(1_000_000_000, 41_000_000_000), breakers }, cfg, price) as Decision;
  assert.equal(d.type, 'decision');
  assert.equal(d.reason, 'refactor spans 4 files, so the deep lane');
  assert.equal(d.budgetWarning, '82% of the monthly budget $50.00 used');
});

test('past the warn threshold a quick edit stays on the fast lane: the reason says so, and it never escalates', () => {
  const budget = spent(4_100_000_000, 4_100_000_000);
  const big: TaskFacts = { taskId: 'q', kind: 'quickEdit', inputTokens: 3_000, editLines: 120 };
  const under = route(big, { nowMs: 0, budget: spent(0), breakers }, DEFAULT_POLICY, price) as Decision;
  assert.equal(under.lane, 'deep', 'a 120-line quick edit goes deep under the warn level');
  const d = route(big, { nowMs: 0, budget, breakers }, DEFAULT_POLICY, price) as Decision;
  assert.equal(d.type, 'decision');
  assert.equal(d.lane, 'fast');
  assert.equal(d.model, 'gemini-3.5-flash');
  assert.equal(d.reason, 'quick edit spans 120 lines (over 80), so the deep lane; 82% of the daily budget $5.00 used, so quick edits stay on the fast lane');
  assert.equal(d.estimate.costNanosLow, route({ ...big, override: { lane: 'fast' } }, { nowMs: 0, budget: spent(0), breakers }, DEFAULT_POLICY, price).estimate.costNanosLow, 'priced on the fast lane');
  const small = route({ ...big, editLines: 5 }, { nowMs: 0, budget, breakers }, DEFAULT_POLICY, price) as Decision;
  assert.equal(small.reason, 'quick edit of 5 lines, so the fast lane; 82% of the daily budget $5.00 used, so quick edits stay on the fast lane');
  const esc = route({ ...big, editLines: 5 }, { nowMs: 0, budget, breakers }, DEFAULT_POLICY, price,
    { cause: 'escalation', lane: 'deep', reason: 'the fast reply did not parse, so the deep lane' }) as Blocked;
  assert.equal(esc.type, 'blocked');
  assert.equal(esc.code, 'budget_stop');
  assert.equal(esc.reason, '82% of the daily budget $5.00 used, so quick edits stay on the fast lane, but the escalation to the deep lane is not sent');
});

test('held to the fast lane, a refactor that cannot go there is stopped with the reason', () => {
  const cfg = mergePolicy(DEFAULT_POLICY, { budget: { aboveWarn: { refactor: 'fastLane' } } });
  const budget = spent(1_000_000_000, 41_000_000_000);
  const moved = route(refactor, { nowMs: 0, budget, breakers }, cfg, price) as Decision;
  assert.equal(moved.lane, 'fast');
  assert.equal(moved.reason, 'refactor spans 4 files, so the deep lane; 82% of the monthly budget $50.00 used, so refactors stay on the fast lane');
  const huge = route({ ...refactor, inputTokens: 40_000 }, { nowMs: 0, budget, breakers }, cfg, price) as Blocked;
  assert.equal(huge.code, 'budget_stop');
  assert.match(huge.reason, /so refactors stay on the fast lane, but context is 40,000 tokens, over the fast lane's 32,000$/);
  const noFast = mergePolicy(cfg, { lanes: { fast: { available: false } } });
  assert.match((route(refactor, { nowMs: 0, budget, breakers }, noFast, price) as Blocked).reason, /, but the fast lane is not configured$/);
});

test('aboveWarn "stop" stops the kind above the warn level and past the cap, confirmed or not', () => {
  const cfg = mergePolicy(DEFAULT_POLICY, { budget: { aboveWarn: { refactor: 'stop' } } });
  const warn = route({ ...refactor, confirmedOverBudget: true }, { nowMs: 0, budget: spent(1_000_000_000, 41_000_000_000), breakers }, cfg, price) as Blocked;
  assert.equal(warn.code, 'budget_stop');
  assert.equal(warn.reason, '82% of the monthly budget $50.00 used, so refactors are stopped (switchyard.budget.aboveWarn)');
  const cap = route({ ...refactor, confirmedOverBudget: true }, { nowMs: 0, budget: spent(4_500_000_000), breakers }, cfg, price) as Blocked;
  assert.equal(cap.code, 'budget_stop');
  assert.match(cap.reason, /^daily budget \$5\.00 reached .*refactors are stopped above the warn level/);
});

test('completions past the warn level stay on the fast lane (allow_fast_only is reachable for them)', () => {
  const budget = spent(4_100_000_000);
  const d = route(completion, { nowMs: 0, budget, breakers }, DEFAULT_POLICY, price) as Decision;
  assert.equal(d.lane, 'fast');
  assert.equal(d.reason, 'inline completion, so the fast lane; 82% of the daily budget $5.00 used, so completions stay on the fast lane');
  const forced = route({ ...completion, override: { lane: 'deep' } }, { nowMs: 0, budget, breakers }, DEFAULT_POLICY, price) as Decision;
  assert.equal(forced.lane, 'fast');
  assert.equal(forced.model, 'gemini-3.5-flash');
  assert.match(forced.reason, /^you chose the deep lane; 82% of the daily budget/);
  const below = route({ ...completion, override: { lane: 'deep' } }, { nowMs: 0, budget: spent(3_000_000_000), breakers }, DEFAULT_POLICY, price) as Decision;
  assert.equal(below.lane, 'deep', 'under the warn level the choice stands');
});

test('at the daily cap a deep-lane request needs confirmation that shows its estimate', () => {
  const r = route(refactor, { nowMs: 0, budget: spent(4_000_000_000), breakers }, DEFAULT_POLICY, price) as Blocked;
  assert.equal(r.type, 'blocked');
  assert.equal(r.code, 'needs_confirmation');
  assert.equal(r.lane, 'deep');
  assert.equal(r.estimate.costNanosHigh, 1_060_000_000);
  assert.equal(r.reason, 'daily budget $5.00 reached ($4.00 spent, $0.00 in flight, this request at worst $1.06); '
    + 'this deep-lane request needs your confirmation (estimated $0.19-$0.55)');
  const ok = route({ ...refactor, confirmedOverBudget: true }, { nowMs: 0, budget: spent(4_000_000_000), breakers }, DEFAULT_POLICY, price) as Decision;
  assert.equal(ok.type, 'decision');
  assert.match(ok.budgetWarning ?? '', /you confirmed/);
});

test('the monthly cap blocks too', () => {
  const r = route(refactor, { nowMs: 0, budget: spent(0, 49_500_000_000), breakers }, DEFAULT_POLICY, price) as Blocked;
  assert.equal(r.code, 'needs_confirmation');
  assert.match(r.reason, /^monthly budget \$50\.00 reached/);
});

test('completions at the cap stop by default', () => {
  const r = route(completion, { nowMs: 0, budget: spent(5_000_000_000), breakers }, DEFAULT_POLICY, price) as Blocked;
  assert.equal(r.type, 'blocked');
  assert.equal(r.code, 'budget_stop');
  assert.match(r.reason, /completions are paused$/);
});

test('completions at the cap stay on the fast lane when the setting says so, up to the hard ceiling', () => {
  const cfg = mergePolicy(DEFAULT_POLICY, { budget: { completionsAtCap: 'fastLane' } });
  const d = route(completion, { nowMs: 0, budget: spent(5_000_000_000), breakers }, cfg, price) as Decision;
  assert.equal(d.type, 'decision');
  assert.equal(d.lane, 'fast');
  const forced = route({ ...completion, override: { lane: 'deep' } }, { nowMs: 0, budget: spent(5_000_000_000), breakers }, cfg, price) as Decision;
  assert.equal(forced.lane, 'fast');
  assert.match(forced.reason, /^you chose the deep lane; daily budget .* completions stay on the fast lane$/);
  // fastLane is no longer "no cap at all": past 120% of the cap nothing is sent.
  const past = route(completion, { nowMs: 0, budget: spent(5_999_000_000), breakers }, cfg, price) as Blocked;
  assert.equal(past.code, 'budget_stop');
  assert.equal(past.reason, 'the daily hard ceiling $6.00 (120% of the $5.00 budget) would be passed ($5.999 spent, $0.00 in flight, '
    + 'this request at worst $0.001902); nothing is sent past it, confirmed or not');
});

test('a confirmed request past the hard ceiling is not sent; under it, it is', () => {
  const at = (today: number) => route({ ...refactor, confirmedOverBudget: true }, { nowMs: 0, budget: spent(today), breakers }, DEFAULT_POLICY, price);
  assert.equal(at(4_940_000_000).type, 'decision', '$4.94 + $1.06 = $6.00, at the ceiling');
  const r = at(4_940_000_001) as Blocked;
  assert.equal(r.code, 'budget_stop');
  assert.match(r.reason, /^the daily hard ceiling \$6\.00 \(120% of the \$5\.00 budget\) would be passed/);
  const higher = mergePolicy(DEFAULT_POLICY, { budget: { hardCeiling: 2 } });
  assert.equal(route({ ...refactor, confirmedOverBudget: true }, { nowMs: 0, budget: spent(8_000_000_000), breakers }, higher, price).type, 'decision');
  const monthly = route({ ...refactor, confirmedOverBudget: true }, { nowMs: 0, budget: spent(0, 59_500_000_000), breakers }, DEFAULT_POLICY, price) as Blocked;
  assert.match(monthly.reason, /^the monthly hard ceiling \$60\.00 \(120% of the \$50\.00 budget\)/);
});

test('the meter level: ok, warn at 80%, capped at the cap, counting reservations', () => {
  const b = DEFAULT_POLICY.budget;
  assert.equal(budgetLevel(spent(3_999_999_999), b), 'ok');
  assert.equal(budgetLevel(spent(4_000_000_000), b), 'warn');
  assert.equal(budgetLevel(spent(5_000_000_000), b), 'capped');
  assert.equal(budgetLevel(reserve(spent(3_500_000_000), 'a', 600_000_000), b), 'warn');
  assert.equal(budgetLevel(spent(99_000_000_000), { ...b, dailyCapNanos: null, monthlyCapNanos: null }), 'ok', 'no caps');
});

test('reserve, settle and release keep the books', () => {
  let s = reserve(reserve(EMPTY_BUDGET, 'a', 100), 'b', 50);
  assert.equal(reservedTotal(s), 150);
  s = settle(s, 'a', 80);
  assert.deepEqual([reservedTotal(s), s.spentTodayNanos, s.spentMonthNanos], [50, 80, 80]);
  s = release(s, 'b');
  assert.deepEqual([reservedTotal(s), s.spentTodayNanos], [0, 80]);
  assert.equal(release(s, 'missing'), s);
});

/** Small deterministic PRNG so the simulation is reproducible. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

function simulate(countReservations: boolean): { maxSpent: number; maxCommitted: number } {
  const cfg = { ...DEFAULT_POLICY.budget, dailyCapNanos: 1_000_000, monthlyCapNanos: null };
  const rand = lcg(42);
  let s = EMPTY_BUDGET;
  const inFlight = new Map<string, number>();
  let maxSpent = 0;
  let maxCommitted = 0;
  for (let i = 0; i < 3_000; i++) {
    if (rand() < 0.6) {
      const high = 1_000 + Math.floor(rand() * 99_000);
      const view = countReservations ? s : { ...s, reserved: {} };
      if (['allow', 'allow_fast_only'].includes(checkBudget(view, cfg, 'quickEdit', 'fast', high, false).type)) {
        s = reserve(s, `r${i}`, high);
        inFlight.set(`r${i}`, high);
      }
    } else if (inFlight.size > 0) {
      const ids = [...inFlight.keys()];
      const id = ids[Math.floor(rand() * ids.length)]!;
      s = settle(s, id, Math.floor(rand() * (inFlight.get(id)! + 1))); // actual <= reserved worst case
      inFlight.delete(id);
    }
    maxCommitted = Math.max(maxCommitted, s.spentTodayNanos + reservedTotal(s));
    maxSpent = Math.max(maxSpent, s.spentTodayNanos);
  }
  for (const [id, high] of inFlight) s = settle(s, id, high);
  return { maxSpent: Math.max(maxSpent, s.spentTodayNanos), maxCommitted };
}

test('in-flight reservations: concurrent requests never push spend past the cap', () => {
  const { maxSpent, maxCommitted } = simulate(true);
  assert.ok(maxCommitted <= 1_000_000, `committed ${maxCommitted}`);
  assert.ok(maxSpent <= 1_000_000, `spent ${maxSpent}`);
  assert.ok(maxSpent > 900_000, 'the simulation does reach the cap');
  // Without reservations the same traffic overshoots: the accounting is what holds the line.
  assert.ok(simulate(false).maxSpent > 1_000_000);
});

test('spend another window had in flight can overshoot by no more than those requests', () => {
  const cfg = { ...DEFAULT_POLICY.budget, dailyCapNanos: 1_000_000, monthlyCapNanos: null };
  let s = spent(600_000);
  assert.equal(checkBudget(s, cfg, 'refactor', 'deep', 300_000, false).type, 'allow');
  s = reserve(s, 'a', 300_000);
  // The other window's settled spend arrives through the ledger tail while 'a' is in flight.
  s = withSpend(s, 900_000, 900_000);
  assert.equal(checkBudget(s, cfg, 'quickEdit', 'fast', 50_000, false).type, 'stop', 'past the 120% hard ceiling, counting what is in flight');
  assert.equal(checkBudget(s, { ...cfg, hardCeiling: 2 }, 'quickEdit', 'fast', 50_000, false).type, 'needs_confirmation');
  s = settle(s, 'a', 250_000);
  const overshoot = s.spentTodayNanos - 1_000_000;
  assert.equal(overshoot, 150_000);
  assert.ok(overshoot <= 300_000, 'bounded by what was in flight');
});

// The adaptive decision inside route(): priors, the formula by hand, each preference,
// exploration and the budget-warn rule, hard rules, learning off, completions, reasons with numbers.
import assert from 'node:assert/strict';
import { shapeOf } from '../../../src/core/routing-shape.ts';
import { describe, it } from 'node:test';
import { CLOSED_BREAKER } from '../../../src/core/policy-breaker.ts';
import { EMPTY_BUDGET, withSpend } from '../../../src/core/policy-budget.ts';
import { completionDebounceMs, explorationDraw } from '../../../src/core/policy-adaptive.ts';
import { DEFAULT_POLICY, mergePolicy, type PolicyConfig } from '../../../src/core/policy-config.ts';
import { route, type RouterState } from '../../../src/core/policy.ts';
import type { LaneFigures, RoutingPreference, RoutingView, ShapeFigures } from '../../../src/core/routing-types.ts';
import type { Blocked, Decision, TaskFacts } from '../../../src/core/task.ts';
import { price } from '../helpers/ledger-fixtures.ts';

const NOW = Date.parse('2026-03-20T12:00:00Z');
const QE_SHAPE = 'quickEdit|python|40-80';
const RF_SHAPE = 'refactor|typescript|2-4';

const lane = (n: number, ok: number, meanCostNanos?: number, meanMs?: number): LaneFigures => ({ n, ok, ...(meanCostNanos !== undefined ? { meanCostNanos, meanMs } : {}) });
function view(shapes: Record<string, { fast: LaneFigures; deep: LaneFigures }>, calls = { n: 0 }): RoutingView {
  return {
    figures(key): ShapeFigures | undefined {
      calls.n++;
      const s = shapes[key];
      return s && { shape: key, label: key, lanes: s };
    },
  };
}
const state = (learned?: RoutingView, over: Partial<RouterState> = {}): RouterState => ({
  nowMs: NOW, budget: EMPTY_BUDGET, breakers: { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER }, learned, ...over,
});
const cfgWith = (preference: RoutingPreference, exploration = 0): PolicyConfig => mergePolicy(DEFAULT_POLICY, { routing: { preference, exploration } });
const quickEdit = (over: Partial<TaskFacts> = {}): TaskFacts => ({ taskId: 'qe-1', kind: 'quickEdit', language: 'python', editLines: 60, inputTokens: 2_000, ...over });
const refactor = (over: Partial<TaskFacts> = {}): TaskFacts => ({ taskId: 'rf-1', kind: 'refactor', language: 'typescript', fileCount: 3, inputTokens: 20_000, ...over });

function decided(r: Decision | Blocked): Decision {
  assert.equal(r.type, 'decision', r.reason);
  return r as Decision;
}

// The example: the fast lane succeeded 9 of 30 recently; its attempts cost $0.005 and took 3 s on
// average, the deep lane's $0.009 and 7.4 s.
const FAILING = view({ [QE_SHAPE]: { fast: lane(30, 9, 5_000_000, 3_000), deep: lane(10, 10, 9_000_000, 7_400) } });

describe('adaptive routing decision', () => {
  it('a new shape decides as the static table (prior), with the note saying so', () => {
    const empty = view({});
    for (const preference of ['cost', 'balanced', 'quality'] as const) {
      const qe = decided(route(quickEdit(), state(empty), cfgWith(preference), price));
      assert.equal(qe.lane, 'fast');
      assert.deepEqual(qe.routing, { shape: QE_SHAPE, staticLane: 'fast', basis: 'prior' });
      assert.equal(qe.reason, 'quick edit of 60 lines, so the fast lane (quick edit, Python, 40-80 lines: no fast-lane outcomes yet)');
      const rf = decided(route(refactor(), state(empty), cfgWith(preference), price));
      assert.equal(rf.lane, 'deep');
      assert.deepEqual(rf.routing, { shape: RF_SHAPE, staticLane: 'deep', basis: 'prior' });
      const big = decided(route(quickEdit({ editLines: 120 }), state(empty), cfgWith(preference), price));
      assert.equal(big.lane, 'deep', 'over quickEditMaxLines the table says deep');
    }
  });

  it('too few fast outcomes never overturn the table, even all failures', () => {
    const thin = view({ [QE_SHAPE]: { fast: lane(2, 0, 5_000_000, 3_000), deep: lane(2, 2, 9_000_000, 7_400) } });
    const d = decided(route(quickEdit(), state(thin), cfgWith('cost'), price));
    assert.equal(d.lane, 'fast');
    assert.deepEqual(d.routing, { shape: QE_SHAPE, staticLane: 'fast', basis: 'prior', fast: { ok: 0, n: 2 } });
    assert.match(d.reason, /fast lane succeeded 0 of 2 recently, too few to change it/);
  });

  it('the issue\'s formula by hand: fast succeeded 9 of 30, so the deep lane, with the numbers in the reason', () => {
    const d = decided(route(quickEdit(), state(FAILING), cfgWith('cost'), price));
    // p = (9 + 4) / (30 + 5) = 13/35 with the prior; no answer was vetoed, so the missed share is the prior's
    // m = 0.5 / 35. Fast first = 5,000,000 + 22/35 x 9,000,000 = 10,657,143 nanos,
    // 3,000 + 22/35 x 7,400 + 0.5/35 x 30,000 = 8,080 ms; deep directly = 9,000,000 nanos, 7,400 ms.
    // (Before missed failures were priced: 7,651 ms.)
    assert.equal(d.lane, 'deep');
    assert.deepEqual(d.routing, {
      shape: QE_SHAPE, staticLane: 'fast', basis: 'learned', fast: { ok: 9, n: 30 },
      expected: { fastFirst: { costNanos: 10_657_143, ms: 8_080 }, deep: { costNanos: 9_000_000, ms: 7_400 } },
    });
    assert.equal(d.reason, 'quick edit, Python, 40-80 lines: fast lane succeeded 9 of 30 recently; fast-then-deep expected $0.01066 / 8.1 s vs deep $0.009 / 7.4 s, so the deep lane');
  });

  it('each preference weighs the plans its own way', () => {
    const at = (fast: LaneFigures) => view({ [QE_SHAPE]: { fast, deep: lane(10, 10, 9_000_000, 7_400) } });
    const pick = (v: RoutingView, p: RoutingPreference) => decided(route(quickEdit(), state(v), cfgWith(p), price)).lane;
    // 24 of 30, none vetoed: p = 28/35 = 0.8, missed m = 0.5/35 (the prior). Cost, fast attempts of $0.0065:
    // 6,500,000 + 0.2 x 9,000,000 + m x 30 s x 9,000,000 / 7.4 s (the review, 521,236) = 8,821,236 < 9,000,000, fast first.
    // Balanced, fast attempts of 7 s: (8,300,000 + 521,236)/9,000,000 + (7,000 + 1,480 + 429)/7,400 = 0.980 + 1.204 = 2.18 > 2, deep.
    // (Before missed failures were priced the example used $0.007 fast attempts; with the review they are a hair dearer than deep.)
    const slowFast = at(lane(30, 24, 6_500_000, 7_000));
    assert.equal(pick(slowFast, 'cost'), 'fast');
    assert.equal(pick(slowFast, 'balanced'), 'deep');
    // Quality, fast attempts of 6 s: 6,000 + 1,480 + 429 + 0.2 x 6,000 = 9,109 ms > 7,400 (a failure's delay counts twice), deep;
    // balanced: (6,800,000 + 521,236)/9,000,000 + 7,909/7,400 = 0.813 + 1.069 = 1.88 < 2, fast first.
    const sixSeconds = at(lane(30, 24, 5_000_000, 6_000));
    assert.equal(pick(sixSeconds, 'quality'), 'deep');
    assert.equal(pick(sixSeconds, 'balanced'), 'fast');
    // Quality needs 75% success: at 18 of 30 (p = 22/35 = 0.63) even a fast, cheap lane waits.
    const unreliable = at(lane(30, 18, 1_000_000, 1_000));
    assert.equal(pick(unreliable, 'cost'), 'fast');
    assert.equal(pick(unreliable, 'quality'), 'deep');
    assert.match(decided(route(quickEdit(), state(unreliable), cfgWith('quality'), price)).reason, /quality wants 75% success\), so the deep lane$/);
    assert.equal(pick(at(lane(30, 29, 3_000_000, 2_500)), 'quality'), 'fast');
  });

  it('caught and missed failures by hand: the same 24 of 30 goes deep under every preference once its 6 failures passed validation', () => {
    // Fast attempts $0.0025 / 2 s, deep $0.009 / 7.4 s. p = (24 + 4) / (30 + 5) = 0.8 either way.
    const with6 = (vetoed: number) => view({ [QE_SHAPE]: { fast: { ...lane(30, 24, 2_500_000, 2_000), vetoed }, deep: lane(10, 10, 9_000_000, 7_400) } });
    const caught = with6(0);
    const missed = with6(6);
    const go = (v: RoutingView, p: RoutingPreference) => decided(route(quickEdit(), state(v), cfgWith(p), price));
    // Caught: m = 0.5/35 (the prior). Fast first = 2,500,000 + 0.2 x 9,000,000 = 4,300,000 nanos; 2,000 + 0.2 x 7,400 +
    // 0.5/35 x 30,000 = 3,909 ms. Review priced at 9,000,000 / 7,400 ms: 429 x 1,216 = 521,236 nanos.
    // cost 4,821,236 < 9,000,000; balanced 0.536 + 0.528 = 1.06 < 2; quality p 0.8 >= 0.75 and 3,909 + 0.2 x 2,000 = 4,309 <= 7,400.
    for (const p of ['cost', 'balanced', 'quality'] as const) assert.equal(go(caught, p).lane, 'fast', p);
    assert.deepEqual(go(caught, 'cost').routing?.expected, { fastFirst: { costNanos: 4_300_000, ms: 3_909 }, deep: { costNanos: 9_000_000, ms: 7_400 } });
    // Missed: m = (6 + 0.5) / 35 = 0.1857: 2,000 + 1,480 + 5,571 = 9,051 ms; review 5,571 x 1,216 = 6,776,062 nanos.
    // cost 11,076,062 > 9,000,000; balanced 1.231 + 1.223 = 2.45 > 2; quality 9,051 + 400 = 9,451 > 7,400: deep every time.
    for (const p of ['cost', 'balanced', 'quality'] as const) {
      const d = go(missed, p);
      assert.equal(d.lane, 'deep', p);
      assert.equal(d.routing?.basis, 'learned');
      assert.deepEqual(d.routing?.expected, { fastFirst: { costNanos: 4_300_000, ms: 9_051 }, deep: { costNanos: 9_000_000, ms: 7_400 } });
    }
    assert.equal(go(missed, 'cost').reason, 'quick edit, Python, 40-80 lines: fast lane succeeded 24 of 30 recently, 6 of its answers rejected or undone later; '
      + 'fast-then-deep expected $0.0043 / 9.1 s (+$0.006776 for reviewing wrong answers that passed) vs deep $0.009 / 7.4 s, so the deep lane');
    assert.equal(go(missed, 'quality').reason, 'quick edit, Python, 40-80 lines: fast lane succeeded 24 of 30 recently, 6 of its answers rejected or undone later; '
      + 'fast-then-deep expected $0.0043 / 9.1 s vs deep $0.009 / 7.4 s, so the deep lane');
    // Before the split, fast first was priced 4,300,000 nanos / 3,480 ms whatever the validator missed: fast under all three.
  });

  it('figures that agree with the table keep its words first, with the numbers after', () => {
    const reliable = view({ [QE_SHAPE]: { fast: lane(30, 27, 5_000_000, 3_000), deep: lane(3, 3, 9_000_000, 7_400) } });
    const d = decided(route(quickEdit(), state(reliable), cfgWith('balanced'), price));
    assert.equal(d.lane, 'fast');
    assert.equal(d.routing?.basis, 'prior');
    // p = 31/35: 5,000,000 + 4/35 x 9,000,000 = 6,028,571 nanos; 3,000 + 4/35 x 7,400 + 0.5/35 x 30,000 = 4,275 ms
    // (3,846 ms before missed failures were priced).
    assert.equal(d.reason, 'quick edit of 60 lines, so the fast lane (quick edit, Python, 40-80 lines: fast lane succeeded 27 of 30 recently; fast-then-deep expected $0.006029 / 4.3 s vs deep $0.009 / 7.4 s)');
    // An agent step keeps Auto's own words too.
    const act = { turn: 2, asksForPlan: false, toolResults: 1, failedToolResults: 0, repeatedCall: false, lastUserChars: 10, contextTokens: 3_000, tools: 2, toolMode: 'auto' as const, fastFailedTools: [] };
    const agentShape = 'agent|unknown|0-4000|act';
    const a = decided(route({ taskId: 'a', kind: 'agent', inputTokens: 3_000, agent: act }, state(view({ [agentShape]: { fast: lane(10, 10, 1_000_000, 900), deep: lane(0, 0) } })), cfgWith('balanced'), price));
    assert.equal(a.lane, 'fast');
    assert.match(a.reason, /^a tool result came back without a failure, so the fast lane to act \(agent act, any language, 0-4k tokens: fast lane succeeded 10 of 10 recently; /);
  });

  it('learns the fast lane for a shape the table sends deep', () => {
    const v = view({ [RF_SHAPE]: { fast: lane(20, 19, 12_000_000, 20_000), deep: lane(5, 5, 50_000_000, 90_000) } });
    const d = decided(route(refactor(), state(v), cfgWith('balanced'), price));
    assert.equal(d.lane, 'fast');
    assert.equal(d.routing?.basis, 'learned');
    // p = (19 + 1) / (20 + 5) = 0.8, missed m = (0 + 2) / 25 (the deep-table prior): 12,000,000 + 0.2 x 50,000,000 =
    // 22,000,000 nanos; 20,000 + 18,000 + 0.08 x 30,000 = 40,400 ms (38,000 before missed failures were priced).
    assert.deepEqual(d.routing?.expected, { fastFirst: { costNanos: 22_000_000, ms: 40_400 }, deep: { costNanos: 50_000_000, ms: 90_000 } });
    assert.match(d.reason, /^refactor, TypeScript, 2-4 files: fast lane succeeded 19 of 20 recently; fast-then-deep expected \$0\.022 \/ 40\.4 s vs deep \$0\.05 \/ 90 s, so the fast lane$/);
  });

  it('a lane with too little evidence is priced by the estimate', () => {
    // The deep lane has no figures: its cost and time come from estimateFor (2,000 in, 600 out at $5/$30 per M).
    const v = view({ [QE_SHAPE]: { fast: lane(30, 9, 5_000_000, 3_000), deep: lane(0, 0) } });
    const d = decided(route(quickEdit(), state(v), cfgWith('cost'), price));
    assert.equal(d.routing?.expected?.deep.costNanos, 2_000 * 5_000 + 600 * 30_000);
    assert.equal(d.routing?.expected?.deep.ms, 2_000 + Math.round((600 / 70) * 1000));
  });

  it('learning off, or no learned figures, is the static table', () => {
    const off = mergePolicy(DEFAULT_POLICY, { routing: { learning: false } });
    for (const [cfg, st] of [[off, state(FAILING)], [cfgWith('cost'), state(undefined)]] as const) {
      const d = decided(route(quickEdit(), st, cfg, price));
      assert.equal(d.lane, 'fast');
      assert.equal(d.reason, 'quick edit of 60 lines, so the fast lane');
      assert.deepEqual(d.routing, { shape: QE_SHAPE, staticLane: 'fast', basis: 'static' });
    }
  });

  it('hard rules and pinned lanes are never overridden', () => {
    const keen = view({ [QE_SHAPE]: { fast: lane(50, 50, 1_000, 100), deep: lane(50, 50, 9_000_000, 7_400) } });
    // Context over the fast lane's budget stays deep.
    const big = decided(route(quickEdit({ inputTokens: 40_000 }), state(keen), cfgWith('cost', 0.5), price));
    assert.equal(big.lane, 'deep');
    assert.equal(big.routing?.basis, 'static');
    // The user's lane.
    const pinned = decided(route(quickEdit({ override: { lane: 'deep' } }), state(FAILING), cfgWith('cost'), price));
    assert.equal(pinned.lane, 'deep');
    assert.deepEqual(pinned.routing, { shape: QE_SHAPE, staticLane: 'fast', basis: 'static' });
    const pinnedFast = decided(route(quickEdit({ override: { lane: 'fast' } }), state(FAILING), cfgWith('cost'), price));
    assert.equal(pinnedFast.lane, 'fast');
    // A later attempt (escalation) is decided by the attempt rules, and carries no note of its own.
    const next = decided(route(quickEdit(), state(keen), cfgWith('cost'), price, { cause: 'escalation', lane: 'deep', reason: 'escalated' }));
    assert.equal(next.lane, 'deep');
    assert.equal(next.routing, undefined);
    // A lane that is not configured is route()'s business, as before learning: figures never move a task onto it.
    const noFast = mergePolicy(cfgWith('cost', 0.5), { lanes: { fast: { available: false } } });
    assert.equal(decided(route(refactor(), state(view({ [RF_SHAPE]: { fast: lane(50, 50, 1, 1), deep: lane(5, 5, 9, 9) } })), noFast, price)).lane, 'deep');
  });

  it('completions stay on the fast lane without looking anything up', () => {
    const calls = { n: 0 };
    const d = decided(route({ taskId: 'c', kind: 'completion', language: 'typescript', inputTokens: 500 }, state(view({}, calls)), cfgWith('quality', 0.5), price));
    assert.equal(d.lane, 'fast');
    assert.deepEqual(d.routing, { shape: 'completion|typescript', staticLane: 'fast', basis: 'static' });
    assert.equal(calls.n, 0);
  });

  it('explores the fast lane on the configured share of tasks where the figures chose deep, by task id', () => {
    const cfg = cfgWith('cost', 0.05);
    const st = state(FAILING);
    let explored = 0;
    const N = 20_000;
    for (let i = 0; i < N; i++) {
      const d = decided(route(quickEdit({ taskId: `task-${i}` }), st, cfg, price));
      if (d.lane === 'fast') {
        explored++;
        assert.equal(d.routing?.basis, 'explore');
      } else assert.equal(d.routing?.basis, 'learned');
    }
    // 5% of 20,000 = 1,000; a fair hash stays within 3 standard deviations (sqrt(20,000 x 0.05 x 0.95) = 31).
    assert.ok(Math.abs(explored - 1_000) < 93, `explored ${explored}`);
    // The same task always draws the same.
    const id = Array.from({ length: 200 }, (_, i) => `t${i}`).find((t) => explorationDraw({ taskId: t }) < 0.05)!;
    const d = decided(route(quickEdit({ taskId: id }), st, cfg, price));
    assert.equal(d.lane, 'fast');
    assert.match(d.reason, /so the deep lane; but this task explores the fast lane first \(5% of such tasks do/);
    // A refactor the table sends deep is explored too once its shape has a record (that is how a deep-only shape
    // learns), but never while the shape is new: a new user's first refactors do not try the fast lane at random.
    const rfShape = shapeOf({ kind: 'refactor', language: 'typescript', fileCount: 3, inputTokens: 20_000 }).key;
    const deepRecord = view({ [rfShape]: { fast: lane(0, 0), deep: lane(3, 3, 9_000_000, 7_400) } });
    assert.equal(decided(route(refactor({ taskId: id }), state(deepRecord), cfg, price)).routing?.basis, 'explore');
    const fresh = decided(route(refactor({ taskId: id }), state(view({})), cfg, price));
    assert.deepEqual([fresh.lane, fresh.routing?.basis], ['deep', 'prior']);
    const thin = view({ [rfShape]: { fast: lane(0, 0), deep: lane(2, 2, 9_000_000, 7_400) } });
    assert.equal(decided(route(refactor({ taskId: id }), state(thin), cfg, price)).lane, 'deep');
    // Never at or past a budget's warn level, never with exploration 0.
    const warn = mergePolicy(cfg, { budget: { dailyCapNanos: 1_000_000_000 } });
    const spent = state(FAILING, { budget: withSpend(EMPTY_BUDGET, 800_000_000, 800_000_000) });
    const held = decided(route(quickEdit({ taskId: id }), spent, warn, price));
    assert.equal(held.routing?.basis, 'learned', 'the figures chose deep; the budget rule (aboveWarn) may still hold it to the fast lane');
    assert.doesNotMatch(held.reason, /explores/);
    assert.equal(decided(route(quickEdit({ taskId: id }), st, cfgWith('cost', 0), price)).lane, 'deep');
  });

  it('completion debounce: lengthened below the acceptance floor with enough shown, capped', () => {
    const fig = (shown: number, accepted: number): ShapeFigures => ({ shape: 'completion|go', label: 'completion, Go', lanes: { fast: lane(0, 0), deep: lane(0, 0) }, completions: { shown, accepted } });
    assert.equal(completionDebounceMs(undefined, 150), 150);
    assert.equal(completionDebounceMs(fig(10, 0), 150), 150, 'fewer than 20 shown');
    assert.equal(completionDebounceMs(fig(40, 10), 150), 150, '25% is above the 20% floor');
    assert.equal(completionDebounceMs(fig(40, 4), 150), 300, '10%: 1 + 2 x (0.1 / 0.2) = 2x');
    assert.equal(completionDebounceMs(fig(40, 0), 150), 450, 'none accepted: 3x, the cap');
  });
});

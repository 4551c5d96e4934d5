// Property: over (spend, caps, warn fraction, ceiling, per-kind settings, kind, lane, worst case,
// confirmed), the budget never lets a request past the hard ceiling, never sends over a cap without
// confirmation (except completions the setting keeps on the fast lane), and degrades only above
// the warn level. The same holds through the router for real estimates.
// Failing cases are kept in policy-budget-corpus.json and replayed first.
import * as assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CLOSED_BREAKER } from '../../../src/core/policy-breaker.ts';
import { checkBudget, reserve, withSpend, EMPTY_BUDGET, type BudgetState } from '../../../src/core/policy-budget.ts';
import { DEFAULT_POLICY, type BudgetConfig } from '../../../src/core/policy-config.ts';
import { route } from '../../../src/core/policy.ts';
import { SETTING_CHOICES, type AboveWarn } from '../../../src/core/settings.ts';
import { LANES, TASK_KINDS, type LaneId, type TaskKind } from '../../../src/core/task.ts';
import { price } from '../helpers/ledger-fixtures.ts';
import { SeedCorpus } from '../helpers/seed-corpus.ts';

interface BudgetCase {
  spentToday: number;
  spentMonth: number;
  reserved: number;
  dailyCap: number | null;
  monthlyCap: number | null;
  warn: number;
  /** hardCeiling = 1 + ceilingExtra */
  ceilingExtra: number;
  aboveWarn: Record<TaskKind, AboveWarn>;
  completionsAtCap: 'stop' | 'fastLane';
  kind: TaskKind;
  lane: LaneId;
  high: number;
  confirmed: boolean;
  /** For the router: the prompt size and whether the user picked `lane`. */
  inputTokens: number;
  override: boolean;
}

const CORPUS = new SeedCorpus<BudgetCase>(join(dirname(new URL(import.meta.url).pathname), 'policy-budget-corpus.json'));
const RUNS = Number(process.env.SWITCHYARD_BUDGET_RUNS ?? 3000);

const nanos = fc.integer({ min: 0, max: 20_000_000_000 });
const budgetCase: fc.Arbitrary<BudgetCase> = fc.record({
  spentToday: nanos,
  spentMonth: nanos,
  reserved: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000_000_000 })),
  dailyCap: fc.option(fc.integer({ min: 1, max: 10_000_000_000 }), { nil: null }),
  monthlyCap: fc.option(fc.integer({ min: 1, max: 20_000_000_000 }), { nil: null }),
  warn: fc.double({ min: 0.1, max: 1, noNaN: true }),
  ceilingExtra: fc.oneof(fc.constant(0.2), fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true })),
  aboveWarn: fc.record({
    completion: fc.constantFrom<AboveWarn>('continue', 'fastLane', 'stop'),
    quickEdit: fc.constantFrom(...SETTING_CHOICES.aboveWarn),
    refactor: fc.constantFrom(...SETTING_CHOICES.aboveWarn),
    astTransform: fc.constantFrom(...SETTING_CHOICES.aboveWarn),
    agent: fc.constantFrom(...SETTING_CHOICES.aboveWarn),
  }),
  completionsAtCap: fc.constantFrom<'stop' | 'fastLane'>('stop', 'fastLane'),
  kind: fc.constantFrom(...TASK_KINDS),
  lane: fc.constantFrom(...LANES),
  high: fc.integer({ min: 0, max: 3_000_000_000 }),
  confirmed: fc.boolean(),
  inputTokens: fc.integer({ min: 0, max: 60_000 }),
  override: fc.boolean(),
});

function configOf(c: BudgetCase): BudgetConfig {
  return {
    dailyCapNanos: c.dailyCap, monthlyCapNanos: c.monthlyCap, warnFraction: c.warn, hardCeiling: 1 + c.ceilingExtra,
    aboveWarn: c.aboveWarn, completionsAtCap: c.completionsAtCap,
  };
}

function stateOf(c: BudgetCase): BudgetState {
  const s = withSpend(EMPTY_BUDGET, c.spentToday, c.spentMonth);
  return c.reserved ? reserve(s, 'in-flight', c.reserved) : s;
}

/** Each configured cap with the spend it counts. */
function caps(c: BudgetCase): { cap: number; committed: number }[] {
  const out: { cap: number; committed: number }[] = [];
  if (c.dailyCap !== null) out.push({ cap: c.dailyCap, committed: c.spentToday + c.reserved });
  if (c.monthlyCap !== null) out.push({ cap: c.monthlyCap, committed: c.spentMonth + c.reserved });
  return out;
}

/** The three rules, for a request with this worst case that the budget let through (or not). */
function checkRules(c: BudgetCase, cfg: BudgetConfig, high: number, allowed: boolean, fastOnly: boolean, degraded: boolean, kind: TaskKind): void {
  const all = caps(c);
  if (allowed) {
    for (const { cap, committed } of all) {
      assert.ok(committed + high <= cap * cfg.hardCeiling, `past the hard ceiling: ${committed} + ${high} > ${cap} x ${cfg.hardCeiling}`);
    }
    const overCap = all.some(({ cap, committed }) => committed + high > cap);
    if (overCap && !c.confirmed) {
      assert.ok(kind === 'completion' && cfg.completionsAtCap === 'fastLane' && fastOnly, 'over a cap without confirmation');
    }
  }
  if (degraded) {
    const aboveWarn = all.some(({ cap, committed }) => committed / cap >= cfg.warnFraction || committed + high > cap);
    assert.ok(aboveWarn, 'degraded below the warn level and under every cap');
  }
}

function checkCase(c: BudgetCase): void {
  const cfg = configOf(c);
  // The pure rule.
  const check = checkBudget(stateOf(c), cfg, c.kind, c.lane, c.high, c.confirmed);
  const allowed = check.type === 'allow' || check.type === 'allow_fast_only';
  checkRules(c, cfg, c.high, allowed, check.type === 'allow_fast_only', check.type !== 'allow' || check.warning !== undefined, c.kind);
  if (check.type === 'allow_fast_only' && c.kind !== 'completion') assert.equal(cfg.aboveWarn[c.kind], 'fastLane');
  // Through the router, with the lane's own estimate.
  const policy = { ...DEFAULT_POLICY, budget: cfg };
  const task = { taskId: 't', kind: c.kind, inputTokens: c.inputTokens, confirmedOverBudget: c.confirmed, ...(c.override ? { override: { lane: c.lane } } : {}) };
  const d = route(task, { nowMs: 0, budget: stateOf(c), breakers: { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER } }, policy, price);
  if (d.type === 'decision') {
    checkRules(c, cfg, d.estimate.costNanosHigh, true, d.lane === 'fast', false, c.kind);
    const held = caps(c).some(({ cap, committed }) => committed / cap >= cfg.warnFraction) && cfg.aboveWarn[c.kind] === 'fastLane';
    if (held) assert.equal(d.lane, 'fast', 'held to the fast lane above the warn level');
  } else if (d.code === 'needs_confirmation' || d.code === 'budget_stop') {
    checkRules(c, cfg, d.estimate.costNanosHigh, false, false, true, c.kind);
  }
}

describe('budgets (property)', () => {
  it('replays every case in the seed corpus', () => {
    for (const c of CORPUS.cases(8)) checkCase(c);
  });

  it(`holds on ${RUNS} random budgets: never past the ceiling, never over a cap unconfirmed, degrade only above warn`, () => {
    let fastOnly = 0;
    let ceilings = 0;
    CORPUS.check(fc.property(budgetCase, (c) => {
      const check = checkBudget(stateOf(c), configOf(c), c.kind, c.lane, c.high, c.confirmed);
      if (check.type === 'allow_fast_only') fastOnly++;
      if (check.type === 'stop' && check.reason.includes('hard ceiling')) ceilings++;
      checkCase(c);
    }), { numRuns: RUNS, seed: 15 });
    assert.ok(fastOnly > RUNS / 50, `fast-lane-only decisions generated: ${fastOnly}`);
    assert.ok(ceilings > RUNS / 50, `hard-ceiling stops generated: ${ceilings}`);
  });
});

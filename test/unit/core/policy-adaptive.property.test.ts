// Property: over tasks of every kind and size, learned figures of any kind, each preference and
// exploration share, the adaptive decision never breaks a hard rule (context over the fast lane's
// budget stays deep, a pinned lane stays, completions stay fast), decides as the static table
// when learning is off or the shape is new (exploration aside), its note agrees with its lane, and
// answers the validator missed (vetoed later) never move a deep choice to the fast lane.
// Failing cases are kept in policy-adaptive-corpus.json and replayed first.
import * as assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CLOSED_BREAKER } from '../../../src/core/policy-breaker.ts';
import { EMPTY_BUDGET } from '../../../src/core/policy-budget.ts';
import { DEFAULT_POLICY, mergePolicy } from '../../../src/core/policy-config.ts';
import { route, type RouterState } from '../../../src/core/policy.ts';
import { ROUTING_PREFERENCES, type RoutingPreference, type RoutingView } from '../../../src/core/routing-types.ts';
import type { Blocked, Decision, LaneId, TaskFacts, TaskKind } from '../../../src/core/task.ts';
import { price } from '../helpers/ledger-fixtures.ts';
import { SeedCorpus } from '../helpers/seed-corpus.ts';

/** `vetoed`: failures the validator missed (absent in older corpus cases: none). */
interface Figs { n: number; ok: number; vetoed?: number; cost: number; ms: number }
interface DecisionCase {
  kind: TaskKind;
  size: number;
  inputTokens: number;
  pinned: LaneId | null;
  learning: boolean;
  figures: { fast: Figs; deep: Figs } | null;
  preference: RoutingPreference;
  exploration: number;
  taskId: string;
}

const CORPUS = new SeedCorpus<DecisionCase>(join(dirname(new URL(import.meta.url).pathname), 'policy-adaptive-corpus.json'));
const RUNS = Number(process.env.SWITCHYARD_ROUTING_RUNS ?? 1500);
const FAST_BUDGET = DEFAULT_POLICY.lanes.fast.contextBudgetTokens;

const figs: fc.Arbitrary<Figs> = fc.record({
  n: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 200, noNaN: true })),
  ok: fc.double({ min: 0, max: 1, noNaN: true }),
  vetoed: fc.double({ min: 0, max: 1, noNaN: true }),
  cost: fc.integer({ min: 0, max: 2_000_000_000 }),
  ms: fc.integer({ min: 0, max: 600_000 }),
}).map((f) => ({ ...f, ok: f.ok * f.n, vetoed: f.vetoed! * (f.n - f.ok * f.n) }));
const caseArb: fc.Arbitrary<DecisionCase> = fc.record({
  kind: fc.constantFrom<TaskKind>('completion', 'quickEdit', 'refactor', 'astTransform'),
  size: fc.integer({ min: 0, max: 400 }),
  inputTokens: fc.oneof(fc.integer({ min: 0, max: FAST_BUDGET }), fc.integer({ min: FAST_BUDGET + 1, max: 900_000 })),
  pinned: fc.option(fc.constantFrom<LaneId>('fast', 'deep'), { nil: null }),
  learning: fc.boolean(),
  figures: fc.option(fc.record({ fast: figs, deep: figs }), { nil: null }),
  preference: fc.constantFrom(...ROUTING_PREFERENCES),
  exploration: fc.constantFrom(0, 0.05, 0.5),
  taskId: fc.string({ minLength: 1, maxLength: 12 }),
});

const lanesOf = (x: Figs) => ({ n: x.n, ok: x.ok, ...(x.n > 0 ? { vetoed: x.vetoed ?? 0, meanCostNanos: x.cost, meanMs: x.ms } : {}) });

function run(c: DecisionCase, learned: boolean): Decision | Blocked {
  const cfg = mergePolicy(DEFAULT_POLICY, { routing: { learning: c.learning, preference: c.preference, exploration: c.exploration } });
  const f = c.figures;
  const view: RoutingView = {
    figures: (shape) => f ? {
      shape, label: shape, lanes: { fast: lanesOf(f.fast), deep: lanesOf(f.deep) },
    } : undefined,
  };
  const state: RouterState = { nowMs: 0, budget: EMPTY_BUDGET, breakers: { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER }, ...(learned ? { learned: view } : {}) };
  const task: TaskFacts = {
    taskId: c.taskId, kind: c.kind, inputTokens: c.inputTokens, language: 'python', editLines: c.size, fileCount: c.size,
    ...(c.pinned ? { override: { lane: c.pinned } } : {}),
  };
  return route(task, state, cfg, price);
}

function checkCase(c: DecisionCase): void {
  const d = run(c, true);
  const plain = run(c, false);
  // What the table blocks (a completion over the fast lane's budget), learning blocks the same way.
  if (plain.type === 'blocked' || d.type === 'blocked') {
    assert.deepEqual([d.type, d.lane], [plain.type, plain.lane]);
    return;
  }
  const note = d.routing;
  assert.ok(note, 'every initial decision carries a note');
  if (c.pinned) {
    assert.equal(d.lane, c.pinned, 'a pinned lane stays');
    assert.equal(note.basis, 'static');
    return;
  }
  assert.equal(note.staticLane, plain.lane, 'the note names the static table\'s lane');
  if (c.inputTokens > FAST_BUDGET) assert.equal(d.lane, 'deep', 'context over the fast lane\'s budget stays deep');
  if (c.kind === 'completion') assert.deepEqual([d.lane, note.basis], ['fast', 'static']);
  if (!c.learning) assert.deepEqual([d.lane, d.reason, note.basis], [plain.lane, plain.reason, 'static'], 'learning off is the static table');
  if (!c.figures && note.basis !== 'explore') assert.equal(d.lane, plain.lane, 'a new shape decides as the table');
  // The basis agrees with the lane.
  if (note.basis === 'static' || note.basis === 'prior') assert.equal(d.lane, note.staticLane);
  if (note.basis === 'learned') assert.notEqual(d.lane, note.staticLane);
  if (note.basis === 'explore') assert.equal(d.lane, 'fast');
  if (d.lane === 'deep' && c.figures) {
    // Every fast failure missed by the validator: the fast-first plan only gets dearer and slower.
    const fast = c.figures.fast;
    const silent = run({ ...c, figures: { ...c.figures, fast: { ...fast, vetoed: fast.n - fast.ok } } }, true);
    assert.equal(silent.lane, 'deep', 'more missed failures never move a task to the fast lane');
  }
  if (note.expected) {
    for (const plan of [note.expected.fastFirst, note.expected.deep]) assert.ok(Number.isSafeInteger(plan.costNanos) && Number.isSafeInteger(plan.ms) && plan.costNanos >= 0 && plan.ms >= 0);
    assert.match(d.reason, /fast lane succeeded [\d.]+ of [\d.]+ recently(, [\d.]+ of its answers rejected or undone later)?; fast-then-deep expected \$[\d.,]+ \/ .+ vs deep \$[\d.,]+ \/ /, 'the reason has the numbers');
  }
}

describe('adaptive decision: hard rules and priors hold for any figures', () => {
  it('the kept corpus', () => {
    for (const c of CORPUS.cases(3)) checkCase(c);
  });

  it('random tasks, figures and preferences', () => {
    CORPUS.check(fc.property(caseArb, (c) => { checkCase(c); }), { seed: 17_2027, numRuns: RUNS });
  });
});

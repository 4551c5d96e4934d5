// Properties of Auto's rules through route() and the attempt policy, over random
// conversation features: pinned requests never change lane (nor escalate or fall
// back); any failing tool result sends Auto to the deep lane to think; the lane is
// deep exactly when a think rule holds; every reason ends with the lane and step.
// Failing cases are kept in policy-agent-corpus.json and replayed first.
import * as assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { AgentFeatures } from '../../../src/core/agent-features.ts';
import { afterProviderError, afterValidationFailure, TRANSIENT_ERRORS } from '../../../src/core/policy-attempts.ts';
import { CLOSED_BREAKER } from '../../../src/core/policy-breaker.ts';
import { EMPTY_BUDGET } from '../../../src/core/policy-budget.ts';
import { DEFAULT_POLICY, type ValidationFailure } from '../../../src/core/policy-config.ts';
import { route } from '../../../src/core/policy.ts';
import type { LaneId } from '../../../src/core/task.ts';
import { price } from '../helpers/ledger-fixtures.ts';
import { SeedCorpus } from '../helpers/seed-corpus.ts';

interface AgentCase {
  features: AgentFeatures;
  model: 'auto' | LaneId;
  failure: ValidationFailure;
  escalations: number;
  validationRetries: number;
  retriesOnLane: number;
}

const CORPUS = new SeedCorpus<AgentCase>(join(dirname(new URL(import.meta.url).pathname), 'policy-agent-corpus.json'));
const RUNS = Number(process.env.SWITCHYARD_AGENT_RUNS ?? 2000);
const TOOL_NAMES = ['readFile', 'editFile', 'runTests'];
const FAILURES: ValidationFailure[] = ['tool_call', 'no_tool_call', 'truncated', 'empty', 'invalid_json', 'schema'];

const features: fc.Arbitrary<AgentFeatures> = fc.record({
  turn: fc.integer({ min: 1, max: 60 }),
  asksForPlan: fc.boolean(),
  toolResults: fc.integer({ min: 0, max: 5 }),
  failedToolResults: fc.integer({ min: 0, max: 5 }),
  repeatedCall: fc.boolean(),
  lastUserChars: fc.integer({ min: 0, max: 5_000 }),
  contextTokens: fc.oneof(fc.integer({ min: 0, max: 40_000 }), fc.constantFrom(32_000, 32_001)),
  tools: fc.integer({ min: 0, max: 40 }),
  toolMode: fc.constantFrom('auto' as const, 'required' as const),
  fastFailedTools: fc.uniqueArray(fc.constantFrom(...TOOL_NAMES), { maxLength: 3 }),
}).map((f) => ({ ...f, failedToolResults: Math.min(f.failedToolResults, f.toolResults) }));

const agentCase: fc.Arbitrary<AgentCase> = fc.record({
  features,
  model: fc.constantFrom('auto' as const, 'fast' as const, 'deep' as const),
  failure: fc.constantFrom(...FAILURES),
  escalations: fc.integer({ min: 0, max: 1 }),
  validationRetries: fc.integer({ min: 0, max: 1 }),
  retriesOnLane: fc.integer({ min: 0, max: 2 }),
});

const thinks = (f: AgentFeatures) => f.contextTokens > DEFAULT_POLICY.lanes.fast.contextBudgetTokens || (f.turn === 1 && f.asksForPlan)
  || f.failedToolResults > 0 || f.repeatedCall || (f.toolMode === 'required' && f.fastFailedTools.length > 0);

function checkCase(c: AgentCase): void {
  const f = c.features;
  const state = { nowMs: 0, budget: EMPTY_BUDGET, breakers: { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER } };
  const task = { taskId: 't', kind: 'agent' as const, inputTokens: f.contextTokens, agent: f, ...(c.model !== 'auto' ? { override: { lane: c.model } } : {}) };
  const d = route(task, state, DEFAULT_POLICY, price);
  assert.equal(d.type, 'decision', d.reason);
  if (d.type !== 'decision') return;
  if (c.model !== 'auto') {
    assert.equal(d.lane, c.model, 'a pinned request keeps its lane');
    assert.equal(d.reason, `you chose the ${c.model} lane`);
  } else {
    assert.equal(d.lane, thinks(f) ? 'deep' : 'fast', `lane for ${JSON.stringify(f)}: ${d.reason}`);
    if (f.failedToolResults > 0) assert.equal(d.lane, 'deep', 'a failing tool result routes Auto to think');
    assert.match(d.reason, d.lane === 'deep' ? /, so the deep lane to think$/ : /, so the fast lane to act$/);
  }
  // After the first attempt: a pinned request never moves; Auto's fast answer escalates once.
  const history = { kind: 'agent' as const, lane: d.lane, escalations: c.escalations, fallbacks: 0, retriesOnLane: c.retriesOnLane, validationRetries: c.validationRetries, pinned: c.model !== 'auto' };
  const afterBad = afterValidationFailure(history, c.failure, DEFAULT_POLICY);
  const afterError = afterProviderError(history, { kind: TRANSIENT_ERRORS[c.retriesOnLane % TRANSIENT_ERRORS.length]! }, state.breakers, 0, DEFAULT_POLICY);
  for (const step of [afterBad, afterError]) {
    if (c.model !== 'auto') assert.ok(step.action === 'fail' || step.lane === c.model, `pinned ${c.model} moved: ${JSON.stringify(step)}`);
  }
  if (c.model === 'auto' && d.lane === 'fast' && c.escalations === 0) assert.equal(afterBad.action, 'escalate', 'a rejected fast answer goes deep');
}

describe('Auto (property)', () => {
  it('replays every case in the seed corpus', () => {
    for (const c of CORPUS.cases(8)) checkCase(c);
  });

  it(`holds on ${RUNS} random conversations: pinned keeps its lane, failures think, deep iff a think rule`, () => {
    let deep = 0;
    CORPUS.check(fc.property(agentCase, (c) => {
      if (c.model === 'auto' && thinks(c.features)) deep++;
      checkCase(c);
    }), { numRuns: RUNS, seed: 16 });
    assert.ok(deep > RUNS / 10, `think cases generated: ${deep}`);
  });
});

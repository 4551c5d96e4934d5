// Auto's think / act rules as pure functions, each with its reason in words, and
// through route(): pinned lanes, budgets, breakers and availability as for every kind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentFeatures } from '../../../src/core/agent-features.ts';
import { afterProviderError, afterValidationFailure, type AttemptHistory } from '../../../src/core/policy-attempts.ts';
import { agentChoice, agentStepOf } from '../../../src/core/policy-agent.ts';
import { CLOSED_BREAKER, recordOutcome } from '../../../src/core/policy-breaker.ts';
import { EMPTY_BUDGET, withSpend } from '../../../src/core/policy-budget.ts';
import { DEFAULT_POLICY, mergePolicy } from '../../../src/core/policy-config.ts';
import { route, type RouterState } from '../../../src/core/policy.ts';
import type { Blocked, Decision, TaskFacts } from '../../../src/core/task.ts';
import { price } from '../helpers/ledger-fixtures.ts';

const NOW = 1_000_000;
const state = (over: Partial<RouterState> = {}): RouterState => ({ nowMs: NOW, budget: EMPTY_BUDGET, breakers: { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER }, ...over });

/** A mid-conversation act step: tool results came back fine. */
export const actStep = (over: Partial<AgentFeatures> = {}): AgentFeatures => ({
  turn: 4, asksForPlan: false, toolResults: 1, failedToolResults: 0, repeatedCall: false, lastUserChars: 60,
  contextTokens: 3_000, tools: 3, toolMode: 'auto', fastFailedTools: [], ...over,
});
const agentTask = (f: AgentFeatures, over: Partial<TaskFacts> = {}): TaskFacts => ({ taskId: 't', kind: 'agent', inputTokens: f.contextTokens, agent: f, ...over });
const decided = (r: Decision | Blocked): Decision => {
  assert.equal(r.type, 'decision', r.reason);
  return r as Decision;
};

describe('Auto: think or act (pure rules)', () => {
  it('acts on the fast lane after successful tool results, saying so', () => {
    assert.deepEqual(agentChoice(actStep(), DEFAULT_POLICY), { step: 'act', lane: 'fast', reason: 'a tool result came back without a failure, so the fast lane to act' });
    assert.equal(agentChoice(actStep({ toolResults: 3 }), DEFAULT_POLICY).reason, '3 tool results came back without a failure, so the fast lane to act');
  });

  it('acts on a short follow-up, and on a first request with no plan', () => {
    assert.equal(agentChoice(actStep({ toolResults: 0, lastUserChars: 42 }), DEFAULT_POLICY).reason, 'a short follow-up (42 characters), so the fast lane to act');
    assert.equal(agentChoice(actStep({ turn: 1, toolResults: 0, lastUserChars: 900 }), DEFAULT_POLICY).reason, 'the request asks for no plan or multi-file change, so the fast lane to act');
    assert.equal(agentChoice(actStep({ toolResults: 0, lastUserChars: 900 }), DEFAULT_POLICY).reason, 'a next step with no failure or loop, so the fast lane to act');
  });

  it('thinks on the first request that asks for a plan, and only the first', () => {
    const first = agentChoice(actStep({ turn: 1, toolResults: 0, asksForPlan: true, planWord: 'refactor' }), DEFAULT_POLICY);
    assert.deepEqual(first, { step: 'think', lane: 'deep', reason: 'the first request asks for a plan or a multi-file change ("refactor"), so the deep lane to think' });
    assert.equal(agentChoice(actStep({ turn: 2, asksForPlan: true, planWord: 'refactor' }), DEFAULT_POLICY).step, 'act', 'later turns follow the plan');
  });

  it('thinks after a failing tool result, naming what failed', () => {
    const c = agentChoice(actStep({ toolResults: 2, failedToolResults: 1, failure: 'runTests: exit code 1' }), DEFAULT_POLICY);
    assert.deepEqual(c, { step: 'think', lane: 'deep', reason: 'a tool result reports a failure (runTests: exit code 1), so the deep lane to think' });
  });

  it('thinks to break a loop', () => {
    assert.equal(agentChoice(actStep({ repeatedCall: true, repeatedTool: 'readFile' }), DEFAULT_POLICY).reason,
      'the last tool call (readFile) repeats an earlier one with the same arguments and result (a loop), so the deep lane to think');
  });

  it('thinks when the context is over the fast lane budget', () => {
    const c = agentChoice(actStep({ contextTokens: 40_000 }), DEFAULT_POLICY);
    assert.deepEqual(c, { step: 'think', lane: 'deep', reason: "context is 40,000 tokens, over the fast lane's 32,000, so the deep lane to think" });
    assert.equal(agentChoice(actStep({ contextTokens: 32_000 }), DEFAULT_POLICY).step, 'act', 'at the budget is within it');
  });

  it('thinks when a call is required and the fast lane botched one of the tools before', () => {
    const c = agentChoice(actStep({ toolMode: 'required', fastFailedTools: ['editFile'] }), DEFAULT_POLICY);
    assert.equal(c.reason, 'a tool call is required and the fast lane called editFile malformed earlier in this conversation, so the deep lane to think');
    assert.equal(agentChoice(actStep({ toolMode: 'auto', fastFailedTools: ['editFile'] }), DEFAULT_POLICY).step, 'act', 'under auto the fast lane may answer in text');
  });

  it('names the first rule that holds when several do', () => {
    const f = actStep({ contextTokens: 50_000, failedToolResults: 1, repeatedCall: true });
    assert.match(agentStepOf(f, DEFAULT_POLICY).why, /^context is 50,000 tokens/);
  });
});

describe('Auto through route()', () => {
  it("routes an agent request by its features, with the rule's reason", () => {
    const d = decided(route(agentTask(actStep({ failedToolResults: 1, failure: 'runTests: 2 tests failed' })), state(), DEFAULT_POLICY, price));
    assert.equal(d.lane, 'deep');
    assert.equal(d.model, 'gpt-5.5');
    assert.equal(d.reason, 'a tool result reports a failure (runTests: 2 tests failed), so the deep lane to think');
    assert.equal(decided(route(agentTask(actStep()), state(), DEFAULT_POLICY, price)).lane, 'fast');
  });

  it('a pinned lane is kept whatever the features say', () => {
    const think = actStep({ failedToolResults: 1, repeatedCall: true });
    const d = decided(route(agentTask(think, { override: { lane: 'fast' } }), state(), DEFAULT_POLICY, price));
    assert.deepEqual([d.lane, d.reason], ['fast', 'you chose the fast lane']);
    const deep = decided(route(agentTask(actStep(), { override: { lane: 'deep' } }), state(), DEFAULT_POLICY, price));
    assert.deepEqual([deep.lane, deep.reason], ['deep', 'you chose the deep lane']);
  });

  it('above the warn level, agent requests hold to the fast lane and say why', () => {
    const budget = withSpend(EMPTY_BUDGET, 4_500_000_000, 4_500_000_000);
    const d = decided(route(agentTask(actStep({ failedToolResults: 1, failure: 'x: exit code 2' })), state({ budget }), DEFAULT_POLICY, price));
    assert.equal(d.lane, 'fast');
    assert.match(d.reason, /^a tool result reports a failure \(x: exit code 2\), so the deep lane to think; .*fast lane/);
  });

  it('past the cap, an agent request is blocked until confirmed, with the reason', () => {
    const budget = withSpend(EMPTY_BUDGET, 5_100_000_000, 5_100_000_000);
    const b = route(agentTask(actStep()), state({ budget }), DEFAULT_POLICY, price);
    assert.equal(b.type === 'blocked' && b.code, 'needs_confirmation');
    assert.match(b.reason, /^daily budget \$5\.00 reached .* needs your confirmation/);
    assert.equal(decided(route(agentTask(actStep(), { confirmedOverBudget: true }), state({ budget }), DEFAULT_POLICY, price)).lane, 'fast');
  });

  it('a think step moves to the fast lane while the deep one cools down, and a pinned one waits', () => {
    let open = CLOSED_BREAKER;
    for (let i = 0; i < 3; i++) open = recordOutcome(open, NOW - 100, false, DEFAULT_POLICY.breaker);
    const think = actStep({ repeatedCall: true, repeatedTool: 'readFile' });
    const d = decided(route(agentTask(think), state({ breakers: { fast: CLOSED_BREAKER, deep: open } }), DEFAULT_POLICY, price));
    assert.equal(d.lane, 'fast');
    assert.match(d.reason, /a loop\), so the deep lane to think, but it is cooling down after failures, so the fast lane$/);
    const pinned = route(agentTask(think, { override: { lane: 'deep' } }), state({ breakers: { fast: CLOSED_BREAKER, deep: open } }), DEFAULT_POLICY, price);
    assert.equal(pinned.type === 'blocked' && pinned.code, 'cooldown');
  });

  it('a think step with no deep lane configured is blocked with that reason', () => {
    const cfg = mergePolicy(DEFAULT_POLICY, { lanes: { deep: { available: false } } });
    const b = route(agentTask(actStep({ turn: 1, asksForPlan: true })), state(), cfg, price);
    assert.equal(b.type === 'blocked' && b.code, 'not_configured');
  });

  it('an agent request without features goes to the default lane', () => {
    const d = decided(route({ taskId: 't', kind: 'agent', inputTokens: 100 }, state(), DEFAULT_POLICY, price));
    assert.deepEqual([d.lane, d.reason], ['fast', 'agent request, so the fast lane']);
  });
});

describe('escalation for agent answers', () => {
  const history = (over: Partial<AttemptHistory> = {}): AttemptHistory => ({ kind: 'agent', lane: 'fast', escalations: 0, fallbacks: 0, retriesOnLane: 0, validationRetries: 0, ...over });

  for (const [failure, words] of [['tool_call', 'a tool call was malformed'], ['no_tool_call', 'a tool call was required and none was made'], ['truncated', 'the answer was cut off at the output limit'], ['empty', 'the answer was empty']] as const) {
    it(`escalates a fast answer when ${words}`, () => {
      assert.deepEqual(afterValidationFailure(history(), failure, DEFAULT_POLICY), { action: 'escalate', lane: 'deep', reason: `fast lane output rejected (${words}), so escalated to the deep lane` });
    });
  }

  it('a pinned fast lane retries once on the fast lane, then fails', () => {
    assert.deepEqual(afterValidationFailure(history({ pinned: true }), 'tool_call', DEFAULT_POLICY), { action: 'retry', lane: 'fast', delayMs: 0, reason: 'fast lane output rejected (a tool call was malformed), so retried once' });
    assert.deepEqual(afterValidationFailure(history({ pinned: true, validationRetries: 1 }), 'tool_call', DEFAULT_POLICY), { action: 'fail', reason: 'fast lane output rejected (a tool call was malformed)' });
  });

  it('a pinned lane does not fall back after a provider failure', () => {
    const step = afterProviderError(history({ pinned: true, retriesOnLane: 2 }), { kind: 'server' }, { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER }, NOW, DEFAULT_POLICY);
    assert.equal(step.action, 'fail');
    assert.equal(step.action === 'fail' && step.why, 'you chose the fast lane, so it did not fall back to the deep lane');
    assert.equal(afterProviderError(history({ retriesOnLane: 2 }), { kind: 'server' }, { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER }, NOW, DEFAULT_POLICY).action, 'fallback', 'Auto does');
  });
});

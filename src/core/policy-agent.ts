// Switchyard Auto's rules for one agent request: think on the deep lane when the
// step needs judgement (a plan, a failure to diagnose, a loop to break, a context
// the fast lane should not take, a required call the fast lane already botched),
// act on the fast lane otherwise. Pure; route() applies budgets, breakers and
// availability on top, as for every other kind.
import type { AgentFeatures, AgentStep } from './agent-features.ts';
import type { PolicyConfig } from './policy-config.ts';
import { groupThousands } from './policy-format.ts';
import type { LaneId } from './task.ts';

/** A user text this short, after the first turn, is a follow-up. */
export const SHORT_FOLLOW_UP_CHARS = 400;

export interface AgentChoice {
  step: AgentStep;
  lane: LaneId;
  /** Why, in words, ending with the lane and the step. */
  reason: string;
}

/** The step the features call for, and why (without the lane). The first matching rule wins. */
export function agentStepOf(f: AgentFeatures, cfg: PolicyConfig): { step: AgentStep; why: string } {
  const fastBudget = cfg.lanes.fast.contextBudgetTokens;
  if (f.contextTokens > fastBudget) {
    return { step: 'think', why: `context is ${groupThousands(f.contextTokens)} tokens, over the fast lane's ${groupThousands(fastBudget)}` };
  }
  if (f.turn === 1 && f.asksForPlan) {
    return { step: 'think', why: `the first request asks for a plan or a multi-file change${f.planWord ? ` ("${f.planWord}")` : ''}` };
  }
  if (f.failedToolResults > 0) {
    return { step: 'think', why: `a tool result reports a failure${f.failure ? ` (${f.failure})` : ''}` };
  }
  if (f.repeatedCall) {
    return { step: 'think', why: `the last tool call${f.repeatedTool ? ` (${f.repeatedTool})` : ''} repeats an earlier one with the same arguments and result (a loop)` };
  }
  const botched = f.toolMode === 'required' ? f.fastFailedTools : [];
  if (botched.length > 0) {
    return { step: 'think', why: `a tool call is required and the fast lane called ${botched.join(', ')} malformed earlier in this conversation` };
  }
  if (f.toolResults > 0) {
    return { step: 'act', why: `${f.toolResults === 1 ? 'a tool result' : `${f.toolResults} tool results`} came back without a failure` };
  }
  if (f.turn > 1 && f.lastUserChars <= SHORT_FOLLOW_UP_CHARS) {
    return { step: 'act', why: `a short follow-up (${f.lastUserChars} characters)` };
  }
  return { step: 'act', why: f.turn === 1 ? 'the request asks for no plan or multi-file change' : 'a next step with no failure or loop' };
}

/** Auto's lane for the request: think on the deep lane, act on the fast one. */
export function agentChoice(f: AgentFeatures, cfg: PolicyConfig): AgentChoice {
  const { step, why } = agentStepOf(f, cfg);
  const lane: LaneId = step === 'think' ? 'deep' : 'fast';
  return { step, lane, reason: `${why}, so the ${lane} lane to ${step}` };
}

// The router: a pure function from task facts, run-time state and config to a decision (or a block).
import type { AgentStep } from './agent-features.ts';
import { agentChoice } from './policy-agent.ts';
import { breakerAllows, type BreakerState } from './policy-breaker.ts';
import { checkBudget, type BudgetState } from './policy-budget.ts';
import type { PolicyConfig } from './policy-config.ts';
import { formatUsd } from './money.ts';
import { groupThousands } from './policy-format.ts';
import { adaptiveChoice, type StaticPick } from './policy-adaptive.ts';
import { shapeOf } from './routing-shape.ts';
import type { RoutingNote, RoutingView } from './routing-types.ts';
import { counterfactualFor, estimateFor, modelFor } from './policy-estimate.ts';
import {
  otherLane, type AttemptCause, type Blocked, type Decision, type LaneId, type PriceFn,
  type TaskFacts, type TaskKind,
} from './task.ts';

export { estimateFor } from './policy-estimate.ts';

export interface RouterState {
  nowMs: number;
  budget: BudgetState;
  breakers: Readonly<Record<LaneId, BreakerState>>;
  /** What the ledger taught the router (absent: the static table decides). */
  learned?: RoutingView;
}

/** A later attempt of the same task, decided by escalation or fallback (see policy-attempts.ts). */
export interface NextAttempt {
  cause: Exclude<AttemptCause, 'initial'>;
  lane: LaneId;
  reason: string;
}

export function route(
  task: TaskFacts, state: RouterState, cfg: PolicyConfig, price: PriceFn, next?: NextAttempt,
): Decision | Blocked {
  const pick: StaticPick & { pinned: boolean; routing?: RoutingNote } = next ? { lane: next.lane, reason: next.reason, pinned: true }
    : task.override ? { lane: task.override.lane, reason: `you chose the ${task.override.lane} lane`, pinned: true, routing: pinnedNote(task, cfg) }
      : { ...initialChoice(task, state, cfg, price), pinned: false };
  let { lane, reason } = pick;
  const cause: AttemptCause = next?.cause ?? 'initial';

  if (!laneAvailable(cfg, lane)) {
    return blocked('not_configured', lane, task, cfg, price, `the ${lane} lane is not configured (no key of its own)`);
  }

  if (task.inputTokens > cfg.lanes[lane].contextBudgetTokens && !(pick.pinned && lane === 'fast')) {
    return blocked('context_too_large', lane, task, cfg, price,
      `context is ${groupThousands(task.inputTokens)} tokens, over the ${lane} lane's `
      + `${groupThousands(cfg.lanes[lane].contextBudgetTokens)}`);
  }

  const breaker = state.breakers[lane];
  if (!breakerAllows(breaker, state.nowMs)) {
    const alt = otherLane(lane);
    const canMove = !pick.pinned && cfg.fallback.allowed[task.kind] && laneAvailable(cfg, alt)
      && breakerAllows(state.breakers[alt], state.nowMs)
      && task.inputTokens <= cfg.lanes[alt].contextBudgetTokens;
    if (!canMove) {
      const b = blocked('cooldown', lane, task, cfg, price, `the ${lane} lane is cooling down after failures`);
      return { ...b, retryAtMs: breaker.openUntilMs ?? state.nowMs };
    }
    reason = `${reason}, but it is cooling down after failures, so the ${alt} lane`;
    lane = alt;
  }

  let est = estimateFor(task, lane, cfg, price);
  const confirmed = task.confirmedOverBudget === true;
  let check = checkBudget(state.budget, cfg.budget, task.kind, lane, est.costNanosHigh, confirmed);
  // Moved to the fast lane, the request is checked again at the fast lane's price; the move's reason stays.
  let held: string | undefined;
  if (check.type === 'allow_fast_only' && lane !== 'fast') {
    const cannot = fastLaneRefusal(task, state, cfg, next);
    if (cannot) return blocked('budget_stop', lane, task, cfg, price, `${check.reason}, but ${cannot}`);
    held = check.reason;
    lane = 'fast';
    est = estimateFor(task, lane, cfg, price);
    check = checkBudget(state.budget, cfg.budget, task.kind, lane, est.costNanosHigh, confirmed);
  }
  switch (check.type) {
    case 'stop':
      return blocked('budget_stop', lane, task, cfg, price, check.reason);
    case 'needs_confirmation':
      return blocked('needs_confirmation', lane, task, cfg, price,
        `${check.reason} (estimated ${formatUsd(est.range.costNanosLow)}-${formatUsd(est.range.costNanosHigh)})`);
    case 'allow_fast_only':
      reason = `${reason}; ${check.reason}`;
      break;
    case 'allow':
      if (held) reason = `${reason}; ${held}`;
      break;
  }
  const warning = check.warning;
  return {
    type: 'decision',
    lane,
    provider: cfg.lanes[lane].provider,
    model: modelFor(task, lane, cfg),
    reason,
    estimate: est,
    counterfactual: counterfactualFor(task, otherLane(lane), cfg, price),
    cause,
    ...(warning !== undefined ? { budgetWarning: warning } : {}),
    ...(pick.routing ? { routing: pick.routing } : {}),
  };
}

/** Why a request held to the fast lane by the budget cannot move there, or undefined when it can. */
function fastLaneRefusal(task: TaskFacts, state: RouterState, cfg: PolicyConfig, next: NextAttempt | undefined): string | undefined {
  if (next) return `the ${next.cause} to the ${next.lane} lane is not sent`;
  if (!laneAvailable(cfg, 'fast')) return 'the fast lane is not configured';
  if (!breakerAllows(state.breakers.fast, state.nowMs)) return 'the fast lane is cooling down after failures';
  const budget = cfg.lanes.fast.contextBudgetTokens;
  if (task.inputTokens > budget) return `context is ${groupThousands(task.inputTokens)} tokens, over the fast lane's ${groupThousands(budget)}`;
  return undefined;
}

/** The first lane of a task the user did not pin: the static table as the prior, then what the ledger taught (policy-adaptive.ts). */
export function initialChoice(task: TaskFacts, state: RouterState, cfg: PolicyConfig, price: PriceFn): StaticPick & { routing: RoutingNote } {
  const pick = staticChoice(task, cfg);
  return adaptiveChoice(task, shapeOf({ ...task, step: pick.step }), pick, state, cfg, price);
}

/** A lane the user chose: the note says what the table would have chosen. */
function pinnedNote(task: TaskFacts, cfg: PolicyConfig): RoutingNote {
  const pick = staticChoice(task, cfg);
  return { shape: shapeOf({ ...task, step: pick.step }).key, staticLane: pick.lane, basis: 'static' };
}

/** The static table: the kind's default lane, moved to the deep lane when the task is too big for the fast one. */
export function staticChoice(task: TaskFacts, cfg: PolicyConfig): StaticPick & { step?: AgentStep } {
  if (task.kind === 'agent' && task.agent) return agentChoice(task.agent, cfg);
  const lane = cfg.defaultLane[task.kind];
  const canEscalate = cfg.escalation.kinds.includes(task.kind);
  if (lane === 'fast' && canEscalate) {
    const fastBudget = cfg.lanes.fast.contextBudgetTokens;
    if (task.inputTokens > fastBudget) {
      return { lane: 'deep', reason: `context is ${groupThousands(task.inputTokens)} tokens, over the fast lane's ${groupThousands(fastBudget)}, so the deep lane` };
    }
    const max = cfg.escalation.quickEditMaxLines;
    if (task.kind === 'quickEdit' && (task.editLines ?? 0) > max) {
      return { lane: 'deep', reason: `quick edit spans ${task.editLines} lines (over ${max}), so the deep lane` };
    }
  }
  return { lane, reason: `${describeTask(task)}, so the ${lane} lane` };
}

function describeTask(task: TaskFacts): string {
  const n = (count: number | undefined, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;
  switch (task.kind) {
    case 'completion': return 'inline completion';
    case 'quickEdit': return task.editLines !== undefined ? `quick edit of ${n(task.editLines, 'line')}` : 'quick edit';
    case 'refactor': return task.fileCount !== undefined ? `refactor spans ${n(task.fileCount, 'file')}` : 'refactor';
    case 'astTransform': return 'AST transform (written once, run locally on every file)';
    case 'agent': return 'agent request';
  }
}

function blocked(
  code: Blocked['code'], lane: LaneId, task: TaskFacts, cfg: PolicyConfig, price: PriceFn, reason: string,
): Blocked {
  return { type: 'blocked', code, reason, lane, model: modelFor(task, lane, cfg), estimate: estimateFor(task, lane, cfg, price) };
}

/** Whether the user configured the lane (see LanePolicy.available). */
export function laneAvailable(cfg: PolicyConfig, lane: LaneId): boolean {
  return cfg.lanes[lane].available !== false;
}

export function defaultLaneFor(kind: TaskKind, cfg: PolicyConfig): LaneId {
  return cfg.defaultLane[kind];
}

// The adaptive first-lane decision: for a task that can escalate, compare "fast first, deep
// on failure" with "deep directly" on the shape's learned figures, under the user's
// preference, with the static table as the prior. Pure; route() applies availability,
// breakers and budgets on top, as for every other choice.
import { budgetLevel, type BudgetState } from './policy-budget.ts';
import type { PolicyConfig } from './policy-config.ts';
import { formatUsd } from './money.ts';
import { estimateFor } from './policy-estimate.ts';
import { fastMissedRate, fastSuccessRate } from './routing-prior.ts';
import type { TaskShape } from './routing-shape.ts';
import type { ExpectedFigures, LaneFigures, RoutingBasis, RoutingNote, RoutingPreference, RoutingView, ShapeFigures } from './routing-types.ts';
import { formatCount, formatOutOf, formatPlan } from './routing-words.ts';
import type { LaneId, PriceFn, TaskFacts } from './task.ts';

/**
 * Decayed judged attempts a lane needs on a shape before its learned means replace the
 * estimate, and the fast lane needs before its record may overturn the static table.
 */
export const MIN_EVIDENCE = 3;
// Decay makes three attempts of the last minutes 2.9999...: they are three.
const enough = (n: number) => n >= MIN_EVIDENCE - 0.01;
/** `quality`: the fast lane goes first only when it succeeds at least this often... */
export const QUALITY_MIN_SUCCESS = 0.75;
/** ...and when, with a failed fast attempt's delay counted this many times, it is still no slower than deep. */
export const QUALITY_FAILURE_DELAY_WEIGHT = 2;

/**
 * What a fast answer the validator missed costs the user on top of the deep redo: reading the
 * wrong answer, deciding it is wrong, rejecting or undoing it and asking again. Half a minute is
 * a floor for an edit that looked plausible enough to pass validation.
 */
export const REVIEW_MS = 30_000;

/** The static table's choice for the task (policy.ts), the prior of the decision. */
export interface StaticPick {
  lane: LaneId;
  reason: string;
}

export interface AdaptivePick {
  lane: LaneId;
  reason: string;
  routing: RoutingNote;
}

/** What the decision reads of the router's state. */
export interface AdaptiveState {
  nowMs: number;
  budget: BudgetState;
  learned?: RoutingView;
}

/**
 * The two plans. Fast first fails with probability 1 - p, of which a share m (of all fast
 * attempts) the validator misses: a caught failure escalates (c_d, t_d), a missed one is
 * lost and redone by the user on the deep lane (c_d, t_d + REVIEW_MS). So fast first costs
 * c_f + (1 - p) c_d and takes t_f + (1 - p) t_d + m REVIEW_MS; deep directly costs c_d, t_d.
 */
export function expectedPlans(p: number, m: number, fast: ExpectedFigures, deep: ExpectedFigures): { fastFirst: ExpectedFigures; deep: ExpectedFigures } {
  return {
    fastFirst: { costNanos: fast.costNanos + (1 - p) * deep.costNanos, ms: fast.ms + (1 - p) * deep.ms + m * REVIEW_MS },
    deep: { ...deep },
  };
}

/**
 * A missed failure loses the task, which money alone does not show (its redo costs c_d, as an
 * escalation does). `cost` and `balanced` add the user's review to the fast-first plan's cost,
 * priced at what the deep lane charges for a second of its work (c_d / t_d): the least a
 * person's half minute could be worth, so a shape the fast lane fails silently goes deep while
 * cost still mostly weighs money. The plans shown (and noted) keep money only.
 */
export function reviewNanos(m: number, deep: ExpectedFigures): number {
  return deep.ms > 0 ? (m * REVIEW_MS * deep.costNanos) / deep.ms : 0;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : a > 0 ? Infinity : 1);

/**
 * Whether fast first beats deep directly under the preference (undefined on a tie); the plans
 * already hold the missed failures' review time (expectedPlans), and `cost` and `balanced` add
 * its price (reviewNanos) to the fast-first cost:
 * - `cost`: lower expected cost;
 * - `balanced`: cost and time weigh the same, each as a fraction of the deep plan's
 *   (fast first wins when cost share + time share < 2);
 * - `quality`: the fast lane must succeed at least QUALITY_MIN_SUCCESS of the time, and its plan
 *   must be no slower than deep even with a failed fast attempt's delay counted twice (the user
 *   waited for it).
 */
export function fastFirstWins(
  pref: RoutingPreference, p: number, m: number, fast: ExpectedFigures, plans: { fastFirst: ExpectedFigures; deep: ExpectedFigures },
): boolean | undefined {
  const { fastFirst, deep } = plans;
  const fastCost = fastFirst.costNanos + reviewNanos(m, deep);
  let margin: number;
  switch (pref) {
    case 'cost':
      margin = deep.costNanos - fastCost;
      break;
    case 'balanced':
      margin = 2 - (ratio(fastCost, deep.costNanos) + ratio(fastFirst.ms, deep.ms));
      break;
    case 'quality':
      if (p < QUALITY_MIN_SUCCESS) return false;
      margin = deep.ms - (fastFirst.ms + (QUALITY_FAILURE_DELAY_WEIGHT - 1) * (1 - p) * fast.ms);
      break;
  }
  return margin > 0 ? true : margin < 0 ? false : undefined;
}

/** A lane's cost and time for the task: the shape's learned means with enough evidence, else the estimate. */
function laneFigures(task: TaskFacts, lane: LaneId, learned: LaneFigures | undefined, cfg: PolicyConfig, price: PriceFn): ExpectedFigures {
  if (learned && enough(learned.n) && learned.meanCostNanos !== undefined && learned.meanMs !== undefined) {
    return { costNanos: learned.meanCostNanos, ms: learned.meanMs };
  }
  const est = estimateFor({ ...task, override: undefined }, lane, cfg, price);
  return { costNanos: est.costNanosLow, ms: est.expectedMs };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const roundPlan = (f: ExpectedFigures): ExpectedFigures => ({ costNanos: Math.round(f.costNanos), ms: Math.round(f.ms) });

/**
 * What the figures choose for a task of this shape, before exploration: the static pick while
 * the fast lane's record is thin (basis `prior`), else the better plan (`prior` when it agrees
 * with the table, `learned` when it does not). Both lanes must exist; hard rules stay with the table.
 */
export function figuresChoice(
  task: TaskFacts, shape: TaskShape, pick: StaticPick, figures: ShapeFigures | undefined, cfg: PolicyConfig, price: PriceFn,
): AdaptivePick {
  const fastFig = figures?.lanes.fast;
  const fast = fastFig && fastFig.n > 0 ? { ok: round2(fastFig.ok), n: round2(fastFig.n) } : undefined;
  const note: RoutingNote = { shape: shape.key, staticLane: pick.lane, basis: 'prior', ...(fast ? { fast } : {}) };
  if (!fastFig || !enough(fastFig.n)) {
    const seen = fast ? `the fast lane succeeded ${formatOutOf(fastFig!.ok, fastFig!.n)} recently, too few to change it` : 'no fast-lane outcomes yet';
    return { lane: pick.lane, reason: `${pick.reason} (${shape.label}: ${seen})`, routing: note };
  }
  const vetoed = (fastFig.vetoed ?? 0) >= 0.05 ? `, ${formatCount(fastFig.vetoed!)} of its answers rejected or undone later` : '';
  const record = `${shape.label}: fast lane succeeded ${formatOutOf(fastFig.ok, fastFig.n)} recently${vetoed}`;
  const p = fastSuccessRate(pick.lane, fastFig);
  const m = Math.min(1 - p, fastMissedRate(pick.lane, fastFig));
  const f = laneFigures(task, 'fast', fastFig, cfg, price);
  const d = laneFigures(task, 'deep', figures?.lanes.deep, cfg, price);
  const plans = expectedPlans(p, m, f, d);
  const wins = fastFirstWins(cfg.routing.preference, p, m, f, plans);
  const lane: LaneId = wins === undefined ? pick.lane : wins ? 'fast' : 'deep';
  const expected = { fastFirst: roundPlan(plans.fastFirst), deep: roundPlan(plans.deep) };
  const short = cfg.routing.preference === 'quality' && p < QUALITY_MIN_SUCCESS ? `quality wants ${QUALITY_MIN_SUCCESS * 100}% success` : undefined;
  // The review's price is spelled out once answers were vetoed (before that it is only the prior's).
  const review = vetoed && cfg.routing.preference !== 'quality' ? ` (+${formatUsd(Math.round(reviewNanos(m, d)))} for reviewing wrong answers that passed)` : '';
  const compared = `${record}; fast-then-deep expected ${formatPlan(expected.fastFirst)}${review} vs deep ${formatPlan(expected.deep)}`;
  // Agreeing with the table keeps the table's words first (the figures back them); overturning it, the figures speak.
  const reason = lane === pick.lane ? `${pick.reason} (${compared}${short ? `; ${short}` : ''})`
    : `${compared}${short ? ` (${short})` : ''}, so the ${lane} lane`;
  return { lane, reason, routing: { ...note, basis: lane === pick.lane ? 'prior' : 'learned', expected } };
}

/** Hash of the task into [0, 1): the same task always explores or never (FNV-1a, 32 bits). */
export function explorationDraw(task: Pick<TaskFacts, 'taskId' | 'agent'>): number {
  const key = task.agent ? `${task.taskId}#${task.agent.turn}` : task.taskId;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

/**
 * The first lane for a task (not pinned by the user): the static pick, or what the learned
 * figures choose when learning is on, the router has figures, the kind can escalate, both lanes
 * exist and no hard rule holds (context over the fast lane's budget). Where the figures choose the
 * deep lane, a share `exploration` of tasks (by a hash of the task id) of a shape with a record
 * (MIN_EVIDENCE judged attempts on either lane) try the fast lane first,
 * never while spend is at or past a budget's warn level.
 */
export function adaptiveChoice(
  task: TaskFacts, shape: TaskShape, pick: StaticPick, state: AdaptiveState, cfg: PolicyConfig, price: PriceFn,
): AdaptivePick {
  const fixed = (basis: RoutingBasis): AdaptivePick => ({ ...pick, routing: { shape: shape.key, staticLane: pick.lane, basis } });
  if (!cfg.routing.learning || !state.learned || !cfg.escalation.kinds.includes(task.kind)) return fixed('static');
  if (cfg.lanes.fast.available === false || cfg.lanes.deep.available === false) return fixed('static');
  const fastBudget = cfg.lanes.fast.contextBudgetTokens;
  if (task.inputTokens > fastBudget || (task.agent && task.agent.contextTokens > fastBudget)) return fixed('static');
  const figures = state.learned.figures(shape.key, state.nowMs);
  const chosen = figuresChoice(task, shape, pick, figures, cfg, price);
  // Only a shape with a record explores: on one never seen there is nothing to keep current, and a new
  // user's first refactors would otherwise try the fast lane at random.
  const seen = figures !== undefined && (enough(figures.lanes.fast.n) || enough(figures.lanes.deep.n));
  if (chosen.lane === 'fast' || !seen || !(explorationDraw(task) < cfg.routing.exploration)) return chosen;
  if (budgetLevel(state.budget, cfg.budget) !== 'ok') return chosen;
  const share = `${Math.round(cfg.routing.exploration * 1000) / 10}%`;
  return {
    lane: 'fast',
    reason: `${chosen.reason}; but this task explores the fast lane first (${share} of such tasks do, so its figures stay current)`,
    routing: { ...chosen.routing, basis: 'explore' },
  };
}

/**
 * Completions stay on the fast lane; what adapts is whether to ask at all. A shape whose answers
 * are accepted less than COMPLETION_FLOOR of the time, over at least COMPLETION_MIN_SHOWN shown,
 * waits longer before asking: base x (1 + COMPLETION_STRETCH x how far below the floor the rate
 * is, as a fraction of the floor), at most COMPLETION_MAX_FACTOR x base. At a 0% rate that is 3x.
 */
export const COMPLETION_FLOOR = 0.2;
export const COMPLETION_MIN_SHOWN = 20;
export const COMPLETION_STRETCH = 2;
export const COMPLETION_MAX_FACTOR = 3;

export function completionDebounceMs(figures: ShapeFigures | undefined, baseMs: number): number {
  const c = figures?.completions;
  if (!c || c.shown < COMPLETION_MIN_SHOWN) return baseMs;
  const rate = c.accepted / c.shown;
  if (rate >= COMPLETION_FLOOR) return baseMs;
  const factor = Math.min(COMPLETION_MAX_FACTOR, 1 + COMPLETION_STRETCH * ((COMPLETION_FLOOR - rate) / COMPLETION_FLOOR));
  return Math.round(baseMs * factor);
}

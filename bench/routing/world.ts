// What really happens when a lane answers a simulated task: kept, rejected by the
// validator, or kept by the validator and rejected by the user later. Draws are keyed
// by task, lane and the attempt's number on that lane, so every policy sees the same
// answer for the same attempt (common random numbers), and the oracle can know them.
import type { PolicyConfig } from '../../src/core/policy-config.ts';
import type { LaneId } from '../../src/core/task.ts';
import { unit } from '../agent/draw.ts';
import { logNormal, truthFor, type Population, type SimTask } from './population.ts';

/** ok: the user keeps it. caught: the validator rejects it. silent: it passes validation; the user rejects it. */
export type AttemptResult = 'ok' | 'caught' | 'silent';

/** Spread of a request's time around the lane's figures (first token plus output at its token rate). */
export const LATENCY_SIGMA = 0.25;

export function attemptResult(pop: Population, task: SimTask, lane: LaneId, n: number): AttemptResult {
  const truth = truthFor(pop, task);
  if (unit(pop.seed, task.id, lane, n, 'ok') < truth.p[lane]) return 'ok';
  return unit(pop.seed, task.id, lane, n, 'caught') < truth.caught ? 'caught' : 'silent';
}

/** The attempt's duration: the lane's first-token time plus its output (reasoning included) at the lane's rate, jittered. */
export function attemptMs(pop: Population, task: SimTask, lane: LaneId, n: number, cfg: PolicyConfig): { firstTokenMs: number; endMs: number } {
  const l = cfg.lanes[lane];
  const jitter = logNormal(pop.seed, 1, LATENCY_SIGMA, task.id, lane, n, 'ms');
  const firstTokenMs = Math.round(l.firstTokenMs * jitter);
  return { firstTokenMs, endMs: Math.round(firstTokenMs + (task.usage[lane].output / l.tokensPerSecond) * 1000 * jitter) };
}

/** How long after the answer the user judges it (applies, or rejects it): 20 s to 10 min. */
export function reviewDelayMs(pop: Population, task: SimTask): number {
  return Math.round(20_000 + unit(pop.seed, task.id, 'review') * 580_000);
}

/**
 * The oracle's lane: the fast lane when its first answer is kept; else the deep lane when
 * its answer (or its one repair retry) is kept; else the fast lane, the cheapest way to fail.
 */
export function oracleLane(pop: Population, task: SimTask): LaneId {
  if (attemptResult(pop, task, 'fast', 0) === 'ok') return 'fast';
  const deep = attemptResult(pop, task, 'deep', 0);
  if (deep === 'ok' || (deep === 'caught' && attemptResult(pop, task, 'deep', 1) === 'ok')) return 'deep';
  return 'fast';
}

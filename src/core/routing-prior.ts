// The static table as a prior: what the router believes of the fast lane on a shape before
// (and while) the ledger says otherwise, as pseudo-counts of judged fast attempts.
import type { LaneId } from './task.ts';

/**
 * Where the table sends a kind to the fast lane, it presumes the fast lane good enough: 4
 * successes in 5 (0.8), well above the break-even of fast-then-deep at the published prices
 * (a fast attempt costs about 30% of a deep one, so fast first pays while p > ~0.3). Where it
 * sends it to the deep lane: 1 in 5 (0.2), below that break-even. A strength of 5 makes about
 * five recent judged attempts weigh as much as the table: a shape's first failure or two never
 * flip it, a run of them does.
 */
export const FAST_PRIOR: Readonly<Record<LaneId, { ok: number; n: number }>> = {
  fast: { ok: 4, n: 5 },
  deep: { ok: 1, n: 5 },
};

/**
 * Of the prior's failures, how many the validator is presumed to miss (the answer passes and
 * the user rejects or undoes it later): half, as pseudo-counts of the same strength. A shape
 * the table sends fast starts at 0.5 missed in 5 (10%), one it sends deep at 2 in 5 (40%). Half
 * is a guess, not a measurement: the validator (parse, syntax, patch applies) catches broken
 * answers, not wrong ones, and no ledger yet says how often each happens.
 */
export const MISSED_PRIOR: Readonly<Record<LaneId, { vetoed: number; n: number }>> = {
  fast: { vetoed: 0.5, n: FAST_PRIOR.fast.n },
  deep: { vetoed: 2, n: FAST_PRIOR.deep.n },
};

/** The fast lane's expected success rate on a shape: its decayed record plus the static table's prior. */
export function fastSuccessRate(staticLane: LaneId, fast: { ok: number; n: number } | undefined): number {
  const prior = FAST_PRIOR[staticLane];
  return ((fast?.ok ?? 0) + prior.ok) / ((fast?.n ?? 0) + prior.n);
}

/** The fast lane's expected share of failures the validator misses (vetoed later), with the prior. */
export function fastMissedRate(staticLane: LaneId, fast: { n: number; vetoed?: number } | undefined): number {
  const prior = MISSED_PRIOR[staticLane];
  return ((fast?.vetoed ?? 0) + prior.vetoed) / ((fast?.n ?? 0) + prior.n);
}

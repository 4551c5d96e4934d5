// Per-lane circuit breaker as a pure state machine: the caller passes the clock in.
// closed -> open (after N consecutive failures, or a high failure rate over the window)
// open -> half_open (cooldown elapsed: requests may go again) -> closed on a success, open again on a failure.
import type { BreakerConfig } from './policy-config.ts';

export interface BreakerState {
  consecutiveFailures: number;
  /** Outcomes inside the sliding window, oldest first. */
  window: readonly { atMs: number; ok: boolean }[];
  /** While open: when the cooldown ends. null when closed. */
  openUntilMs: number | null;
}

export type BreakerStatus = 'closed' | 'open' | 'half_open';

export const CLOSED_BREAKER: BreakerState = { consecutiveFailures: 0, window: [], openUntilMs: null };

export function breakerStatus(state: BreakerState, nowMs: number): BreakerStatus {
  if (state.openUntilMs === null) return 'closed';
  return nowMs < state.openUntilMs ? 'open' : 'half_open';
}

/** May a request go to this lane now? */
export function breakerAllows(state: BreakerState, nowMs: number): boolean {
  return breakerStatus(state, nowMs) !== 'open';
}

/** Records one provider outcome (only provider failures count as failures; validation failures do not). */
export function recordOutcome(state: BreakerState, nowMs: number, ok: boolean, cfg: BreakerConfig): BreakerState {
  const window = [...state.window.filter((e) => e.atMs > nowMs - cfg.windowMs), { atMs: nowMs, ok }];
  if (ok) return { consecutiveFailures: 0, window, openUntilMs: null };

  const consecutiveFailures = state.consecutiveFailures + 1;
  const failed = window.filter((e) => !e.ok).length;
  const rateTrips = window.length >= cfg.minRequests && failed / window.length >= cfg.failureRate;
  const wasHalfOpen = breakerStatus(state, nowMs) === 'half_open';
  const open = wasHalfOpen || consecutiveFailures >= cfg.failuresToOpen || rateTrips;
  return {
    consecutiveFailures,
    window,
    openUntilMs: open ? nowMs + cfg.cooldownMs : state.openUntilMs,
  };
}

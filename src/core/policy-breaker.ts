// Per-lane circuit breaker as a pure state machine: the caller passes the clock in.
// closed -> open (after N consecutive failures, or a high failure rate over the window)
// open -> half_open (cooldown elapsed: requests may go again) -> closed on a success, open again on a failure.
import type { BreakerConfig } from './policy-config.ts';
import type { ProviderErrorKind } from './provider-types.ts';

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

/** Provider faults: the lane itself is unwell. */
const FAULTS: readonly ProviderErrorKind[] = ['rate_limited', 'server', 'timeout', 'network'];

/**
 * What an attempt's end says about the lane's health. A cancellation, a wrong key
 * or a bad request says nothing about it, so it neither trips nor resets the breaker.
 */
export function breakerSignal(error: ProviderErrorKind | undefined): 'ok' | 'fault' | 'neutral' {
  if (error === undefined) return 'ok';
  return FAULTS.includes(error) ? 'fault' : 'neutral';
}

/**
 * Records one provider outcome (only provider faults count as failures; validation failures do not).
 * The cooldown is the policy's, or the provider's Retry-After when that is longer.
 */
export function recordOutcome(state: BreakerState, nowMs: number, ok: boolean, cfg: BreakerConfig, retryAfterMs?: number): BreakerState {
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
    openUntilMs: open ? nowMs + Math.max(cfg.cooldownMs, retryAfterMs ?? 0) : state.openUntilMs,
  };
}

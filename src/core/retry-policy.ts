// Our bounded retry policy, as pure functions: the SDKs' own retries are off so
// that every attempt is visible (and billed) in the ledger.
import type { ProviderError } from './provider-types.ts';

export interface RetryPolicy {
  /** Total attempts including the first. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is returned instead. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 30_000,
});

/** Transient kinds only; auth, bad requests, bad output and cancellation never improve by retrying. */
export function isRetryable(error: ProviderError): boolean {
  return error.kind === 'rate_limited' || error.kind === 'server' || error.kind === 'network' || error.kind === 'timeout';
}

/**
 * Delay before attempt `attempt + 1` after `attempt` (1-based) failed with
 * `error`, or undefined when we should stop. Retry-After wins when given;
 * otherwise exponential backoff with "equal jitter": within [d/2, d] for
 * d = min(maxDelay, base * 2^(attempt-1)).
 */
export function retryDelayMs(
  attempt: number,
  error: ProviderError,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxAttempts || !isRetryable(error)) return undefined;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? Math.max(0, Math.ceil(error.retryAfterMs)) : undefined;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const half = ceiling / 2;
  return Math.round(half + half * Math.min(1, Math.max(0, random())));
}

// What happens after an attempt fails: retry, escalate fast -> deep, fall back to the other lane, or give up.
// Pure: the pipeline records the failure in the breaker first, then asks here, then routes the next attempt.
import { breakerAllows, type BreakerState } from './policy-breaker.ts';
import type { PolicyConfig, RetryConfig, ValidationFailure } from './policy-config.ts';
import { otherLane, type LaneId, type TaskKind } from './task.ts';

import type { ProviderErrorKind } from './provider-types.ts';

export type { ProviderErrorKind };

export const TRANSIENT_ERRORS: readonly ProviderErrorKind[] = ['rate_limited', 'server', 'timeout', 'network'];

export interface ProviderFailure {
  kind: ProviderErrorKind;
  /** From Retry-After, when the provider sent one. */
  retryAfterMs?: number;
  /** A bad_request that says the prompt exceeds the model's context window. */
  contextOverflow?: boolean;
  /** Output had already reached the caller: the same lane is not asked again (the caller would get it twice). */
  afterOutput?: boolean;
}

/** What the task has done so far. */
export interface AttemptHistory {
  kind: TaskKind;
  lane: LaneId;
  escalations: number;
  fallbacks: number;
  /** Retries already made on the current lane after provider failures. */
  retriesOnLane: number;
  /** Retries already made after validation failures (deep lane, or a pinned lane). */
  validationRetries: number;
  /** The user chose the lane (Switchyard Fast / Deep): the task never escalates or falls back to the other one. */
  pinned?: boolean;
}

export type NextStep =
  | { action: 'retry'; lane: LaneId; delayMs: number; reason: string }
  | { action: 'escalate'; lane: 'deep'; reason: string }
  | { action: 'fallback'; lane: LaneId; reason: string }
  | { action: 'fail'; reason: string; why?: string };

export const KIND_PLURAL: Record<TaskKind, string> = { completion: 'completions', quickEdit: 'quick edits', refactor: 'refactors', astTransform: 'AST transforms', agent: 'agent requests' };

const VALIDATION_TEXT: Record<ValidationFailure, string> = {
  parse_errors: 'the edit introduced parse errors',
  invalid_json: 'the answer was not valid JSON',
  schema: 'the answer did not match the schema',
  empty: 'the answer was empty',
  paths: 'the edit named a path outside the workspace',
  tool_call: 'a tool call was malformed',
  no_tool_call: 'a tool call was required and none was made',
  truncated: 'the answer was cut off at the output limit',
};

export function afterValidationFailure(h: AttemptHistory, failure: ValidationFailure, cfg: PolicyConfig): NextStep {
  const what = VALIDATION_TEXT[failure];
  const esc = cfg.escalation;
  if (h.lane === 'fast' && !h.pinned && esc.kinds.includes(h.kind) && esc.onValidation.includes(failure)
    && h.escalations < esc.maxPerTask) {
    if (cfg.lanes.deep.available === false) {
      return { action: 'fail', reason: `fast lane output rejected (${what})`, why: 'the deep lane is not configured, so it could not escalate' };
    }
    return { action: 'escalate', lane: 'deep', reason: `fast lane output rejected (${what}), so escalated to the deep lane` };
  }
  // A lane that cannot escalate (the deep one, or the one the user chose) gets one repair attempt.
  if ((h.lane === 'deep' || h.pinned) && h.validationRetries < esc.deepValidationRetries && esc.onValidation.includes(failure)) {
    return { action: 'retry', lane: h.lane, delayMs: 0, reason: `${h.lane} lane output rejected (${what}), so retried once` };
  }
  return { action: 'fail', reason: `${h.lane} lane output rejected (${what})` };
}

export function afterProviderError(
  h: AttemptHistory, err: ProviderFailure, breakers: Readonly<Record<LaneId, BreakerState>>, nowMs: number,
  cfg: PolicyConfig,
): NextStep {
  const label = ERROR_TEXT[err.kind];
  if (err.kind === 'cancelled') return { action: 'fail', reason: 'cancelled' };
  if (err.kind === 'invalid_output') return afterValidationFailure(h, 'invalid_json', cfg);
  if (err.kind === 'bad_request' && err.contextOverflow && h.lane === 'fast') {
    return fallbackOr(h, breakers, nowMs, cfg, `fast lane context window exceeded`);
  }
  if (!TRANSIENT_ERRORS.includes(err.kind)) return { action: 'fail', reason: `${h.lane} lane ${label}` };

  const laneOpen = !breakerAllows(breakers[h.lane], nowMs);
  const waitTooLong = (err.retryAfterMs ?? 0) > cfg.retry.maxRetryAfterMs;
  if (!laneOpen && !waitTooLong && !err.afterOutput && h.retriesOnLane < cfg.retry.maxRetries) {
    const delayMs = retryDelayMs(h.retriesOnLane, err.retryAfterMs, cfg.retry);
    return { action: 'retry', lane: h.lane, delayMs, reason: `${h.lane} lane ${label}, retry ${h.retriesOnLane + 1} of ${cfg.retry.maxRetries} in ${delayMs} ms` };
  }
  const why = laneOpen ? `${label}, and it is cooling down`
    : waitTooLong ? `${label}, retry after ${err.retryAfterMs} ms`
    : err.afterOutput ? `${label} after its output had started`
    : `${label} after ${h.retriesOnLane} retries`;
  return fallbackOr(h, breakers, nowMs, cfg, `${h.lane} lane ${why}`);
}

function fallbackOr(
  h: AttemptHistory, breakers: Readonly<Record<LaneId, BreakerState>>, nowMs: number, cfg: PolicyConfig, why: string,
): NextStep {
  const to = otherLane(h.lane);
  // Never fall back to the lane the task escalated away from: its output was already rejected.
  const escalatedAway = h.escalations > 0 && to === 'fast';
  if (h.pinned) return { action: 'fail', reason: `${why}; you chose the ${h.lane} lane`, why: `you chose the ${h.lane} lane, so it did not fall back to the ${to} lane` };
  if (!cfg.fallback.allowed[h.kind]) return { action: 'fail', reason: `${why}; fallback is off for this kind of task`, why: `fallback is off for ${KIND_PLURAL[h.kind]}` };
  // Only a lane with an endpoint and key of its own: never a default the user did not point anywhere.
  if (cfg.lanes[to].available === false) return { action: 'fail', reason: `${why}; no other lane is configured`, why: `no other lane is configured for ${KIND_PLURAL[h.kind]}` };
  if (h.fallbacks >= cfg.fallback.maxPerTask || escalatedAway) return { action: 'fail', reason: why };
  if (!breakerAllows(breakers[to], nowMs)) return { action: 'fail', reason: `${why}, and the ${to} lane is cooling down too`, why: `the ${to} lane is cooling down too` };
  return { action: 'fallback', lane: to, reason: `${why}, so fell back to the ${to} lane` };
}

/**
 * The wait before the next retry on a lane: the one retry delay in Switchyard.
 * `retryIndex` counts the retries already made on that lane (0 before the first),
 * so the waits are base, 2x base, 4x base... capped at `maxDelayMs`; never sooner
 * than the provider's Retry-After (a Retry-After above `maxRetryAfterMs` is not
 * waited for at all: see afterProviderError). No jitter: one user's few tasks do not stampede a provider.
 */
export function retryDelayMs(retryIndex: number, retryAfterMs: number | undefined, cfg: RetryConfig): number {
  const backoff = Math.min(cfg.baseDelayMs * 2 ** retryIndex, cfg.maxDelayMs);
  return Math.max(backoff, retryAfterMs ?? 0);
}

const ERROR_TEXT: Record<ProviderErrorKind, string> = {
  auth: 'rejected the API key',
  rate_limited: 'was rate limited',
  server: 'had a server error',
  timeout: 'timed out',
  network: 'was unreachable',
  bad_request: 'rejected the request',
  invalid_output: 'returned invalid output',
  cancelled: 'was cancelled',
};

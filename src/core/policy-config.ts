// Every routing, escalation, fallback and budget rule in one typed config, with defaults.
import type { LaneId, TaskKind } from './task.ts';

/** What the router knows of a lane (the wire settings are provider-types LaneConfig). */
export interface LanePolicy {
  provider: string;
  model: string;
  /** Streaming output rate, for the expected-time estimate. */
  tokensPerSecond: number;
  /** Typical time to first token, added to the streaming time. */
  firstTokenMs: number;
  /** Prompt tokens this lane should be sent; above it the fast lane escalates. */
  contextBudgetTokens: number;
  /** The model's own output limit; caps every kind's output budget. */
  maxOutputTokens: number;
  /** The user configured this lane (an endpoint and its own key, or a keyless local server). Default true. */
  available?: boolean;
}

export interface TokenBudget {
  /** Prompt tokens the context builder may use for this kind. */
  prompt: number;
  /** Output cap sent to the model. */
  output: number;
  /** Output the kind typically produces (used for the low/expected estimate). */
  typicalOutput: number;
}

export type ValidationFailure = 'parse_errors' | 'invalid_json' | 'schema' | 'empty' | 'paths';

export interface EscalationConfig {
  /** Kinds that may escalate fast -> deep. Completions do not: a late completion is worthless. */
  kinds: readonly TaskKind[];
  /** Validation failures that trigger escalation. */
  onValidation: readonly ValidationFailure[];
  /** Quick edits over this many lines go straight to the deep lane. */
  quickEditMaxLines: number;
  /** Escalations allowed per task. */
  maxPerTask: number;
  /** When the deep lane's output fails validation, retry it this many times before rejecting. */
  deepValidationRetries: number;
}

export interface RetryConfig {
  /** Retries on the same lane before falling back. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: fall back (or fail) instead. */
  maxRetryAfterMs: number;
}

export interface FallbackConfig {
  /** Whether a provider failure on one lane may move the task to the other, per kind. */
  allowed: Readonly<Record<TaskKind, boolean>>;
  /** Fallbacks allowed per task. */
  maxPerTask: number;
}

export interface BreakerConfig {
  /** Consecutive failures that open the breaker. */
  failuresToOpen: number;
  cooldownMs: number;
  /** Sliding window for the failure-rate rule. */
  windowMs: number;
  /** Fraction of the window's requests failing that opens the breaker... */
  failureRate: number;
  /** ...once the window holds at least this many requests. */
  minRequests: number;
}

export type CompletionsAtCap = 'stop' | 'fastLane';

export interface BudgetConfig {
  /** null = no cap. */
  dailyCapNanos: number | null;
  monthlyCapNanos: number | null;
  /** Fraction of a cap at which the meter warns. */
  warnFraction: number;
  completionsAtCap: CompletionsAtCap;
}

export interface PolicyConfig {
  lanes: Readonly<Record<LaneId, LanePolicy>>;
  defaultLane: Readonly<Record<TaskKind, LaneId>>;
  tokenBudgets: Readonly<Record<TaskKind, TokenBudget>>;
  escalation: EscalationConfig;
  retry: RetryConfig;
  fallback: FallbackConfig;
  breaker: BreakerConfig;
  budget: BudgetConfig;
}

export const DEFAULT_POLICY: PolicyConfig = {
  lanes: {
    // Published figures: ~289 tok/s, 1M in / 65K out.
    fast: {
      provider: 'gemini', model: 'gemini-3.5-flash', tokensPerSecond: 289, firstTokenMs: 400,
      contextBudgetTokens: 32_000, maxOutputTokens: 65_536,
    },
    // Published figures: ~70 tok/s, 2M context.
    deep: {
      provider: 'openai', model: 'gpt-5.5', tokensPerSecond: 70, firstTokenMs: 2_000,
      contextBudgetTokens: 1_000_000, maxOutputTokens: 128_000,
    },
  },
  defaultLane: { completion: 'fast', quickEdit: 'fast', refactor: 'deep', astTransform: 'deep' },
  tokenBudgets: {
    completion: { prompt: 1_024, output: 128, typicalOutput: 32 }, // Continue's 1,024-token prompt
    quickEdit: { prompt: 8_000, output: 4_000, typicalOutput: 600 },
    refactor: { prompt: 100_000, output: 32_000, typicalOutput: 6_000 },
    astTransform: { prompt: 16_000, output: 4_000, typicalOutput: 1_000 },
  },
  escalation: {
    kinds: ['quickEdit', 'refactor', 'astTransform'],
    onValidation: ['parse_errors', 'invalid_json', 'schema', 'empty', 'paths'],
    quickEditMaxLines: 80,
    maxPerTask: 1,
    deepValidationRetries: 1,
  },
  retry: { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 20_000 },
  fallback: {
    // A completion that falls back to the slow lane arrives after the user moved on.
    allowed: { completion: false, quickEdit: true, refactor: true, astTransform: true },
    maxPerTask: 1,
  },
  // LiteLLM's router defaults: 3 allowed failures, 5 s cooldown, >=50% of a minute's requests (min 5).
  // Retry-After lengthens a cooldown (see policy-breaker.ts).
  breaker: { failuresToOpen: 3, cooldownMs: 5_000, windowMs: 60_000, failureRate: 0.5, minRequests: 5 },
  // 'stop' by default so a cap is a hard cap; 'fastLane' keeps cheap completions going past it.
  budget: { dailyCapNanos: 5_000_000_000, monthlyCapNanos: 50_000_000_000, warnFraction: 0.8, completionsAtCap: 'stop' },
};

/** Deep-merges a partial config (e.g. from settings) over the defaults. Arrays replace, objects merge. */
export function mergePolicy(base: PolicyConfig, patch: DeepPartial<PolicyConfig>): PolicyConfig {
  return mergeValue(base, patch) as PolicyConfig;
}

export type DeepPartial<T> = T extends readonly unknown[] ? T
  : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

function mergeValue(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = mergeValue(base[k], v);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

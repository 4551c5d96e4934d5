// Every routing, escalation, fallback and budget rule in one typed config, built from settings.
import { NANO_USD_PER_USD } from './pricing.ts';
import { DEFAULT_SETTINGS, type AboveWarn, type LaneSettings, type Settings } from './settings.ts';
import type { RoutingConfig } from './routing-types.ts';
import { perKind, TASK_KINDS, type LaneId, type TaskKind } from './task.ts';

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

/**
 * Why an answer was rejected. The agent ones: a tool call that does not parse, names a tool
 * not offered or does not match its schema (`tool_call`); no call when one was required
 * (`no_tool_call`); an answer cut off at the output limit (`truncated`).
 */
export type ValidationFailure = 'parse_errors' | 'invalid_json' | 'schema' | 'empty' | 'paths' | 'tool_call' | 'no_tool_call' | 'truncated';

export interface EscalationConfig {
  /** Kinds that may escalate fast -> deep. Completions do not: a late completion is worthless. */
  kinds: readonly TaskKind[];
  /** Validation failures that trigger escalation. */
  onValidation: readonly ValidationFailure[];
  /** Quick edits over this many lines go straight to the deep lane. */
  quickEditMaxLines: number;
  /** Escalations allowed per task. */
  maxPerTask: number;
  /** When the deep lane's (or a pinned lane's) output fails validation, retry it this many times before rejecting. */
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
  /** Fraction of a cap at which the meter warns, and above which each kind follows aboveWarn. */
  warnFraction: number;
  /** Between the warn level and the cap: continue, hold to the fast lane, ask first, or stop. */
  aboveWarn: Readonly<Record<TaskKind, AboveWarn>>;
  /** Past the cap: completions stop, or go on the fast lane (up to the hard ceiling). */
  completionsAtCap: CompletionsAtCap;
  /** Multiple of a cap past which nothing is sent, confirmed or not (>= 1). */
  hardCeiling: number;
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
  /** Adaptive routing: learning on or off, the user's preference, exploration and decay. */
  routing: RoutingConfig;
}

// What no setting covers. Everything a user can set comes from SETTING_DEFAULTS
// (src/core/settings.ts) through policyFromSettings, so there is one defaults table.
const LANE_FIGURES: Readonly<Record<LaneId, Omit<LanePolicy, 'provider' | 'model' | 'available'>>> = {
  // Published figures: ~289 tok/s, 1M in / 65K out.
  fast: { tokensPerSecond: 289, firstTokenMs: 400, contextBudgetTokens: 32_000, maxOutputTokens: 65_536 },
  // Published figures: ~70 tok/s, 2M context.
  deep: { tokensPerSecond: 70, firstTokenMs: 2_000, contextBudgetTokens: 1_000_000, maxOutputTokens: 128_000 },
};

const DEFAULT_LANE: Readonly<Record<TaskKind, LaneId>> = { completion: 'fast', quickEdit: 'fast', refactor: 'deep', astTransform: 'deep', agent: 'fast' };

/** Output each kind typically produces (never above its cap). */
const TYPICAL_OUTPUT: Readonly<Record<TaskKind, number>> = { completion: 32, quickEdit: 600, refactor: 6_000, astTransform: 1_000, agent: 400 };

// A completion that escalates or falls back to the slow lane arrives after the user moved on.
const LATE_IS_USEFUL = (kind: TaskKind) => kind !== 'completion';

const usdToNanos = (usd: number) => Math.round(usd * NANO_USD_PER_USD);
const provider = (lane: LaneSettings) => (lane.protocol === 'gemini' ? 'gemini' : lane.baseUrl ? 'openai-compatible' : 'openai');

/** The policy for these settings (every lane available; the pipeline marks the ones without a key). */
export function policyFromSettings(settings: Settings): PolicyConfig {
  return {
    lanes: {
      fast: { provider: provider(settings.fastLane), model: settings.fastLane.model, ...LANE_FIGURES.fast },
      deep: { provider: provider(settings.deepLane), model: settings.deepLane.model, ...LANE_FIGURES.deep },
    },
    defaultLane: DEFAULT_LANE,
    tokenBudgets: perKind((k) => ({
      prompt: settings.promptTokens[k],
      output: settings.maxOutputTokens[k],
      typicalOutput: Math.min(TYPICAL_OUTPUT[k], settings.maxOutputTokens[k]),
    })),
    escalation: {
      kinds: TASK_KINDS.filter(LATE_IS_USEFUL),
      onValidation: ['parse_errors', 'invalid_json', 'schema', 'empty', 'paths', 'tool_call', 'no_tool_call', 'truncated'],
      quickEditMaxLines: settings.routing.quickEditMaxLines,
      maxPerTask: 1,
      deepValidationRetries: 1,
    },
    retry: { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 20_000 },
    fallback: {
      allowed: perKind((k) => settings.routing.allowFallback && LATE_IS_USEFUL(k)),
      maxPerTask: 1,
    },
    // LiteLLM's router defaults: 3 allowed failures, 5 s cooldown, >=50% of a minute's requests (min 5).
    // Retry-After lengthens a cooldown (see policy-breaker.ts).
    breaker: { failuresToOpen: 3, cooldownMs: 5_000, windowMs: 60_000, failureRate: 0.5, minRequests: 5 },
    budget: {
      // 0 means no cap.
      dailyCapNanos: settings.budget.dailyUsd > 0 ? usdToNanos(settings.budget.dailyUsd) : null,
      monthlyCapNanos: settings.budget.monthlyUsd > 0 ? usdToNanos(settings.budget.monthlyUsd) : null,
      warnFraction: settings.budget.warnAt,
      aboveWarn: settings.budget.aboveWarn,
      completionsAtCap: settings.budget.completionsAtCap,
      hardCeiling: settings.budget.hardCeilingPercent / 100,
    },
    routing: {
      learning: settings.routing.learning,
      preference: settings.routing.preference,
      exploration: settings.routing.exploration,
      // Two weeks: "recent weeks count more" without forgetting a month's pattern.
      halfLifeDays: 14,
    },
  };
}

/** The policy with every setting at its default. */
export const DEFAULT_POLICY: PolicyConfig = policyFromSettings(DEFAULT_SETTINGS);

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

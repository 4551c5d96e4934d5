// Turns typed settings (from VS Code or the CLI's flags and environment) into
// what the pipeline runs on: provider configs, the policy, and the price function.
import { DEFAULT_POLICY, mergePolicy, type PolicyConfig } from '../core/policy-config.ts';
import { costForModel, NANO_USD_PER_USD, type PriceTable } from '../core/pricing.ts';
import type { LaneConfig } from '../core/provider-types.ts';
import type { LaneSettings, Settings } from '../core/settings.ts';
import type { LaneId, PriceFn } from '../core/task.ts';

export function laneConfig(lane: LaneSettings, apiKey: string): LaneConfig {
  return {
    protocol: lane.protocol,
    model: lane.model,
    ...(lane.baseUrl ? { baseUrl: lane.baseUrl } : {}),
    ...(Object.keys(lane.headers).length ? { headers: lane.headers } : {}),
    apiKey,
    firstTokenTimeoutMs: lane.firstTokenTimeoutMs,
    totalTimeoutMs: lane.totalTimeoutMs,
    reasoningEffort: lane.thinking,
  };
}

export function laneSettings(settings: Settings, lane: LaneId): LaneSettings {
  return lane === 'fast' ? settings.fastLane : settings.deepLane;
}

const usdToNanos = (usd: number) => Math.round(usd * NANO_USD_PER_USD);

export function policyFrom(settings: Settings): PolicyConfig {
  const kinds = ['completion', 'quickEdit', 'refactor', 'astTransform'] as const;
  const tokenBudgets = Object.fromEntries(kinds.map((k) => [k, {
    ...DEFAULT_POLICY.tokenBudgets[k],
    prompt: settings.promptTokens[k],
    output: settings.maxOutputTokens[k],
    typicalOutput: Math.min(DEFAULT_POLICY.tokenBudgets[k].typicalOutput, settings.maxOutputTokens[k]),
  }])) as PolicyConfig['tokenBudgets'];
  const provider = (l: LaneSettings) => (l.protocol === 'gemini' ? 'gemini' : l.baseUrl ? 'openai-compatible' : 'openai');
  return mergePolicy(DEFAULT_POLICY, {
    lanes: {
      fast: { model: settings.fastLane.model, provider: provider(settings.fastLane) },
      deep: { model: settings.deepLane.model, provider: provider(settings.deepLane) },
    },
    tokenBudgets,
    escalation: { quickEditMaxLines: settings.routing.quickEditMaxLines },
    fallback: { allowed: settings.routing.allowFallback ? DEFAULT_POLICY.fallback.allowed : { completion: false, quickEdit: false, refactor: false, astTransform: false } },
    budget: {
      dailyCapNanos: settings.budget.dailyUsd > 0 ? usdToNanos(settings.budget.dailyUsd) : null,
      monthlyCapNanos: settings.budget.monthlyUsd > 0 ? usdToNanos(settings.budget.monthlyUsd) : null,
      warnFraction: settings.budget.warnAt,
      completionsAtCap: settings.budget.completionsAtCap,
    },
  });
}

export function priceTableFrom(settings: Settings): PriceTable {
  return Object.fromEntries(Object.entries(settings.prices).map(([model, p]) => [model, {
    inputPerMTok: p.input, outputPerMTok: p.output, cachedInputPerMTok: p.cachedInput ?? p.input,
  }]));
}

/** Exact cost in nano-dollars; a model with no known price costs 0 and the caller is told once. */
export function priceFnFrom(overrides: PriceTable, onUnknown?: (model: string) => void): PriceFn {
  const warned = new Set<string>();
  return (model, usage) => {
    const cost = costForModel(model, { input: usage.input, cachedInput: usage.cached, output: usage.output, reasoning: usage.reasoning }, overrides);
    if (!cost) {
      if (!warned.has(model)) { warned.add(model); onUnknown?.(model); }
      return 0;
    }
    return cost.totalNanoUsd;
  };
}

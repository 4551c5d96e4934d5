// Turns typed settings (from VS Code or the CLI's flags and environment) into
// what the pipeline runs on: provider configs and the price function (the policy
// is core's policyFromSettings; settings-snapshot.ts derives all of it once per change).
import { costForModel, isLoopbackUrl, priceFor, type PriceTable } from '../core/pricing.ts';
import type { LaneConfig } from '../core/provider-types.ts';
import type { LaneSettings, Settings } from '../core/settings.ts';
import type { LaneId, PriceFn, TokenUsage } from '../core/task.ts';

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

export function priceTableFrom(settings: Settings): PriceTable {
  return Object.fromEntries(Object.entries(settings.prices).map(([model, p]) => [model, {
    inputPerMTok: p.input, outputPerMTok: p.output, cachedInputPerMTok: p.cachedInput ?? p.input,
  }]));
}

/**
 * Exact cost in nano-dollars. A model with no known price costs 0: `local` when a lane serves it
 * from this machine (`localModels`), else `unknown`, and the caller is told once.
 */
export function priceFnFrom(overrides: PriceTable, onUnknown?: (model: string) => void, localModels: ReadonlySet<string> = new Set()): PriceFn {
  const warned = new Set<string>();
  const basis = (model: string) => (priceFor(model, overrides) ? undefined : localModels.has(model) ? 'local' as const : 'unknown' as const);
  const fn = (model: string, usage: TokenUsage): number => {
    const cost = costForModel(model, { input: usage.input, cachedInput: usage.cached, output: usage.output, reasoning: usage.reasoning }, overrides);
    if (!cost) {
      if (!warned.has(model) && !localModels.has(model)) { warned.add(model); onUnknown?.(model); }
      return 0;
    }
    return cost.totalNanoUsd;
  };
  return Object.assign(fn, { basis });
}

/** The models of lanes whose base URL is on this machine: without a price, they run at $0. */
export function localModelsOf(settings: Settings): Set<string> {
  return new Set([settings.fastLane, settings.deepLane].filter((l) => isLoopbackUrl(l.baseUrl)).map((l) => l.model));
}

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
 * Exact cost in nano-dollars. A model with no known price costs 0, its `basis` says `unknown`
 * (the pipeline makes that `local` for a keyless server on this machine), and the caller is told once.
 */
export function priceFnFrom(overrides: PriceTable, onUnknown?: (model: string) => void): PriceFn {
  const warned = new Set<string>();
  const basis = (model: string) => (priceFor(model, overrides) ? undefined : 'unknown' as const);
  const fn = (model: string, usage: TokenUsage): number => {
    const cost = costForModel(model, { input: usage.input, cachedInput: usage.cached, output: usage.output, reasoning: usage.reasoning }, overrides);
    if (!cost) {
      if (!warned.has(model)) { warned.add(model); onUnknown?.(model); }
      return 0;
    }
    return cost.totalNanoUsd;
  };
  return Object.assign(fn, { basis });
}

/**
 * Local: a lane that sends no key to a server on this machine (Ollama, vLLM, LM Studio). Its
 * unpriced models run at $0. A gateway on localhost (LiteLLM) takes a key and bills: not local.
 */
export function isLocalLane(lane: Pick<LaneSettings, 'baseUrl'>, key: string | undefined): boolean {
  return !key && isLoopbackUrl(lane.baseUrl);
}

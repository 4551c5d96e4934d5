// Which key a lane sends, decided in one place for the extension and the CLI.
// A lane's own key (its SecretStorage slot or a flag, then SWITCHYARD_<LANE>_API_KEY)
// always wins; the provider's OPENAI_API_KEY / GEMINI_API_KEY is only a default
// for a lane that points at that provider's own endpoint. A lane with a custom
// base URL gets its own key or none, so a gateway never sees the user's real key.
import { LANE_ENV, type LaneSettings } from './settings.ts';
import type { LaneId } from './task.ts';

export interface LaneKey {
  key: string;
  /** Where it came from, for messages and the API (never the value). */
  source: string;
}

/** The provider key variable that is a default for this lane, or undefined when the lane has a custom base URL. */
export function providerKeyEnv(lane: LaneSettings): 'OPENAI_API_KEY' | 'GEMINI_API_KEY' | undefined {
  if (lane.baseUrl !== '') return undefined;
  return lane.protocol === 'gemini' ? 'GEMINI_API_KEY' : 'OPENAI_API_KEY';
}

export function resolveLaneKey(
  id: LaneId, lane: LaneSettings, own: { key?: string; source: string } | undefined, env: Readonly<Record<string, string | undefined>>,
): LaneKey | undefined {
  const mine = own?.key?.trim();
  if (mine) return { key: mine, source: own!.source };
  const laneEnv = env[LANE_ENV[id].apiKey]?.trim();
  if (laneEnv) return { key: laneEnv, source: LANE_ENV[id].apiKey };
  const provider = providerKeyEnv(lane);
  const fallback = provider ? env[provider]?.trim() : undefined;
  return fallback ? { key: fallback, source: provider! } : undefined;
}

/** OpenAI-compatible local servers and gateways (Ollama, vLLM, LM Studio) may need no key. */
export function keylessAllowed(lane: Pick<LaneSettings, 'protocol'> & { baseUrl?: string }): boolean {
  return !!lane.baseUrl && lane.protocol !== 'gemini';
}

/** A lane may be sent to when it has its own key, or is a keyless custom endpoint. */
export function laneReady(lane: LaneSettings, key: LaneKey | undefined): boolean {
  return key !== undefined || keylessAllowed(lane);
}

// The fast lane as a fill-in-the-middle endpoint: its base URL, key and headers,
// the `openai-fim` protocol, and the completions model (the lane's own when unset).
// Only completions go this way; everything else on the lane stays on its protocol.
import type { LaneConfig } from '../../core/provider-types.ts';
import type { Settings } from '../../core/settings.ts';
import { laneConfig } from '../lane-setup.ts';

/** Why the FIM setting cannot apply, or undefined when it can (or is off). */
export function fimProblem(settings: Settings): string | undefined {
  if (settings.completions.protocol !== 'openai-fim' || settings.fastLane.protocol !== 'gemini') return undefined;
  return 'switchyard.completions.protocol is openai-fim, but the fast lane speaks gemini: completions use chat. '
    + 'Point the fast lane at an OpenAI-compatible server (switchyard.fastLane.protocol openai-chat and its baseUrl).';
}

export function fimLaneConfig(settings: Settings, apiKey: string): LaneConfig | undefined {
  if (settings.completions.protocol !== 'openai-fim' || fimProblem(settings)) return undefined;
  return { ...laneConfig(settings.fastLane, apiKey), protocol: 'openai-fim', model: settings.completions.model || settings.fastLane.model };
}

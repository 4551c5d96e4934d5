// Gateways and local servers the emulator can play: the quirks of each that a
// lane must survive. All of them speak Chat Completions only (the Responses and
// Gemini routes answer 404, as those servers do) and send usage only when asked
// with stream_options.include_usage (the chat wire's rule for every persona).
import type { UsageCounts, WireProtocol } from './types.ts';

export const GATEWAY_PERSONAS = ['litellm', 'ollama', 'vllm', 'lmstudio', 'cloud-gateway'] as const;
export type GatewayPersona = (typeof GATEWAY_PERSONAS)[number];

export interface PersonaRules {
  /** Usage carries no prompt_tokens_details.cached_tokens (local servers do not cache or do not say). */
  readonly noCachedTokens: boolean;
  /** Sends LiteLLM's `x-litellm-response-cost` header (USD) on every answer. */
  readonly costHeader: boolean;
}

const RULES: Readonly<Record<GatewayPersona, PersonaRules>> = {
  litellm: { noCachedTokens: false, costHeader: true },
  ollama: { noCachedTokens: true, costHeader: false },
  vllm: { noCachedTokens: true, costHeader: false },
  lmstudio: { noCachedTokens: true, costHeader: false },
  'cloud-gateway': { noCachedTokens: false, costHeader: false },
};

export function personaRules(p: GatewayPersona): PersonaRules {
  return RULES[p];
}

export function isPersona(v: unknown): v is GatewayPersona {
  return (GATEWAY_PERSONAS as readonly unknown[]).includes(v);
}

/**
 * A persona serves the OpenAI-compatible routes only (Chat Completions, and legacy Completions for
 * fill-in-the-middle): the Responses and Gemini routes are a 404, as on the real servers.
 */
export function personaRefuses(p: GatewayPersona | undefined, protocol: WireProtocol): boolean {
  return p !== undefined && protocol !== 'chat' && protocol !== 'completions';
}

/**
 * LiteLLM's cost for the answer, in USD, from the published price of the model the route
 * serves (`openai/gpt-5.5` -> gpt-5.5) times `factor` (a test's way to make the gateway
 * disagree with Switchyard); undefined for a model LiteLLM has no price for.
 */
export function litellmCostHeader(model: string, usage: UsageCounts, factor = 1): string | undefined {
  const price = LITELLM_PRICES[model.slice(model.lastIndexOf('/') + 1)];
  if (!price) return undefined;
  // LiteLLM's own arithmetic: floating-point USD per token, as its model_prices map holds them.
  const usd = (usage.input - usage.cached) * price.input + usage.cached * price.cached + (usage.output + usage.reasoning) * price.output;
  return String(usd * factor);
}

/** USD per token, the way LiteLLM's price map writes them (kept apart from Switchyard's table on purpose). */
const LITELLM_PRICES: Readonly<Record<string, { input: number; cached: number; output: number }>> = {
  'gpt-5.5': { input: 5e-6, cached: 5e-7, output: 3e-5 },
  'gemini-3.5-flash': { input: 1.5e-6, cached: 1.5e-7, output: 9e-6 },
  // A model LiteLLM prices and Switchyard's table does not.
  'claude-sonnet-5': { input: 3e-6, cached: 3e-7, output: 1.5e-5 },
};

/** The headers a persona adds to an answer. */
export function personaHeaders(p: GatewayPersona | undefined, model: string, usage: UsageCounts, costFactor?: number): Record<string, string> {
  if (!p || !RULES[p].costHeader) return {};
  const cost = litellmCostHeader(model, usage, costFactor);
  return cost === undefined ? {} : { 'x-litellm-response-cost': cost };
}

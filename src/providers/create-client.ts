// The one place a LaneConfig becomes a client. Creating one loads no SDK.
// A client makes exactly one HTTP attempt per call: retries belong to the
// pipeline's policy, so every attempt is a ledger record.
import { keylessAllowed } from '../core/lane-keys.ts';
import type { LaneConfig, ProviderClient, ProviderEvent } from '../core/provider-types.ts';
import { simpleError } from './errors.ts';
import { createGeminiClient } from './gemini-client.ts';
import { createOpenAIClient } from './openai-client.ts';

export function createProviderClient(config: LaneConfig): ProviderClient {
  // A keyless lane is fine only for an OpenAI-compatible server at a custom base URL (Ollama, vLLM, LM Studio).
  if (config.apiKey.trim() === '' && !keylessAllowed(config)) return missingKeyClient(config);
  switch (config.protocol) {
    case 'gemini':
      return createGeminiClient(config);
    case 'openai-responses':
    case 'openai-chat':
    case 'openai-fim':
      return createOpenAIClient(config);
  }
}

/** A lane without a key sends nothing and says so. */
function missingKeyClient(config: LaneConfig): ProviderClient {
  const who = config.protocol === 'gemini' ? 'Gemini' : 'OpenAI';
  // (Only reached for a provider's own endpoint, or a Gemini-protocol gateway.)
  return {
    protocol: config.protocol,
    model: config.model,
    async *stream(): AsyncGenerator<ProviderEvent> {
      const now = performance.now();
      yield { type: 'error', error: simpleError('auth', `No ${who} API key is set.`), timing: { start: now, end: now } };
    },
  };
}

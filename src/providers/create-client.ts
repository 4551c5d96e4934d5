// The one place a LaneConfig becomes a client. Creating one loads no SDK.
import { keylessAllowed } from '../core/lane-keys.ts';
import type { LaneConfig, ProviderClient, ProviderEvent } from '../core/provider-types.ts';
import type { RetryPolicy } from '../core/retry-policy.ts';
import { simpleError } from './errors.ts';
import { createGeminiClient } from './gemini-client.ts';
import { createOpenAIClient } from './openai-client.ts';
import { withRetry } from './retry.ts';

export interface CreateClientOptions {
  /** Our retry policy; `false` for single attempts (the pipeline may retry itself). */
  readonly retry?: RetryPolicy | false;
}

export function createProviderClient(config: LaneConfig, options: CreateClientOptions = {}): ProviderClient {
  // A keyless lane is fine only for an OpenAI-compatible server at a custom base URL (Ollama, vLLM, LM Studio).
  const base = config.apiKey.trim() === '' && !keylessAllowed(config) ? missingKeyClient(config) : bareClient(config);
  return options.retry === false ? base : withRetry(base, options.retry ? { policy: options.retry } : {});
}

function bareClient(config: LaneConfig): ProviderClient {
  switch (config.protocol) {
    case 'gemini':
      return createGeminiClient(config);
    case 'openai-responses':
    case 'openai-chat':
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

// The deep lane's client (`openai`): Responses API by default, Chat Completions
// for OpenAI-compatible servers, and their /completions for fill-in-the-middle.
// The SDK is loaded and constructed on first use.
import type { OpenAI } from 'openai';
import type { LaneConfig, ProviderClient, ProviderError, ProviderRequest } from '../core/provider-types.ts';
import { httpError, laneErrorContext, ProviderFailure, retryAfterFromHeaders, simpleError, transportError, unknownError, type ErrorContext } from './errors.ts';
import { loadOpenAI } from './lazy-sdk.ts';
import { chatSource } from './openai-chat.ts';
import { fimError, fimSource } from './openai-fim.ts';
import { responsesSource } from './openai-responses.ts';
import { laneClient, type AttemptContext, type SourceEvent } from './stream-runner.ts';

type OpenAIModule = Awaited<ReturnType<typeof loadOpenAI>>;

/** OpenAI's own endpoint: a lane with no base URL talks only to this. */
export const OPENAI_ENDPOINT = 'https://api.openai.com/v1';

export function createOpenAIClient(config: LaneConfig): ProviderClient {
  const errors = laneErrorContext(config.protocol !== 'openai-responses' && config.baseUrl ? hostOf(config.baseUrl) : 'OpenAI', config);
  let sdk: OpenAIModule | undefined;
  let client: OpenAI | undefined;

  async function* open(req: ProviderRequest, ctx: AttemptContext): AsyncGenerator<SourceEvent> {
    if (!client) {
      sdk = await loadOpenAI();
      const keyless = config.apiKey.trim() === '';
      client = new sdk.OpenAI({
        // The SDK insists on a key; a keyless local server gets a placeholder and no Authorization header.
        apiKey: keyless ? 'keyless' : config.apiKey,
        // Explicit, so OPENAI_BASE_URL in the environment cannot send the key elsewhere.
        baseURL: config.baseUrl || OPENAI_ENDPOINT,
        defaultHeaders: { ...config.headers, ...(keyless ? { Authorization: null } : {}) },
        // One HTTP request per call: the pipeline's policy retries, so every attempt is a ledger record.
        maxRetries: 0,
        // Covers only the wait for headers; our own timers cover the rest.
        timeout: config.totalTimeoutMs,
        // Errors reach the user through us, redacted; the SDK must not print on its own.
        logLevel: 'off',
      });
    }
    if (config.protocol === 'openai-chat') yield* chatSource(client, config, req, ctx);
    else if (config.protocol === 'openai-fim') yield* fimSource(client, config, req, ctx, errors);
    else yield* responsesSource(client, config, req, ctx);
  }

  const mapError = (e: unknown): ProviderError => {
    const error = mapOpenAIError(e, sdk, errors);
    return config.protocol === 'openai-fim' ? fimError(error, errors) : error;
  };
  return laneClient(config, errors, loadOpenAI, (request) => ({ open: (ctx) => open(request, ctx), mapError }));
}

export function mapOpenAIError(e: unknown, sdk: OpenAIModule | undefined, ctx: ErrorContext): ProviderError {
  if (e instanceof ProviderFailure) return e.error;
  if (sdk) {
    if (e instanceof sdk.APIUserAbortError) return simpleError('cancelled', 'Request cancelled.');
    if (e instanceof sdk.APIConnectionTimeoutError) return simpleError('timeout', `${ctx.provider} did not respond in time.`, e.message, ctx);
    if (e instanceof sdk.APIConnectionError) {
      return transportError(e.cause, ctx) ?? simpleError('network', `Could not reach ${ctx.provider}.`, e.message, ctx);
    }
    if (e instanceof sdk.APIError) {
      if (typeof e.status === 'number') {
        const retryAfterMs = retryAfterFromHeaders((name) => e.headers?.get(name));
        return httpError(e.status, e.message, ctx, retryAfterMs);
      }
      // An `error` event inside an open stream: no HTTP status to go by.
      const code = (e.error as { code?: unknown } | undefined)?.code;
      const kind = code === 'rate_limit_exceeded' ? 'rate_limited' : 'server';
      return simpleError(kind, `${ctx.provider} reported an error mid-stream.`, e.message, ctx);
    }
  }
  if (e instanceof SyntaxError) return simpleError('server', `${ctx.provider} sent a malformed stream.`, e.message, ctx);
  return transportError(e, ctx) ?? unknownError(e, ctx);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the OpenAI-compatible server';
  }
}

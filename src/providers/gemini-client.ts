// The fast lane's client (`@google/genai`, Gemini API). The SDK is loaded on
// first use. Its errors carry no headers, so a fetch wrapper records each
// attempt's response headers (for Retry-After) and the headers timing mark.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { GenerateContentParameters, GenerateContentResponse, GoogleGenAI, ThinkingLevel as SdkThinkingLevel } from '@google/genai';
import { randomUUID } from 'node:crypto';
import type { FinishReason, LaneConfig, ProviderClient, ProviderError, ProviderRequest, Usage } from '../core/provider-types.ts';
import {
  httpError,
  laneErrorContext,
  ProviderFailure,
  retryAfterFromGoogleBody,
  retryAfterFromHeaders,
  simpleError,
  transportError,
  unknownError,
  type ErrorContext,
} from './errors.ts';
import { geminiCalls, geminiContent, geminiTools } from './gemini-tools.ts';
import { loadGenAI } from './lazy-sdk.ts';
import { laneClient, type AttemptContext, type SourceEvent } from './stream-runner.ts';

interface AttemptState {
  readonly ctx: AttemptContext;
  headers?: Headers;
}

const attempts = new AsyncLocalStorage<AttemptState>();

const observingFetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
  const res = await fetch(input, init);
  const state = attempts.getStore();
  if (state) {
    state.ctx.markHeaders();
    state.headers = res.headers;
  }
  return res;
};

export function geminiParams(config: LaneConfig, req: ProviderRequest, signal: AbortSignal): GenerateContentParameters {
  // Completions want the answer, not deliberation: minimal unless asked otherwise.
  const level = (req.thinking ?? config.reasoningEffort ?? 'minimal').toUpperCase() as SdkThinkingLevel;
  return {
    model: config.model,
    contents: typeof req.prompt === 'string' ? req.prompt : req.prompt.map(geminiContent),
    config: {
      ...geminiTools(req),
      ...(req.system !== undefined ? { systemInstruction: req.system } : {}),
      maxOutputTokens: req.maxOutputTokens,
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      ...(req.stop?.length ? { stopSequences: [...req.stop] } : {}),
      ...(req.jsonSchema ? { responseMimeType: 'application/json', responseJsonSchema: req.jsonSchema.schema } : {}),
      thinkingConfig: { thinkingLevel: level },
      // One HTTP request per call: the SDK would otherwise re-request a stream that ends with a continuation token.
      automaticContinuation: false,
      abortSignal: signal,
    },
  };
}

export function geminiUsage(chunk: GenerateContentResponse): Usage | undefined {
  const u = chunk.usageMetadata;
  if (!u) return undefined;
  const thoughts = u.thoughtsTokenCount ?? 0;
  return {
    input: u.promptTokenCount ?? 0,
    cachedInput: u.cachedContentTokenCount ?? 0,
    // Gemini reports thoughts apart from candidates; both are billed as output.
    output: (u.candidatesTokenCount ?? 0) + thoughts,
    reasoning: thoughts,
  };
}

function finishReason(raw: string): FinishReason {
  if (raw === 'STOP') return 'stop';
  // CONTINUATION: the model would go on in a further request, which we do not send (one request per attempt).
  if (raw === 'MAX_TOKENS' || raw === 'CONTINUATION') return 'length';
  if (/SAFETY|RECITATION|BLOCKLIST|PROHIBITED|SPII|IMAGE_SAFETY/.test(raw)) return 'content_filter';
  return raw.toLowerCase();
}

export function createGeminiClient(config: LaneConfig): ProviderClient {
  const errors = laneErrorContext('Gemini', config);
  let client: GoogleGenAI | undefined;

  async function* open(req: ProviderRequest, state: AttemptState): AsyncGenerator<SourceEvent> {
    if (!client) {
      const sdk = await loadGenAI();
      client = new sdk.GoogleGenAI({
        apiKey: config.apiKey,
        // Explicit, so GOOGLE_GENAI_USE_VERTEXAI in the environment cannot switch endpoints.
        vertexai: false,
        // 3.1 defaults to v1; JSON schema and thinking config need v1beta.
        apiVersion: 'v1beta',
        httpOptions: {
          ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
          ...(config.headers ? { headers: { ...config.headers } } : {}),
          fetch: observingFetch,
          // No retryOptions: genai then sends each call once (the pipeline's policy retries).
        },
      });
    }
    const sdkClient = client;
    const stream = await attempts.run(state, () => sdkClient.models.generateContentStream(geminiParams(config, req, state.ctx.signal)));
    const counter = { n: 0 };
    // Ids for calls Gemini sent without one; a response without an id (never seen from the API) gets a random one.
    const fallbackId = `call_${randomUUID().slice(0, 8)}`;
    for await (const chunk of stream) {
      const candidate = chunk.candidates?.[0];
      for (const part of candidate?.content?.parts ?? []) {
        if (part.text && !part.thought) yield { type: 'text', delta: part.text };
      }
      for (const call of geminiCalls(candidate, chunk.responseId ?? fallbackId, counter)) yield { type: 'tool_call', call };
      const usage = geminiUsage(chunk);
      if (usage) yield { type: 'usage', usage };
      if (candidate?.finishReason) yield { type: 'done', finishReason: finishReason(candidate.finishReason) };
      else if (chunk.promptFeedback?.blockReason) yield { type: 'done', finishReason: 'content_filter' };
    }
  }

  return laneClient(config, errors, loadGenAI, (request) => {
    // The attempt's response headers, for Retry-After: genai's ApiError has none.
    let state: AttemptState | undefined;
    return { open: (ctx) => open(request, (state = { ctx })), mapError: (e) => mapGeminiError(e, state?.headers, errors) };
  });
}

export function mapGeminiError(e: unknown, headers: Headers | undefined, ctx: ErrorContext): ProviderError {
  if (e instanceof ProviderFailure) return e.error;
  // ApiError keeps its name through bundling (set in its constructor).
  if (e instanceof Error && e.name === 'ApiError' && typeof (e as { status?: unknown }).status === 'number') {
    const status = (e as unknown as { status: number }).status;
    const retryAfterMs = (headers && retryAfterFromHeaders((n) => headers.get(n))) ?? retryAfterFromGoogleBody(e.message);
    return httpError(status, e.message, ctx, status === 429 ? retryAfterMs : undefined);
  }
  if (e instanceof Error && /Incomplete JSON segment/.test(e.message)) {
    return simpleError('network', 'Gemini closed the stream mid-message.', e.message, ctx);
  }
  if (e instanceof Error && /exception parsing stream chunk/.test(e.message)) {
    return simpleError('server', 'Gemini sent a malformed stream.', e.message, ctx);
  }
  return transportError(e, ctx) ?? unknownError(e, ctx);
}

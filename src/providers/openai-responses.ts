// OpenAI Responses API: request body and the mapping of its SSE events to ours.
import type { OpenAI } from 'openai';
import type { ResponseCreateParamsStreaming, ResponseStreamEvent, ResponseUsage } from 'openai/resources/responses/responses';
import { textOf, type JsonSchemaSpec, type LaneConfig, type ProviderRequest, type Usage } from '../core/provider-types.ts';
import { ProviderFailure, simpleError } from './errors.ts';
import type { AttemptContext, SourceEvent } from './stream-runner.ts';

export function responsesBody(config: LaneConfig, req: ProviderRequest): ResponseCreateParamsStreaming {
  const effort = req.thinking ?? config.reasoningEffort;
  return {
    model: config.model,
    input: typeof req.prompt === 'string' ? req.prompt : req.prompt.map((m) => ({ role: m.role, content: textOf(m.content) })),
    ...(req.system !== undefined ? { instructions: req.system } : {}),
    max_output_tokens: req.maxOutputTokens,
    stream: true,
    // Nothing of the user's code is kept server-side.
    store: false,
    ...(effort ? { reasoning: { effort } } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.jsonSchema ? { text: { format: { type: 'json_schema' as const, ...openAISchema(req.jsonSchema) } } } : {}),
  };
}

/** Our schema spec as both OpenAI APIs take it (strict unless told otherwise). */
export function openAISchema(spec: JsonSchemaSpec): { name: string; schema: Record<string, unknown>; strict: boolean } {
  return { name: spec.name, schema: spec.schema as Record<string, unknown>, strict: spec.strict ?? true };
}

export function responsesUsage(u: ResponseUsage | null | undefined): Usage | undefined {
  if (!u) return undefined;
  return {
    input: u.input_tokens,
    cachedInput: u.input_tokens_details?.cached_tokens ?? 0,
    // output_tokens already includes reasoning_tokens.
    output: u.output_tokens,
    reasoning: u.output_tokens_details?.reasoning_tokens ?? 0,
  };
}

export async function* responsesSource(
  client: OpenAI,
  config: LaneConfig,
  req: ProviderRequest,
  ctx: AttemptContext,
): AsyncGenerator<SourceEvent> {
  const { data } = await client.responses.create(responsesBody(config, req), { signal: ctx.signal }).withResponse();
  ctx.markHeaders();
  for await (const ev of data as AsyncIterable<ResponseStreamEvent>) {
    switch (ev.type) {
      case 'response.output_text.delta':
      case 'response.function_call_arguments.delta':
        yield { type: 'text', delta: ev.delta };
        break;
      case 'response.completed':
      case 'response.incomplete': {
        const usage = responsesUsage(ev.response.usage);
        if (usage) yield { type: 'usage', usage };
        const reason = ev.response.incomplete_details?.reason;
        yield {
          type: 'done',
          finishReason: ev.type === 'response.completed' ? 'stop' : reason === 'max_output_tokens' ? 'length' : (reason ?? 'incomplete'),
        };
        break;
      }
      case 'response.failed': {
        const err = ev.response.error;
        throw new ProviderFailure(
          simpleError('server', 'OpenAI reported that the response failed.', err ? `${err.code}: ${err.message}` : undefined),
        );
      }
      default:
        break;
    }
  }
}

// OpenAI Responses API: request body and the mapping of its SSE events to ours.
import type { OpenAI } from 'openai';
import type {
  FunctionTool, ResponseCreateParamsStreaming, ResponseInputItem, ResponseOutputItem, ResponseStreamEvent, ResponseUsage,
} from 'openai/resources/responses/responses';
import type { ChatMessage, JsonSchemaSpec, LaneConfig, ProviderRequest, ToolCall, Usage } from '../core/provider-types.ts';
import { ProviderFailure, simpleError } from './errors.ts';
import type { AttemptContext, SourceEvent } from './stream-runner.ts';
import { parametersOf, partsOf } from './tool-parts.ts';

export function responsesBody(config: LaneConfig, req: ProviderRequest): ResponseCreateParamsStreaming {
  const effort = req.thinking ?? config.reasoningEffort;
  return {
    model: config.model,
    input: typeof req.prompt === 'string' ? req.prompt : req.prompt.flatMap(responsesItems),
    ...(req.system !== undefined ? { instructions: req.system } : {}),
    max_output_tokens: req.maxOutputTokens,
    stream: true,
    // Nothing of the user's code is kept server-side.
    store: false,
    ...(effort ? { reasoning: { effort } } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.jsonSchema ? { text: { format: { type: 'json_schema' as const, ...openAISchema(req.jsonSchema) } } } : {}),
    ...(req.tools?.length
      ? {
        // strict:false: strict mode would demand closed object schemas, and the pipeline checks arguments itself.
        tools: req.tools.map((t): FunctionTool => ({ type: 'function', name: t.name, description: t.description, parameters: parametersOf(t), strict: false })),
        tool_choice: req.toolMode ?? 'auto',
      }
      : {}),
  };
}

/** One message as input items, in order: text runs become messages, calls `function_call`, results `function_call_output`. */
function responsesItems(m: ChatMessage): ResponseInputItem[] {
  const items: ResponseInputItem[] = [];
  let text: string | undefined;
  const flush = (): void => {
    if (text !== undefined) items.push({ role: m.role, content: text });
    text = undefined;
  };
  for (const part of partsOf(m.content)) {
    if (part.type === 'text') text = (text ?? '') + part.text;
    else {
      flush();
      if (part.type === 'tool_call') {
        items.push({ type: 'function_call', call_id: part.call.id, name: part.call.name, arguments: part.call.arguments });
      } else {
        // The wire has no error flag: a failed tool's output says so in its own words.
        items.push({ type: 'function_call_output', call_id: part.callId, output: part.content });
      }
    }
  }
  flush();
  return items;
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
  // Calls already yielded, by call_id: a call is yielded once, at its output_item.done.
  const yielded = new Set<string>();
  const whole = (item: ResponseOutputItem): ToolCall | undefined => {
    // A call cut off at the output limit is never whole.
    if (item.type !== 'function_call' || item.status === 'incomplete' || yielded.has(item.call_id)) return undefined;
    yielded.add(item.call_id);
    return { id: item.call_id, name: item.name, arguments: item.arguments };
  };
  for await (const ev of data as AsyncIterable<ResponseStreamEvent>) {
    switch (ev.type) {
      case 'response.output_text.delta':
        yield { type: 'text', delta: ev.delta };
        break;
      case 'response.function_call_arguments.delta':
        yield { type: 'output' };
        break;
      case 'response.output_item.done': {
        const call = whole(ev.item);
        if (call) yield { type: 'tool_call', call };
        break;
      }
      case 'response.completed':
      case 'response.incomplete': {
        // A server that skips output_item.done still lists the finished calls here.
        for (const item of ev.response.output) {
          const call = whole(item);
          if (call) yield { type: 'tool_call', call };
        }
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

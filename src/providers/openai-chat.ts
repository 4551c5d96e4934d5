// Chat Completions, the protocol OpenAI-compatible servers speak (Ollama, vLLM,
// LM Studio, LiteLLM). Usage arrives only with stream_options.include_usage.
import type { OpenAI } from 'openai';
import type {
  ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ChatCompletionMessageFunctionToolCall, ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { NANO_USD_PER_USD } from '../core/pricing.ts';
import { ZERO_USAGE, type ChatMessage, type LaneConfig, type ProviderRequest, type ToolCall, type Usage } from '../core/provider-types.ts';
import { openAISchema } from './openai-responses.ts';
import type { AttemptContext, SourceEvent } from './stream-runner.ts';
import { parametersOf, partsOf } from './tool-parts.ts';

export function chatBody(config: LaneConfig, req: ProviderRequest): ChatCompletionCreateParamsStreaming {
  const messages: ChatCompletionMessageParam[] = [];
  if (req.system !== undefined) messages.push({ role: 'system', content: req.system });
  if (typeof req.prompt === 'string') messages.push({ role: 'user', content: req.prompt });
  else for (const m of req.prompt) messages.push(...chatMessages(m));
  const effort = req.thinking ?? config.reasoningEffort;
  return {
    model: config.model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
    // `max_tokens` rather than `max_completion_tokens`: every compatible server knows it.
    max_tokens: req.maxOutputTokens,
    ...(effort ? { reasoning_effort: effort } : {}),
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.stop?.length ? { stop: [...req.stop] } : {}),
    ...(req.jsonSchema ? { response_format: { type: 'json_schema' as const, json_schema: openAISchema(req.jsonSchema) } } : {}),
    ...(req.tools?.length
      ? {
        tools: req.tools.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: parametersOf(t) } })),
        tool_choice: req.toolMode ?? 'auto',
      }
      : {}),
  };
}

/**
 * One message as chat messages: an assistant's text and calls become one message with `tool_calls`;
 * a user's tool results become `tool` messages, which must come first, right after the calls they answer.
 */
function chatMessages(m: ChatMessage): ChatCompletionMessageParam[] {
  const parts = partsOf(m.content);
  const text = parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
  if (m.role === 'assistant') {
    const calls = parts.flatMap((p): ChatCompletionMessageFunctionToolCall[] =>
      p.type === 'tool_call' ? [{ id: p.call.id, type: 'function', function: { name: p.call.name, arguments: p.call.arguments } }] : []);
    return [calls.length ? { role: 'assistant', content: text === '' ? null : text, tool_calls: calls } : { role: 'assistant', content: text }];
  }
  const results = parts.flatMap((p): ChatCompletionMessageParam[] => (p.type === 'tool_result' ? [{ role: 'tool', tool_call_id: p.callId, content: p.content }] : []));
  return results.length && text === '' ? results : [...results, { role: 'user', content: text }];
}

export function chatUsage(u: CompletionUsage | null | undefined): Usage | undefined {
  if (!u) return undefined;
  return {
    input: u.prompt_tokens,
    cachedInput: u.prompt_tokens_details?.cached_tokens ?? 0,
    output: u.completion_tokens,
    reasoning: u.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

export async function* chatSource(
  client: OpenAI,
  config: LaneConfig,
  req: ProviderRequest,
  ctx: AttemptContext,
): AsyncGenerator<SourceEvent> {
  const { data, response } = await client.chat.completions.create(chatBody(config, req), { signal: ctx.signal }).withResponse();
  ctx.markHeaders();
  const gatewayCost = gatewayCostNanos(response.headers.get(GATEWAY_COST_HEADER));
  let sawUsage = false;
  // Calls arrive as fragments keyed by index (id and name first, then argument pieces); whole at finish_reason.
  const calls = new Map<number, { id?: string; name: string; arguments: string }>();
  for await (const chunk of data as AsyncIterable<ChatCompletionChunk>) {
    const choice = chunk.choices[0];
    const content = choice?.delta?.content;
    if (content) yield { type: 'text', delta: content };
    for (const frag of choice?.delta?.tool_calls ?? []) {
      const call = calls.get(frag.index) ?? { name: '', arguments: '' };
      calls.set(frag.index, call);
      if (frag.id) call.id = frag.id;
      if (frag.function?.name) call.name = frag.function.name;
      if (frag.function?.arguments) call.arguments += frag.function.arguments;
      yield { type: 'output' };
    }
    const usage = chatUsage(chunk.usage);
    if (usage) {
      sawUsage = true;
      yield { type: 'usage', usage: gatewayCost === undefined ? usage : { ...usage, gatewayCostNanos: gatewayCost } };
    }
    // finish_reason is the completion marker; the usage chunk and [DONE] follow it.
    if (choice?.finish_reason) {
      const ordered = [...calls].sort(([a], [b]) => a - b);
      // At the output limit the last call was being written when it stopped: it is not whole.
      if (choice.finish_reason === 'length') ordered.pop();
      for (const [index, c] of ordered) yield { type: 'tool_call', call: wholeCall(c, chunk.id, index) };
      calls.clear();
      // 'tool_calls' is how Chat Completions says "stopped to call tools": a normal stop, as the other protocols say it.
      yield { type: 'done', finishReason: choice.finish_reason === 'tool_calls' || choice.finish_reason === 'function_call' ? 'stop' : choice.finish_reason };
    }
  }
  // A gateway that reports its cost but no usage (the client did not get include_usage through): keep the cost.
  if (gatewayCost !== undefined && !sawUsage) yield { type: 'usage', usage: { ...ZERO_USAGE, gatewayCostNanos: gatewayCost } };
}

/** LiteLLM's proxy reports what it billed for the call, in USD, in this response header. */
export const GATEWAY_COST_HEADER = 'x-litellm-response-cost';

/** The header's USD figure in nano-dollars; undefined when absent or not a non-negative number. */
export function gatewayCostNanos(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const usd = Number(value);
  return Number.isFinite(usd) && usd >= 0 ? Math.round(usd * NANO_USD_PER_USD) : undefined;
}

/** Some compatible servers send calls without ids; one made from the completion's id and the index stays stable. */
function wholeCall(c: { id?: string; name: string; arguments: string }, completionId: string, index: number): ToolCall {
  return { id: c.id || `call_${completionId}_${index}`, name: c.name, arguments: c.arguments };
}

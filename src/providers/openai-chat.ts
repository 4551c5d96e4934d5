// Chat Completions, the protocol OpenAI-compatible servers speak (Ollama, vLLM,
// LM Studio, LiteLLM). Usage arrives only with stream_options.include_usage.
import type { OpenAI } from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import { textOf, type LaneConfig, type ProviderRequest, type Usage } from '../core/provider-types.ts';
import { openAISchema } from './openai-responses.ts';
import type { AttemptContext, SourceEvent } from './stream-runner.ts';

export function chatBody(config: LaneConfig, req: ProviderRequest): ChatCompletionCreateParamsStreaming {
  const messages: ChatCompletionMessageParam[] = [];
  if (req.system !== undefined) messages.push({ role: 'system', content: req.system });
  if (typeof req.prompt === 'string') messages.push({ role: 'user', content: req.prompt });
  else for (const m of req.prompt) messages.push({ role: m.role, content: textOf(m.content) });
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
  };
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
  const { data } = await client.chat.completions.create(chatBody(config, req), { signal: ctx.signal }).withResponse();
  ctx.markHeaders();
  for await (const chunk of data as AsyncIterable<ChatCompletionChunk>) {
    const choice = chunk.choices[0];
    const content = choice?.delta?.content;
    if (content) yield { type: 'text', delta: content };
    for (const call of choice?.delta?.tool_calls ?? []) {
      if (call.function?.arguments) yield { type: 'text', delta: call.function.arguments };
    }
    const usage = chatUsage(chunk.usage);
    if (usage) yield { type: 'usage', usage };
    // finish_reason is the completion marker; the usage chunk and [DONE] follow it.
    if (choice?.finish_reason) yield { type: 'done', finishReason: choice.finish_reason };
  }
}

// The three wire formats, written from the SDKs' types and stream parsers:
// OpenAI Responses SSE (named events, no [DONE]), Chat Completions SSE (data
// chunks ending in [DONE]) and Gemini's alt=sse (data chunks, CRLF framing, no [DONE]).
import type { UsageCounts, WireProtocol } from './types.ts';

export interface ReplyFacts {
  readonly id: string;
  readonly model: string;
  readonly created: number;
  readonly text: string;
  readonly usage: UsageCounts;
  readonly finish: 'stop' | 'length';
  readonly maxOutputTokens?: number;
  readonly includeUsage: boolean;
}

export interface StreamWriter {
  readonly contentType: string;
  open(): string;
  delta(text: string, last: boolean): string;
  close(): string;
  error(message: string): string;
}

const sse = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const data = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

function openaiUsage(u: UsageCounts) {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.output + u.reasoning,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output + u.reasoning,
  };
}

function chatUsage(u: UsageCounts) {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output + u.reasoning,
    total_tokens: u.input + u.output + u.reasoning,
    prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function geminiUsage(u: UsageCounts, final: boolean) {
  if (!final) return { promptTokenCount: u.input, totalTokenCount: u.input };
  return {
    promptTokenCount: u.input,
    candidatesTokenCount: u.output,
    ...(u.reasoning > 0 ? { thoughtsTokenCount: u.reasoning } : {}),
    ...(u.cached > 0 ? { cachedContentTokenCount: u.cached } : {}),
    totalTokenCount: u.input + u.output + u.reasoning,
  };
}

function responseObject(f: ReplyFacts, status: string, output: unknown[], usage: unknown) {
  return {
    id: f.id,
    object: 'response',
    created_at: f.created,
    status,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: null,
    max_output_tokens: f.maxOutputTokens ?? null,
    model: f.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    store: false,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    truncation: 'disabled',
    usage,
    metadata: {},
  };
}

function messageItem(f: ReplyFacts, status: string, text: string | undefined) {
  return {
    id: `msg_${f.id}`,
    type: 'message',
    status,
    role: 'assistant',
    content: text === undefined ? [] : [{ type: 'output_text', text, annotations: [] }],
  };
}

function responsesWriter(f: ReplyFacts): StreamWriter {
  let seq = 0;
  const ids = { item_id: `msg_${f.id}`, output_index: 0, content_index: 0 };
  const reasoning = f.usage.reasoning > 0 ? [{ id: `rs_${f.id}`, type: 'reasoning', summary: [] }] : [];
  const outIndex = reasoning.length;
  return {
    contentType: 'text/event-stream; charset=utf-8',
    open: () =>
      sse('response.created', { type: 'response.created', sequence_number: seq++, response: responseObject(f, 'in_progress', [], null) }) +
      sse('response.in_progress', { type: 'response.in_progress', sequence_number: seq++, response: responseObject(f, 'in_progress', [], null) }) +
      reasoning
        .map(
          (item) =>
            sse('response.output_item.added', { type: 'response.output_item.added', sequence_number: seq++, output_index: 0, item }) +
            sse('response.output_item.done', { type: 'response.output_item.done', sequence_number: seq++, output_index: 0, item }),
        )
        .join('') +
      sse('response.output_item.added', {
        type: 'response.output_item.added',
        sequence_number: seq++,
        output_index: outIndex,
        item: messageItem(f, 'in_progress', undefined),
      }) +
      sse('response.content_part.added', {
        type: 'response.content_part.added',
        sequence_number: seq++,
        ...ids,
        output_index: outIndex,
        part: { type: 'output_text', text: '', annotations: [] },
      }),
    delta: (text) =>
      text === '' ? '' : sse('response.output_text.delta', { type: 'response.output_text.delta', sequence_number: seq++, ...ids, output_index: outIndex, delta: text, logprobs: [] }),
    close: () => {
      const status = f.finish === 'length' ? 'incomplete' : 'completed';
      const part = { type: 'output_text', text: f.text, annotations: [] };
      const item = messageItem(f, status, f.text);
      return (
        sse('response.output_text.done', { type: 'response.output_text.done', sequence_number: seq++, ...ids, output_index: outIndex, text: f.text, logprobs: [] }) +
        sse('response.content_part.done', { type: 'response.content_part.done', sequence_number: seq++, ...ids, output_index: outIndex, part }) +
        sse('response.output_item.done', { type: 'response.output_item.done', sequence_number: seq++, output_index: outIndex, item }) +
        sse(`response.${status}`, {
          type: `response.${status}`,
          sequence_number: seq++,
          response: responseObject(f, status, [...reasoning, item], openaiUsage(f.usage)),
        })
      );
    },
    error: (message) => sse('error', { type: 'error', code: 'server_error', message, param: null, sequence_number: seq++ }),
  };
}

function chatWriter(f: ReplyFacts): StreamWriter {
  const chunk = (choices: unknown[], extra: object = {}) => ({
    id: `chatcmpl-${f.id}`,
    object: 'chat.completion.chunk',
    created: f.created,
    model: f.model,
    system_fingerprint: null,
    choices,
    ...(f.includeUsage ? { usage: null } : {}),
    ...extra,
  });
  return {
    contentType: 'text/event-stream; charset=utf-8',
    open: () => data(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }])),
    delta: (text) => (text === '' ? '' : data(chunk([{ index: 0, delta: { content: text }, finish_reason: null, logprobs: null }]))),
    close: () =>
      data(chunk([{ index: 0, delta: {}, finish_reason: f.finish, logprobs: null }])) +
      (f.includeUsage ? data(chunk([], { usage: chatUsage(f.usage) })) : '') +
      'data: [DONE]\n\n',
    error: (message) => data({ error: { message, type: 'server_error', param: null, code: null } }),
  };
}

function geminiWriter(f: ReplyFacts): StreamWriter {
  const frame = (value: unknown): string => `data: ${JSON.stringify(value)}\r\n\r\n`;
  return {
    contentType: 'text/event-stream',
    open: () => '',
    delta: (text, last) =>
      frame({
        candidates: [
          {
            content: { parts: [{ text }], role: 'model' },
            ...(last ? { finishReason: f.finish === 'length' ? 'MAX_TOKENS' : 'STOP' } : {}),
            index: 0,
          },
        ],
        usageMetadata: geminiUsage(f.usage, last),
        modelVersion: f.model,
        responseId: f.id,
      }),
    close: () => '',
    error: (message) => frame({ error: { code: 500, message, status: 'INTERNAL' } }),
  };
}

export function streamWriter(protocol: WireProtocol, f: ReplyFacts): StreamWriter {
  return protocol === 'responses' ? responsesWriter(f) : protocol === 'chat' ? chatWriter(f) : geminiWriter(f);
}

export function nonStreamBody(protocol: WireProtocol, f: ReplyFacts): unknown {
  if (protocol === 'responses') {
    const status = f.finish === 'length' ? 'incomplete' : 'completed';
    return responseObject(f, status, [messageItem(f, status, f.text)], openaiUsage(f.usage));
  }
  if (protocol === 'chat') {
    return {
      id: `chatcmpl-${f.id}`,
      object: 'chat.completion',
      created: f.created,
      model: f.model,
      choices: [{ index: 0, message: { role: 'assistant', content: f.text, refusal: null }, finish_reason: f.finish, logprobs: null }],
      usage: chatUsage(f.usage),
    };
  }
  return JSON.parse(geminiWriter(f).delta(f.text, true).slice(6)) as unknown;
}

const GOOGLE_STATUS: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };
const OPENAI_TYPE: Record<number, string> = { 400: 'invalid_request_error', 401: 'invalid_request_error', 429: 'rate_limit_error' };

/** An error reply in the protocol's shape. */
export function errorBody(protocol: WireProtocol, status: number, message: string, retryAfterMs?: number): unknown {
  if (protocol === 'gemini') {
    const details = retryAfterMs !== undefined ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterMs / 1000}s` }] : undefined;
    return { error: { code: status, message, status: GOOGLE_STATUS[status] ?? 'UNKNOWN', ...(details ? { details } : {}) } };
  }
  const code = status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_api_key' : null;
  return { error: { message, type: OPENAI_TYPE[status] ?? 'server_error', param: null, code } };
}

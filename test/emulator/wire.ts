// The three wire formats, written from the SDKs' types and stream parsers:
// OpenAI Responses SSE (named events, no [DONE]), Chat Completions SSE (data
// chunks ending in [DONE]) and Gemini's alt=sse (data chunks, CRLF framing, no [DONE]).
import { fimNonStreamBody, fimWriter } from './fim.ts';
import type { PlannedCall } from './plan-calls.ts';
import type { ReplyFinish } from './plan.ts';
import type { UsageCounts, WireProtocol } from './types.ts';

export interface ReplyFacts {
  readonly id: string;
  readonly model: string;
  readonly created: number;
  readonly text: string;
  /** Tool calls, sent after the text (a cut-off one is incomplete). */
  readonly calls: readonly PlannedCall[];
  readonly usage: UsageCounts;
  readonly finish: ReplyFinish;
  /** Gemini's finishMessage for a malformed call. */
  readonly malformed?: string;
  readonly maxOutputTokens?: number;
  readonly includeUsage: boolean;
  /** Chat usage without prompt_tokens_details (local servers' way). */
  readonly noCachedTokens?: boolean;
}

export interface StreamWriter {
  readonly contentType: string;
  open(): string;
  /** Text, or (with `call`) a fragment of that call's arguments; `last` marks the reply's final piece. */
  delta(text: string, last: boolean, call?: number): string;
  close(): string;
  error(message: string): string;
}

/** Gemini's signature for the reply's calls: opaque to clients, recognisable to the emulator when it comes back. */
export function thoughtSignature(model: string, responseId: string): string {
  return Buffer.from(`${SIGNATURE_TAG}${model}:${responseId}`).toString('base64');
}
export const SIGNATURE_TAG = 'emu-thought:';

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

function chatUsage(u: UsageCounts, noCachedTokens = false) {
  const usage = {
    prompt_tokens: u.input,
    completion_tokens: u.output + u.reasoning,
    total_tokens: u.input + u.output + u.reasoning,
    prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
  if (!noCachedTokens) return usage;
  const { prompt_tokens_details: _omitted, ...rest } = usage;
  return rest;
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

function callItem(c: PlannedCall, args: string, status: string) {
  return { id: `fc_${c.id}`, type: 'function_call', status, arguments: args, call_id: c.id, name: c.name };
}

/** A message item only when there is text, or nothing else to say. */
const hasMessage = (f: ReplyFacts): boolean => f.text !== '' || f.calls.length === 0;
const responseStatus = (f: ReplyFacts): string => (f.finish === 'length' ? 'incomplete' : 'completed');

function responseOutput(f: ReplyFacts, reasoning: unknown[]): unknown[] {
  const status = responseStatus(f);
  return [
    ...reasoning,
    ...(hasMessage(f) ? [messageItem(f, status, f.text)] : []),
    ...f.calls.map((c) => callItem(c, c.arguments, c.complete ? 'completed' : 'incomplete')),
  ];
}

function responsesWriter(f: ReplyFacts): StreamWriter {
  let seq = 0;
  const ids = { item_id: `msg_${f.id}`, output_index: 0, content_index: 0 };
  const reasoning = f.usage.reasoning > 0 ? [{ id: `rs_${f.id}`, type: 'reasoning', summary: [] }] : [];
  const outIndex = reasoning.length;
  const callIndex = (k: number): number => outIndex + (hasMessage(f) ? 1 : 0) + k;
  const ev = (type: string, fields: object): string => sse(type, { type, sequence_number: seq++, ...fields });
  // The item being streamed: the message, or call k.
  let current: 'message' | number | undefined = hasMessage(f) ? 'message' : undefined;
  let args = '';
  const finishCurrent = (): string => {
    if (current === undefined) return '';
    let out: string;
    if (current === 'message') {
      const part = { type: 'output_text', text: f.text, annotations: [] };
      out =
        ev('response.output_text.done', { ...ids, output_index: outIndex, text: f.text, logprobs: [] }) +
        ev('response.content_part.done', { ...ids, output_index: outIndex, part }) +
        ev('response.output_item.done', { output_index: outIndex, item: messageItem(f, responseStatus(f), f.text) });
    } else {
      const c = f.calls[current];
      const where = { item_id: `fc_${c.id}`, output_index: callIndex(current) };
      // A call cut off at the output limit ends incomplete, without arguments.done.
      out =
        (c.complete ? ev('response.function_call_arguments.done', { ...where, name: c.name, arguments: args }) : '') +
        ev('response.output_item.done', { output_index: where.output_index, item: callItem(c, args, c.complete ? 'completed' : 'incomplete') });
    }
    current = undefined;
    return out;
  };
  return {
    contentType: 'text/event-stream; charset=utf-8',
    open: () =>
      ev('response.created', { response: responseObject(f, 'in_progress', [], null) }) +
      ev('response.in_progress', { response: responseObject(f, 'in_progress', [], null) }) +
      reasoning.map((item) => ev('response.output_item.added', { output_index: 0, item }) + ev('response.output_item.done', { output_index: 0, item })).join('') +
      (hasMessage(f)
        ? ev('response.output_item.added', { output_index: outIndex, item: messageItem(f, 'in_progress', undefined) }) +
          ev('response.content_part.added', { ...ids, output_index: outIndex, part: { type: 'output_text', text: '', annotations: [] } })
        : ''),
    delta: (text, _last, call) => {
      if (call === undefined) return text === '' ? '' : ev('response.output_text.delta', { ...ids, output_index: outIndex, delta: text, logprobs: [] });
      let out = '';
      if (current !== call) {
        out += finishCurrent();
        current = call;
        args = '';
        out += ev('response.output_item.added', { output_index: callIndex(call), item: callItem(f.calls[call], '', 'in_progress') });
      }
      args += text;
      if (text !== '') out += ev('response.function_call_arguments.delta', { item_id: `fc_${f.calls[call].id}`, output_index: callIndex(call), delta: text });
      return out;
    },
    close: () => {
      const status = responseStatus(f);
      return finishCurrent() + ev(`response.${status}`, { response: responseObject(f, status, responseOutput(f, reasoning), openaiUsage(f.usage)) });
    },
    error: (message) => sse('error', { type: 'error', code: 'server_error', message, param: null, sequence_number: seq++ }),
  };
}

function chatFinish(f: ReplyFacts): string {
  return f.finish === 'length' ? 'length' : f.calls.length ? 'tool_calls' : 'stop';
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
  const started = new Set<number>();
  const choice = (delta: object) => data(chunk([{ index: 0, delta, finish_reason: null, logprobs: null }]));
  return {
    contentType: 'text/event-stream; charset=utf-8',
    open: () => choice({ role: 'assistant', content: '' }),
    delta: (text, _last, call) => {
      if (call === undefined) return text === '' ? '' : choice({ content: text });
      const c = f.calls[call];
      // The first fragment of a call names it; the rest carry only argument text.
      if (started.has(call)) return text === '' ? '' : choice({ tool_calls: [{ index: call, function: { arguments: text } }] });
      started.add(call);
      return choice({ tool_calls: [{ index: call, id: c.id, type: 'function', function: { name: c.name, arguments: text } }] });
    },
    close: () =>
      data(chunk([{ index: 0, delta: {}, finish_reason: chatFinish(f), logprobs: null }])) +
      (f.includeUsage ? data(chunk([], { usage: chatUsage(f.usage, f.noCachedTokens) })) : '') +
      'data: [DONE]\n\n',
    error: (message) => data({ error: { message, type: 'server_error', param: null, code: null } }),
  };
}

function geminiFinish(f: ReplyFacts): string {
  return f.finish === 'length' ? 'MAX_TOKENS' : f.finish === 'malformed_call' ? 'MALFORMED_FUNCTION_CALL' : 'STOP';
}

/** Gemini parts for text and/or call k; the reply's first call carries the thought signature (parallel calls share it). */
function geminiParts(f: ReplyFacts, text: string, call: number | undefined): unknown[] {
  if (call === undefined) return [{ text }];
  const c = f.calls[call];
  return [{ functionCall: { ...(c.id !== undefined ? { id: c.id } : {}), name: c.name, args: c.args ?? {} }, ...(call === 0 ? { thoughtSignature: thoughtSignature(f.model, f.id) } : {}) }];
}

function geminiChunk(f: ReplyFacts, parts: unknown[], last: boolean) {
  // A malformed call's response has no content, only the reason and the raw call.
  const empty = f.finish === 'malformed_call' && parts.every((p) => (p as { text?: string }).text === '');
  return {
    candidates: [
      {
        ...(empty ? {} : { content: { parts, role: 'model' } }),
        ...(last ? { finishReason: geminiFinish(f), ...(f.malformed ? { finishMessage: f.malformed } : {}) } : {}),
        index: 0,
      },
    ],
    usageMetadata: geminiUsage(f.usage, last),
    modelVersion: f.model,
    responseId: f.id,
  };
}

function geminiWriter(f: ReplyFacts): StreamWriter {
  const frame = (value: unknown): string => `data: ${JSON.stringify(value)}\r\n\r\n`;
  return {
    contentType: 'text/event-stream',
    open: () => '',
    delta: (text, last, call) => frame(geminiChunk(f, geminiParts(f, text, call), last)),
    close: () => '',
    error: (message) => frame({ error: { code: 500, message, status: 'INTERNAL' } }),
  };
}

export function streamWriter(protocol: WireProtocol, f: ReplyFacts): StreamWriter {
  if (protocol === 'completions') return fimWriter(f);
  return protocol === 'responses' ? responsesWriter(f) : protocol === 'chat' ? chatWriter(f) : geminiWriter(f);
}

export function nonStreamBody(protocol: WireProtocol, f: ReplyFacts): unknown {
  if (protocol === 'completions') return fimNonStreamBody(f);
  if (protocol === 'responses') {
    return responseObject(f, responseStatus(f), responseOutput(f, []), openaiUsage(f.usage));
  }
  if (protocol === 'chat') {
    const toolCalls = f.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
    return {
      id: `chatcmpl-${f.id}`,
      object: 'chat.completion',
      created: f.created,
      model: f.model,
      choices: [{ index: 0, message: { role: 'assistant', content: f.text, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) }, finish_reason: chatFinish(f), logprobs: null }],
      usage: chatUsage(f.usage, f.noCachedTokens),
    };
  }
  const parts = [...(f.text !== '' || f.calls.length === 0 ? geminiParts(f, f.text, undefined) : []), ...f.calls.flatMap((_, k) => geminiParts(f, '', k))];
  return geminiChunk(f, parts, true);
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

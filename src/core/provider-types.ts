// The provider contract: what every lane client accepts and the normalised
// events it yields. Pure types, so every layer (and the webview) can share them.

import type { LaneId } from './task.ts';

export type { LaneId };

/**
 * Wire protocol a lane speaks. `openai-chat` covers OpenAI-compatible servers; `openai-fim` is
 * fill-in-the-middle on their `/completions` (a prompt and a suffix), used only for completions.
 */
export type Protocol = 'openai-responses' | 'openai-chat' | 'gemini' | 'openai-fim';

export type ThinkingLevel = 'minimal' | 'low' | 'medium' | 'high';

export interface LaneConfig {
  readonly protocol: Protocol;
  readonly model: string;
  /** Root URL, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:4000/v1`; Gemini takes the host root. */
  readonly baseUrl?: string;
  /** Extra headers for gateways. Never logged. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly apiKey: string;
  /** From the start of the call to the first text/json delta. */
  readonly firstTokenTimeoutMs: number;
  /** From the start of the call to the terminal event. */
  readonly totalTimeoutMs: number;
  /** Default reasoning effort (OpenAI) / thinking level (Gemini); a request's `thinking` wins. */
  readonly reasoningEffort?: ThinkingLevel;
}

/** A tool the model may call: its name, what it does, and the JSON Schema of its input. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: Readonly<Record<string, unknown>>;
}

/** `auto`: the model answers in text or calls tools; `required`: it must call a tool. */
export type ToolMode = 'auto' | 'required';

/**
 * A tool call as the model wrote it. `arguments` is the raw JSON text, unparsed: the pipeline
 * checks it against the tool's schema before anyone sees the call.
 */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
  /** Opaque provider state that must go back with the call on the next turn (Gemini's thought signature). */
  readonly signature?: string;
}

/** One part of a message in an agent's conversation. */
export type ChatPart =
  | { readonly type: 'text'; readonly text: string }
  /** In an assistant message: a call the model made. */
  | { readonly type: 'tool_call'; readonly call: ToolCall }
  /** In a user message: what a tool returned. `name` is the called tool's (Gemini needs it). */
  | { readonly type: 'tool_result'; readonly callId: string; readonly name: string; readonly content: string; readonly isError?: boolean };

export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  /** Plain text, or parts (tool calls and results) for agent conversations. */
  readonly content: string | readonly ChatPart[];
}

export interface JsonSchemaSpec {
  readonly name: string;
  readonly schema: Readonly<Record<string, unknown>>;
  /** OpenAI strict mode (schema must then close every object). Default true. */
  readonly strict?: boolean;
}

export interface ProviderRequest {
  readonly system?: string;
  readonly prompt: string | readonly ChatMessage[];
  readonly maxOutputTokens: number;
  /** When set, the reply is structured output and arrives as `json` events. */
  readonly jsonSchema?: JsonSchemaSpec;
  readonly thinking?: ThinkingLevel;
  readonly temperature?: number;
  /** Stop sequences. Ignored by the OpenAI Responses API, which has none. */
  readonly stop?: readonly string[];
  /** Tools the model may call (agent requests); calls arrive as `tool_call` events. */
  readonly tools?: readonly ToolSpec[];
  /** Default `auto`; ignored without tools. */
  readonly toolMode?: ToolMode;
  /** Fill-in-the-middle (`openai-fim`): the text after the cursor; `prompt` is then the text before it. */
  readonly suffix?: string;
}

/**
 * Token counts as billed. `input` includes `cachedInput`; `output` includes
 * `reasoning` (Gemini reports thoughts separately; the client adds them in).
 */
export interface Usage {
  readonly input: number;
  readonly cachedInput: number;
  readonly output: number;
  readonly reasoning: number;
  /** The cost a gateway reported for this call (nano-dollars), when it reports one. */
  readonly gatewayCostNanos?: number;
}

/**
 * Milliseconds on the `performance.now()` clock of the process (monotonic, not
 * epoch). Subtract `start` to get durations; add `performance.timeOrigin` for epoch.
 */
export interface TimingMarks {
  readonly start: number;
  /** When the response headers arrived. */
  readonly headers?: number;
  readonly firstToken?: number;
  readonly end: number;
}

export type ProviderErrorKind =
  | 'auth'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'bad_request'
  | 'invalid_output'
  | 'cancelled';

export interface ProviderError {
  readonly kind: ProviderErrorKind;
  /** Safe to show users. Never contains a key. */
  readonly message: string;
  /** The provider's own message for the log, with keys redacted. */
  readonly detail?: string;
  readonly retryAfterMs?: number;
  readonly status?: number;
}

/** Normalised stop reason: `stop`, `length` (hit maxOutputTokens), `content_filter`, or the provider's own word. */
export type FinishReason = 'stop' | 'length' | 'content_filter' | (string & {});

export type ProviderEvent =
  | { readonly type: 'text'; readonly delta: string }
  | { readonly type: 'json'; readonly delta: string }
  /** One whole tool call, yielded once its arguments are complete (never partial). */
  | { readonly type: 'tool_call'; readonly call: ToolCall }
  | { readonly type: 'usage'; readonly usage: Usage }
  | { readonly type: 'end'; readonly finishReason: FinishReason; readonly timing: TimingMarks }
  | { readonly type: 'error'; readonly error: ProviderError; readonly timing: TimingMarks };

/**
 * One lane's client. Each `stream` call is exactly one HTTP attempt (no retries:
 * the pipeline decides those) and yields zero or more deltas, at most one
 * `usage` (before the terminal event), and exactly one terminal `end` or `error`.
 * It never throws; aborting `signal` ends it with a `cancelled` error.
 */
export interface ProviderClient {
  readonly protocol: Protocol;
  readonly model: string;
  stream(request: ProviderRequest, signal?: AbortSignal): AsyncIterable<ProviderEvent>;
}

export const ZERO_USAGE: Usage = Object.freeze({ input: 0, cachedInput: 0, output: 0, reasoning: 0 });

/** A message's text parts joined; tool parts are the protocol converters' business. */
export function textOf(content: ChatMessage['content']): string {
  return typeof content === 'string' ? content : content.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
}

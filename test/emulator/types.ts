import type { GatewayPersona } from './gateway-persona.ts';
// Shapes shared by the emulator's parts, its control API and the tests.

/** `completions`: the legacy Completions endpoint, for fill-in-the-middle (./fim.ts). */
export type WireProtocol = 'responses' | 'chat' | 'gemini' | 'completions';

/** A failure to inject into one request. */
export type Fault =
  /** HTTP 429 with Retry-After (seconds) and/or retry-after-ms (OpenAI's), and Gemini's RetryInfo. */
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds?: number; readonly retryAfterMs?: number }
  /** Any HTTP error status, e.g. 500, 503, 400. */
  | { readonly kind: 'http'; readonly status: number; readonly message?: string }
  /** HTTP 401, as for a wrong key. */
  | { readonly kind: 'unauthorized' }
  /** Ends the response cleanly after `afterPieces` deltas, without the completion event. */
  | { readonly kind: 'truncate'; readonly afterPieces?: number }
  /** Destroys the socket after `afterPieces` deltas (0: before any header). */
  | { readonly kind: 'reset'; readonly afterPieces?: number }
  /** Sends the protocol's in-stream error event after `afterPieces` deltas. */
  | { readonly kind: 'stream_error'; readonly afterPieces?: number; readonly message?: string }
  /** Structured output whose JSON does not parse. */
  | { readonly kind: 'malformed_json' }
  /** Sends a `data:` line that is not JSON after `afterPieces` deltas, then ends the stream. */
  | { readonly kind: 'garbled'; readonly afterPieces?: number };

/**
 * A tool call the reply makes, sent after the reply's text in the protocol's stream shape. A string
 * `arguments` goes out verbatim (so it can be malformed JSON); any other value is JSON-serialised.
 * Gemini carries args as an object on the wire, so there a value that is not a JSON object (a string
 * that does not parse to one, an array, a number) is what the real API does with a call it cannot
 * parse: no functionCall part, finishReason MALFORMED_FUNCTION_CALL, and the raw text in finishMessage
 * (`Malformed function call: print(default_api.<name>(<raw>))`). Args that parse but break the tool's
 * schema are sent as they are, on every protocol: the real APIs produce those too.
 */
export interface ScriptedToolCall {
  readonly name: string;
  readonly arguments: unknown;
  /** Default: `call_emu<request>_<n>` on the OpenAI protocols; none on Gemini (the API often sends none). */
  readonly id?: string;
}

/** One scripted reply; each is used by one matching request (or `repeat` of them). */
export interface ScriptedReply {
  /** Only requests of this protocol / model take this entry. */
  readonly match?: { readonly protocol?: WireProtocol; readonly model?: string };
  /** Reply text. For structured output, the JSON text. */
  readonly text?: string;
  /** Reply value, serialised as JSON (structured output). */
  readonly json?: unknown;
  /** Tool calls, after the text. */
  readonly toolCalls?: readonly ScriptedToolCall[];
  readonly fault?: Fault;
  /** Delay before the response headers ("slow first byte"). */
  readonly firstByteDelayMs?: number;
  /** Overrides of the model's pacing for this reply. */
  readonly firstTokenMs?: number;
  readonly tokensPerSecond?: number;
  readonly cachedTokens?: number;
  readonly reasoningTokens?: number;
  /** How many requests this entry serves; default 1. */
  readonly repeat?: number;
  /** Plays a server that never reports usage, even when stream_options.include_usage asks for it. */
  readonly omitUsage?: boolean;
}

export interface ModelPace {
  readonly tokensPerSecond: number;
  readonly firstTokenMs: number;
}

export interface EmulatorOptions {
  /** Default 0 (any free port). Always bound to 127.0.0.1. */
  readonly port?: number;
  /** No pacing delays at all (scripted firstByteDelayMs still applies). */
  readonly instant?: boolean;
  /** Multiplies every token rate and divides first-token delays; default 1. */
  readonly rateMultiplier?: number;
  /** Per-model pacing, merged over the published defaults. */
  readonly models?: Readonly<Record<string, ModelPace>>;
  /** When set, any other key gets 401. Otherwise any non-empty key is accepted. */
  readonly requireKey?: string;
  /** Accept requests with no key at all, like a local Ollama / vLLM / LM Studio server. */
  readonly allowNoKey?: boolean;
  /** Plays a chat-only server: `/v1/completions` (fill-in-the-middle) answers 404. */
  readonly noCompletions?: boolean;
  /** Visible tokens of the default text reply; default 48. */
  readonly defaultReplyTokens?: number;
  /**
   * Unscripted requests the extension built (completion, quick edit, refactor,
   * transform) are answered by the simulated model (./simulated-model); default true.
   */
  readonly simulatedModel?: boolean;
  /**
   * Consulted for a request no scripted entry matches (before the simulated model): a reply, or
   * undefined for the default behaviour. Lets a test play a whole agent session in process.
   */
  readonly responder?: (request: RespondedRequest) => ScriptedReply | undefined;
  /** Play a gateway or local server (gateway-persona.ts): Chat Completions only, with its quirks. */
  readonly persona?: GatewayPersona;
  /** LiteLLM persona: multiplies the cost it reports (1 = the published price). */
  readonly gatewayCostFactor?: number;
}

/** `none`: tools were sent but the model may not call them. */
export type EmulatorToolMode = 'auto' | 'required' | 'none';

/** A tool call as a request carried it (in an earlier assistant turn). */
export interface SeenToolCall {
  readonly id: string;
  readonly name: string;
  /** The arguments' JSON text (Gemini's args object re-serialised). */
  readonly arguments: string;
  /** Gemini's thoughtSignature on the part, as sent back. */
  readonly signature?: string;
}

/** A tool's result as a request carried it. OpenAI's wire has no error flag, so `isError` is Gemini's alone. */
export interface SeenToolResult {
  readonly callId: string;
  /** Gemini sends it; on OpenAI it is the name of the call with that id. */
  readonly name: string;
  readonly content: string;
  readonly isError: boolean;
}

export interface RespondedMessage {
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly toolCalls: readonly SeenToolCall[];
  readonly toolResults: readonly SeenToolResult[];
}

/** What the responder hook sees of a request, the same for every protocol. */
export interface RespondedRequest {
  readonly protocol: WireProtocol;
  readonly model: string;
  readonly system?: string;
  /** Names of the tools offered. */
  readonly tools: readonly string[];
  /** Undefined when no tools were sent. */
  readonly toolMode?: EmulatorToolMode;
  readonly messages: readonly RespondedMessage[];
}

export interface UsageCounts {
  readonly input: number;
  readonly cached: number;
  /** Visible output only; reasoning is separate (as Gemini reports it). */
  readonly output: number;
  readonly reasoning: number;
}

/** What the emulator saw of one request. Auth headers are never recorded. */
export interface RequestRecord {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  readonly protocol: WireProtocol | 'unknown';
  readonly stream: boolean;
  readonly model?: string;
  readonly maxOutputTokens?: number;
  readonly jsonSchema: boolean;
  readonly schemaName?: string;
  /** OpenAI reasoning.effort / reasoning_effort, or Gemini thinkingLevel, as sent. */
  readonly reasoning?: string;
  readonly store?: boolean;
  readonly includeUsage?: boolean;
  readonly hadApiKey: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly scripted: boolean;
  /** The responder hook answered it. */
  responded?: boolean;
  /** Tools offered (names), and the mode. */
  readonly tools?: readonly string[];
  readonly toolMode?: EmulatorToolMode;
  /** Tool calls and results in the conversation sent. */
  readonly toolCalls?: readonly SeenToolCall[];
  readonly toolResults?: readonly SeenToolResult[];
  /** Tool calls this reply made (ids as sent; Gemini's may have none). */
  replyToolCalls?: readonly { readonly id?: string; readonly name: string; readonly arguments: string }[];
  /** Gemini: the finishMessage of a reply that ended MALFORMED_FUNCTION_CALL (its calls were not sent). */
  malformedCall?: string;
  /** The simulated model answered it, or refused it (HTTP 400). */
  simulated?: 'answer' | 'refusal';
  readonly fault?: Fault['kind'];
  status?: number;
  usage?: UsageCounts;
  readonly startedAt: number;
  endedAt?: number;
  /** The full reply, completion event included, was written. */
  completed: boolean;
  /** The client closed the connection before the reply was complete. */
  disconnectedEarly: boolean;
}

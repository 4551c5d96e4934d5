// Shapes shared by the emulator's parts, its control API and the tests.

export type WireProtocol = 'responses' | 'chat' | 'gemini';

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
  | { readonly kind: 'malformed_json' };

/** One scripted reply; each is used by one matching request (or `repeat` of them). */
export interface ScriptedReply {
  /** Only requests of this protocol / model take this entry. */
  readonly match?: { readonly protocol?: WireProtocol; readonly model?: string };
  /** Reply text. For structured output, the JSON text. */
  readonly text?: string;
  /** Reply value, serialised as JSON (structured output). */
  readonly json?: unknown;
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
  /** Visible tokens of the default text reply; default 48. */
  readonly defaultReplyTokens?: number;
  /**
   * Unscripted requests the extension built (completion, quick edit, refactor,
   * transform) are answered by the simulated model (./simulated-model); default true.
   */
  readonly simulatedModel?: boolean;
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

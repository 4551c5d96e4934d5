// Drives one SDK call (one HTTP attempt) into our events, SDK-agnostic: owns the
// abort controller handed to the SDK, both timeouts, the timing marks, and the
// rule that a stream which ends without the provider's completion marker is an
// error. Both SDKs end such streams silently.
import type { FinishReason, LaneConfig, ProviderClient, ProviderError, ProviderEvent, ProviderRequest, TimingMarks, ToolCall, Usage } from '../core/provider-types.ts';
import { simpleError, type ErrorContext } from './errors.ts';

/** What a protocol adapter yields; `done` is the provider's own completion marker. */
export type SourceEvent =
  | { readonly type: 'text'; readonly delta: string }
  /** One whole tool call, once its arguments are complete. */
  | { readonly type: 'tool_call'; readonly call: ToolCall }
  /** The model is writing a tool call (its arguments stream before the call is whole): output has begun. */
  | { readonly type: 'output' }
  | { readonly type: 'usage'; readonly usage: Usage }
  | { readonly type: 'done'; readonly finishReason: FinishReason };

export interface AttemptContext {
  /** Pass this (not the caller's) to the SDK: it also fires on our timeouts and on early exit. */
  readonly signal: AbortSignal;
  /** Call when response headers arrive. */
  markHeaders(): void;
}

export interface AttemptSpec {
  readonly errors: ErrorContext;
  readonly firstTokenTimeoutMs: number;
  readonly totalTimeoutMs: number;
  /** Structured output: deltas become `json` events and the whole must parse. */
  readonly json: boolean;
  /** Local set-up (loading the SDK) awaited before the timeouts start: a cold module load is not the provider's delay. */
  prepare?(): Promise<unknown>;
  open(ctx: AttemptContext): AsyncIterator<SourceEvent>;
  mapError(e: unknown): ProviderError;
}

/** What an SDK adapter supplies for one call; everything else about a lane client is the same for every SDK. */
export interface SdkCall {
  open(ctx: AttemptContext): AsyncIterator<SourceEvent>;
  mapError(e: unknown): ProviderError;
}

/** A lane's client: each call is one SDK call under the lane's timeouts, JSON-checked when the request has a schema. */
export function laneClient(
  config: LaneConfig,
  errors: ErrorContext,
  prepare: () => Promise<unknown>,
  call: (request: ProviderRequest) => SdkCall,
): ProviderClient {
  return {
    protocol: config.protocol,
    model: config.model,
    stream: (request, signal) => streamWithDeadlines({
      errors,
      firstTokenTimeoutMs: config.firstTokenTimeoutMs,
      totalTimeoutMs: config.totalTimeoutMs,
      json: request.jsonSchema !== undefined,
      prepare,
      ...call(request),
    }, signal),
  };
}

type StopReason = 'cancelled' | 'first_token' | 'total';

export async function* streamWithDeadlines(spec: AttemptSpec, callerSignal?: AbortSignal): AsyncGenerator<ProviderEvent> {
  const start = performance.now();
  let headers: number | undefined;
  let firstToken: number | undefined;
  const timing = (): TimingMarks => ({ start, headers, firstToken, end: performance.now() });

  const inner = new AbortController();
  let stopped: StopReason | undefined;
  let wake: (() => void) | undefined;
  const stop = (why: StopReason): void => {
    if (stopped) return;
    stopped = why;
    inner.abort();
    wake?.();
  };
  const onCallerAbort = (): void => stop('cancelled');
  if (callerSignal?.aborted) {
    yield { type: 'error', error: simpleError('cancelled', 'Request cancelled.'), timing: timing() };
    return;
  }
  if (spec.prepare) {
    try {
      await spec.prepare();
    } catch (e) {
      yield { type: 'error', error: spec.mapError(e), timing: timing() };
      return;
    }
    if (callerSignal?.aborted) {
      yield { type: 'error', error: simpleError('cancelled', 'Request cancelled.'), timing: timing() };
      return;
    }
  }
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  let firstTimer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => stop('first_token'), spec.firstTokenTimeoutMs);
  const totalTimer = setTimeout(() => stop('total'), spec.totalTimeoutMs);
  // Resolves when we stop, so a wedged SDK cannot hold the caller past a timeout.
  const stoppedPromise = new Promise<'stopped'>((resolve) => {
    wake = () => resolve('stopped');
  });

  let usage: Usage | undefined;
  let finish: FinishReason | undefined;
  let failure: ProviderError | undefined;
  let jsonText = '';
  // A tool call's first argument fragment counts as the first token, as text does.
  const outputBegan = (): void => {
    if (firstToken !== undefined) return;
    firstToken = performance.now();
    clearTimeout(firstTimer);
    firstTimer = undefined;
  };
  const iterator = spec.open({ signal: inner.signal, markHeaders: () => (headers ??= performance.now()) });
  try {
    while (!stopped) {
      const pending = iterator.next();
      // If the stop wins the race, the SDK's late rejection must not go unhandled.
      pending.catch(() => undefined);
      const step = await Promise.race([pending, stoppedPromise]);
      if (step === 'stopped' || step.done) break;
      const ev = step.value;
      if (ev.type === 'tool_call' || ev.type === 'output') {
        outputBegan();
        if (ev.type === 'tool_call') yield { type: 'tool_call', call: ev.call };
      } else if (ev.type === 'text') {
        if (ev.delta.length === 0) continue;
        outputBegan();
        if (spec.json) {
          jsonText += ev.delta;
          yield { type: 'json', delta: ev.delta };
        } else {
          yield { type: 'text', delta: ev.delta };
        }
      } else if (ev.type === 'usage') {
        usage = ev.usage;
      } else {
        finish = ev.finishReason;
      }
    }
  } catch (e) {
    if (!stopped) failure = spec.mapError(e);
  } finally {
    clearTimeout(firstTimer);
    clearTimeout(totalTimer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
    // Closing the HTTP request is our job: genai keeps the socket open on `break`,
    // and a consumer may abandon this generator at any point.
    if (finish === undefined && !inner.signal.aborted) inner.abort();
    if (finish === undefined) void iterator.return?.().catch(() => undefined);
  }

  if (stopped) failure = stopError(stopped, spec);
  else if (!failure && finish === undefined) {
    failure = simpleError('network', `${spec.errors.provider} closed the stream before the response completed.`);
  } else if (!failure && spec.json && !parses(jsonText)) {
    failure = simpleError(
      'invalid_output',
      `${spec.errors.provider} returned malformed JSON${finish === 'length' ? ' (cut off at the output token limit)' : ''}.`,
      jsonText.slice(0, 300),
    );
  }
  if (usage) yield { type: 'usage', usage };
  if (failure) yield { type: 'error', error: failure, timing: timing() };
  else yield { type: 'end', finishReason: finish ?? 'stop', timing: timing() };
}

function stopError(why: StopReason, spec: AttemptSpec): ProviderError {
  const p = spec.errors.provider;
  if (why === 'cancelled') return simpleError('cancelled', 'Request cancelled.');
  if (why === 'first_token') return simpleError('timeout', `${p} sent no output within ${spec.firstTokenTimeoutMs} ms.`);
  return simpleError('timeout', `${p} did not finish within ${spec.totalTimeoutMs} ms.`);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

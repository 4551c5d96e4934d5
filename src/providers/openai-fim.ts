// Fill-in-the-middle on the OpenAI-compatible legacy Completions endpoint
// (`POST /completions` with `prompt` + `suffix`), as Ollama and DeepSeek serve it
// for code models. Text streams as `choices[0].text`; usage comes only when the
// server honours stream_options.include_usage.
import type { OpenAI } from 'openai';
import type { Completion, CompletionCreateParamsStreaming } from 'openai/resources/completions';
import type { LaneConfig, ProviderError, ProviderRequest } from '../core/provider-types.ts';
import { ProviderFailure, simpleError, type ErrorContext } from './errors.ts';
import { chatUsage } from './openai-chat.ts';
import type { AttemptContext, SourceEvent } from './stream-runner.ts';

export function fimBody(config: LaneConfig, req: ProviderRequest): CompletionCreateParamsStreaming {
  if (typeof req.prompt !== 'string' || req.suffix === undefined) {
    throw new ProviderFailure(simpleError('bad_request', 'A fill-in-the-middle request needs the text before and after the cursor.'));
  }
  return {
    model: config.model,
    prompt: req.prompt,
    suffix: req.suffix,
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: req.maxOutputTokens,
    ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
    ...(req.stop?.length ? { stop: [...req.stop] } : {}),
  };
}

/**
 * Cuts streamed text at the first stop sequence, holding back a tail that could be the start of
 * one, for servers that ignore `stop` (a model's control token must never become ghost text).
 */
export class StopCutter {
  readonly #stops: readonly string[];
  #held = '';
  #cut = false;

  constructor(stops: readonly string[] = []) {
    this.#stops = stops.filter((s) => s !== '');
  }

  get stopped(): boolean {
    return this.#cut;
  }

  /** The text that may be shown now. */
  push(delta: string): string {
    if (this.#cut) return '';
    const text = this.#held + delta;
    let at = -1;
    for (const s of this.#stops) {
      const i = text.indexOf(s);
      if (i !== -1 && (at === -1 || i < at)) at = i;
    }
    if (at !== -1) {
      this.#cut = true;
      this.#held = '';
      return text.slice(0, at);
    }
    let keep = 0;
    for (const s of this.#stops) {
      for (let n = Math.min(s.length - 1, text.length); n > keep; n--) {
        if (text.endsWith(s.slice(0, n))) { keep = n; break; }
      }
    }
    this.#held = text.slice(text.length - keep);
    return text.slice(0, text.length - keep);
  }

  /** What was held back, once the stream ended without a stop. */
  flush(): string {
    const rest = this.#cut ? '' : this.#held;
    this.#held = '';
    return rest;
  }
}

/** One streamed chunk as events, or a failure when it is not a text completion. */
export function fimChunkEvents(chunk: Completion, provider: string): SourceEvent[] {
  const out: SourceEvent[] = [];
  const choices: unknown = (chunk as { choices?: unknown }).choices;
  if (!Array.isArray(choices)) throw malformed(provider, 'a chunk without choices');
  const choice = choices[0] as Partial<Completion['choices'][number]> | undefined;
  if (choice !== undefined) {
    if (choice.text !== undefined && typeof choice.text !== 'string') throw malformed(provider, 'a choice whose text is not a string');
    // A chat-shaped chunk (`delta.content`) from a server that maps /completions onto chat is not FIM output.
    if (choice.text === undefined && !choice.finish_reason) throw malformed(provider, 'a choice without text (is /completions served by a chat endpoint?)');
    if (choice.text) out.push({ type: 'text', delta: choice.text });
  }
  const usage = chatUsage(chunk.usage);
  if (usage) out.push({ type: 'usage', usage });
  if (choice?.finish_reason) out.push({ type: 'done', finishReason: choice.finish_reason });
  return out;
}

function malformed(provider: string, what: string): ProviderFailure {
  return new ProviderFailure(simpleError('invalid_output', `${provider} sent ${what}: not a fill-in-the-middle completion.`));
}

export async function* fimSource(
  client: OpenAI,
  config: LaneConfig,
  req: ProviderRequest,
  ctx: AttemptContext,
  errors: ErrorContext,
): AsyncGenerator<SourceEvent> {
  const body = fimBody(config, req);
  const { data } = await client.completions.create(body, { signal: ctx.signal }).withResponse();
  ctx.markHeaders();
  const cutter = new StopCutter(req.stop);
  for await (const chunk of data as AsyncIterable<Completion>) {
    for (const ev of fimChunkEvents(chunk, errors.provider)) {
      if (ev.type === 'text') {
        const shown = cutter.push(ev.delta);
        if (shown) yield { type: 'text', delta: shown };
      } else if (ev.type === 'done') {
        // The usage chunk and [DONE] follow finish_reason.
        const rest = cutter.flush();
        if (rest) yield { type: 'text', delta: rest };
        yield cutter.stopped ? { type: 'done', finishReason: 'stop' } : ev;
      } else {
        yield ev;
      }
    }
  }
}

/** A server without `/completions` answers 404 (or 405): say what that means for completions. */
export function fimError(error: ProviderError, errors: ErrorContext): ProviderError {
  if (error.status !== 404 && error.status !== 405) return error;
  return {
    ...error,
    message: `${errors.provider} has no fill-in-the-middle endpoint (HTTP ${error.status} from /completions); `
      + 'serve a code model there (Ollama does) or set switchyard.completions.protocol to chat.',
  };
}

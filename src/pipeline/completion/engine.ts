// The decision logic behind inline completions, free of VS Code: answer from the
// cache when the user is typing through a completion, wait on the in-flight
// request when it is producing what the user types, otherwise debounce and send
// one request through the pipeline (which writes its ledger record). A cache hit
// and an accept are events that point at the request that produced the text;
// they are no requests of their own. The VS Code provider is a thin adapter over this.
// A streaming answer is shown early: its first complete lines that pass the syntax
// gate, before the stream ends; the rest comes from the stream, then the cache.
import { randomUUID } from 'node:crypto';
import { silentLogger, type Logger } from '../../core/log.ts';
import type { Settings } from '../../core/settings.ts';
import { countTokens } from '../../core/tokens.ts';
import { buildCompletionContext, type CompletionContext, type GrammarRegistry, type SymbolIndex } from '../../syntax/index.ts';
import type { Tree } from 'web-tree-sitter';
import type { Pipeline } from '../create-pipeline.ts';
import type { LedgerSink } from '../run-task.ts';
import { anchorAt, typedSince, type Anchor, type CursorAt } from './anchor.ts';
import { CompletionCache } from './cache.ts';
import { AdaptiveDebounce } from './debounce.ts';
import { cleanCompletion, cleanPartial, type Surroundings } from './postprocess.ts';
import { buildCompletionPrompt, COMPLETION_SYSTEM } from './prompt.ts';
import { buildFimPrompt } from './fim-prompt.ts';
import { gateCompletion } from './syntax-gate.ts';

export interface CompletionDocument {
  /** Identity of the document (its URI). */
  uri: string;
  text: string;
  languageId: string;
  /** Undefined for plain text (no grammar). */
  grammarId: string | undefined;
  tree: Tree | undefined;
  /** Path as the model sees it. */
  path: string;
  /** Workspace-relative path for the ledger, when the file is in the workspace. */
  file?: string;
  /** False once the document changed: the tree is then no longer valid to read. */
  isCurrent?(): boolean;
}

export type CompletionSource = 'cache' | 'inflight' | 'network';

export interface CompletionAnswer {
  text: string;
  source: CompletionSource;
  /** The task that produced the text (its ledger records share this id). */
  taskId: string;
  /**
   * The request record whose answer this is (for a cache hit, the request that filled the cache).
   * Undefined for a partial answer: the record is written when the stream ends.
   */
  requestId?: string;
  /** The stream had not ended: this is its first lines, and `more` says what followed. */
  partial?: true;
  /**
   * For a partial answer, once its stream ended: `longer` (a longer answer is in the cache), `same` (the lines shown
   * were the whole answer), or `withdrawn` (the request failed, was cancelled, or its whole answer was refused: what
   * was shown should go).
   */
  more?: Promise<StreamEnd>;
}

export type StreamEnd = 'longer' | 'same' | 'withdrawn';

/** What VS Code hands back on accept; without ids, the answer shown last is the one accepted. */
export type AcceptedAnswer = Pick<CompletionAnswer, 'source'> & Partial<Pick<CompletionAnswer, 'taskId' | 'requestId'>>;

export interface CompletionEngineDeps {
  pipeline: Pick<Pipeline, 'run' | 'recordEvent'>;
  /** Unused: requests are recorded by the pipeline, events through pipeline.recordEvent. */
  ledger?: LedgerSink;
  registry: GrammarRegistry;
  settings(): Settings;
  index?(): SymbolIndex | undefined;
  /** Unused: the pipeline marks simulated records and events itself. */
  simulated?: boolean;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  now?(): number;
  /** The debounce base for a document, from the configured one (learned routing lengthens it where answers go unaccepted). */
  debounceBaseMs?(doc: CompletionDocument, configuredMs: number): number;
  /** Called just before a request is sent (the benchmark scripts the emulator's answer here). */
  beforeSend?(ctx: CompletionContext, doc: CompletionDocument, offset: number): void;
  cacheSize?: number;
  /** Debug lines for rejected completions (the reason, never the text); errors with their stacks. */
  log?: Logger;
}

interface Inflight {
  anchor: Anchor;
  around: Surroundings;
  raw: string;
  controller: AbortController;
  /** Its document closed: the answer is dropped, not cached. */
  forgotten?: boolean;
  result: Promise<Origin & { text: string } | undefined>;
  /** Chosen before sending, so a partial answer can name its task. */
  taskId: string;
  /** The first complete lines that passed the gate while the stream ran. */
  early?: string;
  settled: boolean;
  /** Resolves when `early` is set or the request has settled. */
  progress: Latch<void>;
}

/** The request behind a completion: the ids its events point at. */
interface Origin {
  taskId: string;
  requestId: string;
}

/** A promise resolved from outside (the first resolve wins). */
interface Latch<T> { promise: Promise<T>; resolve(value: T): void }
function latch<T>(): Latch<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

/** Tasks whose request record an accept of a partial answer may still have to wait for. */
const ORIGINS_KEPT = 32;

export interface EngineStats {
  calls: number;
  cacheHits: number;
  inflightReuses: number;
  requests: number;
  superseded: number;
}

const sleepFor = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  if (ms <= 0 || signal.aborted) return resolve();
  const timer = setTimeout(done, ms);
  signal.addEventListener('abort', done, { once: true });
  function done() { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); }
});

/** Resolves with the promise's value, or undefined as soon as the signal aborts. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then((v) => { signal.removeEventListener('abort', onAbort); resolve(v); }, () => { signal.removeEventListener('abort', onAbort); resolve(undefined); });
  });
}

export class CompletionEngine {
  readonly cache: CompletionCache;
  readonly debounce: AdaptiveDebounce;
  readonly stats: EngineStats = { calls: 0, cacheHits: 0, inflightReuses: 0, requests: 0, superseded: 0 };
  readonly #deps: CompletionEngineDeps;
  readonly #log: Logger;
  #inflight: Inflight | undefined;
  /** A completion was shown and has been neither accepted nor typed through yet. */
  #shown = false;
  /** The request behind the answer returned last: what an accept without ids refers to. */
  #lastShown: Partial<Origin> | undefined;
  /** Each recent task's request record (the last one written), once its stream ended. */
  readonly #origins = new Map<string, Promise<Origin | undefined>>();
  #systemTokens: number | undefined;

  constructor(deps: CompletionEngineDeps) {
    this.#deps = deps;
    this.#log = deps.log ?? silentLogger;
    this.cache = new CompletionCache(deps.cacheSize ?? 500);
    this.debounce = new AdaptiveDebounce(() => deps.settings().completions.debounceMs, deps.now);
  }

  /** The request currently streaming, if any (tests and the benchmark look at it). */
  get inflight(): { signal: AbortSignal; produced: string } | undefined {
    const f = this.#inflight;
    return f ? { signal: f.controller.signal, produced: cleanCompletion(f.raw, f.around) } : undefined;
  }

  /**
   * `waitedMs`: how long the editor itself waited after the last keystroke before asking (VS Code
   * debounces automatic triggers); the debounce counts from the keystroke, so that wait is part of it.
   */
  async complete(doc: CompletionDocument, offset: number, signal: AbortSignal, waitedMs = 0): Promise<CompletionAnswer | undefined> {
    this.stats.calls++;
    if (signal.aborted) return undefined;
    const started = performance.now();
    const at: CursorAt = { uri: doc.uri, text: doc.text, offset };

    const hit = this.cache.lookup(at);
    if (hit) {
      this.stats.cacheHits++;
      const { taskId, requestId } = hit.entry;
      // The rest of a partial answer is the same showing of the same request, not a cache hit.
      const continues = this.#lastShown?.taskId === taskId && this.#lastShown.requestId === undefined;
      if (!continues) void this.#deps.pipeline.recordEvent({
        event: 'shown', taskId, requestId, kind: 'completion', fromCache: true,
        ms: Math.round((performance.now() - started) * 10) / 10, ...(doc.file ? { file: doc.file } : {}),
      });
      return this.#show({ text: hit.remaining, source: 'cache', taskId, requestId });
    }

    const reused = this.#matchInflight(at);
    if (reused) {
      this.stats.inflightReuses++;
      return this.#answer(reused.flight, doc.text.slice(offset - reused.typed, offset), signal, 'inflight');
    }
    // The user moved on from whatever was shown or streaming.
    this.#supersede();

    // The context is built first and the debounce waits only what is left of its
    // interval: the user waits the debounce either way, and the work hides inside it.
    const configured = this.#deps.settings().completions.debounceMs;
    const delay = this.debounce.delayMs(this.#deps.debounceBaseMs?.(doc, configured) ?? configured);
    const ctx = this.#context(doc, offset);
    await (this.#deps.sleep ?? sleepFor)(Math.max(0, delay - waitedMs - (performance.now() - started)), signal);
    if (signal.aborted || doc.isCurrent?.() === false) return undefined;
    return this.#answer(this.#send(doc, at, ctx), '', signal, 'network');
  }

  /**
   * The flight's answer past what the user typed since it was sent: its early lines while it streams
   * (with the setting on), else its whole answer once it ended.
   */
  async #answer(flight: Inflight, typedText: string, signal: AbortSignal, source: CompletionSource): Promise<CompletionAnswer | undefined> {
    const typed = typedText.length;
    if (flight.early === undefined && !flight.settled) await unlessAborted(flight.progress.promise, signal);
    if (signal.aborted) return undefined;
    const early = flight.early;
    if (!flight.settled && early !== undefined && early.length > typed && early.startsWith(typedText)) {
      const more = flight.result.then((done): StreamEnd => (done === undefined ? 'withdrawn' : done.text !== early ? 'longer' : 'same'));
      return this.#show({ text: early.slice(typed), source, taskId: flight.taskId, partial: true, more });
    }
    const done = await unlessAborted(flight.result, signal);
    if (!done || signal.aborted) return undefined;
    if (!done.text.startsWith(typedText) || done.text.length <= typed) return undefined;
    return this.#show({ ...done, text: done.text.slice(typed), source });
  }

  /**
   * VS Code ran the accept command of a shown completion: one `accepted` event for the request that
   * produced it (over the network or from the cache), no request record and no new task.
   */
  async accepted(doc: Pick<CompletionDocument, 'languageId' | 'file'>, answer: AcceptedAnswer): Promise<void> {
    this.#shown = false;
    this.debounce.accepted();
    const named = answer.taskId ? { taskId: answer.taskId, requestId: answer.requestId } : this.#lastShown;
    this.#lastShown = undefined;
    // A partial answer was accepted: its request record is written when its stream ends.
    const origin = named?.requestId ? named as Origin : named?.taskId ? await this.#origins.get(named.taskId) : undefined;
    if (!origin) {
      this.#log.warn('a completion was accepted that this engine did not show; no event recorded');
      return;
    }
    await this.#deps.pipeline.recordEvent({
      event: 'accepted', ...origin, kind: 'completion', ...(doc.file ? { file: doc.file } : {}),
    });
  }

  /** Aborts the streaming request (editor closed, completions turned off). */
  cancelInflight(): void {
    this.#inflight?.controller.abort();
    this.#inflight = undefined;
  }

  /**
   * The document closed: abort its request and drop its cache entries. A request
   * left running still reaches the model (and costs), and its answer would be
   * cached under a URI that VS Code hands to the next new untitled file.
   */
  forget(uri: string): void {
    const flight = this.#inflight;
    if (flight?.anchor.uri === uri) {
      flight.forgotten = true;
      this.cancelInflight();
    }
    this.cache.forget(uri);
  }

  dispose(): void {
    this.cancelInflight();
    this.cache.clear();
  }

  #matchInflight(at: CursorAt): { flight: Inflight; typed: number } | undefined {
    const flight = this.#inflight;
    if (!flight || flight.controller.signal.aborted) return undefined;
    // Only characters the stream has already produced count as "typing through" it.
    const produced = flight.raw === '' ? '' : cleanCompletion(flight.raw, flight.around);
    const typed = typedSince(flight.anchor, at, produced, produced.length);
    return typed < 0 ? undefined : { flight, typed };
  }

  #show(answer: CompletionAnswer): CompletionAnswer {
    this.#shown = true;
    this.#lastShown = { taskId: answer.taskId, requestId: answer.requestId };
    return answer;
  }

  #supersede(): void {
    if (this.#inflight) {
      this.stats.superseded++;
      this.cancelInflight();
    }
    if (this.#shown) {
      this.#shown = false;
      this.debounce.rejected();
    }
    this.#lastShown = undefined;
  }

  #context(doc: CompletionDocument, offset: number): CompletionContext {
    const budget = this.#deps.settings().promptTokens.completion;
    return buildCompletionContext({ path: doc.path, text: doc.text, tree: doc.tree, grammarId: doc.grammarId }, offset, this.#deps.index?.(), { budget });
  }

  #send(doc: CompletionDocument, at: CursorAt, ctx: CompletionContext): Inflight {
    const around: Surroundings = { prefix: ctx.prefix, suffix: ctx.suffix, mode: ctx.mode };
    const controller = new AbortController();
    const flight: Inflight = {
      anchor: anchorAt(at), around, raw: '', controller, result: Promise.resolve(undefined),
      taskId: randomUUID(), settled: false, progress: latch<void>(),
    };
    this.#inflight = flight;
    const origin = latch<Origin | undefined>();
    this.#keepOrigin(flight.taskId, origin.promise);
    this.stats.requests++;
    this.#deps.beforeSend?.(ctx, doc, at.offset);
    this.#systemTokens ??= countTokens(COMPLETION_SYSTEM);
    // Why the last answer was refused, said without its text (which is the user's code).
    let refused: string | undefined;
    flight.result = (async () => {
      try {
        const result = await this.#deps.pipeline.run<string>({
          taskId: flight.taskId,
          kind: 'completion',
          inputTokens: ctx.tokens + this.#systemTokens! + 40,
          language: doc.languageId,
          ...(doc.file ? { file: doc.file } : {}),
          prompt: () => buildCompletionPrompt(ctx, doc.languageId),
          fim: (info) => buildFimPrompt(ctx, doc, info.model),
          validate: (output) => {
            const text = cleanCompletion(output, around);
            if (text === '') {
              refused = 'dedupe: nothing was left after removing fences and text repeated from around the cursor';
              return { ok: false, failure: 'empty', message: 'nothing was left after removing fences and repeated text' };
            }
            const gate = gateCompletion({ registry: this.#deps.registry, grammarId: doc.grammarId, prefix: ctx.prefix, suffix: ctx.suffix }, text);
            if (!gate.ok) refused = 'syntax gate: it would introduce a parse error';
            return gate.ok ? { ok: true, value: gate.text } : { ok: false, failure: 'parse_errors', message: gate.message };
          },
          onText: (delta) => {
            flight.raw += delta;
            if (delta.includes('\n')) this.#tryEarly(flight, doc, ctx);
          },
          signal: controller.signal,
        });
        const last = result.records.at(-1);
        origin.resolve(last && { taskId: last.taskId, requestId: last.id });
        if (!result.ok) {
          if (result.kind === 'rejected') this.#log.debug(`completion rejected (${refused ?? 'empty: the model returned nothing'}) task=${result.records.at(-1)?.taskId ?? '-'}`);
          return undefined;
        }
        // The last record of a task that succeeded is its ok attempt.
        const ok = result.records.at(-1)!;
        if (!flight.forgotten) this.cache.set(at, result.value, ok.taskId, ok.id);
        return { text: result.value, taskId: ok.taskId, requestId: ok.id };
      } catch (err) {
        this.#log.error('completion failed', err);
        return undefined;
      } finally {
        origin.resolve(undefined);
        flight.settled = true;
        flight.progress.resolve();
        if (this.#inflight === flight) this.#inflight = undefined;
      }
    })();
    return flight;
  }

  /**
   * After a line ended: the first line, cleaned, becomes the early answer if the gate passes it; if it
   * does not (a block it opens), the complete lines so far once they pass. Never more than the first
   * line when that alone passes: the gate may cut the whole answer back to it.
   */
  #tryEarly(flight: Inflight, doc: CompletionDocument, ctx: CompletionContext): void {
    if (flight.early !== undefined || flight.settled || !this.#deps.settings().completions.showFirstLine) return;
    try {
      const text = cleanPartial(flight.raw, flight.around);
      if (text === '') return;
      const input = { registry: this.#deps.registry, grammarId: doc.grammarId, prefix: ctx.prefix, suffix: ctx.suffix };
      const gate = gateCompletion(input, text);
      if (!gate.ok) return;
      const nl = gate.text.indexOf('\n');
      const firstLine = nl > 0 ? gate.text.slice(0, nl).trimEnd() : '';
      const lineAlone = firstLine.trim() !== '' && gateCompletion(input, firstLine).ok;
      flight.early = lineAlone ? firstLine : gate.text;
      flight.progress.resolve();
    } catch (err) {
      this.#log.error('checking the first lines of a completion failed', err);
    }
  }

  #keepOrigin(taskId: string, origin: Promise<Origin | undefined>): void {
    this.#origins.set(taskId, origin);
    if (this.#origins.size > ORIGINS_KEPT) this.#origins.delete(this.#origins.keys().next().value!);
  }
}

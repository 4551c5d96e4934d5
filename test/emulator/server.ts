// A local stand-in for both providers: real wire protocols over real HTTP on
// 127.0.0.1, with per-model pacing, exact usage, scripted replies and faults.
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toolRequestError } from './check-tools.ts';
import { handleControl } from './control.ts';
import { personaHeaders, personaRefuses, personaRules } from './gateway-persona.ts';
import { sendJson } from './respond.ts';
import { apiKeyOf, parseRequest, respondedRequest, routeOf, safeHeaders } from './parse-request.ts';
import { planReply, runsOf, type Plan } from './plan.ts';
import { simulatedAnswer, warmUp } from './simulated-model/index.ts';
import { simulatedFim } from './fim.ts';
import { loadEncoder } from './tokens.ts';
import type { EmulatorOptions, RequestRecord, ScriptedReply, WireProtocol } from './types.ts';
import { errorBody, nonStreamBody, streamWriter, type ReplyFacts } from './wire.ts';

export type { EmulatorOptions, Fault, RequestRecord, RespondedRequest, ScriptedReply, ScriptedToolCall } from './types.ts';

export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** For `new OpenAI({baseURL})`: url + '/v1'. Gemini takes `url` itself. */
  readonly openaiBaseUrl: string;
  /** Queue scripted replies; each request takes the first entry that matches it. */
  script(...replies: ScriptedReply[]): void;
  readonly pending: number;
  readonly requests: readonly RequestRecord[];
  readonly disconnects: number;
  onDisconnect(listener: (r: RequestRecord) => void): () => void;
  /** Resolves with the next request whose client goes away early. */
  waitForDisconnect(timeoutMs?: number): Promise<RequestRecord>;
  configure(opts: Pick<EmulatorOptions, 'instant' | 'rateMultiplier' | 'simulatedModel' | 'responder' | 'persona' | 'gatewayCostFactor'>): void;
  /** Clears the queue, the log and the disconnect count. */
  reset(): void;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  await loadEncoder();
  if (options.simulatedModel !== false) warmUp();
  let opts: EmulatorOptions = { ...options };
  let queue: { entry: ScriptedReply; left: number }[] = [];
  let log: RequestRecord[] = [];
  let disconnects = 0;
  let nextId = 1;
  let closed = false;
  const events = new EventEmitter();
  const wakers = new Set<() => void>();

  const sleep = (ms: number, res: ServerResponse): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const done = (): void => {
            clearTimeout(timer);
            wakers.delete(done);
            res.off('close', done);
            resolve();
          };
          const timer = setTimeout(done, ms);
          wakers.add(done);
          res.once('close', done);
        });

  const take = (protocol: WireProtocol, model: string): ScriptedReply | undefined => {
    const i = queue.findIndex(({ entry: { match } }) => (!match?.protocol || match.protocol === protocol) && (!match?.model || match.model === model));
    if (i < 0) return undefined;
    const slot = queue[i];
    if (--slot.left <= 0) queue.splice(i, 1);
    return slot.entry;
  };

  const emulator: Emulator = {
    url: '',
    port: 0,
    openaiBaseUrl: '',
    script: (...replies) => {
      for (const entry of replies) queue.push({ entry, left: entry.repeat ?? 1 });
    },
    get pending() {
      return queue.reduce((n, s) => n + s.left, 0);
    },
    get requests() {
      return log;
    },
    get disconnects() {
      return disconnects;
    },
    onDisconnect: (listener) => {
      events.on('disconnect', listener);
      return () => events.off('disconnect', listener);
    },
    waitForDisconnect: async (timeoutMs = 2000) => {
      const [record] = (await once(events, 'disconnect', { signal: AbortSignal.timeout(timeoutMs) })) as [RequestRecord];
      return record;
    },
    configure: (o) => {
      opts = { ...opts, ...o };
    },
    reset: () => {
      queue = [];
      log = [];
      disconnects = 0;
    },
    close: async () => {
      closed = true;
      for (const wake of [...wakers]) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function serveModel(req: IncomingMessage, res: ServerResponse, protocol: WireProtocol, url: URL, raw: string): Promise<void> {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      sendJson(res, 400, errorBody(protocol, 400, 'Request body is not valid JSON.'));
      return;
    }
    const parsed = parseRequest(protocol, url.pathname, url.searchParams, body);
    const scripted = take(protocol, parsed.model);
    const { tools, toolMode, messages } = parsed.tools;
    const toolNames = tools.map((t) => t.name);
    const responded = scripted ? undefined : opts.responder?.(respondedRequest(parsed));
    const entry = scripted ?? responded;
    const key = apiKeyOf(protocol, req.headers, url.searchParams);
    const seenCalls = messages.flatMap((m) => m.toolCalls);
    const seenResults = messages.flatMap((m) => m.toolResults);
    const record: RequestRecord = {
      id: nextId++,
      method: req.method ?? '',
      path: url.pathname,
      protocol,
      stream: parsed.stream,
      model: parsed.model,
      ...(parsed.maxOutputTokens !== undefined ? { maxOutputTokens: parsed.maxOutputTokens } : {}),
      jsonSchema: parsed.schema !== undefined,
      ...(parsed.schemaName !== undefined ? { schemaName: parsed.schemaName } : {}),
      ...(parsed.reasoning !== undefined ? { reasoning: parsed.reasoning } : {}),
      ...(parsed.store !== undefined ? { store: parsed.store } : {}),
      includeUsage: parsed.includeUsage,
      hadApiKey: Boolean(key),
      headers: safeHeaders(req.headers),
      body,
      scripted: scripted !== undefined,
      ...(responded ? { responded: true } : {}),
      ...(toolNames.length ? { tools: toolNames } : {}),
      ...(toolMode ? { toolMode } : {}),
      ...(seenCalls.length ? { toolCalls: seenCalls } : {}),
      ...(seenResults.length ? { toolResults: seenResults } : {}),
      ...(entry?.fault ? { fault: entry.fault.kind } : {}),
      startedAt: Date.now(),
      completed: false,
      disconnectedEarly: false,
    };
    log.push(record);
    let ownReset = false;
    res.once('close', () => {
      record.endedAt = Date.now();
      if (!res.writableFinished && !ownReset && !closed) {
        record.disconnectedEarly = true;
        disconnects++;
        events.emit('disconnect', record);
      }
    });
    const reset = (): void => {
      ownReset = true;
      res.socket?.resetAndDestroy();
    };
    const fault = entry?.fault;
    await sleep(entry?.firstByteDelayMs ?? 0, res);
    if (res.destroyed || closed) return;
    if ((!key && !opts.allowNoKey) || (opts.requireKey !== undefined && key !== opts.requireKey) || fault?.kind === 'unauthorized') {
      record.status = 401;
      sendJson(res, 401, errorBody(protocol, 401, 'Incorrect API key provided.'));
      return;
    }
    if (fault?.kind === 'rate_limited') {
      const ms = fault.retryAfterMs ?? (fault.retryAfterSeconds ?? 1) * 1000;
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined || fault.retryAfterMs === undefined) headers['retry-after'] = String(fault.retryAfterSeconds ?? 1);
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
      record.status = 429;
      sendJson(res, 429, errorBody(protocol, 429, 'Rate limit reached for requests.', ms), headers);
      return;
    }
    if (fault?.kind === 'http') {
      record.status = fault.status;
      sendJson(res, fault.status, errorBody(protocol, fault.status, fault.message ?? `Emulated HTTP ${fault.status}.`));
      return;
    }
    if (fault?.kind === 'reset' && (fault.afterPieces ?? 0) === 0) return reset();
    const invalid = toolRequestError(parsed, body);
    if (invalid) {
      record.status = 400;
      sendJson(res, 400, errorBody(protocol, 400, invalid));
      return;
    }

    let reply = entry;
    // Agent requests (they offer tools) are nothing the simulated model knows.
    if (!entry && opts.simulatedModel !== false && toolNames.length === 0) {
      const sim = await (protocol === 'completions' ? simulatedFim(parsed) : simulatedAnswer(parsed.texts, protocol === 'gemini')).catch((e: unknown) => ({ refusal: `The simulated lane failed: ${e instanceof Error ? e.message : String(e)}.` }));
      if (sim && 'refusal' in sim) {
        record.simulated = 'refusal';
        record.status = 400;
        sendJson(res, 400, errorBody(protocol, 400, sim.refusal));
        return;
      }
      if (sim) {
        record.simulated = 'answer';
        reply = { text: sim.text };
      }
    }
    const plan = planReply(parsed, reply, opts, record.id);
    record.usage = plan.usage;
    if (plan.malformed) record.malformedCall = plan.malformed;
    if (plan.calls.length) record.replyToolCalls = plan.calls.map((c) => ({ ...(c.id !== undefined ? { id: c.id } : {}), name: c.name, arguments: c.arguments }));
    const facts: ReplyFacts = {
      id: `emu${record.id}`,
      model: parsed.model,
      created: Math.floor(record.startedAt / 1000),
      text: plan.text,
      calls: plan.calls,
      usage: plan.usage,
      finish: plan.finish,
      ...(plan.malformed ? { malformed: plan.malformed } : {}),
      ...(parsed.maxOutputTokens !== undefined ? { maxOutputTokens: parsed.maxOutputTokens } : {}),
      includeUsage: parsed.includeUsage && !entry?.omitUsage,
      ...(opts.persona && personaRules(opts.persona).noCachedTokens ? { noCachedTokens: true } : {}),
    };
    const extraHeaders = personaHeaders(opts.persona, parsed.model, plan.usage, opts.gatewayCostFactor);
    record.status = 200;
    if (!parsed.stream) {
      await sleep(plan.firstTokenMs + (plan.usage.output / plan.tokensPerSecond) * 1000, res);
      if (res.destroyed || closed) return;
      const text = JSON.stringify(nonStreamBody(protocol, facts));
      if (fault?.kind === 'reset') return reset();
      if (fault?.kind === 'truncate') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(text.slice(0, Math.floor(text.length / 2)));
        return;
      }
      sendJson(res, 200, JSON.parse(text), extraHeaders);
      record.completed = true;
      return;
    }
    record.completed = await streamReply(res, protocol, facts, plan, reset, extraHeaders);
  }

  async function streamReply(
    res: ServerResponse, protocol: WireProtocol, facts: ReplyFacts, plan: Plan, reset: () => void, extraHeaders: Record<string, string>,
  ): Promise<boolean> {
    const writer = streamWriter(protocol, facts);
    res.writeHead(200, { 'content-type': writer.contentType, 'cache-control': 'no-cache', 'x-request-id': facts.id, ...extraHeaders });
    res.write(writer.open());
    res.flushHeaders();
    await sleep(plan.firstTokenMs, res);
    const { pieces, fault } = plan;
    const faultAt = fault && 'afterPieces' in fault ? (fault.afterPieces ?? Math.floor(pieces.length / 2)) : -1;
    const t0 = performance.now();
    let i = 0;
    while (i <= pieces.length) {
      if (res.destroyed || closed) return false;
      if (i === faultAt || (i === pieces.length && faultAt > pieces.length)) {
        if (fault?.kind === 'reset') reset();
        else {
          if (fault?.kind === 'stream_error') res.write(writer.error(fault.message ?? 'The model failed mid-response.'));
          if (fault?.kind === 'garbled') res.write('data: {"choices": [{"text": \n\n');
          res.end();
        }
        return false;
      }
      if (i === pieces.length) break;
      // Send every piece that is due by now as one delta (one per piece when instant).
      const due = t0 + (plan.tokensThrough[i]! / plan.tokensPerSecond) * 1000;
      if (due > performance.now() + 1) await sleep(due - performance.now(), res);
      let j = i + 1;
      if (Number.isFinite(plan.tokensPerSecond)) {
        const now = performance.now();
        while (j < pieces.length && j !== faultAt && t0 + (plan.tokensThrough[j]! / plan.tokensPerSecond) * 1000 <= now) j++;
      }
      if (res.destroyed || closed) return false;
      const runs = runsOf(pieces.slice(i, j));
      res.write(runs.map((run, k) => writer.delta(run.text, j === pieces.length && k === runs.length - 1, run.call)).join(''));
      i = j;
    }
    if (pieces.length === 0) res.write(writer.delta('', true));
    res.end(writer.close());
    return true;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const run = async (): Promise<void> => {
        if (url.pathname.startsWith('/__emulator/')) return handleControl(emulator, req.method ?? '', url.pathname, raw, res);
        const protocol = routeOf(req.method ?? '', url.pathname);
        if (!protocol || (protocol === 'completions' && opts.noCompletions) || personaRefuses(opts.persona, protocol)) return sendJson(res, 404, { error: { message: `No route for ${req.method} ${url.pathname}`, code: 404 } });
        return serveModel(req, res, protocol, url, raw);
      };
      run().catch((e: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(e), code: 500 } });
        else res.destroy();
      });
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  Object.assign(emulator, { url, port, openaiBaseUrl: `${url}/v1` });
  return emulator;
}

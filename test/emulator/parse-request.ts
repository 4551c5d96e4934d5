// Reads what a client asked for, per protocol, into one flat shape.
import type { IncomingHttpHeaders } from 'node:http';
import { parseTools, toolTexts, type ParsedTools } from './parse-tools.ts';
import { parseFim } from './fim.ts';
import type { RespondedRequest, WireProtocol } from './types.ts';

export interface ParsedRequest {
  readonly protocol: WireProtocol;
  readonly stream: boolean;
  readonly model: string;
  readonly maxOutputTokens?: number;
  readonly schema?: unknown;
  readonly schemaName?: string;
  readonly reasoning?: string;
  readonly store?: boolean;
  readonly includeUsage: boolean;
  /** Every piece of prompt text, for counting input tokens. */
  readonly texts: string[];
  /** Messages sent (system and turns), for the per-message overhead. */
  readonly messageCount: number;
  /** Tools offered, the mode, and the conversation in a protocol-neutral form. */
  readonly tools: ParsedTools;
  readonly system?: string;
  /** Stop sequences (the completions endpoint's). */
  readonly stop?: readonly string[];
  /** Fill-in-the-middle: the text before and after the gap. */
  readonly fill?: { readonly prompt: string; readonly suffix: string };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Text of a string, an array of content parts, or a Gemini Content. */
function textsOf(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(textsOf);
  const o = obj(v);
  if (typeof o.text === 'string') return [o.text];
  if (o.content !== undefined) return textsOf(o.content);
  if (o.parts !== undefined) return textsOf(o.parts);
  return [];
}

const GEMINI_PATH = /^\/(v1beta|v1)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

export function routeOf(method: string, path: string): WireProtocol | undefined {
  if (method !== 'POST') return undefined;
  if (path === '/v1/responses') return 'responses';
  if (path === '/v1/chat/completions') return 'chat';
  if (path === '/v1/completions') return 'completions';
  if (GEMINI_PATH.test(path)) return 'gemini';
  return undefined;
}

export function parseRequest(protocol: WireProtocol, path: string, query: URLSearchParams, body: Obj): ParsedRequest {
  const tools = parseTools(protocol, body);
  // Chat's tool results are `tool` messages, already counted with the other messages' text.
  const withTools = (p: Omit<ParsedRequest, 'tools'>): ParsedRequest => ({ ...p, tools, texts: [...p.texts, ...toolTexts(tools, protocol !== 'chat')] });
  return withTools(parseBase(protocol, path, query, body));
}

function parseBase(protocol: WireProtocol, path: string, query: URLSearchParams, body: Obj): Omit<ParsedRequest, 'tools'> {
  if (protocol === 'completions') return parseFim(body);
  if (protocol === 'responses') {
    const format = obj(obj(body.text).format);
    const isSchema = format.type === 'json_schema';
    const input = body.input;
    const turns = typeof input === 'string' ? 1 : Array.isArray(input) ? input.length : 0;
    return {
      protocol,
      stream: body.stream === true,
      model: str(body.model) ?? '',
      maxOutputTokens: num(body.max_output_tokens),
      ...(isSchema ? { schema: format.schema, schemaName: str(format.name) } : {}),
      reasoning: str(obj(body.reasoning).effort),
      store: typeof body.store === 'boolean' ? body.store : undefined,
      includeUsage: true,
      texts: [...textsOf(body.instructions ?? ''), ...textsOf(input)],
      messageCount: turns + (body.instructions ? 1 : 0),
      ...(typeof body.instructions === 'string' ? { system: body.instructions } : {}),
    };
  }
  if (protocol === 'chat') {
    const rf = obj(body.response_format);
    const js = obj(rf.json_schema);
    const messages = Array.isArray(body.messages) ? body.messages : [];
    return {
      protocol,
      stream: body.stream === true,
      model: str(body.model) ?? '',
      maxOutputTokens: num(body.max_completion_tokens) ?? num(body.max_tokens),
      ...(rf.type === 'json_schema' ? { schema: js.schema, schemaName: str(js.name) } : {}),
      reasoning: str(body.reasoning_effort),
      store: typeof body.store === 'boolean' ? body.store : undefined,
      includeUsage: obj(body.stream_options).include_usage === true,
      texts: textsOf(messages),
      messageCount: messages.length,
      ...systemOf(messages.filter((m) => obj(m).role === 'system' || obj(m).role === 'developer').flatMap((m) => textsOf(m))),
    };
  }
  const m = GEMINI_PATH.exec(path);
  // The SDK puts config under generationConfig; accept it at the top level too.
  const gc = obj(body.generationConfig ?? body.config);
  const contents = Array.isArray(body.contents) ? body.contents : [];
  const jsonOut = gc.responseMimeType === 'application/json';
  const schema = gc.responseJsonSchema ?? gc.responseSchema;
  return {
    protocol,
    stream: m?.[3] === 'streamGenerateContent' && query.get('alt') === 'sse',
    model: decodeURIComponent(m?.[2] ?? ''),
    maxOutputTokens: num(gc.maxOutputTokens),
    ...(jsonOut ? { schema: schema ?? {}, schemaName: schema ? 'responseJsonSchema' : undefined } : {}),
    reasoning: str(obj(gc.thinkingConfig).thinkingLevel),
    includeUsage: true,
    texts: [...textsOf(body.systemInstruction ?? ''), ...textsOf(contents)],
    messageCount: contents.length + (body.systemInstruction ? 1 : 0),
    ...systemOf(body.systemInstruction === undefined ? [] : textsOf(body.systemInstruction)),
  };
}

function systemOf(texts: string[]): { system?: string } {
  return texts.length ? { system: texts.join('') } : {};
}

/** The key a client sent, from whichever place its protocol uses. */
export function apiKeyOf(protocol: WireProtocol, headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  if (protocol === 'gemini') return str(headers['x-goog-api-key']) ?? query.get('key') ?? undefined;
  const auth = str(headers.authorization);
  return auth?.startsWith('Bearer ') ? auth.slice(7) : str(headers['api-key']);
}

const SECRET_HEADERS = new Set(['authorization', 'x-goog-api-key', 'api-key', 'proxy-authorization', 'cookie']);

export function safeHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (!SECRET_HEADERS.has(k) && v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** The request as the responder hook sees it. */
export function respondedRequest(p: ParsedRequest): RespondedRequest {
  return {
    protocol: p.protocol,
    model: p.model,
    ...(p.system !== undefined ? { system: p.system } : {}),
    tools: p.tools.tools.map((t) => t.name),
    ...(p.tools.toolMode ? { toolMode: p.tools.toolMode } : {}),
    messages: p.tools.messages,
  };
}

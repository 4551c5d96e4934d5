// Normalising provider failures into core's closed set. Messages built here are
// shown to users, so they carry no key: provider text is always redacted first.
import type { LaneConfig, ProviderError, ProviderErrorKind } from '../core/provider-types.ts';

export interface ErrorContext {
  /** 'OpenAI', 'Gemini', or the gateway's host, for messages. */
  readonly provider: string;
  /** Strings that must never appear in a message: the key and header values. */
  readonly secrets: readonly string[];
}

/** A lane's error context: its key and every header value are secrets. */
export function laneErrorContext(provider: string, config: Pick<LaneConfig, 'apiKey' | 'headers'>): ErrorContext {
  return { provider, secrets: [config.apiKey, ...Object.values(config.headers ?? {})] };
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  // Key shapes worth scrubbing even when they are not ours (e.g. echoed by a gateway).
  return out
    .replace(/sk-[A-Za-z0-9_-]{8,}/g, '[redacted]')
    .replace(/AIza[0-9A-Za-z_-]{20,}/g, '[redacted]')
    .replace(/\b(key|api[-_]?key|token)=([^&\s"']+)/gi, '$1=[redacted]');
}

export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limited';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'bad_request';
}

type HeaderGet = (name: string) => string | null | undefined;

/** `retry-after-ms` (OpenAI's), then `Retry-After` as seconds or an HTTP date. */
export function retryAfterFromHeaders(get: HeaderGet, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms);
  const raw = get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.ceil(Number(raw) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Gemini's google.rpc.RetryInfo (`"retryDelay": "2.5s"`) inside an error body. */
export function retryAfterFromGoogleBody(body: string): number | undefined {
  const m = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body);
  return m ? Math.ceil(Number(m[1]) * 1000) : undefined;
}

const SHORT = 300;

function clip(text: string): string {
  return text.length > SHORT ? `${text.slice(0, SHORT)}…` : text;
}

/**
 * The provider's own sentence out of an error text: Gemini's SDK passes the raw
 * JSON body (`got status: 400 … {"error":{"message":…}}`), which users should not read.
 */
export function providerSentence(text: string): string {
  const start = text.indexOf('{');
  if (start < 0) return text;
  try {
    const body = JSON.parse(text.slice(start)) as { error?: { message?: unknown }; message?: unknown };
    const message = body.error?.message ?? body.message;
    return typeof message === 'string' && message.trim() ? message.trim() : text;
  } catch {
    return text;
  }
}

/** The error for an HTTP status from the provider. */
export function httpError(status: number, providerText: string, ctx: ErrorContext, retryAfterMs?: number): ProviderError {
  const kind = kindForStatus(status);
  const detail = clip(redact(providerSentence(providerText), ctx.secrets));
  const p = ctx.provider;
  let message: string;
  switch (kind) {
    case 'auth':
      message = `${p} rejected the API key (HTTP ${status}).`;
      break;
    case 'rate_limited':
      message = `${p} rate limit reached (HTTP 429)${retryAfterMs !== undefined ? `; retry after ${Math.ceil(retryAfterMs / 1000)} s` : ''}.`;
      break;
    case 'server':
      message = `${p} server error (HTTP ${status}).`;
      break;
    case 'timeout':
      message = `${p} timed out (HTTP ${status}).`;
      break;
    default:
      // Bad-request text is what tells users what to fix (e.g. context too long).
      message = `${p} rejected the request (HTTP ${status}): ${detail}`;
  }
  return { kind, message, detail, status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

export function simpleError(kind: ProviderErrorKind, message: string, detail?: string, ctx?: ErrorContext): ProviderError {
  return { kind, message, ...(detail !== undefined ? { detail: clip(ctx ? redact(detail, ctx.secrets) : detail) } : {}) };
}

function causeCode(e: unknown): string | undefined {
  for (let c: unknown = e, i = 0; c && typeof c === 'object' && i < 5; c = (c as { cause?: unknown }).cause, i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Errors that come from the transport rather than the API, whichever SDK threw them. */
export function transportError(e: unknown, ctx: ErrorContext): ProviderError | undefined {
  if (!(e instanceof Error)) return undefined;
  if (e.name === 'AbortError') return simpleError('cancelled', 'Request cancelled.', e.message, ctx);
  const code = causeCode(e);
  if (e instanceof TypeError || (code && /^(ECONN|ENOTFOUND|EAI_|EPIPE|ETIMEDOUT|UND_ERR|ENETUNREACH|EHOSTUNREACH)/.test(code))) {
    return simpleError('network', `Could not reach ${ctx.provider}${code ? ` (${code})` : ''}.`, `${e.name}: ${e.message}`, ctx);
  }
  return undefined;
}

export function unknownError(e: unknown, ctx: ErrorContext): ProviderError {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return simpleError('server', `Unexpected failure talking to ${ctx.provider}.`, text, ctx);
}

/** Thrown by protocol adapters for failures the provider reports in-band (e.g. `response.failed`). */
export class ProviderFailure extends Error {
  readonly error: ProviderError;
  constructor(error: ProviderError) {
    super(error.message);
    this.name = 'ProviderFailure';
    this.error = error;
  }
}

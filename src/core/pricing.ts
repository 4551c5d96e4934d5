// Exact cost from reported usage. Money is an integer count of nano-dollars
// (1e-9 USD) so that sums over many records never drift; Number stays exact up
// to about $9 million. Prices are kept as integer pico-dollars per token.
import type { Usage } from './provider-types.ts';

export const NANO_USD_PER_USD = 1_000_000_000;

/** Prices in USD per million tokens, as providers publish them. */
export interface ModelPrice {
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
  readonly cachedInputPerMTok: number;
}

/** Model id -> price. Settings pass overrides in this shape. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

export const DEFAULT_PRICES: PriceTable = Object.freeze({
  'gpt-5.5': { inputPerMTok: 5, outputPerMTok: 30, cachedInputPerMTok: 0.5 },
  'gemini-3.5-flash': { inputPerMTok: 1.5, outputPerMTok: 9, cachedInputPerMTok: 0.15 },
});

export interface CostBreakdown {
  /** Uncached input. */
  readonly inputNanoUsd: number;
  readonly cachedInputNanoUsd: number;
  /** Visible output plus reasoning/thinking. */
  readonly outputNanoUsd: number;
  readonly totalNanoUsd: number;
}

/**
 * The price for `model`: overrides first, then defaults. An exact id wins; else
 * the id with its snapshot suffix removed (`gpt-5.5-2026-10-01` prices like
 * `gpt-5.5`); else the same two after dropping a gateway's route prefix
 * (`openai/gpt-5.5`, `vertex_ai/gemini-3.5-flash`: the part after the last `/`).
 * A different model that merely starts with a known id (`gpt-5.5-mini`) has no
 * price: billing it as its namesake would be a made-up figure.
 */
export function priceFor(model: string, overrides: PriceTable = {}): ModelPrice | undefined {
  const served = servedModel(model);
  const ids = served === model ? [model] : [model, served];
  for (const table of [overrides, DEFAULT_PRICES]) {
    for (const id of ids) {
      const p = lookup(table, id);
      if (p) return p;
    }
  }
  return undefined;
}

/**
 * A snapshot suffix: a date (`-2026-10-01`, `-20261001`, OpenAI's older `-0613`), a
 * three-digit revision (Gemini's `-001`) or `-latest`. Anything else names another model.
 */
const MM = '(?:0[1-9]|1[0-2])';
const DD = '(?:0[1-9]|[12]\\d|3[01])';
export const SNAPSHOT_SUFFIX = new RegExp(`-(?:\\d{4}-${MM}-${DD}|\\d{4}${MM}${DD}|${MM}${DD}|\\d{3}|latest)$`);

/** The model a gateway's route serves: `openai/gpt-5.5` -> `gpt-5.5`; ids without `/` are themselves. */
export function servedModel(model: string): string {
  const slash = model.lastIndexOf('/');
  return slash < 0 || slash === model.length - 1 ? model : model.slice(slash + 1);
}

function lookup(table: PriceTable, model: string): ModelPrice | undefined {
  if (Object.hasOwn(table, model)) return table[model];
  const family = model.replace(SNAPSHOT_SUFFIX, '');
  return family !== model && Object.hasOwn(table, family) ? table[family] : undefined;
}

/**
 * How a record's cost was found, when not from a price table: `local` (no price, served
 * from this machine: $0), `gateway` (no price of ours; the gateway's reported cost),
 * `unknown` (no price anywhere: recorded as $0 and shown as unknown, never as free).
 */
export type PriceBasis = 'local' | 'gateway' | 'unknown';
export const PRICE_BASES: readonly PriceBasis[] = ['local', 'gateway', 'unknown'];

/** What the faces say about a record with no price: the panel, the meter and the CLI. */
export const PRICE_UNKNOWN_TEXT = 'price unknown — set switchyard.prices';

/** A base URL on this machine (Ollama, vLLM, LM Studio on loopback): its unpriced models run at $0. */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A gateway's reported cost differs from ours by more than 1% of ours. */
export function costsDiffer(oursNanos: number, gatewayNanos: number): boolean {
  return Math.abs(oursNanos - gatewayNanos) * 100 > oursNanos;
}

/** USD per million tokens -> integer pico-dollars per token (six decimals are exact). */
export function picoUsdPerToken(usdPerMTok: number): number {
  if (!Number.isFinite(usdPerMTok) || usdPerMTok < 0) throw new RangeError(`invalid price: ${usdPerMTok}`);
  return Math.round(usdPerMTok * 1_000_000);
}

/** pico -> nano, rounding half up; exact whenever the price has at most three decimals. */
function picoToNano(pico: number): number {
  return Math.floor((pico + 500) / 1000);
}

function tokens(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid ${what} token count: ${n}`);
  return n;
}

/** Cost of one call's usage. Cached input is the part of `input` billed at the cached price. */
export function costOf(usage: Usage, price: ModelPrice): CostBreakdown {
  const input = tokens(usage.input, 'input');
  const cached = Math.min(tokens(usage.cachedInput, 'cached input'), input);
  const output = tokens(usage.output, 'output');
  tokens(usage.reasoning, 'reasoning');
  const inputNanoUsd = picoToNano((input - cached) * picoUsdPerToken(price.inputPerMTok));
  const cachedInputNanoUsd = picoToNano(cached * picoUsdPerToken(price.cachedInputPerMTok));
  // `output` already includes reasoning tokens (see Usage), so they are billed once, as output.
  const outputNanoUsd = picoToNano(output * picoUsdPerToken(price.outputPerMTok));
  return {
    inputNanoUsd,
    cachedInputNanoUsd,
    outputNanoUsd,
    totalNanoUsd: inputNanoUsd + cachedInputNanoUsd + outputNanoUsd,
  };
}

/** Cost for a model id, or undefined when no price is known for it. */
export function costForModel(model: string, usage: Usage, overrides?: PriceTable): CostBreakdown | undefined {
  const price = priceFor(model, overrides);
  return price && costOf(usage, price);
}

/** Sum of integer nano-dollar amounts; throws rather than lose exactness. */
export function sumNanoUsd(amounts: Iterable<number>): number {
  let total = 0;
  for (const a of amounts) {
    total += a;
    if (!Number.isSafeInteger(total)) throw new RangeError('cost sum exceeds exact integer range');
  }
  return total;
}

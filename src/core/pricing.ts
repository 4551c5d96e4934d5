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
 * the longest known id that prefixes it at a `-` boundary, so dated snapshots
 * such as `gpt-5.5-2026-10-01` price like their family.
 */
export function priceFor(model: string, overrides: PriceTable = {}): ModelPrice | undefined {
  return lookup(overrides, model) ?? lookup(DEFAULT_PRICES, model);
}

function lookup(table: PriceTable, model: string): ModelPrice | undefined {
  if (Object.hasOwn(table, model)) return table[model];
  let best: string | undefined;
  for (const id of Object.keys(table)) {
    if (model.startsWith(`${id}-`) && (best === undefined || id.length > best.length)) best = id;
  }
  return best === undefined ? undefined : table[best];
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

// Token counting for budgets. The real tokenizer (o200k_base) is several MB of
// ranks, so it is loaded on demand; hot paths size windows with the estimate and
// count exactly only the final text.
import type { Tiktoken } from 'js-tiktoken/lite';

let encoder: Tiktoken | undefined;
let loading: Promise<void> | undefined;

/** Loads o200k_base once. After it resolves, countTokens is synchronous and exact. */
export function loadTokenizer(): Promise<void> {
  loading ??= (async () => {
    const [{ Tiktoken: Ctor }, ranks] = await Promise.all([
      import('js-tiktoken/lite'),
      import('js-tiktoken/ranks/o200k_base'),
    ]);
    encoder = new Ctor(ranks.default);
  })();
  return loading;
}

export function isTokenizerLoaded(): boolean {
  return encoder !== undefined;
}

/**
 * Exact o200k_base token count. Before loadTokenizer() has resolved it falls back
 * to estimateTokens, so callers never throw on a cold start.
 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  if (!encoder) return estimateTokens(text);
  // Special-token text in user code must be counted as plain text, not rejected.
  return encoder.encode(text, [], []).length;
}

/**
 * Cheap estimate that over-counts for typical source code (o200k averages about
 * 3.5-4.5 characters per token on code; we assume 3). Not a strict bound for
 * pathological input, so final texts are re-counted with countTokens.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

/** Longest prefix of `text` (cut at a line end when possible) whose count fits `budget`. */
export function truncateToTokens(text: string, budget: number): string {
  if (budget <= 0) return '';
  if (countTokens(text) <= budget) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (countTokens(text.slice(0, mid)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  const cut = text.lastIndexOf('\n', lo);
  return text.slice(0, cut > 0 ? cut + 1 : lo);
}

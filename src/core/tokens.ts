// Token counting for budgets: always exact o200k_base counts, from activation on.
// Building the encoder from its ranks takes about a second of CPU (js-tiktoken
// parses 200k ranks), so activation asks for it on a later turn (loadTokenizer);
// a count that comes first builds it on the spot, so no count is ever an estimate.
// Hot paths size windows with estimateTokens and count exactly only the final text.
import { createRequire } from 'node:module';
import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';

// The ranks are 2.3 MB of JS: read when the encoder is first built, never at load.
// Bundles define __switchyardRanks as their copy under dist/lazy/ (scripts/build.mjs).
declare const __switchyardRanks: string | undefined;
const RANKS = typeof __switchyardRanks === 'string' ? __switchyardRanks : 'js-tiktoken/ranks/o200k_base';
const requireRanks = createRequire(import.meta.url);

let encoder: Tiktoken | undefined;
let loading: Promise<void> | undefined;

function tokenizer(): Tiktoken {
  encoder ??= new Tiktoken(requireRanks(RANKS) as TiktokenBPE);
  return encoder;
}

/** Builds the encoder on a later turn of the event loop, once, so the caller (activation) returns first. */
export function loadTokenizer(): Promise<void> {
  loading ??= new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => { tokenizer(); });
  return loading;
}

/** Exact o200k_base token count; builds the encoder first if loadTokenizer has not yet. */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  // Special-token text in user code must be counted as plain text, not rejected.
  return tokenizer().encode(text, [], []).length;
}

/**
 * Cheap estimate that over-counts for typical source code (o200k averages about
 * 3.5-4.5 characters per token on code; we assume 3). Not a strict bound for
 * pathological input, so final texts are re-counted with countTokens.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3);
}

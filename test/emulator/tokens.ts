// Token arithmetic for realistic usage numbers: exact o200k_base counts via
// js-tiktoken (the GPT tokenizer; for Gemini it is a close stand-in), loaded
// once per process.
import type { Tiktoken } from 'js-tiktoken/lite';

let encoder: Tiktoken | undefined;

export async function loadEncoder(): Promise<void> {
  if (encoder) return;
  const [{ Tiktoken: Ctor }, ranks] = await Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/o200k_base')]);
  encoder ??= new Ctor(ranks.default);
}

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  if (!encoder) throw new Error('loadEncoder() first');
  return encoder.encode(text, [], []).length;
}

/**
 * Splits text into roughly token-sized pieces (words, single punctuation,
 * whitespace glued to what follows): the unit of pacing and of deltas.
 */
export function splitPieces(text: string): string[] {
  const raw = text.match(/\s*(?:[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_])|\s+$/gu) ?? [];
  return raw.filter((p) => p.length > 0);
}

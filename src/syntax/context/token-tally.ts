// Exact o200k_base counts for large contexts, fast. The tokenizer splits text
// with its pre-tokenizer pattern and encodes each piece on its own, so a text's
// count is the sum of its pieces' counts. Source code repeats the same pieces
// (keywords, identifiers, indentation, punctuation) thousands of times: a tally
// encodes each distinct piece once and looks the rest up. Counts equal
// countTokens exactly (a unit test checks the pattern and the sums).
import { countTokens } from '../../core/tokens.ts';

/** o200k_base's pre-tokenizer pattern, as js-tiktoken's ranks carry it (pat_str). */
export const O200K_PATTERN = "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** Pieces longer than this are counted but not remembered (rare, and they would bloat the memo). */
const MAX_MEMO_PIECE = 64;

/** One tally per job (e.g. one context build): its memo lives as long as it does. */
export class TokenTally {
  readonly #memo = new Map<string, number>();
  readonly #pattern = new RegExp(O200K_PATTERN, 'gu');

  /** Equals countTokens(text). */
  count(text: string): number {
    const re = this.#pattern;
    re.lastIndex = 0;
    let total = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const piece = m[0];
      let n = this.#memo.get(piece);
      if (n === undefined) {
        n = countTokens(piece);
        if (piece.length <= MAX_MEMO_PIECE) this.#memo.set(piece, n);
      }
      total += n;
    }
    return total;
  }
}

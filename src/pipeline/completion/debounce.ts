// An adaptive debounce in the manner Copilot describes: wait longer after the
// user ignores a completion (x1.5), shorter after one is accepted (x0.8), and
// drift back to the configured base over ten minutes of no feedback.

const DECAY_MS = 10 * 60 * 1000;
const MIN_FACTOR = 0.5;
const MAX_FACTOR = 3;

export class AdaptiveDebounce {
  readonly #base: () => number;
  readonly #now: () => number;
  #factor = 1;
  #since = 0;

  constructor(base: () => number, now: () => number = Date.now) {
    this.#base = base;
    this.#now = now;
  }

  /** The current factor, decayed linearly toward 1. */
  factor(): number {
    const elapsed = this.#now() - this.#since;
    if (elapsed >= DECAY_MS) return 1;
    return 1 + (this.#factor - 1) * (1 - elapsed / DECAY_MS);
  }

  /** Milliseconds to wait before sending a request (`base` overrides the configured base, e.g. per document). */
  delayMs(base = this.#base()): number {
    return Math.round(Math.max(0, base) * this.factor());
  }

  accepted(): void {
    this.#set(this.factor() * 0.8);
  }

  rejected(): void {
    this.#set(this.factor() * 1.5);
  }

  #set(factor: number): void {
    this.#factor = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));
    this.#since = this.#now();
  }
}

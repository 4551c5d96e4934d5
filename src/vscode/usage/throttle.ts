// At most one run per interval: the first request after a quiet spell runs at once (next tick);
// a burst's further requests collapse into one run when the interval is up, so the last change is never lost.
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastMs = -Infinity;
  private readonly everyMs: number;
  private readonly run: () => void;

  constructor(everyMs: number, run: () => void) {
    this.everyMs = everyMs;
    this.run = run;
  }

  request(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastMs + this.everyMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastMs = Date.now();
      this.run();
    }, wait);
  }

  /** A run made directly (the initial load) counts towards the interval too. */
  ranNow(): void {
    this.lastMs = Date.now();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

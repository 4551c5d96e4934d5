// Exponential decay that can be added to and taken from exactly. An observation at time t
// is stored with the integer weight round(2^((t - ref) / halfLife) * 2^40), where `ref` is
// a grid point at or after the latest time seen. Sums of such integers (BigInt) are exact,
// so removing an observation (a veto, a reset) undoes its addition bit for bit, and the
// sums depend only on the set of observations, never on their order. Decaying to `now` is
// one multiplication at read time: weight(now) = stored * 2^((ref - now) / halfLife).
const SCALE_BITS = 40;
const SCALE = 2 ** SCALE_BITS;
/** The reference time moves in steps of this many half-lives (older weights stay >= 2^-4 of new ones per step). */
const GRID_HALF_LIVES = 4;
const DAY_MS = 86_400_000;

export class DecayClock {
  readonly halfLifeMs: number;
  private readonly gridMs: number;
  /** Undefined until the first time is seen. */
  ref: number | undefined;

  constructor(halfLifeDays: number) {
    if (!(halfLifeDays > 0) || !Number.isFinite(halfLifeDays)) throw new RangeError(`halfLifeDays must be a positive number: ${halfLifeDays}`);
    this.halfLifeMs = halfLifeDays * DAY_MS;
    this.gridMs = GRID_HALF_LIVES * this.halfLifeMs;
  }

  /** Sees a time; true when the reference moved, so every stored weight must be recomputed. */
  see(timeMs: number): boolean {
    if (!Number.isFinite(timeMs)) return false;
    if (this.ref !== undefined && timeMs <= this.ref) return false;
    this.ref = Math.ceil(timeMs / this.gridMs) * this.gridMs;
    return true;
  }

  /** The stored integer weight of an observation at `timeMs` (the clock must have seen it). */
  weight(timeMs: number): bigint {
    const ref = this.ref ?? timeMs;
    return BigInt(Math.round(2 ** ((timeMs - ref) / this.halfLifeMs) * SCALE));
  }

  /** A stored sum, decayed to `nowMs`, as a plain number of (weighted) units. */
  value(sum: bigint, nowMs: number): number {
    if (sum === 0n || this.ref === undefined) return 0;
    return (Number(sum) / SCALE) * 2 ** ((this.ref - nowMs) / this.halfLifeMs);
  }
}

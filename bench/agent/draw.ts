// Seeded draws for the agent replay: each is a hash of the seed and a name, so a
// draw does not depend on how many came before it (Auto and all-fast see the same
// malformed calls on the same turns) and a seed means the same tasks on any machine.
import { createHash } from 'node:crypto';

/** A number in [0, 1) fixed by the seed and the parts. */
export function unit(seed: number, ...parts: readonly (string | number)[]): number {
  const digest = createHash('sha256').update(`${seed}|${parts.join('|')}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** An integer in [lo, hi]. */
export function between(seed: number, lo: number, hi: number, ...parts: readonly (string | number)[]): number {
  return lo + Math.floor(unit(seed, ...parts) * (hi - lo + 1));
}

export function pick<T>(seed: number, items: readonly T[], ...parts: readonly (string | number)[]): T {
  return items[Math.floor(unit(seed, ...parts) * items.length)]!;
}

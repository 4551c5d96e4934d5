// Words and numbers of adaptive routing, shared by reasons (policy-adaptive.ts) and the
// table both faces print (routing-format.ts), so the panel, the CLI and the ledger agree.
import { formatUsd } from './money.ts';
import type { ExpectedFigures } from './routing-types.ts';
import { formatMs } from './usage-format.ts';

/** A decayed count for people: whole numbers ("9"), one decimal below 10 when not whole ("2.5"). */
export function formatCount(x: number): string {
  const r = Math.round(x * 10) / 10;
  return r >= 10 || Number.isInteger(r) ? String(Math.round(r)) : r.toFixed(1);
}

/** "9 of 30"; "none yet" when nothing was judged. */
export function formatOutOf(ok: number, n: number): string {
  return n > 0 ? `${formatCount(ok)} of ${formatCount(n)}` : 'none yet';
}

/** "$0.012 / 9.1 s" */
export function formatPlan(f: ExpectedFigures): string {
  return `${formatUsd(Math.round(f.costNanos))} / ${formatMs(f.ms)}`;
}

// Display formats the meter, the panel and the tests share, so they print the same figures.
// The webview may import only the panel modules (lint), so money's formats are re-exported here.
export { formatUsd, formatUsdDecimal, formatUsdExact, formatUsdFixed } from './money.ts';

/** Milliseconds as "840 ms" or "4.2 s"; a dash when absent. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 600_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A share as a percentage with at most one decimal: "7.5%", "10%"; "<0.1%" rather than a misleading "0%". */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '–';
  const pct = (part / whole) * 100;
  if (part > 0 && pct < 0.05) return '<0.1%';
  return `${Number(pct.toFixed(1))}%`;
}

/**
 * A lane's tool-call parse-failure rate, the same words in the panel and the CLI:
 * "3 of 40 malformed (7.5%)", or "no tool calls yet".
 */
export function formatToolCalls(c: { made: number; malformed: number }): string {
  if (c.made === 0) return 'no tool calls yet';
  return `${c.malformed.toLocaleString('en')} of ${c.made.toLocaleString('en')} malformed (${formatPercent(c.malformed, c.made)})`;
}

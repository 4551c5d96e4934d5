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

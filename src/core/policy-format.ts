// Text helpers for reasons and warnings. Exact integer arithmetic, and no locale dependence.

/** $1.23 at a cent or more; otherwise up to six decimals ($0.000345), so small costs never read as $0.00. */
export function formatUsd(nanos: number): string {
  const sign = nanos < 0 ? '-' : '';
  // Reasons show at most six decimals, so work in whole micro-dollars.
  const m = Math.abs(Math.round(nanos / 1000));
  if (m >= 10_000) {
    const cents = Math.round(m / 10_000);
    return `${sign}$${groupThousands(Math.floor(cents / 100))}.${String(cents % 100).padStart(2, '0')}`;
  }
  if (m === 0) return '$0.00';
  return `${sign}$0.${String(m).padStart(6, '0').replace(/0+$/, '')}`;
}

/** 12345 -> "12,345" */
export function groupThousands(n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

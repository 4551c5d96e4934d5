// The one money format: integer nano-dollars as US dollars, in integer arithmetic
// (no float drift, no locale). Summaries show about four significant digits; the
// details view and exports show the exact amount. Nothing else formats money.

const NANOS_DIGITS = 9;
const SIGNIFICANT = 4;

/** Sign, whole dollars and `places` decimals of an integer nano-dollar amount, rounded half up. */
function split(nanos: number, places: number): { sign: string; whole: string; frac: string } {
  if (!Number.isSafeInteger(nanos)) throw new RangeError(`not an integer nano-dollar amount: ${nanos}`);
  const abs = BigInt(Math.abs(nanos));
  const unit = 10n ** BigInt(NANOS_DIGITS - places);
  const rounded = (abs + unit / 2n) / unit; // half up
  const digits = rounded.toString().padStart(places + 1, '0');
  return { sign: nanos < 0 && rounded !== 0n ? '-' : '', whole: digits.slice(0, digits.length - places), frac: digits.slice(digits.length - places) };
}

const grouped = (whole: string) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function render(nanos: number, places: number): string {
  const { sign, whole, frac } = split(nanos, places);
  // Cents always; zeros past the cents say nothing.
  return `${sign}$${grouped(whole)}.${frac.replace(/0+$/, '').padEnd(2, '0')}`;
}

/**
 * About four significant digits, never fewer than cents: $5.00, $12.35, $1.235,
 * $0.001235, $0.00000031. Small costs never read as $0.00.
 */
export function formatUsd(nanos: number): string {
  const magnitude = String(Math.abs(Math.trunc(nanos))).length;
  const places = Math.min(NANOS_DIGITS, Math.max(2, NANOS_DIGITS - (magnitude - SIGNIFICANT)));
  return render(nanos, nanos === 0 ? 2 : places);
}

/** Exact to the nano-dollar, for the details view: $0.000123456. */
export function formatUsdExact(nanos: number): string {
  return render(nanos, NANOS_DIGITS);
}

/** Exactly `places` decimals (2-9), for a chart axis whose ticks share a step: $0.0025, $0.0050. */
export function formatUsdFixed(nanos: number, places: number): string {
  const { sign, whole, frac } = split(nanos, Math.min(NANOS_DIGITS, Math.max(2, places)));
  return `${sign}$${grouped(whole)}.${frac}`;
}

/** Exact plain decimal for data files (CSV): 0.000001234, no symbol or grouping. */
export function formatUsdDecimal(nanos: number): string {
  const { sign, whole, frac } = split(nanos, NANOS_DIGITS);
  return `${sign}${whole}.${frac}`;
}

// The one money format: integer nano-dollars as US dollars, in integer arithmetic
// (no float drift, no locale). Summaries show about four significant digits; the
// details view shows the exact amount.

const NANOS_DIGITS = 9;
const SIGNIFICANT = 4;

function render(nanos: number, places: number): string {
  if (!Number.isSafeInteger(nanos)) throw new RangeError(`not an integer nano-dollar amount: ${nanos}`);
  const abs = BigInt(Math.abs(nanos));
  const unit = 10n ** BigInt(NANOS_DIGITS - places);
  const rounded = (abs + unit / 2n) / unit; // half up
  const digits = rounded.toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // Cents always; zeros past the cents say nothing.
  const frac = digits.slice(digits.length - places).replace(/0+$/, '').padEnd(2, '0');
  return `${nanos < 0 && rounded !== 0n ? '-' : ''}$${whole}.${frac}`;
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

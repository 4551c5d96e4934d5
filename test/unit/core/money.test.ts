import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatUsd, formatUsdDecimal, formatUsdExact, formatUsdFixed } from '../../../src/core/money.ts';

/** The text back to nano-dollars, exactly (BigInt), or throws on anything not shaped like money. */
function parse(text: string): bigint {
  const m = /^(-?)\$(\d{1,3}(?:,\d{3})*)\.(\d{2,9})$/.exec(text);
  assert.ok(m, `not money: ${text}`);
  const nanos = BigInt(m[2]!.replaceAll(',', '')) * 1_000_000_000n + BigInt(m[3]!.padEnd(9, '0'));
  return m[1] ? -nanos : nanos;
}

const nanos = fc.oneof(
  fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
  fc.integer({ min: -10_000, max: 10_000 }),
  fc.constantFrom(0, 1, 9, 10, 999, 1_000, 999_999_999, 1_000_000_000, 9_999_500_000, Number.MAX_SAFE_INTEGER),
);

describe('money: one format everywhere', () => {
  it('summaries: about four significant digits, cents at least, half up', () => {
    const cases: [number, string][] = [
      [0, '$0.00'], [1, '$0.000000001'], [310, '$0.00000031'], [31_000, '$0.000031'],
      [1_234_567, '$0.001235'], [92_000_000, '$0.092'], [301_680_000, '$0.3017'], [420_000_000, '$0.42'],
      [1_234_500_000, '$1.235'], [5_000_000_000, '$5.00'], [12_345_000_000, '$12.35'],
      [999_960_000, '$1.00'], [1_234_567_890_123, '$1,234.57'], [-25_000_000, '-$0.025'], [-1, '-$0.000000001'],
    ];
    for (const [n, text] of cases) assert.equal(formatUsd(n), text, `${n}`);
  });

  it('details: exact to the nano-dollar', () => {
    assert.equal(formatUsdExact(0), '$0.00');
    assert.equal(formatUsdExact(301_680_000), '$0.30168');
    assert.equal(formatUsdExact(1_234_567_890_123), '$1,234.567890123');
    assert.equal(formatUsdExact(-1_499), '-$0.000001499');
  });

  it('rejects what is not an integer amount', () => {
    assert.throws(() => formatUsd(0.5), RangeError);
    assert.throws(() => formatUsdExact(Number.NaN), RangeError);
  });

  it('property: exact round-trips; summaries stay within half a unit of the fourth digit and never hide a cost', () => {
    fc.assert(fc.property(nanos, (n) => {
      assert.equal(parse(formatUsdExact(n)), BigInt(n));
      const shown = parse(formatUsd(n));
      const err = shown - BigInt(n);
      const abs = BigInt(Math.abs(n));
      // Rounding to four significant digits (or to the cent) moves the value by at most 0.05% or half a cent.
      assert.ok((err < 0n ? -err : err) * 2000n <= abs || (err < 0n ? -err : err) <= 5_000_000n, `${n} shown as ${formatUsd(n)}`);
      if (n !== 0) assert.notEqual(shown, 0n, `${n} must not read as $0.00`);
      // The CSV decimal is the exact amount without the symbol; a fixed-places axis label parses as money too.
      const [whole, frac] = formatUsdDecimal(Math.abs(n)).split('.');
      assert.equal((BigInt(whole!) * 1_000_000_000n + BigInt(frac!)) * (n < 0 ? -1n : 1n), BigInt(n));
      assert.equal(formatUsdDecimal(n).startsWith('-'), n < 0);
      assert.match(formatUsdFixed(n, 4), /^-?\$[\d,]+\.\d{4}$/);
    }), { seed: 13, numRuns: 2000, examples: [[0], [1], [-1], [999_950_000], [9_999_500_000]] });
  });
});

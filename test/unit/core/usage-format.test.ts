import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatUsd, formatMs } from '../../../src/core/usage-format.ts';

describe('usage formats shared by the meter and the panel', () => {
  it('shows money the one way the meter and the cards do (money.ts)', () => {
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(31_000), '$0.000031');
    assert.equal(formatUsd(1_770_000), '$0.00177');
    assert.equal(formatUsd(420_000_000), '$0.42');
    assert.equal(formatUsd(1_234_567_000_000), '$1,234.57');
    assert.equal(formatUsd(-5_000_000_000), '-$5.00');
  });

  it('shows milliseconds, seconds and minutes', () => {
    assert.equal(formatMs(undefined), '–');
    assert.equal(formatMs(null), '–');
    assert.equal(formatMs(840.4), '840 ms');
    assert.equal(formatMs(4_200), '4.2 s');
    assert.equal(formatMs(61_000), '61 s');
    assert.equal(formatMs(725_000), '12 min 5 s');
  });
});

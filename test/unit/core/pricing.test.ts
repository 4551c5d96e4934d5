import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatUsd } from '../../../src/core/money.ts';
import { costForModel, costOf, DEFAULT_PRICES, priceFor, sumNanoUsd } from '../../../src/core/pricing.ts';

test('gpt-5.5 cost splits cached and uncached input and bills reasoning as output', () => {
  // 10,000 input of which 4,000 cached; 2,000 output of which 500 reasoning.
  const c = costForModel('gpt-5.5', { input: 10_000, cachedInput: 4_000, output: 2_000, reasoning: 500 });
  assert.deepEqual(c, {
    inputNanoUsd: 6_000 * 5_000, // $5/M = 5,000 nano$/token
    cachedInputNanoUsd: 4_000 * 500,
    outputNanoUsd: 2_000 * 30_000,
    totalNanoUsd: 30_000_000 + 2_000_000 + 60_000_000,
  });
  assert.equal(formatUsd(c!.totalNanoUsd), '$0.092');
});

test('gemini-3.5-flash defaults and one-token exactness', () => {
  assert.deepEqual(priceFor('gemini-3.5-flash'), { inputPerMTok: 1.5, outputPerMTok: 9, cachedInputPerMTok: 0.15 });
  const c = costForModel('gemini-3.5-flash', { input: 1, cachedInput: 1, output: 1, reasoning: 0 })!;
  assert.equal(c.cachedInputNanoUsd, 150);
  assert.equal(c.inputNanoUsd, 0);
  assert.equal(c.outputNanoUsd, 9_000);
});

test('sums of many records have no drift', () => {
  const one = costForModel('gemini-3.5-flash', { input: 333, cachedInput: 111, output: 77, reasoning: 7 })!.totalNanoUsd;
  const total = sumNanoUsd(Array.from({ length: 100_000 }, () => one));
  assert.equal(total, one * 100_000);
  // The float way drifts: 100k additions of $0.15/M * 111 tokens.
  let float = 0;
  for (let i = 0; i < 100_000; i++) float += (111 * 0.15) / 1e6;
  assert.notEqual(float, (111 * 0.15 * 100_000) / 1e6);
  assert.equal(sumNanoUsd(Array.from({ length: 100_000 }, () => costOf({ input: 111, cachedInput: 111, output: 0, reasoning: 0 }, DEFAULT_PRICES['gemini-3.5-flash']).totalNanoUsd)), 111 * 150 * 100_000);
});

test('overrides win, dated snapshots match their family, unknown models have no price', () => {
  const overrides = { 'gpt-5.5': { inputPerMTok: 1, outputPerMTok: 2, cachedInputPerMTok: 0.1 }, 'local-llama': { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 } };
  assert.equal(costForModel('gpt-5.5', { input: 1_000_000, cachedInput: 0, output: 0, reasoning: 0 }, overrides)!.totalNanoUsd, 1_000_000_000);
  assert.equal(costForModel('gpt-5.5-2026-10-01', { input: 1_000_000, cachedInput: 0, output: 0, reasoning: 0 })!.totalNanoUsd, 5_000_000_000);
  assert.equal(costForModel('local-llama', { input: 5, cachedInput: 0, output: 5, reasoning: 0 }, overrides)!.totalNanoUsd, 0);
  assert.equal(costForModel('mystery-model', { input: 5, cachedInput: 0, output: 5, reasoning: 0 }), undefined);
});

test('cached input larger than input is clamped; bad counts throw', () => {
  const c = costForModel('gpt-5.5', { input: 10, cachedInput: 50, output: 0, reasoning: 0 })!;
  assert.equal(c.cachedInputNanoUsd, 10 * 500);
  assert.equal(c.inputNanoUsd, 0);
  assert.throws(() => costForModel('gpt-5.5', { input: 1.5, cachedInput: 0, output: 0, reasoning: 0 }), RangeError);
  assert.throws(() => costForModel('gpt-5.5', { input: -1, cachedInput: 0, output: 0, reasoning: 0 }), RangeError);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_POLICY } from '../../../src/core/policy-config.ts';
import { estimateFor } from '../../../src/core/policy-estimate.ts';
import { TASK_KINDS, type TaskFacts } from '../../../src/core/task.ts';
import { price } from '../helpers/ledger-fixtures.ts';

const task = (over: Partial<TaskFacts>): TaskFacts => ({ taskId: 't', kind: 'refactor', inputTokens: 1_200, ...over });

test('no history: the task-sized hint replaces the kind default (the sample refactor, 1,200 in)', () => {
  const est = estimateFor(task({ outputTokensHint: 300 }), 'deep', DEFAULT_POLICY, price);
  assert.equal(est.basis, 'task');
  assert.equal(est.typicalOutputTokens, 300);
  // 1,200 x 5,000 + 300 x 30,000 = 6,000,000 + 9,000,000.
  assert.equal(est.costNanosLow, 15_000_000);
  assert.deepEqual(est.range, { outputLow: 150, outputHigh: 750, costNanosLow: 10_500_000, costNanosHigh: 28_500_000 });
  assert.equal(est.expectedMs, 2_000 + Math.round((300 / 70) * 1000));
  // Budgets still reserve the whole output cap.
  assert.equal(est.costNanosHigh, 6_000_000 + 32_000 * 30_000);
});

test('history wins over the hint; the hint wins over the kind default', () => {
  assert.equal(estimateFor(task({ outputTokensHint: 300, expectedOutputTokens: 900 }), 'deep', DEFAULT_POLICY, price).basis, 'history');
  assert.equal(estimateFor(task({ outputTokensHint: 300, expectedOutputTokens: 900 }), 'deep', DEFAULT_POLICY, price).typicalOutputTokens, 900);
  const none = estimateFor(task({}), 'deep', DEFAULT_POLICY, price);
  assert.equal(none.basis, 'kind');
  assert.equal(none.typicalOutputTokens, 6_000);
});

test('property: the planning range holds the expected cost, stays under the cap and is at most 5x wide', () => {
  fc.assert(fc.property(
    fc.constantFrom(...TASK_KINDS), fc.constantFrom('fast' as const, 'deep' as const),
    fc.integer({ min: 0, max: 900_000 }), fc.integer({ min: 0, max: 200_000 }),
    fc.option(fc.integer({ min: 0, max: 300_000 })), fc.option(fc.integer({ min: 0, max: 300_000 })),
    (kind, lane, input, cached, hint, history) => {
      const est = estimateFor(task({ kind, inputTokens: input, cachedTokens: cached, outputTokensHint: hint ?? undefined, expectedOutputTokens: history ?? undefined }), lane, DEFAULT_POLICY, price);
      const r = est.range;
      assert.ok(r.outputLow >= 1 && r.outputLow <= est.typicalOutputTokens && est.typicalOutputTokens <= r.outputHigh, JSON.stringify(est));
      assert.ok(r.outputHigh <= est.outputCap);
      assert.ok(r.outputHigh <= 5 * r.outputLow, JSON.stringify(r));
      assert.ok(r.costNanosLow <= est.costNanosLow && est.costNanosLow <= r.costNanosHigh && r.costNanosHigh <= est.costNanosHigh);
      assert.ok(r.costNanosHigh <= 5 * r.costNanosLow, JSON.stringify(r));
    },
  ), { seed: 15, numRuns: 1_000, examples: [['completion', 'fast', 0, 0, 0, null], ['refactor', 'deep', 1_200, 400, 3, null], ['quickEdit', 'fast', 10, 0, null, 1]] });
});

// The request-record builder on the issue's own figures: a refactor on gpt-5.5 with
// 1,200 input tokens (400 cached) and 300 output cost $0.0132; the same usage at
// gemini-3.5-flash prices is $0.00396, and that is the record's other-lane cost.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Decision } from '../../../src/core/task.ts';
import { validateRecord } from '../../../src/core/ledger-record.ts';
import { priceFnFrom } from '../../../src/pipeline/lane-setup.ts';
import { attemptRecord, blockOutcome, blockRecord } from '../../../src/pipeline/request-record.ts';

const price = priceFnFrom({});
const decision = (lane: 'fast' | 'deep', model: string, other: string): Decision => ({
  type: 'decision', lane, provider: lane === 'deep' ? 'openai' : 'gemini', model, reason: 'test', cause: 'initial',
  estimate: { inputTokens: 1_200, outputCap: 32_000, typicalOutputTokens: 6_000, costNanosLow: 180_000_000, costNanosHigh: 960_000_000, expectedMs: 88_000, basis: 'kind', range: { outputLow: 3_000, outputHigh: 15_000, costNanosLow: 90_000_000, costNanosHigh: 450_000_000 } },
  // The policy's typical-output guess for the other lane: the record must not use it.
  counterfactual: { lane: lane === 'deep' ? 'fast' : 'deep', model: other, costNanos: 54_000_000 },
});
const outcome = { output: 'x', toolCalls: [], usage: { input: 1_200, cachedInput: 400, output: 300, reasoning: 0 }, timing: { start: 10, headers: 20, firstToken: 30, end: 1_710 } };
const stamp = { taskId: 't1', kind: 'refactor' as const, file: 'src/a.ts' };

describe('request record', () => {
  it('the issue\'s refactor: $0.0132 on gpt-5.5, and $0.00396 for the same usage on the fast lane', () => {
    const rec = attemptRecord(stamp, { id: 'r1', attempt: 0, startedAt: new Date(0), decision: decision('deep', 'gpt-5.5', 'gemini-3.5-flash'), provider: 'openai', outcome, queuedMs: 3, price });
    assert.equal(validateRecord(rec), undefined);
    assert.deepEqual([rec.costNanos, rec.counterfactualNanos, rec.estimateNanos], [13_200_000, 3_960_000, 180_000_000]);
    assert.deepEqual(rec.timings, { queuedMs: 3, sentMs: 10, firstTokenMs: 20, endMs: 1_700 });
  });

  it('the other way round: the fast lane\'s attempt priced at gpt-5.5', () => {
    const rec = attemptRecord(stamp, { id: 'r2', attempt: 0, startedAt: new Date(0), decision: decision('fast', 'gemini-3.5-flash', 'gpt-5.5'), provider: 'gemini', outcome, queuedMs: 0, price });
    assert.deepEqual([rec.costNanos, rec.counterfactualNanos], [3_960_000, 13_200_000]);
  });

  it('a block: its cause, no tokens, no cost, no counterfactual, the estimate kept', () => {
    const causes = ['budget_stop', 'needs_confirmation', 'cooldown', 'context_too_large', 'untrusted', 'not_configured'] as const;
    assert.deepEqual(causes.map(blockOutcome), ['blocked_budget', 'blocked_confirmation', 'blocked_cooldown', 'blocked_context', 'blocked_untrusted', 'error:auth']);
    const rec = blockRecord(stamp, { attempt: 0, time: new Date(0), lane: 'deep', provider: 'openai', model: 'gpt-5.5', reason: 'cooling down', outcome: 'blocked_cooldown', estimateNanos: 7 });
    assert.equal(validateRecord(rec), undefined);
    assert.deepEqual([rec.outcome, rec.costNanos, rec.counterfactualNanos, rec.estimateNanos, rec.tokens.input, rec.file], ['blocked_cooldown', 0, 0, 7, 0, 'src/a.ts']);
  });
});

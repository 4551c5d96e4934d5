// Shared test fixtures: a record builder and a price function with the published rates.
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import type { PriceFn } from '../../../src/core/task.ts';

/** Nano-dollars per token: fast $1.50/$0.15/$9.00, deep $5/$0.50/$30 per million. */
const RATES: Record<string, { input: number; cached: number; output: number }> = {
  'gemini-3.5-flash': { input: 1_500, cached: 150, output: 9_000 },
  'gpt-5.5': { input: 5_000, cached: 500, output: 30_000 },
};

export const price: PriceFn = (model, u) => {
  const r = RATES[model];
  if (!r) throw new Error(`no price for ${model}`);
  return (u.input - u.cached) * r.input + u.cached * r.cached + u.output * r.output;
};

let seq = 0;

export function record(over: Partial<LedgerRecord> = {}): LedgerRecord {
  seq++;
  return {
    v: 1,
    id: `r${seq}`,
    taskId: `t${seq}`,
    attempt: 0,
    time: '2026-03-15T10:00:00.000Z',
    kind: 'completion',
    lane: 'fast',
    provider: 'gemini',
    model: 'gemini-3.5-flash',
    reason: 'inline completion, so the fast lane',
    outcome: 'ok',
    timings: { queuedMs: 0, sentMs: 2, firstTokenMs: 100, endMs: 200 },
    tokens: { input: 1000, cached: 0, output: 30, reasoning: 0 },
    // 1,000 x 1,500 + 30 x 9,000 = 1,770,000 nanos; on the deep lane 1,000 x 5,000 + 30 x 30,000 = 5,900,000.
    costNanos: 1_770_000,
    estimateNanos: 1_800_000,
    counterfactualNanos: 5_900_000,
    language: 'typescript',
    file: 'src/a.ts',
    ...over,
  };
}

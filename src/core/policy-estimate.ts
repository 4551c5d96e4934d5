// What a task is expected to cost on a lane before it is sent. The expected
// output comes from, in order: recent outputs of this kind (the ledger), the
// task's own size (the builder's hint), or the kind's default. The user plans
// with a range around it; budgets reserve the worst case (the whole output cap).
import type { PolicyConfig } from './policy-config.ts';
import type { Counterfactual, Estimate, EstimateBasis, LaneId, PriceFn, TaskFacts } from './task.ts';

/**
 * The planning range's ends, as factors of the expected output. On the 20 emulated
 * first runs of bench/deep-lane.ts the billed output was 0.7–2.45× the task-sized
 * hint; the ends stay 5× apart at most (the bound), and the input, which is
 * known, only narrows the money range further.
 */
export const RANGE_LOW = 0.5;
export const RANGE_HIGH = 2.5;

/** The model a task uses on a lane: the user's override, else the lane's model. */
export function modelFor(task: TaskFacts, lane: LaneId, cfg: PolicyConfig): string {
  return task.override?.lane === lane && task.override.model ? task.override.model : cfg.lanes[lane].model;
}

function expectedOutput(task: TaskFacts, cfg: PolicyConfig): { tokens: number; basis: EstimateBasis } {
  if (task.expectedOutputTokens !== undefined) return { tokens: task.expectedOutputTokens, basis: 'history' };
  if (task.outputTokensHint !== undefined) return { tokens: task.outputTokensHint, basis: 'task' };
  return { tokens: cfg.tokenBudgets[task.kind].typicalOutput, basis: 'kind' };
}

export function estimateFor(task: TaskFacts, lane: LaneId, cfg: PolicyConfig, price: PriceFn): Estimate {
  const l = cfg.lanes[lane];
  const model = modelFor(task, lane, cfg);
  const outputCap = Math.min(cfg.tokenBudgets[task.kind].output, l.maxOutputTokens);
  const expected = expectedOutput(task, cfg);
  const typical = Math.max(1, Math.min(Math.round(expected.tokens), outputCap));
  const cached = Math.min(task.cachedTokens ?? 0, task.inputTokens);
  const cost = (output: number) => price(model, { input: task.inputTokens, cached, output, reasoning: 0 });
  const outputLow = Math.max(1, Math.floor(typical * RANGE_LOW));
  const outputHigh = Math.min(outputCap, Math.ceil(typical * RANGE_HIGH), outputLow * 5);
  return {
    inputTokens: task.inputTokens,
    outputCap,
    typicalOutputTokens: typical,
    basis: expected.basis,
    costNanosLow: cost(typical),
    // Worst case: no cache hit and the whole output cap spent.
    costNanosHigh: price(model, { input: task.inputTokens, cached: 0, output: outputCap, reasoning: 0 }),
    range: { outputLow, outputHigh, costNanosLow: cost(outputLow), costNanosHigh: cost(outputHigh) },
    expectedMs: l.firstTokenMs + Math.round((typical / l.tokensPerSecond) * 1000),
  };
}

/** The other lane's expected cost for the same task (before sending; afterwards the ledger prices the real usage). */
export function counterfactualFor(task: TaskFacts, lane: LaneId, cfg: PolicyConfig, price: PriceFn): Counterfactual {
  const est = estimateFor({ ...task, override: undefined }, lane, cfg, price);
  return { lane, model: cfg.lanes[lane].model, costNanos: est.costNanosLow };
}

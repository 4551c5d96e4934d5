// What the router expects a task to cost before anything is sent: the same
// route() the pipeline runs, with the same facts, so the numbers shown match
// what the ledger will record as the estimate.
import { randomUUID } from 'node:crypto';
import { route } from '../core/policy.ts';
import { formatUsd } from '../core/money.ts';
import type { BlockedCode, Estimate, LaneId } from '../core/task.ts';
import type { Pipeline } from './create-pipeline.ts';
import type { PipelineTask } from './task-types.ts';

export interface TaskEstimate {
  lane: LaneId;
  model: string;
  estimate: Estimate;
  /** Set when the router would block it (budget, cooldown, context size). */
  blocked?: { code: BlockedCode; reason: string };
}

export function estimateTask(pipeline: Pick<Pipeline, 'router' | 'policy' | 'price'>, task: PipelineTask<unknown>, expectedOutputTokens?: number): TaskEstimate {
  const d = route({
    taskId: randomUUID(), kind: task.kind, inputTokens: task.inputTokens, fileCount: task.fileCount,
    editLines: task.editLines, override: task.override, confirmedOverBudget: task.confirmedOverBudget, expectedOutputTokens,
  }, pipeline.router.state(), pipeline.policy(), pipeline.price);
  return d.type === 'blocked'
    ? { lane: d.lane, model: d.model, estimate: d.estimate, blocked: { code: d.code, reason: d.reason } }
    : { lane: d.lane, model: d.model, estimate: d.estimate };
}

/** One line for the user: tokens, money and time. */
export function describeEstimate(e: TaskEstimate): string {
  const { estimate: est } = e;
  const secs = Math.max(1, Math.round(est.expectedMs / 1000));
  return `${est.inputTokens.toLocaleString('en-US')} tokens in, about ${est.typicalOutputTokens.toLocaleString('en-US')} out, `
    + `${formatUsd(est.costNanosLow)} (up to ${formatUsd(est.costNanosHigh)}), about ${secs} s on ${e.model} (${e.lane} lane)`;
}

// What the router expects a task to cost before anything is sent: the same
// route() the pipeline runs, with the same facts, so the numbers shown match
// what the ledger will record as the estimate.
import { randomUUID } from 'node:crypto';
import { route } from '../core/policy.ts';
import { formatUsd } from '../core/money.ts';
import type { BlockedCode, Estimate, EstimateBasis, LaneId } from '../core/task.ts';
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
  // The task's own id and language: learned routing picks by shape, and explores by a hash of the id.
  const d = route({
    taskId: task.taskId ?? randomUUID(), kind: task.kind, inputTokens: task.inputTokens, fileCount: task.fileCount, ...(task.language ? { language: task.language } : {}),
    editLines: task.editLines, override: task.override, confirmedOverBudget: task.confirmedOverBudget, expectedOutputTokens,
    outputTokensHint: task.outputTokensHint, ...(task.agent ? { agent: task.agent } : {}),
  }, pipeline.router.state(), pipeline.policy(), pipeline.price);
  return d.type === 'blocked'
    ? { lane: d.lane, model: d.model, estimate: d.estimate, blocked: { code: d.code, reason: d.reason } }
    : { lane: d.lane, model: d.model, estimate: d.estimate };
}

const BASIS: Readonly<Record<EstimateBasis, string>> = {
  history: 'sized from your recent tasks of this kind',
  task: 'sized from the files in scope and the instruction (no history yet)',
  kind: 'a default for this kind of task (no history yet)',
};

/**
 * One line for the user: tokens, money and time, labelled as an estimate. The range
 * is the planning range (at most 5x wide); the worst case budgets reserve is not shown.
 */
export function describeEstimate(e: TaskEstimate): string {
  const { estimate: est } = e;
  const { range } = est;
  const n = (x: number) => x.toLocaleString('en-US');
  const secs = Math.max(1, Math.round(est.expectedMs / 1000));
  return `${n(est.inputTokens)} tokens in, about ${n(est.typicalOutputTokens)} out (${n(range.outputLow)}-${n(range.outputHigh)}), `
    + `estimated ${formatUsd(est.costNanosLow)} (${formatUsd(range.costNanosLow)}-${formatUsd(range.costNanosHigh)}), `
    + `about ${secs} s on ${e.model} (${e.lane} lane); ${BASIS[est.basis]}`;
}

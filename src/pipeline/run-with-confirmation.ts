// Estimate → ask → run, written once for every face (Quick Edit, Refactor, AST
// Transform, the CLI). The faces differ only in how they ask (a modal, a
// notification, a flag); the decisions and the outcome events live here.
import { randomUUID } from 'node:crypto';
import type { LedgerRecord } from '../core/ledger-record.ts';
import { formatUsd } from '../core/money.ts';
import type { TaskKind } from '../core/task.ts';
import type { Pipeline } from './create-pipeline.ts';
import { describeEstimate, estimateTask, type TaskEstimate } from './estimate.ts';
import type { PipelineTask, TaskFailureKind, TaskResult } from './task-types.ts';

export interface ConfirmQuestion {
  readonly kind: TaskKind;
  /** 'threshold': the estimate is over the caller's confirmation threshold; 'budget': a budget cap needs an explicit yes. */
  readonly cause: 'threshold' | 'budget';
  readonly estimate: TaskEstimate;
  /** Why it is asked ("over your $0.05 confirmation threshold", or the budget's reason). */
  readonly why: string;
  /** describeEstimate(estimate): tokens, money, time. */
  readonly detail: string;
  /** The run itself came back needing confirmation after the first answer. */
  readonly again: boolean;
}

/** How a face asks. True sends; the signal aborts when the user cancels while the question is open. */
export type Confirm = (question: ConfirmQuestion, signal: AbortSignal) => Promise<boolean>;

export type RunOutcome = 'ok' | TaskFailureKind | 'declined';

/** What happened, in order; the one definition of these events (the ledger's economics build on them). */
export type RunEvent =
  | { readonly type: 'estimated'; readonly kind: TaskKind; readonly estimate: TaskEstimate }
  | { readonly type: 'asked'; readonly kind: TaskKind; readonly question: ConfirmQuestion }
  /** by 'cancel': the task was cancelled while the question was open. */
  | { readonly type: 'declined'; readonly kind: TaskKind; readonly question: ConfirmQuestion; readonly by: 'answer' | 'cancel' }
  /** Handed to the pipeline, which may still block it (see the records of 'finished'). */
  | { readonly type: 'sent'; readonly kind: TaskKind; readonly confirmedOverBudget: boolean }
  | { readonly type: 'finished'; readonly kind: TaskKind; readonly outcome: RunOutcome; readonly records: readonly LedgerRecord[] };

export type RunListener = (event: RunEvent) => void;

export interface ConfirmedRunOptions {
  pipeline: Pick<Pipeline, 'run' | 'router' | 'policy' | 'price'>;
  confirm: Confirm;
  /** Cancels the question and the run; replaces the task's own signal. */
  signal?: AbortSignal;
  /** Ask before sending when the low estimate is above this many nano-USD; undefined never asks for cost alone. */
  confirmAboveNanos?: number;
  /** Recent output tokens of this kind, so the estimate matches the router's. */
  expectedOutputTokens?: number;
  onEvent?: RunListener;
}

export interface Declined {
  ok: false;
  kind: 'declined';
  /** A sentence for the user; faces may add how to say yes (the CLI names its flag). */
  message: string;
  question: ConfirmQuestion;
  /** The pipeline's block record, when the budget question followed a blocked run. */
  records: LedgerRecord[];
}

export type ConfirmedResult<T> = TaskResult<T> | Declined;

const cancelled = <T>(records: LedgerRecord[] = []): TaskResult<T> =>
  ({ ok: false, kind: 'cancelled', message: 'Cancelled; nothing was changed.', records });

/**
 * Runs a task through the one pipeline, asking first when its estimate is over the
 * threshold. A budget cap is left to the pipeline's router (so the block is in the
 * ledger), then asked once and re-run with confirmedOverBudget. Never mutates the task.
 */
export async function runWithConfirmation<T>(given: PipelineTask<T>, opts: ConfirmedRunOptions): Promise<ConfirmedResult<T>> {
  // The estimate and the first send share an id, so the lane shown is the lane routing takes (it explores by the id).
  const task: PipelineTask<T> = given.taskId ? given : { ...given, taskId: randomUUID() };
  const { kind } = task;
  const signal = opts.signal ?? task.signal ?? new AbortController().signal;
  const emit = (event: RunEvent) => opts.onEvent?.(event);
  const finish = <R extends ConfirmedResult<T>>(result: R): R => {
    emit({ type: 'finished', kind, outcome: result.ok ? 'ok' : result.kind, records: result.records });
    return result;
  };
  /** 'yes', 'no', or 'cancel' when the signal aborted while the question was open. */
  const ask = async (question: ConfirmQuestion): Promise<'yes' | 'no' | 'cancel'> => {
    emit({ type: 'asked', kind, question });
    const yes = await untilAborted(opts.confirm(question, signal), signal);
    const answer = signal.aborted ? 'cancel' : yes ? 'yes' : 'no';
    if (answer !== 'yes') emit({ type: 'declined', kind, question, by: answer === 'cancel' ? 'cancel' : 'answer' });
    return answer;
  };
  const send = (confirmedOverBudget: boolean, again = false) => {
    emit({ type: 'sent', kind, confirmedOverBudget });
    // A confirmed re-send is a task of its own, as before (unless the caller named the task).
    return opts.pipeline.run<T>({ ...(again ? given : task), signal, confirmedOverBudget });
  };
  const stop = (answer: 'no' | 'cancel', question: ConfirmQuestion, records: LedgerRecord[] = []) =>
    finish(answer === 'cancel' ? cancelled<T>(records) : declined(question, records));

  if (signal.aborted) return finish(cancelled<T>());
  const estimate = estimateTask(opts.pipeline, task, opts.expectedOutputTokens);
  emit({ type: 'estimated', kind, estimate });
  const overThreshold = !estimate.blocked && opts.confirmAboveNanos !== undefined && estimate.estimate.costNanosLow > opts.confirmAboveNanos;
  if (overThreshold) {
    const question = questionOf(kind, 'threshold', estimate, `over your ${formatUsd(opts.confirmAboveNanos!)} confirmation threshold`, false);
    const answer = await ask(question);
    if (answer !== 'yes') return stop(answer, question);
  }
  if (signal.aborted) return finish(cancelled<T>());

  const confirmed = task.confirmedOverBudget === true;
  const first = await send(confirmed);
  const block = !first.ok && first.kind === 'blocked' && first.blocked?.code === 'needs_confirmation' ? first.blocked : undefined;
  if (!block || confirmed) return finish(first);
  const question = questionOf(kind, 'budget', { lane: block.lane, model: block.model, estimate: block.estimate }, block.reason, overThreshold);
  const answer = await ask(question);
  if (answer !== 'yes') return stop(answer, question, first.records);
  const second = await send(true);
  return finish({ ...second, records: [...first.records, ...second.records] });
}

function questionOf(kind: TaskKind, cause: ConfirmQuestion['cause'], estimate: TaskEstimate, why: string, again: boolean): ConfirmQuestion {
  return { kind, cause, estimate, why, detail: describeEstimate(estimate), again };
}

function declined(question: ConfirmQuestion, records: LedgerRecord[]): Declined {
  const what = question.cause === 'threshold' ? `its estimate, ${formatUsd(question.estimate.estimate.costNanosLow)}, is ${question.why}` : question.why;
  return { ok: false, kind: 'declined', message: `Switchyard did not send this request: ${what}.`, question, records };
}

/** The answer, or false as soon as the signal aborts (a modal may stay open; its answer no longer counts). */
function untilAborted(answer: Promise<boolean>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve, reject) => {
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    void answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

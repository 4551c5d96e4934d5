import * as vscode from 'vscode';
import { formatUsd } from '../../core/money.ts';
import { NANO_USD_PER_USD } from '../../core/pricing.ts';
import { describeEstimate, estimateTask } from '../../pipeline/refactor/estimate.ts';
import type { PipelineTask } from '../../pipeline/task-types.ts';
import { reportMissingKey } from '../secrets.ts';
import { trackDeepTask } from '../usage/activity.ts';
import type { Services } from '../services.ts';
import { refuseUntrusted } from '../trust.ts';

export type DeepOutcome<T> = { ok: true; value: T; estimate: string } | { ok: false; message: string; cancelled?: boolean; untrusted?: boolean };

export interface DeepRunOptions<T> {
  title: string;
  /** The command in words ("Refactor"), for messages. */
  what: string;
  services: Services;
  /** Builds the task (context, scope) inside the progress, so cancelling covers it too. */
  build(signal: AbortSignal, report: (message: string) => void): Promise<PipelineTask<T>>;
  /** Tests and scripts: answer yes to the cost confirmation. */
  yes?: boolean;
  /** Tests and scripts: a cancel of their own, on top of the notification's Cancel button. */
  signal?: AbortSignal;
}

async function confirmCost(title: string, detail: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  const send = 'Send';
  const choice = await vscode.window.showWarningMessage(`${title}: ${detail}. Send it to the deep lane?`, { modal: true }, send);
  return choice === send;
}

/**
 * The deep lane's common path for refactors and transforms: key check, context,
 * the router's estimate (confirmed above the setting), the one pipeline call,
 * all under one cancellable progress notification.
 */
export async function runDeepTask<T>(opts: DeepRunOptions<T>): Promise<DeepOutcome<T>> {
  const { services } = opts;
  if (refuseUntrusted(opts.what)) return { ok: false, message: 'The workspace is not trusted, so nothing was sent.', untrusted: true };
  if (!(await services.pipeline.laneReady('deep'))) {
    void reportMissingKey('deep', services.pipeline.laneSettings('deep'), opts.what);
    return { ok: false, message: 'The deep lane has no key of its own, so nothing was sent.' };
  }
  // The meter spins while deep-lane work runs.
  return trackDeepTask(Promise.resolve(vscode.window.withProgress<DeepOutcome<T>>({ location: vscode.ProgressLocation.Notification, title: opts.title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    const onAbort = () => controller.abort();
    if (opts.signal?.aborted) controller.abort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const cancelled = { ok: false as const, message: 'Cancelled; nothing was changed.', cancelled: true };
    try {
      const task = await opts.build(controller.signal, (message) => progress.report({ message }));
      if (controller.signal.aborted) return cancelled;
      task.signal = controller.signal;
      const est = estimateTask(services.pipeline, task, services.ledger.recentOutputTokens(task.kind));
      const detail = describeEstimate(est);
      if (est.blocked && est.blocked.code !== 'needs_confirmation') return { ok: false, message: `Switchyard did not send this request: ${est.blocked.reason}.` };
      const threshold = Math.round(services.settings().refactor.confirmAboveUsd * NANO_USD_PER_USD);
      if (est.blocked || est.estimate.costNanosLow > threshold) {
        const why = est.blocked ? est.blocked.reason : `over your ${formatUsd(threshold)} confirmation threshold`;
        if (!(await confirmCost(opts.title, `${detail}; ${why}`, opts.yes))) return cancelled;
        if (est.blocked) task.confirmedOverBudget = true;
      }
      if (controller.signal.aborted) return cancelled;
      progress.report({ message: `asking the deep lane (${detail})…` });
      task.onAttempt = (info) => { if (info.previousFailure) progress.report({ message: 'the plan was invalid; asking the model to repair it once…' }); };
      let result = await services.pipeline.run(task);
      if (!result.ok && result.kind === 'blocked' && result.blocked?.code === 'needs_confirmation'
        && await confirmCost(opts.title, `${describeEstimate({ ...est, estimate: result.blocked.estimate })}; ${result.blocked.reason}`, opts.yes)) {
        result = await services.pipeline.run({ ...task, confirmedOverBudget: true });
      }
      if (controller.signal.aborted) return cancelled;
      if (!result.ok) return { ok: false, message: result.message, cancelled: result.kind === 'cancelled' };
      return { ok: true, value: result.value, estimate: detail };
    } finally {
      sub.dispose();
      opts.signal?.removeEventListener('abort', onAbort);
    }
  })));
}

import * as vscode from 'vscode';
import type { LedgerRecord } from '../../core/ledger-record.ts';
import { NANO_USD_PER_USD } from '../../core/pricing.ts';
import { describeEstimate } from '../../pipeline/estimate.ts';
import { runWithConfirmation } from '../../pipeline/run-with-confirmation.ts';
import type { AttemptInfo, PipelineTask } from '../../pipeline/task-types.ts';
import { reportMissingKey } from '../secrets.ts';
import { trackDeepTask } from '../usage/activity.ts';
import type { Services } from '../services.ts';
import { refuseUntrusted } from '../trust.ts';

export type DeepOutcome<T> = { ok: true; value: T; estimate: string; records: LedgerRecord[] } | { ok: false; message: string; cancelled?: boolean; untrusted?: boolean };

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
 * then runWithConfirmation (a modal above the setting or at a budget cap), all
 * under one cancellable progress notification.
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
      const built = await opts.build(controller.signal, (message) => progress.report({ message }));
      if (controller.signal.aborted) return cancelled;
      let detail = '';
      const task = { ...built, onAttempt: (info: AttemptInfo) => { if (info.previousFailure) progress.report({ message: 'the plan was invalid; asking the model to repair it once…' }); } };
      const result = await runWithConfirmation(task, {
        pipeline: services.pipeline,
        signal: controller.signal,
        confirmAboveNanos: Math.round(services.settings().refactor.confirmAboveUsd * NANO_USD_PER_USD),
        expectedOutputTokens: services.ledger.recentOutputTokens(task.kind),
        confirm: (q) => confirmCost(opts.title, `${q.detail}; ${q.why}`, opts.yes),
        onEvent: (e) => {
          if (e.type === 'estimated') detail = describeEstimate(e.estimate);
          if (e.type === 'sent') progress.report({ message: `asking the deep lane (${detail})…` });
        },
      });
      if (controller.signal.aborted || (!result.ok && (result.kind === 'declined' || result.kind === 'cancelled'))) return cancelled;
      if (!result.ok) return { ok: false, message: result.message };
      return { ok: true, value: result.value, estimate: detail, records: result.records };
    } finally {
      sub.dispose();
      opts.signal?.removeEventListener('abort', onAbort);
    }
  })));
}

// The pipeline for headless deep-lane commands: lanes from flags or the
// environment, keys from flags or the environment, a real ledger on disk,
// and budgets that count what the ledger already holds for today and this month.
import { readSettings, SETTING_DEFAULTS, type SettingKey } from '../../core/settings.ts';
import { createPipeline, type Pipeline } from '../../pipeline/create-pipeline.ts';
import { LedgerStore } from '../../pipeline/ledger-store.ts';
import { describeEstimate, estimateTask } from '../../pipeline/refactor/estimate.ts';
import type { PipelineTask, TaskResult } from '../../pipeline/task-types.ts';
import { UsageError } from '../command.ts';
import { resolveLedgerDir } from '../ledger-dir.ts';
import type { CliIO } from '../command.ts';

export const LANE_OPTIONS = {
  'base-url': { type: 'string' },
  protocol: { type: 'string' },
  model: { type: 'string' },
  key: { type: 'string' },
  'ledger-dir': { type: 'string' },
  'confirm-over-budget': { type: 'boolean' },
} as const;

export const LANE_HELP = [
  '  deep lane: --base-url URL (SWITCHYARD_DEEP_BASE_URL), --protocol openai-responses|openai-chat|gemini',
  '    (SWITCHYARD_DEEP_PROTOCOL), --model M (SWITCHYARD_DEEP_MODEL), --key K (SWITCHYARD_DEEP_API_KEY,',
  '    else OPENAI_API_KEY, or GEMINI_API_KEY for the gemini protocol)',
  '  --ledger-dir D   usage ledger (SWITCHYARD_LEDGER_DIR; default $XDG_DATA_HOME/switchyard/ledger,',
  '                   i.e. ~/.local/share/switchyard/ledger)',
  '  --confirm-over-budget  send even when the estimate reaches the daily or monthly budget',
].join('\n');

export interface LaneFlags { 'base-url'?: string; protocol?: string; model?: string; key?: string; 'ledger-dir'?: string; 'confirm-over-budget'?: boolean }


export interface DeepLane {
  pipeline: Pipeline;
  ledgerDir: string;
  /** Runs a task after printing the router's estimate; closes nothing. */
  run<T>(task: PipelineTask<T>): Promise<TaskResult<T>>;
  close(): Promise<void>;
}

export async function openDeepLane(flags: LaneFlags, io: CliIO): Promise<DeepLane> {
  const env = io.env;
  const protocol = flags.protocol ?? env.SWITCHYARD_DEEP_PROTOCOL ?? SETTING_DEFAULTS['deepLane.protocol'];
  if (!['openai-responses', 'openai-chat', 'gemini'].includes(protocol)) throw new UsageError(`--protocol must be openai-responses, openai-chat or gemini, got "${protocol}"`);
  const values: Partial<Record<SettingKey, unknown>> = {
    'deepLane.protocol': protocol,
    'deepLane.baseUrl': flags['base-url'] ?? env.SWITCHYARD_DEEP_BASE_URL ?? '',
    ...(flags.model ?? env.SWITCHYARD_DEEP_MODEL ? { 'deepLane.model': flags.model ?? env.SWITCHYARD_DEEP_MODEL } : {}),
  };
  const settings = readSettings((k) => values[k]);
  const key = (flags.key ?? env.SWITCHYARD_DEEP_API_KEY ?? (protocol === 'gemini' ? env.GEMINI_API_KEY : env.OPENAI_API_KEY) ?? '').trim();
  const ledgerDir = resolveLedgerDir(flags['ledger-dir'], env, io.cwd);
  const store = new LedgerStore(ledgerDir);
  const month = await store.readMonth(store.currentMonth());
  const recent = (kind: string) => {
    const outs = month.records.filter((r) => r.kind === kind && r.outcome === 'ok').slice(-20).map((r) => r.tokens.output);
    return outs.length ? Math.round(outs.reduce((a, b) => a + b, 0) / outs.length) : undefined;
  };
  // Only the deep lane is configured here: the key goes to whichever provider it speaks.
  const pipeline = createPipeline({
    settings: () => settings, keys: { get: () => key }, ledger: store, simulated: env.SWITCHYARD_SIMULATED === '1', expectedOutputTokens: recent,
  });
  const today = new Date().toISOString().slice(0, 10);
  pipeline.router.setSpend(
    month.records.filter((r) => r.time.startsWith(today)).reduce((n, r) => n + r.costNanos, 0),
    month.records.reduce((n, r) => n + r.costNanos, 0),
  );
  return {
    pipeline,
    ledgerDir,
    run: async (task) => {
      if (!key) throw new Error(`the deep lane has no API key: pass --key, or set SWITCHYARD_DEEP_API_KEY or ${protocol === 'gemini' ? 'GEMINI_API_KEY' : 'OPENAI_API_KEY'}; nothing was sent`);
      task.confirmedOverBudget = flags['confirm-over-budget'] === true;
      const est = estimateTask(pipeline, task, recent(task.kind));
      io.err(`estimate: ${describeEstimate(est)}\n`);
      const result = await pipeline.run(task);
      if (!result.ok && result.kind === 'blocked' && result.blocked?.code === 'needs_confirmation') {
        return { ...result, message: `${result.message} Re-run with --confirm-over-budget to send it anyway.` };
      }
      return result;
    },
    close: () => store.close(),
  };
}

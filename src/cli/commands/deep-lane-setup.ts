// The pipeline for headless deep-lane commands. Both lanes are read from flags,
// the environment (SWITCHYARD_FAST_* / SWITCHYARD_DEEP_*) or a config file, through
// the same settings code as the extension (src/core/settings.ts); each lane gets
// only its own key (src/core/lane-keys.ts). The extension's ledger service on disk,
// budgets that count what it already holds, and the egress gate over the workspace root.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { providerKeyEnv } from '../../core/lane-keys.ts';
import { envSettings, invalidSetting, LANE_ENV, layeredReader, readSettings, SETTING_DEFAULTS, type SettingKey, type SettingReader, type Settings } from '../../core/settings.ts';
import type { LaneId } from '../../core/task.ts';
import { createPipeline, type Pipeline } from '../../pipeline/create-pipeline.ts';
import { EgressGate } from '../../pipeline/egress-gate.ts';
import { fixedSettings } from '../../pipeline/settings-snapshot.ts';
import { LedgerService } from '../../ledger/service.ts';
import { followSpend } from '../../ledger/spend.ts';
import { describeEstimate } from '../../pipeline/estimate.ts';
import { runWithConfirmation, type ConfirmedResult, type ConfirmQuestion } from '../../pipeline/run-with-confirmation.ts';
import type { PipelineTask } from '../../pipeline/task-types.ts';
import { NANO_USD_PER_USD } from '../../core/pricing.ts';
import { UsageError } from '../command.ts';
import { resolveLedgerDir } from '../ledger-dir.ts';
import type { CliIO } from '../command.ts';

export const LANE_OPTIONS = {
  'base-url': { type: 'string' },
  protocol: { type: 'string' },
  model: { type: 'string' },
  key: { type: 'string' },
  'fast-base-url': { type: 'string' },
  'fast-protocol': { type: 'string' },
  'fast-model': { type: 'string' },
  'fast-key': { type: 'string' },
  config: { type: 'string' },
  'no-fallback': { type: 'boolean' },
  'ledger-dir': { type: 'string' },
  'confirm-over-budget': { type: 'boolean' },
  yes: { type: 'boolean' },
} as const;

export const LANE_HELP = [
  '  deep lane: --base-url URL (SWITCHYARD_DEEP_BASE_URL), --protocol openai-responses|openai-chat|gemini',
  '    (SWITCHYARD_DEEP_PROTOCOL), --model M (SWITCHYARD_DEEP_MODEL), --key K (SWITCHYARD_DEEP_API_KEY;',
  '    OPENAI_API_KEY / GEMINI_API_KEY only when the lane uses that provider\'s own endpoint)',
  '  fast lane (only when configured: a fallback, or first where learned routing picks it): --fast-base-url, --fast-protocol,',
  '    --fast-model, --fast-key (SWITCHYARD_FAST_BASE_URL, _PROTOCOL, _MODEL, _API_KEY)',
  '  --config FILE    settings as JSON, keys as in VS Code ("switchyard.deepLane.baseUrl": …) (SWITCHYARD_CONFIG)',
  '  --no-fallback    never move a task to the other lane',
  '  --ledger-dir D   usage ledger (SWITCHYARD_LEDGER_DIR; default $XDG_DATA_HOME/switchyard/ledger,',
  '                   i.e. ~/.local/share/switchyard/ledger)',
  '  --confirm-over-budget  send even past the warn level (switchyard.budget.aboveWarn: ask) or at the daily or',
  '                   monthly budget, never past its hard ceiling (switchyard.budget.hardCeilingPercent)',
  '  --yes            answer yes to every question: the estimate over switchyard.refactor.confirmAboveUsd, and the budget',
].join('\n');

export interface LaneFlags {
  'base-url'?: string; protocol?: string; model?: string; key?: string;
  'fast-base-url'?: string; 'fast-protocol'?: string; 'fast-model'?: string; 'fast-key'?: string;
  config?: string; 'no-fallback'?: boolean; 'ledger-dir'?: string; 'confirm-over-budget'?: boolean; yes?: boolean;
}

export interface DeepLane {
  pipeline: Pipeline;
  ledgerDir: string;
  /** Prints the router's estimate, then runs the task if no question needs a flag; closes nothing. */
  run<T>(task: PipelineTask<T>): Promise<ConfirmedResult<T>>;
  close(): Promise<void>;
}

/** The CLI's answers come from flags: a terminal or CI cannot be asked, so a missing flag is a no. */
export function cliConfirm(flags: Pick<LaneFlags, 'yes' | 'confirm-over-budget'>): (q: ConfirmQuestion) => Promise<boolean> {
  return (q) => Promise.resolve(flags.yes === true || (q.cause === 'budget' && flags['confirm-over-budget'] === true));
}

/** The flag that answers this question yes. */
export function flagFor(q: ConfirmQuestion): string {
  return q.cause === 'budget' ? '--confirm-over-budget' : '--yes';
}

/** A config file's settings: `switchyard.`-prefixed or bare keys, each checked like a flag. */
function configReader(path: string | undefined, cwd: string): SettingReader {
  if (!path) return () => undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(cwd, path), 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read the config file ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`the config file ${path} must hold a JSON object`);
  const values: Partial<Record<SettingKey, unknown>> = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = k.replace(/^switchyard\./, '');
    if (!(key in SETTING_DEFAULTS)) throw new UsageError(`the config file ${path} has an unknown setting "${k}"`);
    const bad = invalidSetting(key as SettingKey, v);
    if (bad) throw new UsageError(`the config file ${path}: ${bad}`);
    values[key as SettingKey] = v;
  }
  return (k) => values[k];
}

function flagReader(flags: LaneFlags): SettingReader {
  const values: Partial<Record<SettingKey, unknown>> = {
    'deepLane.baseUrl': flags['base-url'], 'deepLane.protocol': flags.protocol, 'deepLane.model': flags.model,
    'fastLane.baseUrl': flags['fast-base-url'], 'fastLane.protocol': flags['fast-protocol'], 'fastLane.model': flags['fast-model'],
    ...(flags['no-fallback'] ? { 'routing.allowFallback': false } : {}),
  };
  for (const [k, v] of Object.entries(values)) {
    const bad = invalidSetting(k as SettingKey, v);
    if (bad) throw new UsageError(bad);
  }
  return (k) => values[k];
}

/** Tests only: a clock for the ledger's day and month and the router. */
export interface DeepLaneOptions {
  now?: () => number;
}

/** The CLI's settings: flags over the environment (SWITCHYARD_*) over the config file, each value checked. */
export function cliSettings(flags: LaneFlags, io: CliIO): Settings {
  const fromEnv = envSettings(io.env);
  for (const [k, v] of Object.entries(fromEnv)) {
    const bad = invalidSetting(k as SettingKey, v);
    if (bad) throw new UsageError(`${bad} (from the environment)`);
  }
  return readSettings(layeredReader(flagReader(flags), (k) => fromEnv[k], configReader(flags.config ?? io.env.SWITCHYARD_CONFIG, io.cwd)));
}

export async function openDeepLane(flags: LaneFlags, io: CliIO, root?: string, opts: DeepLaneOptions = {}): Promise<DeepLane> {
  const env = io.env;
  const settings = cliSettings(flags, io);
  const ownKeys: Record<LaneId, string | undefined> = { deep: flags.key, fast: flags['fast-key'] };
  const ledgerDir = resolveLedgerDir(flags['ledger-dir'], env, io.cwd);
  // The extension's ledger service: the local day, the same statistics, other processes' appends followed.
  const ledger = new LedgerService(ledgerDir, { now: opts.now });
  // Routing reads last month's outcomes too, as VS Code's router does once it has them.
  await ledger.routingLoaded();
  const pipeline = createPipeline({
    settings: fixedSettings(settings),
    keys: { own: (lane) => (ownKeys[lane]?.trim() ? { key: ownKeys[lane]!.trim(), source: lane === 'deep' ? '--key' : '--fast-key' } : undefined) },
    env,
    ledger,
    egress: new EgressGate({ root }),
    simulated: env.SWITCHYARD_SIMULATED === '1',
    log: io.log?.child('pipeline'),
    now: opts.now,
    expectedOutputTokens: (kind) => ledger.recentOutputTokens(kind),
    learned: () => ledger.routing,
  });
  const spend = followSpend(ledger, pipeline.router);
  return {
    pipeline,
    ledgerDir,
    run: async (task) => {
      // Both lanes are looked at before anything is sent: a lane without its own endpoint and key is never a fallback.
      const [deepReady] = await Promise.all([pipeline.laneReady('deep'), pipeline.laneReady('fast')]);
      if (!deepReady) {
        const provider = providerKeyEnv(settings.deepLane);
        throw new Error(`the deep lane has no key: pass --key, or set ${LANE_ENV.deep.apiKey}${provider ? ` or ${provider}` : ''}; nothing was sent`);
      }
      const result = await runWithConfirmation(task, {
        pipeline,
        confirmAboveNanos: Math.round(settings.refactor.confirmAboveUsd * NANO_USD_PER_USD),
        expectedOutputTokens: ledger.recentOutputTokens(task.kind),
        confirm: cliConfirm(flags),
        onEvent: (e) => { if (e.type === 'estimated') io.err(`estimate: ${describeEstimate(e.estimate)}\n`); },
      });
      return result.ok || result.kind !== 'declined' ? result : { ...result, message: `${result.message} Re-run with ${flagFor(result.question)} to send it anyway.` };
    },
    close: () => { spend.dispose(); return ledger.dispose(); },
  };
}

// Assembles the pipeline from settings and keys. The VS Code layer, the CLI and
// the tests all build it here, so every model call takes the same path.
import { createProviderClient } from '../providers/create-client.ts';
import type { PolicyConfig } from '../core/policy-config.ts';
import type { ProviderClient } from '../core/provider-types.ts';
import type { Settings } from '../core/settings.ts';
import type { LaneId, PriceFn } from '../core/task.ts';
import { keyNameFor, laneConfig, laneSettings, policyFrom, priceFnFrom, priceTableFrom } from './lane-setup.ts';
import { RouterRuntime } from './router-runtime.ts';
import { runTask, type LedgerSink, type PipelineDeps } from './run-task.ts';
import type { PipelineTask, TaskResult } from './task-types.ts';

export interface ApiKeySource {
  /** The key for a provider, or '' when none is set (the lane then sends nothing). */
  get(name: 'openai' | 'gemini'): string | Promise<string>;
}

export interface PipelineOptions {
  settings: () => Settings;
  keys: ApiKeySource;
  ledger: LedgerSink;
  simulated?: boolean;
  log?(message: string): void;
  now?: () => number;
  /** Recent average output tokens per kind, from the ledger's aggregates. */
  expectedOutputTokens?(kind: PipelineTask<unknown>['kind']): number | undefined;
}

export interface Pipeline {
  run<T>(task: PipelineTask<T>): Promise<TaskResult<T>>;
  policy(): PolicyConfig;
  price: PriceFn;
  readonly router: RouterRuntime;
  /** Whether the lane has a key, without sending anything. */
  hasKey(lane: LaneId): Promise<boolean>;
  keyNameFor(lane: LaneId): 'openai' | 'gemini';
}

export function createPipeline(opts: PipelineOptions): Pipeline {
  const router = new RouterRuntime(opts.now);
  let priced: { key: string; fn: PriceFn } | undefined;
  const price: PriceFn = (model, usage) => {
    const table = priceTableFrom(opts.settings());
    const key = JSON.stringify(table);
    if (priced?.key !== key) {
      priced = { key, fn: priceFnFrom(table, (m) => opts.log?.(`no price known for model ${m}; its cost is recorded as $0 (set switchyard.prices)`)) };
    }
    return priced.fn(model, usage);
  };
  const clients = new Map<string, ProviderClient>();
  const keyFor = async (lane: LaneId) => (await opts.keys.get(keyNameFor(laneSettings(opts.settings(), lane)))).trim();

  const deps = async (): Promise<PipelineDeps> => {
    const settings = opts.settings();
    const keys = { fast: await keyFor('fast'), deep: await keyFor('deep') };
    return {
      policy: () => policyFrom(settings),
      clientFor: (lane, model) => {
        const config = laneConfig({ ...laneSettings(settings, lane), model }, keys[lane]);
        const cacheKey = JSON.stringify(config);
        let client = clients.get(cacheKey);
        if (!client) {
          client = createProviderClient(config, { retry: false });
          clients.set(cacheKey, client);
        }
        return client;
      },
      price,
      ledger: opts.ledger,
      router,
      simulated: opts.simulated,
      recordPrompts: settings.ledger.recordPrompts,
      onLog: opts.log,
      expectedOutputTokens: opts.expectedOutputTokens,
    };
  };

  return {
    run: async (task) => runTask(task, await deps()),
    policy: () => policyFrom(opts.settings()),
    price,
    router,
    hasKey: async (lane) => (await keyFor(lane)) !== '',
    keyNameFor: (lane) => keyNameFor(laneSettings(opts.settings(), lane)),
  };
}

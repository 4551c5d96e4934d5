// Assembles the pipeline from settings and keys. The VS Code layer, the CLI and
// the tests all build it here, so every model call takes the same path: the
// same per-lane keys, the same rule for which lanes exist, the same egress gate.
import { laneReady, resolveLaneKey, type LaneKey } from '../core/lane-keys.ts';
import type { Logger } from '../core/log.ts';
import { mergePolicy, type PolicyConfig } from '../core/policy-config.ts';
import type { ProviderClient } from '../core/provider-types.ts';
import type { LaneSettings, Settings } from '../core/settings.ts';
import type { LaneId, PriceFn } from '../core/task.ts';
import { createProviderClient } from '../providers/create-client.ts';
import type { EgressGate } from './egress-gate.ts';
import { laneConfig, laneSettings, policyFrom, priceFnFrom, priceTableFrom } from './lane-setup.ts';
import { RouterRuntime } from './router-runtime.ts';
import { runTask, type LedgerSink, type PipelineDeps } from './run-task.ts';
import type { PipelineTask, TaskResult } from './task-types.ts';

export interface ApiKeySource {
  /** The lane's own key (its SecretStorage slot, or a flag) and where it came from; undefined when none is set. */
  own(lane: LaneId): { key: string; source: string } | undefined | Promise<{ key: string; source: string } | undefined>;
}

export interface PipelineOptions {
  settings: () => Settings;
  keys: ApiKeySource;
  /** SWITCHYARD_<LANE>_API_KEY and the provider defaults come from here (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  ledger: LedgerSink;
  /** Decides what may leave the machine; the faces share it with the pipeline. */
  egress?: EgressGate;
  simulated?: boolean;
  log?: Logger;
  now?: () => number;
  /** Recent average output tokens per kind, from the ledger's aggregates. */
  expectedOutputTokens?(kind: PipelineTask<unknown>['kind']): number | undefined;
}

export interface Pipeline {
  run<T>(task: PipelineTask<T>): Promise<TaskResult<T>>;
  /** The policy, with each lane marked available or not (see laneReady). */
  policy(): PolicyConfig;
  price: PriceFn;
  readonly router: RouterRuntime;
  readonly egress: EgressGate | undefined;
  /** The key a lane would send, and where it came from; undefined when it has none. */
  laneKey(lane: LaneId): Promise<LaneKey | undefined>;
  /** Whether the lane may be sent to (its own key, or a keyless local server), without sending anything. */
  laneReady(lane: LaneId): Promise<boolean>;
  laneSettings(lane: LaneId): LaneSettings;
}

export function createPipeline(opts: PipelineOptions): Pipeline {
  const router = new RouterRuntime(opts.now);
  const env = opts.env ?? process.env;
  let priced: { key: string; fn: PriceFn } | undefined;
  const price: PriceFn = (model, usage) => {
    const table = priceTableFrom(opts.settings());
    const key = JSON.stringify(table);
    if (priced?.key !== key) {
      priced = { key, fn: priceFnFrom(table, (m) => opts.log?.warn(`no price known for model ${m}; its cost is recorded as $0 (set switchyard.prices)`)) };
    }
    return priced.fn(model, usage);
  };
  const clients = new Map<string, ProviderClient>();
  const keyOf = async (settings: Settings, lane: LaneId) => resolveLaneKey(lane, laneSettings(settings, lane), await opts.keys.own(lane), env);
  // Lanes with neither a key of their own nor a keyless endpoint do not exist for routing, fallback or escalation.
  const policyWith = (settings: Settings, ready: Partial<Record<LaneId, boolean>>): PolicyConfig => mergePolicy(policyFrom(settings), {
    lanes: { fast: { available: ready.fast ?? true }, deep: { available: ready.deep ?? true } },
  });
  // What the last look at the keys found, for synchronous callers (estimates, the meter).
  let known: Partial<Record<LaneId, boolean>> = {};

  const deps = async (): Promise<PipelineDeps> => {
    const settings = opts.settings();
    const keys = { fast: await keyOf(settings, 'fast'), deep: await keyOf(settings, 'deep') };
    known = { fast: laneReady(settings.fastLane, keys.fast), deep: laneReady(settings.deepLane, keys.deep) };
    const policy = policyWith(settings, known);
    return {
      policy: () => policy,
      clientFor: (lane, model) => {
        const config = laneConfig({ ...laneSettings(settings, lane), model }, keys[lane]?.key ?? '');
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
      log: opts.log,
      expectedOutputTokens: opts.expectedOutputTokens,
      egress: opts.egress,
    };
  };

  return {
    run: async (task) => runTask(task, await deps()),
    policy: () => policyWith(opts.settings(), known),
    price,
    router,
    egress: opts.egress,
    laneKey: (lane) => keyOf(opts.settings(), lane),
    laneReady: async (lane) => {
      const settings = opts.settings();
      const ready = laneReady(laneSettings(settings, lane), await keyOf(settings, lane));
      known = { ...known, [lane]: ready };
      return ready;
    },
    laneSettings: (lane) => laneSettings(opts.settings(), lane),
  };
}

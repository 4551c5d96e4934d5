// Assembles the pipeline from settings and keys. The VS Code layer, the CLI and
// the tests all build it here, so every model call takes the same path: the
// same per-lane keys, the same rule for which lanes exist, the same egress gate.
import { laneReady, resolveLaneKey, type LaneKey } from '../core/lane-keys.ts';
import type { LedgerEvent, LedgerRecord } from '../core/ledger-record.ts';
import type { Logger } from '../core/log.ts';
import type { PolicyConfig } from '../core/policy-config.ts';
import type { RoutingView } from '../core/routing-types.ts';
import type { LaneSettings } from '../core/settings.ts';
import { LANES, type LaneId, type PriceFn, type TokenUsage } from '../core/task.ts';
import { randomUUID } from 'node:crypto';
import { AgentMemory } from './agent/memory.ts';
import { ClientCache } from './client-cache.ts';
import { fimLaneConfig, fimProblem } from './completion/fim-lane.ts';
import type { EgressGate } from './egress-gate.ts';
import { isLocalLane, laneConfig, laneSettings } from './lane-setup.ts';
import { RouterRuntime } from './router-runtime.ts';
import { refuseTask, runTask, type LedgerSink, type PipelineDeps, type RefusedTask } from './run-task.ts';
import type { SettingsSource } from './settings-snapshot.ts';
import type { PipelineTask, TaskResult } from './task-types.ts';

export interface ApiKeySource {
  /** The lane's own key (its SecretStorage slot, or a flag) and where it came from; undefined when none is set. */
  own(lane: LaneId): { key: string; source: string } | undefined | Promise<{ key: string; source: string } | undefined>;
}

export interface PipelineOptions {
  /** Settings derived once per change (see settings-snapshot.ts); the pipeline never re-reads configuration. */
  settings: SettingsSource;
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
  /** What routing learned (the ledger service's statistics); the router reads it while `switchyard.routing.learning` is on. */
  learned?(): RoutingView | undefined;
}

/** What a face says happened to a request or task; the pipeline stamps the rest. */
export type NewEvent = Omit<LedgerEvent, 'v' | 'type' | 'id' | 'time' | 'simulated'>;

export interface Pipeline {
  run<T>(task: PipelineTask<T>): Promise<TaskResult<T>>;
  /** Appends an event record (shown, accepted, applied, rejected, partly applied, undone); never throws. */
  recordEvent(event: NewEvent): Promise<void>;
  /** Records the egress gate's refusal of a task a face stopped itself (completions: once a minute per cause); never throws. */
  refuse(task: RefusedTask, reason: string): Promise<readonly LedgerRecord[]>;
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
  /** This window's memory of agent conversations (see agent/memory.ts). */
  readonly agentMemory: AgentMemory;
}

export function createPipeline(opts: PipelineOptions): Pipeline {
  const learned = opts.learned;
  const router = new RouterRuntime(opts.now, learned && { view: learned, enabled: () => opts.settings.current().settings.routing.learning });
  const env = opts.env ?? process.env;
  // Models of keyless lanes on this machine, as the last look at the keys found them (see isLocalLane).
  let localModels = new Set<string>();
  const price: PriceFn = Object.assign((model: string, usage: TokenUsage) => opts.settings.current().price(model, usage), {
    basis: (model: string) => {
      const basis = opts.settings.current().price.basis?.(model);
      return basis && localModels.has(model) ? 'local' as const : basis;
    },
  });
  const clients = new ClientCache();
  const fimClients = new ClientCache();
  let fimWarned: string | undefined;
  const keyOf = async (lane: LaneId, lanes = opts.settings.current().lanes) => resolveLaneKey(lane, lanes[lane], await opts.keys.own(lane), env);
  // Lanes with neither a key of their own nor a keyless endpoint do not exist for routing, fallback or escalation.
  // What the last look at the keys found, for synchronous callers (estimates, the meter).
  let known: Partial<Record<LaneId, boolean>> = {};

  const deps = async (): Promise<PipelineDeps> => {
    const snapshot = opts.settings.current();
    const settings = snapshot.settings;
    const keys = { fast: await keyOf('fast', snapshot.lanes), deep: await keyOf('deep', snapshot.lanes) };
    known = { fast: laneReady(settings.fastLane, keys.fast), deep: laneReady(settings.deepLane, keys.deep) };
    localModels = new Set(LANES.filter((l) => isLocalLane(snapshot.lanes[l], keys[l]?.key)).map((l) => snapshot.lanes[l].model));
    const policy = snapshot.policyFor(known);
    const fimIssue = fimProblem(settings);
    if (fimIssue && fimIssue !== fimWarned) opts.log?.warn(fimIssue);
    fimWarned = fimIssue;
    return {
      policy: () => policy,
      clientFor: (lane, model) => clients.get(lane, laneConfig({ ...laneSettings(settings, lane), model }, keys[lane]?.key ?? '')),
      price,
      ledger: opts.ledger,
      router,
      simulated: opts.simulated,
      recordPrompts: settings.ledger.recordPrompts,
      log: opts.log,
      expectedOutputTokens: opts.expectedOutputTokens,
      egress: opts.egress,
      fimClient: (lane) => {
        const config = lane === 'fast' ? fimLaneConfig(settings, keys.fast?.key ?? '') : undefined;
        return config && fimClients.get(lane, config);
      },
    };
  };

  return {
    run: async (task) => runTask(task, await deps()),
    refuse: async (task, reason) => {
      try {
        return await refuseTask(task, reason, await deps());
      } catch (err) {
        opts.log?.error('refusal record failed', err);
        return [];
      }
    },
    recordEvent: async (event) => {
      const entry: LedgerEvent = { v: 1, type: 'event', id: randomUUID(), time: new Date(opts.now?.() ?? Date.now()).toISOString(), ...event, ...(opts.simulated ? { simulated: true } : {}) };
      try {
        await opts.ledger.append(entry);
      } catch (err) {
        opts.log?.error('ledger append failed', err);
      }
    },
    policy: () => opts.settings.current().policyFor(known),
    price,
    router,
    egress: opts.egress,
    laneKey: (lane) => keyOf(lane),
    laneReady: async (lane) => {
      const lanes = opts.settings.current().lanes;
      const ready = laneReady(lanes[lane], await keyOf(lane, lanes));
      known = { ...known, [lane]: ready };
      return ready;
    },
    laneSettings: (lane) => opts.settings.current().lanes[lane],
    agentMemory: new AgentMemory(),
  };
}

// Settings are derived once per change, not per call: the typed settings, the
// policy (before lane availability), each lane's settings, the price table and its
// price function. The pipeline reads them through a SettingsSource.
import { mergePolicy, policyFromSettings, type PolicyConfig } from '../core/policy-config.ts';
import type { PriceTable } from '../core/pricing.ts';
import type { LaneSettings, Settings } from '../core/settings.ts';
import type { LaneId, PriceFn } from '../core/task.ts';
import { priceFnFrom, priceTableFrom } from './lane-setup.ts';

export interface SettingsSnapshot {
  readonly settings: Settings;
  /** The policy with every lane available; see policyFor. */
  readonly policy: PolicyConfig;
  readonly lanes: Readonly<Record<LaneId, LaneSettings>>;
  readonly prices: PriceTable;
  readonly price: PriceFn;
  /** The policy with lanes marked available or not (unknown counts as available); built once per combination. */
  policyFor(ready: Partial<Record<LaneId, boolean>>): PolicyConfig;
}

/** Where the pipeline gets its settings: the same snapshot until the settings change. */
export interface SettingsSource {
  current(): SettingsSnapshot;
}

export interface SnapshotOptions {
  /** Told once per model (per snapshot) when a model has no known price. */
  onUnknownPrice?(message: string): void;
}

export function settingsSnapshot(settings: Settings, opts: SnapshotOptions = {}): SettingsSnapshot {
  const policy = policyFromSettings(settings);
  const prices = priceTableFrom(settings);
  const marked = new Map<string, PolicyConfig>();
  return {
    settings,
    policy,
    lanes: { fast: settings.fastLane, deep: settings.deepLane },
    prices,
    price: priceFnFrom(prices, (m) => opts.onUnknownPrice?.(`no price known for model ${m}; its cost is recorded as $0 and marked "price unknown" unless a keyless server on this machine serves it (set switchyard.prices)`)),
    policyFor: (ready) => {
      const available = { fast: ready.fast ?? true, deep: ready.deep ?? true };
      const key = `${available.fast}/${available.deep}`;
      let out = marked.get(key);
      if (!out) {
        out = mergePolicy(policy, { lanes: { fast: { available: available.fast }, deep: { available: available.deep } } });
        marked.set(key, out);
      }
      return out;
    },
  };
}

/** One snapshot for good: the CLI's flags, environment and config file, or a test's settings. */
export function fixedSettings(settings: Settings, opts?: SnapshotOptions): SettingsSource {
  const snapshot = settingsSnapshot(settings, opts);
  return { current: () => snapshot };
}

/** Reads settings at the first use and again only after invalidate() (a configuration change). */
export class LiveSettings implements SettingsSource {
  readonly #read: () => Settings;
  readonly #opts: SnapshotOptions;
  #snapshot: SettingsSnapshot | undefined;

  constructor(read: () => Settings, opts: SnapshotOptions = {}) {
    this.#read = read;
    this.#opts = opts;
  }

  current(): SettingsSnapshot {
    this.#snapshot ??= settingsSnapshot(this.#read(), this.#opts);
    return this.#snapshot;
  }

  /** The next current() reads again; listeners of a change event see the new values whatever their order. */
  invalidate(): void {
    this.#snapshot = undefined;
  }
}

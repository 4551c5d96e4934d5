// The policies the benchmark compares, each a PolicyConfig the real route() runs on.
// Budgets are off (no cap, so no warn level either): the comparison is about lanes.
import { mergePolicy, policyFromSettings, type PolicyConfig } from '../../src/core/policy-config.ts';
import type { RoutingPreference } from '../../src/core/routing-types.ts';
import { readSettings, type SettingKey } from '../../src/core/settings.ts';
import { perKind } from '../../src/core/task.ts';

export type Mode = 'static' | 'deep' | 'fast' | 'adaptive' | 'oracle';

export interface PolicySpec {
  id: string;
  label: string;
  mode: Mode;
  preference?: RoutingPreference;
}

export const POLICIES: readonly PolicySpec[] = [
  { id: 'deep', label: 'all-deep', mode: 'deep' },
  { id: 'static', label: 'static table', mode: 'static' },
  { id: 'fast', label: 'all-fast + escalation', mode: 'fast' },
  { id: 'adaptive-cost', label: 'adaptive (cost)', mode: 'adaptive', preference: 'cost' },
  { id: 'adaptive-balanced', label: 'adaptive (balanced)', mode: 'adaptive', preference: 'balanced' },
  { id: 'adaptive-quality', label: 'adaptive (quality)', mode: 'adaptive', preference: 'quality' },
  { id: 'oracle', label: 'oracle', mode: 'oracle' },
];

/** Every setting at its default except the budget caps (off). */
export function baseSettingsPolicy(): PolicyConfig {
  const values: Partial<Record<SettingKey, unknown>> = { 'budget.dailyUsd': 0, 'budget.monthlyUsd': 0 };
  return policyFromSettings(readSettings((k) => values[k]));
}

/**
 * The config a policy routes with. Static, all-deep and the oracle: learning off (the
 * last two pin each task's lane). All-fast: every kind's first lane is the fast one and
 * no quick edit is too long for it (a context over the fast lane's budget still goes deep,
 * as route() never overrides that), learning off. Adaptive: learning on, at its preference.
 */
export function configFor(spec: PolicySpec, base: PolicyConfig = baseSettingsPolicy()): PolicyConfig {
  switch (spec.mode) {
    case 'adaptive':
      return mergePolicy(base, { routing: { learning: true, preference: spec.preference ?? base.routing.preference } });
    case 'fast':
      return mergePolicy(base, {
        routing: { learning: false }, defaultLane: perKind(() => 'fast' as const),
        escalation: { quickEditMaxLines: Number.MAX_SAFE_INTEGER },
      });
    default:
      return mergePolicy(base, { routing: { learning: false } });
  }
}

// Budget caps with reservation accounting. An admitted request reserves its worst-case cost
// (estimate high) until it settles, and admission counts spend plus every reservation. So the
// cap can only be overrun by what in-flight requests cost beyond their reservations, and by
// spend from other windows that had not reached this one's ledger yet.
import type { BudgetConfig } from './policy-config.ts';
import type { LaneId, TaskKind } from './task.ts';
import { formatUsd } from './money.ts';
import { KIND_PLURAL } from './policy-attempts.ts';

export interface BudgetState {
  /** Settled spend today and this month (the ledger aggregates supply these, across windows). */
  spentTodayNanos: number;
  spentMonthNanos: number;
  /** In-flight reservations by attempt id. */
  reserved: Readonly<Record<string, number>>;
}

export const EMPTY_BUDGET: BudgetState = { spentTodayNanos: 0, spentMonthNanos: 0, reserved: {} };

export type BudgetLevel = 'ok' | 'warn' | 'capped';

export interface CapStatus {
  period: 'daily' | 'monthly';
  capNanos: number;
  spentNanos: number;
  reservedNanos: number;
  /** (spent + reserved) / cap */
  fraction: number;
  level: BudgetLevel;
}

export function reservedTotal(state: BudgetState): number {
  let sum = 0;
  for (const v of Object.values(state.reserved)) sum += v;
  return sum;
}

export function reserve(state: BudgetState, id: string, nanos: number): BudgetState {
  return { ...state, reserved: { ...state.reserved, [id]: nanos } };
}

/** Drops a reservation without spending (the pipeline learns the spend from the ledger). */
export function release(state: BudgetState, id: string): BudgetState {
  if (!(id in state.reserved)) return state;
  const reserved = { ...state.reserved };
  delete reserved[id];
  return { ...state, reserved };
}

/** Drops a reservation and adds what the attempt actually cost. */
export function settle(state: BudgetState, id: string, actualNanos: number): BudgetState {
  const s = release(state, id);
  return { ...s, spentTodayNanos: s.spentTodayNanos + actualNanos, spentMonthNanos: s.spentMonthNanos + actualNanos };
}

/** Replaces settled spend (e.g. after another window's records arrived, or at midnight). */
export function withSpend(state: BudgetState, todayNanos: number, monthNanos: number): BudgetState {
  return { ...state, spentTodayNanos: todayNanos, spentMonthNanos: monthNanos };
}

/** Status of each configured cap, including what `extraNanos` more would do. */
export function capStatuses(state: BudgetState, cfg: BudgetConfig, extraNanos = 0): CapStatus[] {
  const reservedNanos = reservedTotal(state);
  const out: CapStatus[] = [];
  const add = (period: CapStatus['period'], cap: number | null, spent: number): void => {
    if (cap === null) return;
    const committed = spent + reservedNanos + extraNanos;
    const fraction = cap > 0 ? committed / cap : Infinity;
    const level: BudgetLevel = committed > cap || (cap === 0 && committed >= 0) ? 'capped'
      : fraction >= cfg.warnFraction ? 'warn' : 'ok';
    out.push({ period, capNanos: cap, spentNanos: spent, reservedNanos, fraction, level });
  };
  add('daily', cfg.dailyCapNanos, state.spentTodayNanos);
  add('monthly', cfg.monthlyCapNanos, state.spentMonthNanos);
  return out;
}

/** The meter's view: the worst level across caps, right now. */
export function budgetLevel(state: BudgetState, cfg: BudgetConfig): BudgetLevel {
  const statuses = capStatuses(state, cfg);
  // With nothing extra, "capped" means the cap is reached, not exceeded.
  if (statuses.some((s) => s.spentNanos + s.reservedNanos >= s.capNanos)) return 'capped';
  return statuses.some((s) => s.level === 'warn') ? 'warn' : 'ok';
}

export type BudgetCheck =
  | { type: 'allow'; warning?: string }
  /** Go, but only on the fast lane (the reason joins the router's): a kind held there above the warn level, or completions past the cap. */
  | { type: 'allow_fast_only'; reason: string; warning?: string }
  | { type: 'needs_confirmation'; reason: string }
  | { type: 'stop'; reason: string };

/**
 * Would admitting a request with this worst-case cost keep every cap? In order:
 * - past a cap's hard ceiling (cap x hardCeiling, counting this request's worst case): stop, confirmed or not;
 * - past a cap: completions stop or stay on the fast lane (completionsAtCap); anything else is sent only
 *   once the user confirms (and still follows its aboveWarn setting);
 * - at or above the warn level (spend and reservations, as the meter shows it): the kind's aboveWarn setting.
 * A kind set to 'stop' above the warn level stays stopped past the cap.
 */
export function checkBudget(
  state: BudgetState, cfg: BudgetConfig, kind: TaskKind, lane: LaneId, highNanos: number, confirmed: boolean,
): BudgetCheck {
  const statuses = capStatuses(state, cfg, highNanos);
  const ceiling = statuses.find((s) => s.spentNanos + s.reservedNanos + highNanos > s.capNanos * cfg.hardCeiling);
  if (ceiling) return { type: 'stop', reason: describeCeiling(ceiling, cfg.hardCeiling, highNanos) };
  const mode = cfg.aboveWarn[kind];
  const over = statuses.find((s) => s.level === 'capped');
  if (over) {
    const where = describeCap(over, highNanos);
    if (mode === 'stop') return { type: 'stop', reason: `${where}; ${KIND_PLURAL[kind]} are stopped above the warn level (switchyard.budget.aboveWarn)` };
    if (kind === 'completion') {
      return cfg.completionsAtCap === 'stop' ? { type: 'stop', reason: `${where}; completions are paused` }
        : { type: 'allow_fast_only', reason: `${where}; completions stay on the fast lane` };
    }
    if (!confirmed) return { type: 'needs_confirmation', reason: `${where}; this ${lane}-lane request needs your confirmation` };
    const warning = `${where}; you confirmed this request`;
    return mode === 'fastLane' ? { type: 'allow_fast_only', reason: `${warning}, and ${KIND_PLURAL[kind]} stay on the fast lane`, warning }
      : { type: 'allow', warning };
  }
  const warn = statuses.find((s) => (s.spentNanos + s.reservedNanos) / s.capNanos >= cfg.warnFraction);
  if (!warn) return { type: 'allow' };
  const used = describeWarn(warn);
  switch (mode) {
    case 'continue':
      return { type: 'allow', warning: used };
    case 'fastLane':
      return { type: 'allow_fast_only', reason: `${used}, so ${KIND_PLURAL[kind]} stay on the fast lane`, warning: used };
    case 'ask':
      return confirmed ? { type: 'allow', warning: `${used}; you confirmed this request` }
        : { type: 'needs_confirmation', reason: `${used}, so this ${lane}-lane request needs your confirmation` };
    case 'stop':
      return { type: 'stop', reason: `${used}, so ${KIND_PLURAL[kind]} are stopped (switchyard.budget.aboveWarn)` };
  }
}

function describeCap(s: CapStatus, highNanos: number): string {
  return `${s.period} budget ${formatUsd(s.capNanos)} reached (${formatUsd(s.spentNanos)} spent, `
    + `${formatUsd(s.reservedNanos)} in flight, this request at worst ${formatUsd(highNanos)})`;
}

function describeCeiling(s: CapStatus, hardCeiling: number, highNanos: number): string {
  return `the ${s.period} hard ceiling ${formatUsd(Math.round(s.capNanos * hardCeiling))} (${Math.round(hardCeiling * 100)}% of the `
    + `${formatUsd(s.capNanos)} budget) would be passed (${formatUsd(s.spentNanos)} spent, ${formatUsd(s.reservedNanos)} in flight, `
    + `this request at worst ${formatUsd(highNanos)}); nothing is sent past it, confirmed or not`;
}

/** "82% of the daily budget $5.00 used": spend and reservations, without the request being decided. */
function describeWarn(s: CapStatus): string {
  return `${Math.floor(((s.spentNanos + s.reservedNanos) / s.capNanos) * 100)}% of the ${s.period} budget ${formatUsd(s.capNanos)} used`;
}

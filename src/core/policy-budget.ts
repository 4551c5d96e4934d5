// Budget caps with reservation accounting. An admitted request reserves its worst-case cost
// (estimate high) until it settles, and admission counts spend plus every reservation. So the
// cap can only be overrun by what in-flight requests cost beyond their reservations, and by
// spend from other windows that had not reached this one's ledger yet.
import type { BudgetConfig } from './policy-config.ts';
import type { LaneId, TaskKind } from './task.ts';
import { formatUsd } from './money.ts';

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
  /** Completions at the cap with completionsAtCap = 'fastLane': go, but only on the fast lane. */
  | { type: 'allow_fast_only'; reason: string }
  | { type: 'needs_confirmation'; reason: string }
  | { type: 'stop'; reason: string };

/**
 * Would admitting a request with this worst-case cost keep every cap? If not: completions stop or
 * are held to the fast lane (a setting), and anything else needs the user's explicit confirmation.
 */
export function checkBudget(
  state: BudgetState, cfg: BudgetConfig, kind: TaskKind, lane: LaneId, highNanos: number, confirmed: boolean,
): BudgetCheck {
  const statuses = capStatuses(state, cfg, highNanos);
  const over = statuses.find((s) => s.level === 'capped');
  if (!over) {
    const warn = statuses.find((s) => s.level === 'warn');
    return warn ? { type: 'allow', warning: describeWarn(warn) } : { type: 'allow' };
  }
  const where = describeCap(over, highNanos);
  if (kind === 'completion') {
    if (cfg.completionsAtCap === 'stop') return { type: 'stop', reason: `${where}; completions are paused` };
    return lane === 'fast' ? { type: 'allow', warning: `${where}; completions stay on the fast lane` }
      : { type: 'allow_fast_only', reason: `${where}; completions stay on the fast lane` };
  }
  if (confirmed) return { type: 'allow', warning: `${where}; you confirmed this request` };
  return { type: 'needs_confirmation', reason: `${where}; this ${lane}-lane request needs your confirmation` };
}

function describeCap(s: CapStatus, highNanos: number): string {
  return `${s.period} budget ${formatUsd(s.capNanos)} reached (${formatUsd(s.spentNanos)} spent, `
    + `${formatUsd(s.reservedNanos)} in flight, this request up to ${formatUsd(highNanos)})`;
}

function describeWarn(s: CapStatus): string {
  return `${Math.floor(s.fraction * 100)}% of the ${s.period} budget ${formatUsd(s.capNanos)} used`;
}

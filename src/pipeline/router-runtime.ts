// The router's run-time state: budget spend and reservations, each lane's
// circuit breaker, and what routing learned. The pure rules live in core; this holds their state.
import { breakerSignal, CLOSED_BREAKER, recordOutcome, type BreakerState } from '../core/policy-breaker.ts';
import { EMPTY_BUDGET, release, reserve, settle, withSpend, type BudgetState } from '../core/policy-budget.ts';
import type { PolicyConfig } from '../core/policy-config.ts';
import type { RouterState } from '../core/policy.ts';
import type { ProviderError } from '../core/provider-types.ts';
import type { RoutingView } from '../core/routing-types.ts';
import type { LaneId } from '../core/task.ts';

/** A completion blocked for the same cause is recorded at most this often (each keystroke would be a record). */
export const BLOCK_RECORD_INTERVAL_MS = 60_000;

export interface LearnedSource {
  /** The learned statistics (the ledger service's), when there are any. */
  view(): RoutingView | undefined;
  /** Whether learning is on in the settings now; off, the router sees no statistics (the static table). */
  enabled(): boolean;
}

export class RouterRuntime {
  private budget: BudgetState = EMPTY_BUDGET;
  private breakers: Record<LaneId, BreakerState> = { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER };
  readonly now: () => number;
  /** When a block was last recorded, by key (kind and outcome). */
  private readonly blockRecorded = new Map<string, number>();

  private readonly learned: LearnedSource | undefined;

  constructor(now: () => number = Date.now, learned?: LearnedSource) {
    this.now = now;
    this.learned = learned;
  }

  state(): RouterState {
    const learned = this.learned?.enabled() ? this.learned.view() : undefined;
    return { nowMs: this.now(), budget: this.budget, breakers: this.breakers, ...(learned ? { learned } : {}) };
  }

  reserve(attemptId: string, amount: number): void {
    this.budget = reserve(this.budget, attemptId, amount);
  }

  settle(attemptId: string, actual: number): void {
    this.budget = settle(this.budget, attemptId, actual);
  }

  release(attemptId: string): void {
    this.budget = release(this.budget, attemptId);
  }

  /** Replaces settled spend from the ledger's aggregates (covers other windows too). */
  setSpend(today: number, month: number): void {
    this.budget = withSpend(this.budget, today, month);
  }

  /** Feeds an attempt's end to the lane's breaker: faults count, success resets, anything else is ignored. */
  recordLaneOutcome(lane: LaneId, error: ProviderError | undefined, policy: PolicyConfig): void {
    const signal = breakerSignal(error?.kind);
    if (signal === 'neutral') return;
    this.breakers = { ...this.breakers, [lane]: recordOutcome(this.breakers[lane], this.now(), signal === 'ok', policy.breaker, error?.retryAfterMs) };
  }

  /**
   * Whether a block under this key should be written to the ledger now: the first one, then
   * one per interval. Only for blocks that repeat on their own (a completion per keystroke).
   */
  admitBlockRecord(key: string, intervalMs = BLOCK_RECORD_INTERVAL_MS): boolean {
    const now = this.now();
    const last = this.blockRecorded.get(key);
    if (last !== undefined && now - last < intervalMs) return false;
    this.blockRecorded.set(key, now);
    return true;
  }
}

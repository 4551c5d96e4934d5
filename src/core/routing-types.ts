// The vocabulary of adaptive routing, shared by the statistics (routing-stats.ts), the
// decision (policy-adaptive.ts), the ledger record, the panel and the CLI.
import type { LaneId } from './task.ts';

export const ROUTING_PREFERENCES = ['cost', 'balanced', 'quality'] as const;
export type RoutingPreference = (typeof ROUTING_PREFERENCES)[number];

export interface RoutingConfig {
  /** Off: the static table decides, as before learning existed. */
  learning: boolean;
  preference: RoutingPreference;
  /** Share of decisions (0..1) that try the fast lane first where learning chose the deep lane, so estimates do not freeze. */
  exploration: number;
  /** An observation's weight halves after this long. */
  halfLifeDays: number;
}

/**
 * How the first lane was chosen:
 * - `static`: learning is off, the kind cannot escalate, or the lane was pinned; the static table (or the user) chose.
 * - `prior`: learning is on, but the shape's evidence agrees with (or is too thin to overturn) the static choice.
 * - `learned`: the learned figures chose.
 * - `explore`: the fast lane tried where the figures chose the deep lane, so its figures stay current.
 */
export const ROUTING_BASES = ['static', 'prior', 'learned', 'explore'] as const;
export type RoutingBasis = (typeof ROUTING_BASES)[number];

export interface ExpectedFigures {
  costNanos: number;
  ms: number;
}

/** What a record keeps of its task's routing decision (every attempt of the task carries the first attempt's note). */
export interface RoutingNote {
  /** TaskShape.key. */
  shape: string;
  /** What the static table would have chosen. */
  staticLane: LaneId;
  basis: RoutingBasis;
  /** The fast lane's decayed record for the shape at decision time (absent while it has none). */
  fast?: { ok: number; n: number };
  /** The two plans compared, when they were. */
  expected?: { fastFirst: ExpectedFigures; deep: ExpectedFigures };
}

/** One lane's learned figures for a shape, decayed to the time asked. */
export interface LaneFigures {
  /** Decayed count of judged attempts, and of those that succeeded (validated, then not rejected or undone). */
  n: number;
  ok: number;
  /**
   * Of the failures, those the validator missed: the answer passed, then a `rejected` or
   * `undone` event vetoed it (decayed; present while n > 0).
   */
  vetoed?: number;
  /** Decayed means over judged attempts (undefined while n is 0). */
  meanCostNanos?: number;
  meanMs?: number;
}

export interface ShapeFigures {
  shape: string;
  label: string;
  lanes: Readonly<Record<LaneId, LaneFigures>>;
  /** Completions: decayed counts of answers shown and accepted. */
  completions?: { shown: number; accepted: number };
}

/** What the router reads at decision time: the statistics, already decayed to `nowMs` on lookup. */
export interface RoutingView {
  figures(shapeKey: string, nowMs: number): ShapeFigures | undefined;
}

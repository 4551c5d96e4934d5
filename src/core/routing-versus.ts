// What learning saved or cost against the static table, per shape: an estimate made by
// repricing each task's own usage on the lane the static table would have started on.
import type { LedgerOutcome } from './ledger-record.ts';
import { fastSuccessRate } from './routing-prior.ts';
import type { RoutingNote } from './routing-types.ts';
import type { LaneId } from './task.ts';

/** One attempt of a routed task, as the comparison needs it. */
export interface TaskAttempt {
  taskId: string;
  /** One task (one request of an agent conversation): ledger-tasks.ts taskKeyOf. */
  taskKey: string;
  shape: string;
  note: RoutingNote;
  lane: LaneId;
  attempt: number;
  outcome: LedgerOutcome;
  costNanos: number;
  /** The same usage at the other lane's price. */
  counterfactualNanos: number;
}

export interface StaticComparison {
  /** Tasks whose first lane differed from the static table's. */
  tasks: number;
  /** Estimated saving (+) or extra cost (-) against the static table, nano-dollars. */
  deltaNanos: number;
}

/**
 * For each task whose first lane was not the static table's (attempts sent; blocks left out):
 * - sent to the deep lane where the table said fast: the table would have paid a fast attempt
 *   (each deep attempt's usage at the fast price) and, when that failed, the deep attempt too;
 *   failure is weighed by the fast lane's success rate the decision saw (its note, with the
 *   prior): delta = sum over deep attempts of (fast-priced usage - p_fast x deep cost);
 * - sent to the fast lane where the table said deep (learned or explored): the table would have
 *   paid the task's deep attempts, or, when it made none, its fast attempts' usage at the deep
 *   price; delta = that - what the task cost.
 */
export function versusStaticOf(tasks: Iterable<readonly TaskAttempt[]>): Map<string, StaticComparison> {
  const out = new Map<string, StaticComparison>();
  for (const attempts of tasks) {
    if (attempts.length === 0) continue;
    const first = attempts.reduce((a, b) => (b.attempt < a.attempt ? b : a));
    const note = first.note;
    if (first.lane === note.staticLane) continue;
    const deep = attempts.filter((a) => a.lane === 'deep');
    const sum = (list: readonly TaskAttempt[], f: (a: TaskAttempt) => number) => list.reduce((s, a) => s + f(a), 0);
    let delta: number;
    if (note.staticLane === 'fast') {
      const p = fastSuccessRate('fast', note.fast);
      delta = sum(deep, (a) => a.counterfactualNanos - p * a.costNanos);
    } else {
      const fast = attempts.filter((a) => a.lane === 'fast');
      const staticCost = deep.length > 0 ? sum(deep, (a) => a.costNanos) : sum(fast, (a) => a.counterfactualNanos);
      delta = staticCost - sum(attempts, (a) => a.costNanos);
    }
    const row = out.get(note.shape) ?? { tasks: 0, deltaNanos: 0 };
    out.set(note.shape, { tasks: row.tasks + 1, deltaNanos: row.deltaNanos + Math.round(delta) });
  }
  return out;
}

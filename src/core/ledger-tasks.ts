// What a task's attempts add up to, whatever order they arrive in (windows share one
// ledger, so attempt 2 may be read before attempt 1): the money spent on fast attempts
// of a task that then moved to the deep lane, and whether a task that started on the
// fast lane finished there. Pure.
//
// An agent conversation is one ledger task of many requests, each with its own attempts
// (attempt numbers restart per request). Waste and fast success are about one request
// (did the fast lane's answer to this turn hold, or did it escalate?), so for agent
// records these figures are kept per request: the task id plus the record's turn.
import { isBlockOutcome, type LedgerRecord } from './ledger-record.ts';
import type { TaskKind } from './task.ts';

/** A task's share of the task-level figures; the aggregate adds the change each new attempt makes. */
export interface TaskContribution {
  /** Cost of the fast attempts that did not succeed, when the task moved to the deep lane. */
  wasteNanos: number;
  /** 1 when the task started on the fast lane and has ended: ok, or gave up (moved, failed, blocked). */
  fastFinished: number;
  /** 1 when such a task ended ok on the fast lane. */
  fastOk: number;
}

export const NO_CONTRIBUTION: TaskContribution = { wasteNanos: 0, fastFinished: 0, fastOk: 0 };

interface Attempt { attempt: number; lane: LedgerRecord['lane']; outcome: LedgerRecord['outcome']; costNanos: number }

export interface TaskState {
  kind: TaskKind;
  /** The earliest attempt's start (ms): the day and month the task's figures belong to. */
  firstMs: number;
  attempts: Attempt[];
  contribution: TaskContribution;
}

const MOVED = new Set(['escalated', 'fell_back']);

/** The task-level figures of a set of attempts (any order). */
export function contributionOf(attempts: readonly Attempt[]): TaskContribution {
  const requests = attempts.filter((a) => !isBlockOutcome(a.outcome));
  if (requests.length === 0) return NO_CONTRIBUTION;
  const fast = requests.filter((a) => a.lane === 'fast');
  const moved = fast.some((a) => MOVED.has(a.outcome)) || (fast.length > 0 && requests.some((a) => a.lane === 'deep'));
  const wasteNanos = moved ? fast.filter((a) => a.outcome !== 'ok').reduce((s, a) => s + a.costNanos, 0) : 0;
  const first = requests.reduce((a, b) => (b.attempt < a.attempt ? b : a));
  if (first.lane !== 'fast') return { wasteNanos, fastFinished: 0, fastOk: 0 };
  if (fast.some((a) => a.outcome === 'ok')) return { wasteNanos, fastFinished: 1, fastOk: 1 };
  if (requests.some((a) => a.outcome === 'ok')) return { wasteNanos, fastFinished: 1, fastOk: 0 };
  // No success yet: the latest attempt (blocks included) says whether the task gave up or is still moving.
  const last = attempts.reduce((a, b) => (b.attempt > a.attempt ? b : a));
  const ended = !MOVED.has(last.outcome) && last.outcome !== 'cancelled';
  return { wasteNanos, fastFinished: ended ? 1 : 0, fastOk: 0 };
}

/** What the task-level figures count as one task: the task, or one request (turn) of an agent conversation. */
export function taskKeyOf(r: Pick<LedgerRecord, 'taskId' | 'agent'>): string {
  return r.agent ? `${r.taskId}#turn${r.agent.turn}` : r.taskId;
}

/** Per-task state (keyed by taskKeyOf); `add` returns the task's state before and after the attempt. */
export class TaskTracker {
  private readonly tasks = new Map<string, TaskState>();

  add(r: LedgerRecord): { before: TaskState | undefined; after: TaskState } {
    const key = taskKeyOf(r);
    const prev = this.tasks.get(key);
    const ms = Date.parse(r.time);
    const attempts = [...(prev?.attempts ?? []), { attempt: r.attempt, lane: r.lane, outcome: r.outcome, costNanos: r.costNanos }];
    const after: TaskState = {
      kind: prev?.kind ?? r.kind,
      firstMs: prev ? Math.min(prev.firstMs, ms) : ms,
      attempts,
      contribution: contributionOf(attempts),
    };
    this.tasks.set(key, after);
    return { before: prev, after };
  }

  get(key: string): TaskState | undefined {
    return this.tasks.get(key);
  }
}

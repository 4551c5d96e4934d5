// Event records: what became of a request or a task after the model answered.
// They reference the request (`requestId`, a request record's id) or the task
// (`taskId`), carry no tokens and cost nothing; a request's final state is its
// record plus its events.
import { isDuration, isIsoTime, isObject, isWorkspaceRelative } from './ledger-checks.ts';
import { TASK_KINDS, type TaskKind } from './task.ts';

/** What became of an answer: the panel and CLI count these. */
export const OUTCOME_EVENT_KINDS = [
  /** The answer reached the user: ghost text shown (`fromCache` when served from the prefix cache), a diff opened. */
  'shown',
  /** A completion was accepted. */
  'accepted',
  /** An edit was written to the files, all of it. */
  'applied',
  /** The user declined the edit: nothing was written. */
  'rejected',
  /** Some of the edit's files were written (`files` names them). */
  'partly_applied',
  /** An applied edit was undone. */
  'undone',
] as const;
export type OutcomeEventKind = (typeof OUTCOME_EVENT_KINDS)[number];

/**
 * Every event kind: the outcomes, and `routing_reset` (`switchyard route --reset`), which makes the
 * router forget what it learned of `kind` (of one `shape` when given) before the event's time.
 */
export const EVENT_KINDS = [...OUTCOME_EVENT_KINDS, 'routing_reset'] as const;
export type LedgerEventKind = (typeof EVENT_KINDS)[number];

export interface LedgerEvent {
  v: 1;
  type: 'event';
  id: string;
  /** ISO 8601. */
  time: string;
  event: LedgerEventKind;
  /** The task the event belongs to (every attempt of it shares this id). */
  taskId: string;
  /** The request record the event is about, when there is one (legacy events have none). */
  requestId?: string;
  kind: TaskKind;
  /** Workspace-relative: the file shown or edited. */
  file?: string;
  /** applied / partly_applied / rejected / undone: the files concerned, workspace-relative. */
  files?: string[];
  /** shown: served from the completion cache, no request was sent. */
  fromCache?: boolean;
  /** shown from cache: how long serving it took. */
  ms?: number;
  simulated?: boolean;
  /** Words safe to show (never code or keys). */
  note?: string;
  /** routing_reset: the one shape (routing-shape.ts key) forgotten; absent, every shape of `kind`. */
  shape?: string;
}

/** The first problem found, or undefined when the value is a valid event record. */
export function validateEvent(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object';
  const e = value;
  if (e.v !== 1) return `unknown version ${String(e.v)}`;
  if (e.type !== 'event') return 'not an event';
  for (const k of ['id', 'taskId'] as const) {
    if (typeof e[k] !== 'string' || (e[k] as string).length === 0) return `${k} must be a non-empty string`;
  }
  if (e.requestId !== undefined && (typeof e.requestId !== 'string' || e.requestId.length === 0)) return 'requestId must be a non-empty string';
  if (!isIsoTime(e.time)) return 'time must be ISO 8601';
  if (!(EVENT_KINDS as readonly unknown[]).includes(e.event)) return 'unknown event';
  if (!TASK_KINDS.includes(e.kind as TaskKind)) return 'unknown kind';
  if (e.file !== undefined && !isWorkspaceRelative(e.file)) return 'file must be a workspace-relative path';
  if (e.files !== undefined && (!Array.isArray(e.files) || !e.files.every(isWorkspaceRelative))) return 'files must be workspace-relative paths';
  for (const k of ['fromCache', 'simulated'] as const) {
    if (e[k] !== undefined && typeof e[k] !== 'boolean') return `${k} must be a boolean`;
  }
  if (e.ms !== undefined && !isDuration(e.ms)) return 'ms must be a non-negative number';
  if (e.note !== undefined && typeof e.note !== 'string') return 'note must be a string';
  if (e.shape !== undefined && (typeof e.shape !== 'string' || e.shape.length === 0 || e.event !== 'routing_reset')) return 'shape must be a non-empty string, on routing_reset only';
  return undefined;
}

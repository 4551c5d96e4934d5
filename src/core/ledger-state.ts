// A request's final state: its record plus the events that name it (by requestId), or
// name its task (by taskId, given to the task's successful attempt). Pure; the panel,
// the CSV export and the CLI share it, so they say the same thing.
import type { LedgerEventKind } from './ledger-event.ts';

export interface StateEvent {
  event: LedgerEventKind;
  /** ms since epoch. */
  time: number;
  requestId?: string;
  taskId: string;
  /** partly_applied: how many files were written. */
  files?: number;
}

export interface RequestState {
  event: LedgerEventKind;
  time: number;
  files?: number;
}

/** "accepted", "partly applied: 2 files"... */
export function stateLabel(s: RequestState | undefined): string {
  if (!s) return '';
  if (s.event === 'partly_applied') return `partly applied: ${s.files ?? 0} file${s.files === 1 ? '' : 's'}`;
  return s.event;
}

/** The later event wins; "shown" never replaces what the user did with the answer. */
function later(a: RequestState | undefined, b: RequestState): RequestState {
  if (!a) return b;
  if (b.event === 'shown' && a.event !== 'shown') return a;
  if (a.event === 'shown' && b.event !== 'shown') return b;
  return b.time >= a.time ? b : a;
}

/** Events as they arrive, in any order; `stateOf` a request record at any time. */
export class StateIndex {
  private readonly byRequest = new Map<string, RequestState>();
  private readonly byTask = new Map<string, RequestState>();

  add(e: StateEvent): void {
    const s: RequestState = { event: e.event, time: e.time, ...(e.files !== undefined ? { files: e.files } : {}) };
    const map = e.requestId ? this.byRequest : this.byTask;
    const key = e.requestId ?? e.taskId;
    map.set(key, later(map.get(key), s));
  }

  stateOf(r: { id: string; taskId: string; outcome: string }): RequestState | undefined {
    const own = this.byRequest.get(r.id);
    const task = r.outcome === 'ok' ? this.byTask.get(r.taskId) : undefined;
    return own && task ? later(own, task) : own ?? task;
  }
}

/** A ledger event in the form the index takes. */
export function stateEvent(e: { event: LedgerEventKind; time: string; requestId?: string; taskId: string; files?: readonly string[] }): StateEvent {
  return {
    event: e.event, time: Date.parse(e.time), taskId: e.taskId,
    ...(e.requestId ? { requestId: e.requestId } : {}),
    ...(e.files ? { files: e.files.length } : {}),
  };
}

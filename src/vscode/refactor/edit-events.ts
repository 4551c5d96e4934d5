// What the user did with a model's edit, as event records that reference the
// request that proposed it (its ok record) and its task. The request record only
// says the model answered; these say whether the edit was seen and landed.
import type { LedgerRecord } from '../../core/ledger-record.ts';
import type { NewEvent, Pipeline } from '../../pipeline/create-pipeline.ts';

export type EditEvent = Pick<NewEvent, 'event' | 'file' | 'files' | 'note'>;
export type RecordEditEvent = (e: EditEvent) => Promise<void>;

/** Records events about the task whose answer is the ok record among `records`; nothing when there is none. */
export function editEvents(pipeline: Pick<Pipeline, 'recordEvent'>, records: readonly LedgerRecord[]): RecordEditEvent {
  const ok = records.findLast((r) => r.outcome === 'ok');
  if (!ok) return () => Promise.resolve();
  return (e) => pipeline.recordEvent({ ...e, requestId: ok.id, taskId: ok.taskId, kind: ok.kind });
}

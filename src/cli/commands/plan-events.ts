// What became of a deep-lane edit in the CLI, as event records that reference the
// request that proposed it. A dry run showed the diff; --write wrote every file
// (writeOutcomes lands all or throws, and a refused write records nothing more).
import type { LedgerRecord } from '../../core/ledger-record.ts';
import type { Pipeline } from '../../pipeline/create-pipeline.ts';

export async function recordPlanOutcome(pipeline: Pick<Pipeline, 'recordEvent'>, records: readonly LedgerRecord[], written: boolean, files: readonly string[]): Promise<void> {
  const ok = records.findLast((r) => r.outcome === 'ok');
  if (!ok || files.length === 0) return;
  await pipeline.recordEvent({ event: written ? 'applied' : 'shown', requestId: ok.id, taskId: ok.taskId, kind: ok.kind, files: [...files] });
}

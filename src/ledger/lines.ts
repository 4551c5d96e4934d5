// Splitting a ledger file's bytes into request records and event records: shared by the store's reads and the follower's tail.
import { isEvent, parseRecordLine, RECORD_PREFIX, type LedgerEntry, type LedgerEvent, type LedgerRecord } from '../core/ledger-record.ts';

export const NEWLINE = 0x0a;

/** Parses every complete line of a buffer; `consumed` is the byte length up to and including the last newline. */
export function parseChunk(buf: Buffer): { records: LedgerRecord[]; events: LedgerEvent[]; skipped: number; consumed: number } {
  const end = buf.lastIndexOf(NEWLINE) + 1;
  const records: LedgerRecord[] = [];
  const events: LedgerEvent[] = [];
  const keep = (e: LedgerEntry) => { if (isEvent(e)) events.push(e); else records.push(e); };
  let skipped = 0;
  // Splitting on the newline byte is UTF-8 safe: 0x0a never occurs inside a multi-byte character.
  for (const raw of buf.subarray(0, end).toString('utf8').split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const parsed = parseRecordLine(line);
    if (parsed.ok) {
      keep(parsed.record);
      continue;
    }
    skipped++;
    // Another process appended onto a crash fragment: the fragment is lost, the record is not.
    const at = line.indexOf(RECORD_PREFIX, 1);
    if (at > 0) {
      const rescued = parseRecordLine(line.slice(at));
      if (rescued.ok) keep(rescued.record);
    }
  }
  return { records, events, skipped, consumed: end };
}

export function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}

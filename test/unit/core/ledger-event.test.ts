import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BLOCK_OUTCOMES, isEvent, parseRecordLine, serializeRecord, type LedgerEvent } from '../../../src/core/ledger-record.ts';
import { record } from '../helpers/ledger-fixtures.ts';

const event = (patch: Partial<LedgerEvent> = {}): LedgerEvent => ({
  v: 1, type: 'event', id: 'e1', time: '2026-11-26T10:00:00.000Z', event: 'partly_applied', taskId: 't1',
  requestId: 'r1', kind: 'refactor', files: ['src/a.ts', 'src/b.ts'], ...patch,
});

test('an event record serialises to one line and parses back as an event', () => {
  const line = serializeRecord(event());
  const parsed = parseRecordLine(line.trimEnd());
  assert.ok(parsed.ok);
  assert.ok(isEvent(parsed.record));
  assert.deepEqual(parsed.record, event());
});

const badEvents: [string, Record<string, unknown>][] = [
  ['unknown event', { event: 'liked' }],
  ['empty task id', { taskId: '' }],
  ['empty request id', { requestId: '' }],
  ['kind', { kind: 'chat' }],
  ['time', { time: 'now' }],
  ['absolute file in files', { files: ['/etc/passwd'] }],
  ['escaping file', { file: '../x.ts' }],
  ['files not a list', { files: 'src/a.ts' }],
  ['negative ms', { ms: -1 }],
  ['flag', { fromCache: 'yes' }],
];
for (const [name, patch] of badEvents) {
  test(`rejects a malformed event: ${name}`, () => {
    assert.equal(parseRecordLine(JSON.stringify({ ...event(), ...patch })).ok, false, name);
    assert.throws(() => serializeRecord({ ...event(), ...patch } as LedgerEvent), /invalid ledger record/);
  });
}

test('every block cause is its own outcome, and an unknown one is refused', () => {
  for (const outcome of BLOCK_OUTCOMES) assert.ok(parseRecordLine(JSON.stringify(record({ outcome }))).ok, outcome);
  assert.equal(parseRecordLine(JSON.stringify({ ...record(), outcome: 'blocked_weather' })).ok, false);
});

test('a legacy acceptance record reads as an accepted event of its task, and a legacy cache hit as a shown event', () => {
  const free = { tokens: { input: 0, cached: 0, output: 0, reasoning: 0 }, costNanos: 0, estimateNanos: 0, counterfactualNanos: 0 };
  const accepted = parseRecordLine(JSON.stringify(record({ ...free, id: 'a', taskId: 'ta', accepted: true, cacheHit: true, file: 'src/x.ts' })));
  assert.ok(accepted.ok && isEvent(accepted.record));
  assert.deepEqual([accepted.record.event, accepted.record.taskId, accepted.record.fromCache, accepted.record.file], ['accepted', 'ta', true, 'src/x.ts']);
  const hit = parseRecordLine(JSON.stringify(record({ ...free, id: 'h', taskId: 'th', cacheHit: true, timings: { endMs: 1.5 } })));
  assert.ok(hit.ok && isEvent(hit.record));
  assert.deepEqual([hit.record.event, hit.record.ms, hit.record.requestId], ['shown', 1.5, undefined]);
  // A billed record that happens to carry the old flag stays a request: its tokens were paid for.
  const billed = parseRecordLine(JSON.stringify(record({ accepted: true })));
  assert.ok(billed.ok && !isEvent(billed.record));
});

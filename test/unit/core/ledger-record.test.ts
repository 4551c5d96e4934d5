import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWorkspaceRelative, parseRecordLine, RECORD_PREFIX, serializeRecord, validateRecord } from '../../../src/core/ledger-record.ts';
import { record } from '../helpers/ledger-fixtures.ts';

test('a record serialises to one line starting with the version and parses back', () => {
  const r = record({ debug: { prompt: 'line1\nline2 "quoted"', output: '{"v":1,"id":"x"}' }, outcome: 'error:rate_limited' });
  const line = serializeRecord(r);
  assert.ok(line.startsWith(RECORD_PREFIX));
  assert.equal(line.indexOf('\n'), line.length - 1, 'exactly one newline, at the end');
  assert.equal(line.indexOf(RECORD_PREFIX, 1), -1, 'the prefix cannot appear inside string values');
  const parsed = parseRecordLine(line.trimEnd());
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.record, r);
});

test('serialising an invalid record throws instead of writing it', () => {
  assert.throws(() => serializeRecord(record({ costNanos: 1.5 })), /costNanos/);
});

const bad: [string, Record<string, unknown>][] = [
  ['version', { v: 2 }],
  ['empty id', { id: '' }],
  ['kind', { kind: 'chat' }],
  ['lane', { lane: 'slow' }],
  ['outcome', { outcome: 'error:weird' }],
  ['outcome type', { outcome: 5 }],
  ['time', { time: 'yesterday' }],
  ['negative cost', { costNanos: -1 }],
  ['float cost', { estimateNanos: 0.5 }],
  ['attempt', { attempt: -1 }],
  ['tokens', { tokens: { input: 1, cached: 2, output: 0, reasoning: 0 } }],
  ['reasoning', { tokens: { input: 1, cached: 0, output: 1, reasoning: 2 } }],
  ['timings', { timings: { endMs: 10, firstTokenMs: 20 } }],
  ['end missing', { timings: { sentMs: 1 } }],
  ['absolute file', { file: '/home/me/secret.ts' }],
  ['windows file', { file: 'C:/x.ts' }],
  ['escaping file', { file: 'src/../../etc/passwd' }],
  ['flag', { accepted: 'yes' }],
  ['debug', { debug: { prompt: 'x' } }],
];

for (const [name, patch] of bad) {
  test(`rejects a malformed record: ${name}`, () => {
    const line = JSON.stringify({ ...record(), ...patch });
    const parsed = parseRecordLine(line);
    assert.equal(parsed.ok, false, name);
  });
}

test('rejects lines that are not records', () => {
  for (const line of ['', 'not json', '[]', 'null', '{"v":1,"id":"x"', '{"v":1}']) {
    assert.equal(parseRecordLine(line).ok, false, line);
  }
  assert.equal(validateRecord(record()), undefined);
});

test('all outcomes are accepted', () => {
  for (const outcome of ['ok', 'cancelled', 'escalated', 'fell_back', 'rejected', 'blocked_budget', 'error:auth', 'error:timeout'] as const) {
    assert.equal(validateRecord(record({ outcome })), undefined, outcome);
  }
});

test('workspace-relative paths', () => {
  assert.ok(isWorkspaceRelative('src/a.ts'));
  assert.ok(isWorkspaceRelative('a..b/c.ts'));
  for (const p of ['', '/a', 'a\\b', 'file:///a', 'a//b', '../a', 'https://x']) assert.equal(isWorkspaceRelative(p), false, p);
});

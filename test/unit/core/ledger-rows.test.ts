import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeChunk, RecordEncoder, ROW_STRIDE } from '../../../src/core/ledger-rows.ts';
import { record } from '../helpers/ledger-fixtures.ts';

describe('ledger rows: compact records', () => {
  it('round-trips every field a row and its details show', () => {
    const a = record({ note: 'the reply did not parse', cacheHit: true, accepted: true, simulated: true, attempt: 1, taskId: 'task-1' });
    const b = record({ lane: 'deep', model: 'gpt-5.5', provider: 'openai', kind: 'refactor', outcome: 'error:rate_limited', timings: { endMs: 50 }, file: undefined, language: undefined });
    const table: string[] = [];
    const rows = decodeChunk(new RecordEncoder().encode([a, b]), table);
    assert.equal(rows.length, 2);
    const [ra, rb] = rows as [typeof rows[0], typeof rows[0]];
    assert.equal(ra.time, Date.parse(a.time));
    assert.deepEqual([ra.kind, ra.lane, ra.model, ra.provider, ra.reason, ra.outcome], [a.kind, a.lane, a.model, a.provider, a.reason, a.outcome]);
    assert.deepEqual([ra.queuedMs, ra.sentMs, ra.firstTokenMs, ra.endMs], [0, 2, 100, 200]);
    assert.deepEqual(ra.tokens, a.tokens);
    assert.deepEqual([ra.costNanos, ra.estimateNanos, ra.counterfactualNanos], [a.costNanos, a.estimateNanos, a.counterfactualNanos]);
    assert.deepEqual([ra.simulated, ra.cacheHit, ra.accepted], [true, true, true]);
    assert.deepEqual([ra.id, ra.taskId, ra.attempt, ra.note, ra.file, ra.language], [a.id, 'task-1', 1, a.note, a.file, a.language]);
    assert.deepEqual([rb.lane, rb.kind, rb.outcome, rb.simulated, rb.note, rb.file, rb.language], ['deep', 'refactor', 'error:rate_limited', false, undefined, undefined, undefined]);
    assert.deepEqual([rb.queuedMs, rb.sentMs, rb.firstTokenMs, rb.endMs], [undefined, undefined, undefined, 50]);
  });

  it('sends each string once per session: later chunks carry only new strings', () => {
    const enc = new RecordEncoder();
    const first = enc.encode([record(), record()]);
    const second = enc.encode([record()]);
    assert.equal(first.rows.length, 2 * ROW_STRIDE);
    assert.ok(first.strings.includes('gemini-3.5-flash'));
    assert.ok(!second.strings.includes('gemini-3.5-flash'), 'the model was already sent');
    assert.equal(new Set(first.strings).size, first.strings.length);
    const table: string[] = [];
    decodeChunk(first, table);
    const [row] = decodeChunk(second, table);
    assert.equal(row!.model, 'gemini-3.5-flash');
    assert.equal(row!.reason, 'inline completion, so the fast lane');
  });
});

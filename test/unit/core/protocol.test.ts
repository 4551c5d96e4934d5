import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeChunk, formatUsd, formatMs, isWebviewMessage, RecordEncoder, ROW_STRIDE } from '../../../src/core/protocol.ts';
import { record } from '../helpers/ledger-fixtures.ts';

describe('panel protocol: compact records', () => {
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

  it('accepts only well-formed webview messages', () => {
    assert.ok(isWebviewMessage({ type: 'ready' }));
    assert.ok(isWebviewMessage({ type: 'export', format: 'csv' }));
    assert.ok(isWebviewMessage({ type: 'command', command: 'openBudgetSettings' }));
    assert.ok(!isWebviewMessage({ type: 'export', format: 'xml' }));
    assert.ok(!isWebviewMessage({ type: 'command', command: 'workbench.action.reloadWindow' }));
    assert.ok(!isWebviewMessage(null));
    assert.ok(!isWebviewMessage('ready'));
  });
});

describe('panel protocol: shared display formats', () => {
  it('shows money the one way the meter and the cards do (money.ts)', () => {
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(31_000), '$0.000031');
    assert.equal(formatUsd(1_770_000), '$0.00177');
    assert.equal(formatUsd(420_000_000), '$0.42');
    assert.equal(formatUsd(1_234_567_000_000), '$1,234.57');
    assert.equal(formatUsd(-5_000_000_000), '-$5.00');
  });

  it('shows milliseconds, seconds and minutes', () => {
    assert.equal(formatMs(undefined), '–');
    assert.equal(formatMs(null), '–');
    assert.equal(formatMs(840.4), '840 ms');
    assert.equal(formatMs(4_200), '4.2 s');
    assert.equal(formatMs(61_000), '61 s');
    assert.equal(formatMs(725_000), '12 min 5 s');
  });
});

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeChunk, decodeEvents, EVENT_STRIDE, parseAgent, RecordEncoder, ROW_STRIDE, StateIndex, stateLabel } from '../../../src/core/ledger-rows.ts';
import type { LedgerEvent } from '../../../src/core/ledger-record.ts';
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

  it('round-trips an agent request\'s tool calls and features; other records have none', () => {
    const agent = {
      turn: 3, asksForPlan: false, toolResults: 2, failedToolResults: 1, repeatedCall: true, lastUserChars: 0, contextTokens: 18_400,
      tools: 3, toolMode: 'required' as const, fastFailedTools: ['editFile'], step: 'think' as const,
    };
    const a = record({ kind: 'agent', taskId: 'conv', toolCalls: { made: 2, malformed: 1 }, agent });
    const [ra, rb] = decodeChunk(new RecordEncoder().encode([a, record()]), []);
    assert.equal(ra!.kind, 'agent');
    assert.deepEqual(ra!.toolCalls, { made: 2, malformed: 1 });
    assert.deepEqual(ra!.agent, agent);
    assert.deepEqual([rb!.toolCalls, rb!.agent], [undefined, undefined]);
    // A field the router adds later travels too; a shape the details cannot read is dropped.
    assert.deepEqual(parseAgent(JSON.stringify({ ...agent, loopLength: 2 }))?.['loopLength' as keyof typeof agent], 2);
    assert.equal(parseAgent('{"turn":"3","step":"think"}'), undefined);
    assert.equal(parseAgent('not json'), undefined);
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

const ev = (over: Partial<LedgerEvent> & Pick<LedgerEvent, 'event' | 'taskId'>): LedgerEvent =>
  ({ v: 1, type: 'event', id: `e-${Math.random()}`, time: '2026-03-15T10:00:00.000Z', kind: 'refactor', ...over });

describe('ledger rows: events and the final state of a request', () => {
  it('decodes events as their own small chunk, sharing the records\' string table', () => {
    const enc = new RecordEncoder();
    const table: string[] = [];
    const [row] = decodeChunk(enc.encode([record({ id: 'req-1', taskId: 'task-1', kind: 'refactor', outcome: 'ok' })]), table);
    const chunk = enc.encodeEvents([
      ev({ event: 'partly_applied', taskId: 'task-1', requestId: 'req-1', files: ['src/a.ts', 'src/b.ts'], time: '2026-03-15T10:00:02.000Z' }),
      ev({ event: 'shown', taskId: 'task-1', requestId: 'req-1', time: '2026-03-15T10:00:01.000Z' }),
    ]);
    assert.equal(chunk.rows.length, 2 * EVENT_STRIDE);
    assert.deepEqual(chunk.strings, [], 'the ids were sent with the record');
    const events = decodeEvents(chunk, table);
    assert.deepEqual(events[0], { event: 'partly_applied', time: Date.parse('2026-03-15T10:00:02.000Z'), taskId: 'task-1', requestId: 'req-1', files: 2 });
    assert.deepEqual(events[1], { event: 'shown', time: Date.parse('2026-03-15T10:00:01.000Z'), taskId: 'task-1', requestId: 'req-1' });
    const index = new StateIndex();
    for (const e of events) index.add(e);
    assert.equal(stateLabel(index.stateOf(row!)), 'partly applied: 2 files', 'a later-arriving "shown" does not undo what the user did');
  });

  it('joins by request id, or by task id onto the task\'s successful attempt; the latest decision wins', () => {
    const index = new StateIndex();
    const escalated = { id: 'r0', taskId: 'T', outcome: 'escalated' };
    const ok = { id: 'r1', taskId: 'T', outcome: 'ok' };
    assert.equal(index.stateOf(ok), undefined);
    index.add({ event: 'shown', time: 1, taskId: 'T' });
    assert.equal(stateLabel(index.stateOf(ok)), 'shown');
    assert.equal(index.stateOf(escalated), undefined, 'a task-level event names the attempt that answered');
    index.add({ event: 'applied', time: 2, taskId: 'T', files: 3 });
    index.add({ event: 'undone', time: 5, taskId: 'T', requestId: 'r1' });
    assert.equal(stateLabel(index.stateOf(ok)), 'undone');
    index.add({ event: 'rejected', time: 4, taskId: 'U', requestId: 'u1' });
    index.add({ event: 'accepted', time: 3, taskId: 'U', requestId: 'u1' });
    assert.equal(stateLabel(index.stateOf({ id: 'u1', taskId: 'U', outcome: 'ok' })), 'rejected', 'by time, not arrival');
    assert.equal(stateLabel({ event: 'partly_applied', time: 0, files: 1 }), 'partly applied: 1 file');
  });
});

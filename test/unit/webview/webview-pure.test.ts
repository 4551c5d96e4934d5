import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeChunk, RecordEncoder, type PanelRow } from '../../../src/core/ledger-rows.ts';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { bucketIndex, latencyHistogram, spendSeries } from '../../../src/webview/chart-data.ts';
import { COLUMNS } from '../../../src/webview/columns.ts';
import { agentFacts, attemptChain, timingSegments } from '../../../src/webview/details-model.ts';
import { applyFilters, matches, NO_FILTERS, sanitizeFilters } from '../../../src/webview/filters.ts';
import { estimateDelta, KIND_OPTIONS, kindLabel, laneToolCallsLine, localDay, outcomeLabel, rowCountLine } from '../../../src/webview/format.ts';
import { formatToolCalls } from '../../../src/core/usage-format.ts';
import { PANEL_KINDS } from '../../../src/core/ledger-rows.ts';
import { LedgerAggregate } from '../../../src/core/ledger-aggregate.ts';
import { sanitizeState } from '../../../src/webview/state.ts';
import { moveIndex, pageSize, scrollToReveal, visibleWindow } from '../../../src/webview/virtual.ts';
import { record } from '../helpers/ledger-fixtures.ts';

const rowsOf = (records: LedgerRecord[]): PanelRow[] => decodeChunk(new RecordEncoder().encode(records), []);
const at = (local: string) => new Date(local).toISOString(); // local wall time -> ISO

describe('virtual window', () => {
  it('renders only the rows in view plus overscan', () => {
    const w = visibleWindow(24 * 1000, 240, 24, 100_000, 5);
    assert.deepEqual(w, { start: 995, end: 1016, offset: 995 * 24, totalHeight: 2_400_000 });
  });

  it('clamps at both ends and handles an empty table', () => {
    assert.deepEqual(visibleWindow(-50, 240, 24, 100, 5), { start: 0, end: 16, offset: 0, totalHeight: 2400 });
    const end = visibleWindow(1e9, 240, 24, 100, 5);
    assert.equal(end.end, 100);
    assert.equal(end.start, 100 - 10 - 5);
    assert.deepEqual(visibleWindow(0, 240, 24, 0), { start: 0, end: 0, offset: 0, totalHeight: 0 });
  });

  it('moves the active row with the keyboard, clamped', () => {
    assert.equal(moveIndex(0, 'ArrowUp', 10, 4), 0);
    assert.equal(moveIndex(0, 'ArrowDown', 10, 4), 1);
    assert.equal(moveIndex(8, 'PageDown', 10, 4), 9);
    assert.equal(moveIndex(5, 'PageUp', 10, 4), 1);
    assert.equal(moveIndex(5, 'Home', 10, 4), 0);
    assert.equal(moveIndex(5, 'End', 10, 4), 9);
    assert.equal(moveIndex(5, 'a', 10, 4), undefined);
    assert.equal(moveIndex(0, 'ArrowDown', 0, 4), undefined);
    assert.equal(pageSize(240, 24), 9);
  });

  it('scrolls just enough to reveal a row below the sticky header', () => {
    assert.equal(scrollToReveal(5, 0, 264, 24, 24), undefined);
    assert.equal(scrollToReveal(20, 0, 264, 24, 24), 21 * 24 - 240);
    assert.equal(scrollToReveal(2, 240, 264, 24, 24), 48);
  });
});

describe('filters', () => {
  const rows = rowsOf([
    record({ lane: 'fast', kind: 'completion', outcome: 'ok', time: at('2026-03-14T23:30:00') }),
    record({ lane: 'deep', kind: 'refactor', outcome: 'error:timeout', time: at('2026-03-15T00:30:00') }),
    record({ lane: 'fast', kind: 'quickEdit', outcome: 'escalated', time: at('2026-03-16T09:00:00') }),
    record({ lane: 'deep', kind: 'quickEdit', outcome: 'blocked_budget', time: at('2026-03-16T10:00:00') }),
  ]);

  it('filter by lane, kind and outcome groups', () => {
    assert.equal(applyFilters(rows, { ...NO_FILTERS, lane: 'deep' }).length, 2);
    assert.equal(applyFilters(rows, { ...NO_FILTERS, kind: 'quickEdit' }).length, 2);
    assert.deepEqual(applyFilters(rows, { ...NO_FILTERS, outcome: 'error' }).map((r) => r.outcome), ['error:timeout']);
    assert.deepEqual(applyFilters(rows, { ...NO_FILTERS, outcome: 'blocked' }).map((r) => r.outcome), ['blocked_budget']);
    assert.equal(applyFilters(rows, { ...NO_FILTERS, lane: 'fast', kind: 'quickEdit', outcome: 'escalated' }).length, 1);
    assert.equal(applyFilters(rows, NO_FILTERS).length, 4);
  });

  it('filters by local calendar day, bounds inclusive', () => {
    assert.equal(localDay(rows[0]!.time), '2026-03-14');
    assert.equal(applyFilters(rows, { ...NO_FILTERS, from: '2026-03-15' }).length, 3);
    assert.equal(applyFilters(rows, { ...NO_FILTERS, to: '2026-03-15' }).length, 2);
    assert.equal(applyFilters(rows, { ...NO_FILTERS, from: '2026-03-15', to: '2026-03-15' }).length, 1);
    assert.ok(!matches(rows[0]!, { ...NO_FILTERS, from: '2026-03-15' }));
  });

  it('drops malformed persisted state', () => {
    assert.deepEqual(sanitizeFilters({ lane: 'slow', kind: 'refactor', outcome: 'drop table', from: '15/03/2026', to: '2026-03-16' }),
      { lane: 'all', kind: 'refactor', outcome: 'all', from: '', to: '2026-03-16' });
    assert.deepEqual(sanitizeState(undefined), { filters: NO_FILTERS, tab: 'requests' });
    assert.equal(sanitizeState({ tab: 'charts' }).tab, 'charts');
    assert.equal(sanitizeState({ tab: 'secret' }).tab, 'requests');
  });
});

describe('columns and details', () => {
  it('has the issue\'s columns in order, and formats a row', () => {
    assert.deepEqual(COLUMNS.map((c) => c.id), ['time', 'kind', 'lane', 'cost', 'other', 'outcome', 'state', 'why', 'ttft', 'total', 'in', 'cached', 'out', 'reasoning', 'tools']);
    assert.equal(COLUMNS.find((c) => c.id === 'other')!.header, 'Other lane (same tokens)');
    const [r] = rowsOf([record({ tokens: { input: 12_345, cached: 2_000, output: 300, reasoning: 100 } })]);
    const text = Object.fromEntries(COLUMNS.map((c) => [c.id, c.text(r!, r!.time)]));
    assert.equal(text.lane, 'Fast · gemini-3.5-flash');
    assert.equal(text.ttft, '100 ms');
    assert.equal(text.in, '12,345');
    assert.equal(text.cost, '$0.00177');
    assert.equal(text.other, '$0.0059');
    const [block] = rowsOf([record({ outcome: 'blocked_cooldown', costNanos: 0, counterfactualNanos: 0 })]);
    assert.equal(COLUMNS.find((c) => c.id === 'other')!.text(block!, block!.time), '–', 'a block sent nothing: no other-lane price');
    assert.equal(text.outcome, 'OK');
    assert.equal(text.state, '', 'no event names it yet');
    assert.equal(outcomeLabel('error:rate_limited'), 'Error: rate limited');
    assert.equal(outcomeLabel('blocked_cooldown'), 'Blocked (cooldown)');
    assert.equal(outcomeLabel('blocked_context'), 'Blocked (context too large)');
  });

  it('chains the attempts of one task in attempt order', () => {
    const rows = rowsOf([
      record({ taskId: 'T', attempt: 1, lane: 'deep', outcome: 'ok' }),
      record({ taskId: 'other' }),
      record({ taskId: 'T', attempt: 0, lane: 'fast', outcome: 'escalated' }),
    ]);
    assert.deepEqual(attemptChain(rows, 'T').map((r) => [r.attempt, r.lane, r.outcome]), [[0, 'fast', 'escalated'], [1, 'deep', 'ok']]);
  });

  it('splits the timing into waiting, connecting, first token and streaming', () => {
    const [r] = rowsOf([record({ timings: { queuedMs: 5, sentMs: 20, firstTokenMs: 300, endMs: 900 } })]);
    assert.deepEqual(timingSegments(r!).map((s) => [s.label, s.toMs - s.fromMs]),
      [['Waiting', 5], ['Connecting', 15], ['Waiting for the first token', 280], ['Streaming', 600]]);
    const [bare] = rowsOf([record({ timings: { endMs: 400 } })]);
    assert.deepEqual(timingSegments(bare!).map((s) => [s.label, s.fromMs, s.toMs]), [['Waiting for a reply', 0, 400]]);
    const [noToken] = rowsOf([record({ timings: { queuedMs: 2, sentMs: 170, endMs: 380 } })]);
    assert.deepEqual(timingSegments(noToken!).map((s) => s.label), ['Waiting', 'Connecting', 'Waiting for a reply']);
    assert.equal(estimateDelta({ costNanos: 1_100, estimateNanos: 1_000 }), '+10%');
    assert.equal(estimateDelta({ costNanos: 1_100, estimateNanos: 0 }), '–');
  });
});

describe('chart series', () => {
  it('buckets spend per hour within two days, per day beyond, with empty buckets', () => {
    const hourly = spendSeries(rowsOf([
      record({ time: at('2026-03-15T10:05:00'), costNanos: 1_000_000_000, lane: 'deep' }),
      record({ time: at('2026-03-15T10:55:00'), costNanos: 500_000_000 }),
      record({ time: at('2026-03-15T12:10:00'), costNanos: 250_000_000 }),
    ]));
    assert.equal(hourly.bucket, 'hour');
    assert.deepEqual(hourly.all, [1.5, 0, 0.25]);
    assert.deepEqual(hourly.fast, [0.5, 0, 0.25]);
    assert.equal(hourly.x[0], new Date('2026-03-15T10:00:00').getTime() / 1000);
    const daily = spendSeries(rowsOf([record({ time: at('2026-03-01T10:00:00') }), record({ time: at('2026-03-05T10:00:00') })]));
    assert.equal(daily.bucket, 'day');
    assert.equal(daily.x.length, 5);
    assert.deepEqual(spendSeries([]).x, []);
  });

  it('counts completed, uncached attempts per lane in log buckets', () => {
    const edges = [100, 1000, 10_000];
    assert.equal(bucketIndex(50, edges), 0);
    assert.equal(bucketIndex(100, edges), 0);
    assert.equal(bucketIndex(101, edges), 1);
    assert.equal(bucketIndex(99_999, edges), 2);
    const h = latencyHistogram(rowsOf([
      record({ timings: { endMs: 80 } }),
      record({ timings: { endMs: 500 }, outcome: 'escalated' }),
      record({ timings: { endMs: 500 }, cacheHit: true }),
      record({ timings: { endMs: 500 }, outcome: 'cancelled' }),
      record({ timings: { endMs: 5_000 }, lane: 'deep' }),
    ]), edges);
    assert.deepEqual(h.fast, [1, 1, 0]);
    assert.deepEqual(h.deep, [0, 0, 1]);
  });
});

describe('the table\'s count line agrees with the cards', () => {
  it('counts rows, and requests the way the cards do (blocks apart, events not rows)', () => {
    const records = [
      record({ time: '2026-03-15T10:00:00.000Z' }),
      record({ time: '2026-03-15T10:01:00.000Z', kind: 'quickEdit' }),
      record({ time: '2026-03-15T10:02:00.000Z', outcome: 'blocked_cooldown', tokens: { input: 0, cached: 0, output: 0, reasoning: 0 }, costNanos: 0 }),
      record({ time: '2026-03-15T10:03:00.000Z', outcome: 'blocked_budget', tokens: { input: 0, cached: 0, output: 0, reasoning: 0 }, costNanos: 0 }),
      record({ time: '2026-03-15T10:04:00.000Z', lane: 'deep', kind: 'refactor', model: 'gpt-5.5', provider: 'openai' }),
    ];
    const agg = new LedgerAggregate({ now: () => Date.parse('2026-03-15T12:00:00.000Z'), utcOffsetMinutes: () => 0 });
    agg.addAll(records);
    const cardsSay = agg.month().all.requests;
    const rows = rowsOf(records);
    const line = rowCountLine(rows, rows, { filtered: false, loading: false });
    assert.equal(line, '5 rows this month: 3 requests, 2 blocked (not sent), newest first');
    assert.equal(Number(/(\d+) requests/.exec(line)![1]), cardsSay);
    const blocked = applyFilters(rows, { ...NO_FILTERS, outcome: 'blocked' });
    assert.equal(blocked.length, 2, 'the blocked filter takes every cause');
    const onlyRequests = rows.filter((r) => !r.outcome.startsWith('blocked_'));
    assert.equal(rowCountLine(onlyRequests, rows, { filtered: true, loading: false }), 'Showing 3 of 5 rows this month (filtered)');
    assert.equal(rowCountLine(rows.slice(0, 1), rows.slice(0, 1), { filtered: false, loading: true }), '1 row this month (loading…), newest first');
  });
});

describe('agent requests in the table, the filter, the cards and the details', () => {
  const features = (turn: number, step: 'think' | 'act', over: Record<string, unknown> = {}) => ({
    turn, asksForPlan: turn === 1, toolResults: turn > 1 ? 1 : 0, failedToolResults: 0, repeatedCall: false, lastUserChars: 24,
    contextTokens: 12_345, tools: 3, toolMode: 'auto' as const, fastFailedTools: [] as string[], step, ...over,
  });
  const conv = rowsOf([
    record({ kind: 'agent', taskId: 'conv', attempt: 0, lane: 'deep', model: 'gpt-5.5', agent: features(1, 'think'), toolCalls: { made: 1, malformed: 0 }, time: '2026-03-15T10:00:00.000Z' }),
    record({ kind: 'agent', taskId: 'conv', attempt: 1, lane: 'deep', model: 'gpt-5.5', outcome: 'ok', agent: features(2, 'act', { fastFailedTools: ['editFile'] }), toolCalls: { made: 2, malformed: 0 }, time: '2026-03-15T10:00:09.000Z' }),
    record({ kind: 'agent', taskId: 'conv', attempt: 0, lane: 'fast', outcome: 'escalated', agent: features(2, 'act', { failedToolResults: 1, repeatedCall: true }), toolCalls: { made: 2, malformed: 1 }, time: '2026-03-15T10:00:05.000Z' }),
    record({ kind: 'completion', taskId: 'other' }),
  ]);

  it('labels the kind "Agent" everywhere a kind shows, and filters by it', () => {
    assert.equal(kindLabel('agent'), 'Agent');
    assert.deepEqual(KIND_OPTIONS.map(([k]) => k), ['all', ...PANEL_KINDS], 'the filter offers every kind');
    assert.ok(KIND_OPTIONS.some(([k, label]) => k === 'agent' && label === 'Agent'));
    assert.equal(sanitizeFilters({ kind: 'agent' }).kind, 'agent');
    assert.deepEqual(applyFilters(conv, { ...NO_FILTERS, kind: 'agent' }).map((r) => r.id), conv.slice(0, 3).map((r) => r.id));
  });

  it('shows the step beside the kind and the tool calls in their own column', () => {
    const cell = (id: string, r: PanelRow) => COLUMNS.find((c) => c.id === id)!.text(r, r.time);
    assert.equal(cell('kind', conv[0]!), 'Agent · think');
    assert.equal(cell('kind', conv[3]!), 'Completion');
    assert.equal(cell('tools', conv[2]!), '2 (1 malformed)');
    assert.equal(cell('tools', conv[1]!), '2');
    assert.equal(cell('tools', conv[3]!), '–', 'no tools were offered');
  });

  it('chains a conversation by turn, each turn\'s attempts in order', () => {
    assert.deepEqual(attemptChain(conv, 'conv').map((r) => [r.agent!.turn, r.attempt, r.lane, r.outcome]),
      [[1, 0, 'deep', 'ok'], [2, 0, 'fast', 'escalated'], [2, 1, 'deep', 'ok']]);
  });

  it('lists the features the router read, and the tool calls, in words', () => {
    const facts = Object.fromEntries(agentFacts(conv[2]!));
    assert.equal(facts['Tool calls'], '2 made, 1 malformed (never passed on)');
    assert.equal(facts.Step, 'act: a step that follows the plan');
    assert.equal(facts.Turn, '2');
    assert.equal(facts['Failed tool results'], '1');
    assert.equal(facts['Repeated tool call'], 'yes');
    assert.equal(facts.Context, '12,345 tokens');
    assert.equal(Object.fromEntries(agentFacts(conv[1]!))['Fast lane failed on'], 'editFile');
    assert.deepEqual(agentFacts(conv[3]!), [], 'other kinds have no agent section');
    // A feature the router adds later still shows, under its own name.
    const [later] = rowsOf([record({ kind: 'agent', agent: { ...features(4, 'act'), ...{ loopLength: 2 } } })]);
    assert.deepEqual(agentFacts(later!).at(-1), ['loopLength', '2']);
  });

  it('a lane card\'s tool-call line: the month\'s rate, today\'s, or none yet', () => {
    const none = { made: 0, malformed: 0 };
    assert.equal(laneToolCallsLine({ toolCallsMonth: none, toolCallsToday: none }), 'No tool calls yet');
    assert.equal(laneToolCallsLine({ toolCallsMonth: { made: 40, malformed: 3 }, toolCallsToday: none }), 'Tool calls this month: 3 of 40 malformed (7.5%) · today none');
    assert.equal(laneToolCallsLine({ toolCallsMonth: { made: 40, malformed: 3 }, toolCallsToday: { made: 10, malformed: 1 } }),
      `Tool calls this month: ${formatToolCalls({ made: 40, malformed: 3 })} · today 1 of 10 malformed (10%)`);
  });
});

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LedgerEntry, LedgerEvent, LedgerRecord } from '../../../src/core/ledger-record.ts';
import { runCli } from '../../../src/cli/run.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';
import { LedgerAggregate } from '../../../src/core/ledger-aggregate.ts';
import { DEFAULT_POLICY } from '../../../src/core/policy-config.ts';
import { EMPTY_BUDGET } from '../../../src/core/policy-budget.ts';
import { buildSummary } from '../../../src/vscode/usage/panel-summary.ts';
import { kindCell, laneToolCallsLine } from '../../../src/webview/format.ts';

function rec(i: number, over: Partial<LedgerRecord>): LedgerRecord {
  return {
    v: 1, id: `r${i}`, taskId: `t${i}`, attempt: 0, time: new Date().toISOString(), kind: 'completion', lane: 'fast',
    provider: 'gemini', model: 'gemini-3.5-flash', reason: 'inline completion, so the fast lane', outcome: 'ok',
    timings: { firstTokenMs: 100, endMs: 200 }, tokens: { input: 1000, cached: 0, output: 20, reasoning: 0 },
    costNanos: 1_680_000, estimateNanos: 1_700_000, counterfactualNanos: 5_600_000, ...over,
  };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd: process.cwd(), env: {} }, process.cwd());
  return { code, out, err };
}

/** A fresh ledger folder holding these lines. */
async function ledgerWith(entries: LedgerEntry[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-usage-'));
  const store = new LedgerStore(dir);
  for (const e of entries) await store.append(e);
  await store.close();
  return dir;
}

/** `switchyard usage` on a folder; it must succeed. */
async function usageOf(dir: string): Promise<string> {
  const r = await cli(['usage', '--ledger-dir', dir]);
  assert.equal(r.code, 0, r.err);
  return r.out;
}

describe('switchyard usage', () => {
  let dir: string;
  before(async () => {
    dir = await ledgerWith([
      rec(1, {}),
      rec(2, { kind: 'refactor', lane: 'deep', provider: 'openai', model: 'gpt-5.5', costNanos: 300_000_000, counterfactualNanos: 90_000_000, note: 'has "quotes", and commas' }),
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the month totals from the ledger', async () => {
    const out = await usageOf(dir);
    assert.match(out, /all\s+2 req\s+\$0\.3017 /);
    assert.match(out, /deep lane\s+1 req\s+\$0\.30 /);
  });

  it('exports the records as JSON and CSV', async () => {
    const json = await cli(['usage', '--ledger-dir', dir, '--json']);
    const parsed = JSON.parse(json.out) as { records?: LedgerRecord[] } | LedgerRecord[];
    const list = Array.isArray(parsed) ? parsed : parsed.records!;
    assert.deepEqual(list.map((x) => x.id), ['r1', 'r2']);
    const csv = await cli(['usage', '--ledger-dir', dir, '--csv']);
    assert.equal(csv.out.trim().split('\r\n').length, 3);
  });

  it('refuses bad arguments with the usage line', async () => {
    const r = await cli(['usage', '--month', 'March']);
    assert.equal(r.code, 2);
    assert.match(r.err, /YYYY-MM/);
  });
});

describe('switchyard usage: blocks, events, savings per task, waste and fast success', () => {
  let dir: string;
  const ev = (id: string, over: Partial<LedgerEvent> & Pick<LedgerEvent, 'event' | 'taskId'>): LedgerEvent =>
    ({ v: 1, type: 'event', id, time: new Date().toISOString(), kind: 'quickEdit', ...over });
  before(async () => {
    dir = await ledgerWith([
      // A quick edit that escalated: its fast attempt is waste; then the deep answer was applied.
      rec(1, { taskId: 'Q', kind: 'quickEdit', outcome: 'escalated', costNanos: 2_000_000, counterfactualNanos: 7_000_000 }),
      rec(2, { taskId: 'Q', attempt: 1, kind: 'quickEdit', lane: 'deep', provider: 'openai', model: 'gpt-5.5', costNanos: 7_000_000, counterfactualNanos: 2_000_000 }),
      ev('e1', { event: 'applied', taskId: 'Q', requestId: 'r2', files: ['src/a.ts'] }),
      // A completion shown and accepted (the accept recorded twice), and a cache hit.
      rec(3, { taskId: 'C' }),
      ev('e2', { event: 'shown', taskId: 'C', requestId: 'r3', kind: 'completion' }),
      ev('e3', { event: 'accepted', taskId: 'C', requestId: 'r3', kind: 'completion' }),
      ev('e4', { event: 'accepted', taskId: 'C', requestId: 'r3', kind: 'completion' }),
      ev('e5', { event: 'shown', taskId: 'H', kind: 'completion', fromCache: true }),
      // A cooldown block: not a request.
      rec(4, { outcome: 'blocked_cooldown', costNanos: 0, counterfactualNanos: 0, tokens: { input: 0, cached: 0, output: 0, reasoning: 0 } }),
    ]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints requests without blocks, blocks by cause, events, savings, waste and the fast success rate', async () => {
    const out = await usageOf(dir);
    assert.match(out, /all\s+3 req\s+\$0\.01068 /);
    assert.match(out, /blocked, not sent \(not requests\): cooldown 1\n/);
    assert.match(out, /events: shown 2 \(1 from cache\), accepted 1, applied 1, rejected 0, partly applied 0, undone 0\n/);
    // -2,000,000 (escalated fast try) + 0 (deep) + 5,600,000 - 1,680,000 (fast ok) nano-dollars.
    assert.match(out, /savings per task against sending everything to the deep lane: \$0\.00192\n/);
    assert.match(out, /spent on fast attempts of tasks that escalated to the deep lane: \$0\.002\n/);
    assert.match(out, /fast lane success \(ended ok on the fast lane \/ finished\): completion 1\/1 \(100%\), quickEdit 0\/1 \(0%\)\n/);
  });

  it('exports requests and events: JSON with a type on each, CSV with each request\'s final state', async () => {
    const json = JSON.parse((await cli(['usage', '--ledger-dir', dir, '--json'])).out) as { type: string; id: string; costNanos?: number }[];
    assert.deepEqual(json.filter((x) => x.type === 'request').map((x) => x.id), ['r1', 'r2', 'r3', 'r4']);
    assert.deepEqual(json.filter((x) => x.type === 'event').map((x) => x.id), ['e1', 'e2', 'e3', 'e4', 'e5']);
    assert.equal(json.find((x) => x.id === 'r2')!.costNanos, 7_000_000, 'exact nano-dollars');
    const csv = (await cli(['usage', '--ledger-dir', dir, '--csv'])).out;
    // The reason holds a comma (quoted), so read the id from the front and the state from the end.
    const lines = csv.trim().split('\r\n').map((l) => l.split(','));
    assert.equal(lines[0]!.at(-1), 'state');
    const state = Object.fromEntries(lines.slice(1).map((l) => [l[0], l.at(-1)]));
    assert.deepEqual(state, { r1: '', r2: 'applied', r3: 'accepted', r4: '' });
    assert.match(csv, /,7000000,0\.007000000,/, 'exact nano-dollars and dollars');
  });
});

describe('switchyard usage: agent requests and each lane\'s tool-call parse-failure rate', () => {
  let dir: string;
  const features = (turn: number, step: 'think' | 'act') => ({
    turn, asksForPlan: turn === 1, toolResults: turn > 1 ? 1 : 0, failedToolResults: 0, repeatedCall: false, lastUserChars: 20,
    contextTokens: 3_000, tools: 3, toolMode: 'auto' as const, fastFailedTools: [], step,
  });
  const deep = { lane: 'deep' as const, provider: 'openai', model: 'gpt-5.5', costNanos: 6_000_000, counterfactualNanos: 1_800_000 };
  const entries = [
    // Turn 1 plans on the deep lane; turn 2 acts on the fast lane, but one call is malformed, so it escalates; turn 3 acts.
    rec(1, { taskId: 'conv', kind: 'agent', ...deep, agent: features(1, 'think'), toolCalls: { made: 1, malformed: 0 } }),
    rec(2, { taskId: 'conv', kind: 'agent', outcome: 'escalated', agent: features(2, 'act'), toolCalls: { made: 2, malformed: 1 } }),
    rec(3, { taskId: 'conv', kind: 'agent', attempt: 1, ...deep, agent: features(2, 'act'), toolCalls: { made: 2, malformed: 0 } }),
    rec(4, { taskId: 'conv', kind: 'agent', agent: features(3, 'act'), toolCalls: { made: 6, malformed: 0 } }),
    rec(5, { taskId: 'C' }),
  ];
  before(async () => { dir = await ledgerWith(entries); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the agent kind, each lane\'s malformed / made, and fast success per request', async () => {
    const out = await usageOf(dir);
    assert.match(out, /\n {2}agent\s+4 req /);
    assert.match(out, /tool calls \(agent requests\), malformed \/ made: fast lane 1 of 8 malformed \(12\.5%\), deep lane 0 of 3 malformed \(0%\)\n/);
    // Turn 2 started fast and escalated, turn 3 ended ok on the fast lane; turn 1 went deep by design.
    assert.match(out, /fast lane success \(ended ok on the fast lane \/ finished\): completion 1\/1 \(100%\), agent 1\/2 \(50%\)\n/);
    assert.match(out, /spent on fast attempts of tasks that escalated to the deep lane: \$0\.00168\n/);
  });

  it('exports each attempt\'s tool calls, step and turn in the CSV', async () => {
    const csv = (await cli(['usage', '--ledger-dir', dir, '--csv'])).out.trim().split('\r\n').map((l) => l.split(','));
    const head = csv[0]!;
    // The reason holds commas (quoted), so count the columns from the end.
    const col = (id: string, name: string) => csv.find((l) => l[0] === id)!.at(head.indexOf(name) - head.length);
    assert.deepEqual(['toolCallsMade', 'toolCallsMalformed', 'agentStep', 'agentTurn'].map((n) => col('r2', n)), ['2', '1', 'act', '2']);
    assert.deepEqual(['toolCallsMade', 'agentStep'].map((n) => col('r5', n)), ['', ''], 'a completion has none');
  });

  it('the panel\'s lane cards and the CLI say the same rate for the same ledger', async () => {
    const out = await usageOf(dir);
    const store = new LedgerStore(dir);
    try {
      const { records, events } = await store.readMonth(store.currentMonth());
      const agg = new LedgerAggregate();
      agg.addAll(records, events);
      const summary = buildSummary(agg, DEFAULT_POLICY, EMPTY_BUDGET, false);
      for (const lane of ['fast', 'deep'] as const) {
        const made = entries.filter((r) => r.lane === lane).reduce((n, r) => n + (r.toolCalls?.made ?? 0), 0);
        const malformed = entries.filter((r) => r.lane === lane).reduce((n, r) => n + (r.toolCalls?.malformed ?? 0), 0);
        const figure = `${malformed} of ${made} malformed`;
        const card = laneToolCallsLine(summary.lanes[lane]);
        assert.ok(card.startsWith(`Tool calls this month: ${figure} (`), card);
        const cli = new RegExp(`${lane} lane (\\d+ of \\d+ malformed \\([^)]*\\))`).exec(out)![1]!;
        assert.ok(card.includes(cli), `card "${card}" and CLI "${cli}" agree`);
        assert.ok(cli.startsWith(figure));
      }
      assert.equal(kindCell({ kind: 'agent', agent: features(1, 'think') }), 'Agent · think');
    } finally {
      await store.close();
    }
  });
});

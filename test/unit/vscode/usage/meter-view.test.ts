import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LedgerAggregate } from '../../../../src/core/ledger-aggregate.ts';
import { EMPTY_BUDGET, reserve } from '../../../../src/core/policy-budget.ts';
import { DEFAULT_POLICY, mergePolicy } from '../../../../src/core/policy-config.ts';
import { deepTasksRunning, onDeepActivity, trackDeepTask } from '../../../../src/vscode/usage/activity.ts';
import { meterBackground, meterText, meterTooltip, TOOLTIP_COMMANDS } from '../../../../src/vscode/usage/meter-view.ts';
import { buildSummary } from '../../../../src/vscode/usage/panel-summary.ts';
import { record } from '../../helpers/ledger-fixtures.ts';

const NOW = Date.parse('2026-03-15T12:00:00.000Z');
const UTC = () => 0;

function aggregateOf(...records: ReturnType<typeof record>[]): LedgerAggregate {
  const a = new LedgerAggregate({ now: () => NOW, utcOffsetMinutes: UTC });
  a.addAll(records);
  return a;
}

const policy = (daily: number | null, warn = 0.8) => mergePolicy(DEFAULT_POLICY, { budget: { dailyCapNanos: daily, warnFraction: warn } });

describe('meter and card figures', () => {
  const today = '2026-03-15T09:00:00.000Z';
  const earlier = '2026-03-02T09:00:00.000Z';
  const agg = aggregateOf(
    record({ time: today, costNanos: 300_000_000, timings: { endMs: 400 } }),
    record({ time: today, lane: 'deep', model: 'gpt-5.5', costNanos: 1_200_000_000, counterfactualNanos: 100, timings: { endMs: 9_000 } }),
    record({ time: earlier, costNanos: 2_000_000_000, counterfactualNanos: 5_000_000_000, timings: { endMs: 600 } }),
  );

  it('sums today and the month per lane, with p50s and savings', () => {
    const s = buildSummary(agg, policy(5_000_000_000), EMPTY_BUDGET, false);
    assert.equal(s.todayNanos, 1_500_000_000);
    assert.equal(s.monthNanos, 3_500_000_000);
    assert.deepEqual([s.todayCount, s.monthCount], [2, 3]);
    assert.deepEqual([s.lanes.fast.todayNanos, s.lanes.fast.monthNanos, s.lanes.fast.monthCount], [300_000_000, 2_300_000_000, 2]);
    assert.deepEqual([s.lanes.deep.todayNanos, s.lanes.deep.p50Ms], [1_200_000_000, 9_000]);
    assert.equal(s.lanes.fast.p50Ms, 400);
    // fast ok records save counterfactual - cost: (5,900,000 - 300,000,000) + (5,000,000,000 - 2,000,000,000)
    assert.equal(s.savingsMonthNanos, 5_900_000 - 300_000_000 + 3_000_000_000);
    assert.equal(s.level, 'ok');
  });

  it('warns at the warn fraction and errors at the daily cap, counting reservations', () => {
    assert.equal(buildSummary(agg, policy(1_800_000_000), EMPTY_BUDGET, false).level, 'warn'); // 83%
    assert.equal(buildSummary(agg, policy(1_500_000_000), EMPTY_BUDGET, false).level, 'capped');
    assert.equal(buildSummary(agg, policy(2_000_000_000), reserve(EMPTY_BUDGET, 'a', 500_000_000), false).level, 'capped');
    assert.equal(buildSummary(agg, policy(null), EMPTY_BUDGET, false).level, 'ok');
    assert.equal(meterBackground(buildSummary(agg, policy(1_800_000_000), EMPTY_BUDGET, false)), 'statusBarItem.warningBackground');
    assert.equal(meterBackground(buildSummary(agg, policy(1_500_000_000), EMPTY_BUDGET, false)), 'statusBarItem.errorBackground');
    assert.equal(meterBackground(buildSummary(agg, policy(null), EMPTY_BUDGET, false)), undefined);
  });

  it('shows spend, last latency, the spinner and the simulated marker in the text', () => {
    const s = buildSummary(agg, policy(5_000_000_000), EMPTY_BUDGET, false);
    const last = { kind: 'refactor', lane: 'deep', model: 'gpt-5.5', outcome: 'ok', endMs: 9_000, costNanos: 1_200_000_000 };
    assert.equal(meterText({ summary: s, busy: 0 }), '$(pulse) $1.50');
    assert.equal(meterText({ summary: s, last, busy: 0 }), '$(pulse) $1.50 · 9.0 s');
    assert.equal(meterText({ summary: { ...s, simulated: true }, last, busy: 1 }), '$(sync~spin) $1.50 · 9.0 s (simulated)');
  });

  it('tooltip: per-lane spend today and this month, counts, p50, budget and the three command links', () => {
    const s = buildSummary(agg, policy(5_000_000_000), EMPTY_BUDGET, true);
    const md = meterTooltip({ summary: s, busy: 0 });
    assert.match(md, /\| Fast · gemini-3\.5-flash \| \$0\.30 · 1 req \| \$2\.30 · 2 req \| 400 ms \|/);
    assert.match(md, /\| Deep · gpt-5\.5 \| \$1\.20 · 1 req \| \$1\.20 · 1 req \| 9\.0 s \|/);
    assert.match(md, /\*\*\$1\.50\*\* · 2 req \| \*\*\$3\.50\*\* · 3 req/);
    assert.match(md, /Today: \$1\.50 of \$5\.00 \(30%\)/);
    assert.match(md, /simulated/);
    assert.match(md, /\(command:switchyard\.showPanel\)/);
    assert.match(md, /\(command:workbench\.action\.openSettings\?%5B%22switchyard\.budget%22%5D\)/);
    assert.match(md, /\(command:switchyard\.toggleCompletions\)/);
    const linked = [...md.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
    for (const id of linked) assert.ok(TOOLTIP_COMMANDS.includes(id!), `${id} is not in the trusted list`);
  });

  it('tooltip and cards: task-level savings with escalation waste; blocks and events are not requests', () => {
    const a = aggregateOf(
      record({ time: today, taskId: 'Q', kind: 'quickEdit', outcome: 'escalated', costNanos: 2_000_000, counterfactualNanos: 7_000_000 }),
      record({ time: today, taskId: 'Q', attempt: 1, kind: 'quickEdit', lane: 'deep', model: 'gpt-5.5', costNanos: 7_000_000, counterfactualNanos: 2_000_000 }),
      record({ time: today, outcome: 'blocked_cooldown', costNanos: 0, counterfactualNanos: 0 }),
      record({ time: today, costNanos: 1_000_000, counterfactualNanos: 4_000_000 }),
    );
    a.addEvent({ v: 1, type: 'event', id: 'e1', time: today, event: 'accepted', taskId: 'x', kind: 'completion' });
    const s = buildSummary(a, policy(null), EMPTY_BUDGET, false);
    assert.deepEqual([s.todayCount, s.monthCount, s.blocks.blocked_cooldown, s.events.accepted], [3, 3, 1, 1]);
    assert.equal(s.savingsMonthNanos, -2_000_000 + 3_000_000);
    assert.equal(s.wasteMonthNanos, 2_000_000);
    assert.deepEqual(s.fastSuccess.quickEdit, { finished: 1, ok: 0 });
    assert.deepEqual(s.fastSuccess.completion, { finished: 1, ok: 1 });
    const md = meterTooltip({ summary: s, busy: 0 });
    assert.match(md, /Saved against sending every task to gpt-5\.5 alone: \$0\.001 this month/);
    assert.match(md, /Spent on fast attempts that escalated: \$0\.002 this month/);
  });
});

describe('deep-lane activity', () => {
  it('counts tracked tasks until they settle, failures included', async () => {
    const seen: number[] = [];
    const sub = onDeepActivity((n) => seen.push(n));
    let resolve!: () => void;
    const a = trackDeepTask(new Promise<void>((r) => { resolve = r; }));
    const b = trackDeepTask(Promise.reject(new Error('provider down')));
    assert.equal(deepTasksRunning(), 2);
    await assert.rejects(b, /provider down/);
    await new Promise((r) => setImmediate(r));
    assert.equal(deepTasksRunning(), 1);
    resolve();
    await a;
    await new Promise((r) => setImmediate(r));
    assert.equal(deepTasksRunning(), 0);
    assert.deepEqual(seen, [1, 2, 1, 0]);
    sub.dispose();
  });
});

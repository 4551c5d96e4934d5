import * as assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { DEFAULT_POLICY } from '../../../../src/core/policy-config.ts';
import { buildRoutingPanel, ESTIMATE_RULE } from '../../../../src/vscode/usage/routing-panel.ts';
import { Throttle } from '../../../../src/vscode/usage/throttle.ts';
import { PY, routingLedger, statsFromLines } from '../../helpers/routing-ledger.ts';

const NOW = Date.parse('2026-03-15T12:00:00.000Z');

describe('usage panel host: the routing view', () => {
  it('the view after lines arrive one by one (any order, some twice) equals the view built from them all', () => {
    const { records, events } = routingLedger(NOW);
    const whole = buildRoutingPanel(statsFromLines(records, events, 14), NOW, DEFAULT_POLICY);
    // The host's path: a snapshot when the panel opens, then batches as the ledger grows (events may come first).
    const stats = statsFromLines(records.slice(0, 10), [], 14);
    for (const e of events) stats.addEvent(e);
    for (const r of [...records].reverse()) stats.addRecord(r);
    stats.addRecord(records[3]!);
    assert.deepEqual(buildRoutingPanel(stats, NOW, DEFAULT_POLICY), whole);
    assert.equal(whole.rows.find((r) => r.shape === PY)!.lane, 'deep');
  });

  it('carries the settings in force, every row\'s cells, the total against the static table and its rule', () => {
    const { records, events } = routingLedger(NOW);
    const p = buildRoutingPanel(statsFromLines(records, events, 14), NOW, { ...DEFAULT_POLICY, routing: { ...DEFAULT_POLICY.routing, preference: 'cost' } });
    assert.equal(p.settings.preference, 'cost');
    assert.equal(p.estimateRule, ESTIMATE_RULE);
    for (const r of p.rows) assert.equal(r.cells.shape, r.label);
    const sum = p.rows.reduce((s, r) => s + r.versusStatic.deltaNanos, 0);
    assert.equal(p.total.deltaNanos, sum);
    assert.equal(p.total.tasks, 4);
    assert.match(p.total.text, /^4 tasks, ~\$[\d.]+ saved$/);
    // The message is plain data: it survives the webview's structured clone unchanged.
    assert.deepEqual(structuredClone(p), p);
  });
});

describe('usage panel host: the routing throttle', () => {
  it('runs the first request at once, collapses a burst into one run after the interval, never drops the last', () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: NOW });
    try {
      const runs: number[] = [];
      const t = new Throttle(1_000, () => runs.push(Date.now() - NOW));
      t.request();
      mock.timers.tick(0);
      assert.deepEqual(runs, [0]);
      for (let i = 0; i < 10; i++) {
        mock.timers.tick(50);
        t.request();
      }
      assert.deepEqual(runs, [0], 'nothing more inside the interval');
      mock.timers.tick(500);
      assert.deepEqual(runs, [0, 1_000], 'the burst ran once, when the interval was up');
      mock.timers.tick(5_000);
      assert.deepEqual(runs, [0, 1_000]);
      t.ranNow();
      t.request();
      mock.timers.tick(999);
      assert.equal(runs.length, 2, 'a direct run counts towards the interval');
      mock.timers.tick(1);
      assert.equal(runs.length, 3);
      t.request();
      t.dispose();
      mock.timers.tick(10_000);
      assert.equal(runs.length, 3, 'disposed: the pending run is dropped');
    } finally {
      mock.timers.reset();
    }
  });
});

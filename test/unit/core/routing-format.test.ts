// The routing table both faces print: rows from real statistics, and the cells' words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_POLICY, mergePolicy } from '../../../src/core/policy-config.ts';
import { formatOutOf, formatVersusStatic, routingCells, routingTable } from '../../../src/core/routing-format.ts';
import { shapeFromKey, shapeOf } from '../../../src/core/routing-shape.ts';
import { RoutingStats } from '../../../src/core/routing-stats.ts';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { price, record } from '../helpers/ledger-fixtures.ts';

const T0 = Date.parse('2026-03-10T10:00:00.000Z');
const SHAPE = 'quickEdit|python|40-80';

function failingShape(stats: RoutingStats): void {
  // 30 quick edits: the fast lane held 9 times and escalated 21 times to a deep lane that held.
  for (let i = 0; i < 30; i++) {
    const routing = { shape: SHAPE, staticLane: 'fast' as const, basis: 'prior' as const };
    const base: Partial<LedgerRecord> = { kind: 'quickEdit', taskId: `q${i}`, time: new Date(T0 + i * 60_000).toISOString(), routing };
    const ok = i < 9;
    stats.addRecord(record({ ...base, id: `q${i}f`, lane: 'fast', outcome: ok ? 'ok' : 'escalated', costNanos: 5_000_000, counterfactualNanos: 16_000_000, timings: { endMs: 3_000 } }));
    if (!ok) stats.addRecord(record({ ...base, id: `q${i}d`, attempt: 1, lane: 'deep', outcome: 'ok', costNanos: 9_000_000, counterfactualNanos: 2_800_000, timings: { endMs: 7_400 } }));
  }
}

describe('routing table', () => {
  it('a row per shape with the lanes\' figures, the decision now and its reason, from real statistics', () => {
    const stats = new RoutingStats({ halfLifeDays: 14 });
    failingShape(stats);
    stats.addRecord(record({ kind: 'completion', routing: { shape: 'completion|typescript', staticLane: 'fast', basis: 'static' }, time: new Date(T0).toISOString() }));
    const now = T0 + 30 * 60_000;
    const rows = routingTable(stats, now, mergePolicy(DEFAULT_POLICY, { routing: { preference: 'cost' } }), price);
    assert.deepEqual(rows.map((r) => r.shape), ['completion|typescript', SHAPE]);
    const [completion, qe] = rows as [typeof rows[0], typeof rows[0]];
    assert.equal(qe.label, 'quick edit, Python, 40-80 lines');
    assert.equal(qe.staticLane, 'fast');
    assert.equal(qe.lane, 'deep');
    assert.equal(qe.basis, 'learned');
    assert.match(qe.reason, /^quick edit, Python, 40-80 lines: fast lane succeeded 9 of 30 recently; fast-then-deep expected \$0\.0106\d \/ 8\.1 s vs deep \$0\.009 \/ 7\.4 s, so the deep lane$/);
    const cells = routingCells(qe);
    assert.equal(cells['fast ok'], '9 of 30');
    assert.equal(cells['deep ok'], '21 of 21');
    assert.equal(cells['fast mean'], '$0.005 / 3.0 s');
    assert.equal(cells['deep mean'], '$0.009 / 7.4 s');
    assert.equal(cells.now, 'deep lane (learned)');
    assert.equal(cells['vs static'], '–');
    assert.equal(cells.completions, '');
    assert.equal(completion.basis, 'static');
    assert.equal(completion.lane, 'fast');
    assert.equal(routingCells(completion).completions, '0 of 1 accepted (0%)');
  });

  it('learning off: the figures are shown, and the lane is the static table\'s', () => {
    const stats = new RoutingStats({ halfLifeDays: 14 });
    failingShape(stats);
    const [row] = routingTable(stats, T0 + 30 * 60_000, mergePolicy(DEFAULT_POLICY, { routing: { learning: false } }), price);
    assert.deepEqual([row!.staticLane, row!.lane, row!.basis], ['fast', 'fast', 'static']);
    assert.equal(routingCells(row!)['fast ok'], '9 of 30');
  });

  it('answers that passed validation and were rejected later show in the reason, and send the shape deep', () => {
    const stats = new RoutingStats({ halfLifeDays: 14 });
    // 30 fast quick edits: 18 kept, 6 escalated (caught), 6 passed and were rejected by the user (missed).
    for (let i = 0; i < 30; i++) {
      const routing = { shape: SHAPE, staticLane: 'fast' as const, basis: 'prior' as const };
      const time = new Date(T0 + i * 60_000).toISOString();
      const base: Partial<LedgerRecord> = { kind: 'quickEdit', taskId: `v${i}`, time, routing };
      stats.addRecord(record({ ...base, id: `v${i}f`, lane: 'fast', outcome: i >= 24 ? 'escalated' : 'ok', costNanos: 5_000_000, timings: { endMs: 3_000 } }));
      if (i >= 24) stats.addRecord(record({ ...base, id: `v${i}d`, attempt: 1, lane: 'deep', outcome: 'ok', costNanos: 9_000_000, timings: { endMs: 7_400 } }));
      if (i >= 18 && i < 24) stats.addEvent({ v: 1, type: 'event', id: `v${i}r`, time, event: 'rejected', taskId: `v${i}`, requestId: `v${i}f`, kind: 'quickEdit' });
    }
    const [row] = routingTable(stats, T0 + 30 * 60_000, mergePolicy(DEFAULT_POLICY, { routing: { preference: 'cost' } }), price);
    // p = 22/35, m = 6.5/35: $0.005 + 13/35 x $0.009 = $0.008343 (cheaper than deep) plus the review, 6.5/35 x 30 s x $0.009 / 7.4 s.
    assert.deepEqual([row!.lane, row!.basis], ['deep', 'learned']);
    assert.match(row!.reason, /^quick edit, Python, 40-80 lines: fast lane succeeded 18 of 30 recently, 6 of its answers rejected or undone later; fast-then-deep expected \$0\.00834\d \/ 11\.3 s \(\+\$0\.0067\d+ for reviewing wrong answers that passed\) vs deep \$0\.009 \/ 7\.4 s, so the deep lane$/);
    // The cell keeps its count (the panel appends "succeeded" to it); the reason carries the vetoes.
    assert.equal(routingCells(row!)['fast ok'], '18 of 30');
    assert.equal(routingCells(row!)['deep ok'], '6 of 6');
  });

  it('words: counts and the comparison with the static table', () => {
    assert.equal(formatOutOf(9.04, 29.6), '9 of 30');
    assert.equal(formatOutOf(2.46, 4.3), '2.5 of 4.3');
    assert.equal(formatOutOf(0, 0), 'none yet');
    assert.equal(formatVersusStatic({ tasks: 0, deltaNanos: 0 }), '–');
    assert.equal(formatVersusStatic({ tasks: 3, deltaNanos: 120_000_000 }), '3 tasks, ~$0.12 saved');
    assert.equal(formatVersusStatic({ tasks: 1, deltaNanos: -50_000_000 }), '1 task, ~$0.05 more');
  });

  it('shape keys read back to their shape, for every kind and bucket', () => {
    const facts = [
      { kind: 'quickEdit' as const, language: 'Python', editLines: 0, inputTokens: 0 },
      { kind: 'quickEdit' as const, language: 'go', editLines: 500, inputTokens: 0 },
      { kind: 'refactor' as const, language: 'typescript', fileCount: 9, inputTokens: 0 },
      { kind: 'astTransform' as const, fileCount: 1, inputTokens: 0 },
      { kind: 'agent' as const, language: 'rust', inputTokens: 70_000, step: 'think' as const },
      { kind: 'agent' as const, inputTokens: 100, step: 'act' as const },
      { kind: 'completion' as const, language: 'c++', inputTokens: 10 },
    ];
    for (const f of facts) {
      const s = shapeOf(f);
      const back = shapeFromKey(s.key);
      assert.ok(back, s.key);
      assert.deepEqual([back.key, back.label, back.kind], [s.key, s.label, s.kind]);
    }
    assert.equal(shapeFromKey('nonsense|x'), undefined);
    assert.equal(shapeFromKey('quickEdit|python|7-9'), undefined);
  });
});

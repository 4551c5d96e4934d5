// route() with and without learned statistics: what the decision adds per call, and that
// the statistics are read by lookup (a month of records behind them changes nothing). The
// figures are printed as diagnostics; the bounds are loose (100x the measured cost), so a
// rescan per request fails and a busy machine does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLOSED_BREAKER } from '../../../src/core/policy-breaker.ts';
import { EMPTY_BUDGET } from '../../../src/core/policy-budget.ts';
import { DEFAULT_POLICY } from '../../../src/core/policy-config.ts';
import { route, type RouterState } from '../../../src/core/policy.ts';
import { shapeOf } from '../../../src/core/routing-shape.ts';
import { RoutingStats } from '../../../src/core/routing-stats.ts';
import type { TaskFacts } from '../../../src/core/task.ts';
import { price, record } from '../helpers/ledger-fixtures.ts';

const NOW = Date.parse('2026-03-28T12:00:00Z');
const LANGS = ['typescript', 'python', 'go', 'rust', 'java'];

/** A month of routed records: 5,000 attempts over 40 shapes, a third of the fast ones escalated. */
function monthOfStats(records: number): RoutingStats {
  const stats = new RoutingStats({ halfLifeDays: 14 });
  for (let i = 0; i < records; i++) {
    const lang = LANGS[i % LANGS.length]!;
    const editLines = [5, 15, 30, 60, 120, 200, 8, 12][i % 8]!;
    const shape = shapeOf({ kind: 'quickEdit', language: lang, editLines, inputTokens: 2_000 }).key;
    const fast = i % 4 !== 0;
    stats.addRecord(record({
      id: `r${i}`, taskId: `t${i}`, kind: 'quickEdit', lane: fast ? 'fast' : 'deep', outcome: fast && i % 3 === 0 ? 'escalated' : 'ok',
      time: new Date(NOW - (i % 28) * 86_400_000).toISOString(), costNanos: fast ? 5_000_000 : 9_000_000, timings: { endMs: fast ? 3_000 : 7_400 },
      routing: { shape, staticLane: 'fast', basis: 'prior' },
    }));
  }
  return stats;
}

function perCallUs(task: (i: number) => TaskFacts, state: RouterState, calls: number): number {
  const runs: number[] = [];
  for (let round = 0; round < 7; round++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) route(task(i), state, DEFAULT_POLICY, price);
    runs.push(((performance.now() - t0) * 1000) / calls);
  }
  return runs.sort((a, b) => a - b)[3]!;
}

describe('route() speed with learned statistics', () => {
  it('adds microseconds per decision, and nothing that grows with the ledger', (t) => {
    const base: RouterState = { nowMs: NOW, budget: EMPTY_BUDGET, breakers: { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER } };
    const small = monthOfStats(400);
    const month = monthOfStats(5_000);
    const qe = (i: number): TaskFacts => ({ taskId: `q${i}`, kind: 'quickEdit', language: LANGS[i % 5], editLines: 60, inputTokens: 2_000 });
    const completion = (i: number): TaskFacts => ({ taskId: `c${i}`, kind: 'completion', language: LANGS[i % 5], inputTokens: 800 });
    const N = 5_000;
    perCallUs(qe, { ...base, learned: month }, N); // warm-up
    const figures = {
      quickEditStatic: perCallUs(qe, base, N),
      quickEditLearned400: perCallUs(qe, { ...base, learned: small }, N),
      quickEditLearned5000: perCallUs(qe, { ...base, learned: month }, N),
      completionStatic: perCallUs(completion, base, N),
      completionLearned5000: perCallUs(completion, { ...base, learned: month }, N),
    };
    t.diagnostic(`route() median µs per call: ${JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v * 100) / 100])))}`);
    // Loose bounds: a decision stays far under a millisecond, and 12x the records behind it costs no more than noise.
    assert.ok(figures.quickEditLearned5000 < 500, `quick edit with learned stats: ${figures.quickEditLearned5000} µs`);
    assert.ok(figures.completionLearned5000 < 500, `completion with learned stats: ${figures.completionLearned5000} µs`);
    assert.ok(figures.quickEditLearned5000 < 5 * figures.quickEditLearned400 + 20, 'does not grow with the ledger');
  });
});

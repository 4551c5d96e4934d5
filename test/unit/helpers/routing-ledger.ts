// A ledger a user of a few weeks might have, for the routing view's tests (unit and UI): quick edits
// of 40-80-line Python functions that the fast lane keeps failing (13 of 14 escalated), after which
// learning sent the shape straight to the deep lane; refactors on the deep lane; completions, two of six accepted.
import type { LedgerEvent, LedgerRecord } from '../../../src/core/ledger-record.ts';
import { RoutingStats } from '../../../src/core/routing-stats.ts';
import type { RoutingNote } from '../../../src/core/routing-types.ts';

export const PY = 'quickEdit|python|40-80';
export const TS_REFACTOR = 'refactor|typescript|2-4';
export const TS_COMPLETION = 'completion|typescript';

/** The reason a learned quick edit of the shape carries (the numbers its note holds). */
export const LEARNED_REASON = 'quick edit, Python, 40-80 lines: fast lane succeeded 1 of 14 recently; fast-then-deep expected $0.03421 / 8.2 s vs deep $0.033 / 7.0 s, so the deep lane';

/** Lines 20 s apart, the last about `now`. */
export function routingLedger(now: number): { records: LedgerRecord[]; events: LedgerEvent[] } {
  const records: LedgerRecord[] = [];
  const events: LedgerEvent[] = [];
  let t = now - 40 * 20_000;
  const at = () => new Date((t += 20_000)).toISOString();
  const usage = (input: number, output: number) => ({ input, cached: 0, output, reasoning: 0 });
  // 3,000 tokens in, 600 out: $0.0099 on the fast lane, $0.033 on the deep one.
  const fast = { provider: 'gemini', model: 'gemini-3.5-flash', lane: 'fast' as const, tokens: usage(3_000, 600), costNanos: 9_900_000, estimateNanos: 9_900_000, counterfactualNanos: 33_000_000 };
  const deep = {
    provider: 'openai', model: 'gpt-5.5', lane: 'deep' as const, tokens: usage(3_000, 600), costNanos: 33_000_000, estimateNanos: 33_000_000, counterfactualNanos: 9_900_000,
    timings: { queuedMs: 0, sentMs: 4, firstTokenMs: 2_500, endMs: 7_000 },
  };
  const attempt = (id: string, taskId: string, n: number, kind: LedgerRecord['kind'], language: string, routing: RoutingNote, over: Partial<LedgerRecord>): LedgerRecord => ({
    v: 1, id, taskId, attempt: n, time: at(), kind, language, reason: '', outcome: 'ok',
    timings: { queuedMs: 0, sentMs: 4, firstTokenMs: 900, endMs: 3_000 }, simulated: true, routing, ...fast, ...over,
  });
  let fastOk = 0;
  let fastN = 0;
  for (let i = 0; i < 14; i++) {
    const note: RoutingNote = { shape: PY, staticLane: 'fast', basis: 'prior', ...(fastN ? { fast: { ok: fastOk, n: fastN } } : {}) };
    const reason = 'quick edit of 60 lines, so the fast lane';
    if (i === 5) {
      records.push(attempt(`py-${i}-a`, `py-${i}`, 0, 'quickEdit', 'python', note, { reason }));
      fastOk++;
    } else {
      records.push(attempt(`py-${i}-a`, `py-${i}`, 0, 'quickEdit', 'python', note, { reason, outcome: 'escalated', note: 'the answer broke the syntax' }));
      records.push(attempt(`py-${i}-b`, `py-${i}`, 1, 'quickEdit', 'python', note, { ...deep, reason: 'the fast answer broke the syntax, so the deep lane' }));
    }
    fastN++;
  }
  for (let i = 0; i < 4; i++) {
    const note: RoutingNote = {
      shape: PY, staticLane: 'fast', basis: 'learned', fast: { ok: fastOk, n: fastN },
      // p = (1 + 4 prior) / (14 + 5): fast first = 9.9M + (1 - p) 33M nanos, 3 s + (1 - p) 7 s.
      expected: { fastFirst: { costNanos: 34_214_418, ms: 8_158 }, deep: { costNanos: 33_000_000, ms: 7_000 } },
    };
    records.push(attempt(`py-l${i}`, `py-l${i}`, 0, 'quickEdit', 'python', note, { ...deep, reason: LEARNED_REASON }));
  }
  for (let i = 0; i < 3; i++) {
    records.push(attempt(`rf-${i}`, `rf-${i}`, 0, 'refactor', 'typescript', { shape: TS_REFACTOR, staticLane: 'deep', basis: 'prior' }, {
      ...deep, tokens: usage(12_000, 2_000), costNanos: 120_000_000, estimateNanos: 118_000_000, counterfactualNanos: 36_000_000,
      timings: { queuedMs: 0, sentMs: 4, firstTokenMs: 4_000, endMs: 21_000 }, reason: 'a refactor across 3 files, so the deep lane',
    }));
  }
  for (let i = 0; i < 6; i++) {
    const r = attempt(`cp-${i}`, `cp-${i}`, 0, 'completion', 'typescript', { shape: TS_COMPLETION, staticLane: 'fast', basis: 'static' }, {
      tokens: usage(900, 20), costNanos: 1_530_000, estimateNanos: 1_500_000, counterfactualNanos: 5_100_000,
      timings: { queuedMs: 0, sentMs: 2, firstTokenMs: 180, endMs: 260 }, reason: 'inline completion, so the fast lane',
    });
    records.push(r);
    if (i < 2) events.push({ v: 1, type: 'event', id: `cp-${i}-acc`, time: at(), event: 'accepted', taskId: r.taskId, requestId: r.id, kind: 'completion', simulated: true });
  }
  return { records, events };
}

/** Statistics learned from these lines, as the ledger service's would be after reading them. */
export function statsFromLines(records: readonly LedgerRecord[], events: readonly LedgerEvent[], halfLifeDays: number): RoutingStats {
  const stats = new RoutingStats({ halfLifeDays });
  for (const r of records) stats.addRecord(r);
  for (const e of events) stats.addEvent(e);
  return stats;
}

// The completion debounce per language from learned acceptance: a simulated typing session through
// the real engine, pipeline, SDK and emulator, once with no history and once after the language's
// completions went mostly unaccepted. The lengthened debounce sends fewer requests; the figures are printed.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { completionDebounceMs } from '../../../../src/core/policy-adaptive.ts';
import type { LedgerEvent, LedgerRecord } from '../../../../src/core/ledger-record.ts';
import { RoutingStats } from '../../../../src/core/routing-stats.ts';
import { shapeOf } from '../../../../src/core/routing-shape.ts';
import { loadTokenizer } from '../../../../src/core/tokens.ts';
import { CompletionEngine, type CompletionDocument } from '../../../../src/pipeline/completion/engine.ts';
import { GrammarRegistry } from '../../../../src/syntax/index.ts';
import { record } from '../../helpers/ledger-fixtures.ts';
import { GRAMMARS } from '../../syntax/helpers.ts';
import { rig, type Rig } from '../helpers.ts';

const registry = new GrammarRegistry(GRAMMARS);
const BASE_MS = 150;
const T0 = Date.parse('2026-03-15T12:00:00Z');

/** Deterministic PRNG (mulberry32), so the session is the same every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Gaps between keystrokes (ms) of a simulated typist: mostly within-word keys (60-180 ms), word gaps
 * (180-400 ms), short hesitations (400-1,500 ms) and rare pauses to think (1.5-8 s). Shares 70/20/8/2%.
 */
function typingGaps(count: number, seed = 17): number[] {
  const rnd = prng(seed);
  const span = (lo: number, hi: number) => Math.round(lo + rnd() * (hi - lo));
  return Array.from({ length: count }, () => {
    const u = rnd();
    return u < 0.7 ? span(60, 180) : u < 0.9 ? span(180, 400) : u < 0.98 ? span(400, 1_500) : span(1_500, 8_000);
  });
}

const TEXT = 'def total(items):\n    result = 0\n    for item in items:\n        if item.price > 0:\n            result += item.price * item.count\n    return result\n\n';

/** The learned figures of a language whose completions were shown `shown` times and accepted `accepted` times. */
function statsWith(language: string, shown: number, accepted: number): RoutingStats {
  const stats = new RoutingStats({ halfLifeDays: 14 });
  const shape = shapeOf({ kind: 'completion', language, inputTokens: 0 }).key;
  for (let i = 0; i < shown; i++) {
    const time = new Date(T0 - (i + 1) * 60_000).toISOString();
    const r: LedgerRecord = record({ id: `c${i}`, taskId: `ct${i}`, time, language, routing: { shape, staticLane: 'fast', basis: 'static' } });
    stats.addRecord(r);
    const ev = (kind: LedgerEvent['event']): LedgerEvent => ({ v: 1, type: 'event', id: `${kind}${i}`, time, event: kind, taskId: r.taskId, requestId: r.id, kind: 'completion' });
    stats.addEvent(ev('shown'));
    if (i < accepted) stats.addEvent(ev('accepted'));
  }
  return stats;
}

/**
 * Types `gaps.length` characters of Python through the engine on a virtual clock. A call whose debounce
 * outlasts the gap to the next key is cancelled by it (as VS Code cancels the provider), so no request.
 */
async function session(r: Rig, gaps: readonly number[], debounceBaseMs?: (doc: CompletionDocument, configured: number) => number): Promise<{ requests: number; calls: number }> {
  let clock = T0;
  let gap = 0;
  let current = new AbortController();
  const engine = new CompletionEngine({
    pipeline: r.pipeline, registry, settings: () => r.settings, now: () => clock, ...(debounceBaseMs ? { debounceBaseMs } : {}),
    // The next key arrives `gap` ms later: a longer wait is cancelled by it.
    sleep: (ms) => {
      if (ms > gap) current.abort();
      return Promise.resolve();
    },
  });
  const parser = registry.sharedParser('python')!;
  try {
    for (let i = 0; i < gaps.length; i++) {
      const text = TEXT.repeat(Math.ceil((i + 1) / TEXT.length)).slice(0, i + 1);
      const doc: CompletionDocument = { uri: 'file:///ws/a.py', text, languageId: 'python', grammarId: 'python', tree: parser.parse(text) ?? undefined, path: 'a.py', file: 'a.py' };
      current = new AbortController();
      gap = gaps[i]!;
      await engine.complete(doc, text.length, current.signal);
      clock += gap;
    }
    return { requests: engine.stats.requests, calls: engine.stats.calls };
  } finally {
    engine.dispose();
  }
}

describe('completion debounce from learned acceptance', () => {
  let r: Rig;
  before(async () => {
    await loadTokenizer();
    await registry.load('python');
    r = await rig({ 'completions.debounceMs': BASE_MS });
  });
  after(async () => { await r.close(); registry.dispose(); });

  it('a language whose completions go unaccepted waits longer and sends fewer requests; a well-accepted one does not', async (t) => {
    const shape = shapeOf({ kind: 'completion', language: 'python', inputTokens: 0 }).key;
    const unaccepted = statsWith('python', 200, 4);
    const welcomed = statsWith('python', 200, 80);
    const lengthened = completionDebounceMs(unaccepted.figures(shape, T0), BASE_MS);
    const kept = completionDebounceMs(welcomed.figures(shape, T0), BASE_MS);
    assert.ok(lengthened > BASE_MS, `2% acceptance lengthens the debounce (got ${lengthened} ms)`);
    assert.equal(kept, BASE_MS, '40% acceptance keeps the configured debounce');
    assert.equal(completionDebounceMs(undefined, BASE_MS), BASE_MS, 'no history: the configured debounce');

    const gaps = typingGaps(600);
    const before = await session(r, gaps);
    const after = await session(r, gaps, (doc, configured) => completionDebounceMs(unaccepted.figures(shapeOf({ kind: 'completion', language: doc.languageId, inputTokens: 0 }).key, T0), configured));
    const saved = before.requests - after.requests;
    t.diagnostic(`typing session: ${gaps.length} keystrokes, seed 17; debounce ${BASE_MS} ms -> ${lengthened} ms at 2% acceptance`);
    t.diagnostic(`requests: ${before.requests} at the configured debounce, ${after.requests} lengthened: ${saved} avoided (${Math.round((saved / before.requests) * 100)}%)`);
    assert.equal(before.calls, after.calls);
    assert.ok(after.requests < before.requests, `fewer requests (${after.requests} vs ${before.requests})`);
    assert.equal(r.emu.requests.length, before.requests + after.requests, 'every counted request reached the emulator');
  });
});

// The completion engine through the real pipeline, SDK and emulator, with real
// grammars and a real JSONL ledger.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { loadTokenizer } from '../../../../src/core/tokens.ts';
import { CompletionEngine } from '../../../../src/pipeline/completion/engine.ts';
import { rig, type Rig } from '../helpers.ts';
import { registry, tsDoc } from './ts-doc.ts';

const SOURCE = 'export function total(items: number[]): number {\n  let sum = 0;\n  for (const x of items) sum += x;\n  return |\n}\n';

describe('completion engine against the emulator', () => {
  let r: Rig;
  let engine: CompletionEngine;
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });
  afterEach(async () => { engine?.dispose(); await r?.close(); });

  async function setup(debounceMs = 0) {
    r = await rig({ 'completions.debounceMs': debounceMs, 'completions.showFirstLine': true });
    engine = new CompletionEngine({ pipeline: r.pipeline, ledger: r.store, registry, settings: () => r.settings, simulated: true });
  }
  const records = async () => (await r.store.readMonth(r.store.currentMonth())).records;
  const events = async () => (await r.store.readMonth(r.store.currentMonth())).events;
  /** Events are appended without waiting (a cache hit answers first): read once they are all there. */
  const settled = async (count: number) => { await until(async () => (await events()).length >= count); return events(); };

  it('sends one request with minimal thinking and a small cap, and cleans the answer', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: '```ts\nreturn sum;\n```' });
    const { doc, offset } = tsDoc(SOURCE);
    const answer = await engine.complete(doc, offset, new AbortController().signal);
    assert.deepEqual(answer && { text: answer.text, source: answer.source }, { text: 'sum;', source: 'network' });
    assert.equal(r.emu.requests.length, 1);
    const req = r.emu.requests[0]!;
    assert.equal(req.maxOutputTokens, 128);
    assert.equal(req.reasoning?.toLowerCase(), 'minimal');
    assert.match(JSON.stringify(req.body), /<\|cursor\|>/);
    // Its complete first line was shown before the stream ended: the record is written at the end.
    assert.equal(await answer?.more, 'same', 'the whole answer is the line already shown');
    const recs = await records();
    assert.deepEqual(recs.map((x) => [x.kind, x.lane, x.outcome]), [['completion', 'fast', 'ok']]);
  });

  it('counts the time the editor already waited as part of the debounce', async () => {
    r = await rig({ 'completions.debounceMs': 200 });
    r.emu.script({ match: { protocol: 'gemini' }, text: 'sum;', repeat: 2 });
    const { doc, offset } = tsDoc(SOURCE);
    // A fresh engine each time: the adaptive debounce would lengthen after an unaccepted answer.
    const waitFor = async (waitedMs?: number) => {
      const waits: number[] = [];
      engine = new CompletionEngine({ pipeline: r.pipeline, ledger: r.store, registry, settings: () => r.settings, simulated: true, sleep: (ms) => { waits.push(ms); return Promise.resolve(); } });
      await engine.complete(doc, offset, new AbortController().signal, waitedMs);
      engine.dispose();
      return waits[0]!;
    };
    const after50 = await waitFor(50);
    const whole = await waitFor();
    assert.ok(after50 <= 150 && after50 > 100, `the editor's 50 ms come off the 200 ms debounce (waited ${after50} ms)`);
    assert.ok(whole <= 200 && whole > 150, `no editor wait: the whole debounce (waited ${whole} ms)`);
  });

  it('typing through a shown completion makes no new request: one shown event from the cache, pointing at the request', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'sum;' });
    const first = tsDoc(SOURCE);
    const network = await engine.complete(first.doc, first.offset, new AbortController().signal);
    const typed = tsDoc(SOURCE.replace('return |', 'return su|'));
    const answer = await engine.complete(typed.doc, typed.offset, new AbortController().signal);
    assert.deepEqual(answer && { text: answer.text, source: answer.source }, { text: 'm;', source: 'cache' });
    assert.equal(r.emu.requests.length, 1);
    const [ok, ...more] = await records();
    assert.deepEqual(more, [], 'a cache hit is no request record');
    assert.equal(ok!.outcome, 'ok');
    assert.deepEqual([network?.requestId, network?.taskId, answer?.requestId, answer?.taskId], [ok!.id, ok!.taskId, ok!.id, ok!.taskId]);
    const [shown, ...others] = await settled(1);
    assert.deepEqual(others, []);
    assert.deepEqual({ ...shown, id: undefined, time: undefined, ms: undefined }, {
      v: 1, type: 'event', id: undefined, time: undefined, ms: undefined, event: 'shown', taskId: ok!.taskId, requestId: ok!.id,
      kind: 'completion', fromCache: true, file: 'src/a.ts', simulated: true,
    });
    assert.ok(typeof shown!.ms === 'number' && shown!.ms >= 0 && shown!.ms < 1000, `ms ${shown!.ms}`);
  });

  it('reuses the in-flight stream while the user types the characters it has produced', async () => {
    await setup();
    r.emu.configure({ instant: false, rateMultiplier: 1 });
    // Streams slowly: a few tokens a second after a short first token.
    r.emu.script({ match: { protocol: 'gemini' }, text: 'items.reduce((a, b) => a + b, 0) + sum;', firstTokenMs: 10, tokensPerSecond: 8 });
    const first = tsDoc(SOURCE);
    const pending = engine.complete(first.doc, first.offset, new AbortController().signal);
    await until(() => engine.inflight?.produced.startsWith('ite') === true);
    const typed = tsDoc(SOURCE.replace('return |', 'return ite|'));
    const answer = await engine.complete(typed.doc, typed.offset, new AbortController().signal);
    assert.equal(engine.stats.inflightReuses, 1, 'the second call waited on the first request');
    assert.deepEqual(answer && { text: answer.text, source: answer.source }, { text: 'ms.reduce((a, b) => a + b, 0) + sum;', source: 'inflight' });
    assert.equal((await pending)?.text, 'items.reduce((a, b) => a + b, 0) + sum;');
    assert.equal(r.emu.requests.length, 1);
    assert.equal(r.emu.disconnects, 0);
  });

  it('a keystroke that does not match the stream aborts it: the emulator sees the disconnect and the ledger a cancelled record', async () => {
    await setup();
    r.emu.configure({ instant: false, rateMultiplier: 0.05 });
    r.emu.script({ match: { protocol: 'gemini' }, text: 'sum;' }, { match: { protocol: 'gemini' }, text: 'Value;' });
    const first = tsDoc(SOURCE);
    const call1 = new AbortController();
    const pending = engine.complete(first.doc, first.offset, call1.signal);
    await until(() => r.emu.requests.length > 0);
    const disconnect = r.emu.waitForDisconnect(10_000);
    call1.abort(); // VS Code cancels the superseded call...
    r.emu.configure({ instant: true });
    const typed = tsDoc(SOURCE.replace('return |', 'return q|'));
    const answer = await engine.complete(typed.doc, typed.offset, new AbortController().signal); // ...and the new one wins.
    const gone = await disconnect;
    assert.equal(gone.id, r.emu.requests[0]!.id);
    assert.equal(await pending, undefined);
    assert.equal(answer?.text, 'Value;');
    assert.equal(engine.stats.superseded, 1);
    const recs = await records();
    assert.deepEqual(recs.map((x) => x.outcome).sort(), ['cancelled', 'ok']);
  });

  it('a call cancelled during the debounce sends nothing', async () => {
    await setup(200);
    const { doc, offset } = tsDoc(SOURCE);
    const call = new AbortController();
    const pending = engine.complete(doc, offset, call.signal);
    setTimeout(() => call.abort(), 20);
    assert.equal(await pending, undefined);
    assert.equal(r.emu.requests.length, 0);
    assert.equal(engine.stats.requests, 0);
  });

  it('never shows a completion that breaks the syntax; the ledger records the rejection', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'sum + (items' });
    const { doc, offset } = tsDoc(SOURCE);
    assert.equal(await engine.complete(doc, offset, new AbortController().signal), undefined);
    const recs = await records();
    assert.equal(recs.length, 1, 'completions never escalate');
    assert.equal(recs[0]!.outcome, 'rejected');
    assert.match(recs[0]!.note ?? '', /parse error/);
  });

  it('one accept is exactly one accepted event referencing the ok record, and no request record', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'sum;' });
    const { doc, offset } = tsDoc(SOURCE);
    const answer = await engine.complete(doc, offset, new AbortController().signal);
    assert.equal(answer?.source, 'network');
    // VS Code's accept command carries the source only: the answer shown last is the one accepted.
    await engine.accepted({ languageId: 'typescript', file: 'src/a.ts' }, { source: 'network' });
    const recs = await records();
    assert.deepEqual(recs.map((x) => x.outcome), ['ok']);
    const evs = await events();
    assert.deepEqual(evs.map((e) => [e.event, e.requestId, e.taskId, e.kind, e.file]), [['accepted', recs[0]!.id, recs[0]!.taskId, 'completion', 'src/a.ts']]);
    assert.equal(evs[0]!.fromCache, undefined);
  });

  it('an accepted cache hit is one shown event (from the cache) and one accepted event, and no extra request record', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'sum;' });
    const first = tsDoc(SOURCE);
    await engine.complete(first.doc, first.offset, new AbortController().signal);
    const typed = tsDoc(SOURCE.replace('return |', 'return s|'));
    const hit = await engine.complete(typed.doc, typed.offset, new AbortController().signal);
    assert.equal(hit?.source, 'cache');
    await engine.accepted({ languageId: 'typescript', file: 'src/a.ts' }, { source: 'cache' });
    const recs = await records();
    assert.equal(recs.length, 1, 'the one network request only');
    assert.equal(r.emu.requests.length, 1);
    const evs = await settled(2);
    assert.deepEqual(evs.map((e) => [e.event, e.fromCache, e.requestId, e.taskId]).sort(), [
      ['accepted', undefined, recs[0]!.id, recs[0]!.taskId],
      ['shown', true, recs[0]!.id, recs[0]!.taskId],
    ]);
  });

  it('an accept names its request when the face passes the ids, and an accept of nothing shown records nothing', async () => {
    await setup();
    await engine.accepted({ languageId: 'typescript', file: 'src/a.ts' }, { source: 'network' });
    assert.deepEqual(await events(), [], 'nothing was shown, so there is nothing to point at');
    await engine.accepted({ languageId: 'typescript' }, { source: 'inflight', taskId: 'task-1', requestId: 'req-1' });
    assert.deepEqual((await events()).map((e) => [e.event, e.taskId, e.requestId]), [['accepted', 'task-1', 'req-1']]);
    assert.deepEqual(await records(), []);
  });
});

async function until(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((res) => setTimeout(res, 5));
  }
}

// Ghost text from the stream: the engine shows a completion's first complete lines that pass the
// syntax gate before the stream ends, and the rest from the stream and then the cache. Through the
// real pipeline, SDK and emulator (paced so the stream takes a few hundred ms), with a real ledger.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { loadTokenizer } from '../../../../src/core/tokens.ts';
import { CompletionEngine } from '../../../../src/pipeline/completion/engine.ts';
import { rig, type Rig } from '../helpers.ts';
import { registry, tsDoc } from './ts-doc.ts';

/** The cursor on a blank line of a body: a multi-line completion. */
const BODY = 'export function total(items: number[]): number {\n  let sum = 0;\n  |\n}\n';
const LOOP = 'for (const x of items) sum += x;';
const LOOP_AND_RETURN = `${LOOP}\n  return sum;`;
const slow = { firstTokenMs: 10, tokensPerSecond: 40 };

describe('completion engine: ghost text from the stream', () => {
  let r: Rig;
  let engine: CompletionEngine;
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });
  afterEach(async () => { engine?.dispose(); await r?.close(); });

  async function setup(showFirstLine = true) {
    r = await rig({ 'completions.debounceMs': 0, 'completions.showFirstLine': showFirstLine });
    r.emu.configure({ instant: false, rateMultiplier: 1 });
    engine = new CompletionEngine({ pipeline: r.pipeline, ledger: r.store, registry, settings: () => r.settings, simulated: true });
  }
  const ledger = async () => r.store.readMonth(r.store.currentMonth());
  const call = () => new AbortController().signal;

  it('shows the first line while the stream runs; a re-ask then gets it at once, and the whole answer from the cache once the stream ended', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: LOOP_AND_RETURN, ...slow });
    const { doc, offset } = tsDoc(BODY);
    const first = await engine.complete(doc, offset, call());
    assert.deepEqual(first && { text: first.text, source: first.source, partial: first.partial, requestId: first.requestId }, { text: LOOP, source: 'network', partial: true, requestId: undefined });
    assert.ok(engine.inflight, 'the stream is still running');
    assert.deepEqual((await ledger()).records, [], 'the request is recorded once, when it ends');

    const again = await engine.complete(doc, offset, call());
    assert.deepEqual(again && { text: again.text, source: again.source, taskId: again.taskId }, { text: LOOP, source: 'inflight', taskId: first!.taskId });

    assert.equal(await first!.more, 'longer', 'a longer answer followed');
    const rest = await engine.complete(doc, offset, call());
    assert.deepEqual(rest && { text: rest.text, source: rest.source, partial: rest.partial }, { text: LOOP_AND_RETURN, source: 'cache', partial: undefined });
    assert.equal(r.emu.requests.length, 1, 'never a second request');
    const { records, events } = await ledger();
    assert.deepEqual(records.map((x) => [x.outcome, x.taskId, x.id]), [['ok', first!.taskId, rest!.requestId]]);
    assert.deepEqual(events, [], 'the rest of a partial answer is no cache hit');
  });

  it('typing through the first line while it streams serves the rest of that line from the stream', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: LOOP_AND_RETURN, ...slow });
    const start = tsDoc(BODY);
    await engine.complete(start.doc, start.offset, call());
    const typed = tsDoc(BODY.replace('  |', '  for (const|'));
    const answer = await engine.complete(typed.doc, typed.offset, call());
    assert.deepEqual(answer && { text: answer.text, source: answer.source, partial: answer.partial }, { text: ' x of items) sum += x;', source: 'inflight', partial: true });
    // Past the first line: the stream's whole answer, minus what was typed.
    assert.equal(await answer!.more, 'longer');
    const later = await engine.complete(typed.doc, typed.offset, call());
    assert.equal(later?.text, LOOP_AND_RETURN.slice('for (const'.length));
    assert.equal(r.emu.requests.length, 1);
  });

  it('accepting the partial answer is an accept of its request, recorded once the stream ended', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: LOOP_AND_RETURN, ...slow });
    const { doc, offset } = tsDoc(BODY);
    const shown = await engine.complete(doc, offset, call());
    assert.equal(shown?.partial, true);
    // The face hands back what the answer carried: a task id and no request id yet.
    await engine.accepted({ languageId: 'typescript', file: 'src/a.ts' }, { source: 'network', taskId: shown!.taskId });
    const { records, events } = await ledger();
    assert.deepEqual(records.map((x) => x.outcome), ['ok']);
    assert.deepEqual(events.map((e) => [e.event, e.taskId, e.requestId]), [['accepted', records[0]!.taskId, records[0]!.id]]);
  });

  it('a keystroke off the stream after the first line showed aborts it: its record says cancelled, nothing is cached', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: LOOP_AND_RETURN, ...slow }, { match: { protocol: 'gemini' }, text: 'return sum;' });
    const start = tsDoc(BODY);
    const first = await engine.complete(start.doc, start.offset, call());
    assert.equal(first?.partial, true);
    assert.ok(engine.inflight, 'still streaming');
    const other = tsDoc(BODY.replace('  |', '  r|'));
    const answer = await engine.complete(other.doc, other.offset, call());
    assert.equal(engine.stats.superseded, 1);
    assert.equal(await first!.more, 'withdrawn', 'the superseded stream brings nothing more');
    assert.equal(answer?.text, 'eturn sum;');
    const { records } = await ledger();
    assert.deepEqual(records.map((x) => [x.taskId === first!.taskId, x.outcome]).sort(), [[false, 'ok'], [true, 'cancelled']]);
    assert.equal(engine.cache.lookup({ uri: start.doc.uri, text: start.doc.text, offset: start.offset }), undefined);
  });

  it('a first line the gate refuses is not shown: the answer waits until the lines so far parse', async () => {
    await setup();
    const unit = 'if (items.length === 0) {\n    return 0;\n  }';
    r.emu.script({ match: { protocol: 'gemini' }, text: `${unit}\n  ${LOOP}\n  return sum;`, ...slow });
    const { doc, offset } = tsDoc(BODY);
    const answer = await engine.complete(doc, offset, call());
    assert.deepEqual(answer && { text: answer.text, partial: answer.partial }, { text: unit, partial: true }, 'the block, once it closed; never its open first line');
    assert.ok(engine.inflight, 'shown before the stream ended');
    assert.equal(await answer!.more, 'same', 'the unit was the whole completion');
  });

  it('a stream cut after the first line showed: what was shown is withdrawn, the record says why, nothing is cached', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: LOOP_AND_RETURN, ...slow, fault: { kind: 'reset', afterPieces: 14 } });
    const { doc, offset } = tsDoc(BODY);
    const first = await engine.complete(doc, offset, call());
    assert.deepEqual(first && { text: first.text, partial: first.partial }, { text: LOOP, partial: true });
    assert.equal(await first!.more, 'withdrawn');
    assert.equal(engine.cache.size, 0);
    const { records } = await ledger();
    assert.deepEqual(records.map((x) => x.outcome), ['error:network']);
  });

  it('a final answer the gate refuses after a partial showed: nothing more is shown and nothing is cached', async () => {
    await setup();
    const opener = 'export function count(items: number[]) {|\n}\n';
    r.emu.script({ match: { protocol: 'gemini' }, text: '  const n = items.length;\n  return (n;\n', ...slow });
    const { doc, offset } = tsDoc(opener);
    const answer = await engine.complete(doc, offset, call());
    assert.deepEqual(answer && { text: answer.text, partial: answer.partial }, { text: '\n  const n = items.length;', partial: true });
    assert.equal(await answer!.more, 'withdrawn', 'what was shown goes');
    assert.equal(engine.cache.size, 0);
    const { records } = await ledger();
    assert.deepEqual(records.map((x) => x.outcome), ['rejected']);
  });

  it('with completions.showFirstLine off, the answer waits for the whole stream', async () => {
    await setup(false);
    r.emu.script({ match: { protocol: 'gemini' }, text: LOOP_AND_RETURN, ...slow });
    const { doc, offset } = tsDoc(BODY);
    const answer = await engine.complete(doc, offset, call());
    assert.deepEqual(answer && { text: answer.text, source: answer.source, partial: answer.partial }, { text: LOOP_AND_RETURN, source: 'network', partial: undefined });
    assert.equal(engine.inflight, undefined);
    assert.equal((await ledger()).records.length, 1);
  });
});

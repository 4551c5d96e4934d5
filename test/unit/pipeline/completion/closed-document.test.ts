// A closed document leaves nothing behind in the completion engine. VS Code reuses
// untitled URIs ("untitled:Untitled-1"), so a request left running for a closed
// file, or its cached answer, would otherwise meet the next new file: the
// exthost flake where typing through a fresh completion made a request per key.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { loadTokenizer } from '../../../../src/core/tokens.ts';
import { CompletionEngine, type CompletionDocument } from '../../../../src/pipeline/completion/engine.ts';
import { GrammarRegistry } from '../../../../src/syntax/index.ts';
import { rig, type Rig } from '../helpers.ts';
import { GRAMMARS } from '../../syntax/helpers.ts';

const registry = new GrammarRegistry(GRAMMARS);
const URI = 'untitled:Untitled-1';

function untitled(textWithCursor: string): { doc: CompletionDocument; offset: number } {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const tree = registry.sharedParser('typescript')!.parse(text) ?? undefined;
  return { doc: { uri: URI, text, languageId: 'typescript', grammarId: 'typescript', tree, path: 'Untitled-1' }, offset };
}

const BODY = 'export function add(a: number, b: number) {\n  return |\n}\n';

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((res) => setTimeout(res, 5));
  }
}

describe('completion engine: a closed document', () => {
  let r: Rig;
  let engine: CompletionEngine;
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });
  afterEach(async () => { engine?.dispose(); await r?.close(); });

  async function setup() {
    r = await rig({ 'completions.debounceMs': 0 });
    engine = new CompletionEngine({ pipeline: r.pipeline, ledger: r.store, registry, settings: () => r.settings, simulated: true });
  }

  it('aborts the request VS Code stopped waiting for, and the next file with that URI gets its own answer, then types through it from the cache', async () => {
    await setup();
    // The pattern seen in the extension host: VS Code asks again after an accept,
    // cancels that call when the editor closes, and the engine's request runs on.
    r.emu.configure({ instant: false, rateMultiplier: 0.05 });
    r.emu.script({ match: { protocol: 'gemini' }, text: 'a + b;' }, { match: { protocol: 'gemini' }, text: 'a + b;' });
    const closing = untitled(BODY);
    const call = new AbortController();
    const pending = engine.complete(closing.doc, closing.offset, call.signal);
    await until(() => r.emu.requests.length === 1);
    call.abort();
    assert.equal(await pending, undefined);
    assert.ok(engine.inflight, 'the request outlives the cancelled call (kept for reuse while the user types)');

    const disconnect = r.emu.waitForDisconnect(10_000);
    engine.forget(URI);
    assert.equal(engine.inflight, undefined);
    assert.equal((await disconnect).id, r.emu.requests[0]!.id);
    r.emu.configure({ instant: true });

    // A new untitled file reuses the URI and the same text.
    const fresh = untitled(BODY);
    const first = await engine.complete(fresh.doc, fresh.offset, new AbortController().signal);
    assert.equal(first?.source, 'network');
    assert.equal(first?.text, 'a + b;');
    let served = 0;
    for (const typed of ['a', 'a ', 'a +', 'a + ']) {
      const at = untitled(BODY.replace('return |', `return ${typed}|`));
      const answer = await engine.complete(at.doc, at.offset, new AbortController().signal);
      assert.equal(answer?.source, 'cache', `typing ${JSON.stringify(typed)} was not served from the cache`);
      assert.equal(typed + answer.text, 'a + b;');
      served++;
    }
    assert.equal(served, 4);
    assert.equal(r.emu.requests.length, 2, 'one request for the closed file (aborted), one for the new file');
  });

  it('drops the cached answers of the closed document', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'a + b;' }, { match: { protocol: 'gemini' }, text: 'b - a;' });
    const before = untitled(BODY);
    assert.equal((await engine.complete(before.doc, before.offset, new AbortController().signal))?.text, 'a + b;');
    assert.equal(engine.cache.size, 1);
    engine.forget(URI);
    assert.equal(engine.cache.size, 0);
    const after = untitled(BODY);
    const answer = await engine.complete(after.doc, after.offset, new AbortController().signal);
    assert.deepEqual(answer && { text: answer.text, source: answer.source }, { text: 'b - a;', source: 'network' });
    assert.equal(r.emu.requests.length, 2);
  });

  it('keeps the request and cache of other documents', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'a + b;' });
    const other = untitled(BODY);
    await engine.complete(other.doc, other.offset, new AbortController().signal);
    engine.forget('untitled:Untitled-2');
    assert.equal(engine.cache.size, 1);
    const typed = untitled(BODY.replace('return |', 'return a|'));
    assert.equal((await engine.complete(typed.doc, typed.offset, new AbortController().signal))?.source, 'cache');
  });
});

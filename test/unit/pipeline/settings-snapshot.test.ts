// Settings are read once per change, not per call: completions through the real
// pipeline, SDK and emulator with a reader that counts every read of configuration.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_POLICY } from '../../../src/core/policy-config.ts';
import { readSettings, type SettingKey } from '../../../src/core/settings.ts';
import { loadTokenizer } from '../../../src/core/tokens.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';
import { CompletionEngine, type CompletionDocument } from '../../../src/pipeline/completion/engine.ts';
import { createPipeline } from '../../../src/pipeline/create-pipeline.ts';
import { LiveSettings, settingsSnapshot } from '../../../src/pipeline/settings-snapshot.ts';
import { GrammarRegistry } from '../../../src/syntax/index.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';
import { GRAMMARS } from '../syntax/helpers.ts';

const registry = new GrammarRegistry(GRAMMARS);

function tsDoc(n: number): { doc: CompletionDocument; offset: number } {
  // A different line above the cursor each time, so no completion is served from the cache.
  const text = `// call ${n}\nexport function total(items: number[]): number {\n  let sum = 0;\n  for (const x of items) sum += x;\n  return \n}\n`;
  const offset = text.indexOf('return ') + 'return '.length;
  const tree = registry.sharedParser('typescript')!.parse(text) ?? undefined;
  return { doc: { uri: 'file:///ws/src/a.ts', text, languageId: 'typescript', grammarId: 'typescript', tree, path: 'src/a.ts', file: 'src/a.ts' }, offset };
}

describe('settings service: configuration read once per change', () => {
  let emu: Emulator;
  let dir: string;
  before(async () => {
    await loadTokenizer();
    await registry.load('typescript');
    emu = await startEmulator({ instant: true });
    dir = mkdtempSync(join(tmpdir(), 'switchyard-settings-'));
  });
  after(async () => { await emu.close(); rmSync(dir, { recursive: true, force: true }); });

  it('serves many completions from one read, and reads again only after a change', async () => {
    const values: Partial<Record<SettingKey, unknown>> = { 'fastLane.baseUrl': emu.url, 'deepLane.baseUrl': emu.openaiBaseUrl, 'completions.debounceMs': 0 };
    let reads = 0;
    const live = new LiveSettings(() => { reads++; return readSettings((k) => values[k]); });
    const store = new LedgerStore(dir);
    const pipeline = createPipeline({ settings: live, keys: { own: () => ({ key: 'test-key', source: 'test' }) }, env: {}, ledger: store, simulated: true });
    // As the inline provider does: the engine reads the current settings, never configuration.
    const engine = new CompletionEngine({ pipeline, ledger: store, registry, settings: () => live.current().settings, simulated: true });
    try {
      for (let i = 0; i < 5; i++) {
        emu.script({ match: { protocol: 'gemini' }, text: 'sum;' });
        const { doc, offset } = tsDoc(i);
        assert.equal((await engine.complete(doc, offset, new AbortController().signal))?.text, 'sum;');
      }
      assert.equal(emu.requests.length, 5);
      assert.equal(pipeline.policy().budget.dailyCapNanos, 5_000_000_000);
      assert.equal(reads, 1, 'five completions, one read of configuration');
      assert.equal(pipeline.policy(), pipeline.policy(), 'the policy is built once, not per call');

      // A change: the service invalidates (twice here, as VS Code may fire twice); nothing is read until used.
      values['maxOutputTokens'] = { completion: 64 };
      values['budget.dailyUsd'] = 2;
      live.invalidate();
      live.invalidate();
      assert.equal(reads, 1);
      emu.script({ match: { protocol: 'gemini' }, text: 'sum;' });
      const { doc, offset } = tsDoc(99);
      await engine.complete(doc, offset, new AbortController().signal);
      assert.equal(emu.requests.at(-1)!.maxOutputTokens, 64, 'the new output cap reached the wire');
      assert.equal(pipeline.policy().budget.dailyCapNanos, 2_000_000_000);
      assert.equal(pipeline.policy().tokenBudgets.completion.output, 64);
      assert.equal(reads, 2, 'one more read for the change');
    } finally {
      engine.dispose();
      await store.close();
    }
  });
});

describe('settings snapshot', () => {
  it('at defaults, its policy is DEFAULT_POLICY with both lanes marked', () => {
    const snap = settingsSnapshot(readSettings(() => undefined));
    assert.deepEqual(snap.policy, DEFAULT_POLICY);
    const marked = snap.policyFor({ fast: true, deep: false });
    assert.equal(marked.lanes.fast.available, true);
    assert.equal(marked.lanes.deep.available, false);
    assert.equal(snap.policyFor({ fast: true, deep: false }), marked, 'built once per combination');
    assert.equal(snap.policyFor({}).lanes.deep.available, true, 'not yet known counts as available');
    assert.equal(snap.policy.lanes.deep.available, undefined, 'the base policy is left as it was');
  });

  it('prices with the settings\' overrides and says once per model when it knows no price', () => {
    const said: string[] = [];
    const snap = settingsSnapshot(readSettings((k) => (k === 'prices' ? { 'local-coder': { input: 1, output: 4 } } : undefined)), { onUnknownPrice: (m) => said.push(m) });
    const usage = { input: 1_000_000, cached: 0, output: 1_000_000, reasoning: 0 };
    assert.equal(snap.price('local-coder', usage), 5_000_000_000);
    assert.equal(snap.price('gpt-5.5', usage), 35_000_000_000);
    assert.equal(snap.price('mystery', usage), 0);
    assert.equal(snap.price('mystery', usage), 0);
    assert.deepEqual(said, ['no price known for model mystery; its cost is recorded as $0 and marked "price unknown" unless a keyless server on this machine serves it (set switchyard.prices)']);
    assert.deepEqual(snap.prices, { 'local-coder': { inputPerMTok: 1, outputPerMTok: 4, cachedInputPerMTok: 1 } });
  });
});

// The README's gateway recipes, read from the README itself and parsed through settings.ts as a
// user's settings.json would be, each running a completion and a refactor through the real
// pipeline and the real openai SDK against the emulator playing that server.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { costForModel } from '../../../src/core/pricing.ts';
import { readSettings, type SettingKey } from '../../../src/core/settings.ts';
import { loadTokenizer } from '../../../src/core/tokens.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';
import { CompletionEngine } from '../../../src/pipeline/completion/engine.ts';
import { createPipeline } from '../../../src/pipeline/create-pipeline.ts';
import { nodePlanWorkspace } from '../../../src/pipeline/refactor/plan-workspace.ts';
import { buildRefactorTask } from '../../../src/pipeline/refactor/refactor-task.ts';
import { fixedSettings } from '../../../src/pipeline/settings-snapshot.ts';
import { indexInProcess } from '../../../src/syntax/index.ts';
import type { GatewayPersona } from '../../emulator/gateway-persona.ts';
import { startEmulator } from '../../emulator/server.ts';
import { documentOf, registry, SAMPLE, sampleCopy } from '../emulator/helpers.ts';
import { REPO } from '../syntax/helpers.ts';

/** The README's recipes: a bold name line, then a JSON block of `switchyard.*` settings. */
export function readmeRecipes(): Map<string, Record<string, unknown>> {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('### Gateways and local servers');
  assert.ok(start >= 0, 'the README has the gateways subsection');
  const section = readme.slice(start, readme.indexOf('\n## ', start));
  const recipes = new Map<string, Record<string, unknown>>();
  for (const m of section.matchAll(/\*\*([^*]+)\*\*[^\n]*\n\n```json\n([\s\S]*?)```/g)) {
    recipes.set(m[1]!, JSON.parse(m[2]!) as Record<string, unknown>);
  }
  return recipes;
}

interface Case {
  recipe: string;
  persona: GatewayPersona;
  key?: string;
  /** What each lane's records should say about price. */
  expect: 'priced' | 'local';
}

const CASES: Case[] = [
  { recipe: 'LiteLLM proxy', persona: 'litellm', key: 'sk-litellm-virtual', expect: 'priced' },
  { recipe: 'Ollama', persona: 'ollama', expect: 'local' },
  { recipe: 'vLLM', persona: 'vllm', expect: 'local' },
  { recipe: 'LM Studio', persona: 'lmstudio', expect: 'local' },
  { recipe: 'OpenAI-compatible cloud gateway', persona: 'cloud-gateway', key: 'gw-key', expect: 'priced' },
];

/** A recipe as the user wrote it, its base URLs pointed at the emulator instead. */
async function runRecipe(c: Case, settingsJson: Record<string, unknown>, extra: Partial<Record<SettingKey, unknown>> = {}, costFactor?: number) {
  const emu = await startEmulator({ instant: true, persona: c.persona, allowNoKey: c.key === undefined, ...(costFactor ? { gatewayCostFactor: costFactor } : {}) });
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-gateway-'));
  const store = new LedgerStore(dir);
  // Generous first-token timeouts: the simulated model's first answer warms it up, slowly on a loaded machine.
  const values: Record<string, unknown> = { 'fastLane.firstTokenTimeoutMs': 30_000, 'deepLane.firstTokenTimeoutMs': 30_000, ...extra };
  for (const [k, v] of Object.entries(settingsJson)) {
    const key = k.replace(/^switchyard\./, '');
    values[key] = key.endsWith('.baseUrl') ? emu.openaiBaseUrl : v;
  }
  const settings = readSettings((k) => values[k]);
  const key = c.key;
  const pipeline = createPipeline({
    settings: fixedSettings(settings), keys: { own: () => (key ? { key, source: 'test' } : undefined) }, env: {}, ledger: store, simulated: true,
  });
  const ws = sampleCopy();
  try {
    const engine = new CompletionEngine({ pipeline, ledger: store, registry, settings: () => settings, simulated: true });
    const base = readFileSync(join(SAMPLE, 'src/invoice.ts'), 'utf8');
    const typed = `${base}\nexport function countItems(items: LineItem[]): number {\n  `;
    const answer = await engine.complete(documentOf('src/invoice.ts', `${typed}\n}\n`, 'typescript', 'typescript'), typed.length, new AbortController().signal);
    engine.dispose();
    const { index } = await indexInProcess(registry, ws.dir);
    const { task } = await buildRefactorTask({ instruction: 'rename invoiceTotal to totalCents', index, workspace: nodePlanWorkspace(ws.dir), registry, budget: 60_000 });
    const refactor = await pipeline.run(task);
    const records = (await store.readMonth(store.currentMonth())).records;
    return { answer, refactor, records, requests: emu.requests, settings };
  } finally {
    ws.cleanup();
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const tokenUsage = (r: LedgerRecord) => ({ input: r.tokens.input, cachedInput: r.tokens.cached, output: r.tokens.output, reasoning: r.tokens.reasoning });

describe('gateway and local-server recipes', () => {
  const recipes = readmeRecipes();
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });
  after(() => registry.dispose());

  it('the README holds the five recipes, each parsing to openai-chat lanes', () => {
    assert.deepEqual([...recipes.keys()], CASES.map((c) => c.recipe));
    for (const [name, json] of recipes) {
      const s = readSettings((k) => json[`switchyard.${k}`]);
      assert.equal(s.fastLane.protocol, 'openai-chat', name);
      assert.equal(s.deepLane.protocol, 'openai-chat', name);
      assert.equal(s.fastLane.model, json['switchyard.fastLane.model'], name);
    }
  });

  for (const c of CASES) {
    it(`${c.recipe}: a completion and a refactor, each recorded with its model, tokens and price`, async () => {
      const json = recipes.get(c.recipe)!;
      const { answer, refactor, records, requests, settings } = await runRecipe(c, json);
      assert.equal(answer?.text, 'return items.length;');
      assert.ok(refactor.ok, JSON.stringify(refactor));
      assert.deepEqual(refactor.value.files.map((f) => f.path).sort(), ['src/checkout.ts', 'src/invoice.ts']);
      // Chat Completions only, and usage asked for (the personas send it only then).
      assert.ok(requests.every((q) => q.path === '/v1/chat/completions' && q.includeUsage));
      assert.equal(requests.every((q) => q.hadApiKey), c.key !== undefined);
      assert.deepEqual(records.map((r) => [r.kind, r.lane, r.model, r.outcome]), [
        ['completion', 'fast', settings.fastLane.model, 'ok'],
        ['refactor', 'deep', settings.deepLane.model, 'ok'],
      ]);
      for (const r of records) {
        assert.ok(r.tokens.input > 50 && r.tokens.output > 0, `${r.kind} has the server's tokens`);
        if (c.persona !== 'litellm' && c.persona !== 'cloud-gateway') assert.equal(r.tokens.cached, 0);
        if (c.expect === 'local') {
          assert.equal(r.priceBasis, 'local');
          assert.equal(r.costNanos, 0);
        } else {
          assert.equal(r.priceBasis, undefined, 'a prefixed model prices by the model it serves');
          assert.equal(r.costNanos, costForModel(r.model.slice(r.model.indexOf('/') + 1), tokenUsage(r))!.totalNanoUsd);
          assert.ok(r.costNanos > 0);
        }
        if (c.persona === 'litellm') assert.equal(r.gatewayCostNanos, r.costNanos, 'LiteLLM reports the same cost');
        else assert.equal(r.gatewayCostNanos, undefined);
      }
    });
  }

  it('LiteLLM billing 5% above the published price: the ledger keeps both figures', async () => {
    const c = CASES[0]!;
    const { records } = await runRecipe(c, recipes.get(c.recipe)!, {}, 1.05);
    for (const r of records) {
      assert.ok(r.gatewayCostNanos! > r.costNanos, JSON.stringify(r));
      assert.ok(Math.abs(r.gatewayCostNanos! - Math.round(r.costNanos * 1.05)) <= 1);
    }
  });

  it('a model no one prices, behind a gateway that reports no cost: $0 marked price unknown, never the namesake\'s price', async () => {
    const c = CASES[4]!;
    const json = { ...recipes.get(c.recipe)!, 'switchyard.deepLane.model': 'openai/gpt-5.5-mini' };
    const { records, refactor } = await runRecipe(c, json);
    assert.ok(refactor.ok);
    const deep = records.find((r) => r.kind === 'refactor')!;
    assert.equal(deep.model, 'openai/gpt-5.5-mini');
    assert.equal(deep.priceBasis, 'unknown');
    assert.equal(deep.costNanos, 0);
    assert.ok(deep.tokens.output > 0);
  });

  it('a model only LiteLLM prices: the record carries the gateway\'s cost, marked as the gateway\'s', async () => {
    const c = CASES[0]!;
    const json = { ...recipes.get(c.recipe)!, 'switchyard.deepLane.model': 'anthropic/claude-sonnet-5' };
    const { records } = await runRecipe(c, json);
    const deep = records.find((r) => r.kind === 'refactor')!;
    assert.equal(deep.priceBasis, 'gateway');
    assert.ok(deep.gatewayCostNanos! > 0);
    assert.equal(deep.costNanos, deep.gatewayCostNanos);
  });
});

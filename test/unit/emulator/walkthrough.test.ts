// The sample README's walkthrough, each step through the real pipeline, the real
// SDKs and the emulator with nothing scripted: the simulated model answers.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { readSettings } from '../../../src/core/settings.ts';
import { loadTokenizer } from '../../../src/core/tokens.ts';
import { createPipeline } from '../../../src/pipeline/create-pipeline.ts';
import { fixedSettings } from '../../../src/pipeline/settings-snapshot.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';
import { runQuickEdit } from '../../../src/pipeline/quick-edit/quick-edit.ts';
import { buildRefactorTask } from '../../../src/pipeline/refactor/refactor-task.ts';
import { nodePlanWorkspace } from '../../../src/pipeline/refactor/plan-workspace.ts';
import { writeOutcomes } from '../../../src/pipeline/refactor/write-plan.ts';
import { collectScope } from '../../../src/pipeline/transform/scope.ts';
import { buildTransformTask } from '../../../src/pipeline/transform/transform-task.ts';
import { indexInProcess } from '../../../src/syntax/index.ts';
import { startEmulator } from '../../emulator/server.ts';
import { rig, type Rig } from '../pipeline/helpers.ts';
import { documentOf, engineFor, registry, SAMPLE, sampleCopy } from './helpers.ts';

const read = (dir: string, rel: string) => readFileSync(join(dir, rel), 'utf8');

describe('the simulated lanes do the sample walkthrough', () => {
  let r: Rig;
  before(async () => { await loadTokenizer(); await registry.load('typescript'); await registry.load('python'); });
  afterEach(async () => { await r?.close(); });
  after(() => registry.dispose());

  it('completes a new function body in the sample, and the answer parses', async () => {
    r = await rig();
    const engine = engineFor(r);
    const base = read(SAMPLE, 'src/invoice.ts');
    const typed = `${base}\nexport function countItems(items: LineItem[]): number {\n  `;
    const text = `${typed}\n}\n`;
    const answer = await engine.complete(documentOf('src/invoice.ts', text, 'typescript', 'typescript'), typed.length, new AbortController().signal);
    engine.dispose();
    assert.equal(answer?.text, 'return items.length;');
    assert.equal(r.emu.requests[0]!.simulated, 'answer');
    const records = (await r.store.readMonth(r.store.currentMonth())).records;
    assert.deepEqual(records.map((x) => [x.kind, x.outcome, x.simulated]), [['completion', 'ok', true]]);
    assert.ok(records[0]!.tokens.input > 100 && records[0]!.tokens.output > 0);
  });

  it('finishes a half-typed name with the call\'s arguments', async () => {
    r = await rig();
    const engine = engineFor(r);
    const base = read(SAMPLE, 'src/invoice.ts');
    const typed = `${base}\nexport const grandTotal = (items: LineItem[]) => formatMoney(invoiceTo`;
    const answer = await engine.complete(documentOf('src/invoice.ts', `${typed}\n`, 'typescript', 'typescript'), typed.length, new AbortController().signal);
    engine.dispose();
    assert.equal(answer?.text, 'tal(items));');
  });

  it('says plainly when a body is canned', async () => {
    r = await rig();
    const engine = engineFor(r);
    const typed = 'export function shippingFor(weightKg: number): number {\n  ';
    const answer = await engine.complete(documentOf('src/ship.ts', `${typed}\n}\n`, 'typescript', 'typescript'), typed.length, new AbortController().signal);
    engine.dispose();
    assert.equal(answer?.text, "throw new Error('canned body from the simulated lane');");
  });

  const quickEdit = async (instruction: string, fn = 'invoiceTotal') => {
    const text = read(SAMPLE, 'src/invoice.ts');
    const start = text.indexOf(`export function ${fn}`);
    const end = text.indexOf('\n}\n', start) + 3;
    const doc = { ...documentOf('src/invoice.ts', text, 'typescript', 'typescript'), languageId: 'typescript' };
    return { text, start, end, ...(await runQuickEdit(r.pipeline, registry, { doc, selStart: start, selEnd: end, instruction })) };
  };

  it('quick edit: adds a doc comment and keeps the function as it was', async () => {
    r = await rig();
    const { text, start, end, result } = await quickEdit('add a doc comment');
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.lane, 'fast');
    assert.equal(result.value, `/**\n * Returns the invoice total.\n * @param items\n */\n${text.slice(start, end)}`);
  });

  it('quick edit: renames a local, adds a parameter, wraps in try/catch', async () => {
    r = await rig();
    const renamed = await quickEdit('rename total to sum');
    assert.ok(renamed.result.ok, JSON.stringify(renamed.result));
    assert.equal(renamed.result.value, renamed.text.slice(renamed.start, renamed.end).replaceAll('total', 'sum').replace('invoiceTosum', 'invoiceTotal'));
    const param = await quickEdit('add a parameter taxRate: number = 0');
    assert.ok(param.result.ok, JSON.stringify(param.result));
    assert.match(param.result.value, /^export function invoiceTotal\(items: LineItem\[\], taxRate: number = 0\): number \{\n {2}let total = 0;/);
    const wrapped = await quickEdit('wrap in try/catch');
    assert.ok(wrapped.result.ok, JSON.stringify(wrapped.result));
    assert.equal(wrapped.result.value, [
      'export function invoiceTotal(items: LineItem[]): number {', '  try {', '    let total = 0;', '    for (const item of items) {',
      '      total += item.quantity * item.unitPriceCents;', '    }', '    return total;', '  } catch (err) {',
      "    console.error('invoiceTotal failed', err);", '    throw err;', '  }', '}', '',
    ].join('\n'));
  });

  it('quick edit: anything else is refused with the list, as an error and not an edit', async () => {
    r = await rig();
    const { result } = await quickEdit('make it faster');
    assert.equal(result.ok, false);
    assert.match(result.message, /The simulated lane understands only these quick edits: add a doc comment; rename X to Y; add a parameter NAME; wrap in try\/catch\. Set a key for real answers\./);
    assert.deepEqual(result.records.map((x) => [x.lane, x.outcome]), [['fast', 'error:bad_request']]);
    assert.equal(r.emu.requests.length, 1);
    assert.equal(r.emu.requests[0]!.simulated, 'refusal');
  });

  it('answers over Chat Completions too (a fast lane on an OpenAI-compatible server)', async () => {
    const emu = await startEmulator({ instant: true });
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-sim-chat-'));
    const store = new LedgerStore(dir);
    try {
      const values: Record<string, unknown> = { 'fastLane.protocol': 'openai-chat', 'fastLane.model': 'local-coder', 'fastLane.baseUrl': emu.openaiBaseUrl, 'deepLane.baseUrl': emu.openaiBaseUrl };
      const settings = readSettings((k) => values[k]);
      const pipeline = createPipeline({ settings: fixedSettings(settings), keys: { own: () => ({ key: 'k', source: 'test' }) }, env: {}, ledger: store, simulated: true });
      const text = read(SAMPLE, 'src/invoice.ts');
      const start = text.indexOf('export function invoiceTotal');
      const end = text.indexOf('\n}\n', start) + 3;
      const { result } = await runQuickEdit(pipeline, registry, { doc: documentOf('src/invoice.ts', text, 'typescript', 'typescript'), selStart: start, selEnd: end, instruction: 'wrap in try/catch' });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(emu.requests[0]!.protocol, 'chat');
      assert.equal(emu.requests[0]!.simulated, 'answer');
      assert.match(result.value, /\n {2}try \{\n/);
      assert.ok(result.records[0]!.tokens.output > 0);
    } finally {
      await store.close();
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('quick edit: Markdown is refused, never rewritten with prose', async () => {
    r = await rig();
    const text = read(SAMPLE, 'README.md');
    const doc = documentOf('README.md', text, undefined, 'markdown');
    const { result } = await runQuickEdit(r.pipeline, registry, { doc, selStart: 0, selEnd: text.indexOf('\n\n'), instruction: 'add a doc comment' });
    assert.equal(result.ok, false);
    assert.match(result.message, /cannot do that: it edits only code in a language Switchyard parses, and this is markdown/);
  });

  async function refactor(dir: string, instruction: string) {
    const { index } = await indexInProcess(registry, dir);
    const { task } = await buildRefactorTask({ instruction, index, workspace: nodePlanWorkspace(dir), registry, budget: 60_000 });
    return r.pipeline.run(task);
  }

  it('refactor: renames a function across files, and the result is what a rename gives', async () => {
    r = await rig();
    const { dir, cleanup } = sampleCopy();
    try {
      const before = ['src/invoice.ts', 'src/checkout.ts'].map((f) => read(dir, f));
      const result = await refactor(dir, 'rename invoiceTotal to totalCents');
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.lane, 'deep');
      assert.deepEqual(result.value.files.map((f) => f.path).sort(), ['src/checkout.ts', 'src/invoice.ts']);
      writeOutcomes(dir, result.value.files);
      assert.equal(read(dir, 'src/invoice.ts'), before[0]!.replaceAll('invoiceTotal', 'totalCents'));
      assert.equal(read(dir, 'src/checkout.ts'), before[1]!.replaceAll('invoiceTotal', 'totalCents'));
    } finally {
      cleanup();
    }
  });

  it('refactor: moves a function to a new file and fixes the imports', async () => {
    r = await rig();
    const { dir, cleanup } = sampleCopy();
    try {
      const result = await refactor(dir, 'move function parseMoney to src/parse.ts');
      assert.ok(result.ok, JSON.stringify(result));
      writeOutcomes(dir, result.value.files);
      assert.doesNotMatch(read(dir, 'src/money.ts'), /parseMoney/);
      assert.match(read(dir, 'src/parse.ts'), /^export function parseMoney\(text: string\): number \{/);
      assert.match(read(dir, 'src/checkout.ts'), /import \{ formatMoney \} from '\.\/money';\nimport \{ parseMoney \} from '\.\/parse';\n/);
    } finally {
      cleanup();
    }
  });

  it('refactor: anything else is refused with the list', async () => {
    r = await rig();
    const { dir, cleanup } = sampleCopy();
    try {
      const result = await refactor(dir, 'split checkout into smaller modules');
      assert.equal(result.ok, false);
      assert.match(result.message, /understands only these refactors: rename X to Y; move function X to FILE\. Set a key for real answers\./);
    } finally {
      cleanup();
    }
  });

  async function transform(dir: string, instruction: string) {
    const scope = collectScope(dir, '', { registry });
    return r.pipeline.run(await buildTransformTask({ instruction, registry, scope, budget: 16_000, scopeLabel: 'whole workspace' }));
  }

  it('transform: replaces console.log(x) with logger.debug(x) in every file', async () => {
    r = await rig();
    const { dir, cleanup } = sampleCopy();
    try {
      const result = await transform(dir, 'replace console.log(x) with logger.debug(x)');
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.value.grammarId, 'typescript');
      assert.deepEqual(result.value.changed.map((c) => c.path).sort(), ['src/checkout.ts', 'src/invoice.ts']);
      assert.equal(result.value.matches, 3);
      for (const c of result.value.changed) assert.equal(c.after, c.before.replaceAll('console.log(', 'logger.debug('));
    } finally {
      cleanup();
    }
  });

  it('transform: adds an argument to every call of a function', async () => {
    r = await rig();
    const { dir, cleanup } = sampleCopy();
    try {
      // A call with no arguments gets the argument too, with no stray comma.
      writeFileSync(join(dir, 'src/blank.ts'), "import { formatMoney } from '../simulated-model/money';\nexport const blank = () => formatMoney();\n");
      const result = await transform(dir, "add argument 'EUR' to every call of formatMoney");
      assert.ok(result.ok, JSON.stringify(result));
      const checkout = result.value.changed.find((c) => c.path === 'src/checkout.ts')!;
      assert.match(checkout.after, /formatMoney\(total, 'EUR'\)/);
      assert.match(checkout.after, /formatMoney\(change, 'EUR'\)/);
      assert.match(result.value.changed.find((c) => c.path === 'src/blank.ts')!.after, /formatMoney\('EUR'\)/);
      assert.equal(result.value.matches, 4);
    } finally {
      cleanup();
    }
  });

  it('transform: anything else is refused with the list', async () => {
    r = await rig();
    const { dir, cleanup } = sampleCopy();
    try {
      const result = await transform(dir, 'sort the imports');
      assert.equal(result.ok, false);
      assert.match(result.message, /understands only these AST transforms: replace A\(x\) with B\(x\); add argument Z to every call of F\./);
    } finally {
      cleanup();
    }
  });
});

// What the pipeline and the completion engine write to the log, from real runs on
// the emulator: one debug line per attempt with its figures, a reason for each
// refused completion, and never the prompt, the code, the model's answer or a key.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { formatUsd } from '../../../src/core/money.ts';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { loadTokenizer } from '../../../src/core/tokens.ts';
import { CompletionEngine, type CompletionDocument } from '../../../src/pipeline/completion/engine.ts';
import { createPipeline } from '../../../src/pipeline/create-pipeline.ts';
import { fixedSettings } from '../../../src/pipeline/settings-snapshot.ts';
import type { PipelineTask, Validation } from '../../../src/pipeline/task-types.ts';
import { GrammarRegistry } from '../../../src/syntax/index.ts';
import { captureLog, type CapturedLog } from '../helpers/log-capture.ts';
import { MONEY_TS, PLANTED } from '../helpers/planted.ts';
import { GRAMMARS } from '../syntax/helpers.ts';
import { rig, type Rig } from './helpers.ts';

const KEYS = { fast: 'AIzaLOGTEST-fast-lane-key-0123456789abc', deep: 'sk-logtest-deep-lane-key-0123456789' };
const ANSWER = 'export const rewrittenByTheModel = 42;';
const registry = new GrammarRegistry(GRAMMARS);

function quickEdit(validate?: (out: string) => Validation<string>): PipelineTask<string> {
  return {
    kind: 'quickEdit', inputTokens: 300, language: 'typescript', file: 'src/money.ts',
    // Source text with a planted secret, as a careless prompt would carry it.
    prompt: () => ({ system: 'Rewrite the code.', prompt: `Make total generic.\n${MONEY_TS}` }),
    validate: (out) => validate?.(out) ?? { ok: true, value: out },
  };
}

/** Nothing from the prompt, the answer or the keys, at any level. */
function assertNothingPrivate(c: CapturedLog, extra: string[] = []): void {
  const text = c.text();
  for (const secret of [...PLANTED.values, KEYS.fast, KEYS.deep, ANSWER, 'Make total generic', 'xs.reduce', 'return sum', ...extra]) {
    assert.ok(!text.includes(secret), `the log holds ${JSON.stringify(secret)}:\n${text}`);
  }
}

/** The attempt line a record must have produced, field by field. */
function assertLineFor(c: CapturedLog, rec: LedgerRecord, failure?: string): void {
  const line = c.at('debug').find((l) => l.includes(`task=${rec.taskId} attempt=${rec.attempt} `));
  assert.ok(line, `no debug line for attempt ${rec.attempt} of ${rec.taskId}:\n${c.text()}`);
  assert.ok(line.startsWith(`[pipeline] ${rec.kind} task=${rec.taskId} `), line);
  for (const field of [`lane=${rec.lane}`, `model=${rec.model}`, `outcome=${rec.outcome}`, `ms=${rec.timings.endMs}`,
    `tokens in=${rec.tokens.input} cached=${rec.tokens.cached} out=${rec.tokens.output}`, `cost=${formatUsd(rec.costNanos)}`]) {
    assert.ok(line.includes(field), `"${field}" missing from: ${line}`);
  }
  if (failure) assert.ok(line.includes(`failure=${failure}`), line);
}

describe('the log of a pipeline run', () => {
  let r: Rig;
  let c: CapturedLog;
  const setup = async (overrides = {}) => { c = captureLog(); r = await rig(overrides, KEYS, undefined, c.log.child('pipeline')); };
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });
  afterEach(async () => { await r?.close(); });

  it('one debug line per request with lane, model, time, tokens, cost, outcome, kind and id; no code or keys', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: ANSWER });
    const result = await r.pipeline.run(quickEdit());
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.records.length, 1);
    assert.equal(c.at('debug').length, 1, c.text());
    const [rec] = result.records;
    assert.ok(rec!.tokens.input > 0 && rec!.tokens.output > 0 && rec!.costNanos > 0);
    assertLineFor(c, rec!);
    assert.match(c.at('debug')[0]!, /ms=\d+(\.\d)? /);
    assertNothingPrivate(c);
  });

  it('every attempt of an escalation gets its line, the refusal by its kind and not its message (which quotes code)', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'function f( {' }, { match: { protocol: 'responses' }, text: ANSWER });
    const quoting = 'syntax error at 1:12 near "function f( {"';
    const result = await r.pipeline.run(quickEdit((out) => (out === ANSWER ? { ok: true, value: out } : { ok: false, failure: 'parse_errors', message: quoting })));
    assert.ok(result.ok);
    assert.deepEqual(result.records.map((x) => x.outcome), ['escalated', 'ok']);
    assertLineFor(c, result.records[0]!, 'parse_errors');
    assertLineFor(c, result.records[1]!);
    assertNothingPrivate(c, ['function f( {']);
  });

  it('a provider failure: the attempt line says so, and the retry gets its own', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, fault: { kind: 'http', status: 503 } }, { match: { protocol: 'gemini' }, text: ANSWER });
    const result = await r.pipeline.run(quickEdit());
    assert.ok(result.ok);
    assert.deepEqual(result.records.map((x) => x.outcome), ['error:server', 'ok']);
    for (const rec of result.records) assertLineFor(c, rec);
    assert.ok(c.at('info').some((l) => /quickEdit on fast lane: server: /.test(l)), c.text());
    assertNothingPrivate(c);
  });

  it('a ledger that cannot be written: an error line with the stack', async () => {
    await setup();
    r.emu.script({ match: { protocol: 'gemini' }, text: ANSWER });
    await r.store.close();
    const broken = { ...r.store, append: async () => { throw new Error('EACCES: permission denied, open ledger/2026-11.jsonl'); } };
    const pipeline = createPipeline({ settings: fixedSettings(r.settings), keys: { own: (lane) => ({ key: KEYS[lane], source: 'test' }) }, env: {}, ledger: broken, simulated: true, log: c.log.child('pipeline') });
    const result = await pipeline.run(quickEdit());
    assert.ok(result.ok, 'a ledger failure never fails the edit');
    const [error] = c.at('error');
    assert.match(error ?? '', /^\[pipeline\] ledger append failed: Error: EACCES: permission denied.*\n\s+at /);
    assertNothingPrivate(c);
  });
});

describe('the log of refused completions', () => {
  let r: Rig;
  let c: CapturedLog;
  let engine: CompletionEngine;
  const SOURCE = 'export function total(items: number[]): number {\n  let sum = 0;\n  for (const x of items) sum += x;\n  return |\n}\n';
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });
  afterEach(async () => { engine?.dispose(); await r?.close(); });

  async function complete(reply: string): Promise<string | undefined> {
    c = captureLog();
    r = await rig({ 'completions.debounceMs': 0 }, KEYS, undefined, c.log.child('pipeline'));
    engine = new CompletionEngine({ pipeline: r.pipeline, ledger: r.store, registry, settings: () => r.settings, simulated: true, log: c.log.child('completion') });
    r.emu.script({ match: { protocol: 'gemini' }, text: reply });
    const offset = SOURCE.indexOf('|');
    const text = SOURCE.replace('|', '');
    const doc: CompletionDocument = { uri: 'file:///ws/src/a.ts', text, languageId: 'typescript', grammarId: 'typescript', tree: registry.sharedParser('typescript')!.parse(text) ?? undefined, path: 'src/a.ts', file: 'src/a.ts' };
    return (await engine.complete(doc, offset, new AbortController().signal))?.text;
  }

  const cases: [string, string, RegExp, string][] = [
    ['syntax gate', 'sum + (items', /^\[completion\] completion rejected \(syntax gate: it would introduce a parse error\) task=[0-9a-f-]{36}$/, 'parse_errors'],
    ['dedupe', '```ts\n\n```', /^\[completion\] completion rejected \(dedupe: nothing was left after removing fences and text repeated from around the cursor\) task=[0-9a-f-]{36}$/, 'empty'],
    ['empty', '   ', /^\[completion\] completion rejected \(empty: the model returned nothing\) task=[0-9a-f-]{36}$/, 'empty'],
  ];
  for (const [name, reply, expected, failure] of cases) {
    it(`${name}: a debug line with the reason, beside the attempt's own line`, async () => {
      assert.equal(await complete(reply), undefined);
      const recs = (await r.store.readMonth(r.store.currentMonth())).records;
      assert.deepEqual(recs.map((x) => x.outcome), ['rejected']);
      const refused = c.at('debug').filter((l) => l.startsWith('[completion]'));
      assert.equal(refused.length, 1, c.text());
      assert.match(refused[0]!, expected);
      assert.ok(refused[0]!.endsWith(`task=${recs[0]!.taskId}`));
      assertLineFor(c, recs[0]!, failure);
      assertNothingPrivate(c, ['sum + (items', 'let sum = 0', 'number[]']);
    });
  }

  it('an accepted completion is one line with outcome ok, and no refusal', async () => {
    assert.equal(await complete('sum;'), 'sum;');
    const recs = (await r.store.readMonth(r.store.currentMonth())).records;
    assertLineFor(c, recs[0]!);
    assert.deepEqual(c.at('debug').filter((l) => l.startsWith('[completion]')), []);
    assertNothingPrivate(c, ['sum;', 'let sum = 0']);
  });
});

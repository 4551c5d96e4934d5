// Completions as fill-in-the-middle on an Ollama-shaped fast lane: through the
// engine, the pipeline, the real `openai` SDK and the emulator's /v1/completions,
// with real grammars and a real JSONL ledger.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { loadTokenizer } from '../../../../src/core/tokens.ts';
import type { SettingKey } from '../../../../src/core/settings.ts';
import { CompletionEngine, type CompletionDocument } from '../../../../src/pipeline/completion/engine.ts';
import { buildFimPrompt, fimStops } from '../../../../src/pipeline/completion/fim-prompt.ts';
import { EgressGate } from '../../../../src/pipeline/egress-gate.ts';
import { runQuickEdit } from '../../../../src/pipeline/quick-edit/quick-edit.ts';
import { buildCompletionContext, GrammarRegistry } from '../../../../src/syntax/index.ts';
import type { Emulator } from '../../../emulator/server.ts';
import { captureLog } from '../../helpers/log-capture.ts';
import { PLANTED } from '../../helpers/planted.ts';
import { GRAMMARS } from '../../syntax/helpers.ts';
import { rig, type Rig } from '../helpers.ts';

const registry = new GrammarRegistry(GRAMMARS);
const MODEL = 'qwen2.5-coder:7b';
// Per million tokens, so the cost is visible in nano-dollars: 200 per input token, 600 per output token.
const PRICES = { [MODEL]: { input: 0.2, output: 0.6 } };

function tsDoc(textWithCursor: string): { doc: CompletionDocument; offset: number } {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const tree = registry.sharedParser('typescript')!.parse(text) ?? undefined;
  return { doc: { uri: 'file:///ws/src/a.ts', text, languageId: 'typescript', grammarId: 'typescript', tree, path: 'src/a.ts', file: 'src/a.ts' }, offset };
}

const SOURCE = 'import { sum } from "./sum";\n\nexport function total(items: number[]): number {\n  const s = sum(items);\n  return s|\n}\n';

/** The fast lane as Ollama: Chat Completions at the emulator's /v1, completions as FIM. */
const ollama = (more: Partial<Record<SettingKey, unknown>> = {}) => (emu: Emulator) => ({
  'fastLane.protocol': 'openai-chat', 'fastLane.baseUrl': emu.openaiBaseUrl, 'fastLane.model': MODEL,
  'completions.protocol': 'openai-fim', 'completions.debounceMs': 0, prices: PRICES, ...more,
});

describe('FIM completions through the pipeline', () => {
  let r: Rig;
  let engine: CompletionEngine;
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });
  afterEach(async () => { engine?.dispose(); await r?.close(); });

  async function setup(...args: Parameters<typeof rig>) {
    r = await rig(...args);
    engine = new CompletionEngine({ pipeline: r.pipeline, registry, settings: () => r.settings });
  }
  const records = async () => (await r.store.readMonth(r.store.currentMonth())).records;
  const complete = (src = SOURCE) => {
    const { doc, offset } = tsDoc(src);
    return engine.complete(doc, offset, new AbortController().signal);
  };

  it('sends prefix and suffix to /v1/completions, shows the raw code, and records protocol, model, usage and cost', async () => {
    await setup(ollama(), { fast: 'ollama', deep: 'sk-test-openai' });
    r.emu.script({ match: { protocol: 'completions' }, text: ' * 2;' });
    const answer = await complete();
    assert.deepEqual(answer && { text: answer.text, source: answer.source }, { text: ' * 2;', source: 'network' });
    assert.equal(r.emu.requests.length, 1);
    const req = r.emu.requests[0]!;
    const body = req.body as Record<string, unknown>;
    assert.equal(req.path, '/v1/completions');
    assert.equal(body.model, MODEL);
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(body.max_tokens, 128, "today's completion cap");
    assert.deepEqual(body.stop, fimStops('single-line', MODEL));
    assert.match(body.prompt as string, /^\/\/ Path: src\/a\.ts\n/);
    assert.ok((body.prompt as string).endsWith('  const s = sum(items);\n  return s'), JSON.stringify(body.prompt));
    assert.equal(body.suffix, '\n}\n');
    assert.ok(!JSON.stringify(body).includes('<|cursor|>'), 'no chat framing');
    const [rec, ...more] = await records();
    assert.deepEqual(more, []);
    const served = req.usage!;
    assert.deepEqual([rec!.kind, rec!.lane, rec!.provider, rec!.model, rec!.protocol, rec!.outcome], ['completion', 'fast', 'openai-compatible', MODEL, 'openai-fim', 'ok']);
    assert.deepEqual(rec!.tokens, { input: served.input, cached: 0, output: served.output, reasoning: 0 });
    assert.equal(rec!.costNanos, served.input * 200 + served.output * 600);
    // At Gemini's price the same estimate would be about ten times as much.
    assert.ok(rec!.estimateNanos > 0 && rec!.estimateNanos < 150_000, `estimate priced on the FIM model: ${rec!.estimateNanos}`);
    assert.equal(rec!.note, undefined);
  });

  it('asks a block position to stop at a blank line; the simulated code model fills a function body', async () => {
    await setup(ollama(), { fast: 'ollama', deep: 'sk-test-openai' });
    const answer = await complete('export function countItems(items: string[]): number {\n  |\n}\n');
    assert.equal(answer?.text, 'return items.length;');
    assert.deepEqual((r.emu.requests[0]!.body as { stop: string[] }).stop, ['\n\n', '<|endoftext|>', '<|fim_pad|>', '<|file_sep|>', '<|repo_name|>']);
    assert.equal(r.emu.requests[0]!.simulated, 'answer');
  });

  it('uses switchyard.completions.model for completions; a quick edit on the same lane still goes by chat', async () => {
    await setup(ollama({ 'fastLane.model': 'qwen2.5-coder:7b-instruct', 'completions.model': MODEL }), { fast: 'ollama', deep: 'sk-test-openai' });
    r.emu.script({ match: { protocol: 'completions' }, text: ' * 2;' }, { match: { protocol: 'chat' }, text: '  return s * 2;\n' });
    await complete();
    const text = SOURCE.replace('|', ';');
    const at = text.indexOf('return s');
    const { result } = await runQuickEdit(r.pipeline, registry, {
      doc: { path: 'src/a.ts', text, tree: registry.sharedParser('typescript')!.parse(text) ?? undefined, grammarId: 'typescript', languageId: 'typescript' },
      selStart: at, selEnd: at, instruction: 'double it',
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(r.emu.requests.map((q) => [q.path, q.model]), [['/v1/completions', MODEL], ['/v1/chat/completions', 'qwen2.5-coder:7b-instruct']]);
    assert.deepEqual((await records()).map((x) => [x.kind, x.model, x.protocol]), [['completion', MODEL, 'openai-fim'], ['quickEdit', 'qwen2.5-coder:7b-instruct', undefined]]);
  });

  it('a server without /completions (404): no ghost text, and the record says why', async () => {
    await setup(ollama(), { fast: 'ollama', deep: 'sk-test-openai' });
    r.emu.script({ match: { protocol: 'completions' }, fault: { kind: 'http', status: 404, message: '404 page not found' } });
    assert.equal(await complete(), undefined);
    const [rec, ...more] = await records();
    assert.deepEqual(more, [], 'a completion never falls back to the deep lane');
    assert.equal(rec!.outcome, 'error:bad_request');
    assert.equal(rec!.protocol, 'openai-fim');
    assert.match(rec!.note ?? '', /has no fill-in-the-middle endpoint \(HTTP 404 from \/completions\).*completions\.protocol to chat/);
    assert.equal(engine.cache.lookup({ uri: 'file:///ws/src/a.ts', text: SOURCE.replace('|', ''), offset: SOURCE.indexOf('|') }), undefined);
  });

  it('a server that reports no usage: the completion is shown and the record says the usage is missing', async () => {
    await setup(ollama(), { fast: 'ollama', deep: 'sk-test-openai' });
    r.emu.script({ match: { protocol: 'completions' }, text: ' * 2;', omitUsage: true });
    assert.equal((await complete())?.text, ' * 2;');
    const [rec] = await records();
    assert.deepEqual([rec!.outcome, rec!.tokens.input, rec!.tokens.output, rec!.costNanos], ['ok', 0, 0, 0]);
    assert.match(rec!.note ?? '', /reported no token usage/);
  });

  it('a malformed stream is an error record, never a wrong ghost text', async () => {
    await setup(ollama(), { fast: 'ollama', deep: 'sk-test-openai' });
    r.emu.script({ match: { protocol: 'completions' }, text: 'sabotage(items) + 1;', fault: { kind: 'garbled', afterPieces: 2 } });
    assert.equal(await complete(), undefined);
    const [rec] = await records();
    assert.equal(rec!.outcome, 'error:server');
    assert.match(rec!.note ?? '', /malformed stream/);
  });

  it('secrets in the prefix and the suffix are redacted before they are sent', async () => {
    await setup(ollama(), { fast: 'ollama', deep: 'sk-test-openai' }, new EgressGate());
    r.emu.script({ match: { protocol: 'completions' }, text: ' * 2;' });
    await complete(`const before = "${PLANTED.ghToken}";\n${SOURCE}export const after = "${PLANTED.awsKey}";\n`);
    const body = JSON.stringify(r.emu.requests[0]!.body);
    for (const secret of [PLANTED.ghToken, PLANTED.awsKey]) assert.ok(!body.includes(secret), 'a planted secret reached the server');
    assert.equal((await records())[0]!.redactions, 2);
  });

  it('with a Gemini fast lane the setting cannot apply: completions use chat, and the log says why', async () => {
    const captured = captureLog();
    await setup({ 'completions.protocol': 'openai-fim', 'completions.debounceMs': 0 }, undefined, undefined, captured.log);
    r.emu.script({ match: { protocol: 'gemini' }, text: ' * 2;' });
    assert.equal((await complete())?.text, ' * 2;');
    assert.equal(r.emu.requests[0]!.protocol, 'gemini');
    assert.match(captured.at('warn').join('\n'), /completions\.protocol is openai-fim, but the fast lane speaks gemini/);
    assert.equal((await records())[0]!.protocol, undefined);
  });
});

describe('FIM prompt', () => {
  before(async () => { await registry.load('typescript'); });

  it('puts imports the window cut off and signatures from elsewhere before the prefix, as comments where they are not code', () => {
    const { doc, offset } = tsDoc(SOURCE);
    const ctx = buildCompletionContext(doc, offset, undefined, { budget: 1024 });
    const windowed = { ...ctx, prefix: ctx.prefix.slice(ctx.prefix.indexOf('export')), signatures: [{ name: 'sum', rel: 'src/sum.ts', line: 3, kind: 'function', signature: 'export function sum(xs: number[]): number' }] };
    const p = buildFimPrompt(windowed, { languageId: 'typescript', path: 'src/a.ts' }, 'deepseek-coder-v2');
    assert.equal(p.prompt, [
      '// Path: src/a.ts', '// Defined elsewhere:', '// src/sum.ts:3: export function sum(xs: number[]): number',
      'import { sum } from "./sum";', '', windowed.prefix,
    ].join('\n'));
    assert.equal(p.suffix, ctx.suffix);
    assert.equal(p.system, undefined);
    assert.deepEqual(p.stop?.slice(0, 2), ['\n', '<｜end▁of▁sentence｜>']);
    assert.equal(buildFimPrompt(ctx, { languageId: 'plaintext', path: 'notes.txt' }, 'some-model').prompt, ctx.prefix, 'no comment syntax known: the prefix alone');
    assert.deepEqual(fimStops('multi-line', 'my-own-model'), ['\n\n']);
  });
});

// fastLane.thinking and deepLane.reasoningEffort reach the wire: each task runs
// through the real SDKs against the emulator, and the level is read off the
// emulator's request log (Gemini thinkingConfig.thinkingLevel, OpenAI
// reasoning.effort or reasoning_effort). No prompt sets a level of its own.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import type { SettingKey } from '../../../src/core/settings.ts';
import { loadTokenizer } from '../../../src/core/tokens.ts';
import { CompletionEngine } from '../../../src/pipeline/completion/engine.ts';
import { runQuickEdit } from '../../../src/pipeline/quick-edit/quick-edit.ts';
import { GrammarRegistry } from '../../../src/syntax/index.ts';
import { GRAMMARS } from '../syntax/helpers.ts';
import { rig, type Rig } from './helpers.ts';

const registry = new GrammarRegistry(GRAMMARS);
const SOURCE = 'export function total(items: number[]): number {\n  let sum = 0;\n  for (const x of items) sum += x;\n  return sum;\n}\n';
const tree = (text: string) => registry.sharedParser('typescript')!.parse(text) ?? undefined;

describe('thinking settings on the wire', () => {
  let r: Rig;
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });
  afterEach(async () => { await r?.close(); });

  /** A completion, a quick edit that escalates (fast, then deep) and a refactor; the level each request carried. */
  async function levelsSent(settings: Partial<Record<SettingKey, unknown>>): Promise<string[]> {
    r = await rig({ 'completions.debounceMs': 0, ...settings });
    r.emu.script(
      // Scripted thinking: at 'high' the emulator's own would use up a completion's 128-token cap.
      { match: { protocol: 'gemini' }, text: 'sum;', reasoningTokens: 4 },
      { match: { protocol: 'gemini' }, text: 'export function total(items: number[]): number {\n  return (' },
    );
    r.emu.script({ match: { model: 'gpt-5.5' }, text: 'export function total(items: number[]): number {\n  return 0;\n}\n', repeat: 2 });
    const engine = new CompletionEngine({ pipeline: r.pipeline, registry, settings: () => r.settings });
    try {
      const text = SOURCE.replace('return sum;', 'return ');
      const answer = await engine.complete({ uri: 'file:///ws/a.ts', text, languageId: 'typescript', grammarId: 'typescript', tree: tree(text), path: 'a.ts' }, text.indexOf('return ') + 7, new AbortController().signal);
      assert.equal(answer?.text, 'sum;');
    } finally {
      engine.dispose();
    }
    const edit = await runQuickEdit(r.pipeline, registry, {
      doc: { path: 'a.ts', text: SOURCE, tree: tree(SOURCE), grammarId: 'typescript', languageId: 'typescript' },
      selStart: 0, selEnd: SOURCE.length, instruction: 'return zero',
    });
    assert.deepEqual(edit.result.records.map((x) => [x.lane, x.outcome]), [['fast', 'escalated'], ['deep', 'ok']]);
    const refactor = await r.pipeline.run({ kind: 'refactor', inputTokens: 300, fileCount: 2, prompt: () => ({ prompt: 'rename total to sum' }), validate: (o) => ({ ok: true, value: o }) });
    assert.ok(refactor.ok);
    return r.emu.requests.map((q) => `${q.protocol}:${q.reasoning?.toLowerCase()}`);
  }

  it('the defaults: minimal thinking on the fast lane, medium effort on the deep lane', async () => {
    assert.deepEqual(await levelsSent({}), ['gemini:minimal', 'gemini:minimal', 'responses:medium', 'responses:medium']);
  });

  it('changed settings win over what any prompt would have chosen', async () => {
    assert.deepEqual(await levelsSent({ 'fastLane.thinking': 'high', 'deepLane.reasoningEffort': 'low' }),
      ['gemini:high', 'gemini:high', 'responses:low', 'responses:low']);
  });

  it('Chat Completions carries the deep lane\'s effort as reasoning_effort', async () => {
    const levels = await levelsSent({ 'fastLane.thinking': 'low', 'deepLane.reasoningEffort': 'high', 'deepLane.protocol': 'openai-chat' });
    assert.deepEqual(levels, ['gemini:low', 'gemini:low', 'chat:high', 'chat:high']);
    assert.equal((r.emu.requests.at(-1)!.body as { reasoning_effort?: string }).reasoning_effort, 'high');
  });
});

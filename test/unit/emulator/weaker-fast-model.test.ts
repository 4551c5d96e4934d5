// The simulated fast model is the weaker lane: a long selection's rewrite loses its last
// line, which the extension's own validation rejects (so the task escalates and the router
// has something to learn from in the demo); the deep model, and short selections, are whole.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadTokenizer } from '../../../src/core/tokens.ts';
import { planQuickEdit } from '../../../src/pipeline/quick-edit/quick-edit.ts';
import { simulatedAnswer } from '../../emulator/simulated-model/index.ts';
import { FAST_MODEL_MAX_LINES } from '../../emulator/simulated-model/quick-edit.ts';
import { registry, SAMPLE } from './helpers.ts';

const INVOICE = 'src/invoice.ts';
const STATEMENT = 'src/statement.ts';

async function check(path: string, fnHead: string, fastModel: boolean) {
  const text = readFileSync(join(SAMPLE, path), 'utf8');
  const start = text.indexOf(fnHead);
  const end = text.indexOf('\n}\n', start) + 3;
  const doc = { path, text, tree: registry.sharedParser('typescript')!.parse(text) ?? undefined, grammarId: 'typescript', languageId: 'typescript' };
  try {
    const { task } = planQuickEdit({ doc, selStart: start, selEnd: end, instruction: 'add a doc comment' }, registry);
    const info = { lane: fastModel ? 'fast' as const : 'deep' as const, model: fastModel ? 'gemini-3.5-flash' : 'gpt-5.5', attempt: 0 };
    const prompt = task.prompt(info);
    const answer = await simulatedAnswer([String(prompt.system), String(prompt.prompt)], fastModel);
    assert.ok(answer && 'text' in answer, JSON.stringify(answer));
    return { lines: text.slice(start, end).split('\n').length - 1, checked: await task.validate(answer.text, info, []) };
  } finally {
    doc.tree?.delete();
  }
}

describe('the simulated fast model is weaker on long selections', () => {
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });
  after(() => registry.dispose());

  it('a long function: the fast model fails validation, the deep model passes', async () => {
    const fast = await check(STATEMENT, 'export function buildStatement', true);
    assert.ok(fast.lines > FAST_MODEL_MAX_LINES, `${fast.lines} lines`);
    assert.equal(fast.checked.ok, false);
    assert.equal(!fast.checked.ok && fast.checked.failure, 'parse_errors');
    const deep = await check(STATEMENT, 'export function buildStatement', false);
    assert.equal(deep.checked.ok, true, JSON.stringify(deep.checked));
  });

  it('a short function: the fast model is whole', async () => {
    const fast = await check(INVOICE, 'export function invoiceTotal', true);
    assert.ok(fast.lines <= FAST_MODEL_MAX_LINES);
    assert.equal(fast.checked.ok, true, JSON.stringify(fast.checked));
  });
});

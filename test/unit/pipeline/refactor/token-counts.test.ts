// One token behaviour from the start. The tokenizer used to load with the first
// refactor, and every count before it was a length estimate, so the completion
// budget changed meaning at run time. Nothing in this file loads the tokenizer
// before counting: the first counts must already be the tokenizer's own, and a
// refactor must not change them.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { countTokens } from '../../../../src/core/tokens.ts';
import { GrammarRegistry, buildCompletionContext, indexInProcess } from '../../../../src/syntax/index.ts';
import { TokenTally } from '../../../../src/syntax/context/token-tally.ts';
import { buildRefactorTask } from '../../../../src/pipeline/refactor/refactor-task.ts';
import { nodePlanWorkspace } from '../../../../src/pipeline/refactor/plan-workspace.ts';
import { rig } from '../helpers.ts';
import { GRAMMARS, realFile, tempDir, write } from '../../syntax/helpers.ts';

const SOURCE = 'export function oldName(x: number) {\n  // Größe — 測試 😀\n  return x + 1;\n}\n';
const SAMPLES = [
  SOURCE,
  realFile('openai/src/core/pagination.ts'),
  'Rename oldName to newName everywhere, and keep the <|endoftext|> marker in the string.',
  '    \n\t\t}\n  ',
];

function completionCounts(registry: GrammarRegistry): number[] {
  const text = SAMPLES[1]!;
  const tree = registry.sharedParser('typescript')!.parse(text)!;
  try {
    return [256, 1024].map((budget) => buildCompletionContext({ path: 'p.ts', text, tree, grammarId: 'typescript' }, 1500, undefined, { budget }).tokens);
  } finally {
    tree.delete();
  }
}

test('the same text gives the same count before and after a refactor ran', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  const { dir, cleanup } = tempDir('switchyard-tokens-');
  const r = await rig();
  try {
    await registry.load('typescript');
    const before = SAMPLES.map(countTokens);
    const talliedBefore = SAMPLES.map((t) => new TokenTally().count(t));
    const contextBefore = completionCounts(registry);

    write(dir, 'src/a.ts', SOURCE);
    r.emu.script({ match: { protocol: 'responses' }, json: { summary: 'rename', operations: [
      { kind: 'modify', path: 'src/a.ts', hunks: [{ search: 'function oldName(', replace: 'function newName(' }] },
    ] } });
    const { index } = await indexInProcess(registry, dir);
    const { task } = await buildRefactorTask({ instruction: 'Rename oldName to newName', index, workspace: nodePlanWorkspace(dir), registry, budget: 20_000 });
    const result = await r.pipeline.run(task);
    assert.ok(result.ok, JSON.stringify(result));

    assert.deepEqual(SAMPLES.map(countTokens), before);
    assert.deepEqual(SAMPLES.map((t) => new TokenTally().count(t)), talliedBefore);
    assert.deepEqual(completionCounts(registry), contextBefore);
    // And they were exact from the first count, not an estimate from the length.
    const reference = new Tiktoken(o200kBase);
    assert.deepEqual(before, SAMPLES.map((t) => reference.encode(t, [], []).length));
    assert.deepEqual(talliedBefore, before);
  } finally {
    await r.close();
    registry.dispose();
    cleanup();
  }
});

// The estimate a user reads before a deep-lane task is sent: sized from the task
// while the ledger has no history of its kind, shown as a range at most 5x wide,
// labelled as an estimate, and matched by what the emulator then bills.
import * as assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { formatUsd } from '../../../src/core/money.ts';
import { countTokens } from '../../../src/core/tokens.ts';
import { describeEstimate, estimateTask } from '../../../src/pipeline/estimate.ts';
import { quickEditOutputHint, refactorOutputHint, transformOutputHint } from '../../../src/pipeline/output-hints.ts';
import { buildRefactorTask } from '../../../src/pipeline/refactor/refactor-task.ts';
import { nodePlanWorkspace } from '../../../src/pipeline/refactor/plan-workspace.ts';
import { buildTransformTask } from '../../../src/pipeline/transform/transform-task.ts';
import { GrammarRegistry, indexInProcess } from '../../../src/syntax/index.ts';
import { consoleFiles, consoleSpec } from '../helpers/deep-lane-fixtures.ts';
import { GRAMMARS, REPO, tempDir } from '../syntax/helpers.ts';
import { rig, type Rig } from './helpers.ts';

const INSTRUCTION = 'Rename formatMoney to formatCents everywhere';

describe('first estimate, before the ledger knows the kind', () => {
  let registry: GrammarRegistry;
  let dir: string;
  let cleanup: () => void;
  let r: Rig | undefined;
  before(() => {
    registry = new GrammarRegistry(GRAMMARS);
    ({ dir, cleanup } = tempDir('switchyard-estimate-'));
    cpSync(join(REPO, 'test/fixtures/sample'), dir, { recursive: true });
  });
  after(() => { registry.dispose(); cleanup(); });
  afterEach(async () => { await r?.close(); r = undefined; });

  const sampleTask = async () => {
    const { index } = await indexInProcess(registry, dir);
    return (await buildRefactorTask({ instruction: INSTRUCTION, index, workspace: nodePlanWorkspace(dir), registry, budget: 100_000, focusFiles: ['src/money.ts'] })).task;
  };

  it('the sample refactor (3 small files) is sized from its files, not the 6,000-token default, and the bill lands in the shown range', async () => {
    r = await rig();
    const task = await sampleTask();
    const shown = estimateTask(r.pipeline, task);
    const est = shown.estimate;
    assert.equal(est.basis, 'task');
    assert.ok(est.typicalOutputTokens > 100 && est.typicalOutputTokens < 1_000, `expected ${est.typicalOutputTokens}`);
    assert.ok(est.range.costNanosHigh <= 5 * est.range.costNanosLow);
    const line = describeEstimate(shown);
    assert.match(line, /tokens in, about [\d,]+ out \([\d,]+-[\d,]+\), estimated \$[\d.]+ \(\$[\d.]+-\$[\d.]+\), about \d+ s on gpt-5\.5 \(deep lane\); sized from the files in scope and the instruction \(no history yet\)$/);
    assert.ok(!line.includes(formatUsd(est.costNanosHigh)), `the output-cap worst case is not what the user plans with: ${line}`);

    // What a model writes for it: one hunk per line that names formatMoney.
    const hunks = (rel: string, text: string) => text.split('\n').filter((l) => l.includes('formatMoney'))
      .map((search) => ({ search, replace: search.replaceAll('formatMoney', 'formatCents') }))
      .filter((h) => text.split(h.search).length === 2).map((h) => ({ kind: 'modify', path: rel, hunks: [h] }));
    const ops = ['src/money.ts', 'src/invoice.ts', 'src/checkout.ts'].flatMap((rel) => hunks(rel, readFileSync(join(dir, rel), 'utf8')));
    r.emu.script({ match: { protocol: 'responses' }, json: { summary: 'rename formatMoney', operations: ops } });
    const result = await r.pipeline.run(task);
    assert.ok(result.ok, JSON.stringify(result));
    const rec = result.records[0]!;
    assert.equal(rec.estimateNanos, est.costNanosLow, 'the ledger keeps the estimate the user saw');
    assert.ok(est.range.costNanosLow <= rec.costNanos && rec.costNanos <= est.range.costNanosHigh,
      `billed ${formatUsd(rec.costNanos)} (${rec.tokens.output} out) outside ${line}`);
  });

  it('once the ledger has history of the kind, it replaces the hint', async () => {
    r = await rig();
    const task = await sampleTask();
    const est = estimateTask(r.pipeline, task, 2_400).estimate;
    assert.equal(est.basis, 'history');
    assert.equal(est.typicalOutputTokens, 2_400);
    assert.match(describeEstimate(estimateTask(r.pipeline, task, 2_400)), /sized from your recent tasks of this kind$/);
  });
});

describe('output hints', () => {
  it('a refactor grows with the lines that name the identifier, and capitalised words are not identifiers', () => {
    const file = (rel: string, uses: number) => ({ rel, text: `${Array.from({ length: uses }, (_, i) => `export const v${i} = fooBar(${i});`).join('\n')}\nconst other = 1;\n` });
    const two = refactorOutputHint('Rename fooBar to bazQux', ['fooBar'], [file('a.ts', 1), file('b.ts', 1)]);
    const many = refactorOutputHint('Rename fooBar to bazQux', ['fooBar'], Array.from({ length: 9 }, (_, i) => file(`f${i}.ts`, 20)));
    assert.ok(many > 10 * two - 2_000 && many > 5 * two, `${two} vs ${many}`);
    // "Rename" and "Images" are words of the instruction, not code: the hint does not count their lines.
    assert.equal(refactorOutputHint('Rename Images', ['Rename', 'Images'], [{ rel: 'x.ts', text: 'class Images {}\n'.repeat(50) }]),
      refactorOutputHint('Rename Images', [], [{ rel: 'x.ts', text: 'class Images {}\n'.repeat(50) }]));
  });

  it('without an identifier, the files the instruction names get one local hunk each, however large they are', () => {
    const big = { rel: 'src/big.ts', text: 'export const x = 1;\n'.repeat(2_000) };
    const hint = refactorOutputHint('Add a header comment to big.ts', [], [big, { rel: 'src/other.ts', text: 'x;\n' }]);
    assert.ok(hint < 600, `${hint}`);
    assert.ok(refactorOutputHint('Add a header comment', [], [big], ['src/big.ts']) > refactorOutputHint('Add a header comment', [], [big], []));
  });

  it('a transform spec is the same size for 3 files or 300; a quick edit is its range plus the instruction', async () => {
    const registry = new GrammarRegistry(GRAMMARS);
    try {
      const instruction = 'Replace console.log(x) with logger.debug(x)';
      const few = await buildTransformTask({ instruction, registry, scope: consoleFiles(3), budget: 16_000 });
      const lots = await buildTransformTask({ instruction, registry, scope: consoleFiles(300), budget: 16_000 });
      assert.equal(few.outputTokensHint, lots.outputTokensHint);
      assert.equal(few.outputTokensHint, transformOutputHint(instruction));
      const spec = countTokens(JSON.stringify(consoleSpec()));
      assert.ok(few.outputTokensHint! / 2.5 <= spec + 128 && spec + 128 <= few.outputTokensHint! * 2, `${few.outputTokensHint} vs a spec of ${spec}`);
    } finally {
      registry.dispose();
    }
    const target = 'function add(a, b) {\n  return a + b;\n}\n';
    assert.equal(quickEditOutputHint('add types', target), countTokens(target) + countTokens('add types'));
  });
});

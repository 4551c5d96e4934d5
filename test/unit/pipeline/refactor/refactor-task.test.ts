import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { GrammarRegistry, indexInProcess } from '../../../../src/syntax/index.ts';
import { buildRefactorTask } from '../../../../src/pipeline/refactor/refactor-task.ts';
import { nodePlanWorkspace } from '../../../../src/pipeline/refactor/plan-workspace.ts';
import { writeOutcomes } from '../../../../src/pipeline/refactor/write-plan.ts';
import { rig, type Rig } from '../helpers.ts';
import { GRAMMARS, tempDir, write } from '../../syntax/helpers.ts';

const renamePlan = (search: string) => ({ summary: 'rename', operations: [
  { kind: 'modify', path: 'src/a.ts', hunks: [{ search, replace: 'function newName(' }] },
] });

describe('refactor through the real pipeline', () => {
  let registry: GrammarRegistry;
  let dir: string;
  let cleanup: () => void;
  let r: Rig;
  before(() => {
    registry = new GrammarRegistry(GRAMMARS);
    ({ dir, cleanup } = tempDir('switchyard-refactor-'));
    write(dir, 'src/a.ts', 'export function oldName(x: number) {\n  return x + 1;\n}\n');
    write(dir, 'src/b.ts', "import { oldName } from '../../deep-lane/a';\nexport const y = oldName(2);\n");
  });
  after(() => { registry.dispose(); cleanup(); });
  afterEach(async () => { await r?.close(); });

  async function task(instruction = 'Rename oldName to newName') {
    const { index } = await indexInProcess(registry, dir);
    return buildRefactorTask({ instruction, index, workspace: nodePlanWorkspace(dir), registry, budget: 20_000 });
  }

  it('sends the repo map and the files, strict json_schema, and records filesTouched', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, json: renamePlan('function oldName(') });
    const { task: t, contextFiles } = await task();
    assert.ok(contextFiles.includes('src/a.ts') && contextFiles.includes('src/b.ts'), contextFiles.join());
    const prompt = t.prompt({ lane: 'deep', model: 'gpt-5.5', attempt: 0 });
    assert.match(String(prompt.prompt), /## Repository map/);
    assert.match(String(prompt.prompt), /## File src\/b\.ts\nimport \{ oldName \}/);
    assert.match(String(prompt.prompt), /## Instruction\nRename oldName to newName/);
    const result = await r.pipeline.run(t);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.lane, 'deep');
    assert.equal(r.emu.requests.length, 1);
    assert.equal(r.emu.requests[0]!.jsonSchema, true);
    assert.equal(r.emu.requests[0]!.schemaName, 'edit_plan');
    assert.equal(result.records[0]!.filesTouched, 1);
    const stored = await r.store.readMonth(r.store.currentMonth());
    assert.equal(stored.records.at(-1)!.filesTouched, 1);
    assert.equal(readFileSync(`${dir}/src/a.ts`, 'utf8').includes('oldName'), true, 'validation never writes');
  });

  it('repairs once: the second prompt carries the first plan\'s errors, then the fixed plan passes', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, json: renamePlan('function missingName(') }, { match: { protocol: 'responses' }, json: renamePlan('function oldName(') });
    const { task: t } = await task();
    const prompts: string[] = [];
    const result = await r.pipeline.run({ ...t, prompt: (info) => { const p = t.prompt(info); prompts.push(String(p.prompt)); return p; } });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.records.map((x) => x.outcome), ['rejected', 'ok']);
    assert.equal(prompts.length, 2);
    assert.doesNotMatch(prompts[0]!, /previous answer was rejected/);
    assert.match(prompts[1]!, /previous answer was rejected\nErrors: the plan is invalid: operation 1 \(modify src\/a\.ts\), hunk 1: the search text was not found/);
    assert.match(prompts[1]!, /missingName/);
  });

  it('gives up after one repair, with a message saying why', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, json: renamePlan('function missingName('), repeat: 2 });
    const { task: t } = await task();
    const result = await r.pipeline.run(t);
    assert.ok(!result.ok);
    assert.equal(result.kind, 'rejected');
    assert.match(result.message, /changed nothing: the plan is invalid: .*search text was not found/);
    assert.equal(r.emu.requests.length, 2);
  });

  it('repairs malformed JSON and a schema mismatch too', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, fault: { kind: 'malformed_json' } }, { match: { protocol: 'responses' }, json: renamePlan('function oldName(') });
    let result = await r.pipeline.run((await task()).task);
    assert.ok(result.ok, JSON.stringify(result));
    await r.close();
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, json: { summary: 'x', operations: [{ kind: 'modify', path: 'src/a.ts' }] } }, { match: { protocol: 'responses' }, json: renamePlan('function oldName(') });
    result = await r.pipeline.run((await task()).task);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.records[0]!.outcome, 'rejected');
    assert.match(result.records[0]!.note!, /does not match the schema/);
  });

  it('refuses a path outside the workspace after one repair round trip', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, json: { summary: 'x', operations: [{ kind: 'create', path: '../evil.ts', content: 'x' }] }, repeat: 2 });
    const result = await r.pipeline.run((await task()).task);
    assert.ok(!result.ok && /outside|"\.\."/.test(result.message), JSON.stringify(result));
    assert.deepEqual(result.records.map((x) => x.outcome), ['rejected', 'rejected'], 'one repair, then rejected');
    assert.ok(!existsSync(join(dir, '..', 'evil.ts')), 'nothing was written outside the workspace');
  });

  it('writes a checked plan whole to disk', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, json: { summary: 'x', operations: [
      { kind: 'modify', path: 'src/b.ts', hunks: [{ search: 'oldName(2)', replace: 'oldName(3)' }] },
      { kind: 'create', path: 'src/deep/c.ts', content: 'export const c = 1;\n' },
    ] } });
    const result = await r.pipeline.run((await task()).task);
    assert.ok(result.ok, JSON.stringify(result));
    writeOutcomes(dir, result.value.files);
    assert.match(readFileSync(`${dir}/src/b.ts`, 'utf8'), /oldName\(3\)/);
    assert.equal(readFileSync(`${dir}/src/deep/c.ts`, 'utf8'), 'export const c = 1;\n');
  });
});

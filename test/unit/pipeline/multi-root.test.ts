// Multi-root workspaces below VS Code: each folder has its own ignores, a
// refactor planned in one folder reads and edits only that folder (a plan path
// into another folder is refused as unsafe), transform scopes stay in their
// folder, and the ledger records which folder a file is relative to.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { fileLabel, validateRecord } from '../../../src/core/ledger-record.ts';
import { loadTokenizer } from '../../../src/core/tokens.ts';
import { EgressGate } from '../../../src/pipeline/egress-gate.ts';
import { runQuickEdit } from '../../../src/pipeline/quick-edit/quick-edit.ts';
import { checkPlan } from '../../../src/pipeline/refactor/check-plan.ts';
import { checkPlanPath, nodePlanWorkspace, type OtherFolder } from '../../../src/pipeline/refactor/plan-workspace.ts';
import { buildRefactorTask } from '../../../src/pipeline/refactor/refactor-task.ts';
import { collectScope } from '../../../src/pipeline/transform/scope.ts';
import { GrammarRegistry, indexInProcess } from '../../../src/syntax/index.ts';
import { GRAMMARS, tempDir, write } from '../syntax/helpers.ts';
import { rig, type Rig } from './helpers.ts';

const registry = new GrammarRegistry(GRAMMARS);

describe('multi-root workspaces (pipeline)', () => {
  // api and web side by side; shared nested inside web (a folder of its own too).
  let top: { dir: string; cleanup: () => void };
  let api: string;
  let web: string;
  let shared: string;
  let r: Rig | undefined;
  const folders = (): OtherFolder[] => [{ name: 'api', root: api }, { name: 'web', root: web }, { name: 'shared', root: shared }];
  const others = (name: string) => folders().filter((f) => f.name !== name);
  const webWs = () => nodePlanWorkspace(web, { otherFolders: others('web'), exclude: ['**/.git', 'packages/shared/**'] });
  const gate = () => new EgressGate({ folders: folders().map((f) => ({ name: f.name, root: f.root })) });

  before(async () => {
    await loadTokenizer();
    await registry.load('typescript');
    top = tempDir('switchyard-multiroot-');
    api = join(top.dir, 'api');
    web = join(top.dir, 'web');
    shared = join(web, 'packages', 'shared');
    write(api, '.gitignore', 'generated/\n');
    write(api, 'src/server.ts', 'export function startServer(port: number): string {\n  return `listening on ${port}`;\n}\n');
    write(api, 'generated/client.ts', 'export const apiClient = 1;\n');
    write(web, '.gitignore', 'dist/\n');
    write(web, 'src/app.ts', "export function renderApp(title: string): string {\n  return `<h1>${title}</h1>`;\n}\n");
    write(web, 'generated/client.ts', 'export const webClient = 1;\n');
    write(web, 'dist/app.js', 'compiled\n');
    write(shared, 'util.ts', 'export const sharedUtil = 1;\n');
  });
  afterEach(async () => { await r?.close(); r = undefined; });
  after(() => { top.cleanup(); registry.dispose(); });

  it("the gate applies each folder's ignore files to that folder's paths only", () => {
    const g = gate();
    assert.deepEqual(g.checkPath('generated/client.ts', 'api'), { ok: false, reason: 'ignored by .gitignore' });
    assert.deepEqual(g.checkPath('generated/client.ts', 'web'), { ok: true });
    assert.deepEqual(g.checkPath('dist/app.js', 'web'), { ok: false, reason: 'ignored by .gitignore' });
    assert.deepEqual(g.checkDocument({ scheme: 'file', rel: 'dist/app.js', folder: 'api' }), { ok: true });
    assert.deepEqual(g.checkPath('generated/client.ts'), { ok: false, reason: 'ignored by .gitignore' }, 'no folder: the first folder decides');
    assert.deepEqual(g.checkPath('src/app.ts', 'gone'), { ok: false, reason: 'not in a workspace folder Switchyard knows (gone)' });
    g.setFolders([{ name: 'web', root: web }]);
    assert.deepEqual(g.checkPath('generated/client.ts', 'api'), { ok: false, reason: 'not in a workspace folder Switchyard knows (api)' }, 'a removed folder is refused');
    assert.deepEqual(g.checkPath('generated/client.ts'), { ok: true }, 'web is now the first folder');
  });

  it('a plan path into another folder, or outside, is refused as unsafe with a message', async () => {
    const ws = webWs();
    assert.match(checkPlanPath(ws, 'packages/shared/util.ts') ?? '', /belongs to the workspace folder "shared"/);
    assert.match(checkPlanPath(ws, 'api/src/server.ts') ?? '', /belongs to the workspace folder "api"/);
    assert.match(checkPlanPath(ws, '../api/src/server.ts') ?? '', /"\.\."/);
    assert.match(checkPlanPath(ws, `${api}/src/server.ts`) ?? '', /absolute/);
    assert.equal(checkPlanPath(ws, 'src/app.ts'), undefined);
    assert.equal(checkPlanPath(ws, 'src/api/new.ts'), undefined, 'a folder name deeper in the path is just a directory');
    const plan = await checkPlan({ summary: 'edit both', operations: [
      { kind: 'modify', path: 'src/app.ts', hunks: [{ search: 'renderApp(', replace: 'renderPage(' }] },
      { kind: 'modify', path: 'packages/shared/util.ts', hunks: [{ search: 'sharedUtil', replace: 'util' }] },
    ] }, ws, registry);
    assert.ok(!plan.ok && plan.failure === 'paths', JSON.stringify(plan));
    assert.match(plan.message, /packages\/shared\/util\.ts.*belongs to the workspace folder "shared"/);
  });

  it('a refactor in one folder sees only that folder in its context, and its plan edits only that folder', async () => {
    const { index } = await indexInProcess(registry, web, { exclude: ['**/.git', 'packages/shared/**'] });
    assert.deepEqual(index.paths().sort(), ['generated/client.ts', 'src/app.ts'], "web's index holds neither dist/ nor the nested folder's files");
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, json: { summary: 'Reach into api', operations: [{ kind: 'modify', path: 'api/src/server.ts', hunks: [{ search: 'startServer(', replace: 'serve(' }] }] } });
    r.emu.script({ match: { protocol: 'responses' }, json: { summary: 'Rename', operations: [{ kind: 'modify', path: 'src/app.ts', hunks: [{ search: 'function renderApp(', replace: 'function renderPage(' }] }] } });
    const { task, contextFiles } = await buildRefactorTask({ instruction: 'Rename renderApp to renderPage and startServer to serve', index, workspace: webWs(), registry, budget: 20_000, focusFiles: ['src/app.ts'] });
    assert.ok(contextFiles.includes('src/app.ts'));
    assert.deepEqual(contextFiles.filter((f) => !index.paths().includes(f)), [], 'every context file is one of web\'s own');
    const result = await r.pipeline.run(task);
    const sent = r.emu.requests.map((q) => JSON.stringify(q.body)).join('\n');
    assert.ok(!sent.includes('startServer(port'), "api's source never reaches the model");
    assert.ok(!sent.includes('sharedUtil'), "the nested folder's source never reaches the model");
    assert.ok(result.ok, JSON.stringify(!result.ok && result.message));
    assert.deepEqual(result.value.files.map((f) => f.path), ['src/app.ts']);
    const records = (await r.store.readMonth(r.store.currentMonth())).records;
    assert.equal(records[0]!.outcome, 'rejected', 'the first plan, into api, is rejected');
    assert.match(records[0]!.note ?? '', /belongs to the workspace folder "api"/);
  });

  it('a transform scope naming another folder is refused; the whole folder leaves the nested one out', () => {
    const opts = { registry, otherFolders: others('web'), exclude: ['**/.git', 'packages/shared/**'] };
    assert.throws(() => collectScope(web, 'packages/shared', opts), /the scope packages\/shared belongs to the workspace folder "shared"/);
    assert.deepEqual(collectScope(web, '', opts).map((f) => f.path), ['generated/client.ts', 'src/app.ts']);
  });

  it('the ledger records the folder beside the folder-relative file, validated; the panel label names it', async () => {
    r = await rig({}, undefined, gate());
    r.emu.script({ match: { protocol: 'gemini' }, text: 'export function renderApp(title: string): string {\n  return `<h2>${title}</h2>`;\n}' });
    const text = "export function renderApp(title: string): string {\n  return `<h1>${title}</h1>`;\n}\n";
    const { result } = await runQuickEdit(r.pipeline, registry, {
      doc: { path: 'src/app.ts', text, tree: registry.sharedParser('typescript')!.parse(text) ?? undefined, grammarId: 'typescript', languageId: 'typescript' },
      selStart: 0, selEnd: text.length - 1, instruction: 'use h2', file: 'src/app.ts', folder: 'web',
    });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.message));
    // The same relative path is ignored in api but not in web: the gate used the task's folder.
    const denied = await r.pipeline.run({ kind: 'quickEdit', inputTokens: 10, file: 'generated/client.ts', folder: 'api', prompt: () => ({ prompt: 'x' }), validate: (o) => ({ ok: true, value: o }) });
    assert.match(!denied.ok ? denied.message : '', /ignored by \.gitignore/);
    const records = (await r.store.readMonth(r.store.currentMonth())).records;
    const ok = records.find((x) => x.outcome === 'ok')!;
    assert.equal(ok.file, 'src/app.ts');
    assert.equal(ok.folder, 'web');
    assert.equal(records.find((x) => x.outcome !== 'ok')!.folder, 'api');
    assert.equal(validateRecord(ok), undefined);
    assert.equal(fileLabel(ok), 'web › src/app.ts');
    assert.equal(fileLabel({ file: 'src/app.ts' }), 'src/app.ts');
    assert.equal(validateRecord({ ...ok, folder: '' }), 'folder must be a workspace folder name');
    assert.equal(validateRecord({ ...ok, folder: 'a\nb' }), 'folder must be a workspace folder name');
    assert.equal(validateRecord({ ...ok, file: '../api/src/server.ts' }), 'file must be a workspace-relative path');
  });
});

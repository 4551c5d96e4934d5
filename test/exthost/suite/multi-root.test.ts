// A two-folder .code-workspace in the real VS Code (shop = test/fixtures/sample,
// catalog = test/fixtures/sample-second): both folders are indexed, each with its
// own ignores; a quick edit and a completion in catalog's file record catalog's
// folder-relative path and the folder; a refactor started in catalog refuses a
// plan path into shop; a folder added at run time is indexed, and dropped again.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { requests, reset, script } from './emulator-client.ts';
import { sleep, until } from './until.ts';

interface Rec { id: string; kind: string; outcome: string; file?: string; folder?: string; note?: string }
interface FolderIndex { folder: vscode.WorkspaceFolder; index: { index: { paths(): string[]; definersOf(name: string): ReadonlySet<string> } } }
interface Api {
  syntax(): { indexes(): readonly FolderIndex[]; indexReady: Promise<void> } | undefined;
  services(): { ledger: { records(): readonly Rec[] }; notice: { text: string | undefined } } | undefined;
}
const api = async () => await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate() as Api;
const records = async () => (await api()).services()!.ledger.records();
const folder = (name: string) => vscode.workspace.workspaceFolders!.find((f) => f.name === name)!;
const uriIn = (name: string, rel: string) => vscode.Uri.joinPath(folder(name).uri, ...rel.split('/'));
async function indexOf(name: string) {
  const syntax = (await api()).syntax()!;
  await syntax.indexReady;
  return until(`the index of ${name}`, () => syntax.indexes().find((f) => f.folder.name === name)?.index.index);
}

describe('multi-root workspace', function () {
  this.timeout(120_000);
  before(async () => {
    await api();
    await vscode.commands.executeCommand('switchyard.setFastLaneKey', 'test-gemini-key');
    await vscode.commands.executeCommand('switchyard.setDeepLaneKey', 'sk-test-openai-key');
  });
  beforeEach(async () => { await reset(); });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') console.log(`multi-root failure: ${String(this.currentTest.err?.message).split('\n').join(' | ')}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens two folders and indexes both, each with its own .gitignore', async () => {
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['shop', 'catalog']);
    const shop = await indexOf('shop');
    const catalog = await indexOf('catalog');
    await until('both folders indexed', () => shop.definersOf('formatMoney').size > 0 && catalog.definersOf('listProducts').size > 0);
    assert.deepEqual([...shop.definersOf('formatMoney')], ['src/money.ts'], 'paths are relative to their own folder');
    assert.deepEqual([...catalog.definersOf('listProducts')], ['src/catalog.ts']);
    assert.equal(shop.definersOf('listProducts').size, 0, "shop's index holds none of catalog's symbols");
    assert.equal(catalog.definersOf('formatMoney').size, 0);
    assert.ok(!catalog.paths().includes('generated/client.ts'), "catalog's .gitignore leaves generated/ out");
  });

  it("a quick edit in catalog's file records its folder-relative path and the folder", async () => {
    const doc = await vscode.workspace.openTextDocument(uriIn('catalog', 'src/catalog.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('products.map('));
    editor.selection = new vscode.Selection(line, 0, line, doc.lineAt(line).text.length);
    await script({ match: { protocol: 'gemini' }, text: '  return products.map((p) => `${p.sku} - ${p.title}`);\n' });
    let settled: { status: string; message?: string; records?: Rec[] } | undefined;
    const outcome = vscode.commands.executeCommand<{ status: string; message?: string; records: Rec[] }>('switchyard.quickEdit', { instruction: 'use a dash' });
    void outcome.then((d) => { settled = d; });
    // Accept once the diff shows; an outcome that comes first (a refusal) ends the wait and is reported below.
    await until('the diff and Accept', async () => settled ?? await vscode.commands.executeCommand<boolean>('switchyard.quickEdit.accept'), 60_000);
    const done = await outcome;
    assert.equal(done.status, 'applied', `${done.status}: ${done.message ?? ''}`);
    assert.match(doc.getText(), /\$\{p\.sku\} - \$\{p\.title\}/);
    const ok = (await records()).find((r) => r.id === done.records[0]!.id)!;
    assert.equal(ok.file, 'src/catalog.ts');
    assert.equal(ok.folder, 'catalog');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it("a completion in catalog's file records the folder too", async () => {
    writeFileSync(uriIn('catalog', 'src/complete.ts').fsPath, 'export function countProducts(items: string[]): number {\n  return\n}\n');
    const doc = await vscode.workspace.openTextDocument(uriIn('catalog', 'src/complete.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 8, 1, 8);
    await script({ match: { protocol: 'gemini' }, text: 'items.length;' });
    const earlier = (await records()).length;
    await vscode.commands.executeCommand('type', { text: ' ' });
    const ok = await until('the completion record', async () => (await records()).slice(earlier).find((r) => r.kind === 'completion' && r.outcome === 'ok'), 30_000);
    assert.equal(ok.file, 'src/complete.ts');
    assert.equal(ok.folder, 'catalog');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it("a completion in catalog's ignored file is refused by catalog's own .gitignore", async () => {
    const doc = await vscode.workspace.openTextDocument(uriIn('catalog', 'generated/client.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 9, 1, 9);
    await vscode.commands.executeCommand('type', { text: ' ' });
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const notice = await until('the refusal', async () => (await api()).services()!.notice.text);
    assert.equal(notice, 'completions are off in generated/client.ts: ignored by .gitignore');
    await sleep(500);
    assert.equal((await requests()).requests.length, 0, 'nothing was sent for an ignored file');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('a refactor started in catalog plans in catalog only: a plan path into shop is refused', async () => {
    await vscode.window.showTextDocument(uriIn('catalog', 'src/search.ts'));
    await script(
      { match: { protocol: 'responses' }, json: { summary: 'Reach into shop', operations: [{ kind: 'modify', path: 'shop/src/money.ts', hunks: [{ search: 'formatMoney(', replace: 'formatPrice(' }] }] } },
      { match: { protocol: 'responses' }, json: { summary: 'Rename', operations: [{ kind: 'modify', path: 'src/search.ts', hunks: [{ search: 'function searchCatalog(', replace: 'function findInCatalog(' }] }] } },
    );
    const earlier = (await records()).length;
    const result = await vscode.commands.executeCommand<{ applied: boolean; message: string; files?: string[] }>('switchyard.refactor', { instruction: 'Rename searchCatalog to findInCatalog', yes: true, preview: false });
    assert.equal(result.applied, true, result.message);
    assert.deepEqual(result.files, ['src/search.ts']);
    const doc = await vscode.workspace.openTextDocument(uriIn('catalog', 'src/search.ts'));
    assert.match(doc.getText(), /function findInCatalog\(/);
    const shopMoney = await vscode.workspace.openTextDocument(uriIn('shop', 'src/money.ts'));
    assert.match(shopMoney.getText(), /function formatMoney\(/, "shop's file is untouched");
    const rejected = (await records()).slice(earlier).find((r) => r.kind === 'refactor' && r.outcome === 'rejected');
    assert.ok(rejected, 'the plan into shop was rejected');
    assert.match(rejected.note ?? '', /belongs to the workspace folder "shop"/);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('a folder added at run time is indexed, and its index goes when the folder does', async () => {
    const extra = mkdtempSync(join(tmpdir(), 'switchyard-extra-'));
    writeFileSync(join(extra, 'extra.ts'), 'export function addedAtRunTime(): number {\n  return 1;\n}\n');
    const syntax = (await api()).syntax()!;
    assert.ok(vscode.workspace.updateWorkspaceFolders(2, 0, { uri: vscode.Uri.file(extra), name: 'extra' }));
    const index = await until('the added folder\'s index', () => syntax.indexes().find((f) => f.folder.name === 'extra')?.index.index, 30_000);
    await until('its symbols', () => index.definersOf('addedAtRunTime').size > 0, 30_000);
    assert.ok(vscode.workspace.updateWorkspaceFolders(2, 1));
    await until('the folder to go', () => syntax.indexes().every((f) => f.folder.name !== 'extra'), 30_000);
    assert.deepEqual(syntax.indexes().map((f) => f.folder.name), ['shop', 'catalog']);
  });
});

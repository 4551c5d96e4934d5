// Workspace trust enabled and not granted, in the real VS Code: no model-backed
// command sends anything (palette, Explorer menu, quick edit, completions), and
// each one says why. Keys are set, so only the trust check stands in the way.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { requests, reset, script } from './emulator-client.ts';

interface Api {
  meterTooltip(): string | undefined;
  failedFeatures(): readonly string[];
  services(): { ledger: { records(): readonly { kind: string; outcome: string; reason: string; file?: string }[] } } | undefined;
}
interface Result { applied?: boolean; status?: string; message?: string }

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const api = async () => await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate() as Api;
const root = () => vscode.workspace.workspaceFolders![0]!.uri;

describe('untrusted workspace', function () {
  this.timeout(90_000);
  before(async () => {
    await api();
    await vscode.commands.executeCommand('switchyard.setFastLaneKey', 'test-fast-key');
    await vscode.commands.executeCommand('switchyard.setDeepLaneKey', 'test-deep-key');
    await reset();
    // Anything that did get through would find an answer waiting.
    await script({ text: 'leak', repeat: 20 });
  });

  it('is really untrusted, and Switchyard still activates (limited support)', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.deepEqual([...(await api()).failedFeatures()], []);
  });

  it('Refactor from the palette sends nothing and says why', async () => {
    const before = (await api()).services()!.ledger.records().length;
    const r = await vscode.commands.executeCommand<Result>('switchyard.refactor', { instruction: 'Rename total to sum', yes: true, preview: false });
    assert.equal(r.applied, false);
    assert.match(r.message ?? '', /not trusted/);
    assert.deepEqual((await api()).services()!.ledger.records().slice(before).map((x) => [x.kind, x.outcome, x.reason]), [['refactor', 'blocked_untrusted', 'nothing was sent: the workspace is not trusted']]);
  });

  it('AST Transform from the palette and from the Explorer menu sends nothing', async () => {
    const palette = await vscode.commands.executeCommand<Result>('switchyard.astTransform', { instruction: 'Replace console.log with logger.debug', scope: 'src', yes: true, preview: false });
    assert.match(palette.message ?? '', /not trusted/);
    // The Explorer's context menu passes the folder's URI.
    const explorer = await vscode.commands.executeCommand<Result>('switchyard.astTransform', vscode.Uri.joinPath(root(), 'src'));
    assert.match(explorer.message ?? '', /not trusted/);
    assert.deepEqual((await api()).services()!.ledger.records().slice(-2).map((x) => [x.kind, x.outcome]), [['astTransform', 'blocked_untrusted'], ['astTransform', 'blocked_untrusted']]);
  });

  it('Quick Edit sends nothing', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root(), 'src', 'money.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 1, 0);
    const before = (await api()).services()!.ledger.records().length;
    const r = await vscode.commands.executeCommand<Result>('switchyard.quickEdit', { instruction: 'add a comment' });
    assert.equal(r.status, 'unavailable');
    assert.equal(r.message, 'untrusted');
    // The ledger says what was refused and why.
    assert.deepEqual((await api()).services()!.ledger.records().slice(before).map((x) => [x.kind, x.outcome, x.file, x.reason]), [['quickEdit', 'blocked_untrusted', 'src/money.ts', 'nothing was sent: the workspace is not trusted']]);
  });

  it('completions send nothing, and the meter\'s tooltip says why', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root(), 'src', 'money.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    await vscode.commands.executeCommand('type', { text: '\nexport const half = ' });
    let tooltip = '';
    for (let i = 0; i < 100 && !/completions are off/.test(tooltip); i++) {
      if (i % 10 === 0) await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await sleep(100);
      tooltip = (await api()).meterTooltip() ?? '';
    }
    assert.match(tooltip, /completions are off in src\/money\.ts: the workspace is not trusted/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('not one request reached the emulator', async () => {
    await sleep(500);
    assert.equal((await requests()).requests.length, 0);
  });
});

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { logText, type LogApi } from './log-file.ts';

const EXTENSION_ID = 'switchyard-dev.switchyard';

describe('activation', () => {
  it('runs in a real VS Code 1.139', () => {
    assert.match(vscode.version, /^1\.139\./);
  });

  it('activates without error', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const contributed = (ext.packageJSON.contributes.commands as { command: string; category?: string }[]);
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) {
      assert.ok(registered.has(c.command), `command ${c.command} is not registered`);
      assert.equal(c.category, 'Switchyard', `command ${c.command} has no Switchyard category`);
    }
  });

  it('starts every feature: no startup error, and "ready" logged once for each', async () => {
    const api = await vscode.extensions.getExtension(EXTENSION_ID)!.activate() as LogApi & { startupErrors(): readonly string[] };
    assert.deepEqual([...api.startupErrors()], []);
    const features = ['API keys', 'usage ledger and pipeline', 'syntax (tree-sitter)', 'refactor', 'AST transform', 'inline completions', 'quick edit', 'chat models', 'usage panel', 'status meter'];
    const text = await logText(api, (t) => t.includes('feature ready: status meter'));
    for (const f of features) {
      const escaped = f.replace(/[()]/g, '\\$&');
      assert.equal(text.match(new RegExp(`\\[info\\] feature ready: ${escaped}$`, 'gm'))?.length, 1, `"${f}" ready, once:\n${text}`);
    }
    assert.doesNotMatch(text, /feature (failed|unavailable)/);
    await vscode.commands.executeCommand('switchyard.showLog');
  });

  it('opens the usage panel from its command', async () => {
    await vscode.commands.executeCommand('switchyard.showPanel');
    const labels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    for (let i = 0; i < 50 && !labels().includes('Switchyard Usage'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(labels().includes('Switchyard Usage'), `no panel tab among: ${labels().join(', ')}`);
  });
});

describe('status meter', () => {
  it('exists and shows spend before any request', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const api = await ext.activate() as { meterText(): string | undefined; failedFeatures(): readonly string[] };
    assert.deepEqual([...api.failedFeatures()], []);
    // The runner points the lanes at the emulator, so the meter says so.
    assert.equal(api.meterText(), '$(pulse) $0.00 (simulated)');
  });
});

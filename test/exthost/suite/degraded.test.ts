// One feature fails to start (the runner sets SWITCHYARD_TEST_FAIL_FEATURE to the
// syntax layer): one error notification for the cause, explainers instead of
// "command not found" for everything that needed it, and the rest still works.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { logText, type LogApi } from './log-file.ts';

interface Api extends LogApi {
  failedFeatures(): readonly string[];
  startupErrors(): readonly string[];
  meterText(): string | undefined;
  keySource(lane: 'fast' | 'deep'): Promise<string | undefined>;
  syntax(): unknown;
  services(): unknown;
}
interface Explained { applied?: boolean; status?: string; message?: string }

const EXTENSION_ID = 'switchyard-dev.switchyard';
const api = async () => await vscode.extensions.getExtension(EXTENSION_ID)!.activate() as Api;
const CAUSE = /syntax \(tree-sitter\) failed to start: syntax \(tree-sitter\) was made to fail \(SWITCHYARD_TEST_FAIL_FEATURE\)/;

describe('degraded start (the syntax layer fails)', function () {
  this.timeout(60_000);

  it('the syntax layer and the four features that need it are unavailable; the rest started', async () => {
    const a = await api();
    assert.equal(process.env.SWITCHYARD_TEST_FAIL_FEATURE, 'syntax (tree-sitter)');
    assert.deepEqual([...a.failedFeatures()], ['syntax (tree-sitter)', 'refactor', 'AST transform', 'inline completions', 'quick edit']);
    assert.equal(a.syntax(), undefined);
    assert.ok(a.services(), 'the pipeline started');
  });

  it('shows one error notification for one cause', async () => {
    const shown = (await api()).startupErrors();
    assert.equal(shown.length, 1, shown.join('\n'));
    assert.match(shown[0]!, new RegExp(`^Switchyard: ${CAUSE.source}$`));
  });

  it('every contributed command is registered, those of unavailable features as explainers', async () => {
    const a = await api();
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `${id} is not registered`);
    assert.ok(a.failedFeatures().length > 0);
  });

  it('Refactor, AST Transform, Quick Edit and Toggle Completions explain instead of "not found"', async () => {
    const cases: [string, string][] = [
      ['switchyard.refactor', 'refactor'], ['switchyard.astTransform', 'AST transform'],
      ['switchyard.quickEdit', 'quick edit'], ['switchyard.toggleCompletions', 'inline completions'],
    ];
    for (const [id, feature] of cases) {
      const r = await vscode.commands.executeCommand<Explained>(id, { instruction: 'Rename total to sum', yes: true, preview: false });
      assert.equal(r?.status, 'unavailable', `${id}: ${JSON.stringify(r)}`);
      assert.equal(r.applied, false);
      assert.match(r.message ?? '', new RegExp(`^Switchyard: ${feature} is unavailable: ${CAUSE.source}$`));
    }
    assert.equal((await api()).startupErrors().length, 1, 'running them added no startup error');
  });

  it('the rest still works: keys, the meter, the usage panel and Show Log', async () => {
    const a = await api();
    await vscode.commands.executeCommand('switchyard.setFastLaneKey', 'test-fast-key');
    assert.equal(await a.keySource('fast'), 'secret storage');
    assert.equal(a.meterText(), '$(pulse) $0.00 (simulated)');
    await vscode.commands.executeCommand('switchyard.showLog');
    await vscode.commands.executeCommand('switchyard.showPanel');
    const labels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    for (let i = 0; i < 50 && !labels().includes('Switchyard Usage'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(labels().includes('Switchyard Usage'), `no panel tab among: ${labels().join(', ')}`);
    await vscode.commands.executeCommand('switchyard.clearKeys');
  });

  it('the log has the failure with its stack, says why each dependent is unavailable, and "ready" only for what started', async () => {
    const text = await logText(await api(), (t) => t.includes('feature ready: status meter'));
    assert.match(text, /\[error\] feature failed to start: syntax \(tree-sitter\): Error: syntax \(tree-sitter\) was made to fail \(SWITCHYARD_TEST_FAIL_FEATURE\)\n\s+at /);
    for (const f of ['refactor', 'AST transform', 'inline completions', 'quick edit']) {
      assert.match(text, new RegExp(`\\[warning\\] feature unavailable: ${f}, because ${CAUSE.source}`));
      assert.doesNotMatch(text, new RegExp(`feature ready: ${f}\\b`));
    }
    assert.doesNotMatch(text, /feature ready: syntax/);
    for (const f of ['API keys', 'usage ledger and pipeline', 'chat models', 'usage panel', 'status meter']) assert.match(text, new RegExp(`\\[info\\] feature ready: ${f}`));
  });
});

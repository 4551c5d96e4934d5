// Fill-in-the-middle completions in the real VS Code through an Ollama-shaped fast
// lane: Chat Completions at the emulator's /v1, a local code model, completions
// sent as prompt + suffix to /v1/completions. Ghost text appears and the ledger
// records the request with its protocol.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { emulatorUrl, requests, reset, script } from './emulator-client.ts';
import { sleep, until } from './until.ts';

interface FimRecord { id: string; kind: string; lane: string; model: string; outcome: string; protocol?: string; costNanos: number; tokens: { input: number; output: number } }
interface Api { services(): { ledger: { records(): readonly FimRecord[] } } | undefined }
interface SeenRequest { path: string; model?: string; body: { prompt?: string; suffix?: string; stop?: string[]; stream?: boolean } }

const MODEL = 'qwen2.5-coder:7b';
// The recipe's settings (README, "Local code models for autocomplete"); a local model costs nothing.
const OLLAMA = (): Record<string, unknown> => ({
  'fastLane.protocol': 'openai-chat', 'fastLane.baseUrl': `${emulatorUrl()}/v1`, 'fastLane.model': MODEL,
  'completions.protocol': 'openai-fim', prices: { [MODEL]: { input: 0, output: 0 } },
});

async function records(): Promise<readonly FimRecord[]> {
  const api = await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate() as Api;
  return api.services()!.ledger.records();
}

describe('FIM completions through an Ollama-shaped lane', function () {
  this.timeout(90_000);
  const config = () => vscode.workspace.getConfiguration('switchyard');
  before(async () => {
    await reset();
    // Ollama ignores the key; the emulator, like a gateway, wants one.
    await vscode.commands.executeCommand('switchyard.setFastLaneKey', 'ollama');
    for (const [key, value] of Object.entries(OLLAMA())) await config().update(key, value, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    for (const key of Object.keys(OLLAMA())) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('switchyard.setFastLaneKey', 'test-gemini-key');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('ghost text comes from /v1/completions and the ledger has the FIM record', async () => {
    await script({ match: { protocol: 'completions', model: MODEL }, text: 'a * b;' });
    const earlier = (await records()).length;
    const uri = vscode.Uri.from({ scheme: 'untitled', path: '/switchyard-fim-test.ts' });
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'export function times(a: number, b: number) {\n  return\n}\n')));
    editor.selection = new vscode.Selection(1, 8, 1, 8);
    await vscode.commands.executeCommand('type', { text: ' ' });
    const before = editor.document.getText();
    const shown = await until('the ghost text to be committed', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await sleep(100);
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return editor.document.getText() !== before;
    }).catch(async (e: unknown) => {
      // The runner drops multi-line reports: say what was sent and recorded in one line.
      const seen = ((await requests()).requests as unknown as (SeenRequest & { status?: number })[]).map((r) => `${r.path} ${r.status}`);
      const recs = (await records()).slice(earlier).map((r) => `${r.kind}/${r.outcome}/${r.model}`);
      throw new Error(`${String(e)}; requests: ${seen.join(', ')}; records: ${recs.join(', ')}`);
    });
    assert.ok(shown);
    assert.equal(editor.document.lineAt(1).text, '  return a * b;');
    const sent = (await requests()).requests as unknown as SeenRequest[];
    const fim = sent.filter((r) => r.path === '/v1/completions');
    assert.ok(fim.length >= 1, `requests: ${JSON.stringify(sent.map((r) => r.path))}`);
    assert.equal(fim[0]!.model, MODEL);
    assert.equal(fim[0]!.body.stream, true);
    assert.match(fim[0]!.body.prompt ?? '', /^\/\/ Path: .*switchyard-fim-test\.ts\n[\s\S]* {2}return $/);
    assert.equal(fim[0]!.body.suffix, '\n}\n');
    assert.deepEqual(fim[0]!.body.stop?.[0], '\n');
    assert.equal(sent.filter((r) => r.path === '/v1/chat/completions').length, 0, 'the completion did not go by chat');
    const rec = await until('the FIM ledger record', async () => (await records()).slice(earlier).find((r) => r.kind === 'completion' && r.outcome === 'ok'));
    assert.deepEqual([rec.lane, rec.model, rec.protocol, rec.costNanos], ['fast', MODEL, 'openai-fim', 0]);
    assert.ok(rec.tokens.input > 0 && rec.tokens.output > 0, JSON.stringify(rec.tokens));
  });
});

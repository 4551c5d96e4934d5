import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { requests, reset, script } from './emulator-client.ts';

interface Api {
  keySource(lane: 'fast' | 'deep'): Promise<string | undefined>;
  services(): { pipeline: { run(task: unknown): Promise<{ ok: boolean; lane?: string; value?: unknown; records: { outcome: string; lane: string }[] }> } } | undefined;
}

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension('switchyard-dev.switchyard')!;
  return await ext.activate() as Api;
}

describe('lanes and keys', () => {
  before(async () => { await reset(); });

  it('stores a key set with the command in SecretStorage', async () => {
    const a = await api();
    await vscode.commands.executeCommand('switchyard.setFastLaneKey', 'test-gemini-key');
    await vscode.commands.executeCommand('switchyard.setDeepLaneKey', 'sk-test-openai-key');
    assert.equal(await a.keySource('fast'), 'secret storage');
    assert.equal(await a.keySource('deep'), 'secret storage');
  });

  it('clears keys with the command, and a later read sees it (no stale cached key)', async () => {
    const a = await api();
    assert.equal(await a.keySource('fast'), 'secret storage');
    await vscode.commands.executeCommand('switchyard.clearKeys');
    // The runner points the lanes at the emulator (custom base URLs) and sets no lane key in the environment.
    const envFallback = process.env.SWITCHYARD_FAST_API_KEY ? 'SWITCHYARD_FAST_API_KEY' : undefined;
    assert.equal(await a.keySource('fast'), envFallback);
    await vscode.commands.executeCommand('switchyard.setFastLaneKey', 'test-gemini-key');
    await vscode.commands.executeCommand('switchyard.setDeepLaneKey', 'sk-test-openai-key');
    assert.equal(await a.keySource('fast'), 'secret storage');
  });

  it('never stores an empty key', async () => {
    await assert.rejects(async () => { await vscode.commands.executeCommand('switchyard.setFastLaneKey', '   '); }, /empty key/);
  });

  for (const [lane, kind, protocol] of [['fast', 'quickEdit', 'gemini'], ['deep', 'refactor', 'responses']] as const) {
    it(`sends a request through the ${lane} lane to the emulator`, async () => {
      const a = await api();
      await script({ match: { protocol }, text: `reply from the ${lane} lane` });
      const before = (await requests()).requests.length;
      const result = await a.services()!.pipeline.run({
        kind, inputTokens: 20,
        prompt: () => ({ prompt: 'Say something.' }),
        validate: (out: string) => ({ ok: true, value: out }),
      });
      assert.equal(result.ok, true, JSON.stringify(result));
      assert.equal(result.lane, lane);
      assert.equal(result.value, `reply from the ${lane} lane`);
      const after = (await requests()).requests;
      assert.equal(after.length, before + 1);
      assert.equal(after.at(-1)!.protocol, protocol);
    });
  }
});

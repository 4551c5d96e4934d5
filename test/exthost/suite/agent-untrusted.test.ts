// Workspace trust on and not granted: Switchyard's models are still listed, but a
// request is refused with a LanguageModelError that says why, recorded, and never sent.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { requests, reset } from './emulator-client.ts';

interface Api { services(): { ledger: { records(): readonly LedgerRecord[] } } | undefined }
const api = async () => await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate() as Api;

describe('untrusted workspace: Switchyard as a language model', function () {
  this.timeout(60_000);

  it('refuses an agent request with a Blocked LanguageModelError, records it, and sends nothing', async () => {
    await reset();
    const records = (await api()).services()!.ledger;
    const [auto] = await vscode.lm.selectChatModels({ vendor: 'switchyard', family: 'auto' });
    assert.ok(auto, 'Switchyard Auto is listed');
    const before = records.records().length;
    const err = await (async () => {
      const response = await auto.sendRequest([vscode.LanguageModelChatMessage.User('Read a.ts and fix it.')], {});
      for await (const part of response.stream) assert.fail(`nothing may stream: ${JSON.stringify(part)}`);
    })().then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof vscode.LanguageModelError, `expected a LanguageModelError, got ${String(err)}`);
    assert.equal(err.code, 'Blocked');
    assert.match(err.message, /not trusted/);
    assert.deepEqual(records.records().slice(before).map((r) => [r.kind, r.outcome]), [['agent', 'blocked_untrusted']]);
    assert.equal((await requests()).requests.length, 0);
  });
});

// OTLP export in the real VS Code: with the endpoint set to a local receiver and headers in
// secret storage, a quick edit's ledger record arrives as a GenAI span, with no code in it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startOtlpReceiver, type OtlpReceiver } from '../../harness/otlp-receiver.ts';
import { reset, script } from './emulator-client.ts';
import { until } from './until.ts';

type QuickEditDone = { status: string; records: { id: string; taskId: string; outcome: string }[] };

describe('OTLP export', () => {
  let receiver: OtlpReceiver;
  const config = () => vscode.workspace.getConfiguration('switchyard');

  before(async () => {
    await reset();
    receiver = await startOtlpReceiver();
    await vscode.commands.executeCommand('switchyard.setOtlpHeaders', 'x-team=exthost,authorization=Bearer%20otlp-secret');
    await config().update('otlp.endpoint', receiver.url, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('otlp.endpoint', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('switchyard.setOtlpHeaders', '');
    await receiver.close();
  });

  it('a quick edit becomes a span at the collector, with the secret headers and without the code', async () => {
    const source = 'export function otlpSecretAdd(a: number, b: number) {\n  return a + b;\n}\n';
    await script({ match: { protocol: 'gemini' }, text: '  return b + a;\n' });
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: '/switchyard-otlp-test.ts' }));
    const editor = await vscode.window.showTextDocument(doc);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), source)));
    editor.selection = new vscode.Selection(1, 10, 1, 10);
    const outcome = vscode.commands.executeCommand<QuickEditDone>('switchyard.quickEdit', { instruction: 'swap the operands' });
    await until('the diff and Accept', () => vscode.commands.executeCommand<boolean>('switchyard.quickEdit.accept'));
    const done = await outcome;
    assert.equal(done.status, 'applied');
    const ok = done.records.find((r) => r.outcome === 'ok')!;
    const span = await until('the span', () => receiver.spans.find((s) => s.attributes['switchyard.record_id'] === ok.id), 30_000);
    assert.equal(span.attributes['switchyard.task_kind'], 'quickEdit');
    assert.equal(span.attributes['switchyard.task_id'], ok.taskId);
    assert.equal(span.attributes['gen_ai.operation.name'], 'generate_content');
    assert.equal(span.attributes['switchyard.outcome'], 'ok');
    assert.equal(typeof span.attributes['gen_ai.usage.input_tokens'], 'number');
    assert.equal(span.resource['service.name'], 'switchyard');
    const sent = receiver.headers.at(-1)!;
    assert.equal(sent['x-team'], 'exthost');
    assert.equal(sent.authorization, 'Bearer otlp-secret');
    const bytes = Buffer.concat(receiver.bodies).toString('utf8');
    for (const code of ['otlpSecretAdd', 'return b + a', 'otlp-secret']) assert.ok(!bytes.includes(code), `the exported bytes contain ${code}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

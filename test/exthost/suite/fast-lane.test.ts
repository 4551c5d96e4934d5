// Inline completions and quick edit in the real VS Code, against the emulator.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { configure, requests, reset, script } from './emulator-client.ts';
import { sleep, until } from './until.ts';

interface Api {
  services(): {
    notice: { text: string | undefined };
    ledger: {
      records(): readonly { id: string; kind: string; lane: string; outcome: string; taskId: string; note?: string }[];
      events(): readonly { event: string; kind: string; taskId: string; requestId?: string; fromCache?: boolean; note?: string }[];
    };
  } | undefined;
}

async function api(): Promise<Api> {
  return await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate() as Api;
}

let opened = 0;
async function open(content: string, line: number, character: number): Promise<vscode.TextEditor> {
  // A fresh untitled name each time: VS Code hands a reused untitled URI (Untitled-1) the text of an earlier
  // document it still holds (seen in CI: the escalation test got the previous test's text).
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `/switchyard-test-${++opened}.ts` });
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc);
  assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), content)), 'the test text could not be inserted');
  assert.equal(doc.getText(), content, `the new document holds other text (${doc.uri.toString()})`);
  assert.equal(doc.languageId, 'typescript');
  editor.selection = new vscode.Selection(line, character, line, character);
  return editor;
}

const type = (text: string) => vscode.commands.executeCommand('type', { text });
const count = async () => (await requests()).requests.length;
const ledger = async () => (await api()).services()!.ledger.records();
const events = async () => (await api()).services()!.ledger.events();
/** The events about the request `ok` (the answer a quick edit showed), as [event, kind, taskId]. */
const eventsOf = async (ok: { id: string }) => (await events()).filter((e) => e.requestId === ok.id).map((e) => [e.event, e.kind, e.taskId]);
type QuickEditDone = { status: string; lane?: string; records: { id: string; taskId: string; outcome: string }[] };

/** Commits the ghost text once it shows; true when the document changed. */
async function commitGhostText(editor: vscode.TextEditor, ms = 30_000): Promise<boolean> {
  const before = editor.document.getText();
  const end = Date.now() + ms;
  let tries = 0;
  while (Date.now() < end) {
    // Under load the automatic trigger can be lost; asking again must be served without a new request.
    if (++tries % 10 === 0) await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
    if (editor.document.getText() !== before) return true;
    await sleep(100);
  }
  return false;
}

/**
 * The answered requests (records other than cancellations) this test made up to the
 * one its acceptance points at; the accepted event names that request. After an
 * accept VS Code asks again at the new position, a request of its own that may land
 * at any time: it is not counted, and when the editor closes that request is aborted,
 * so its 'cancelled' record can land in the next test. Requests sent are counted by
 * the emulator.
 */
async function beforeAccept(earlier: number, earlierEvents: number) {
  const mine = await until('the accepted event', async () => {
    const accepted = (await events()).slice(earlierEvents).find((e) => e.kind === 'completion' && e.event === 'accepted');
    if (!accepted) return undefined;
    const records = (await ledger()).slice(earlier).filter((r) => r.kind === 'completion');
    const at = records.findIndex((r) => r.id === accepted.requestId);
    return at < 0 ? undefined : records.slice(0, at + 1);
  });
  return mine.filter((r) => r.outcome !== 'cancelled');
}

// Each test gets its own function name: the same text at the same place would be served from the cache.
let fnCount = 0;
const fn = () => `export function add${++fnCount}(a: number, b: number) {\n  return\n}\n`;

describe('fast lane in VS Code', function () {
  this.timeout(90_000);
  before(async () => {
    await api();
    await vscode.commands.executeCommand('switchyard.setFastLaneKey', 'test-gemini-key');
    await vscode.commands.executeCommand('switchyard.setDeepLaneKey', 'sk-test-openai-key');
  });
  beforeEach(async () => { await reset(); await configure({ instant: true, rateMultiplier: 1 }); });
  afterEach(async function () {
    // The runner drops multi-line failure reports that carry a stack: say why in one line.
    if (this.currentTest?.state === 'failed') console.log(`fast-lane failure: ${String(this.currentTest.err?.message).split('\n').join(' | ')}`);
    await configure({ instant: true, rateMultiplier: 1 });
    const doc = vscode.window.activeTextEditor?.document;
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    // The next test's untitled document gets the same URI: until the extension host has seen this one close,
    // openTextDocument can hand back this stale document (seen: the next test typed into the previous text).
    if (doc) await until('the test document to close', () => doc.isClosed);
  });

  it('shows ghost text after typing, and commit accepts it (counted in the ledger)', async () => {
    await script({ match: { protocol: 'gemini' }, text: 'a + b;' });
    const earlier = (await ledger()).length;
    const earlierEvents = (await events()).length;
    const editor = await open(fn(), 1, 8);
    await type(' ');
    assert.ok(await commitGhostText(editor), 'no ghost text was committed');
    assert.equal(editor.document.lineAt(1).text, '  return a + b;');
    const sent = await beforeAccept(earlier, earlierEvents);
    assert.deepEqual(sent.map((r) => r.outcome), ['ok'], 'one request for the completion');
  });

  it('typing through a shown completion makes no new request', async () => {
    await script({ match: { protocol: 'gemini' }, text: 'a + b;' });
    const earlier = (await ledger()).length;
    const earlierEvents = (await events()).length;
    const editor = await open(fn(), 1, 8);
    await type(' ');
    // This test's own answer: the ledger also holds the earlier tests' records.
    await until('the completion to arrive', async () => (await ledger()).slice(earlier).some((r) => r.kind === 'completion' && r.outcome === 'ok'));
    for (const ch of 'a + ') { await type(ch); await sleep(250); }
    const afterTyping = await count();
    const shown = await commitGhostText(editor);
    const trail = [
      ...(await ledger()).slice(earlier).filter((r) => r.kind === 'completion').map((r) => r.outcome),
      ...(await events()).slice(earlierEvents).filter((e) => e.kind === 'completion').map((e) => `${e.event}${e.fromCache ? '(cache)' : ''}`),
    ].join(', ');
    assert.ok(shown, `the rest of the completion was not shown; line: ${JSON.stringify(editor.document.lineAt(1).text)}; requests: ${await count()}; ledger: ${trail}`);
    assert.equal(editor.document.lineAt(1).text, '  return a + b;');
    assert.equal(afterTyping, 1, 'typing through made a request');
    const sent = await beforeAccept(earlier, earlierEvents);
    assert.deepEqual(sent.map((r) => r.outcome), ['ok'], 'typing through or showing the rest made a request');
  });

  it('a new keystroke cancels the in-flight request and the emulator sees the disconnect', async () => {
    await configure({ instant: false, rateMultiplier: 0.05 });
    await script({ match: { protocol: 'gemini' }, text: 'a + b;' });
    await open(fn(), 1, 8);
    await type(' ');
    const first = await until('the slow request', async () => (await requests()).requests[0]);
    await type('q');
    await until('the disconnect', async () => (await requests()).requests.find((r) => r.id === first.id)?.disconnectedEarly);
    await configure({ instant: true, rateMultiplier: 1 });
    await until('the cancelled ledger record', async () => (await ledger()).some((r) => r.kind === 'completion' && r.outcome === 'cancelled'));
  });

  it('never shows a completion that would break the syntax', async () => {
    await script({ match: { protocol: 'gemini' }, text: 'a + (b;', repeat: 5 });
    const editor = await open(fn(), 1, 8);
    await type(' ');
    const rejected = await until('the rejected record', async () => (await ledger()).find((r) => r.kind === 'completion' && r.outcome === 'rejected'));
    assert.match(rejected.note ?? '', /parse error/);
    assert.equal(await commitGhostText(editor, 2000), false, 'a broken completion was shown');
    assert.equal(editor.document.lineAt(1).text, '  return ');
  });

  it('a binary buffer (a NUL in its first bytes) gets no quick edit and no completion: nothing is sent', async () => {
    await script({ match: { protocol: 'gemini' }, text: '2;', repeat: 3 });
    const editor = await open('export const a = 1;\n\u0000\u0001\u0002\nexport const b = \n', 2, 17);
    const before = await count();
    const done = await vscode.commands.executeCommand<{ status: string; message?: string; records?: { kind: string; outcome: string; reason: string }[] }>('switchyard.quickEdit', { instruction: 'make b 2' });
    assert.equal(done.status, 'unavailable');
    assert.match(done.message ?? '', /^quick edit is off in .+: binary file$/);
    // The refusal is in the ledger: what and why, none of the text.
    assert.deepEqual(done.records?.map((r) => [r.kind, r.outcome, r.reason]), [['quickEdit', 'blocked_untrusted', 'nothing was sent: binary file']]);
    assert.ok((await ledger()).some((r) => r.id === (done.records?.[0] as { id?: string } | undefined)?.id), 'the record is in the ledger');
    await type(' ');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const notice = await until('the completion refusal', async () => {
      const text = (await api()).services()!.notice.text;
      return text?.startsWith('completions') ? text : undefined;
    });
    assert.match(notice, /^completions are off in .+: binary file$/);
    await sleep(500);
    assert.equal(await count(), before, 'nothing was sent');
    assert.equal(await commitGhostText(editor, 1000), false, 'no ghost text');
  });

  it('a quick edit applies as one step and undoes in one step', async () => {
    const source = 'export function add(a: number, b: number) {\n  return a + b;\n}\n';
    await script({ match: { protocol: 'gemini' }, text: '  return b + a;\n' });
    const editor = await open(source, 1, 10);
    const outcome = vscode.commands.executeCommand<QuickEditDone>('switchyard.quickEdit', { instruction: 'swap the operands' });
    await until('the diff and Accept', () => vscode.commands.executeCommand<boolean>('switchyard.quickEdit.accept'));
    const done = await outcome;
    assert.equal(done.status, 'applied');
    assert.equal(done.lane, 'fast');
    assert.equal(editor.document.getText(), source.replace('a + b', 'b + a'));
    // The ok record says the model answered; the events, about that very request, say the diff was seen and applied.
    const [ok] = done.records;
    assert.equal(ok!.outcome, 'ok');
    assert.deepEqual(await eventsOf(ok!), [['shown', 'quickEdit', ok!.taskId], ['applied', 'quickEdit', ok!.taskId]]);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), source);
  });

  it('Reject changes nothing', async () => {
    const source = 'export const x = 1;\n';
    await script({ match: { protocol: 'gemini' }, text: 'export const x = 2;\n' });
    const editor = await open(source, 0, 5);
    const outcome = vscode.commands.executeCommand<QuickEditDone>('switchyard.quickEdit', { instruction: 'make it two' });
    await until('the diff and Reject', () => vscode.commands.executeCommand<boolean>('switchyard.quickEdit.reject'));
    const done = await outcome;
    assert.equal(done.status, 'rejected');
    assert.equal(editor.document.getText(), source);
    assert.deepEqual(await eventsOf(done.records[0]!), [['shown', 'quickEdit', done.records[0]!.taskId], ['rejected', 'quickEdit', done.records[0]!.taskId]]);
  });

  it('a quick edit whose document changed before Accept is recorded as rejected, not applied', async () => {
    const source = 'export const y = 1;\n';
    await script({ match: { protocol: 'gemini' }, text: 'export const y = 2;\n' });
    const editor = await open(source, 0, 5);
    const answered = (await ledger()).filter((r) => r.kind === 'quickEdit' && r.outcome === 'ok').length;
    const outcome = vscode.commands.executeCommand<QuickEditDone>('switchyard.quickEdit', { instruction: 'make it two' });
    await until('the answer and its diff', async () => (await ledger()).filter((r) => r.kind === 'quickEdit' && r.outcome === 'ok').length > answered
      && vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff)));
    // Typed into the file while the diff waits (the editor itself is behind the diff, so through a WorkspaceEdit).
    const typed = new vscode.WorkspaceEdit();
    typed.insert(editor.document.uri, new vscode.Position(1, 0), '// typed meanwhile\n');
    assert.ok(await vscode.workspace.applyEdit(typed));
    await until('Accept', () => vscode.commands.executeCommand<boolean>('switchyard.quickEdit.accept'));
    const done = await outcome;
    assert.equal(done.status, 'stale');
    assert.equal(editor.document.getText(), `${source}// typed meanwhile\n`);
    const ok = (await ledger()).findLast((r) => r.kind === 'quickEdit' && r.outcome === 'ok')!;
    const mine = (await events()).filter((e) => e.requestId === ok.id);
    assert.deepEqual(mine.map((e) => e.event), ['shown', 'rejected']);
    assert.match(mine[1]!.note ?? '', /changed/);
  });

  it('an invalid fast-lane edit escalates to the deep lane, and the ledger shows both attempts', async () => {
    const source = 'export function add(a: number, b: number) {\n  return a + b;\n}\n';
    await script(
      { match: { protocol: 'gemini' }, text: 'export function add(a: number, b: number {\n  return a + b;\n}\n' },
      { match: { protocol: 'responses' }, text: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n' },
    );
    const editor = await open(source, 0, 0);
    editor.selection = new vscode.Selection(0, 0, 2, 1);
    const outcome = vscode.commands.executeCommand<{ status: string; lane: string; records: { id: string; taskId: string }[] }>('switchyard.quickEdit', { instruction: 'add a return type' });
    await until('the diff and Accept', () => vscode.commands.executeCommand<boolean>('switchyard.quickEdit.accept'));
    const done = await outcome;
    assert.equal(done.status, 'applied');
    assert.equal(done.lane, 'deep');
    assert.match(editor.document.getText(), /: number \{/);
    const records = await until('both ledger records', async () => {
      const ids = new Set(done.records.map((r) => r.id));
      const found = (await ledger()).filter((r) => ids.has(r.id));
      return found.length === 2 ? found : undefined;
    });
    assert.deepEqual(records.map((r) => [r.lane, r.outcome]), [['fast', 'escalated'], ['deep', 'ok']]);
    assert.equal(new Set(records.map((r) => r.taskId)).size, 1);
    // The events name the deep attempt, whose answer was shown and applied; the escalated one has none.
    assert.deepEqual(await eventsOf(records[1]!), [['shown', 'quickEdit', records[0]!.taskId], ['applied', 'quickEdit', records[0]!.taskId]]);
    assert.deepEqual(await eventsOf(records[0]!), []);
  });
});

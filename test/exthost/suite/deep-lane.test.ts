import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { buildWorkspaceEdit } from '../../../src/vscode/refactor/workspace-edit.ts';
import { consoleFiles, consoleSpec } from '../../unit/helpers/deep-lane-fixtures.ts';
import { requests, reset, script } from './emulator-client.ts';

interface Result { applied: boolean; landed?: string; message: string; files?: string[]; entries?: { kind: string; path: string; needsConfirmation: boolean }[]; matches?: number }
interface LedgerLine { id: string; taskId: string; kind: string; outcome?: string; event?: string; requestId?: string; files?: string[]; note?: string }
interface Api {
  syntax(): { registry: { load(id: string): Promise<unknown>; sharedParser(id: string): { parse(text: string): { rootNode: { hasError: boolean }; delete(): void } } | undefined } } | undefined;
  services(): { ledger: { records(): readonly LedgerLine[]; events(): readonly LedgerLine[] } } | undefined;
}
const api = async () => await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate() as Api;
const ledger = async () => (await api()).services()!.ledger;
/** The last ok request of a kind, and the events that reference it. */
async function lastAnswer(kind: string): Promise<{ ok: LedgerLine; events: LedgerLine[] }> {
  const l = await ledger();
  const ok = l.records().findLast((r) => r.kind === kind && r.outcome === 'ok');
  assert.ok(ok, `no ok ${kind} record`);
  return { ok, events: l.events().filter((e) => e.requestId === ok.id) };
}

const root = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;
const put = (rel: string, text: string) => { mkdirSync(dirname(join(root(), rel)), { recursive: true }); writeFileSync(join(root(), rel), text); };
const disk = (rel: string) => readFileSync(join(root(), rel), 'utf8');
const doc = async (rel: string) => vscode.workspace.openTextDocument(vscode.Uri.file(join(root(), rel)));
const docText = async (rel: string) => (await doc(rel)).getText();
async function save(rels: readonly string[]): Promise<void> {
  for (const rel of rels) assert.equal(await (await doc(rel)).save(), true, `saved ${rel}`);
}

const A = 'export function oldName(x: number): number {\n  return x + 1;\n}\n';
const B = "import { oldName } from './a';\nexport const b = oldName(1);\n";
const C = "import { oldName } from './a';\nexport const c = oldName(2) + oldName(3);\n";
/** A fresh folder per test, so no editor buffer of an earlier test is in the way. */
let n = 0;
function fixture(): { dir: string; plan: { summary: string; operations: { kind: string; path: string; hunks: { search: string; replace: string }[] }[] } } {
  const dir = `dl/case${++n}`;
  put(`${dir}/a.ts`, A); put(`${dir}/b.ts`, B); put(`${dir}/c.ts`, C);
  return { dir, plan: {
    summary: 'Rename oldName to newName',
    operations: [
      { kind: 'modify', path: `${dir}/a.ts`, hunks: [{ search: 'function oldName(', replace: 'function newName(' }] },
      { kind: 'modify', path: `${dir}/b.ts`, hunks: [{ search: "import { oldName } from './a';\nexport const b = oldName(1);", replace: "import { newName } from './a';\nexport const b = newName(1);" }] },
      { kind: 'modify', path: `${dir}/c.ts`, hunks: [{ search: 'import { oldName }', replace: 'import { newName }' }, { search: 'oldName(2) + oldName(3)', replace: 'newName(2) + newName(3)' }] },
    ],
  } };
}

describe('deep lane: refactor and AST transform', () => {
  before(async () => {
    await vscode.commands.executeCommand('switchyard.setDeepLaneKey', 'sk-test-openai-key');
    await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate();
  });
  beforeEach(async () => { await reset(); });

  it('the WorkspaceEdit it builds asks VS Code to confirm every entry (the refactor preview)', () => {
    const files = [
      { path: 'dl/rename/a.ts', before: A, after: A.replace('oldName', 'newName') },
      { path: 'dl/rename/e.ts', after: 'export {};\n' },
      { path: 'dl/rename/g.ts', from: 'dl/rename/f.ts', after: 'export const g = 1;\n' },
      { path: 'dl/rename/f.ts', before: 'export const f = 1;\n' },
      { path: 'dl/rename/h.ts', before: 'export {};\n' },
    ];
    const { edit, entries } = buildWorkspaceEdit(vscode.workspace.workspaceFolders![0]!.uri, files, 'Switchyard: test', true);
    assert.ok(edit.has(vscode.Uri.file(join(root(), 'dl/rename/a.ts'))));
    // Deletes, then moves, then creates, then text edits (on a moved file's new path).
    assert.deepEqual(entries.map((e) => [e.kind, e.path, e.needsConfirmation]), [
      ['delete', 'dl/rename/h.ts', true], ['rename', 'dl/rename/f.ts', true], ['create', 'dl/rename/e.ts', true],
      ['replace', 'dl/rename/a.ts', true], ['replace', 'dl/rename/g.ts', true],
    ]);
    const [[, edits]] = edit.entries().filter(([u]) => u.path.endsWith('/a.ts')) as [vscode.Uri, vscode.TextEdit[]][];
    assert.equal(edits.length, 1);
    assert.equal(edits[0]!.newText, 'export function newName(x: number): number {\n', 'only the changed line is replaced');
  });

  it('applies a three-file rename from one scripted plan, atomically in one edit', async () => {
    const { dir, plan } = fixture();
    await script({ match: { protocol: 'responses' }, json: plan });
    const result = await vscode.commands.executeCommand<Result>('switchyard.refactor', { instruction: 'Rename oldName to newName', yes: true, preview: false });
    assert.equal(result.applied, true, result.message);
    assert.deepEqual([...result.files!].sort(), [`${dir}/a.ts`, `${dir}/b.ts`, `${dir}/c.ts`]);
    assert.equal(result.entries!.length, 3);
    assert.match(await docText(`${dir}/a.ts`), /function newName\(/);
    assert.equal(await docText(`${dir}/b.ts`), "import { newName } from './a';\nexport const b = newName(1);\n");
    assert.equal(await docText(`${dir}/c.ts`), "import { newName } from './a';\nexport const c = newName(2) + newName(3);\n");
    const reqs = (await requests()).requests;
    assert.equal(reqs.length, 1);
    assert.equal(reqs[0]!.jsonSchema, true);
    assert.equal(disk(`${dir}/a.ts`), A, 'the edit is in the editors (undoable) until saved');
    // Without the preview nothing is shown first: one event, applied, about the answered request.
    const { ok, events } = await lastAnswer('refactor');
    assert.deepEqual(events.map((e) => [e.event, e.taskId, [...e.files!].sort()]), [['applied', ok.taskId, [`${dir}/a.ts`, `${dir}/b.ts`, `${dir}/c.ts`]]]);
    await save(result.files!);
    assert.match(disk(`${dir}/c.ts`), /newName\(2\) \+ newName\(3\)/);
  });

  it('applies a plan that renames a file and then modifies it at its new path (the order the prompt asks for)', async () => {
    const { dir } = fixture();
    const plan = { summary: 'Move a.ts to lib/a.ts and rename oldName', operations: [
      { kind: 'rename', path: `${dir}/a.ts`, newPath: `${dir}/lib/a.ts` },
      { kind: 'modify', path: `${dir}/lib/a.ts`, hunks: [{ search: 'function oldName(', replace: 'function newName(' }] },
      { kind: 'modify', path: `${dir}/b.ts`, hunks: [{ search: "import { oldName } from './a';", replace: "import { oldName as newName } from './lib/a';" }, { search: 'oldName(1)', replace: 'newName(1)' }] },
    ] };
    await script({ match: { protocol: 'responses' }, json: plan });
    const result = await vscode.commands.executeCommand<Result>('switchyard.refactor', { instruction: 'Move a.ts to lib/ and rename oldName', yes: true, preview: false });
    assert.equal(result.applied, true, result.message);
    assert.deepEqual(result.entries!.map((e) => e.kind), ['rename', 'replace', 'replace']);
    assert.equal(existsSync(join(root(), `${dir}/a.ts`)), false);
    assert.equal(await docText(`${dir}/lib/a.ts`), A.replace('function oldName(', 'function newName('));
    assert.equal(await docText(`${dir}/b.ts`), "import { oldName as newName } from './lib/a';\nexport const b = newName(1);\n");
    // Read back after the edit, the move and the edit at its new path both landed: applied, not partly.
    const { events } = await lastAnswer('refactor');
    assert.deepEqual(events.map((e) => [e.event, [...e.files!].sort()]), [['applied', [`${dir}/a.ts`, `${dir}/b.ts`, `${dir}/lib/a.ts`]]]);
  });

  type Plan = ReturnType<typeof fixture>['plan'];
  const bad: [string, (dir: string, plan: Plan) => unknown, RegExp][] = [
    ['a path outside the workspace', (_d, p) => ({ summary: 'x', operations: [{ kind: 'create', path: '../outside.ts', content: 'export {};\n' }, p.operations[0]] }), /"\.\."/],
    ['a missing anchor', (d, p) => ({ summary: 'x', operations: [p.operations[0], { kind: 'modify', path: `${d}/b.ts`, hunks: [{ search: 'no such text', replace: 'y' }] }] }), /search text was not found/],
    ['a hunk that breaks the syntax', (d, p) => ({ summary: 'x', operations: [p.operations[0], { kind: 'modify', path: `${d}/c.ts`, hunks: [{ search: 'oldName(2) + oldName(3);', replace: 'oldName(2) + (;' }] }] }), /new syntax error/],
  ];
  for (const [name, make, why] of bad) {
    it(`rejects a plan with ${name}: a clear message, nothing changed on disk or in editors`, async () => {
      const { dir, plan } = fixture();
      await script({ match: { protocol: 'responses' }, json: make(dir, plan), repeat: 2 });
      const result = await vscode.commands.executeCommand<Result>('switchyard.refactor', { instruction: 'Rename oldName to newName', yes: true, preview: false });
      assert.equal(result.applied, false);
      assert.match(result.message, /changed nothing/);
      assert.match(result.message, why);
      assert.equal(disk(`${dir}/a.ts`), A);
      assert.equal(disk(`${dir}/b.ts`), B);
      assert.equal(disk(`${dir}/c.ts`), C);
      assert.equal(await docText(`${dir}/a.ts`), A);
      for (const f of ['a.ts', 'b.ts', 'c.ts']) assert.equal((await doc(`${dir}/${f}`)).isDirty, false, `no editor of ${f} was changed`);
    });
  }

  it('transforms 55 generated files from one model call, and every file reparses', async () => {
    const files = consoleFiles(55);
    for (const f of files) put(`dl/${f.path}`, f.text);
    await script({ match: { protocol: 'responses' }, json: consoleSpec() });
    const result = await vscode.commands.executeCommand<Result>('switchyard.astTransform', { instruction: 'Replace console.log(x) with logger.debug(x)', scope: 'dl/src/gen', yes: true, preview: false });
    assert.equal(result.applied, true, result.message);
    assert.equal(result.files!.length, 55);
    assert.equal(result.matches, 110);
    assert.equal((await requests()).requests.length, 1, 'one model call whatever the number of files');
    const syntax = (await api()).syntax()!;
    await syntax.registry.load('typescript');
    const parser = syntax.registry.sharedParser('typescript')!;
    for (const f of files) {
      const text = await docText(`dl/${f.path}`);
      assert.ok(!text.includes('console.log') && text.includes('logger.debug(') && text.includes("console.warn('kept')"), f.path);
      const tree = parser.parse(text);
      try { assert.equal(tree.rootNode.hasError, false, `${f.path} reparses`); } finally { tree.delete(); }
    }
    assert.equal((await Promise.all(result.files!.map(doc))).filter((d) => d.isDirty).length, 55, 'applied to the editors, undoable until saved');
    assert.match(disk('dl/src/gen/file054.ts'), /console\.log\('f54', x, 1\)/);
    const { events } = await lastAnswer('astTransform');
    assert.deepEqual(events.map((e) => [e.event, e.kind, e.files!.length]), [['applied', 'astTransform', 55]]);
  });

  it('cancelling during planning (slow deep lane) applies nothing', async () => {
    const { dir, plan } = fixture();
    await script({ match: { protocol: 'responses' }, json: plan, firstByteDelayMs: 20_000 });
    const controller = new AbortController();
    const running = vscode.commands.executeCommand<Result>('switchyard.refactor', { instruction: 'Rename oldName to newName', yes: true, preview: false, signal: controller.signal });
    for (let i = 0; i < 300 && (await requests()).requests.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await requests()).requests.length, 1, 'the plan request reached the emulator');
    controller.abort();
    const result = await running;
    assert.equal(result.applied, false);
    assert.match(result.message, /Cancelled/);
    assert.equal(disk(`${dir}/a.ts`), A);
    assert.equal(await docText(`${dir}/b.ts`), B);
    const reqs = (await requests()).requests;
    assert.equal(reqs.length, 1, 'no repair or retry after a cancel');
  });
});

// What became of each plan, as event records about its answered request. VS Code's Refactor Preview is driven with
// its own commands (refactorPreview.discard / toggleCheckedState / apply), the ones its buttons and keys run.
describe('deep lane: what became of each edit (events)', () => {
  const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
  async function until<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) { const v = probe(); if (v !== undefined) return v; }
    throw new Error(`timed out waiting for ${what}`);
  }
  /** Starts a command that opens the preview; resolves once its `shown` event is written and the preview had time to fill. */
  async function previewOpen(kind: string, run: () => Thenable<Result>, fillMs = 3000): Promise<{ running: Thenable<Result>; requestId: string }> {
    const l = await ledger();
    const seen = l.events().length;
    const running = run();
    const shown = await until('the shown event', () => l.events().slice(seen).find((e) => e.event === 'shown' && e.kind === kind));
    await sleep(fillMs); // applyEdit still has to reach the workbench and fill the preview's tree
    return { running, requestId: shown.requestId! };
  }
  const eventsAbout = async (requestId: string) => (await ledger()).events().filter((e) => e.requestId === requestId);

  before(async () => {
    await vscode.commands.executeCommand('switchyard.setDeepLaneKey', 'sk-test-openai-key');
    await api();
  });
  beforeEach(async () => { await reset(); });

  it('a refactor discarded in the Refactor Preview is recorded as shown, then rejected; nothing changed', async () => {
    const { dir, plan } = fixture();
    await script({ match: { protocol: 'responses' }, json: plan });
    const { running, requestId } = await previewOpen('refactor', () => vscode.commands.executeCommand<Result>('switchyard.refactor', { instruction: 'Rename oldName to newName', yes: true }));
    let result: Result | undefined;
    void running.then((r) => { result = r; });
    // Discard until the command returns (a discard before the preview holds the edit does nothing).
    await until('the discarded refactor', () => result ?? void vscode.commands.executeCommand('refactorPreview.discard'));
    assert.equal(result!.applied, false);
    assert.equal(result!.landed, 'rejected');
    const files = [`${dir}/a.ts`, `${dir}/b.ts`, `${dir}/c.ts`];
    const events = await eventsAbout(requestId);
    assert.deepEqual(events.map((e) => [e.event, e.kind, [...e.files!].sort()]), [['shown', 'refactor', files], ['rejected', 'refactor', files]]);
    const { ok } = await lastAnswer('refactor');
    assert.equal(ok.id, requestId);
    assert.ok(events.every((e) => e.taskId === ok.taskId));
    assert.equal(await docText(`${dir}/a.ts`), A);
    assert.equal(await docText(`${dir}/c.ts`), C);
  });

  it('a refactor partly applied in the preview (one file ticked) records exactly the files that changed', async () => {
    const { dir, plan } = fixture();
    const originals: Record<string, string> = { [`${dir}/a.ts`]: A, [`${dir}/b.ts`]: B, [`${dir}/c.ts`]: C };
    // Nothing tells the extension host when the preview's tree is filled: a tick sent before that is lost and the
    // Apply lands nothing (a rejection, itself checked). So try up to three times, waiting longer each time.
    for (let tries = 1; ; tries++) {
      await script({ match: { protocol: 'responses' }, json: plan });
      const { running, requestId } = await previewOpen('refactor', () => vscode.commands.executeCommand<Result>('switchyard.refactor', { instruction: 'Rename oldName to newName', yes: true }), tries * 3000);
      // The preview's tree has the keyboard focus: focus its first file, tick it (Space), Apply.
      await vscode.commands.executeCommand('list.focusFirst');
      await vscode.commands.executeCommand('refactorPreview.toggleCheckedState');
      await vscode.commands.executeCommand('refactorPreview.apply');
      const result = await running;
      const changed: string[] = [];
      for (const [rel, text] of Object.entries(originals)) if (await docText(rel) !== text) changed.push(rel);
      const events = await eventsAbout(requestId);
      if (result.landed === 'rejected' && tries < 3) {
        assert.deepEqual([changed, events.map((e) => e.event)], [[], ['shown', 'rejected']], 'an Apply with nothing ticked lands nothing and is a rejection');
        continue;
      }
      assert.equal(changed.length, 1, `one file ticked, so one file changed; changed: ${changed.join(', ')}; ${result.message}`);
      assert.equal(result.landed, 'partly_applied');
      assert.deepEqual(result.files, changed);
      assert.deepEqual(events.map((e) => [e.event, e.files]), [['shown', Object.keys(originals)], ['partly_applied', changed]]);
      return;
    }
  });

  it('an AST transform discarded in the preview is recorded as shown, then rejected', async () => {
    for (const f of consoleFiles(3)) put(`dl/events/${f.path}`, f.text);
    await script({ match: { protocol: 'responses' }, json: consoleSpec() });
    const { running, requestId } = await previewOpen('astTransform', () => vscode.commands.executeCommand<Result>('switchyard.astTransform', { instruction: 'Replace console.log(x) with logger.debug(x)', scope: 'dl/events/src/gen', yes: true }));
    let result: Result | undefined;
    void running.then((r) => { result = r; });
    await until('the discarded transform', () => result ?? void vscode.commands.executeCommand('refactorPreview.discard'));
    assert.equal(result!.landed, 'rejected');
    assert.deepEqual((await eventsAbout(requestId)).map((e) => [e.event, e.kind, e.files!.length]), [['shown', 'astTransform', 3], ['rejected', 'astTransform', 3]]);
    assert.match(await docText('dl/events/src/gen/file000.ts'), /console\.log/);
  });

  it('the CLI face records the same events as the VS Code face for the same plan (two faces, one job)', async () => {
    const { dir, plan } = fixture();
    await script({ match: { protocol: 'responses' }, json: plan, repeat: 2 });
    // VS Code without the preview, as `--write` without one: nothing shown before it lands.
    const inEditor = await vscode.commands.executeCommand<Result>('switchyard.refactor', { instruction: 'Rename oldName to newName', yes: true, preview: false });
    assert.equal(inEditor.applied, true, inEditor.message);
    const vscodeFace = (await lastAnswer('refactor')).events;

    // The CLI on a copy of the same files, with a ledger of its own.
    const cliRoot = mkdtempSync(join(tmpdir(), 'switchyard-cli-face-'));
    const ledgerDir = mkdtempSync(join(tmpdir(), 'switchyard-cli-ledger-'));
    for (const [f, text] of [['a.ts', A], ['b.ts', B], ['c.ts', C]] as const) {
      mkdirSync(join(cliRoot, dir), { recursive: true });
      writeFileSync(join(cliRoot, dir, f), text);
    }
    const cli = join(vscode.extensions.getExtension('switchyard-dev.switchyard')!.extensionPath, 'dist', 'cli.js');
    const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1', SWITCHYARD_DEEP_API_KEY: 'sk-test', SWITCHYARD_LEDGER_DIR: ledgerDir };
    await promisify(execFile)(process.execPath, [cli, 'refactor', 'Rename oldName to newName', '--dir', cliRoot, '--yes', '--write', '--json'], { env, timeout: 60_000 });
    assert.match(readFileSync(join(cliRoot, dir, 'c.ts'), 'utf8'), /newName\(2\) \+ newName\(3\)/);
    const lines = readdirSync(ledgerDir).filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => readFileSync(join(ledgerDir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LedgerLine & { type?: string }));
    const cliOk = lines.find((l) => l.type !== 'event' && l.outcome === 'ok')!;
    const cliFace = lines.filter((l) => l.type === 'event');
    assert.ok(cliFace.every((e) => e.requestId === cliOk.id && e.taskId === cliOk.taskId));
    const shape = (events: readonly LedgerLine[]) => events.map((e) => [e.event, e.kind, [...e.files!].sort()]);
    assert.deepEqual(shape(cliFace), shape(vscodeFace));
    assert.deepEqual(shape(cliFace), [['applied', 'refactor', [`${dir}/a.ts`, `${dir}/b.ts`, `${dir}/c.ts`]]]);
  });
});

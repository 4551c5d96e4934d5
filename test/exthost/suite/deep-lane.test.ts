import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { buildWorkspaceEdit } from '../../../src/vscode/refactor/workspace-edit.ts';
import { consoleFiles, consoleSpec } from '../../unit/helpers/deep-lane-fixtures.ts';
import { requests, reset, script } from './emulator-client.ts';

interface Result { applied: boolean; message: string; files?: string[]; entries?: { kind: string; path: string; needsConfirmation: boolean }[]; matches?: number }
interface Api { syntax(): { registry: { load(id: string): Promise<unknown>; sharedParser(id: string): { parse(text: string): { rootNode: { hasError: boolean }; delete(): void } } | undefined } } | undefined }

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
    const syntax = (await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate() as Api).syntax()!;
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

import * as assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { GrammarRegistry } from '../../../../src/syntax/index.ts';
import { checkPlan } from '../../../../src/pipeline/refactor/check-plan.ts';
import { applyHunk } from '../../../../src/pipeline/refactor/hunks.ts';
import { EDIT_PLAN_JSON_SCHEMA, parsePlan, type EditPlan } from '../../../../src/pipeline/refactor/plan-schema.ts';
import { nodePlanWorkspace } from '../../../../src/pipeline/refactor/plan-workspace.ts';
import { GRAMMARS, tempDir, write } from '../../syntax/helpers.ts';

/** Every object closed and every property required: OpenAI strict mode's rule. */
function strictProblems(node: unknown, at = '$'): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const n = node as Record<string, unknown>;
  const out: string[] = [];
  if (n.type === 'object') {
    const keys = Object.keys(n.properties as object);
    if (n.additionalProperties !== false) out.push(`${at}: additionalProperties is not false`);
    if (JSON.stringify([...(n.required as string[])].sort()) !== JSON.stringify([...keys].sort())) out.push(`${at}: not every property is required`);
  }
  for (const [k, v] of Object.entries(n)) {
    if (Array.isArray(v)) v.forEach((x, i) => out.push(...strictProblems(x, `${at}.${k}[${i}]`)));
    else out.push(...strictProblems(v, `${at}.${k}`));
  }
  return out;
}

describe('edit plan schema', () => {
  it('is strict-mode valid: every object closed, every property required', () => {
    assert.deepEqual(strictProblems(EDIT_PLAN_JSON_SCHEMA.schema), []);
    assert.equal(EDIT_PLAN_JSON_SCHEMA.strict, true);
  });

  it('accepts all four operations and rejects extra or missing fields', () => {
    const plan = { summary: 's', operations: [
      { kind: 'modify', path: 'a.ts', hunks: [{ search: 'x', replace: 'y' }] },
      { kind: 'create', path: 'b.ts', content: '' },
      { kind: 'rename', path: 'b.ts', newPath: 'c.ts' },
      { kind: 'delete', path: 'c.ts' },
    ] };
    assert.ok(parsePlan(JSON.stringify(plan)).ok);
    const extra = parsePlan(JSON.stringify({ ...plan, extra: 1 }));
    assert.equal(extra.ok, false);
    assert.equal(!extra.ok && extra.failure, 'schema');
    const missing = parsePlan(JSON.stringify({ summary: 's', operations: [{ kind: 'rename', path: 'a.ts' }] }));
    assert.ok(!missing.ok && /newPath/.test(missing.message), JSON.stringify(missing));
    const unknownKind = parsePlan(JSON.stringify({ summary: 's', operations: [{ kind: 'chmod', path: 'a.ts' }] }));
    assert.equal(unknownKind.ok, false);
    const notJson = parsePlan('{"summary": ');
    assert.ok(!notJson.ok && notJson.failure === 'invalid_json');
  });
});

describe('hunks', () => {
  it('replaces an anchor that occurs exactly once', () => {
    const r = applyHunk('a\nb\nc\n', 'b\n', 'B\n');
    assert.ok(r.ok && !r.fuzzy);
    assert.equal(r.ok && r.text, 'a\nB\nc\n');
  });

  it('refuses an anchor that occurs twice, and one that is missing', () => {
    const twice = applyHunk('x = 1;\nx = 1;\n', 'x = 1;', 'x = 2;');
    assert.ok(!twice.ok && /occurs 2 times/.test(twice.message));
    const missing = applyHunk('x = 1;\n', 'y = 1;', 'y = 2;');
    assert.ok(!missing.ok && /not found/.test(missing.message));
  });

  it('falls back to a whitespace-tolerant match over whole lines (re-indented, CRLF)', () => {
    const file = 'function f() {\r\n    if (a) {\r\n        return 1;\r\n    }\r\n}\r\n';
    const r = applyHunk(file, 'if (a) {\n  return 1;\n}', '    if (a) {\n        return 2;\n    }');
    assert.ok(r.ok && r.fuzzy, JSON.stringify(r));
    assert.equal(r.ok && r.text, 'function f() {\r\n    if (a) {\r\n        return 2;\r\n    }\r\n}\r\n');
    const ambiguous = applyHunk('  a();\nb();\n    a();\n', 'a();', 'c();');
    assert.ok(!ambiguous.ok, 'exact text occurs twice');
    const fuzzyTwice = applyHunk('  a( 1 );\n\ta(  1 );\n', 'a( 1 ); ', 'c();');
    assert.ok(!fuzzyTwice.ok && /ignoring whitespace/.test(fuzzyTwice.message));
  });
});

describe('plan checker and applier', () => {
  let registry: GrammarRegistry;
  let dir: string;
  let cleanup: () => void;
  const plan = (...operations: EditPlan['operations']): EditPlan => ({ summary: 'test', operations });
  const ws = () => nodePlanWorkspace(dir);

  before(() => {
    registry = new GrammarRegistry(GRAMMARS);
    ({ dir, cleanup } = tempDir('switchyard-plan-'));
    write(dir, 'src/a.ts', 'export function oldName(x: number) {\n  return x + 1;\n}\n');
    write(dir, 'src/b.ts', "import { oldName } from '../../deep-lane/a';\nexport const y = oldName(2);\n");
    write(dir, 'src/broken.ts', 'export const z = (;\n');
    write(dir, 'assets/logo.bin', new Uint8Array([1, 0, 2, 3]));
    write(dir, '.gitignore', 'dist/\n');
    write(dir, 'dist/out.js', 'x\n');
    const { dir: outside, cleanup: c2 } = tempDir('switchyard-outside-');
    write(outside, 'secret.ts', 'export const s = 1;\n');
    symlinkSync(outside, `${dir}/linked`);
    mkdirSync(`${dir}/empty`);
    const prev = cleanup;
    cleanup = () => { prev(); c2(); };
  });
  after(() => { registry.dispose(); cleanup(); });

  it('computes a rename across files, plus create, rename and delete, in memory', async () => {
    const r = await checkPlan(plan(
      { kind: 'modify', path: 'src/a.ts', hunks: [{ search: 'function oldName(', replace: 'function newName(' }] },
      { kind: 'modify', path: 'src/b.ts', hunks: [{ search: "import { oldName } from '../../deep-lane/a';", replace: "import { newName } from '../../deep-lane/a';" }, { search: 'oldName(2)', replace: 'newName(2)' }] },
      { kind: 'create', path: 'src/c.ts', content: 'export const c = 3;\n' },
      { kind: 'rename', path: 'src/c.ts', newPath: 'src/d.ts' },
      { kind: 'delete', path: 'src/broken.ts' },
    ), ws(), registry);
    assert.ok(r.ok, JSON.stringify(r));
    const files = Object.fromEntries(r.value.files.map((f) => [f.path, f]));
    assert.match(files['src/a.ts']!.after!, /function newName\(/);
    assert.equal(files['src/b.ts']!.after, "import { newName } from '../../deep-lane/a';\nexport const y = newName(2);\n");
    assert.equal(files['src/d.ts']!.after, 'export const c = 3;\n');
    assert.equal(files['src/c.ts'], undefined, 'created then moved: no net change at the old path');
    assert.equal(files['src/broken.ts']!.after, undefined);
    assert.deepEqual(r.value.steps.map((s) => s.kind), ['modify', 'modify', 'create', 'rename', 'delete']);
  });

  for (const [name, path, pattern] of [
    ['..', '../escape.ts', /"\.\."/],
    ['absolute', '/etc/passwd', /absolute/],
    ['backslash', 'src\\a.ts', /backslash/],
    ['symlink escape', 'linked/secret.ts', /symbolic link/],
    ['ignored', 'dist/out.js', /ignored/],
  ] as const) {
    it(`rejects a ${name} path with failure "paths"`, async () => {
      const r = await checkPlan(plan({ kind: 'modify', path, hunks: [{ search: 'x', replace: 'y' }] }), ws(), registry);
      assert.ok(!r.ok && r.failure === 'paths', JSON.stringify(r));
      assert.match(r.message, pattern);
    });
  }

  it('rejects a binary file and a directory', async () => {
    const bin = await checkPlan(plan({ kind: 'delete', path: 'assets/logo.bin' }), ws(), registry);
    assert.ok(!bin.ok && /binary/.test(bin.message));
    const d = await checkPlan(plan({ kind: 'delete', path: 'empty' }), ws(), registry);
    assert.ok(!d.ok && /directory/.test(d.message));
  });

  it('rejects a missing anchor, listing every problem', async () => {
    const r = await checkPlan(plan(
      { kind: 'modify', path: 'src/a.ts', hunks: [{ search: 'function missing(', replace: 'x' }] },
      { kind: 'modify', path: 'src/nope.ts', hunks: [{ search: 'a', replace: 'b' }] },
      { kind: 'create', path: 'src/b.ts', content: '' },
    ), ws(), registry);
    assert.ok(!r.ok && r.failure === 'schema', JSON.stringify(r));
    assert.equal(r.problems.length, 3);
    assert.match(r.message, /operation 1.*not found/);
    assert.match(r.message, /does not exist/);
    assert.match(r.message, /already exists/);
  });

  it('rejects a hunk that introduces a syntax error, but not one left in a file with old errors', async () => {
    const r = await checkPlan(plan({ kind: 'modify', path: 'src/a.ts', hunks: [{ search: '  return x + 1;\n}', replace: '  return x + 1;\n' }] }), ws(), registry);
    assert.ok(!r.ok && r.failure === 'parse_errors', JSON.stringify(r));
    assert.match(r.message, /src\/a\.ts: the result has \d+ new syntax error/);
    const old = await checkPlan(plan({ kind: 'modify', path: 'src/broken.ts', hunks: [{ search: 'const z', replace: 'const zz' }] }), ws(), registry);
    assert.ok(old.ok, JSON.stringify(old));
    const created = await checkPlan(plan({ kind: 'create', path: 'src/new.ts', content: 'export function (' }), ws(), registry);
    assert.ok(!created.ok && created.failure === 'parse_errors');
  });

  it('prefers the editor text of an open file over the disk', async () => {
    const open = nodePlanWorkspace(dir, { openText: (rel) => (rel === 'src/a.ts' ? 'export const unsaved = 1;\n' : undefined) });
    const r = await checkPlan(plan({ kind: 'modify', path: 'src/a.ts', hunks: [{ search: 'unsaved', replace: 'saved' }] }), open, registry);
    assert.ok(r.ok && r.value.files[0]!.after === 'export const saved = 1;\n', JSON.stringify(r));
  });

  it('judges an open buffer as its file: binary text or one past the size limit is refused, not planned on', async () => {
    const binary = nodePlanWorkspace(dir, { openText: (rel) => (rel === 'src/a.ts' ? 'export const a = 1;\n\0\u0001' : undefined) });
    const b = await checkPlan(plan({ kind: 'modify', path: 'src/a.ts', hunks: [{ search: 'const a', replace: 'const b' }] }), binary, registry);
    assert.ok(!b.ok && /binary/.test(b.message), JSON.stringify(b));
    const big = nodePlanWorkspace(dir, { maxFileBytes: 1000, openText: (rel) => (rel === 'src/a.ts' ? `export const a = 1;\n${'// pad\n'.repeat(400)}` : undefined) });
    const l = await checkPlan(plan({ kind: 'modify', path: 'src/a.ts', hunks: [{ search: 'const a', replace: 'const b' }] }), big, registry);
    assert.ok(!l.ok && /too large|bytes/.test(l.message), JSON.stringify(l));
  });
});

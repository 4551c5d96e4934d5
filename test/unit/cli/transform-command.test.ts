// switchyard transform as a user runs it: output only a real parser rejects is
// refused with nothing written (in any file), one spec covers .js/.ts/.tsx, and
// --write keeps a script's executable bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI, tempDir, write } from '../syntax/helpers.ts';

const run = promisify(execFile);

async function cli(args: string[], cwd: string) {
  try {
    const r = await run(process.execPath, [CLI, ...args], { cwd });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const FOO_ARGS = '(call_expression function: (identifier) @f (#eq? @f "foo") arguments: (arguments (_)* @args)) @match';

test('refuses foo(, ctx)-style output with nothing written, in any file', async () => {
  const t = tempDir();
  try {
    const a = 'foo(1);\n';
    const b = 'export function g() {\n  return foo();\n}\n';
    write(t.dir, 'a.js', a);
    write(t.dir, 'b.ts', b);
    for (const lang of ['javascript', 'typescript']) {
      const file = lang === 'javascript' ? 'a.js' : 'b.ts';
      const r = await cli(['transform', '--lang', 'javascript,typescript', '--query', FOO_ARGS, '--rewrite', 'foo(@args, ctx)', file, '--write'], t.dir);
      if (file === 'a.js') { assert.equal(r.code, 0, r.stderr); continue; }
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /b\.ts: the rewrite would introduce syntax errors \(Argument expression expected\. at 2:14\)/);
    }
    write(t.dir, 'a.js', a);
    const both = await cli(['transform', '--lang', 'javascript,typescript', '--query', FOO_ARGS, '--rewrite', 'foo(@args, ctx)', '.', '--write', '--json'], t.dir);
    assert.equal(both.code, 1);
    const report = JSON.parse(both.stdout);
    assert.equal(report.written, 0);
    assert.deepEqual(report.results.map((r: { file: string; ok: boolean }) => [r.file, r.ok]), [['a.js', true], ['b.ts', false]]);
    assert.equal(readFileSync(join(t.dir, 'a.js'), 'utf8'), a, 'the good file is not written either');
    assert.equal(readFileSync(join(t.dir, 'b.ts'), 'utf8'), b);
    // The insertLast action says what was meant, and lands.
    const fixed = await cli(['transform', '--lang', 'javascript,typescript', '--query', '(call_expression function: (identifier) @f (#eq? @f "foo") arguments: (arguments) @args)', '--rewrite', 'ctx', '--action', 'insertLast', '--target', 'args', '.', '--write'], t.dir);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.equal(readFileSync(join(t.dir, 'a.js'), 'utf8'), 'foo(1, ctx);\n');
    assert.equal(readFileSync(join(t.dir, 'b.ts'), 'utf8'), 'export function g() {\n  return foo(ctx);\n}\n');
  } finally {
    t.cleanup();
  }
});

test('one --spec over .js, .ts and .tsx; --write keeps the executable bit', async () => {
  const t = tempDir();
  try {
    write(t.dir, 'spec.json', JSON.stringify({
      languages: ['javascript', 'typescript', 'tsx'],
      rules: [
        { query: '(call_expression function: (member_expression object: (identifier) @o (#eq? @o "console") property: (property_identifier) @p (#eq? @p "log")) arguments: (arguments) @args) @match', rewrite: 'logger.debug@args' },
        { query: '([(identifier) (shorthand_property_identifier)] @id (#eq? @id "oldName"))', rewrite: 'newName' },
      ],
    }));
    write(t.dir, 'bin/tool.js', '#!/usr/bin/env node\nconst oldName = 1;\nconsole.log(console.log({ oldName }));\n');
    chmodSync(join(t.dir, 'bin/tool.js'), 0o755);
    write(t.dir, 'src/a.ts', 'const oldName: number = 2;\nconsole.log(oldName as number);\n');
    write(t.dir, 'src/v.tsx', 'export const V = () => <b>{console.log(oldName)}</b>;\n');
    write(t.dir, 'src/skip.py', 'console.log(oldName)\n');
    const r = await cli(['transform', '--spec', 'spec.json', '.', '--write', '--json'], t.dir);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.written, 3);
    assert.equal(report.matches, 9);
    assert.equal(readFileSync(join(t.dir, 'bin/tool.js'), 'utf8'), '#!/usr/bin/env node\nconst newName = 1;\nlogger.debug(logger.debug({ oldName: newName }));\n');
    assert.equal(readFileSync(join(t.dir, 'src/a.ts'), 'utf8'), 'const newName: number = 2;\nlogger.debug(newName as number);\n');
    assert.equal(readFileSync(join(t.dir, 'src/v.tsx'), 'utf8'), 'export const V = () => <b>{logger.debug(newName)}</b>;\n');
    assert.equal(readFileSync(join(t.dir, 'src/skip.py'), 'utf8'), 'console.log(oldName)\n');
    assert.equal(statSync(join(t.dir, 'bin/tool.js')).mode & 0o777, 0o755, 'still executable');
  } finally {
    t.cleanup();
  }
});

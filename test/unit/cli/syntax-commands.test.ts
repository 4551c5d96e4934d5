import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI, GRAMMARS, TRIPWIRE_NODE_OPTIONS, copyInto, tempDir, write } from '../syntax/helpers.ts';

const run = promisify(execFile);

async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const r = await run(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: TRIPWIRE_NODE_OPTIONS, ...env } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function project(dir: string): void {
  copyInto(dir, 'openai/src/core/resource.ts', 'src/core/resource.ts');
  copyInto(dir, 'openai/src/internal/utils/path.ts', 'src/internal/utils/path.ts');
  copyInto(dir, 'openai/src/resources/models.ts', 'src/resources/models.ts');
  write(dir, '.gitignore', 'dist/\n');
  write(dir, 'dist/bundle.js', 'function bundled() {}\n');
  write(dir, 'package.json', '{"name": "copied"}\n');
}

test('switchyard index works on a directory outside the repo (--json and text)', async () => {
  const t = tempDir();
  try {
    project(t.dir);
    const r = await cli(['index', t.dir, '--json'], t.dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.files, 4); // 3 .ts + package.json; dist/ is gitignored
    assert.ok(out.definitions > 5);
    assert.equal(out.filesWithParseErrors, 0);
    assert.ok(out.seconds >= 0 && out.mbPerSecond > 0);
    const text = await cli(['index', '.'], t.dir);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /files\s+4/);
    assert.match(text.stdout, /MB\/s/);
  } finally {
    t.cleanup();
  }
});

test('switchyard context prints what each lane is sent, with token counts', async () => {
  const t = tempDir();
  try {
    project(t.dir);
    const models = readFileSync(join(t.dir, 'src/resources/models.ts'), 'utf8').split('\n');
    const line = models.findIndex((l) => l.includes('path`/models/${model}`')) + 1;
    assert.ok(line > 0);
    const fast = await cli(['context', `src/resources/models.ts:${line}:7`, '--json'], t.dir);
    assert.equal(fast.code, 0, fast.stderr);
    const f = JSON.parse(fast.stdout);
    assert.equal(f.lane, 'fast');
    assert.ok(f.tokens > 0 && f.tokens <= 1024);
    assert.ok(f.text.includes('<|cursor|>'));
    assert.ok(f.text.includes('src/internal/utils/path.ts:'), 'signature of path() from another file');
    const deep = await cli(['context', `src/resources/models.ts:${line}:7`, '--lane', 'deep'], t.dir);
    assert.equal(deep.code, 0, deep.stderr);
    assert.match(deep.stdout, /## Repository map/);
    assert.match(deep.stdout, /## File src\/resources\/models\.ts/);
    assert.match(deep.stderr, /deep lane: \d+ tokens/);
    assert.ok(!deep.stdout.includes('bundled'), 'gitignored files are never sent');
  } finally {
    t.cleanup();
  }
});

test('CLI errors: bad usage exits 2, ignored files are refused, --grammars is honoured', async () => {
  const t = tempDir();
  try {
    project(t.dir);
    assert.equal((await cli(['nope'], t.dir)).code, 2);
    assert.equal((await cli(['context', 'src/core/resource.ts'], t.dir)).code, 2, 'a location needs :line[:col]');
    const bad = await cli(['context', 'src/core/resource.ts:1:1', '--lane', 'medium'], t.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--lane must be fast or deep/);
    const ignored = await cli(['context', 'dist/bundle.js:1:1'], t.dir);
    assert.equal(ignored.code, 1);
    assert.match(ignored.stderr, /ignored/);
    const missing = await cli(['index', t.dir, '--grammars', join(t.dir, 'nowhere')], t.dir);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no manifest\.json/);
    const viaEnv = await cli(['index', t.dir, '--json'], t.dir, { SWITCHYARD_GRAMMARS: GRAMMARS });
    assert.equal(viaEnv.code, 0);
    assert.match((await cli(['--help'], t.dir)).stdout, /transform/);
  } finally {
    t.cleanup();
  }
});

test('switchyard transform: dry run prints a diff, --write writes, query errors exit 1', async () => {
  const t = tempDir();
  try {
    write(t.dir, 'a.js', 'function f(x) {\n  console.log(x, 1);\n  return x;\n}\n');
    const q = '(call_expression function: (member_expression object: (identifier) @o (#eq? @o "console")) arguments: (arguments (_)* @args)) @match';
    const dry = await cli(['transform', '--lang', 'javascript', '--query', q, '--rewrite', 'logger.debug(@args)', 'a.js'], t.dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^- {2}console\.log\(x, 1\);$/m);
    assert.match(dry.stdout, /^\+ {2}logger\.debug\(x, 1\);$/m);
    assert.match(readFileSync(join(t.dir, 'a.js'), 'utf8'), /console\.log/);
    const wrote = await cli(['transform', '--lang', 'js', '--query', q, '--rewrite', 'logger.debug(@args)', '.', '--write', '--json'], t.dir);
    assert.equal(wrote.code, 0, wrote.stderr);
    assert.equal(JSON.parse(wrote.stdout).written, 1);
    assert.match(readFileSync(join(t.dir, 'a.js'), 'utf8'), /logger\.debug\(x, 1\)/);
    const err = await cli(['transform', '--lang', 'javascript', '--query', '(nonsense) @x', '--rewrite', '@x', 'a.js'], t.dir);
    assert.equal(err.code, 1);
    assert.match(err.stderr, /query error at line 1, column 2/);
  } finally {
    t.cleanup();
  }
});

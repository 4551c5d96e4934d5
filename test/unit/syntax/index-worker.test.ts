import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GrammarRegistry, WorkspaceIndex, buildRefactorContext, indexInProcess } from '../../../src/syntax/index.ts';
import type { IndexProgress } from '../../../src/syntax/index.ts';
import { GRAMMARS, WORKER_SCRIPT, copyInto, tempDir, write } from './helpers.ts';

const SECRET = 'SECRET_TOKEN_should_never_leave';

function makeWorkspace(dir: string): void {
  copyInto(dir, 'openai/src/core/resource.ts', 'src/core/resource.ts');
  copyInto(dir, 'openai/src/internal/utils/path.ts', 'src/internal/utils/path.ts');
  copyInto(dir, 'openai/core/resource.js', 'lib/resource.js');
  copyInto(dir, 'tree-sitter-python/src/scanner.c', 'native/scanner.c');
  write(dir, '.gitignore', 'build/\n*.generated.ts\n!keep.generated.ts\n');
  write(dir, '.switchyardignore', 'secrets/\n');
  write(dir, 'build/out.ts', `export const leaked = "${SECRET}";\n`);
  write(dir, 'src/a.generated.ts', `export function generatedSecret() { return "${SECRET}"; }\n`);
  write(dir, 'src/keep.generated.ts', 'export function keptGenerated() { return 1; }\n');
  write(dir, 'secrets/keys.ts', `export const key = "${SECRET}";\n`);
  write(dir, 'vendor/lib.ts', `export function vendored() { return "${SECRET}"; }\n`);
  write(dir, 'src/blob.ts', Buffer.concat([Buffer.from('export const x = 1;\n'), Buffer.from([0, 1, 2, 0]), Buffer.from(SECRET)]));
  write(dir, 'src/huge.ts', `export const big = "${SECRET}${'x'.repeat(7000)}";\n`);
}

test('worker index: ignores, binary and oversized files, progress, and create/change/delete', async () => {
  const t = tempDir();
  const progress: IndexProgress[] = [];
  const wi = new WorkspaceIndex({
    root: t.dir, grammarsDir: GRAMMARS, workerScript: WORKER_SCRIPT,
    exclude: ['**/.git', 'vendor/**'], maxFileBytes: 6000, idleRecycleMs: 0, batchSize: 2,
    onProgress: (p) => progress.push(p),
  });
  try {
    makeWorkspace(t.dir);
    const result = await wi.build();
    const paths = wi.index.paths().sort();
    assert.deepEqual(paths, ['lib/resource.js', 'src/core/resource.ts', 'src/internal/utils/path.ts', 'src/keep.generated.ts']);
    const reasons = Object.fromEntries(result.skippedFiles.map((s) => [s.rel, s.reason]));
    assert.equal(reasons['src/blob.ts'], 'binary');
    assert.equal(reasons['src/huge.ts'], 'too-large');
    assert.equal(reasons['native/scanner.c'], 'too-large', 'scanner.c is over the 6,000-byte limit here');
    assert.ok(progress.length >= 2 && progress.at(-1)!.done === progress.at(-1)!.total);
    assert.ok(wi.index.definitionsOf('APIResource').length >= 1);

    // Nothing ignored, binary or oversized reaches a context.
    const ctx = buildRefactorContext(wi.index, { budget: 100_000, readFile: (rel) => readFileSync(join(t.dir, rel), 'utf8') });
    assert.ok(!ctx.text.includes(SECRET));
    assert.ok(ctx.files.length >= 3);

    // create
    write(t.dir, 'src/new.ts', 'export function freshlyCreated(a: number) { return a; }\n');
    await wi.update({ created: [join(t.dir, 'src/new.ts')] });
    assert.equal(wi.index.definitionsOf('freshlyCreated')[0]?.rel, 'src/new.ts');
    // change
    writeFileSync(join(t.dir, 'src/new.ts'), 'export function renamedLater(a: number) { return a; }\n');
    await wi.update({ changed: ['src/new.ts'] });
    assert.equal(wi.index.definitionsOf('freshlyCreated').length, 0);
    assert.equal(wi.index.definitionsOf('renamedLater').length, 1);
    // a created file that is ignored stays out
    write(t.dir, 'build/late.ts', 'export function lateBuild() {}\n');
    await wi.update({ created: ['build/late.ts'] });
    assert.equal(wi.index.has('build/late.ts'), false);
    // delete (a directory)
    rmSync(join(t.dir, 'src/core'), { recursive: true });
    await wi.update({ deleted: [join(t.dir, 'src/core')] });
    assert.equal(wi.index.has('src/core/resource.ts'), false);
    // an ignore file change rescans: un-ignoring secrets/ brings it in
    writeFileSync(join(t.dir, '.switchyardignore'), '');
    await wi.update({ changed: ['.switchyardignore'] });
    assert.equal(wi.index.has('secrets/keys.ts'), true);

    // The worker can be recycled and comes back on demand.
    await wi.recycle();
    assert.equal(wi.workerRunning, false);
    await wi.update({ changed: ['src/new.ts'] });
    assert.equal(wi.index.definitionsOf('renamedLater').length, 1);
  } finally {
    await wi.dispose();
    assert.equal(wi.workerRunning, false);
    t.cleanup();
  }
});

test('in-process indexing agrees with the worker', async () => {
  const t = tempDir();
  const registry = new GrammarRegistry(GRAMMARS);
  const wi = new WorkspaceIndex({ root: t.dir, grammarsDir: GRAMMARS, workerScript: WORKER_SCRIPT, exclude: ['vendor/**'], maxFileBytes: 6000, idleRecycleMs: 0 });
  try {
    makeWorkspace(t.dir);
    const [local] = await Promise.all([indexInProcess(registry, t.dir, { exclude: ['vendor/**'], maxFileBytes: 6000 }), wi.build()]);
    assert.deepEqual(local.index.paths().sort(), wi.index.paths().sort());
    assert.equal(local.index.definitionCount, wi.index.definitionCount);
  } finally {
    await wi.dispose();
    registry.dispose();
    t.cleanup();
  }
});

// The status bar's "indexing" spinner follows these events: it must end after every update, not only the first scan.
test('busy ends after every scan and update, overlapping or failed ones included', async () => {
  const t = tempDir();
  const events: string[] = [];
  const wi = new WorkspaceIndex({
    root: t.dir, grammarsDir: GRAMMARS, workerScript: WORKER_SCRIPT, idleRecycleMs: 0,
    onProgress: (p) => events.push(`progress ${p.done}/${p.total}`),
    onBusy: (busy) => events.push(busy ? 'busy' : 'idle'),
  });
  try {
    write(t.dir, 'src/a.ts', 'export function first() { return 1; }\n');
    await wi.build();
    assert.equal(events[0], 'busy');
    assert.equal(events.at(-1), 'idle');
    assert.equal(wi.busy, false);

    // A save: one changed file, as the file watcher reports it.
    events.length = 0;
    writeFileSync(join(t.dir, 'src/a.ts'), 'export function saved() { return 2; }\n');
    await wi.update({ changed: [join(t.dir, 'src/a.ts')] });
    assert.deepEqual([events[0], events.at(-1)], ['busy', 'idle'], `events: ${events.join(', ')}`);
    assert.equal(wi.busy, false);

    // Two updates at once: busy once, idle once, after both.
    events.length = 0;
    write(t.dir, 'src/b.ts', 'export function second() {}\n');
    const both = Promise.all([wi.update({ created: ['src/b.ts'] }), wi.update({ changed: ['src/a.ts'] })]);
    assert.equal(wi.busy, true);
    await both;
    assert.deepEqual(events.filter((e) => !e.startsWith('progress')), ['busy', 'idle']);

    // A worker that goes away mid-run still ends busy.
    events.length = 0;
    const rejected = assert.rejects(wi.build(), /recycled/);
    await wi.recycle();
    await rejected;
    assert.deepEqual(events.filter((e) => !e.startsWith('progress')), ['busy', 'idle']);
    assert.equal(wi.busy, false);
  } finally {
    await wi.dispose();
    t.cleanup();
  }
});

// Two index workers for a scan: the same index as one worker, the second
// worker gone when the scan ends, and cancel / updates as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkspaceIndex } from '../../../src/syntax/index.ts';
import type { IndexProgress, WorkspaceIndexOptions } from '../../../src/syntax/index.ts';
import { chunkByBytes } from '../../../src/syntax/index/parse-plan.ts';
import { GRAMMARS, WORKER_SCRIPT, tempDir, write } from './helpers.ts';
import { copyTree, indexSnapshot } from './index-fixtures.ts';

const open = (root: string, extra: Partial<WorkspaceIndexOptions>) =>
  new WorkspaceIndex({ root, grammarsDir: GRAMMARS, workerScript: WORKER_SCRIPT, idleRecycleMs: 0, parallelMinBytes: 0, batchSize: 16, ...extra });

test('two workers build exactly the index one worker builds, and the second worker ends with the scan', async () => {
  const t = tempDir();
  const one = open(t.dir, { workers: 1 });
  const progress: IndexProgress[] = [];
  const two = open(t.dir, { workers: 2, onProgress: (p) => progress.push(p) });
  try {
    const rels = [...copyTree('openai/src/resources', t.dir, 'openai'), ...copyTree('zod/src/v4/core', t.dir, 'zod')];
    const r1 = await one.build();
    const r2 = await two.build();
    assert.equal(r1.workers, 1);
    assert.equal(r2.workers, 2);
    assert.equal(r2.files, rels.length);
    assert.equal(r2.bytes, r1.bytes);
    assert.equal(two.workersRunning, 1, 'the extra worker is terminated when the scan ends');
    assert.deepEqual(progress.at(-1), { done: rels.length, total: rels.length });
    assert.ok(progress.every((p, i) => i === 0 || p.done >= progress[i - 1]!.done), 'progress never goes back');

    assert.deepEqual(indexSnapshot(two.index), indexSnapshot(one.index));
    assert.equal(two.index.definitionCount, one.index.definitionCount);
    // The name -> definers map agrees for every defined name (the two workers numbered names differently).
    const names = new Set<string>();
    for (const f of one.index.files()) for (const d of f.definitions) names.add(d.name);
    assert.ok(names.size > 500, `${names.size} names`);
    const sortHits = (hits: { rel: string; definition: { line: number } }[]) => hits.map((h) => `${h.rel}:${h.definition.line}`).sort();
    for (const name of names) {
      assert.deepEqual([...two.index.definersOf(name)].sort(), [...one.index.definersOf(name)].sort(), name);
      assert.deepEqual(sortHits(two.index.definitionsOf(name)), sortHits(one.index.definitionsOf(name)), name);
    }

    // Updates on the pooled index (names from both workers, then a third numbering) stay exact.
    appendFileSync(join(t.dir, rels[3]!), '\nexport function addedAfterPool() {}\n');
    await Promise.all([one.update({ changed: [rels[3]!] }), two.update({ changed: [rels[3]!] })]);
    assert.deepEqual(indexSnapshot(two.index), indexSnapshot(one.index));
    assert.equal(two.index.definitionsOf('addedAfterPool')[0]?.rel, rels[3]);
  } finally {
    await Promise.all([one.dispose(), two.dispose()]);
    t.cleanup();
  }
});

test('cancelling a two-worker scan stops both workers, ends busy, and the next scan is complete', async () => {
  const t = tempDir();
  const events: string[] = [];
  let cancelled: Promise<void> | undefined;
  let running = 0;
  const wi: WorkspaceIndex = open(t.dir, {
    workers: 2,
    onBusy: (b) => events.push(b ? 'busy' : 'idle'),
    // Cancel at the first parsed batch, when both workers have their chunks.
    onProgress: (p) => {
      if (p.done > 0 && !cancelled) {
        running = wi.workersRunning;
        cancelled = wi.recycle();
      }
    },
  });
  try {
    const rels = copyTree('openai/src/resources', t.dir, 'src');
    await assert.rejects(wi.build(), /recycled/);
    await cancelled;
    assert.equal(running, 2);
    assert.equal(wi.workersRunning, 0);
    assert.deepEqual(events, ['busy', 'idle']);
    assert.equal(wi.busy, false);
    assert.ok(wi.index.fileCount < rels.length, 'cancelled part-way');

    const again = await wi.build();
    assert.equal(again.reused + again.files, rels.length);
    assert.deepEqual(wi.index.paths().sort(), rels);
  } finally {
    await wi.dispose();
    t.cleanup();
  }
});

test('files are split into contiguous runs of about equal bytes, several per worker', () => {
  const files = Array.from({ length: 1000 }, (_, i) => ({ rel: `f${String(i).padStart(4, '0')}.ts`, size: 1000 + ((i * 7919) % 20_000), mtimeMs: 0 }));
  const total = files.reduce((n, f) => n + f.size, 0);
  const chunks = chunkByBytes(files, 2, total);
  assert.deepEqual(chunks.flat(), files, 'every file once, in order');
  assert.ok(chunks.length >= 8 && chunks.length <= 24, `${chunks.length} chunks`);
  const sizes = chunks.slice(0, -1).map((c) => c.reduce((n, f) => n + f.size, 0));
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 21_000, 'each run within one file of the target');
  assert.deepEqual(chunkByBytes([], 2, 0), []);
});

test('files dense with tags index within the workers\' heap limit (1 MB of calls: 166,000 references)', async () => {
  const t = tempDir();
  const wi = open(t.dir, { workers: 2 });
  try {
    // Scanned whole, each file's match objects alone would take ~120 MB of a worker's heap.
    write(t.dir, 'dense/calls.ts', 'f(a);\n'.repeat(166_000));
    let defs = '';
    for (let i = 0; defs.length < 990_000; i++) defs += `class C${i} { m(): T${i} { return g(x, y); } }\n`;
    write(t.dir, 'dense/defs.ts', defs);
    const rels = copyTree('zod/src/v4/core', t.dir, 'zod');
    const r = await wi.build();
    assert.equal(r.files, rels.length + 2);
    assert.equal(r.workers, 2);
    const calls = wi.index.get('dense/calls.ts')!;
    assert.equal(calls.references.length, 166_000);
    assert.deepEqual(calls.references.at(-1), { name: 'f', kind: 'call', line: 165_999 });
    const classes = wi.index.get('dense/defs.ts')!.definitions.filter((d) => d.kind === 'class');
    assert.equal(classes.length, defs.split('\n').length - 1);
    assert.equal(wi.index.definitionsOf(`C${classes.length - 1}`)[0]?.definition.line, classes.length - 1);
  } finally {
    await wi.dispose();
    t.cleanup();
  }
});

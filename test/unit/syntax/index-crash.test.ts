// An index worker that ends mid-parse (its heap cap, a crash) costs a fresh worker, not the scan:
// the files it had not reported are parsed again, and a file that ends a worker on its own is left
// out as `crashed`. The real worker runs, made to die on cue (crashing-index-worker.ts); the real
// 128 MB heap cap ends the `.oom.ts` case. The retry plan's property runs on a simulated worker.
import * as assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { WorkspaceIndex, type IndexProgress, type WorkspaceIndexOptions } from '../../../src/syntax/index.ts';
import { afterCrash } from '../../../src/syntax/index/parse-plan.ts';
import { SeedCorpus } from '../helpers/seed-corpus.ts';
import { GRAMMARS, tempDir, write } from './helpers.ts';

const CRASHING_WORKER = join(dirname(new URL(import.meta.url).pathname), 'crashing-index-worker.ts');

/** `n` small TypeScript files, each defining one function named after it. */
function workspace(dir: string, n: number, extra: Record<string, string> = {}): string[] {
  const rels: string[] = [];
  for (let i = 0; i < n; i++) {
    const rel = `src/f${String(i).padStart(3, '0')}.ts`;
    write(dir, rel, `export function fn${i}(x: number): number {\n  return x + ${i};\n}\n`);
    rels.push(rel);
  }
  for (const [rel, text] of Object.entries(extra)) write(dir, rel, text);
  return rels;
}

function open(root: string, extra: Partial<WorkspaceIndexOptions> = {}) {
  const log: string[] = [];
  const progress: IndexProgress[] = [];
  const wi = new WorkspaceIndex({
    root, grammarsDir: GRAMMARS, workerScript: CRASHING_WORKER, idleRecycleMs: 0, parallelMinBytes: 0, batchSize: 4, workers: 1,
    log: (line) => log.push(line), onProgress: (p) => progress.push(p), ...extra,
  });
  return { wi, log, progress };
}

const POISON = 'export function poison(): number {\n  return 1;\n}\n';

describe('index worker crashes', () => {
  it('a file that ends the worker every time is left out as crashed; every other file is indexed', async () => {
    const t = tempDir();
    const { wi, log, progress } = open(t.dir);
    try {
      const rels = workspace(t.dir, 40, { 'src/f020.exit.ts': POISON });
      const r = await wi.build();
      assert.deepEqual(r.skippedFiles, [{ rel: 'src/f020.exit.ts', reason: 'crashed' }]);
      assert.deepEqual([...wi.index.paths()].sort(), rels);
      assert.equal(r.files, 40);
      for (let i = 0; i < 40; i++) assert.equal(wi.index.definitionsOf(`fn${i}`).length, 1, `fn${i}`);
      assert.deepEqual(progress.at(-1), { done: 41, total: 41 });
      assert.ok(progress.every((p, i) => i === 0 || p.done >= progress[i - 1]!.done), 'progress never goes back');
      assert.ok(log.some((l) => /index worker exited with code 9 on src\/f020\.exit\.ts alone; it is left out of the index/.test(l)), log.join('\n'));
      assert.ok(log.length <= 8, `${log.length} fresh workers: ${log.join('\n')}`);
    } finally {
      await wi.dispose();
      t.cleanup();
    }
  });

  it('a file that fills the heap to the worker\'s cap is left out; the scan finishes', async () => {
    const t = tempDir();
    const { wi, log } = open(t.dir);
    try {
      const rels = workspace(t.dir, 12, { 'src/big.oom.ts': POISON });
      const r = await wi.build();
      assert.deepEqual(r.skippedFiles, [{ rel: 'src/big.oom.ts', reason: 'crashed' }]);
      assert.deepEqual([...wi.index.paths()].sort(), rels);
      assert.ok(log.some((l) => /out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(l)), log.join('\n'));
    } finally {
      await wi.dispose();
      t.cleanup();
    }
  });

  it('a worker that ends once is replaced, and the files it had left are indexed by the next one', async () => {
    const t = tempDir();
    const { wi, log } = open(t.dir, { workers: 2 });
    try {
      const rels = workspace(t.dir, 30, { 'src/f010.once.ts': POISON });
      const r = await wi.build();
      assert.deepEqual(r.skippedFiles, []);
      assert.deepEqual([...wi.index.paths()].sort(), [...rels, 'src/f010.once.ts'].sort());
      assert.equal(wi.index.definitionsOf('poison').length, 1);
      assert.ok(log.some((l) => /index worker exited with code 9; parsing its last \d+ files again on a fresh worker/.test(l)), log.join('\n'));
    } finally {
      await wi.dispose();
      t.cleanup();
    }
  });

  it('an update that meets a crashing file leaves it out and keeps the rest of the update', async () => {
    const t = tempDir();
    const { wi } = open(t.dir);
    try {
      workspace(t.dir, 6);
      await wi.build();
      write(t.dir, 'src/f001.ts', 'export function renamed(): void {}\n');
      write(t.dir, 'src/new.exit.ts', POISON);
      const r = await wi.update({ changed: ['src/f001.ts'], created: ['src/new.exit.ts'] });
      assert.deepEqual(r?.skippedFiles, [{ rel: 'src/new.exit.ts', reason: 'crashed' }]);
      assert.equal(wi.index.definitionsOf('renamed').length, 1);
      assert.equal(wi.index.definitionsOf('fn1').length, 0);
      assert.equal(wi.index.get('src/new.exit.ts'), undefined);
    } finally {
      await wi.dispose();
      t.cleanup();
    }
  });
});

interface CrashCase { files: number; poison: number[]; batchSize: number; heapFiles: number }

/**
 * Replays the retry plan against a simulated worker: it reports a batch every `batchSize` files,
 * dies on reaching a poison file, and (the heap filling) after `heapFiles` files in one life.
 */
function simulate(c: CrashCase): { reported: number[]; skipped: number[]; crashes: number } {
  const poison = new Set(c.poison);
  const queue: number[][] = [Array.from({ length: c.files }, (_, i) => i)];
  const reported: number[] = [];
  const skipped: number[] = [];
  let crashes = 0;
  for (let chunk = queue.shift(); chunk; chunk = queue.shift()) {
    const seen: number[] = [];
    let pending: number[] = [];
    let crashed = false;
    for (const [k, f] of chunk.entries()) {
      if (poison.has(f) || k >= c.heapFiles) { crashed = true; break; }
      pending.push(f);
      if (pending.length === c.batchSize) { seen.push(...pending); pending = []; }
    }
    if (!crashed) seen.push(...pending);
    reported.push(...seen);
    if (!crashed) continue;
    if (++crashes > 10_000) break;
    const next = afterCrash(chunk.filter((f) => !seen.includes(f)), seen.length > 0, c.batchSize);
    queue.unshift(...next.retry);
    if (next.skip !== undefined) skipped.push(next.skip);
  }
  return { reported, skipped, crashes };
}

const CORPUS = new SeedCorpus<CrashCase>(join(dirname(new URL(import.meta.url).pathname), 'index-crash-corpus.json'));

describe('the retry plan after a crash', () => {
  const crashCase: fc.Arbitrary<CrashCase> = fc.record({ files: fc.integer({ min: 1, max: 300 }), batchSize: fc.integer({ min: 1, max: 64 }) }).chain(({ files, batchSize }) =>
    fc.record({
      files: fc.constant(files),
      batchSize: fc.constant(batchSize),
      poison: fc.uniqueArray(fc.integer({ min: 0, max: files - 1 }), { maxLength: 4 }),
      // A heap that lasts fewer files than a batch would never progress; the real cap holds thousands.
      heapFiles: fc.integer({ min: batchSize, max: 400 }),
    }));

  const property = (c: CrashCase) => {
    const { reported, skipped, crashes } = simulate(c);
    const poison = [...c.poison].sort((a, b) => a - b);
    assert.deepEqual([...skipped].sort((a, b) => a - b), poison, 'exactly the poison files are skipped');
    assert.deepEqual([...reported].sort((a, b) => a - b), Array.from({ length: c.files }, (_, i) => i).filter((f) => !c.poison.includes(f)), 'every other file is reported once');
    // Each poison file: the crash that finds it, one whole retry, then halving within a batch.
    const perPoison = 2 + Math.ceil(Math.log2(c.batchSize)) + 1;
    // A worker's life reports whole batches before the heap ends it; each stretch between poison files may end with one more.
    const perLife = Math.floor(c.heapFiles / c.batchSize) * c.batchSize;
    assert.ok(crashes <= c.poison.length * perPoison + Math.ceil(c.files / perLife) + c.poison.length + 1, `${crashes} crashes`);
  };

  it('skips exactly the files that end a worker, reports every other file once, in bounded crashes (kept cases)', () => {
    for (const c of CORPUS.cases(3)) property(c);
  });

  it('the same for random workspaces, poison files and heap sizes', () => {
    CORPUS.check(fc.property(crashCase, (c) => { property(c); }), { numRuns: 400 });
  });
});

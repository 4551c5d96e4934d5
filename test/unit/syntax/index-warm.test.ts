// Warm start from the on-disk index cache: only changed files are parsed,
// deleted and new files are followed, a bad cache is ignored with one log line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WorkspaceIndex } from '../../../src/syntax/index.ts';
import type { IndexProgress, WorkspaceIndexOptions } from '../../../src/syntax/index.ts';
import { INDEX_CACHE_FORMAT, cacheFingerprint, writeIndexCache } from '../../../src/syntax/index/index-cache.ts';
import { GRAMMARS, WORKER_SCRIPT, rng, tempDir, write } from './helpers.ts';
import { copyTree, indexSnapshot } from './index-fixtures.ts';

function open(root: string, extra: Partial<WorkspaceIndexOptions> = {}): WorkspaceIndex {
  return new WorkspaceIndex({ root, grammarsDir: GRAMMARS, workerScript: WORKER_SCRIPT, idleRecycleMs: 0, saveDelayMs: 0, workers: 1, ...extra });
}

/** Builds once and disposes: the result and what the index held. */
async function buildOnce(root: string, extra: Partial<WorkspaceIndexOptions> = {}) {
  const wi = open(root, extra);
  try {
    const result = await wi.build();
    return { result, snapshot: indexSnapshot(wi.index) };
  } finally {
    await wi.dispose();
  }
}

/** A cold index of `root` (no cache), as the reference every warm start must equal. */
const coldSnapshot = async (root: string) => (await buildOnce(root)).snapshot;

/** A temp folder with the workspace at `ws` and the cache file in `storage/`; removed afterwards. */
async function inTemp(fn: (p: { dir: string; ws: string; cacheFile: string }) => Promise<void>): Promise<void> {
  const t = tempDir();
  try {
    await fn({ dir: t.dir, ws: join(t.dir, 'ws'), cacheFile: join(t.dir, 'storage', 'index.cache') });
  } finally {
    t.cleanup();
  }
}

test('a warm start parses only what changed since the cache, follows deleted and new files, and equals a cold index', () => inTemp(async ({ ws, cacheFile }) => {
  const rels = copyTree('openai/src/resources/beta', ws, 'src');
  assert.ok(rels.length >= 20, `${rels.length} files`);
  const first = open(ws, { cacheFile });
  const cold = await first.build();
  assert.equal(cold.cache, 'missing');
  assert.equal(cold.files, rels.length);
  assert.equal(await first.save(), true);
  await first.dispose();

  // Nothing changed: every file comes from the cache, none is parsed.
  const progress: IndexProgress[] = [];
  const unchanged = await buildOnce(ws, { cacheFile, onProgress: (p) => progress.push(p) });
  assert.deepEqual([unchanged.result.cache, unchanged.result.files, unchanged.result.reused, unchanged.result.workers], ['loaded', 0, rels.length, 0]);
  assert.equal(progress.length, 0, "no parse, no progress");
  assert.deepEqual(unchanged.snapshot, await coldSnapshot(ws));

  // Two files edited, one deleted, one new: exactly three parses.
  appendFileSync(join(ws, rels[0]!), '\nexport function editedAfterCache(): number { return 1; }\n');
  appendFileSync(join(ws, rels[5]!), '\n// a comment changes the size\n');
  rmSync(join(ws, rels[9]!));
  write(ws, 'src/brand-new.ts', 'export class BrandNew { go(): void {} }\n');
  const logs: string[] = [];
  const warm = open(ws, { cacheFile, log: (l) => logs.push(l), onProgress: (p) => progress.push(p) });
  try {
    const r = await warm.build();
    assert.equal(r.cache, 'loaded');
    assert.equal(r.files, 3, 'two edited + one new');
    assert.equal(r.reused, rels.length - 3);
    assert.equal(progress.at(-1)?.total, 3);
    assert.deepEqual(logs, []);
    assert.equal(warm.index.has(rels[9]!), false);
    assert.equal(warm.index.definitionsOf('editedAfterCache')[0]?.rel, rels[0]);
    assert.equal(warm.index.definitionsOf('BrandNew')[0]?.rel, 'src/brand-new.ts');
    assert.deepEqual(indexSnapshot(warm.index), await coldSnapshot(ws));

    // Updates on top of cached files (their names numbered by the cache, new ones by a worker) stay exact.
    writeFileSync(join(ws, rels[1]!), 'export function replacedWhole(a: string) { return a; }\n');
    await warm.update({ changed: [rels[1]!] });
    assert.deepEqual(warm.index.definitionsOf('replacedWhole').map((d) => d.rel), [rels[1]]);
    assert.deepEqual(indexSnapshot(warm.index), await coldSnapshot(ws));
  } finally {
    await warm.dispose();
  }
}));

test('a corrupt, truncated or foreign cache is ignored with one log line, and the index is built cold and right', () => inTemp(async ({ dir, ws, cacheFile }) => {
  const rels = copyTree('openai/src/resources/chat', ws, 'src');
  const expected = await coldSnapshot(ws);
  const writer = open(ws, { cacheFile });
  await writer.build();
  await writer.save();
  await writer.dispose();
  const good = readFileSync(cacheFile);
  const random = rng(19);
  const flipped = Buffer.from(good);
  flipped[Math.floor(good.length * 0.6)]! ^= 0x10;
  const otherFormat = Buffer.from(good);
  otherFormat.writeUInt32LE(INDEX_CACHE_FORMAT + 1, 8);
  const variants: [string, Buffer | (() => Promise<void>), RegExp][] = [
    ['garbage bytes', Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256))), /not an index cache/],
    ['empty file', Buffer.alloc(0), /truncated/],
    ['truncated in the middle', good.subarray(0, Math.floor(good.length / 2)), /truncated/],
    ['truncated by one byte', good.subarray(0, good.length - 1), /truncated/],
    ['a flipped bit', flipped, /checksum/],
    ['another format version', otherFormat, new RegExp(`format ${INDEX_CACHE_FORMAT + 1}`)],
    ['other grammars', async () => {
      const scratch = open(ws);
      await scratch.build();
      await writeIndexCache(cacheFile, scratch.index, { fingerprint: 'not-these-grammars', root: ws });
      await scratch.dispose();
    }, /other grammars/],
    ['another folder', async () => {
      const scratch = open(ws);
      await scratch.build();
      await writeIndexCache(cacheFile, scratch.index, { fingerprint: await cacheFingerprint(GRAMMARS), root: join(dir, 'elsewhere') });
      await scratch.dispose();
    }, /another folder/],
  ];
  for (const [name, bad, reason] of variants) {
    if (Buffer.isBuffer(bad)) writeFileSync(cacheFile, bad);
    else await bad();
    const logs: string[] = [];
    const wi = open(ws, { cacheFile, log: (l) => logs.push(l) });
    try {
      const r = await wi.build();
      assert.equal(r.cache, 'invalid', name);
      assert.equal(logs.length, 1, `${name}: ${logs.join(' | ')}`);
      assert.match(logs[0]!, /^index cache ignored \(.+\); indexing from scratch$/, name);
      assert.match(logs[0]!, reason, name);
      assert.equal(r.files, rels.length, `${name}: every file parsed`);
      assert.deepEqual(indexSnapshot(wi.index), expected, name);
      // The next save replaces the bad cache with a good one.
      assert.equal(await wi.save(), true);
    } finally {
      await wi.dispose();
    }
    const { result: after } = await buildOnce(ws, { cacheFile });
    assert.deepEqual([after.cache, after.files], ['loaded', 0], `${name}: rewritten cache loads`);
  }
}));

test('the cache is written atomically: a reader sees the old cache or the new one, never a part, and no temp file stays', () => inTemp(async ({ ws, cacheFile }) => {
  copyTree('openai/src/resources', ws, 'src');
  const wi = open(ws, { cacheFile });
  try {
    await wi.build();
    await wi.save();
    const before = readFileSync(cacheFile);
    appendFileSync(join(ws, 'src/batches.ts'), '\nexport const changedForSecondSave = 1;\n');
    await wi.update({ changed: ['src/batches.ts'] });
    const seen = new Set<string>();
    let reading = true;
    const reader = (async () => {
      while (reading) {
        seen.add(readFileSync(cacheFile).toString('base64'));
        await new Promise((r) => setImmediate(r));
      }
    })();
    assert.equal(await wi.save(), true);
    reading = false;
    await reader;
    const after = readFileSync(cacheFile);
    assert.notDeepEqual(after, before);
    for (const s of seen) assert.ok(s === before.toString('base64') || s === after.toString('base64'), 'a reader saw a partial cache');
    assert.deepEqual(readdirSync(dirname(cacheFile)), ['index.cache']);
    // Two saves at once (the timer and a caller) take turns: the result is whole.
    assert.deepEqual(await Promise.all([wi.save(), wi.save()]), [true, true]);
    assert.deepEqual(readFileSync(cacheFile), after);
  } finally {
    await wi.dispose();
  }
  // A save that cannot be written says why, once, and touches nothing.
  const logs: string[] = [];
  const blocked = open(ws, { cacheFile: join(ws, 'src/batches.ts', 'index.cache'), log: (l) => logs.push(l) });
  try {
    await blocked.build();
    assert.equal(await blocked.save(), false);
    assert.equal(logs.length, 1, logs.join(' | '));
    assert.match(logs[0]!, /^index cache not written: /);
  } finally {
    await blocked.dispose();
  }
  assert.ok(statSync(join(ws, 'src/batches.ts')).isFile());
}));

test('the cache is saved on its own after the index changes, off the request path', () => inTemp(async ({ ws, cacheFile }) => {
  copyTree('openai/src/resources/beta', ws, 'src');
  const wi = open(ws, { cacheFile, saveDelayMs: 50 });
  try {
    await wi.build();
    assert.throws(() => statSync(cacheFile), /ENOENT/, 'not written while the scan answers');
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      try {
        statSync(cacheFile);
        break;
      } catch { /* not yet */ }
    }
    const { result: r } = await buildOnce(ws, { cacheFile });
    assert.deepEqual([r.cache, r.files], ['loaded', 0]);
  } finally {
    await wi.dispose();
  }
}));

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileIndexer, GrammarRegistry, SymbolIndex, WorkspaceIndex } from '../../../src/syntax/index.ts';
import type { FileSymbols } from '../../../src/syntax/index.ts';
import { BatchEncoder } from '../../../src/syntax/index/tag-batch.ts';
import type { BatchIds } from '../../../src/syntax/index/tag-batch.ts';
import { GRAMMARS, WORKER_SCRIPT, copyInto, tempDir } from './helpers.ts';

const plain = (f: FileSymbols) => ({ rel: f.rel, grammarId: f.grammarId, bytes: f.bytes, parseErrors: f.parseErrors, definitions: f.definitions, references: f.references });

function file(rel: string, defs: [string, string, number, string][], refs: [string, string, number][]): FileSymbols {
  return {
    rel, grammarId: 'typescript', bytes: 100, parseErrors: 0,
    definitions: defs.map(([name, kind, line, signature]) => ({ name, kind, line, signature })),
    references: refs.map(([name, kind, line]) => ({ name, kind, line })),
  };
}

test('the compact index gives back exactly what was stored, including non-ASCII signatures', () => {
  const index = new SymbolIndex();
  const a = file('a.ts', [['größe', 'function', 3, 'function größe(x: "∑") // 🚀 done'], ['Widget', 'class', 70_000, 'class Widget']], [['größe', 'call', 9], ['Widget', 'type', 0], ['other', 'call', 12]]);
  const b = file('b/b.ts', [['Widget', 'interface', 0, 'interface Widget'], ['empty', 'function', 1, '']], []);
  index.set(a);
  index.set(b);
  assert.deepEqual(plain(index.get('a.ts')!), a);
  assert.deepEqual(plain(index.get('b/b.ts')!), b);
  assert.equal(index.definitionCount, 4);
  assert.deepEqual([...index.definersOf('Widget')].sort(), ['a.ts', 'b/b.ts']);
  assert.deepEqual(index.definitionsOf('größe'), [{ rel: 'a.ts', definition: a.definitions[0] }]);
  assert.equal(index.definersOf('other').size, 0, 'a reference alone does not make a definer');
  assert.equal(index.definersOf('never-seen').size, 0);

  // Replacing a file drops its old definitions; deleting a directory drops its files.
  index.set(file('a.ts', [['renamed', 'function', 1, 'function renamed()']], []));
  assert.deepEqual([...index.definersOf('Widget')], ['b/b.ts']);
  assert.equal(index.definitionsOf('größe').length, 0);
  assert.equal(index.definitionCount, 3);
  assert.equal(index.deleteUnder('b'), 1);
  assert.equal(index.definersOf('Widget').size, 0);
  assert.deepEqual(index.paths(), ['a.ts']);
});

test('a batch encoder sends each name once, and batches must arrive in order', () => {
  const encoder = new BatchEncoder();
  const first = encoder.encode([file('a.ts', [['shared', 'function', 0, 'function shared()']], [['shared', 'call', 1], ['onlyA', 'call', 2]])]);
  const second = encoder.encode([file('b.ts', [], [['shared', 'call', 0], ['onlyB', 'call', 1]]), file('c.ts', [], [])]);
  assert.deepEqual(first.names, ['shared', 'onlyA']);
  assert.deepEqual(second.names, ['onlyB']);
  assert.equal(second.namesBefore, 2);

  const index = new SymbolIndex();
  const ids: BatchIds = { names: [], kinds: [] };
  index.set(file('z.ts', [['onlyB', 'class', 5, 'class onlyB']], [])); // index ids differ from the encoder's
  assert.throws(() => index.setBatch(second, ids), /out of order/);
  index.setBatch(first, ids);
  index.setBatch(second, ids);
  assert.deepEqual(index.get('b.ts')!.references.map((r) => r.name), ['shared', 'onlyB']);
  assert.deepEqual(index.get('a.ts')!.references.map((r) => r.name), ['shared', 'onlyA']);
  assert.deepEqual(index.get('c.ts')!.references, []);
  assert.deepEqual([...index.definersOf('onlyB')], ['z.ts']);
});

test('a batch encoder past its name limit starts its table afresh, and the index follows', () => {
  const encoder = new BatchEncoder(2);
  const batches = [
    encoder.encode([file('a.ts', [['one', 'function', 0, 'function one()']], [['two', 'call', 1], ['three', 'call', 2]])]),
    encoder.encode([file('b.ts', [], [['one', 'call', 0], ['four', 'call', 1]])]),
    encoder.encode([file('c.ts', [['four', 'class', 3, 'class four']], [['three', 'call', 4]])]),
  ];
  assert.deepEqual(batches.map((b) => [b.namesBefore, b.names]), [[0, ['two', 'three', 'one']], [0, ['one', 'four']], [2, ['three']]]);
  const index = new SymbolIndex();
  const ids: BatchIds = { names: [], kinds: [] };
  for (const b of batches) index.setBatch(b, ids);
  assert.deepEqual(index.get('b.ts')!.references.map((r) => r.name), ['one', 'four']);
  assert.deepEqual(index.get('c.ts')!.references.map((r) => r.name), ['three']);
  assert.deepEqual(index.definitionsOf('four').map((h) => [h.rel, h.definition.signature]), [['c.ts', 'class four']]);
  assert.deepEqual([...index.definersOf('one')], ['a.ts']);
});

test('the worker index holds the same tags as indexing the files directly, across batches and worker restarts', async () => {
  const t = tempDir();
  const registry = new GrammarRegistry(GRAMMARS);
  const rels = ['src/core/resource.ts', 'src/internal/utils/path.ts', 'src/resources/chat/completions.ts', 'lib/resource.js', 'py/tag.py'];
  copyInto(t.dir, 'openai/src/core/resource.ts', rels[0]!);
  copyInto(t.dir, 'openai/src/internal/utils/path.ts', rels[1]!);
  copyInto(t.dir, 'openai/src/resources/chat/completions/completions.ts', rels[2]!);
  copyInto(t.dir, 'openai/core/resource.js', rels[3]!);
  copyInto(t.dir, 'flatted/python/flatted.py', rels[4]!);
  const wi = new WorkspaceIndex({ root: t.dir, grammarsDir: GRAMMARS, workerScript: WORKER_SCRIPT, idleRecycleMs: 0, batchSize: 2 });
  try {
    const direct = new FileIndexer(registry, t.dir, 1_000_000);
    await direct.prepare(rels);
    const expected = new Map(rels.map((rel) => {
      const out = direct.indexFile(rel);
      assert.ok(out.ok, rel);
      return [rel, out.file] as const;
    }));
    assert.ok(expected.get(rels[2]!)!.references.length > 50, 'a file with many references');

    await wi.build();
    assert.deepEqual(wi.index.paths().sort(), [...rels].sort());
    for (const rel of rels) assert.deepEqual(plain(wi.index.get(rel)!), expected.get(rel), rel);

    // A fresh worker numbers names from zero again; the index must still map them right.
    await wi.recycle();
    await wi.update({ changed: [rels[1]!, rels[4]!] });
    for (const rel of rels) assert.deepEqual(plain(wi.index.get(rel)!), expected.get(rel), `${rel} after restart`);
    const defs = wi.index.definitionsOf('APIResource');
    assert.ok(defs.some((d) => d.rel === rels[0] && d.definition.signature === 'abstract class APIResource' && d.definition.line === 2));
  } finally {
    await wi.dispose();
    registry.dispose();
    t.cleanup();
  }
});

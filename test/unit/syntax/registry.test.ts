import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GrammarRegistry, ParseService, buildCompletionContext, grammarForLanguageId, grammarForPath, resolveGrammarName } from '../../../src/syntax/index.ts';
import { GRAMMARS } from './helpers.ts';

const SNIPPETS: Record<string, string> = {
  typescript: 'export function add(a: number, b: number): number { return a + b; }\n',
  tsx: 'const App = () => <div className="x">{1}</div>;\n',
  javascript: 'export const f = (x) => x * 2;\n',
  python: 'def add(a, b):\n    return a + b\n',
  go: 'package main\n\nfunc add(a int, b int) int { return a + b }\n',
  rust: 'fn add(a: i32, b: i32) -> i32 { a + b }\n',
  java: 'class A { int add(int a, int b) { return a + b; } }\n',
  c: 'int add(int a, int b) { return a + b; }\n',
  cpp: 'template <typename T> T add(T a, T b) { return a + b; }\n',
  c_sharp: 'class A { int Add(int a, int b) => a + b; }\n',
  ruby: 'def add(a, b)\n  a + b\nend\n',
  php: '<?php function add($a, $b) { return $a + $b; }\n',
  bash: 'add() { echo $(( $1 + $2 )); }\n',
  json: '{"a": [1, 2, {"b": null}]}\n',
};

test('every grammar in the manifest loads lazily and parses a snippet without errors', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  try {
    assert.deepEqual(registry.grammarIds.sort(), Object.keys(SNIPPETS).sort());
    for (const id of registry.grammarIds) {
      assert.equal(registry.loaded(id), undefined, `${id} must not load before first use`);
      const parser = await registry.createParser(id);
      assert.ok(parser, id);
      const tree = parser.parse(SNIPPETS[id]!)!;
      assert.equal(tree.rootNode.hasError, false, `${id}: ${tree.rootNode.toString()}`);
      assert.ok(tree.rootNode.namedChildCount > 0, id);
      tree.delete();
      parser.delete();
      const tags = registry.loaded(id)!.tags;
      assert.equal(tags !== undefined, registry.manifest.grammars[id]!.tags !== null, `${id} tags query`);
    }
  } finally {
    registry.dispose();
  }
});

test('VS Code language ids and file extensions map to grammars', () => {
  assert.equal(grammarForLanguageId('typescriptreact'), 'tsx');
  assert.equal(grammarForLanguageId('javascriptreact'), 'javascript');
  assert.equal(grammarForLanguageId('shellscript'), 'bash');
  assert.equal(grammarForLanguageId('csharp'), 'c_sharp');
  assert.equal(grammarForLanguageId('jsonc'), 'json');
  assert.equal(grammarForLanguageId('markdown'), undefined);
  assert.equal(grammarForPath('/a/b/c.d.ts'), 'typescript');
  assert.equal(grammarForPath('x.TSX'), 'tsx');
  assert.equal(grammarForPath('Makefile'), undefined);
  assert.equal(grammarForPath('.bashrc'), undefined);
  assert.equal(resolveGrammarName('ts'), 'typescript');
  assert.equal(resolveGrammarName('csharp'), 'c_sharp');
  assert.equal(resolveGrammarName('cobol'), undefined);
});

test('an unknown language falls back to plain text, never an error', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  const parse = new ParseService({ registry });
  try {
    const text = '# Title\n\nSome prose here.\nMore prose.\n';
    const doc = await parse.open('file:///notes.md', 'markdown', text);
    assert.equal(doc.grammarId, undefined);
    assert.equal(doc.tree, undefined);
    const updated = parse.update('file:///notes.md', [{ rangeOffset: 2, rangeLength: 5, text: 'Heading' }])!;
    assert.equal(updated.text, '# Heading\n\nSome prose here.\nMore prose.\n');
    const ctx = buildCompletionContext({ path: 'notes.md', text: updated.text, tree: undefined, grammarId: undefined }, 20, undefined);
    assert.equal(ctx.plainText, true);
    assert.ok(ctx.text.includes('Some pro<|cursor|>se here.') || ctx.text.includes('<|cursor|>'));
    assert.equal(ctx.prefix + ctx.suffix, updated.text.slice(ctx.windowStart, ctx.windowEnd));
  } finally {
    parse.dispose();
    registry.dispose();
  }
});

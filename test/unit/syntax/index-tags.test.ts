// The index's reduced tags query must find exactly what the grammar's full
// tags query finds, and count ERROR nodes like a separate walk would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GrammarRegistry, extractTags } from '../../../src/syntax/index.ts';
import { compileIndexTagsQuery, indexTagsSource, scanTags } from '../../../src/syntax/tags.ts';
import { scanWindows } from '../../../src/syntax/index/file-indexer.ts';
import { GRAMMARS, realFile } from './helpers.ts';

const tagsSource = (registry: GrammarRegistry, id: string) => readFileSync(join(GRAMMARS, registry.manifest.grammars[id]!.tags!), 'utf8');

test('the reduced tags source drops doc-comment prefixes and directives, nothing else', () => {
  const registry = new GrammarRegistry(GRAMMARS);
  try {
    for (const id of ['typescript', 'javascript', 'go', 'ruby']) {
      const full = tagsSource(registry, id);
      const reduced = indexTagsSource(full);
      assert.match(full, /@doc/, `${id} has doc patterns to drop`);
      assert.doesNotMatch(reduced, /@doc|#strip!|#select-adjacent!|#set-adjacent!/, id);
      // Every definition/reference capture and text predicate survives.
      const kinds = (s: string, re: RegExp) => [...new Set(s.match(re))].sort();
      for (const re of [/@definition\.\w+/g, /@reference\.\w+/g]) assert.deepEqual(kinds(reduced, re), kinds(full, re), `${id} ${re}`);
      assert.deepEqual(reduced.match(/\(#(not-)?(eq|match)\?[^\n]*/g), full.match(/\(#(not-)?(eq|match)\?[^\n]*/g), `${id} text predicates`);
    }
  } finally {
    registry.dispose();
  }
});

test('the index tags pass equals the full query on real files, and counts ERROR nodes in the same pass', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  const cases: [string, string][] = [
    ['typescript', realFile('typescript/lib/lib.es5.d.ts')],
    ['typescript', realFile('zod/src/v3/types.ts')],
    ['javascript', realFile('openai/core/error.js')],
    ['typescript', 'class A { m(x: B) { new C(); f(; } }\nfunction g(): D { return h(1, }\n'],
  ];
  let errorsSeen = 0;
  try {
    for (const c of cases) {
      const [id, text] = c;
      const grammar = (await registry.load(id))!;
      const parser = registry.sharedParser(id)!;
      const query = compileIndexTagsQuery(grammar.language, tagsSource(registry, id));
      const tree = parser.parse(text)!;
      try {
        const scanned = scanTags(query, tree, text);
        const expected = extractTags(grammar.tags!, tree, text);
        assert.ok(expected.definitions.length > 0 && expected.references.length > 0, `case ${cases.indexOf(c)} has tags`);
        assert.deepEqual(scanned.definitions, expected.definitions);
        assert.deepEqual(scanned.references, expected.references);
        assert.equal(scanned.errorNodes, tree.rootNode.descendantsOfType('ERROR').length);
        errorsSeen += scanned.errorNodes;
      } finally {
        tree.delete();
        query.delete();
      }
    }
    assert.ok(errorsSeen > 0, 'the broken case has ERROR nodes');
  } finally {
    registry.dispose();
  }
});

test('scanning in windows finds the same tags in the same order and counts each ERROR once, long lines included', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  const minified = Array.from({ length: 3000 }, (_, i) => `function f${i}(a){return g${i % 7}(a,"é${i}")}`).join(';');
  const cases: [string, string][] = [
    ['typescript', realFile('typescript/lib/lib.es5.d.ts')],
    ['typescript', realFile('openai/src/resources/beta/responses/responses.ts')],
    ['javascript', minified],
    ['typescript', `${'class A { m(x: B) { new C(); f(; } }\n'.repeat(400)}function g(): D { return h(1, }\n`],
    // Recovery here makes ERROR nodes that span every window: each still counts once.
    ['typescript', `(((( ${'x y z\n'.repeat(2000)}`],
  ];
  try {
    for (const [i, [id, text]] of cases.entries()) {
      const grammar = (await registry.load(id))!;
      const query = compileIndexTagsQuery(grammar.language, tagsSource(registry, id));
      const tree = registry.sharedParser(id)!.parse(text)!;
      try {
        const whole = scanTags(query, tree, text);
        for (const size of [1000, 8192]) {
          const windows = scanWindows(text, size)!;
          assert.ok(windows.length >= 2, `case ${i}: ${windows.length} windows`);
          if (i === 2) assert.ok(windows.every((w) => w.start.row === 0), 'one long line is cut inside');
          const parts = windows.map((w) => scanTags(query, tree, text, w));
          assert.deepEqual(parts.flatMap((p) => p.definitions), whole.definitions, `case ${i}, ${size}`);
          assert.deepEqual(parts.flatMap((p) => p.references), whole.references, `case ${i}, ${size}`);
          assert.equal(parts.reduce((n, p) => n + p.errorNodes, 0), whole.errorNodes, `case ${i}, ${size}`);
        }
        if (i === 4) assert.ok(tree.rootNode.descendantsOfType('ERROR').some((n) => n.endPosition.row > 500), 'an ERROR node spans windows');
      } finally {
        tree.delete();
        query.delete();
      }
    }
    assert.equal(scanWindows('short', 1000), undefined, 'a small file is one pass');
  } finally {
    registry.dispose();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GrammarRegistry, ParseService, buildCompletionContext, buildEditContext, buildRefactorContext, buildRepoMap, completionMode,
  indexInProcess, offsetAt, CURSOR_MARKER,
} from '../../../src/syntax/index.ts';
import { countTokens, loadTokenizer } from '../../../src/core/tokens.ts';
import { GRAMMARS, copyInto, tempDir } from './helpers.ts';

// openai's TypeScript sources (shipped in the package under src/).
const COMPLETIONS = 'resources/chat/completions/completions.ts';

async function workspace() {
  const t = tempDir();
  for (const rel of ['core/resource.ts', 'internal/utils/path.ts', 'core/pagination.ts', 'core/api-promise.ts', COMPLETIONS]) {
    copyInto(t.dir, `openai/src/${rel}`, rel);
  }
  const registry = new GrammarRegistry(GRAMMARS);
  const [{ index }] = await Promise.all([indexInProcess(registry, t.dir), loadTokenizer()]);
  const parse = new ParseService({ registry });
  const text = readFileSync(join(t.dir, COMPLETIONS), 'utf8');
  const doc = await parse.open(COMPLETIONS, 'typescript', text);
  return { ...t, registry, index, parse, text, doc: { path: COMPLETIONS, text, tree: doc.tree, grammarId: doc.grammarId },
    dispose() { parse.dispose(); registry.dispose(); t.cleanup(); } };
}

test('completion context holds the enclosing method and signatures defined in other files, within budget', async () => {
  const w = await workspace();
  try {
    const line = w.text.split('\n').findIndex((l) => l.includes('path`/chat/completions/${completionID}`'));
    assert.ok(line > 0);
    const offset = offsetAt(w.text, line, 8);
    const ctx = buildCompletionContext(w.doc, offset, w.index, { budget: 600 });
    assert.ok(ctx.tokens <= 600, `tokens ${ctx.tokens}`);
    assert.equal(ctx.tokens, countTokens(ctx.text), 'the reported count is the count of the exact text');
    assert.ok(ctx.text.includes(CURSOR_MARKER));
    assert.equal(ctx.prefix + ctx.suffix, w.text.slice(ctx.windowStart, ctx.windowEnd));
    // Enclosing scopes: the class header (and the method, as a header or inside the window).
    assert.ok(ctx.text.includes('class Completions extends APIResource'), ctx.text);
    const method = w.text.split('\n').slice(0, line + 1).reverse().find((l) => /^ {2}\w+\(.*\{$/.test(l))!.trim().replace(/ \{$/, '');
    assert.ok(method.startsWith('retrieve('), method);
    assert.ok(ctx.text.includes(method), `enclosing method ${method}`);
    // Signature of `path`, defined in internal/utils/path.ts, not in this file.
    assert.ok(ctx.signatures.some((s) => s.name === 'path' && s.rel === 'internal/utils/path.ts'), JSON.stringify(ctx.signatures));
    assert.ok(ctx.text.includes('internal/utils/path.ts:'));
    // The window is cut at line starts (syntax boundaries snap to whole lines).
    assert.ok(ctx.windowStart === 0 || w.text[ctx.windowStart - 1] === '\n');
    // Imports appear.
    assert.ok(ctx.imports.some((i) => i.startsWith('import { APIResource }')), JSON.stringify(ctx.imports));
  } finally {
    w.dispose();
  }
});

test('completion mode: mid-line is single-line, an empty line in a block is multi-line', () => {
  const src = 'function f(a) {\n  \n  return g(a);\n}\n';
  assert.equal(completionMode(src, src.indexOf('\n  \n') + 3), 'multi-line');
  assert.equal(completionMode(src, src.indexOf('g(a)') + 2), 'single-line');
  assert.equal(completionMode('if (x) {', 8), 'multi-line');
  assert.equal(completionMode('foo()', 4), 'single-line');
});

test('edit context widens a partial selection to whole nodes; no selection gives the enclosing statement', async () => {
  const w = await workspace();
  try {
    const at = w.text.indexOf('return this._client.get(\n      path`/chat/completions/${completionID}`');
    // "this._client." is part of the member expression this._client.get: widened to that node.
    const partial = buildEditContext(w.doc, at + 7, at + 20, w.index);
    assert.equal(partial.target, 'this._client.get');
    // From inside one statement to inside the next: both whole statements, whole lines.
    const next = w.text.indexOf('return', at + 10);
    const two = buildEditContext(w.doc, w.text.lastIndexOf('\n', at) - 3, at + 3, w.index);
    assert.ok(two.target.endsWith('\n') && two.target.includes('return this._client.get('), two.target);
    assert.ok(next > at);
    assert.equal(w.text.slice(partial.start, partial.end), partial.target);
    const none = buildEditContext(w.doc, at + 3, at + 3, w.index);
    assert.ok(none.target.includes('return this._client.get('));
    assert.ok(none.signatures.some((s) => s.name === 'path'));
    assert.equal(none.tokens, countTokens(none.text));
  } finally {
    w.dispose();
  }
});

test('repo map ranks what focus files use, fits its budget, and refactor context reads only indexed files', async () => {
  const w = await workspace();
  try {
    const map = buildRepoMap(w.index, { focusFiles: [COMPLETIONS], budget: 200 });
    assert.ok(map.tokens <= 200 && map.tokens > 0);
    // Personalisation: focusing the file that uses path() lifts path.js above its unfocused rank.
    const unfocused = buildRepoMap(w.index, { focusFiles: ['core/pagination.ts'], budget: 200 });
    assert.ok(map.ranking.fileRanks.get('internal/utils/path.ts')! > unfocused.ranking.fileRanks.get('internal/utils/path.ts')!);
    const mentioned = buildRepoMap(w.index, { mentionedIdentifiers: ['encodeURIPath'], budget: 200 });
    assert.equal(mentioned.shown[0]!.name, 'encodeURIPath');
    assert.ok(map.text.includes('internal/utils/path.ts:') || map.text.includes('core/resource.ts:'), map.text);
    const bigger = buildRepoMap(w.index, { focusFiles: [COMPLETIONS], budget: 2000 });
    assert.ok(bigger.shown.length > map.shown.length);

    const reads: string[] = [];
    const ctx = buildRefactorContext(w.index, {
      focusFiles: [COMPLETIONS, '.env'],
      mentionedIdentifiers: ['APIResource'],
      budget: 120_000,
      readFile: (rel) => { reads.push(rel); return readFileSync(join(w.dir, rel), 'utf8'); },
    });
    assert.ok(ctx.tokens <= 120_000);
    assert.ok(ctx.files.includes(COMPLETIONS));
    assert.deepEqual(ctx.omitted.find((o) => o.rel === '.env'), { rel: '.env', reason: 'not-indexed' });
    assert.ok(!reads.includes('.env'));
    assert.ok(ctx.text.includes('APIResource:\n  defined core/resource.ts:'), ctx.text.slice(0, 2000));
  } finally {
    w.dispose();
  }
});

// The completion context counts tokens through a tally kept across builds (and
// renewed now and then). Its counts must stay the exact o200k count of the text
// sent, build after build, across renewals and across documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GrammarRegistry, buildCompletionContext } from '../../../src/syntax/index.ts';
import { countTokens, loadTokenizer } from '../../../src/core/tokens.ts';
import { GRAMMARS, realFile, rng } from './helpers.ts';

test('completion context counts stay exact over many builds and documents', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  await Promise.all([registry.load('typescript'), loadTokenizer()]);
  const parser = registry.sharedParser('typescript')!;
  const sources = [
    realFile('openai/src/core/pagination.ts'),
    // Non-ASCII identifiers, strings and comments: pieces the tokenizer splits differently.
    `// Größe und Maße — 測試 😀\n${realFile('openai/src/internal/utils/path.ts').replace(/path/g, 'pfäd')}`,
  ];
  const random = rng(42);
  let builds = 0;
  try {
    // More counts than the tally keeps before it is renewed (a few per build).
    for (let i = 0; i < 400; i++) {
      const text = sources[i % sources.length]!;
      const tree = parser.parse(text)!;
      try {
        const offset = Math.floor(random() * text.length);
        const budget = [256, 600, 1024][i % 3]!;
        const ctx = buildCompletionContext({ path: `f${i % 2}.ts`, text, tree, grammarId: 'typescript' }, offset, undefined, { budget });
        assert.equal(ctx.tokens, countTokens(ctx.text), `build ${i} at ${offset}`);
        builds++;
      } finally {
        tree.delete();
      }
    }
  } finally {
    registry.dispose();
  }
  assert.equal(builds, 400);
});

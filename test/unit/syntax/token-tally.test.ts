import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens, loadTokenizer } from '../../../src/core/tokens.ts';
import { O200K_PATTERN, TokenTally } from '../../../src/syntax/context/token-tally.ts';
import { NM, realFile } from './helpers.ts';

test('the tally splits text with o200k_base\'s own pattern', async () => {
  const ranks = (await import('js-tiktoken/ranks/o200k_base')).default as { pat_str: string };
  assert.equal(O200K_PATTERN, ranks.pat_str);
});

test('tally counts equal countTokens on real code, odd text and joined contexts', async () => {
  await loadTokenizer();
  const tally = new TokenTally();
  const dir = join(NM, 'openai/src/resources');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && statSync(join(dir, f)).isFile()).slice(0, 25).map((f) => realFile(`openai/src/resources/${f}`));
  assert.ok(files.length >= 10);
  const odd = [
    '', ' ', '  \n\n  x', ' 1', '\t\t', '12345 678', 'héllo wörld 日本語テキスト 😀😀 \r\n\r\n', "it's THE'S we'LL", '<|endoftext|> x <|fim_prefix|>',
    'a\u00a0\u00a0b  ', '\n\n\n## File x', 'x'.repeat(500), ' '.repeat(300), '/*'.repeat(100),
  ];
  for (const text of [...files, ...odd, files.join('\n'), `## Map\n\n${files.slice(0, 3).join('\n')}`]) {
    assert.equal(tally.count(text), countTokens(text), JSON.stringify(text.slice(0, 60)));
  }
});

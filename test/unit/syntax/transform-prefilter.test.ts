import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GrammarRegistry, applyTransform, compileTransform } from '../../../src/syntax/index.ts';
import { literalRequirements } from '../../../src/syntax/transform/prefilter.ts';
import { GRAMMARS, realFile } from './helpers.ts';

const CONSOLE_LOG = `(call_expression
  function: (member_expression
    object: (identifier) @obj (#eq? @obj "console")
    property: (property_identifier) @prop (#eq? @prop "log"))
  arguments: (arguments (_)* @args)) @match`;

async function requirements(registry: GrammarRegistry, query: string) {
  const t = await compileTransform(registry, 'javascript', query, 'x');
  try {
    return literalRequirements(t.rules[0]!.query, query);
  } finally {
    t.delete();
  }
}

test('prefilter reads the literals a match needs, and only those it can be sure of', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  try {
    assert.deepEqual(await requirements(registry, CONSOLE_LOG), [[['console'], ['log']]]);
    assert.deepEqual(await requirements(registry, '((identifier) @x (#any-of? @x "a" "b"))\n((string) @s (#any-eq? @s "q"))'), [[['a', 'b']], [['q']]]);
    // #match? fails without its capture, so a plain-word regex is required even on an optional capture.
    assert.deepEqual(await requirements(registry, '((identifier)? @x (#match? @x "^ab$") (#any-match? @x "cd"))'), [[['ab'], ['cd']]]);
    // An optional capture passes #eq? when absent; a real regex, a comment or an escape is not read.
    assert.deepEqual(await requirements(registry, '(call_expression function: (identifier)? @f (#eq? @f "foo")) @match'), [[]]);
    assert.deepEqual(await requirements(registry, '((identifier) @x (#match? @x "^a+$"))'), [[]]);
    assert.deepEqual(await requirements(registry, '((identifier) @x (#not-match? @x "^a$"))'), [[]]);
    assert.deepEqual(await requirements(registry, '((identifier) @x ; note\n (#eq? @x "a"))'), [[]]);
    assert.deepEqual(await requirements(registry, '((string) @x (#eq? @x "\\"a\\""))'), [[]]);
  } finally {
    registry.dispose();
  }
});

test('mayMatch rejects only files where applyTransform finds no match', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  const queries = [
    CONSOLE_LOG,
    '((identifier) @x (#any-of? @x "module" "exports")) @match',
    '(call_expression function: (identifier)? @f (#eq? @f "require")) @match',
    '((member_expression property: (property_identifier) @p (#any-eq? @p "length")) @match)',
    '(call_expression function: (identifier)? @f (#match? @f "^foo$")) @match',
    '(call_expression function: (identifier) @f (#not-eq? @f "nothing")) @match',
  ];
  const texts = [
    realFile('tree-sitter-javascript/grammar.js'),
    'console.log(1);\n',
    'console . log(1);\n',
    'const c = console; c.log(1);\n',
    'let s = "console.log";\n',
    'foo();\nmodule.exports = 1;\n',
    'x.length;\n',
    'nothing(here);\n',
  ];
  let rejected = 0;
  try {
    for (const q of queries) {
      const t = await compileTransform(registry, 'javascript', q, 'X');
      try {
        for (const text of texts) {
          const found = applyTransform(registry, t, text).matchCount;
          if (!t.mayMatch(text)) { rejected++; assert.equal(found, 0, `${q} / ${text}`); }
          else if (text === 'nothing(here);\n' && q === CONSOLE_LOG) assert.fail('a file without "console" should be rejected');
        }
      } finally {
        t.delete();
      }
    }
    assert.ok(rejected >= 5, `rejected ${rejected}`);
  } finally {
    registry.dispose();
  }
});

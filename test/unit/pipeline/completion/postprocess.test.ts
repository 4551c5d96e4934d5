import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cleanCompletion, dropSuffixRepeat, repeatsLineAbove, stripChatter, stripFences, trimPrefixOverlap, trimSuffixOverlap,
} from '../../../../src/pipeline/completion/postprocess.ts';
import { endOfUnit } from '../../../../src/pipeline/completion/unit-end.ts';

describe('completion post-processing', () => {
  it('strips a fenced answer, with or without its closing fence', () => {
    assert.equal(stripFences('```typescript\nreturn a + b;\n```'), 'return a + b;');
    assert.equal(stripFences('```\nreturn a + b;\n```\n'), 'return a + b;');
    assert.equal(stripFences('```ts\nreturn a'), 'return a');
    assert.equal(stripFences('a ``` b'), 'a ``` b');
  });

  it('drops chatter lines before the code', () => {
    assert.equal(stripChatter("Here is the completion:\n```ts\nx + 1\n```"), 'x + 1');
    assert.equal(stripChatter('Sure, here you go:\nfoo()'), 'foo()');
    assert.equal(stripChatter('const here = 1;'), 'const here = 1;');
  });

  it('removes a repeat of the current line before the cursor', () => {
    assert.equal(trimPrefixOverlap('const total = items.length;', 'function f() {\n  const total = '), 'items.length;');
    // The repeat may reach back over earlier lines.
    assert.equal(trimPrefixOverlap('if (a) {\n  b();', 'x();\nif (a) {\n  '), 'b();');
    // A one-character coincidence is not a repeat of the line.
    assert.equal(trimPrefixOverlap('a + 1', 'let x = a'), 'a + 1');
  });

  it('removes closers the suffix already holds', () => {
    assert.equal(trimSuffixOverlap('items.length)', ')\n}'), 'items.length');
    assert.equal(trimSuffixOverlap('"b"]);', '"]);'), '"b');
    assert.equal(trimSuffixOverlap('foo()', ''), 'foo()');
  });

  it('cuts a block where it starts repeating the lines after the cursor', () => {
    const completion = '\n  return a + b;\n}\n\nexport const y = 2;';
    assert.equal(dropSuffixRepeat(completion, '\n}\n\nexport const y = 2;\n'), '\n  return a + b;');
    assert.equal(dropSuffixRepeat('a();\nb();\nc();', '\nc();\nd();'), 'a();\nb();');
  });

  it('recognises a completion that only repeats the line above', () => {
    assert.equal(repeatsLineAbove('console.log(x);', '  console.log(x);\n  '), true);
    assert.equal(repeatsLineAbove('console.log(y);', '  console.log(x);\n  '), false);
  });

  it('ends a block completion at the closer of the block the cursor opened', () => {
    const prefix = 'function add(a, b) {';
    assert.equal(endOfUnit('\n  return a + b;\n}\n\nfunction sub(a, b) {\n  return a - b;\n}', prefix), '\n  return a + b;\n}');
  });

  it('ends a Python body when the indentation returns to the def', () => {
    assert.equal(endOfUnit('\n    return a + b\n\ndef sub(a, b):\n    return a - b', 'def add(a, b):'), '\n    return a + b\n');
  });

  it('ends a statement begun on a blank line when its brackets balance', () => {
    const out = endOfUnit('if (x) {\n    y();\n  }\n  z();\n}', 'function f() {\n  ');
    assert.equal(out, 'if (x) {\n    y();\n  }');
    // Never past a dedent below the cursor's block.
    assert.equal(endOfUnit('a();\n  b();\n}\nc();', 'function f() {\n  '), 'a();\n  b();');
  });

  it('single-line mode keeps the first line and drops a suffix repeat', () => {
    const around = { prefix: 'const n = compute(', suffix: ');\nfoo();', mode: 'single-line' as const };
    assert.equal(cleanCompletion('```ts\nconst n = compute(a, b);\nconsole.log(n);\n```', around), 'a, b');
  });

  it('multi-line mode cleans, trims and ends the unit', () => {
    const around = { prefix: 'export function add(a: number, b: number) {', suffix: '\n}\n\nexport const x = 1;\n', mode: 'multi-line' as const };
    assert.equal(cleanCompletion('Here is the code:\n```ts\n  return a + b;\n}\n```', around), '\n  return a + b;');
    assert.equal(cleanCompletion('\n  return a + b;\n}\n\nexport const x = 1;', around), '\n  return a + b;');
  });

  it('returns nothing for an answer that only echoes the cursor marker or the suffix', () => {
    assert.equal(cleanCompletion('<|cursor|>', { prefix: 'x = ', suffix: '', mode: 'single-line' }), '');
    assert.equal(cleanCompletion('foo();', { prefix: '  ', suffix: 'foo();\n', mode: 'single-line' }), '');
    assert.equal(cleanCompletion('   \n', { prefix: 'x = ', suffix: '', mode: 'multi-line' }), '');
  });
});

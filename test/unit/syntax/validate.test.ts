import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GrammarRegistry, validateEdit } from '../../../src/syntax/index.ts';
import { GRAMMARS, realFile } from './helpers.ts';

test('validation reports only the errors an edit introduced, with VS Code positions', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  try {
    const before = realFile('openai/core/resource.js');
    const anchor = before.indexOf('constructor(client)');
    assert.ok(anchor > 0);
    const broken = `${before.slice(0, anchor)}constructor(client {${before.slice(anchor + 'constructor(client)'.length)}`;
    const report = await validateEdit(registry, 'javascript', before, broken);
    assert.equal(report.checked, true);
    assert.equal(report.ok, false);
    assert.ok(report.introduced.length >= 1);
    const lineOfAnchor = before.slice(0, anchor).split('\n').length - 1;
    assert.ok(report.introduced.some((p) => Math.abs(p.start.line - lineOfAnchor) <= 2), JSON.stringify(report.introduced));

    // A file with an existing error, edited elsewhere cleanly: nothing is blamed on the edit.
    const withError = `${before}\nconst broken = ;\n`;
    const cleanEdit = withError.replace('class APIResource', 'class APIResource2');
    const clean = await validateEdit(registry, 'javascript', withError, cleanEdit);
    assert.equal(clean.ok, true, JSON.stringify(clean.introduced));
    assert.ok(clean.preexisting >= 1);

    // The same old error plus a new one: only the new one is reported.
    const both = cleanEdit.replace('constructor(client)', 'constructor(client');
    const mixed = await validateEdit(registry, 'javascript', withError, both);
    assert.equal(mixed.ok, false);
    assert.ok(mixed.preexisting >= 1);
    assert.ok(mixed.introduced.every((p) => p.start.line < withError.split('\n').length - 3));
  } finally {
    registry.dispose();
  }
});

test('MISSING nodes count, positions are UTF-16, unknown languages are unchecked', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  try {
    const r = await validateEdit(registry, 'python', 'def f(a):\n    return a\n', 'def f(a):\n    return "😀"(\n');
    assert.equal(r.ok, false);
    const rs = await validateEdit(registry, 'typescript', 'const s = "😀";\nlet x = 1;\n', 'const s = "😀";\nlet x = (1;\n');
    assert.equal(rs.ok, false);
    assert.equal(rs.introduced[0]!.start.line, 1);
    const c = await validateEdit(registry, 'c', 'int f() { return 1; }\n', 'int f() { return 1 }\n');
    assert.equal(c.ok, false);
    assert.deepEqual(c.introduced.map((p) => [p.kind, p.nodeType]), [['missing', ';']]);
    assert.equal(rs.introduced[0]!.kind, 'missing');
    assert.equal(rs.introduced[0]!.nodeType, ')');
    const none = await validateEdit(registry, 'plaintext', 'a', 'b (');
    assert.deepEqual([none.ok, none.checked], [true, false]);
  } finally {
    registry.dispose();
  }
});

import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { GrammarRegistry, validateEditSync } from '../../../../src/syntax/index.ts';
import { gateCompletion } from '../../../../src/pipeline/completion/syntax-gate.ts';
import { GRAMMARS } from '../../syntax/helpers.ts';

describe('completion syntax gate (real grammars)', () => {
  const registry = new GrammarRegistry(GRAMMARS);
  before(async () => { await registry.load('typescript'); await registry.load('python'); });

  const ts = (prefix: string, suffix: string) => ({ registry, grammarId: 'typescript', prefix, suffix });

  it('passes a completion that keeps the file valid', () => {
    const r = gateCompletion(ts('function add(a: number, b: number) {\n  return ', ';\n}\n'), 'a + b');
    assert.deepEqual(r, { ok: true, text: 'a + b', checked: true });
  });

  it('rejects a completion that introduces a parse error', () => {
    const r = gateCompletion(ts('function add(a: number, b: number) {\n  return ', ';\n}\n'), 'a + (b');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /parse error/);
  });

  it('falls back to the first line of a multi-line completion when only that is clean', () => {
    const r = gateCompletion(ts('function f() {\n  const x = 1;', '\n}\n'), '\n  const y = 2;\n  if (x) {');
    assert.equal(r.ok, false, 'the first line here is empty, so nothing is left');
    const r2 = gateCompletion(ts('const a = [', '];\n'), '1, 2, 3\n}}}');
    assert.deepEqual(r2, { ok: true, text: '1, 2, 3', checked: true });
  });

  it('does not blame errors that were already there', () => {
    // The suffix is missing its closing brace already; the completion is fine.
    const r = gateCompletion(ts('function f() {\n  return ', ';\n'), '42');
    assert.equal(r.ok, true);
  });

  it('checks Python with its own grammar', () => {
    const py = { registry, grammarId: 'python', prefix: 'def add(a, b):\n    return ', suffix: '\n' };
    assert.equal(gateCompletion(py, 'a + b').ok, true);
    assert.equal(gateCompletion(py, 'a + (b').ok, false);
  });

  it('passes plain text unchecked', () => {
    const r = gateCompletion({ registry, grammarId: undefined, prefix: 'Dear ', suffix: '' }, 'Sir (');
    assert.deepEqual(r, { ok: true, text: 'Sir (', checked: false });
  });
});

describe('completion syntax gate agrees with a fresh parse', () => {
  const registry = new GrammarRegistry(GRAMMARS);
  before(async () => { await registry.load('typescript'); });

  // The gate reparses incrementally; its verdicts must be the ones a fresh parse of the whole text gives.
  const cases: [string, string, string][] = [
    ['const s = "héllo 😀";\nfunction f(a: number) {\n  const x = ', ';\n  return x;\n}\n', 'a * 2 + "é".length'],
    ['const s = "héllo 😀";\nfunction f(a: number) {\n  const x = ', ';\n  return x;\n}\n', 'a * (2 + "é".length'],
    ['class A {\n  m() {\n    ', '\n  }\n}\n', 'if (this) {\n      return 1;\n    }'],
    ['class A {\n  m() {\n    ', '\n  }\n}\n', 'if (this) {\n      return 1;\n    }}}'],
    ['const a = [', '];\n', '1, 2, 3\n}}}'],
  ];
  for (const [prefix, suffix, completion] of cases) {
    it(`${JSON.stringify(completion)}`, () => {
      const fresh = validateEditSync(registry, 'typescript', prefix + suffix, prefix + completion + suffix);
      const r = gateCompletion({ registry, grammarId: 'typescript', prefix, suffix }, completion);
      if (fresh.ok) assert.deepEqual(r, { ok: true, text: completion, checked: true });
      else if (r.ok) assert.notEqual(r.text, completion, 'only the clean first line may pass');
      else assert.match(r.message, new RegExp(`introduce ${fresh.introduced.length} parse error`));
    });
  }
});

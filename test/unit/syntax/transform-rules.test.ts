// The transform language's rule forms: several rules in one pass, edits inside
// a capture (insert an argument whether the list is empty or not, prepend,
// append, wrap), nested rewrites, and renames meeting shorthand properties.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GrammarRegistry, applyTransform, compileRulesFor, type TransformRule } from '../../../src/syntax/index.ts';
import { GRAMMARS } from './helpers.ts';

describe('transform rules', () => {
  let registry: GrammarRegistry;
  before(() => { registry = new GrammarRegistry(GRAMMARS); });
  after(() => registry.dispose());

  async function run(grammar: string, rules: TransformRule[], source: string) {
    const t = await compileRulesFor(registry, grammar, rules);
    try {
      return applyTransform(registry, t, source);
    } finally {
      t.delete();
    }
  }

  const FETCH_ARGS = '(call_expression function: (identifier) @f (#eq? @f "fetchUser") arguments: (arguments) @args)';

  it('adds an argument to every call of a function, whether its list is empty or not', async () => {
    const src = 'fetchUser();\nfetchUser(id);\nfetchUser(id, { retry: 2 },);\nother();\nfetchUser(/* none */);\n';
    const r = await run('typescript', [{ query: FETCH_ARGS, rewrite: 'ctx', action: 'insertLast', target: 'args' }], src);
    assert.equal(r.after, 'fetchUser(ctx);\nfetchUser(id, ctx);\nfetchUser(id, { retry: 2 }, ctx,);\nother();\nfetchUser(ctx/* none */);\n');
    assert.equal(r.matchCount, 4);
    assert.ok(r.validation.ok, JSON.stringify(r.validation.introduced));
    const first = await run('javascript', [{ query: FETCH_ARGS, rewrite: 'ctx', action: 'insertFirst', target: 'args' }], 'fetchUser();\nfetchUser(id);\n');
    assert.equal(first.after, 'fetchUser(ctx);\nfetchUser(ctx, id);\n');
  });

  it('wraps a call, prepends and appends around a node', async () => {
    const CALL = '(call_expression function: (identifier) @f (#eq? @f "load")) @call';
    const wrapped = await run('javascript', [{ query: CALL, rewrite: 'retry(() => @call)' }], 'const x = load(1);\n');
    assert.equal(wrapped.after, 'const x = retry(() => load(1));\n');
    const awaited = await run('javascript', [{ query: CALL, rewrite: 'await ', action: 'prepend', target: 'call' }], 'async function f() { return load(1); }\n');
    assert.equal(awaited.after, 'async function f() { return await load(1); }\n');
    const appended = await run('javascript', [{ query: CALL, rewrite: '.catch(report)', action: 'append', target: 'call' }], 'load(1);\n');
    assert.equal(appended.after, 'load(1).catch(report);\n');
  });

  it('applies several rules in one pass, nested inside one another', async () => {
    const rules: TransformRule[] = [
      { query: '(call_expression function: (member_expression object: (identifier) @o (#eq? @o "console") property: (property_identifier) @p (#eq? @p "log")) arguments: (arguments) @args) @match', rewrite: 'logger.debug@args' },
      { query: FETCH_ARGS, rewrite: 'ctx', action: 'insertLast', target: 'args' },
    ];
    const r = await run('tsx', rules, 'console.log(fetchUser(), console.log(fetchUser(id)));\nconst v = <div>{fetchUser()}</div>;\n');
    assert.equal(r.after, 'logger.debug(fetchUser(ctx), logger.debug(fetchUser(id, ctx)));\nconst v = <div>{fetchUser(ctx)}</div>;\n');
    assert.equal(r.matchCount, 5);
    assert.equal(r.skipped, 0);
  });

  it('a rename that meets shorthand properties expands them when the rule matches them', async () => {
    const rename: TransformRule = { query: '([(identifier) (shorthand_property_identifier) (shorthand_property_identifier_pattern)] @id (#eq? @id "oldName"))', rewrite: 'newName' };
    const r = await run('typescript', [rename], 'const oldName = 1;\nconst o = { oldName, b: oldName };\nconst { oldName: x } = o;\nfunction f({ oldName }) { return oldName; }\n');
    assert.equal(r.after, 'const newName = 1;\nconst o = { oldName: newName, b: newName };\nconst { oldName: x } = o;\nfunction f({ oldName: newName }) { return newName; }\n');
    assert.deepEqual(r.refusals, []);
    assert.ok(r.validation.ok);
  });

  it('a rename by identifier that would leave a shorthand property stale is refused with a clear message', async () => {
    const r = await run('javascript', [{ query: '((identifier) @id (#eq? @id "oldName"))', rewrite: 'newName' }], 'const oldName = 1;\nexport default { oldName };\n');
    assert.equal(r.refusals.length, 1);
    assert.match(r.refusals[0]!, /renaming oldName to newName would leave the shorthand property \{ oldName \} at 2:18/);
    assert.match(r.refusals[0]!, /\{ oldName: newName \}/);
  });

  it('rejects a target that is not a capture, and an action that does not exist', async () => {
    await assert.rejects(compileRulesFor(registry, 'javascript', [{ query: '(identifier) @id', rewrite: 'x', target: 'nope' }]), /rule|target @nope is not a capture/);
    await assert.rejects(compileRulesFor(registry, 'javascript', [{ query: '(identifier) @id', rewrite: 'x' }, { query: '(identifier) @id', rewrite: 'x', action: 'explode' as never }]), /rule 2: .*unknown action "explode"/);
  });
});

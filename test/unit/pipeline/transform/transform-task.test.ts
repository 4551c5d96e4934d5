import * as assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { GrammarRegistry } from '../../../../src/syntax/index.ts';
import { checkSpec } from '../../../../src/pipeline/transform/check-spec.ts';
import { parseSpec, TRANSFORM_SPEC_JSON_SCHEMA } from '../../../../src/pipeline/transform/spec-schema.ts';
import { buildTransformTask, TRANSFORM_SYSTEM } from '../../../../src/pipeline/transform/transform-task.ts';
import { rig, type Rig } from '../helpers.ts';
import { GRAMMARS } from '../../syntax/helpers.ts';
import { consoleFiles, consoleSpec } from '../../helpers/deep-lane-fixtures.ts';

describe('transform spec check', () => {
  let registry: GrammarRegistry;
  before(() => { registry = new GrammarRegistry(GRAMMARS); });
  after(() => registry.dispose());
  const scope = consoleFiles(5, 3);

  it('runs a good spec over every file of its language, in memory', async () => {
    const r = await checkSpec(consoleSpec(), registry, [...scope, { path: 'notes.md', text: 'console.log(1)' }]);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.filesInScope, 5);
    assert.equal(r.value.changed.length, 5);
    assert.equal(r.value.matches, 15);
    assert.match(r.value.changed[0]!.after, /logger\.debug\('f0', x, 0\);/);
    assert.match(r.value.changed[0]!.after, /console\.warn\('kept'\)/);
  });

  it('reports a query compile error with its position (a repair, failure "schema")', async () => {
    const r = await checkSpec(consoleSpec({ query: '(call_expression function: (nonsense_node) @f) @match' }), registry, scope);
    assert.ok(!r.ok && r.failure === 'schema', JSON.stringify(r));
    assert.match(r.message, /query does not compile: query error at line 1/);
    const t = await checkSpec(consoleSpec({ rewrite: 'logger.debug(@argz)' }), registry, scope);
    assert.ok(!t.ok && /rewrite does not compile: .*unknown capture @argz/.test(t.message), JSON.stringify(t));
  });

  it('rejects a spec whose own example does not hold', async () => {
    const r = await checkSpec(consoleSpec({ examples: [{ before: 'console.log(a);\n', after: 'logger.info(a);\n' }] }), registry, scope);
    assert.ok(!r.ok && r.failure === 'schema');
    assert.match(r.message, /example 1 does not hold: .*logger\.debug\(a\);.*not the expected .*logger\.info/);
  });

  it('rejects a spec that would break a file, before anything is applied', async () => {
    const r = await checkSpec(consoleSpec({ rewrite: 'logger.debug(@args', examples: [{ before: 'let a = 1;\n', after: 'let a = 1;\n' }] }), registry, scope);
    assert.ok(!r.ok && r.failure === 'parse_errors', JSON.stringify(r));
    assert.match(r.message, /syntax errors in 5 file\(s\): src\/gen\/file000\.ts/);
  });

  it('rejects an unknown language and a spec with no examples', async () => {
    const r = await checkSpec(consoleSpec({ language: 'cobol' }), registry, scope);
    assert.ok(!r.ok && /unknown language "cobol"/.test(r.message));
    const s = parseSpec(JSON.stringify(consoleSpec({ examples: [] })));
    assert.ok(!s.ok && s.failure === 'schema' && /at least one example/.test(s.message));
    assert.deepEqual(TRANSFORM_SPEC_JSON_SCHEMA.schema.required, ['languages', 'rules', 'examples']);
  });
});

describe('transform specs with rules and language families', () => {
  let registry: GrammarRegistry;
  before(() => { registry = new GrammarRegistry(GRAMMARS); });
  after(() => registry.dispose());

  it('every worked example in the deep-lane prompt parses and holds', async () => {
    const specs = TRANSFORM_SYSTEM.split('\n').filter((l) => l.startsWith('{'));
    assert.equal(specs.length, 5);
    const actions = new Set<string>();
    for (const line of specs) {
      const p = parseSpec(line);
      assert.ok(p.ok, line);
      for (const r of p.spec.rules) actions.add(r.action ?? 'replace');
      const c = await checkSpec(p.spec, registry, []);
      assert.ok(c.ok, `${line}: ${JSON.stringify(c)}`);
    }
    assert.deepEqual([...actions].sort(), ['append', 'insertLast', 'replace']);
  });

  it('one spec over .js, .ts and .tsx: several rules, one pass, nested rewrites', async () => {
    const spec = {
      languages: ['javascript', 'typescript', 'tsx'],
      rules: [
        { query: '(call_expression function: (identifier) @f (#eq? @f "fetchUser") arguments: (arguments) @args)', rewrite: 'ctx', action: 'insertLast' as const, target: 'args', separator: '' },
        { query: '(call_expression function: (member_expression object: (identifier) @o (#eq? @o "console") property: (property_identifier) @p (#eq? @p "log")) arguments: (arguments) @args) @match', rewrite: 'logger.debug@args', action: 'replace' as const, target: '', separator: '' },
      ],
      examples: [{ before: 'console.log(fetchUser());\n', after: 'logger.debug(fetchUser(ctx));\n' }],
    };
    const scope = [
      { path: 'a.js', text: 'console.log(fetchUser(), console.log(fetchUser(1)));\n' },
      { path: 'b.ts', text: 'const u: User = fetchUser(id as string);\nconsole.log(u);\n' },
      { path: 'c.tsx', text: 'export const V = () => <div>{fetchUser()}</div>;\n' },
      { path: 'd.py', text: 'fetchUser()\n' },
    ];
    const r = await checkSpec(spec, registry, scope);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.filesInScope, 3);
    const after = Object.fromEntries(r.value.changed.map((c) => [c.path, c.after]));
    assert.deepEqual(after, {
      'a.js': 'logger.debug(fetchUser(ctx), logger.debug(fetchUser(1, ctx)));\n',
      'b.ts': 'const u: User = fetchUser(id as string, ctx);\nlogger.debug(u);\n',
      'c.tsx': 'export const V = () => <div>{fetchUser(ctx)}</div>;\n',
    });
    assert.equal(r.value.matches, 7);
    assert.equal(r.value.grammarId, 'javascript, typescript, tsx');
  });

  it('a rule that does not compile for one language of the family says which', async () => {
    const r = await checkSpec({ languages: ['typescript', 'javascript'], rules: [{ query: '(type_identifier) @t', rewrite: 'X' }], examples: [{ before: 'let a: A;\n', after: 'let a: X;\n' }] }, registry, []);
    assert.ok(!r.ok && r.failure === 'schema');
    assert.match(r.message, /does not compile for javascript: query error/);
  });

  it('refuses a rename that leaves a shorthand property pointing at the old name', async () => {
    const spec = { languages: ['javascript'], rules: [{ query: '((identifier) @id (#eq? @id "oldName"))', rewrite: 'newName' }], examples: [{ before: 'let oldName;\n', after: 'let newName;\n' }] };
    const r = await checkSpec(spec, registry, [{ path: 'a.js', text: 'const oldName = 1;\nexport default { oldName };\n' }]);
    assert.ok(!r.ok && r.failure === 'schema', JSON.stringify(r));
    assert.match(r.message, /a\.js: renaming oldName to newName would leave the shorthand property \{ oldName \}/);
  });

  it('refuses output that only a real parser rejects: foo(, ctx)', async () => {
    const r = await checkSpec({ language: 'javascript', query: '(call_expression function: (identifier) @f (#eq? @f "foo") arguments: (arguments (_)* @args)) @match', rewrite: 'foo(@args, ctx)', examples: [{ before: 'foo(a);\n', after: 'foo(a, ctx);\n' }] }, registry, [{ path: 'a.js', text: 'foo(1);\nfoo();\n' }]);
    assert.ok(!r.ok && r.failure === 'parse_errors', JSON.stringify(r));
    assert.match(r.message, /a\.js: Argument expression expected/);
  });
});

describe('transform through the real pipeline', () => {
  let registry: GrammarRegistry;
  let r: Rig;
  before(() => { registry = new GrammarRegistry(GRAMMARS); });
  after(() => registry.dispose());
  afterEach(async () => { await r?.close(); });

  it('one model call for 60 files; filesTouched on the ledger record', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, json: consoleSpec() });
    const task = await buildTransformTask({ instruction: 'Replace console.log(x) with logger.debug(x)', registry, scope: consoleFiles(60), budget: 16_000 });
    const result = await r.pipeline.run(task);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(r.emu.requests.length, 1);
    assert.equal(r.emu.requests[0]!.schemaName, 'transform_spec');
    assert.equal(result.value.changed.length, 60);
    assert.equal(result.records.length, 1);
    assert.equal(result.records[0]!.kind, 'astTransform');
    assert.equal(result.records[0]!.filesTouched, 60);
  });

  it('sends a compile error back once, and the repaired spec passes', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, json: consoleSpec({ query: '(call_expression (bogus) @x) @match' }) }, { match: { protocol: 'responses' }, json: consoleSpec() });
    const task = await buildTransformTask({ instruction: 'Replace console.log with logger.debug', registry, scope: consoleFiles(3), budget: 16_000 });
    const prompts: string[] = [];
    const result = await r.pipeline.run({ ...task, prompt: (info) => { const p = task.prompt(info); prompts.push(String(p.prompt)); return p; } });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(r.emu.requests.length, 2);
    assert.match(prompts[1]!, /previous answer was rejected\nErrors: the query does not compile/);
  });
});

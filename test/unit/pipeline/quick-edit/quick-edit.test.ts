// Quick edit through the real pipeline and emulator, checked with real grammars.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { loadTokenizer } from '../../../../src/core/tokens.ts';
import { cleanRewrite, runQuickEdit } from '../../../../src/pipeline/quick-edit/quick-edit.ts';
import { GrammarRegistry } from '../../../../src/syntax/index.ts';
import { rig, type Rig } from '../helpers.ts';
import { GRAMMARS } from '../../syntax/helpers.ts';

const registry = new GrammarRegistry(GRAMMARS);
const TEXT = 'export function add(a: number, b: number) {\n  return a + b;\n}\n\nexport const two = add(1, 1);\n';

function doc() {
  return { path: 'src/m.ts', text: TEXT, tree: registry.sharedParser('typescript')!.parse(TEXT) ?? undefined, grammarId: 'typescript', languageId: 'typescript' };
}

describe('quick edit task', () => {
  let r: Rig;
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });
  afterEach(async () => { await r?.close(); });

  it('cleans a fenced rewrite and keeps the target\'s final newline', () => {
    assert.equal(cleanRewrite('```ts\nconst x = 1;\n```', 'let x = 1;\n'), 'const x = 1;\n');
    assert.equal(cleanRewrite('const x = 1;\n\n', 'let x = 1;'), 'const x = 1;');
  });

  it('rewrites the enclosing statement on the fast lane when nothing is selected', async () => {
    r = await rig();
    const rewritten = '  return b + a;\n';
    r.emu.script({ match: { protocol: 'gemini' }, text: '```ts\n' + rewritten + '```' });
    const cursor = TEXT.indexOf('a + b');
    const { ctx, result } = await runQuickEdit(r.pipeline, registry, { doc: doc(), selStart: cursor, selEnd: cursor, instruction: 'swap the operands' });
    assert.equal(TEXT.slice(ctx.start, ctx.end), '  return a + b;\n');
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.lane, 'fast');
    assert.equal(result.value, rewritten);
    assert.match(JSON.stringify(r.emu.requests[0]!.body), /swap the operands/);
  });

  it('escalates a rewrite with new parse errors to the deep lane, which gets the rejection to fix', async () => {
    r = await rig();
    r.emu.script(
      { match: { protocol: 'gemini' }, text: 'export function add(a: number, b: number {\n  return a + b;\n}\n' },
      { match: { protocol: 'responses' }, text: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n' },
    );
    const end = TEXT.indexOf('}') + 1;
    const { result } = await runQuickEdit(r.pipeline, registry, { doc: doc(), selStart: 0, selEnd: end, instruction: 'add a return type' });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.lane, 'deep');
    assert.deepEqual(result.records.map((x) => [x.lane, x.outcome]), [['fast', 'escalated'], ['deep', 'ok']]);
    assert.match(result.records[0]!.note ?? '', /parse error/);
    assert.match(JSON.stringify(r.emu.requests[1]!.body), /previous answer was rejected/i);
  });

  it('sends a large range straight to the deep lane', async () => {
    r = await rig({ 'routing.quickEditMaxLines': 2 });
    r.emu.script({ match: { protocol: 'responses' }, text: 'export function add(a: number, b: number) {\n  return b + a;\n}\n' });
    const end = TEXT.indexOf('}') + 1;
    const { result } = await runQuickEdit(r.pipeline, registry, { doc: doc(), selStart: 0, selEnd: end, instruction: 'swap' });
    assert.ok(result.ok);
    assert.equal(result.lane, 'deep');
    assert.match(result.reason, /over 2/);
  });
});

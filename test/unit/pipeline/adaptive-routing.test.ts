// Adaptive routing through the real pipeline: quick edits of one shape keep failing validation
// on the fast lane (the emulator answers with a broken rewrite, the real SDKs carry it), the
// statistics learn from the pipeline's own ledger file, and a later quick edit of that shape
// goes straight to the deep lane, with the reason's numbers in its record.
import * as assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { MIN_EVIDENCE } from '../../../src/core/policy-adaptive.ts';
import { RoutingStats } from '../../../src/core/routing-stats.ts';
import { loadTokenizer } from '../../../src/core/tokens.ts';
import { runQuickEdit } from '../../../src/pipeline/quick-edit/quick-edit.ts';
import { GrammarRegistry } from '../../../src/syntax/index.ts';
import { GRAMMARS } from '../syntax/helpers.ts';
import { rig, type Rig } from './helpers.ts';

const registry = new GrammarRegistry(GRAMMARS);
const TEXT = 'export function add(a: number, b: number) {\n  return a + b;\n}\n\nexport const two = add(1, 1);\n';
const BROKEN = 'export function add(a: number, b: number {\n  return a + b;\n}\n';
const FIXED = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
const SHAPE = 'quickEdit|typescript|0-10';

const doc = () => ({ path: 'src/m.ts', text: TEXT, tree: registry.sharedParser('typescript')!.parse(TEXT) ?? undefined, grammarId: 'typescript', languageId: 'typescript' });
const edit = (r: Rig) => runQuickEdit(r.pipeline, registry, { doc: doc(), selStart: 0, selEnd: TEXT.indexOf('}') + 1, instruction: 'add a return type' });

describe('adaptive routing in the pipeline', () => {
  let r: Rig;
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });
  afterEach(async () => { await r?.close(); });

  it('learns from its own ledger that the fast lane fails a shape, and sends the next task straight to the deep lane', async () => {
    // Quality preference: the fast lane goes first only while it succeeds 75% of the time, so the
    // decision does not hang on the emulator's timings. (Under `cost` the emulator's fast attempts
    // cost ~7% of a deep one here, and trying them first stays cheaper until p_fast falls below that.)
    r = await rig({ 'routing.preference': 'quality', 'routing.exploration': 0 });
    const stats = new RoutingStats({ halfLifeDays: r.pipeline.policy().routing.halfLifeDays });
    // The router reads the statistics (the ledger service feeds them in the extension; here the test does).
    const state = r.pipeline.router.state.bind(r.pipeline.router);
    r.pipeline.router.state = () => ({ ...state(), learned: stats });
    const learn = async () => {
      const month = await r.store.readMonth(r.store.currentMonth());
      // Every line again, each time: the statistics count each id once.
      for (const x of month.records) stats.addRecord(x);
      for (const e of month.events) stats.addEvent(e);
    };

    // As many failing quick edits as the decision needs evidence: each tries the fast lane first.
    const failures: LedgerRecord[][] = [];
    for (let i = 0; i < MIN_EVIDENCE; i++) {
      r.emu.script({ match: { protocol: 'gemini' }, text: BROKEN }, { match: { protocol: 'responses' }, text: FIXED });
      const { result } = await edit(r);
      assert.ok(result.ok, JSON.stringify(result));
      await learn();
      failures.push(result.records);
    }
    // Each: a fast attempt that escalated, then the deep lane; both records carry the first decision's note.
    for (const records of failures) {
      assert.deepEqual(records.map((x) => [x.lane, x.outcome]), [['fast', 'escalated'], ['deep', 'ok']]);
      assert.equal(records[0]!.routing?.shape, SHAPE);
      assert.equal(records[0]!.routing?.basis, 'prior');
      assert.deepEqual(records[1]!.routing, records[0]!.routing);
    }

    // The fast lane's figures, as the router saw them for the next task.
    const fig = stats.figures(SHAPE, Date.now())!;
    assert.ok(Math.abs(fig.lanes.fast.n - failures.length) < 0.01 && fig.lanes.fast.ok === 0, JSON.stringify(fig.lanes.fast));
    assert.equal(Math.round(fig.lanes.deep.ok), failures.length);

    // The next quick edit of the shape: straight to the deep lane, on the learned figures.
    r.emu.script({ match: { protocol: 'responses' }, text: FIXED });
    const before = r.emu.requests.length;
    const { result } = await edit(r);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.lane, 'deep');
    assert.equal(r.emu.requests.length - before, 1, 'one request: no fast attempt first');
    const rec = result.records[0]!;
    assert.equal(rec.attempt, 0);
    assert.equal(rec.routing?.basis, 'learned');
    assert.equal(rec.routing?.staticLane, 'fast');
    assert.deepEqual(rec.routing?.fast, { ok: 0, n: failures.length });
    assert.ok(rec.routing?.expected);
    assert.match(rec.reason, new RegExp(`^quick edit, TypeScript, 0-10 lines: fast lane succeeded 0 of ${failures.length} recently; fast-then-deep expected \\$[0-9.]+ / [0-9.]+ m?s vs deep \\$[0-9.]+ / [0-9.]+ m?s \\(quality wants 75% success\\), so the deep lane$`));
    // The ledger line on disk says the same.
    const onDisk = (await r.store.readMonth(r.store.currentMonth())).records.find((x) => x.id === rec.id);
    assert.equal(onDisk?.reason, rec.reason);
    assert.deepEqual(onDisk?.routing, rec.routing);
  });
});

// What landed of a plan, read back file by file: the refactor preview only says
// "something was applied", so this comparison is what tells applied, partly
// applied and rejected apart (and what the stale check refuses on).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FileOutcome } from '../../../src/pipeline/refactor/final-text.ts';
import type { FileRead } from '../../../src/pipeline/refactor/plan-workspace.ts';
import { planLanded, staleFiles } from '../../../src/vscode/refactor/plan-state.ts';

/** A workspace holding exactly these texts (a path not named is missing). */
const ws = (files: Record<string, string | undefined>) => ({
  read: (rel: string): FileRead => (files[rel] === undefined ? { kind: 'missing' } : { kind: 'text', text: files[rel]! }),
});

const A = 'export function oldName() {}\n';
const B = "import { oldName } from './a';\n";
// Rename a.ts to lib/a.ts and edit it there, and edit b.ts: the shape of a move-and-rename refactor.
const plan: FileOutcome[] = [
  { path: 'lib/a.ts', from: 'a.ts', after: A.replace('oldName', 'newName') },
  { path: 'a.ts', before: A },
  { path: 'b.ts', before: B, after: B.replace('oldName', 'newName').replace('./a', './lib/a') },
];

describe('plan state: what landed of a plan', () => {
  it('every file as planned is applied, naming all of them', () => {
    const now = ws({ 'lib/a.ts': plan[0]!.after, 'b.ts': plan[2]!.after });
    assert.deepEqual(planLanded(now, plan), { event: 'applied', files: ['lib/a.ts', 'a.ts', 'b.ts'] });
  });

  it('nothing changed is rejected (discarded in the preview, or nothing ticked)', () => {
    assert.deepEqual(planLanded(ws({ 'a.ts': A, 'b.ts': B }), plan), { event: 'rejected', files: ['lib/a.ts', 'a.ts', 'b.ts'] });
  });

  it('the move ticked but not its edit is partly applied: the moved paths changed, b.ts did not', () => {
    const now = ws({ 'lib/a.ts': A, 'b.ts': B });
    assert.deepEqual(planLanded(now, plan), { event: 'partly_applied', files: ['lib/a.ts', 'a.ts'] });
  });

  it('a file with only some of its hunks ticked counts as changed, and the plan as partly applied', () => {
    const edit: FileOutcome[] = [{ path: 'c.ts', before: 'a\nb\n', after: 'A\nB\n' }, { path: 'd.ts', before: 'x\n', after: 'y\n' }];
    assert.deepEqual(planLanded(ws({ 'c.ts': 'A\nb\n', 'd.ts': 'x\n' }), edit), { event: 'partly_applied', files: ['c.ts'] });
  });

  it('staleFiles names the files no longer as the plan found them (a created path that now exists too)', () => {
    const created: FileOutcome[] = [{ path: 'new.ts', after: 'export {};\n' }, ...plan];
    assert.deepEqual(staleFiles(ws({ 'new.ts': '', 'a.ts': A, 'b.ts': `${B}// edited\n` }), created), ['new.ts', 'b.ts']);
    assert.deepEqual(staleFiles(ws({ 'a.ts': A, 'b.ts': B }), created), []);
  });

  it('for any plan and any subset of its files landing: applied iff all, rejected iff none, else exactly that subset', () => {
    const text = fc.string({ maxLength: 6 });
    const outcome = fc.oneof(
      fc.tuple(text, text).filter(([b, a]) => b !== a).map(([before, after]) => ({ before, after })), // modify
      text.map((after) => ({ after })), // create
      text.map((before) => ({ before })), // delete (or the old path of a move)
    );
    const plans = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-e]{1,3}\.ts$/), outcome), { minLength: 1, maxLength: 8, selector: ([p]) => p })
      .chain((files) => fc.tuple(fc.constant(files), fc.array(fc.boolean(), { minLength: files.length, maxLength: files.length })));
    fc.assert(fc.property(plans, ([files, landedFlags]) => {
      const outcomes: FileOutcome[] = files.map(([path, o]) => ({ path, ...o }));
      const state: Record<string, string | undefined> = {};
      outcomes.forEach((f, i) => { state[f.path] = landedFlags[i] ? f.after : f.before; });
      const landedPaths = outcomes.filter((_, i) => landedFlags[i]).map((f) => f.path);
      const got = planLanded(ws(state), outcomes);
      if (landedPaths.length === outcomes.length) assert.deepEqual(got, { event: 'applied', files: outcomes.map((f) => f.path) });
      else if (landedPaths.length === 0) assert.deepEqual(got, { event: 'rejected', files: outcomes.map((f) => f.path) });
      else assert.deepEqual(got, { event: 'partly_applied', files: landedPaths });
      assert.deepEqual(staleFiles(ws(state), outcomes), landedPaths);
    }), { seed: 20261126, numRuns: 500, examples: [[[[['a.ts', { before: 'x', after: 'y' }]], [false]]], [[[['a.ts', { after: '' }], ['b.ts', { before: '' }]], [true, false]]]] });
  });
});

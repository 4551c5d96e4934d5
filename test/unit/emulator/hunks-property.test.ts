// Property: the simulated refactor's hunks, applied one after another by the
// extension's own hunk applier, turn the file into exactly the intended text,
// however repetitive the file (each search must occur exactly once).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyHunk } from '../../../src/pipeline/refactor/hunks.ts';
import { blockHunk, lineHunks } from '../../emulator/simulated-model/hunks.ts';

// Few distinct lines, so searches collide and must grow to be unique.
const line = fc.constantFrom('a', 'b', '  x = 1;', '}', '', 'return y;');
const file = fc.array(line, { minLength: 1, maxLength: 30 });

function applyAll(text: string, hunks: { search: string; replace: string }[]): string {
  let out = text;
  for (const h of hunks) {
    const r = applyHunk(out, h.search, h.replace);
    assert.ok(r.ok, `hunk ${JSON.stringify(h.search)} did not apply: ${'message' in r ? r.message : ''}`);
    assert.equal(r.fuzzy, false);
    out = r.text;
  }
  return out;
}

describe('simulated refactor hunks', () => {
  it('line-for-line changes apply exactly', () => {
    fc.assert(fc.property(file, fc.array(fc.nat(), { maxLength: 6 }), (lines, picks) => {
      const before = lines.join('\n');
      const after = lines.map((l, i) => (picks.some((p) => p % lines.length === i) ? `${l}changed${i}` : l)).join('\n');
      // An empty file has nothing a search can anchor on (the plan schema forbids an empty search).
      if (before === after || before === '') return;
      assert.equal(applyAll(before, lineHunks(before, after)), after);
    }), { seed: 1126, numRuns: 400, examples: [[['a', 'a', 'a'], [1]], [['a', 'b', 'a', 'b'], [0, 2]]] });
  });

  it('a block replaced by other lines applies exactly', () => {
    fc.assert(fc.property(file, fc.nat(), fc.nat(3), fc.array(line, { maxLength: 3 }), (lines, from, size, replacement) => {
      const s = from % lines.length;
      const e = Math.min(lines.length, s + Math.max(1, size));
      const before = lines.join('\n');
      const after = [...lines.slice(0, s), ...replacement, ...lines.slice(e)].join('\n');
      const h = blockHunk(before, s, e, replacement);
      if (h.search === '') return;
      assert.equal(applyAll(before, [h]), after);
    }), { seed: 2611, numRuns: 400 });
  });
});

// Stop sequences cut on the client too (for servers that ignore `stop`): however
// a stream is split into chunks, what is shown is exactly the text before the
// first stop sequence. Failing cases are kept in openai-fim-stops-corpus.json.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StopCutter } from '../../../src/providers/openai-fim.ts';
import { cutAtStop } from '../../emulator/fim.ts';
import { SeedCorpus } from '../helpers/seed-corpus.ts';

interface StopCase { chunks: string[]; stops: string[] }

const CORPUS = new SeedCorpus<StopCase>(join(dirname(new URL(import.meta.url).pathname), 'openai-fim-stops-corpus.json'));
const RUNS = 2000;

function shown(c: StopCase): { text: string; stopped: boolean } {
  const cutter = new StopCutter(c.stops);
  const text = c.chunks.map((d) => cutter.push(d)).join('') + cutter.flush();
  return { text, stopped: cutter.stopped };
}

function check(c: StopCase): void {
  const whole = c.chunks.join('');
  const expected = cutAtStop(whole, c.stops);
  const got = shown(c);
  assert.equal(got.text, expected, JSON.stringify(c));
  assert.equal(got.stopped, expected.length < whole.length || c.stops.some((s) => s !== '' && whole.includes(s)), JSON.stringify(c));
}

// A small alphabet so stop sequences occur, straddle chunks and overlap each other.
const piece = fc.string({ unit: fc.constantFrom('a', 'b', '<', '|', '>', '\n', 'x'), maxLength: 6 });
const stopCase: fc.Arbitrary<StopCase> = fc.record({
  chunks: fc.array(piece, { maxLength: 8 }),
  stops: fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '<', '|', '>', '\n'), minLength: 1, maxLength: 4 }), { maxLength: 3 }),
});

describe('FIM stop sequences (property)', () => {
  it('replays every case in the seed corpus', () => {
    for (const c of CORPUS.cases(8)) check(c);
  });

  it(`holds on ${RUNS} random chunkings: the shown text is the text before the first stop, never part of a stop`, () => {
    let cut = 0;
    CORPUS.check(fc.property(stopCase, (c) => {
      if (shown(c).stopped) cut++;
      check(c);
    }), { numRuns: RUNS, seed: 18 });
    assert.ok(cut > RUNS / 10, `cases that hit a stop: ${cut}`);
  });
});

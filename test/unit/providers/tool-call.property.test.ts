// Property: any tool call scripted on any protocol (names, nested JSON arguments
// with any unicode) arrives as the same call, whole, once, in order. Seeded,
// with a kept corpus of the shapes that matter most.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { Protocol } from '../../../src/core/provider-types.ts';
import { createProviderClient } from '../../../src/providers/create-client.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';
import { collect, laneFor, PROTOCOLS, terminal } from './helpers.ts';
import { callsOf, TOOLS } from './tool-helpers.ts';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ instant: true });
});
after(() => emu.close());

type Args = Record<string, unknown>;
interface Scripted { name: string; args: Args }

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,40}$/);
const key = fc.string({ unit: 'grapheme', maxLength: 12 });
const args: fc.Arbitrary<Args> = fc.dictionary(key, fc.jsonValue({ maxDepth: 4, stringUnit: 'grapheme' }), { maxKeys: 6 });
const calls = fc.array(fc.record({ name, args }), { minLength: 1, maxLength: 3 });

const CORPUS: [Protocol, Scripted[]][] = [
  ['gemini', [{ name: 'readFile', args: { path: 'src/ünïcödé/文件.ts', nested: { a: [1, { b: '😀\u0301' }], empty: {} } } }]],
  ['openai-responses', [{ name: 'edit.file', args: { text: 'line1\nline2\t"quoted"\\', n: -0.5 } }, { name: 'run-tests', args: {} }]],
  ['openai-chat', [{ name: '_x', args: { '': null, '10': [true, false], a: { b: { c: { d: 'deep' } } } } }]],
  ['gemini', [{ name: 'a', args: { x: 1 } }, { name: 'a', args: { x: 1 } }, { name: 'b', args: { 'ключ': ['\u2028', '\u0000'] } }]],
];

test('any tool call scripted on any protocol arrives equal', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...PROTOCOLS), calls, async (protocol, scripted) => {
      emu.reset();
      emu.script({ toolCalls: scripted.map((c) => ({ name: c.name, arguments: c.args })) });
      const events = await collect(createProviderClient(laneFor(emu, protocol)).stream({ prompt: 'go', maxOutputTokens: 100_000, tools: TOOLS }));
      assert.equal(terminal(events).type, 'end');
      const got = callsOf(events);
      assert.deepEqual(got.map((c) => c.name), scripted.map((c) => c.name));
      // The exact text JSON.stringify gives, on every protocol (Gemini's args object is serialised the same way).
      assert.deepEqual(got.map((c) => c.arguments), scripted.map((c) => JSON.stringify(c.args)));
      assert.equal(new Set(got.map((c) => c.id)).size, got.length, 'ids are distinct');
    }),
    { seed: 16_2026, numRuns: 90, examples: CORPUS },
  );
});

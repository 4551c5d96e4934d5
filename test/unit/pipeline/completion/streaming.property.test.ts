// Property: however a model's answer is split into stream deltas, the engine's final completion is the
// one it gives when the answer arrives whole, and a partial answer it showed early is always a
// start of that final completion (or the final one was refused). A fake pipeline feeds the deltas
// (a macrotask apart) and validates the whole output as the real one does; grammars are real.
// Failing cases are kept in streaming-corpus.json and replayed first.
import * as assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { readSettings, type SettingKey } from '../../../../src/core/settings.ts';
import { loadTokenizer } from '../../../../src/core/tokens.ts';
import type { Pipeline } from '../../../../src/pipeline/create-pipeline.ts';
import { CompletionEngine, type CompletionDocument } from '../../../../src/pipeline/completion/engine.ts';
import { GrammarRegistry } from '../../../../src/syntax/index.ts';
import { record } from '../../helpers/ledger-fixtures.ts';
import { SeedCorpus } from '../../helpers/seed-corpus.ts';
import { GRAMMARS } from '../../syntax/helpers.ts';

const registry = new GrammarRegistry(GRAMMARS);

interface StreamCase {
  /** The document, `|` at the cursor. */
  doc: string;
  raw: string;
  /** Where the stream cuts the answer into deltas. */
  cuts: number[];
}

const CORPUS = new SeedCorpus<StreamCase>(join(dirname(new URL(import.meta.url).pathname), 'streaming-corpus.json'));
const RUNS = Number(process.env.SWITCHYARD_STREAM_RUNS ?? 150);

const DOCS = [
  'export function total(items: number[]): number {\n  let sum = 0;\n  |\n}\n',
  'export function count(items: number[]) {|\n}\n',
  'export function total(items: number[]): number {\n  let sum = 0;\n  return |\n}\n',
  'const limits = {\n  low: 1,\n  |\n};\n',
];
const LINES = [
  'for (const x of items) sum += x;', '  return sum;', 'return sum;', 'if (items.length === 0) {', '    return 0;', '  }', '}',
  'const n = items.length;', '  const n = items.length;', 'return (n;', 'sum += 1;', '// done', 'items.push(1);', '  let y = 2;',
  'high: 9,', '  mid: 5,', 'let sum = 0;', 'export function total(items: number[]): number {', '',
];
const raw = fc.tuple(
  fc.constantFrom('', '```ts\n', 'Here is the completion:\n', 'let sum = 0;\n'),
  fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 6 }),
  fc.constantFrom('', '\n', '\n```', '\n```\n'),
).map(([lead, lines, tail]) => lead + lines.join('\n') + tail);
const streamCase: fc.Arbitrary<StreamCase> = fc.tuple(fc.constantFrom(...DOCS), raw).chain(([doc, text]) =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, text.length - 1) }), { maxLength: 12 }).map((cuts) => ({ doc, raw: text, cuts: cuts.sort((a, b) => a - b) })));

function deltasOf(c: StreamCase): string[] {
  const at = [0, ...c.cuts.filter((x) => x > 0 && x < c.raw.length), c.raw.length];
  return at.slice(1).map((end, i) => c.raw.slice(at[i], end)).filter((d) => d !== '');
}

/** Streams the deltas to onText, then validates the whole output, as the real pipeline does. */
function fakePipeline(deltas: string[]): Pick<Pipeline, 'run' | 'recordEvent'> {
  const run = async (task: Parameters<Pipeline['run']>[0]) => {
    const info = { lane: 'fast' as const, model: 'gemini-3.5-flash', attempt: 0 };
    const rec = (outcome: 'ok' | 'rejected' | 'cancelled') => [record({ taskId: task.taskId ?? 't', kind: 'completion', outcome })];
    for (const delta of deltas) {
      if (task.signal?.aborted) return { ok: false as const, kind: 'cancelled' as const, message: 'cancelled', records: rec('cancelled') };
      task.onText?.(delta, info);
      await new Promise((res) => setImmediate(res));
    }
    const output = deltas.join('');
    const checked = await task.validate(output, info, []);
    return checked.ok
      ? { ok: true as const, value: checked.value, output, lane: 'fast' as const, model: info.model, reason: '', records: rec('ok') }
      : { ok: false as const, kind: 'rejected' as const, message: checked.message, records: rec('rejected') };
  };
  return { run: run as Pipeline['run'], recordEvent: async () => undefined };
}

function engineFor(deltas: string[], showFirstLine: boolean): CompletionEngine {
  const values: Partial<Record<SettingKey, unknown>> = { 'completions.debounceMs': 0, 'completions.showFirstLine': showFirstLine };
  const settings = readSettings((k) => values[k]);
  return new CompletionEngine({ pipeline: fakePipeline(deltas), registry, settings: () => settings });
}

function docOf(textWithCursor: string): { doc: CompletionDocument; offset: number } {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const tree = registry.sharedParser('typescript')!.parse(text) ?? undefined;
  return { doc: { uri: 'file:///ws/a.ts', text, languageId: 'typescript', grammarId: 'typescript', tree, path: 'a.ts' }, offset };
}

/** What the engine ends with, and what it showed first. */
async function play(c: StreamCase, deltas: string[], showFirstLine: boolean): Promise<{ shown?: string; partial: boolean; final?: string }> {
  const engine = engineFor(deltas, showFirstLine);
  const { doc, offset } = docOf(c.doc);
  const answer = await engine.complete(doc, offset, new AbortController().signal);
  if (!answer?.partial) return { shown: answer?.text, partial: false, final: answer?.text };
  await answer.more;
  // The rest comes from the cache (as the re-ask gets it); a refused final answer leaves none.
  return { shown: answer.text, partial: true, final: engine.cache.lookup({ uri: doc.uri, text: doc.text, offset })?.remaining };
}

async function holds(c: StreamCase): Promise<boolean> {
  const whole = await play(c, [c.raw], false);
  const streamed = await play(c, deltasOf(c), true);
  assert.equal(streamed.final, whole.final, 'the final completion does not depend on the split');
  if (streamed.partial && streamed.final !== undefined) {
    assert.ok(streamed.final.startsWith(streamed.shown!), `shown early ${JSON.stringify(streamed.shown)} is a start of ${JSON.stringify(streamed.final)}`);
  }
  return true;
}

describe('streamed completions: property', () => {
  before(async () => { await loadTokenizer(); await registry.load('typescript'); });

  it('the kept corpus holds', async () => {
    for (const c of CORPUS.cases(4)) await holds(c);
  });

  it('any split gives the whole answer\'s completion, and what showed early starts it', async () => {
    await CORPUS.checkAsync(fc.asyncProperty(streamCase, holds), { numRuns: RUNS, seed: 19 });
  });

  it('some cases show a partial answer early (the property is not vacuous)', async () => {
    const samples = fc.sample(streamCase, { numRuns: 60, seed: 7 });
    let partial = 0;
    for (const c of samples) if ((await play(c, deltasOf(c), true)).partial) partial++;
    assert.ok(partial >= 10, `${partial} of 60 showed early`);
  });
});

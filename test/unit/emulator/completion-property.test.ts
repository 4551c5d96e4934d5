// Property: whatever the cursor, a simulated completion, cleaned and inserted the
// way the extension does, adds no syntax error to the file: by tree-sitter, and
// for TypeScript also by the TypeScript compiler's stricter parser.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import ts from 'typescript';
import { loadTokenizer } from '../../../src/core/tokens.ts';
import { cleanCompletion } from '../../../src/pipeline/completion/postprocess.ts';
import { buildCompletionPrompt, COMPLETION_SYSTEM } from '../../../src/pipeline/completion/prompt.ts';
import { buildCompletionContext, validateEdit } from '../../../src/syntax/index.ts';
import { simulatedAnswer } from '../../emulator/simulated-model/index.ts';
import { registry, SAMPLE } from './helpers.ts';

const FILES = [
  ['src/invoice.ts', 'typescript'], ['src/checkout.ts', 'typescript'], ['src/money.ts', 'typescript'], ['src/logger.ts', 'typescript'], ['src/report.py', 'python'],
] as const;
const CORPUS = FILES.map(([path, grammar]) => ({ path, grammar, text: readFileSync(join(SAMPLE, path), 'utf8') }));

function tsSyntaxErrors(text: string): number {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
}

/** The document as the user has it: cut at the cursor's line end when `typing` (the rest of the line not yet typed). */
function scene(file: (typeof CORPUS)[number], at: number, typing: boolean): { text: string; offset: number } {
  const offset = Math.min(at, file.text.length);
  if (!typing) return { text: file.text, offset };
  const nl = file.text.indexOf('\n', offset);
  return { text: file.text.slice(0, offset) + (nl < 0 ? '' : file.text.slice(nl)), offset };
}

async function completionAt(file: (typeof CORPUS)[number], text: string, offset: number) {
  const tree = registry.sharedParser(file.grammar)!.parse(text)!;
  try {
    const ctx = buildCompletionContext({ path: file.path, text, tree, grammarId: file.grammar }, offset, undefined);
    const prompt = buildCompletionPrompt(ctx, file.grammar);
    const answer = await simulatedAnswer([COMPLETION_SYSTEM, String(prompt.prompt)]);
    assert.ok(answer && 'text' in answer, 'a completion prompt always gets text (maybe empty), never a refusal');
    return cleanCompletion(answer.text, { prefix: ctx.prefix, suffix: ctx.suffix, mode: ctx.mode });
  } finally {
    tree.delete();
  }
}

describe('simulated completions parse in their language', () => {
  before(async () => { await loadTokenizer(); await registry.load('typescript'); await registry.load('python'); });
  after(() => registry.dispose());

  it('at any cursor in the sample files, typed or not', async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: CORPUS.length - 1 }), fc.nat(4000), fc.boolean(), async (f, at, typing) => {
        const file = CORPUS[f]!;
        const { text, offset } = scene(file, at % (file.text.length + 1), typing);
        const completion = await completionAt(file, text, offset);
        if (completion === '') return;
        nonEmpty++;
        const after = text.slice(0, offset) + completion + text.slice(offset);
        const report = await validateEdit(registry, file.grammar, text, after);
        assert.ok(report.ok, `tree-sitter: ${JSON.stringify(completion)} at ${offset} of ${file.path}: ${report.introduced[0]?.message}`);
        if (file.grammar === 'typescript') assert.ok(tsSyntaxErrors(after) <= tsSyntaxErrors(text), `TypeScript: ${JSON.stringify(completion)} at ${offset} of ${file.path}`);
      }),
      {
        seed: 20261126, numRuns: 300,
        // Seed corpus: a fresh body, a half-typed call, an open call, an unfinished line.
        examples: [[0, 10_000, true], [0, 0, false], [1, 250, true], [2, 120, true], [4, 300, true]],
      },
    );
    assert.ok(nonEmpty > 30, `only ${nonEmpty} of 300 cursors got a completion`);
  });

  it('the walkthrough cases answer what the README says', async () => {
    const invoice = CORPUS[0]!;
    const cases: [string, string][] = [
      ['\nexport function countItems(items: LineItem[]): number {\n  |\n}\n', 'return items.length;'],
      ['\nexport function sumCents(values: number[]): number {\n  |\n}\n', 'return values.reduce((sum, value) => sum + value, 0);'],
      ['\nexport function isEmptyInvoice(items: LineItem[]): boolean {\n  |\n}\n', 'return items.length === 0;'],
      ['\nexport const shown = formatMoney(invoiceTo|\n', 'tal(items));'],
      ['\nconst n = Math.max(1, 2|\n', ');'],
    ];
    for (const [typed, expected] of cases) {
      const text = invoice.text + typed.replace('|', '');
      const got = await completionAt(invoice, text, invoice.text.length + typed.indexOf('|'));
      assert.equal(got, expected, typed);
    }
  });
});

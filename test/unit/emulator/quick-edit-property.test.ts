// Property: for every function in the sample and each understood instruction,
// the simulated quick edit passes the extension's own validation and keeps the
// selection intact: undoing just the asked-for change gives the original back.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadTokenizer } from '../../../src/core/tokens.ts';
import { planQuickEdit } from '../../../src/pipeline/quick-edit/quick-edit.ts';
import { simulatedAnswer } from '../../emulator/simulated-model/index.ts';
import { registry, SAMPLE } from './helpers.ts';

interface Fn { path: string; grammar: string; text: string; start: number; end: number; locals: string[] }

/** Every top-level function of the sample files, with the names it declares locally. */
function functions(): Fn[] {
  const out: Fn[] = [];
  for (const [path, grammar] of [['src/invoice.ts', 'typescript'], ['src/checkout.ts', 'typescript'], ['src/money.ts', 'typescript'], ['src/report.py', 'python']] as const) {
    const text = readFileSync(join(SAMPLE, path), 'utf8');
    const head = grammar === 'python' ? /^def \w+/gm : /^export function \w+/gm;
    for (const m of text.matchAll(head)) {
      // A Python function ends before the next unindented line; a TypeScript one after its "}" line.
      const rest = text.slice(m.index);
      const stop = grammar === 'python' ? rest.search(/\n(?=\S)/) : rest.indexOf('\n}\n') + 2;
      let body = stop < 0 ? rest : rest.slice(0, stop + 1);
      if (grammar === 'python') body = body.replace(/\n+$/, '\n');
      const end = m.index + body.length;
      const locals = grammar === 'python'
        ? [...new Set([...body.matchAll(/^\s+(\w+)(?::[^=]+)? = /gm)].map((x) => x[1]!))]
        : [...new Set([...body.matchAll(/\b(?:const|let)\s+(\w+)/g)].map((x) => x[1]!))];
      out.push({ path, grammar, text, start: m.index, end, locals });
    }
  }
  return out;
}

const FNS = functions();
const fresh = fc.stringMatching(/^[a-z][a-zA-Z]{2,8}$/).map((s) => `${s}Sim`);

async function edit(fn: Fn, instruction: string): Promise<{ target: string; value: string }> {
  const doc = { path: fn.path, text: fn.text, tree: registry.sharedParser(fn.grammar)!.parse(fn.text) ?? undefined, grammarId: fn.grammar, languageId: fn.grammar };
  try {
    const { ctx, task } = planQuickEdit({ doc, selStart: fn.start, selEnd: fn.end, instruction }, registry);
    const info = { lane: 'fast' as const, model: 'gemini-3.5-flash', attempt: 0 };
    const prompt = task.prompt(info);
    const answer = await simulatedAnswer([String(prompt.system), String(prompt.prompt)]);
    assert.ok(answer && 'text' in answer, `${instruction} on ${fn.path}@${fn.start}: ${JSON.stringify(answer)}`);
    const checked = await task.validate(answer.text, info, []);
    assert.ok(checked.ok, `${instruction} on ${fn.path}@${fn.start}: ${'message' in checked ? checked.message : ''}`);
    return { target: ctx.target, value: checked.value };
  } finally {
    doc.tree?.delete();
  }
}

describe('simulated quick edits keep the selection intact', () => {
  before(async () => { await loadTokenizer(); await registry.load('typescript'); await registry.load('python'); });
  after(() => registry.dispose());

  it('found the sample functions', () => {
    assert.ok(FNS.length >= 9, `${FNS.length} functions`);
    assert.ok(FNS.some((f) => f.locals.length > 0));
  });

  it('doc comment, rename, parameter and try/catch, on every function', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(FNS.length - 1), fc.nat(3), fresh, fc.nat(), async (f, kind, name, pick) => {
      const fn = FNS[f]!;
      const python = fn.grammar === 'python';
      if (kind === 0) {
        const { target, value } = await edit(fn, 'add a doc comment');
        const stripped = python ? value.replace(/^\s*""".*"""\n/m, '') : value.replace(/^\s*\/\*\*[\s\S]*?\*\/\n/, '');
        assert.equal(stripped, target);
      } else if (kind === 1) {
        if (fn.locals.length === 0) return;
        const local = fn.locals[pick % fn.locals.length]!;
        const { target, value } = await edit(fn, `rename ${local} to ${name}`);
        assert.ok(!target.includes(name));
        assert.equal(value.replaceAll(name, local), target);
        assert.notEqual(value, target);
      } else if (kind === 2) {
        const spec = python ? `${name}: int = 0` : `${name}: number = 0`;
        const { target, value } = await edit(fn, `add a parameter ${spec}`);
        assert.equal(value.replace(`, ${spec}`, ''), target);
        assert.notEqual(value, target);
      } else {
        const { target, value } = await edit(fn, 'wrap in try/catch');
        // Every original line is still there, in order, only indented further.
        const kept = value.split('\n').map((l) => l.trim());
        let at = 0;
        for (const l of target.split('\n').map((x) => x.trim())) {
          at = kept.indexOf(l, at);
          assert.ok(at >= 0, `lost line ${JSON.stringify(l)}`);
          at++;
        }
        assert.match(value, python ? /\n\s+try:\n[\s\S]*\n\s+except Exception as err:\n/ : /\n\s+try \{\n[\s\S]*\n\s+\} catch \(err\) \{\n/);
      }
    }), { seed: 112026, numRuns: 120, examples: [[0, 0, 'sumSim', 0], [0, 1, 'sumSim', 0], [0, 2, 'rateSim', 0], [0, 3, 'xSim', 0]] });
  });
});

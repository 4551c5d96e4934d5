// What the strict syntax check (the TypeScript compiler's parser, besides
// tree-sitter) costs:
//  1. On the completion path: the syntax gate over real completion windows of a
//     real TypeScript file, before TypeScript is loaded (tree-sitter only) and
//     after (tree-sitter + strict), in the same process; the difference is the
//     strict check's own time per completion. Goal: the completion path's own
//     time stays p95 <= 10 ms.
//  2. On a 5,000-line file: one small edit validated with tree-sitter only, then
//     with the strict check too (what quick edit, refactor and transform pay per file).
//  3. Loading TypeScript once (lazy, on first use).
// Run: node bench/strict-parse.ts   (writes .bench/strict-parse.json; with --record bench/results/strict-parse.json)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gateCompletion } from '../src/pipeline/completion/syntax-gate.ts';
import { buildCompletionContext, GrammarRegistry, loadStrictParser, strictProblems, validateEditSync } from '../src/syntax/index.ts';
import { resultPath } from './_results.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FILE = 'node_modules/openai/src/core/pagination.ts';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const round = (x: number) => Math.round(x * 1000) / 1000;
const stats = (xs: number[]) => ({ p50Ms: round(pct(xs, 50)), p95Ms: round(pct(xs, 95)) });
function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

const registry = new GrammarRegistry(join(REPO, 'grammars'));
await registry.load('typescript');
const parser = registry.sharedParser('typescript')!;

// 1. Completion windows and candidates: the next line or two of the real text.
const source = readFileSync(join(REPO, FILE), 'utf8');
const tree = parser.parse(source)!;
const rand = rng(7);
const cases = Array.from({ length: 300 }, () => {
  const offset = Math.floor(rand() * source.length);
  const ctx = buildCompletionContext({ path: FILE, text: source, tree, grammarId: 'typescript' }, offset, undefined, { budget: 1024 });
  const rest = source.slice(offset);
  const lines = rest.split('\n');
  const completion = lines.slice(0, 1 + Math.floor(rand() * 2)).join('\n');
  return { prefix: ctx.prefix, suffix: ctx.suffix.slice(completion.length), completion };
});
tree.delete();
const windowChars = cases.map((c) => c.prefix.length + c.suffix.length);
function gateTimes(): number[] {
  const out: number[] = [];
  for (const c of cases) {
    const t = performance.now();
    gateCompletion({ registry, grammarId: 'typescript', prefix: c.prefix, suffix: c.suffix }, c.completion);
    out.push(performance.now() - t);
  }
  return out;
}
for (let i = 0; i < 2; i++) gateTimes(); // warm tree-sitter
const treeOnly = gateTimes();

// 3. Loading TypeScript (this is also what the first completion after activation triggers, in the background).
const loadStart = performance.now();
await loadStrictParser('typescript');
const loadMs = performance.now() - loadStart;
for (let i = 0; i < 2; i++) gateTimes(); // warm the TypeScript parser
const withStrict = gateTimes();
const added = withStrict.map((t, i) => t - treeOnly[i]!);

// 2. A 5,000-line file.
// Whole files of the openai SDK's resources (so the text parses clean), until 5,000 lines.
const RES = join(REPO, 'node_modules/openai/src/resources');
let big = '';
for (const name of readdirSync(RES).filter((f) => f.endsWith('.ts')).sort()) {
  if (big.split('\n').length >= 5000) break;
  big += `${readFileSync(join(RES, name), 'utf8')}\n`;
}
const at = big.indexOf('return ', big.length >> 1);
const edited = `${big.slice(0, at)}return /* edited */ ${big.slice(at + 'return '.length)}`;
const bigTimes = { treeSitterOnly: [] as number[], withStrict: [] as number[], strictParseOnly: [] as number[] };
for (let i = 0; i < 12; i++) {
  let t = performance.now();
  strictProblems('typescript', edited);
  bigTimes.strictParseOnly.push(performance.now() - t);
  // tree-sitter only: the grammar id of a language with no strict parser would change the parse; time the parse + check directly.
  t = performance.now();
  const tr = parser.parse(edited)!;
  void tr.rootNode.hasError;
  tr.delete();
  bigTimes.treeSitterOnly.push(performance.now() - t);
  t = performance.now();
  validateEditSync(registry, 'typescript', big, edited);
  bigTimes.withStrict.push(performance.now() - t);
}
const drop = (xs: number[]) => xs.slice(2); // first runs warm up

const result = {
  when: new Date().toISOString(),
  node: process.version,
  completion: {
    file: FILE,
    samples: cases.length,
    windowChars: { p50: pct(windowChars, 50), p95: pct(windowChars, 95) },
    gateTreeSitterOnly: stats(treeOnly),
    gateWithStrict: stats(withStrict),
    strictAdded: stats(added),
    note: 'syntax gate per completion, same windows and candidates, same process; the completion path\'s own time goal is p95 <= 10 ms',
  },
  file5000Lines: {
    chars: big.length,
    lines: big.split('\n').length,
    startsClean: (strictProblems('typescript', big) ?? []).length === 0 && !parser.parse(big)!.rootNode.hasError,
    treeSitterParse: stats(drop(bigTimes.treeSitterOnly)),
    strictParse: stats(drop(bigTimes.strictParseOnly)),
    validateEditWithStrict: stats(drop(bigTimes.withStrict)),
    note: 'one small edit; validateEdit with a clean result parses the new text once with each parser',
  },
  typescriptLoadMs: round(loadMs),
};
console.log(JSON.stringify(result, null, 2));
if (!process.argv.includes('--no-write')) writeFileSync(resultPath('strict-parse'), `${JSON.stringify(result, null, 2)}\n`);
registry.dispose();

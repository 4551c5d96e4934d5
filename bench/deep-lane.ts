// Deep-lane benchmarks (issue 7). Writes .bench/deep-lane.json (bench/results/ with --record).
//   node bench/deep-lane.ts
// 1. Local transform throughput (spec check + run over every file) vs the raw
//    parse rate of the same texts, measured in the same run (goal >= 70%).
// 2. End-to-end refactor overhead excluding model time, 20-file plan, through
//    the real pipeline against the instant emulator (goal < 200 ms).
// 3. Router estimate vs recorded cost on emulated refactors (goal +-25%).
// 4. The first-run estimate (no history) on 20 emulated refactors and transforms
//    of different sizes: median and worst error, and the share inside the shown range.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSettings, type SettingKey } from '../src/core/settings.ts';
import { createPipeline } from '../src/pipeline/create-pipeline.ts';
import { fixedSettings } from '../src/pipeline/settings-snapshot.ts';
import { LedgerStore } from '../src/ledger/store.ts';
import { buildRefactorTask } from '../src/pipeline/refactor/refactor-task.ts';
import { nodePlanWorkspace } from '../src/pipeline/refactor/plan-workspace.ts';
import { writeOutcomes } from '../src/pipeline/refactor/write-plan.ts';
import { checkSpec, type ScopeFile } from '../src/pipeline/transform/check-spec.ts';
import { GrammarRegistry, indexInProcess } from '../src/syntax/index.ts';
import { startEmulator } from '../test/emulator/server.ts';
import { consoleSpec } from '../test/unit/helpers/deep-lane-fixtures.ts';
import { firstRunEstimates } from './_first-estimates.ts';
import { resultPath } from './_results.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GRAMMARS = join(REPO, 'grammars');
const CORPUS = ['openai/src', 'zod/src'].map((p) => join(REPO, 'node_modules', p));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function listTs(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) listTs(p, out);
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') && statSync(p).size <= 1_000_000) out.push(p);
  }
  return out;
}

async function throughput(registry: GrammarRegistry) {
  const files: ScopeFile[] = CORPUS.flatMap((d) => listTs(d).map((p) => ({ path: p.slice(REPO.length + 1).replace('node_modules/', ''), text: readFileSync(p, 'utf8') })));
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  await registry.load('typescript');
  const parser = registry.sharedParser('typescript')!;
  const raw: number[] = [];
  const transform: number[] = [];
  // The same rewrite with regex predicates the engine's literal prefilter cannot
  // read: every file then pays a parse and a query run (the worst case).
  const unfiltered: number[] = [];
  const regexSpec = consoleSpec({ query: consoleSpec().query.replace('(#eq? @obj "console")', '(#match? @obj "^consol[e]$")').replace('(#eq? @prop "log")', '(#match? @prop "^lo[g]$")') });
  let changed = 0;
  let matches = 0;
  for (let round = 0; round < 5; round++) {
    let t = performance.now();
    for (const f of files) parser.parse(f.text)!.delete();
    raw.push(performance.now() - t);
    t = performance.now();
    const r = await checkSpec(consoleSpec(), registry, files);
    transform.push(performance.now() - t);
    if (!r.ok) throw new Error(r.message);
    changed = r.value.changed.length;
    matches = r.value.matches;
    t = performance.now();
    const u = await checkSpec(regexSpec, registry, files);
    unfiltered.push(performance.now() - t);
    if (!u.ok || u.value.matches !== matches || u.value.changed.length !== changed) throw new Error('the regex variant disagrees');
  }
  const mb = bytes / 1e6;
  const rawS = median(raw) / 1000;
  const trS = median(transform) / 1000;
  const unS = median(unfiltered) / 1000;
  return {
    corpus: { files: files.length, megabytes: Math.round(mb * 100) / 100, dirs: ['node_modules/openai/src', 'node_modules/zod/src'] },
    rawParse: { filesPerS: Math.round(files.length / rawS), MBps: Math.round((mb / rawS) * 100) / 100 },
    transform: { filesPerS: Math.round(files.length / trS), MBps: Math.round((mb / trS) * 100) / 100, filesChanged: changed, matches },
    ratio: Math.round((rawS / trS) * 1000) / 1000,
    withoutPrefilter: { MBps: Math.round((mb / unS) * 100) / 100, ratio: Math.round((rawS / unS) * 1000) / 1000 },
  };
}

async function refactorRuns(registry: GrammarRegistry) {
  const emu = await startEmulator({ instant: true });
  const work = mkdtempSync(join(tmpdir(), 'switchyard-bench-deep-'));
  const store = new LedgerStore(join(work, 'ledger'));
  const values: Partial<Record<SettingKey, unknown>> = { 'deepLane.baseUrl': emu.openaiBaseUrl, 'budget.dailyUsd': 0, 'budget.monthlyUsd': 0 };
  const settings = readSettings((k) => values[k]);
  const outputs: number[] = [];
  const pipeline = createPipeline({
    settings: fixedSettings(settings), keys: { own: () => ({ key: 'sk-bench', source: 'bench' }) }, env: {}, ledger: store, simulated: true,
    // As the editor does: the recent average output of this kind, from the ledger.
    expectedOutputTokens: () => (outputs.length ? Math.round(outputs.slice(-20).reduce((a, b) => a + b, 0) / Math.min(20, outputs.length)) : undefined),
  });
  try {
    // 20 real files, each renamed at a unique anchor: a 20-file plan.
    const src = listTs(join(REPO, 'node_modules/openai/src/resources')).filter((p) => statSync(p).size > 2000).slice(0, 20);
    const overhead: number[] = [];
    const breakdown: { context: number; pipelineMinusModel: number; write: number }[] = [];
    const estimates: { estimateNanos: number; costNanos: number; errorPct: number; warm: boolean }[] = [];
    for (let round = 0; round < 8; round++) {
      const root = join(work, `ws${round}`);
      const rels = src.map((p, i) => `src/f${i}.ts`);
      src.forEach((p, i) => { mkdirSync(join(root, 'src'), { recursive: true }); cpSync(p, join(root, rels[i]!)); });
      const texts = rels.map((r) => readFileSync(join(root, r), 'utf8'));
      const operations = rels.map((rel, i) => {
        const line = texts[i]!.split('\n').find((l) => l.trim().length > 20 && texts[i]!.split(l).length === 2)!;
        return { kind: 'modify', path: rel, hunks: [{ search: line, replace: `${line} // reviewed` }] };
      });
      emu.script({ match: { protocol: 'responses' }, json: { summary: `round ${round}`, operations } });
      const { index } = await indexInProcess(registry, root);
      const t0 = performance.now();
      const { task } = await buildRefactorTask({ instruction: 'Mark every file reviewed', index, workspace: nodePlanWorkspace(root), registry, budget: settings.promptTokens.refactor, focusFiles: rels });
      const t1 = performance.now();
      const result = await pipeline.run(task);
      const t2 = performance.now();
      if (!result.ok) throw new Error(result.message);
      writeOutcomes(root, result.value.files);
      const t3 = performance.now();
      const rec = result.records[0]!;
      const model = rec.timings.endMs;
      breakdown.push({ context: t1 - t0, pipelineMinusModel: t2 - t1 - model, write: t3 - t2 });
      overhead.push(t3 - t0 - model);
      estimates.push({ estimateNanos: rec.estimateNanos, costNanos: rec.costNanos, errorPct: Math.round(((rec.estimateNanos - rec.costNanos) / rec.costNanos) * 1000) / 10, warm: outputs.length > 0 });
      outputs.push(rec.tokens.output);
      if (result.value.files.length !== 20) throw new Error('expected 20 files');
    }
    const warm = estimates.filter((e) => e.warm);
    return {
      overheadMs: { median: Math.round(median(overhead.slice(1)) * 10) / 10, runs: overhead.map((x) => Math.round(x)), breakdownMedianMs: Object.fromEntries(['context', 'pipelineMinusModel', 'write'].map((k) => [k, Math.round(median(breakdown.slice(1).map((b) => b[k as keyof typeof b])) * 10) / 10])) },
      estimate: { cold: estimates[0], warmMaxAbsErrorPct: Math.max(...warm.map((e) => Math.abs(e.errorPct))), runs: estimates },
    };
  } finally {
    await store.close();
    await emu.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const registry = new GrammarRegistry(GRAMMARS);
try {
  const tp = await throughput(registry);
  const rf = await refactorRuns(registry);
  const first = await firstRunEstimates(registry, REPO);
  const result = {
    date: new Date().toISOString(), node: process.version,
    transformThroughput: tp,
    refactor: rf,
    firstRunEstimates: first,
    goals: [
      { name: 'local transform throughput / raw parse rate', value: `${Math.round(tp.ratio * 100)}% (${tp.transform.MBps} vs ${tp.rawParse.MBps} MB/s)`, goal: '>= 70%', met: tp.ratio >= 0.7 },
      { name: 'refactor overhead excluding model time, 20-file plan (median)', value: `${rf.overheadMs.median} ms`, goal: '< 200 ms', met: rf.overheadMs.median < 200 },
      { name: 'estimate vs recorded cost, warm (recent outputs known)', value: `max |error| ${rf.estimate.warmMaxAbsErrorPct}%`, goal: '<= 25%', met: rf.estimate.warmMaxAbsErrorPct <= 25 },
      { name: `first-run estimate vs recorded cost, ${first.runs.length} refactors and transforms (no history)`, value: `median |error| ${first.medianAbsErrorPct}%, worst ${first.worstAbsErrorPct}%`, goal: '<= 25%', met: first.worstAbsErrorPct <= 25 },
      { name: 'recorded cost inside the shown range, first runs', value: `${Math.round(first.shareInRange * 100)}% (widest range ${first.widestRange}x)`, goal: 'range <= 5x', met: first.widestRange <= 5 },
    ],
  };
  writeFileSync(resultPath('deep-lane'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result.goals, null, 2));
  console.log(`transform without the literal prefilter (regex predicates): ${tp.withoutPrefilter.MBps} MB/s, ${Math.round(tp.withoutPrefilter.ratio * 100)}% of raw parse`);
  console.log(`cold estimate: ${JSON.stringify(rf.estimate.cold)}; breakdown ${JSON.stringify(rf.overheadMs.breakdownMedianMs)}`);
  for (const r of first.runs) console.log(`first run: ${r.name}: ${r.outputTokens} out (expected ${r.hintTokens}), cost error ${r.errorPct}%${r.inRange ? '' : ' (outside the range)'}`);
  console.log(`held out: ${first.heldOut.inRange} of ${first.heldOut.runs} inside the range, worst |error| ${first.heldOut.worstAbsErrorPct}%`);
  console.log(`first-run output tokens: median |error| ${first.output.medianAbsErrorPct}%, worst ${first.output.worstAbsErrorPct}%; kind default before: median ${first.kindDefault.medianAbsErrorPct}%, worst ${first.kindDefault.worstAbsErrorPct}%`);
} finally {
  registry.dispose();
}

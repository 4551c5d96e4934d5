// Syntax benchmarks (issue 4). Figures are medians; timings are also given as
// ratios to a baseline measured in the same process, because this box is noisy.
//   node bench/syntax.ts            full run, writes .bench/syntax.json (bench/results/ with --record)
//   node bench/syntax.ts --rss-child <dir>   (internal) index <dir>, print peak RSS
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GrammarRegistry, ParseService, WorkspaceIndex, buildCompletionContext } from '../src/syntax/index.ts';
import type { SymbolIndex } from '../src/syntax/index.ts';
import { loadTokenizer } from '../src/core/tokens.ts';
import { resultPath } from './_results.ts';
import { GRAMMARS, WORKER, copyCorpus, copyTenK, corpusFiles, median, pct } from './_corpus.ts';

const threadCpuMs = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};

async function rssChild(dir: string): Promise<void> {
  const wi = new WorkspaceIndex({ root: dir, grammarsDir: GRAMMARS, workerScript: WORKER, idleRecycleMs: 0 });
  const r = await wi.build();
  await wi.dispose();
  // What the index itself keeps on the main thread (the rest of the peak is the worker and Node).
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(JSON.stringify({ files: r.files, bytes: r.bytes, ms: r.wallMs, maxRssMB: process.resourceUsage().maxRSS / 1024, heapUsedMB: m.heapUsed / 2 ** 20, externalMB: m.external / 2 ** 20, references: referenceCount(wi.index), definitions: wi.index.definitionCount }));
}

function referenceCount(index: SymbolIndex): number {
  let n = 0;
  for (const f of index.files()) n += f.references.length;
  return n;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const registry = new GrammarRegistry(GRAMMARS);
  try {
    // Corpus: real TypeScript from installed packages, copied so ignores/paths are ours.
    const corpusDir = join(work, 'corpus');
    const files = corpusFiles();
    copyCorpus(files, corpusDir);
    const texts = files.map((f) => readFileSync(f, 'utf8'));
    const totalBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    const parser = (await registry.createParser('typescript'))!;

    // 1. Raw parse rate (main thread, texts in memory) vs full index (worker: walk, read, parse, tags).
    const raw: number[] = [];
    const full: number[] = [];
    const lagP99: number[] = [];
    const cpuRatio: number[] = [];
    const cpuRatioNoSetup: number[] = [];
    const setupCpu: number[] = [];
    for (let run = 0; run < 3; run++) {
      let t = performance.now();
      const cpu0 = threadCpuMs();
      for (const text of texts) parser.parse(text)!.delete();
      raw.push(totalBytes / 1e6 / ((performance.now() - t) / 1000));
      const rawCpu = threadCpuMs() - cpu0;
      const lag = monitorEventLoopDelay({ resolution: 5 });
      // One worker against one raw-parse thread: the default two would compare two cores with one (index-start measures two vs one).
      const wi = new WorkspaceIndex({ root: corpusDir, grammarsDir: GRAMMARS, workerScript: WORKER, idleRecycleMs: 0, workers: 1 });
      lag.enable();
      t = performance.now();
      const r = await wi.build();
      const wall = performance.now() - t;
      lag.disable();
      lagP99.push(lag.percentile(99) / 1e6);
      full.push(r.bytes / 1e6 / (wall / 1000));
      // CPU time of the indexing thread vs the raw parse's: what the wall ratio would be on an idle box.
      if (r.cpuMs !== undefined) cpuRatio.push((r.bytes / r.cpuMs) / (totalBytes / rawCpu));
      // The same without the worker's one-time setup (grammar load, tags query compile): the per-byte cost alone.
      if (r.cpuMs !== undefined && r.setupCpuMs !== undefined) {
        setupCpu.push(r.setupCpuMs);
        cpuRatioNoSetup.push((r.bytes / (r.cpuMs - r.setupCpuMs)) / (totalBytes / rawCpu));
      }
      await wi.dispose();
    }

    // 2. One-char edit + incremental reparse + completion context in a 5,000-line file.
    await loadTokenizer();
    const lines: string[] = [];
    for (const text of texts) {
      if (lines.length >= 5000) break;
      if (text.length < 200_000) lines.push(...text.split('\n'));
    }
    const big = lines.slice(0, 5000).join('\n');
    const parse = new ParseService({ registry });
    const wiCtx = new WorkspaceIndex({ root: corpusDir, grammarsDir: GRAMMARS, workerScript: WORKER, idleRecycleMs: 0 });
    await wiCtx.build();
    await wiCtx.dispose();
    await parse.open('big.ts', 'typescript', big);
    const fullParse: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      parser.parse(parse.get('big.ts')!.text)!.delete();
      fullParse.push(performance.now() - t);
    }
    const edit: number[] = [];
    let offset = Math.floor(big.length / 2);
    offset = big.indexOf('\n', offset) + 1;
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const doc = parse.update('big.ts', [{ rangeOffset: offset, rangeLength: i % 2 === 0 ? 0 : 1, text: i % 2 === 0 ? 'x' : '' }])!;
      buildCompletionContext({ path: 'big.ts', text: doc.text, tree: doc.tree, grammarId: doc.grammarId }, offset + (i % 2 === 0 ? 1 : 0), wiCtx.index);
      edit.push(performance.now() - t);
    }
    parse.dispose();
    parser.delete();

    // 3. Peak RSS indexing a 10,000-file workspace (in a fresh process).
    const tenK = join(work, 'tenk');
    copyTenK(files, tenK);
    const rss = JSON.parse(execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--rss-child', tenK], { encoding: 'utf8', maxBuffer: 1 << 20 })) as { files: number; bytes: number; ms: number; maxRssMB: number; heapUsedMB: number; externalMB: number; references: number; definitions: number };

    const rawRate = median(raw);
    const indexRate = median(full);
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      corpus: { files: files.length, megabytes: Number((totalBytes / 1e6).toFixed(2)) },
      rawParseMBps: Number(rawRate.toFixed(2)),
      indexMBps: Number(indexRate.toFixed(2)),
      indexVsRaw: Number((indexRate / rawRate).toFixed(3)),
      indexVsRawCpu: cpuRatio.length ? Number(median(cpuRatio).toFixed(3)) : null,
      indexVsRawCpuWithoutSetup: cpuRatioNoSetup.length ? Number(median(cpuRatioNoSetup).toFixed(3)) : null,
      indexSetupCpuMs: setupCpu.length ? Math.round(median(setupCpu)) : null,
      eventLoopLagP99Ms: Number(median(lagP99).toFixed(2)),
      editContext5kLinesP95Ms: Number(pct(edit, 0.95).toFixed(2)),
      editContext5kLinesMedianMs: Number(median(edit).toFixed(2)),
      fullParse5kLinesMedianMs: Number(median(fullParse).toFixed(2)),
      tenKFiles: { files: rss.files, megabytes: Number((rss.bytes / 1e6).toFixed(1)), seconds: Number((rss.ms / 1000).toFixed(1)), peakRssMB: Math.round(rss.maxRssMB), references: rss.references, definitions: rss.definitions, mainHeapAfterMB: Math.round(rss.heapUsedMB), mainExternalAfterMB: Math.round(rss.externalMB) },
    };
    const goals = [
      ['full index throughput / raw parse rate', `${(results.indexVsRaw * 100).toFixed(0)}% (${results.indexMBps} vs ${results.rawParseMBps} MB/s; CPU-time ratio ${results.indexVsRawCpu === null ? 'n/a' : `${(results.indexVsRawCpu * 100).toFixed(0)}%`}, ${results.indexVsRawCpuWithoutSetup === null ? 'n/a' : `${(results.indexVsRawCpuWithoutSetup * 100).toFixed(0)}%`} without setup)`, '>= 80%', results.indexVsRaw >= 0.8],
      ['event-loop lag p99 while indexing', `${results.eventLoopLagP99Ms} ms`, '<= 30 ms', results.eventLoopLagP99Ms <= 30],
      ['1-char edit + reparse + completion ctx, 5k lines, p95', `${results.editContext5kLinesP95Ms} ms (full parse ${results.fullParse5kLinesMedianMs} ms)`, '<= 5 ms', results.editContext5kLinesP95Ms <= 5],
      ['peak RSS, 10,000-file index', `${results.tenKFiles.peakRssMB} MB (${results.tenKFiles.megabytes} MB in ${results.tenKFiles.seconds} s)`, '<= 300 MB', results.tenKFiles.peakRssMB <= 300],
    ] as const;
    writeFileSync(resultPath('syntax'), `${JSON.stringify({ ...results, goals: goals.map(([name, value, goal, met]) => ({ name, value, goal, met })) }, null, 2)}\n`);
    const w = Math.max(...goals.map((g) => g[0].length));
    console.log(`corpus: ${results.corpus.files} real TypeScript files, ${results.corpus.megabytes} MB`);
    for (const [name, value, goal, met] of goals) console.log(`${name.padEnd(w)}  ${value.padEnd(44)} goal ${goal.padEnd(9)} ${met ? 'met' : 'MISSED'}`);
  } finally {
    registry.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--rss-child') await rssChild(process.argv[3]!);
else await main();

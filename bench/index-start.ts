// Index start-up on the 10,000-file workspace (issue 19): a cold index with
// one worker and with two, and a warm start from the cache with nothing
// changed and with 1% of the files changed. Every run is a fresh process (so
// peak RSS is its own); the four kinds alternate within each round, so a busy
// machine weighs on all alike. Figures are medians over the rounds.
//   node bench/index-start.ts [--rounds N]   writes .bench/index-start.json (bench/results/ with --record)
//   node bench/index-start.ts --child <cold|warm> <dir> <cacheFile> <workers>   (internal) one run, prints JSON
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WorkspaceIndex } from '../src/syntax/index.ts';
import { cacheFingerprint, writeIndexCache } from '../src/syntax/index/index-cache.ts';
import { writeResult } from './_results.ts';
import { GRAMMARS, WORKER, copyTenK, corpusFiles, median } from './_corpus.ts';

interface Run { mode: string; wallMs: number; lagP99Ms: number; peakRssMB: number; parsed: number; reused: number; workers: number; cpuMs: number; files: number; saveMs?: number }

async function child(mode: 'cold' | 'warm', dir: string, cacheFile: string, workers: number): Promise<void> {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const started = performance.now();
  const wi = new WorkspaceIndex({ root: dir, grammarsDir: GRAMMARS, workerScript: WORKER, idleRecycleMs: 0, saveDelayMs: 0, workers, cacheFile: mode === 'warm' ? cacheFile : undefined });
  const r = await wi.build();
  const wallMs = performance.now() - started;
  lag.disable();
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  let saveMs: number | undefined;
  if (mode === 'cold') {
    // Written after the figures are taken: in the extension this happens later, in the background.
    const t = performance.now();
    await writeIndexCache(cacheFile, wi.index, { fingerprint: await cacheFingerprint(GRAMMARS), root: wi.root });
    saveMs = performance.now() - t;
  }
  await wi.dispose();
  const out: Run = { mode, wallMs, lagP99Ms: lag.percentile(99) / 1e6, peakRssMB, parsed: r.files, reused: r.reused, workers: r.workers, cpuMs: r.cpuMs ?? NaN, files: wi.index.fileCount, saveMs };
  process.stdout.write(JSON.stringify(out));
}

function run(mode: 'cold' | 'warm', dir: string, cacheFile: string, workers: number): Run {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, dir, cacheFile, String(workers)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as Run;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--rounds');
  const rounds = at > 0 ? Number(process.argv[at + 1]) : 3;
  const work = mkdtempSync(join(tmpdir(), 'switchyard-bench-index-'));
  const load: number[][] = [loadavg()];
  try {
    const dir = join(work, 'tenk');
    const cacheFile = join(work, 'storage', 'index.cache');
    copyTenK(corpusFiles(), dir);
    const runs: Record<string, Run[]> = { cold1: [], cold2: [], warm0: [], warm1pct: [] };
    for (let round = 0; round < rounds; round++) {
      // Alternate which cold run goes first; the second one writes the cache the warm runs read.
      const order: [string, number][] = round % 2 === 0 ? [['cold1', 1], ['cold2', 2]] : [['cold2', 2], ['cold1', 1]];
      for (const [name, workers] of order) runs[name]!.push(run('cold', dir, cacheFile, workers));
      runs.warm0!.push(run('warm', dir, cacheFile, 2));
      // 1%: 100 files edited (size and mtime change), a different 100 each round.
      for (let k = 0; k < 100; k++) appendFileSync(join(dir, `d${k}`, `f${round * 100 + k}.ts`), `\n// edited in round ${round}\n`);
      runs.warm1pct!.push(run('warm', dir, cacheFile, 2));
      console.log(`round ${round + 1}/${rounds}: cold 1 worker ${(runs.cold1!.at(-1)!.wallMs / 1000).toFixed(1)} s, 2 workers ${(runs.cold2!.at(-1)!.wallMs / 1000).toFixed(1)} s, warm ${runs.warm0!.at(-1)!.wallMs.toFixed(0)} ms, warm 1% ${runs.warm1pct!.at(-1)!.wallMs.toFixed(0)} ms (load ${loadavg()[0]!.toFixed(1)})`);
      load.push(loadavg());
    }
    const m = (name: string, key: keyof Run) => median(runs[name]!.map((r) => r[key] as number));
    const summary = Object.fromEntries(Object.keys(runs).map((name) => [name, {
      wallMs: Math.round(m(name, 'wallMs')), lagP99Ms: Number(m(name, 'lagP99Ms').toFixed(1)), peakRssMB: Math.round(m(name, 'peakRssMB')),
      parsed: m(name, 'parsed'), reused: m(name, 'reused'), workers: m(name, 'workers'), cpuMs: Math.round(m(name, 'cpuMs')), files: m(name, 'files'),
    }]));
    const speedup = m('cold1', 'wallMs') / m('cold2', 'wallMs');
    const cacheMB = statSync(cacheFile).size / 1e6;
    const saveMs = median(runs.cold2!.map((r) => r.saveMs!));
    const cold = summary.cold2!;
    const goals = [
      ['warm start ready, nothing changed', `${summary.warm0!.wallMs} ms (${summary.warm0!.parsed} parsed, ${summary.warm0!.reused} from the cache)`, '<= 1 s', summary.warm0!.wallMs <= 1000],
      ['warm start ready, 1% changed', `${summary.warm1pct!.wallMs} ms (${summary.warm1pct!.parsed} parsed)`, '<= 2 s', summary.warm1pct!.wallMs <= 2000],
      ['peak RSS, warm vs cold (2 workers)', `${summary.warm0!.peakRssMB} / ${summary.warm1pct!.peakRssMB} vs ${cold.peakRssMB} MB`, '<= cold', Math.max(summary.warm0!.peakRssMB, summary.warm1pct!.peakRssMB) <= cold.peakRssMB],
      ['cold index, 2 workers vs 1: wall-time speed-up', `${speedup.toFixed(2)}x (${(cold.wallMs / 1000).toFixed(1)} vs ${(summary.cold1!.wallMs / 1000).toFixed(1)} s)`, '>= 1.5x', speedup >= 1.5],
      ['event-loop lag p99, cold index, 2 workers', `${cold.lagP99Ms} ms (1 worker: ${summary.cold1!.lagP99Ms} ms)`, '<= 30 ms', cold.lagP99Ms <= 30],
      ['peak RSS, cold index, 2 workers', `${cold.peakRssMB} MB (1 worker: ${summary.cold1!.peakRssMB} MB)`, '<= 300 MB', cold.peakRssMB <= 300],
    ] as const;
    const result = {
      date: new Date().toISOString(), node: process.version, rounds, loadAverage1m: load.map((l) => Number(l[0]!.toFixed(2))),
      workspace: { files: summary.cold1!.files }, cacheMB: Number(cacheMB.toFixed(1)), cacheSaveMs: Math.round(saveMs),
      speedup: Number(speedup.toFixed(2)), cpuMsOneWorker: summary.cold1!.cpuMs, cpuMsTwoWorkers: cold.cpuMs, ...summary,
      goals: goals.map(([name, value, goal, met]) => ({ name, value, goal, met })),
    };
    const path = writeResult('index-start', result);
    const w = Math.max(...goals.map((g) => g[0].length));
    console.log(`10,000 files; cache ${result.cacheMB} MB, written in ${result.cacheSaveMs} ms; worker CPU ${(result.cpuMsOneWorker / 1000).toFixed(1)} s (1) vs ${(result.cpuMsTwoWorkers / 1000).toFixed(1)} s (2); load ${result.loadAverage1m.join(', ')}`);
    for (const [name, value, goal, met] of goals) console.log(`${name.padEnd(w)}  ${value.padEnd(48)} goal ${goal.padEnd(8)} ${met ? 'met' : 'MISSED'}`);
    console.log(`written to ${path}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3] as 'cold' | 'warm', process.argv[4]!, process.argv[5]!, Number(process.argv[6]));
else await main();

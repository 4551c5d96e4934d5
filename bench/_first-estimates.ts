// The first-run estimate (no history of the kind in the ledger) against what the
// emulator bills, on the refactors and transforms of _estimate-scenarios.ts: each
// run gets a fresh pipeline, so the estimate is the one a new user sees first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readSettings, type SettingKey } from '../src/core/settings.ts';
import { createPipeline } from '../src/pipeline/create-pipeline.ts';
import { describeEstimate, estimateTask, type TaskEstimate } from '../src/pipeline/estimate.ts';
import { fixedSettings } from '../src/pipeline/settings-snapshot.ts';
import { LedgerStore } from '../src/ledger/store.ts';
import { buildRefactorTask } from '../src/pipeline/refactor/refactor-task.ts';
import { nodePlanWorkspace } from '../src/pipeline/refactor/plan-workspace.ts';
import { buildTransformTask } from '../src/pipeline/transform/transform-task.ts';
import type { PipelineTask } from '../src/pipeline/task-types.ts';
import type { GrammarRegistry } from '../src/syntax/index.ts';
import { indexInProcess } from '../src/syntax/index.ts';
import { startEmulator } from '../test/emulator/server.ts';
import { refactorScenarios, transformScenarios } from './_estimate-scenarios.ts';

export interface FirstRun {
  name: string;
  holdout: boolean;
  kind: string;
  inputTokens: number;
  hintTokens: number;
  outputTokens: number;
  /** (expected output - actual output) / actual output, in percent: the hint's own error. */
  outputErrorPct: number;
  estimateNanos: number;
  rangeNanos: [number, number];
  costNanos: number;
  /** (estimate - actual) / actual, in percent. */
  errorPct: number;
  inRange: boolean;
  /** The same task estimated with the kind's default output (the rule before the hint). */
  kindDefaultErrorPct: number;
  /** The line the user reads before sending. */
  shown: string;
}

const pct = (estimate: number, actual: number) => Math.round(((estimate - actual) / actual) * 1000) / 10;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) * 10) / 10;
};

export async function firstRunEstimates(registry: GrammarRegistry, repo: string) {
  const emu = await startEmulator({ instant: true });
  const work = mkdtempSync(join(tmpdir(), 'switchyard-bench-estimate-'));
  const values: Partial<Record<SettingKey, unknown>> = { 'deepLane.baseUrl': emu.openaiBaseUrl, 'budget.dailyUsd': 0, 'budget.monthlyUsd': 0 };
  const settings = readSettings((k) => values[k]);
  const runs: FirstRun[] = [];
  const measure = async (name: string, holdout: boolean, task: PipelineTask<unknown>, reply: unknown, n: number) => {
    const store = new LedgerStore(join(work, `ledger${n}`));
    // No expectedOutputTokens: a first run, before the ledger knows this kind.
    const pipeline = createPipeline({ settings: fixedSettings(settings), keys: { own: () => ({ key: 'sk-bench', source: 'bench' }) }, env: {}, ledger: store, simulated: true });
    try {
      const shown: TaskEstimate = estimateTask(pipeline, task);
      const before = estimateTask(pipeline, { ...task, outputTokensHint: undefined });
      emu.script({ match: { protocol: 'responses' }, json: reply });
      const result = await pipeline.run(task);
      if (!result.ok) throw new Error(`${name}: ${result.message}`);
      const rec = result.records[0]!;
      if (rec.estimateNanos !== shown.estimate.costNanosLow) throw new Error(`${name}: the shown estimate differs from the recorded one`);
      const { range } = shown.estimate;
      runs.push({
        name, holdout, kind: task.kind, inputTokens: rec.tokens.input, hintTokens: task.outputTokensHint ?? 0, outputTokens: rec.tokens.output,
        outputErrorPct: pct(shown.estimate.typicalOutputTokens, rec.tokens.output),
        estimateNanos: rec.estimateNanos, rangeNanos: [range.costNanosLow, range.costNanosHigh], costNanos: rec.costNanos,
        errorPct: pct(rec.estimateNanos, rec.costNanos), inRange: range.costNanosLow <= rec.costNanos && rec.costNanos <= range.costNanosHigh,
        kindDefaultErrorPct: pct(before.estimate.costNanosLow, rec.costNanos), shown: describeEstimate(shown),
      });
    } finally {
      await store.close();
    }
  };
  try {
    let n = 0;
    for (const s of refactorScenarios(repo)) {
      const root = join(work, `ws${++n}`);
      for (const [rel, text] of Object.entries(s.files)) { mkdirSync(dirname(join(root, rel)), { recursive: true }); writeFileSync(join(root, rel), text); }
      const { index } = await indexInProcess(registry, root);
      const { task } = await buildRefactorTask({ instruction: s.instruction, index, workspace: nodePlanWorkspace(root), registry, budget: settings.promptTokens.refactor, focusFiles: s.focus });
      await measure(s.name, s.holdout === true, task, { summary: s.instruction, operations: s.operations(s.files) }, n);
    }
    for (const s of transformScenarios()) {
      const task = await buildTransformTask({ instruction: s.instruction, registry, scope: s.files, budget: settings.promptTokens.astTransform });
      await measure(s.name, s.holdout === true, task, s.spec, ++n);
    }
  } finally {
    await emu.close();
    rmSync(work, { recursive: true, force: true });
  }
  const abs = runs.map((r) => Math.abs(r.errorPct));
  const widths = runs.map((r) => Math.round((r.rangeNanos[1] / r.rangeNanos[0]) * 100) / 100);
  return {
    runs,
    medianAbsErrorPct: median(abs),
    worstAbsErrorPct: Math.max(...abs),
    output: { medianAbsErrorPct: median(runs.map((r) => Math.abs(r.outputErrorPct))), worstAbsErrorPct: Math.max(...runs.map((r) => Math.abs(r.outputErrorPct))) },
    shareInRange: Math.round((runs.filter((r) => r.inRange).length / runs.length) * 100) / 100,
    widestRange: Math.max(...widths),
    heldOut: { runs: runs.filter((r) => r.holdout).length, worstAbsErrorPct: Math.max(...runs.filter((r) => r.holdout).map((r) => Math.abs(r.errorPct))), inRange: runs.filter((r) => r.holdout && r.inRange).length },
    kindDefault: { medianAbsErrorPct: median(runs.map((r) => Math.abs(r.kindDefaultErrorPct))), worstAbsErrorPct: Math.max(...runs.map((r) => Math.abs(r.kindDefaultErrorPct))) },
  };
}

// Replayed agent sessions (issue 16): 30 seeded tasks of 10-40 tool-calling turns,
// each run as Switchyard Auto, all-deep (Switchyard Deep) and all-fast (Switchyard
// Fast) through the real runAgentTurn: real SDKs over HTTP to the emulator on
// 127.0.0.1, whose responder plays both lanes (bench/agent/lanes.ts), and the real
// ledger in a temporary folder. Tasks run one mode after another, task by task, so
// load on the machine falls on the three alike.
//   node bench/agent-replay.ts [--seed 16] [--tasks 30] [--pace 20] [--record]
import '../test/net-tripwire.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings, type SettingKey } from '../src/core/settings.ts';
import type { LaneId } from '../src/core/task.ts';
import { LedgerStore } from '../src/ledger/store.ts';
import type { AgentModel } from '../src/pipeline/agent/agent-types.ts';
import { createPipeline, type Pipeline } from '../src/pipeline/create-pipeline.ts';
import { runAgentTurn } from '../src/pipeline/agent/run-agent-turn.ts';
import { fixedSettings } from '../src/pipeline/settings-snapshot.ts';
import { startEmulator, type RespondedRequest, type ScriptedReply } from '../test/emulator/server.ts';
import { runTask, TURN_LIMIT_FACTOR, type Scene, type TaskRun } from './agent/harness.ts';
import { laneAnswer, MALFORMED_RATE } from './agent/lanes.ts';
import { goals, summarise, table } from './agent/report.ts';
import { generateTasks } from './agent/scenarios.ts';
import { writeResult } from './_results.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SEED = arg('seed', 16);
const TASKS = arg('tasks', 30);
/** The emulator runs at this many times the published token rates (first-token delays divided alike). */
const PACE = arg('pace', 20);

const MODES: readonly { id: string; model: AgentModel; label: string }[] = [
  { id: 'deep', model: 'deep', label: 'all-deep (Switchyard Deep)' },
  { id: 'auto', model: 'auto', label: 'Auto' },
  { id: 'fast', model: 'fast', label: 'all-fast (Switchyard Fast)' },
];

const tasks = generateTasks(SEED, TASKS);
const settingsValues: Partial<Record<SettingKey, unknown>> = { 'budget.dailyUsd': 0, 'budget.monthlyUsd': 0 };
const deepModel = readSettings((k) => settingsValues[k]).deepLane.model;
let scene: Scene | undefined;

/** Tokens a provider's implicit prompt cache would serve: the previous same-model request of this task, in 128-token blocks from 1,024. */
function cachedPrefix(model: string, since: number): number {
  const previous = emu.requests.slice(since).filter((r) => r.model === model && r.usage).at(-1);
  const input = previous?.usage?.input ?? 0;
  return input >= 1024 ? Math.floor(input / 128) * 128 : 0;
}

let taskStart = 0;
/** Requests whose conversation did not carry every tool result the harness had sent (the wire lost one). */
let conversationMismatches = 0;
const responder = (request: RespondedRequest): ScriptedReply | undefined => {
  const step = scene?.task.steps[scene.step];
  if (!scene || !step) return undefined;
  if (request.messages.reduce((n, m) => n + m.toolResults.length, 0) !== scene.resultsSent) conversationMismatches++;
  const lane: LaneId = request.model === deepModel ? 'deep' : 'fast';
  const asked = scene.asked.get(lane) ?? 0;
  scene.asked.set(lane, asked + 1);
  const answer = laneAnswer(SEED, lane, step, [scene.task.id, scene.step, lane, asked]);
  return { text: answer.text, toolCalls: answer.toolCalls, cachedTokens: cachedPrefix(request.model, taskStart) };
};

const emu = await startEmulator({ rateMultiplier: PACE, responder });
const work = mkdtempSync(join(tmpdir(), 'switchyard-bench-agent-'));
const lanes: { id: string; model: AgentModel; label: string; store: LedgerStore; pipeline: Pipeline; runs: TaskRun[] }[] = MODES.map((m) => {
  const store = new LedgerStore(join(work, m.id));
  const values = { ...settingsValues, 'fastLane.baseUrl': emu.url, 'deepLane.baseUrl': emu.openaiBaseUrl };
  const pipeline = createPipeline({
    settings: fixedSettings(readSettings((k) => values[k])), keys: { own: () => ({ key: 'sk-bench', source: 'bench' }) }, env: {}, ledger: store, simulated: true,
  });
  return { ...m, store, pipeline, runs: [] };
});

const started = performance.now();
try {
  for (const task of tasks) {
    for (const mode of lanes) {
      scene = { task, step: 0, asked: new Map(), resultsSent: 0 };
      taskStart = emu.requests.length;
      const run = await runTask(runAgentTurn, mode.pipeline, mode.model, task, scene, `${mode.id}/${task.id}`);
      mode.runs.push(run);
      console.log(`${task.id} ${mode.id.padEnd(4)}: ${run.finished ? 'finished' : 'NOT finished'} in ${run.turns} turns (${run.steps} steps), ${run.records.length} requests`);
    }
  }
  // The ledger holds one record per attempt, the same the turns returned.
  for (const mode of lanes) {
    const held = (await Promise.all((await mode.store.listMonths()).map((m) => mode.store.readMonth(m)))).flatMap((r) => r.records).length;
    const returned = mode.runs.reduce((n, r) => n + r.records.length, 0);
    if (held !== returned) throw new Error(`${mode.id}: the ledger holds ${held} records but the turns returned ${returned}`);
  }
  const summaries = lanes.map((m) => summarise(m.id, m.label, m.runs));
  const [deep, auto] = summaries as [ReturnType<typeof summarise>, ReturnType<typeof summarise>];
  const steps = tasks.map((t) => t.steps.length);
  const think = tasks.reduce((n, t) => n + t.steps.filter((s) => s.kind === 'think').length, 0);
  const result = {
    date: new Date().toISOString(), node: process.version,
    command: `node bench/agent-replay.ts --seed ${SEED} --tasks ${TASKS} --pace ${PACE}`,
    seed: SEED, tasks: TASKS, pace: PACE, malformedRate: MALFORMED_RATE, turnLimit: `${TURN_LIMIT_FACTOR} x the task's steps`,
    scenario: { steps: steps.reduce((a, b) => a + b, 0), minSteps: Math.min(...steps), maxSteps: Math.max(...steps), thinkSteps: think },
    conversationMismatches,
    wallSeconds: Math.round((performance.now() - started) / 100) / 10,
    modes: summaries,
    goals: goals(auto, deep),
    perTask: lanes.map((m) => ({ mode: m.id, runs: m.runs.map(({ records, ...rest }) => ({ ...rest, requests: records.length, costNanos: records.reduce((n, r) => n + r.costNanos, 0), ms: Math.round(records.reduce((n, r) => n + r.timings.endMs, 0)) })) })),
  };
  if (conversationMismatches) console.log(`WARNING: ${conversationMismatches} requests did not carry every tool result sent`);
  const path = writeResult('agent-replay', result);
  console.log(`\nseed ${SEED}: ${TASKS} tasks, ${result.scenario.steps} steps (${think} think), pacing x${PACE}, malformed rate ${MALFORMED_RATE * 100}%\n`);
  console.log(table(summaries, deep));
  console.log('');
  for (const g of result.goals) console.log(`${g.met ? 'met   ' : 'MISSED'} ${g.name}: ${g.value} (goal ${g.goal})`);
  console.log(`\nwritten to ${path}`);
} finally {
  await Promise.all(lanes.map((m) => m.store.close()));
  await emu.close();
  rmSync(work, { recursive: true, force: true });
}

// Adaptive routing on a simulated population (issue 17): 5,000 seeded tasks over eight
// working weeks replayed in time order through the real route(), each policy with its
// own RoutingStats fed the ledger lines the pipeline and the faces would write. Compares
// all-deep, the static table, all-fast with escalation, adaptive at each preference and
// the oracle; then a shift (one shape's fast lane falls halfway) and the completion
// debounce. No network, no clock: simulated time, so it runs in seconds.
//   node bench/routing-population.ts [--seed 17] [--tasks 5000] [--bursts 600] [--seeds 5] [--record]
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { completionDebounceMs } from '../src/core/policy-adaptive.ts';
import { RoutingStats } from '../src/core/routing-stats.ts';
import { mergePolicy } from '../src/core/policy-config.ts';
import { DEFAULT_SETTINGS } from '../src/core/settings.ts';
import { priceFnFrom } from '../src/pipeline/lane-setup.ts';
import { simulateCompletions } from './routing/completions.ts';
import { replay, type RunResult } from './routing/harness.ts';
import { baseSettingsPolicy, configFor, POLICIES, type PolicySpec } from './routing/policies.ts';
import { generatePopulation, withShift, type Population } from './routing/population.ts';
import { goals, kindTable, perShapeHindsight, summarise, table, type PolicySummary } from './routing/report.ts';
import { shiftReport, shiftTable } from './routing/shift.ts';
import { oracleLane } from './routing/world.ts';
import { writeResult } from './_results.ts';

const { values: opts } = parseArgs({
  options: { seed: { type: 'string', default: '17' }, tasks: { type: 'string', default: '5000' }, bursts: { type: 'string', default: '600' }, seeds: { type: 'string', default: '5' }, record: { type: 'boolean' } },
});
const SEED = Number(opts.seed);
const TASKS = Number(opts.tasks);
/** Typing bursts of 50 keystrokes for the completion part. */
const BURSTS = Number(opts.bursts);
/** Further seeds replayed for the headline ratios only (seed + 1 ... seed + n). */
const SEEDS = Number(opts.seeds);
if (![SEED, TASKS, BURSTS, SEEDS].every((n) => Number.isSafeInteger(n) && n >= 0) || TASKS < 100) {
  console.error('usage: node bench/routing-population.ts [--seed N] [--tasks N>=100] [--bursts N] [--seeds N] [--record] (whole numbers)');
  process.exit(2);
}
/** The shift: the population's most frequent quick-edit shape; its fast lane falls to this from its middle task on. */
const SHIFT_FAST_P = 0.25;

const base = baseSettingsPolicy();
const price = priceFnFrom({});
const byId = (id: string): PolicySpec => POLICIES.find((p) => p.id === id)!;

function run(pop: Population, spec: PolicySpec, exploration?: number): { run: RunResult; stats: RoutingStats } {
  const cfg = exploration === undefined ? configFor(spec, base) : mergePolicy(configFor(spec, base), { routing: { exploration } });
  const stats = new RoutingStats({ halfLifeDays: cfg.routing.halfLifeDays });
  const pin = spec.mode === 'oracle' ? { pin: (t: Population['tasks'][number]) => oracleLane(pop, t) } : {};
  return { run: replay(pop, spec, { cfg, price, learner: stats, ...pin }), stats };
}

const started = performance.now();
const pop = generatePopulation(SEED, TASKS);
const runs = POLICIES.map((spec) => ({ spec, ...run(pop, spec) }));
const summaries = runs.map((r) => summarise(pop, r.run));
const s = (id: string): PolicySummary => summaries.find((x) => x.id === id)!;
const [deep, stat, oracle] = [s('deep'), s('static'), s('oracle')];
const adaptive = summaries.filter((x) => x.id.startsWith('adaptive'));
const allGoals = adaptive.flatMap((a) => goals(a, deep, stat, oracle));

// What learning says it saved against the static table (its own repricing), next to what the replay measured.
const versusStatic = runs.filter((r) => r.spec.mode === 'adaptive').map((r) => {
  let tasks = 0;
  let deltaNanos = 0;
  for (const v of r.stats.versusStatic().values()) { tasks += v.tasks; deltaNanos += v.deltaNanos; }
  return { id: r.spec.id, tasksMoved: tasks, estimatedSavedUsd: Math.round(deltaNanos / 1e7) / 100, measuredSavedUsd: Math.round((stat.costUsd - s(r.spec.id).costUsd) * 100) / 100 };
});

// The ceiling: what share of all-deep's cost sits in tasks the fast lane would have done.
const deepRun = runs.find((r) => r.spec.id === 'deep')!.run;
const oracleRun = runs.find((r) => r.spec.id === 'oracle')!.run;
const fastDoable = deepRun.tasks.reduce((n, t, i) => n + (oracleRun.tasks[i]!.firstLane === 'fast' && oracleRun.tasks[i]!.ok ? t.costNanos : 0), 0) / 1e9;

// Per-shape routing's ceiling: one plan per shape, chosen in hindsight from the all-fast and all-deep replays.
const fastRun = runs.find((r) => r.spec.id === 'fast')!.run;
const hindsight = { within1pct: perShapeHindsight(pop, fastRun, deepRun, 0.01), cheapest: perShapeHindsight(pop, fastRun, deepRun, 1) };

// The exploration setting (switchyard.routing.exploration, 0-50%): how much more the adaptive policies learn when they try more.
const exploring = ['adaptive-balanced', 'adaptive-quality'].flatMap((id) => [0, 0.05, 0.2, 0.5].map((exploration) => {
  const x = summarise(pop, run(pop, byId(id), exploration).run);
  return { id, exploration, succeeded: x.succeeded, succeededVsDeep: x.succeeded / deep.succeeded, costUsd: x.costUsd, costVsDeep: x.costUsd / deep.costUsd, costVsStatic: x.costUsd / stat.costUsd, bases: x.bases };
}));

// Shift: the most frequent quick-edit shape.
const counts = new Map<string, number>();
for (const t of pop.tasks) if (t.kind === 'quickEdit') counts.set(t.shape, (counts.get(t.shape) ?? 0) + 1);
const shiftShape = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
const shifted = withShift(pop, shiftShape, SHIFT_FAST_P);
const shiftIds = ['static', 'adaptive-cost', 'adaptive-balanced', 'adaptive-quality'];
const shiftRuns = shiftIds.map((id) => run(shifted, byId(id)).run);
const shift = shiftReport(shifted, shiftRuns, run(shifted, byId('deep')).run, pop.shapes.get(shiftShape)!.p.fast);

// Completions: the same keystrokes with the fixed debounce and with the adaptive one.
const completionCfg = configFor(byId('adaptive-balanced'), base);
const baseMs = DEFAULT_SETTINGS.completions.debounceMs;
const fixed = simulateCompletions({ seed: SEED, bursts: BURSTS, cfg: completionCfg, price, baseMs });
const learnedStats = new RoutingStats({ halfLifeDays: completionCfg.routing.halfLifeDays });
const learned = simulateCompletions({ seed: SEED, bursts: BURSTS, cfg: completionCfg, price, baseMs, adaptive: { debounce: completionDebounceMs, learner: learnedStats } });
const completions = fixed.map((f) => {
  const a = learned.find((x) => x.language === f.language)!;
  return { language: f.language, acceptance: f.acceptance, gaps: f.gaps, fixed: f, adaptive: a, requestsAvoided: f.requests - a.requests, acceptancesLost: f.accepted - a.accepted, savedUsd: Math.round((f.costUsd - a.costUsd) * 1e4) / 1e4 };
});

// Other seeds: the headline ratios only.
const robustness = Array.from({ length: SEEDS }, (_, k) => SEED + 1 + k).map((seed) => {
  const p = generatePopulation(seed, TASKS);
  const runs = Object.fromEntries(['deep', 'static', 'oracle', 'adaptive-balanced', 'fast'].map((id) => [id, run(p, byId(id)).run]));
  const [d, st, o, a] = ['deep', 'static', 'oracle', 'adaptive-balanced'].map((id) => summarise(p, runs[id]!)) as [PolicySummary, PolicySummary, PolicySummary, PolicySummary];
  const h = perShapeHindsight(p, runs.fast!, runs.deep!, 0.01);
  return {
    seed, succeededVsDeep: a.succeeded / d.succeeded, costVsDeep: a.costUsd / d.costUsd, costVsStatic: a.costUsd / st.costUsd, costVsOracle: a.costUsd / o.costUsd,
    oracleVsDeep: o.costUsd / d.costUsd, staticVsDeep: st.costUsd / d.costUsd, perShapeBoundVsDeep: h.costUsd / d.costUsd,
  };
});

const kinds: Record<string, number> = {};
for (const t of pop.tasks) { const k = t.kind === 'agent' ? `agent ${t.step}` : t.kind; kinds[k] = (kinds[k] ?? 0) + 1; }
const result = {
  date: new Date().toISOString(), node: process.version, machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown' },
  command: `node bench/routing-population.ts --seed ${SEED} --tasks ${TASKS} --bursts ${BURSTS} --seeds ${SEEDS}`,
  seed: SEED, tasks: TASKS, population: { shapes: pop.shapes.size, kinds, fastDoableShareOfDeepCost: Math.round((fastDoable / deep.costUsd) * 1000) / 1000 },
  routing: { halfLifeDays: base.routing.halfLifeDays, exploration: base.routing.exploration },
  notesFilledIn: Object.fromEntries(runs.map((r) => [r.spec.id, r.run.notesFilledIn])),
  shapeMismatches: Object.fromEntries(runs.map((r) => [r.spec.id, r.run.shapeMismatches])),
  policies: summaries, goals: allGoals, hindsight, exploring, versusStatic, shift, completions, robustness,
  wallSeconds: Math.round((performance.now() - started) / 100) / 10,
};
const path = writeResult('routing-population', result);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`seed ${SEED}: ${TASKS} tasks over 8 working weeks, ${pop.shapes.size} shapes; ${JSON.stringify(kinds)}`);
console.log(`all-deep cost in tasks the fast lane would have done: ${pct(fastDoable / deep.costUsd)} (the oracle's ceiling)\n`);
console.log(table(summaries, deep));
console.log(`\n${kindTable(summaries)}\n`);
for (const [name, h] of Object.entries(hindsight)) {
  console.log(`one plan per shape in hindsight (${name}): $${h.costUsd} (${pct(h.costUsd / deep.costUsd)} of all-deep, ${pct(1 - h.costUsd / stat.costUsd)} below static), ${h.succeeded} succeeded (${pct(h.succeeded / deep.succeeded)}), fast first on ${h.fastShapes} of ${pop.shapes.size} shapes`);
}
for (const g of allGoals) console.log(`${g.met ? 'met   ' : 'MISSED'} ${g.name}: ${g.value} (goal ${g.goal})`);
console.log('\nexploration:');
for (const e of exploring) console.log(`  ${e.id} at ${pct(e.exploration)}: ${e.succeeded} succeeded (${pct(e.succeededVsDeep)} of all-deep), $${e.costUsd} (${pct(e.costVsDeep)} of all-deep, ${pct(1 - e.costVsStatic)} below static); ${JSON.stringify(e.bases)}`);
console.log('\nlearning vs the static table, its own estimate vs measured:');
for (const v of versusStatic) console.log(`  ${v.id}: ${v.tasksMoved} tasks moved, estimated $${v.estimatedSavedUsd}, measured $${v.measuredSavedUsd}`);
console.log(`\nshift: ${shift.shape}, fast lane ${shift.fastBefore} -> ${shift.fastAfter} after ${shift.tasksBefore} of its ${shift.tasksBefore + shift.tasksAfter} tasks`);
console.log(shiftTable(shift, Object.fromEntries(POLICIES.map((p) => [p.id, p.label]))));
for (const id of shiftIds) {
  console.log(`  ${id}: first deep-first after ${shift.firstDeep[id] ?? 'never'}, settled after ${shift.settledAfter[id] ?? 'never'}; lag vs deep-from-the-shift: $${shift.lagCostUsd[id]}, ${shift.lagTasksLost[id]} tasks lost`);
}
console.log(`\ncompletions (debounce ${baseMs} ms fixed vs adaptive):`);
for (const c of completions) {
  console.log(`  ${c.language.padEnd(10)} accept ${c.acceptance}: requests ${c.fixed.requests} -> ${c.adaptive.requests} (-${c.requestsAvoided}), accepted ${c.fixed.accepted} -> ${c.adaptive.accepted} (-${c.acceptancesLost}), $${c.savedUsd} saved, debounce now ${Math.round(c.adaptive.finalDebounceMs)} ms`);
}
console.log('\nother seeds (adaptive balanced):');
for (const r of robustness) console.log(`  seed ${r.seed}: succeeded ${pct(r.succeededVsDeep)} of all-deep, cost ${pct(r.costVsDeep)} of all-deep, ${pct(r.costVsStatic)} of static, ${pct(r.costVsOracle)} of oracle (all-deep = 100%: static ${pct(r.staticVsDeep)}, per-shape bound ${pct(r.perShapeBoundVsDeep)}, oracle ${pct(r.oracleVsDeep)})`);
console.log(`\n${result.wallSeconds} s; written to ${path}`);

// Figures per policy from a replay, ratios against all-deep in the same run, the
// issue's goals, and the Markdown tables BENCHMARKS.md quotes.
import { median } from '../agent/report.ts';
import type { RunResult, TaskOutcome } from './harness.ts';
import type { Population } from './population.ts';

export interface PolicySummary {
  id: string;
  label: string;
  tasks: number;
  succeeded: number;
  costUsd: number;
  medianTaskMs: number;
  totalHours: number;
  /** Tasks whose first attempt went to the fast lane. */
  fastFirst: number;
  escalations: number;
  silentFailures: number;
  attempts: number;
  /** First decisions by basis (static, prior, learned, explore). */
  bases: Record<string, number>;
  costByKindUsd: Record<string, number>;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
export const costUsd = (ts: readonly TaskOutcome[]): number => sum(ts.map((t) => t.costNanos)) / 1e9;

/** The kind a task's cost is filed under: agent requests by their step. */
const kindOf = (pop: Population, i: number): string => {
  const t = pop.tasks[i]!;
  return t.kind === 'agent' ? `agent ${t.step}` : t.kind;
};

export function summarise(pop: Population, run: RunResult): PolicySummary {
  const ts = run.tasks;
  const bases: Record<string, number> = {};
  const costByKindUsd: Record<string, number> = {};
  ts.forEach((t, i) => {
    bases[t.basis] = (bases[t.basis] ?? 0) + 1;
    const k = kindOf(pop, i);
    costByKindUsd[k] = (costByKindUsd[k] ?? 0) + t.costNanos / 1e9;
  });
  for (const k of Object.keys(costByKindUsd)) costByKindUsd[k] = round(costByKindUsd[k]!, 2);
  return {
    id: run.spec.id, label: run.spec.label, tasks: ts.length,
    succeeded: ts.filter((t) => t.ok).length,
    costUsd: round(costUsd(ts), 2),
    medianTaskMs: median(ts.map((t) => t.ms)) ?? 0,
    totalHours: round(sum(ts.map((t) => t.ms)) / 3_600_000, 2),
    fastFirst: ts.filter((t) => t.firstLane === 'fast').length,
    escalations: ts.filter((t) => t.escalated).length,
    silentFailures: ts.filter((t) => t.silentFailure).length,
    attempts: sum(ts.map((t) => t.attempts)),
    bases, costByKindUsd,
  };
}

export interface Goal {
  name: string;
  value: string;
  goal: string;
  met: boolean;
}

const pct = (x: number, base: number): string => (base > 0 ? `${round((x / base) * 100, 1)}%` : '–');

/** The issue's four goals for one adaptive policy. */
export function goals(adaptive: PolicySummary, deep: PolicySummary, stat: PolicySummary, oracle: PolicySummary): Goal[] {
  const vs = (what: string) => `${adaptive.label}: ${what}`;
  return [
    { name: vs('tasks succeeded / all-deep\'s'), value: `${pct(adaptive.succeeded, deep.succeeded)} (${adaptive.succeeded} vs ${deep.succeeded})`, goal: '>= 99%', met: adaptive.succeeded >= 0.99 * deep.succeeded },
    { name: vs('cost / all-deep\'s'), value: `${pct(adaptive.costUsd, deep.costUsd)} ($${adaptive.costUsd} vs $${deep.costUsd})`, goal: '<= 50%', met: adaptive.costUsd <= 0.5 * deep.costUsd },
    { name: vs('cost below the static table\'s'), value: `${round((1 - adaptive.costUsd / stat.costUsd) * 100, 1)}% ($${adaptive.costUsd} vs $${stat.costUsd})`, goal: '>= 25%', met: adaptive.costUsd <= 0.75 * stat.costUsd },
    { name: vs('cost / the oracle\'s'), value: `${pct(adaptive.costUsd, oracle.costUsd)} ($${adaptive.costUsd} vs $${oracle.costUsd})`, goal: '<= 115%', met: adaptive.costUsd <= 1.15 * oracle.costUsd },
  ];
}

/** The comparison: one column per policy, ratios against all-deep. */
export function table(rows: readonly PolicySummary[], deep: PolicySummary): string {
  const lines: [string, (s: PolicySummary) => string][] = [
    ['tasks succeeded', (s) => `${s.succeeded} (${pct(s.succeeded, deep.succeeded)})`],
    ['cost', (s) => `$${s.costUsd.toFixed(2)} (${pct(s.costUsd, deep.costUsd)})`],
    ['median task latency', (s) => `${(s.medianTaskMs / 1000).toFixed(1)} s (${pct(s.medianTaskMs, deep.medianTaskMs)})`],
    ['total latency', (s) => `${s.totalHours.toFixed(1)} h (${pct(s.totalHours, deep.totalHours)})`],
    ['fast lane first', (s) => `${s.fastFirst}`],
    ['escalated', (s) => `${s.escalations}`],
    ['wrong answers the user rejected', (s) => `${s.silentFailures}`],
    ['requests', (s) => `${s.attempts}`],
  ];
  const head = `| figure | ${rows.map((r) => r.label).join(' | ')} |\n| --- | ${rows.map(() => '---').join(' | ')} |`;
  return [head, ...lines.map(([name, f]) => `| ${name} | ${rows.map(f).join(' | ')} |`)].join('\n');
}

/** Cost by kind of task, one column per policy. */
export function kindTable(rows: readonly PolicySummary[]): string {
  const kinds = Object.keys(rows[0]?.costByKindUsd ?? {}).sort();
  const head = `| cost by kind | ${rows.map((r) => r.label).join(' | ')} |\n| --- | ${rows.map(() => '---').join(' | ')} |`;
  return [head, ...kinds.map((k) => `| ${k} | ${rows.map((r) => `$${(r.costByKindUsd[k] ?? 0).toFixed(2)}`).join(' | ')} |`)].join('\n');
}

/**
 * About the best any router that picks one plan per shape could do, in hindsight: each shape
 * goes fast first (with escalation, from the all-fast replay) or deep directly (from the
 * all-deep replay). Shapes where fast first is cheaper and loses nothing switch; then, most
 * money saved per task lost first, more switch while the tasks lost stay within `lostShare`
 * of all-deep's successes (a greedy knapsack; lostShare 1: every cheaper shape switches).
 */
export function perShapeHindsight(pop: Population, fast: RunResult, deep: RunResult, lostShare: number): { costUsd: number; succeeded: number; fastShapes: number } {
  const plans = new Map<string, { f: TaskOutcome[]; d: TaskOutcome[] }>();
  pop.tasks.forEach((t, i) => {
    const p = plans.get(t.shape) ?? { f: [], d: [] };
    p.f.push(fast.tasks[i]!);
    p.d.push(deep.tasks[i]!);
    plans.set(t.shape, p);
  });
  const kept = (ts: readonly TaskOutcome[]) => ts.filter((t) => t.ok).length;
  let cost = costUsd(deep.tasks);
  let succeeded = kept(deep.tasks);
  const allowed = lostShare * succeeded;
  let lost = 0;
  let fastShapes = 0;
  const switches = [...plans.values()]
    .map(({ f, d }) => ({ saved: costUsd(d) - costUsd(f), lost: kept(d) - kept(f) }))
    .filter((x) => x.saved > 0)
    .sort((a, b) => (Math.max(b.lost, 0) === 0 ? 1 : 0) - (Math.max(a.lost, 0) === 0 ? 1 : 0) || b.saved / Math.max(b.lost, 1e-9) - a.saved / Math.max(a.lost, 1e-9));
  for (const x of switches) {
    if (lost + Math.max(x.lost, 0) > allowed) continue;
    lost += Math.max(x.lost, 0);
    cost -= x.saved;
    succeeded -= x.lost;
    fastShapes++;
  }
  return { costUsd: round(cost, 2), succeeded, fastShapes };
}

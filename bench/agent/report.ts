// Figures per mode from the task runs (cost and request time from the ledger
// records the pipeline wrote), ratios against all-deep, the goals, and the table.
import type { TaskRun } from './harness.ts';

export interface ModeSummary {
  readonly mode: string;
  readonly label: string;
  readonly tasks: number;
  readonly tasksFinished: number;
  /** Sum of the records' costs (priced on the usage the provider reported). */
  readonly costUsd: number;
  readonly medianTaskCostUsd: number;
  /** Sum of the records' request times (start to end of each attempt), in seconds at the run's pacing. */
  readonly latencyS: number;
  readonly medianTaskLatencyS: number;
  /** Turns the harness spent on each finished task. */
  readonly medianTurnsToFinish: number | null;
  readonly turns: number;
  readonly malformedReachedCaller: number;
  readonly malformedDelivered: number;
  readonly malformedFailedTurns: number;
  /** Malformed calls the models made, caught or not (from the records). */
  readonly malformedMade: number;
  readonly requests: { readonly fast: number; readonly deep: number };
  /** Cost by lane, and what escalated requests cost (the fast attempt and the deep answer). */
  readonly costByLaneUsd: { readonly fast: number; readonly deep: number };
  readonly escalations: number;
  readonly wrongCalls: number;
  readonly otherFailedTurns: number;
  readonly noCallTurns: number;
}

export const median = (xs: readonly number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function summarise(mode: string, label: string, runs: readonly TaskRun[]): ModeSummary {
  const records = runs.flatMap((r) => r.records);
  const cost = (rs: TaskRun['records']) => sum(rs.map((r) => r.costNanos)) / 1e9;
  const time = (rs: TaskRun['records']) => sum(rs.map((r) => r.timings.endMs)) / 1000;
  const sent = records.filter((r) => !r.outcome.startsWith('blocked'));
  return {
    mode, label, tasks: runs.length,
    tasksFinished: runs.filter((r) => r.finished).length,
    costUsd: round(cost(records), 4),
    medianTaskCostUsd: round(median(runs.map((r) => cost(r.records)))!, 4),
    latencyS: round(time(records), 2),
    medianTaskLatencyS: round(median(runs.map((r) => time(r.records)))!, 2),
    medianTurnsToFinish: median(runs.filter((r) => r.finished).map((r) => r.turns)),
    turns: sum(runs.map((r) => r.turns)),
    malformedReachedCaller: sum(runs.map((r) => r.malformedDelivered + r.malformedFailedTurns)),
    malformedDelivered: sum(runs.map((r) => r.malformedDelivered)),
    malformedFailedTurns: sum(runs.map((r) => r.malformedFailedTurns)),
    malformedMade: sum(records.map((r) => r.toolCalls?.malformed ?? 0)),
    requests: { fast: sent.filter((r) => r.lane === 'fast').length, deep: sent.filter((r) => r.lane === 'deep').length },
    costByLaneUsd: { fast: round(cost(records.filter((r) => r.lane === 'fast')), 4), deep: round(cost(records.filter((r) => r.lane === 'deep')), 4) },
    escalations: records.filter((r) => r.outcome === 'escalated').length,
    wrongCalls: sum(runs.map((r) => r.wrongCalls)),
    otherFailedTurns: sum(runs.map((r) => r.otherFailedTurns)),
    noCallTurns: sum(runs.map((r) => r.noCallTurns)),
  };
}

export interface Goal {
  readonly name: string;
  readonly value: string;
  readonly goal: string;
  readonly met: boolean;
}

export function goals(auto: ModeSummary, deep: ModeSummary): Goal[] {
  const costRatio = auto.costUsd / deep.costUsd;
  const timeRatio = auto.latencyS / deep.latencyS;
  return [
    { name: 'tasks finished, Auto vs all-deep', value: `${auto.tasksFinished} vs ${deep.tasksFinished} of ${auto.tasks}`, goal: 'as many', met: auto.tasksFinished >= deep.tasksFinished },
    { name: 'cost, Auto / all-deep', value: `${round(costRatio * 100, 1)}%`, goal: '<= 40%', met: costRatio <= 0.4 },
    { name: 'total latency, Auto / all-deep', value: `${round(timeRatio * 100, 1)}%`, goal: '<= 60%', met: timeRatio <= 0.6 },
    { name: 'malformed calls reaching the caller, Auto', value: String(auto.malformedReachedCaller), goal: '0', met: auto.malformedReachedCaller === 0 },
  ];
}

const pct = (x: number, base: number): string => (base > 0 ? `${round((x / base) * 100, 1)}%` : '–');

/** The comparison as a Markdown table (what BENCHMARKS.md quotes). */
export function table(modes: readonly ModeSummary[], deep: ModeSummary): string {
  const rows: [string, (m: ModeSummary) => string][] = [
    ['tasks finished', (m) => `${m.tasksFinished} / ${m.tasks}`],
    ['cost (ledger, reported usage)', (m) => `$${m.costUsd.toFixed(2)} (${pct(m.costUsd, deep.costUsd)})`],
    ['median cost per task', (m) => `$${m.medianTaskCostUsd.toFixed(3)}`],
    ['total latency (sum of request times)', (m) => `${m.latencyS.toFixed(1)} s (${pct(m.latencyS, deep.latencyS)})`],
    ['median latency per task', (m) => `${m.medianTaskLatencyS.toFixed(2)} s`],
    ['median turns to finish (finished tasks)', (m) => (m.medianTurnsToFinish === null ? '–' : String(m.medianTurnsToFinish))],
    ['turns sent, all tasks', (m) => String(m.turns)],
    ['malformed calls reaching the caller', (m) => `${m.malformedReachedCaller} (${m.malformedDelivered} handed over, ${m.malformedFailedTurns} failed turns)`],
    ['malformed calls made (caught or not)', (m) => String(m.malformedMade)],
    ['cost on the fast / deep lane', (m) => `$${m.costByLaneUsd.fast.toFixed(2)} / $${m.costByLaneUsd.deep.toFixed(2)}`],
    ['requests fast / deep (escalations)', (m) => `${m.requests.fast} / ${m.requests.deep} (${m.escalations})`],
    ['wrong calls the tools failed', (m) => String(m.wrongCalls)],
  ];
  const head = `| figure | ${modes.map((m) => m.label).join(' | ')} |\n| --- | ${modes.map(() => '---').join(' | ')} |`;
  return [head, ...rows.map(([name, f]) => `| ${name} | ${modes.map(f).join(' | ')} |`)].join('\n');
}

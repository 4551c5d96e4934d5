// The shift experiment: one shape's fast lane falls from its usual success rate to a
// low one halfway through its tasks. Per window of that shape's tasks, how many went to
// the fast lane first, how many the user kept, and what they cost; then how many tasks
// the adaptive policy took to move the shape to the deep lane, and what the lag cost
// against sending every task after the shift straight to the deep lane (the all-deep
// replay of the same shifted population prices exactly that).
import type { RunResult, TaskOutcome } from './harness.ts';
import type { Population } from './population.ts';

/** Tasks per window of the series. */
export const WINDOW = 10;
/** The shape counts as moved once this share of a window's first lanes is the deep one. */
export const SETTLED_SHARE = 0.8;

export interface ShiftWindow {
  /** The shape's tasks the window spans: -k is the k-th before the shift, +k the k-th after it. */
  from: number;
  to: number;
  fastFirst: number;
  kept: number;
  costUsd: number;
}

export interface ShiftReport {
  shape: string;
  fastBefore: number;
  fastAfter: number;
  tasksBefore: number;
  tasksAfter: number;
  series: Record<string, ShiftWindow[]>;
  /** Per policy: tasks after the shift until the first deep-first one, and until a window is settled (null: never). */
  firstDeep: Record<string, number | null>;
  settledAfter: Record<string, number | null>;
  /** Per policy, over the tasks after the shift: extra cost and tasks lost against deep-first from the shift on. */
  lagCostUsd: Record<string, number>;
  lagTasksLost: Record<string, number>;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function shiftReport(pop: Population, runs: readonly RunResult[], deep: RunResult, fastBefore: number): ShiftReport {
  const shift = pop.shift!;
  const idx = pop.tasks.flatMap((t, i) => (t.shape === shift.shape ? [i] : []));
  const after = idx.filter((i) => pop.tasks[i]!.timeMs >= shift.fromMs);
  const before = idx.length - after.length;
  const report: ShiftReport = {
    shape: shift.shape, fastBefore: round(fastBefore, 3), fastAfter: shift.fastP, tasksBefore: before, tasksAfter: after.length,
    series: {}, firstDeep: {}, settledAfter: {}, lagCostUsd: {}, lagTasksLost: {},
  };
  for (const run of runs) {
    const own: TaskOutcome[] = idx.map((i) => run.tasks[i]!);
    const windows: ShiftWindow[] = [];
    // Windows line up on the shift; a task's number is -k for the k-th before it, +k for the k-th after.
    const rel = (i: number) => (i < before ? i - before : i - before + 1);
    for (let start = before - Math.ceil(before / WINDOW) * WINDOW; start < own.length; start += WINDOW) {
      const lo = Math.max(0, start);
      const slice = own.slice(lo, start + WINDOW);
      windows.push({
        from: rel(lo), to: rel(lo + slice.length - 1),
        fastFirst: slice.filter((t) => t.firstLane === 'fast').length, kept: slice.filter((t) => t.ok).length,
        costUsd: round(slice.reduce((n, t) => n + t.costNanos, 0) / 1e9, 3),
      });
    }
    report.series[run.spec.id] = windows;
    const post = after.map((i) => run.tasks[i]!);
    const first = post.findIndex((t) => t.firstLane === 'deep');
    report.firstDeep[run.spec.id] = first < 0 ? null : first + 1;
    let settled: number | null = null;
    for (let end = WINDOW; end <= post.length; end++) {
      if (post.slice(end - WINDOW, end).filter((t) => t.firstLane === 'deep').length >= SETTLED_SHARE * WINDOW) { settled = end; break; }
    }
    report.settledAfter[run.spec.id] = settled;
    report.lagCostUsd[run.spec.id] = round(after.reduce((n, i) => n + run.tasks[i]!.costNanos - deep.tasks[i]!.costNanos, 0) / 1e9, 3);
    report.lagTasksLost[run.spec.id] = after.filter((i) => deep.tasks[i]!.ok).length - after.filter((i) => run.tasks[i]!.ok).length;
  }
  return report;
}

/** The series as a Markdown table: one row per window from `before` tasks ahead of the shift, fast-first / kept / cost per policy. */
export function shiftTable(r: ShiftReport, labels: Readonly<Record<string, string>>, before = 2 * WINDOW): string {
  const ids = Object.keys(r.series);
  const shown = (w: ShiftWindow) => w.from >= -before;
  const head = `| tasks of the shape | ${ids.map((id) => `${labels[id] ?? id}: fast first / kept / cost`).join(' | ')} |\n| --- | ${ids.map(() => '---').join(' | ')} |`;
  const rows = r.series[ids[0]!]!.flatMap((w, n) => {
    if (!shown(w)) return [];
    const span = w.to < 0 ? `${w.from}..${w.to}` : `+${w.from}..+${w.to}`;
    return `| ${span} | ${ids.map((id) => { const x = r.series[id]![n]!; return `${x.fastFirst} / ${x.kept} / $${x.costUsd.toFixed(3)}`; }).join(' | ')} |`;
  });
  return [head, ...rows].join('\n');
}

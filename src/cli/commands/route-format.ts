// The terminal's rendering of the routing table: core/routing-format.ts computes the rows
// (the panel shows the same ones); this only lays them out as text.
import type { RoutingRow } from '../../core/routing-format.ts';
import { formatOkOf } from '../../core/routing-format.ts';
import type { RoutingConfig } from '../../core/routing-types.ts';
import { formatUsd } from '../../core/money.ts';
import type { LaneFigures } from '../../core/routing-types.ts';

/** The settings in force, in one line. */
export function settingsLine(r: RoutingConfig): string {
  const learning = r.learning ? 'on' : 'off (the static table decides; the figures below are kept, not used)';
  return `  learning ${learning}; preference ${r.preference}; exploration ${Math.round(r.exploration * 100)}%; recent outcomes weigh more (half-life ${r.halfLifeDays} days)`;
}

function lane(name: string, f: LaneFigures): string {
  if (!f.n) return `${name} lane: no judged attempts`;
  const mean = f.meanCostNanos !== undefined ? `, mean ${formatUsd(Math.round(f.meanCostNanos))}` : '';
  const ms = f.meanMs !== undefined ? ` / ${(f.meanMs / 1000).toFixed(1)} s` : '';
  return `${name} lane succeeded ${formatOkOf(f)}${mean}${ms}`;
}

/** A few lines per row: the shape, the lane now and why, each lane's record, and the estimate against the static table. */
export function routingLines(rows: readonly RoutingRow[]): string[] {
  return rows.flatMap((r) => [
    `${r.shape}  (${r.label})`,
    `    now: ${r.lane} lane (${r.basis}); static table: ${r.staticLane} lane`,
    `    ${lane('fast', r.fast)}; ${lane('deep', r.deep)}`,
    ...(r.completions ? [`    completions: ${Math.round(r.completions.accepted)} accepted of ${Math.round(r.completions.shown)} shown`] : []),
    ...(r.versusStatic && r.versusStatic.tasks ? [`    against the static table (estimate): ${r.versusStatic.tasks} task(s) routed differently, ${r.versusStatic.deltaNanos >= 0 ? 'saved' : 'cost'} ${formatUsd(Math.abs(r.versusStatic.deltaNanos))}`] : []),
  ]);
}

// The terminal's layout of the routing table: core/routing-format.ts computes the rows and their
// cells (the panel shows the same ones); this only arranges them as lines.
import { routingCells, type RoutingRow } from '../../core/routing-format.ts';
import type { RoutingConfig } from '../../core/routing-types.ts';

/** The settings in force, in one line. */
export function settingsLine(r: RoutingConfig): string {
  const learning = r.learning ? 'on' : 'off (the static table decides; the figures below are kept, not used)';
  return `  learning ${learning}; preference ${r.preference}; exploration ${Math.round(r.exploration * 100)}%; recent outcomes weigh more (half-life ${r.halfLifeDays} days)`;
}

/** A few lines per row: the shape, the lane now and why, each lane's record, the estimate against the static table. */
export function routingLines(rows: readonly RoutingRow[]): string[] {
  return rows.flatMap((row) => {
    const c = routingCells(row);
    return [
      `${row.shape}  (${c.shape})`,
      `    now: ${c.now}; static table: ${c.static}`,
      `    fast lane succeeded ${c['fast ok']}, mean ${c['fast mean']}; deep lane succeeded ${c['deep ok']}, mean ${c['deep mean']}`,
      ...(c.completions ? [`    completions: ${c.completions}`] : []),
      `    against the static table (estimate, same usage repriced): ${c['vs static']}`,
      `    why: ${row.reason}`,
    ];
  });
}

// The usage panel's routing view, from the learned statistics: the rows core/routing-format computes
// (the CLI prints the same ones), the settings in force, and the estimate's rule in words.
// Pure (no vscode import), so unit tests cover it.
import type { RoutingPanel } from '../../core/panel-messages.ts';
import type { PolicyConfig } from '../../core/policy-config.ts';
import { formatVersusStatic, routingCells, routingTable } from '../../core/routing-format.ts';
import type { RoutingStats } from '../../core/routing-stats.ts';

/** The tooltip under "Against the static table (estimate)"; routing-versus.ts computes it. */
export const ESTIMATE_RULE = 'An estimate, made by repricing each task\'s own tokens at the published prices. It counts only tasks whose first lane '
  + 'differed from the static table\'s. Sent to the deep lane where the table starts on the fast lane: the table would have paid a fast '
  + 'attempt (the same tokens at the fast lane\'s prices) and, as often as the fast lane was failing on that shape then, the deep attempt '
  + 'as well. Sent to the fast lane where the table goes deep: the table would have paid the deep lane for the same tokens. '
  + 'Positive: learning saved that much; negative: it cost that much more.';

/** The view for one moment: every shape with data, as the decision sees it at `nowMs`. */
export function buildRoutingPanel(stats: RoutingStats, nowMs: number, policy: PolicyConfig): RoutingPanel {
  const rows = routingTable(stats, nowMs, policy).map((r) => ({ ...r, cells: routingCells(r) }));
  const sum = rows.reduce((s, r) => ({ tasks: s.tasks + r.versusStatic.tasks, deltaNanos: s.deltaNanos + r.versusStatic.deltaNanos }), { tasks: 0, deltaNanos: 0 });
  return { settings: policy.routing, rows, total: { ...sum, text: formatVersusStatic(sum) }, estimateRule: ESTIMATE_RULE };
}

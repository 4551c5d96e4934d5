// The pure half of the routing view and of a request's routing details: every figure in words
// (unit-tested in node). The rows come computed from the host (core/routing-format); nothing here decides.
import type { LaneFigures, RoutingBasis, RoutingConfig, RoutingNote, RoutingPanel, RoutingPanelRow } from '../core/panel-messages.ts';
import { formatCount, formatMs, formatUsd, laneLabel } from './format.ts';

/** Decayed counts are fractional; people read whole tasks. */
const whole = (x: number) => Math.round(x);

/** "9 of 30", or "no tasks yet" while the lane has no judged attempt. */
export function okOfN(f: { ok: number; n: number } | undefined): string {
  if (!f || whole(f.n) === 0) return 'no tasks yet';
  return `${formatCount(Math.min(whole(f.ok), whole(f.n)))} of ${formatCount(whole(f.n))}`;
}

/** A lane's cell: success, then mean cost and time per attempt, each on its own line. */
export function laneCellLines(f: LaneFigures): string[] {
  if (whole(f.n) === 0) return ['no tasks yet'];
  const cost = f.meanCostNanos === undefined ? '–' : formatUsd(Math.round(f.meanCostNanos));
  return [`${okOfN(f)} succeeded`, `mean ${cost} · ${formatMs(f.meanMs)}`];
}

const BASIS_WORDS: Record<RoutingBasis, string> = {
  static: 'static table',
  prior: 'static table; too little evidence to change it',
  learned: 'learned from your outcomes',
  explore: 'exploring: the fast lane tried so its figures stay current',
};

export function basisLabel(basis: RoutingBasis): string {
  return BASIS_WORDS[basis];
}

/** The "Lane now" cell: the lane, why, and the static table's choice when it differs. */
export function laneNowLines(r: Pick<RoutingPanelRow, 'lane' | 'staticLane' | 'basis'>): string[] {
  const lines = [`${laneLabel(r.lane)} lane`, basisLabel(r.basis)];
  if (r.lane !== r.staticLane) lines.push(`static table: ${laneLabel(r.staticLane).toLowerCase()} lane`);
  return lines;
}

/** Learning against the static table, an estimate: "saved $0.12 on 14 tasks", "cost $0.03 more on 3 tasks". */
export function versusStaticText(v: RoutingPanelRow['versusStatic']): string {
  if (v.tasks === 0) return 'no change: every task started where the static table starts it';
  const on = `on ${formatCount(v.tasks)} task${v.tasks === 1 ? '' : 's'}`;
  if (v.deltaNanos > 0) return `saved ${formatUsd(v.deltaNanos)} ${on}`;
  if (v.deltaNanos < 0) return `cost ${formatUsd(-v.deltaNanos)} more ${on}`;
  return `no difference in cost ${on}`;
}

/** The completion row's extra line: answers accepted of those shown. */
export function completionLine(c: RoutingPanelRow['completions']): string | undefined {
  if (!c || whole(c.shown) === 0) return undefined;
  return `${formatCount(whole(c.accepted))} of ${formatCount(whole(c.shown))} shown accepted`;
}

/** The whole view's total against the static table (an estimate too). */
export function versusStaticTotal(rows: readonly RoutingPanelRow[]): RoutingPanelRow['versusStatic'] {
  return rows.reduce((s, r) => ({ tasks: s.tasks + r.versusStatic.tasks, deltaNanos: s.deltaNanos + r.versusStatic.deltaNanos }), { tasks: 0, deltaNanos: 0 });
}

/** The settings in force, one line. */
export function settingsLine(s: RoutingConfig): string {
  if (!s.learning) return 'Learning is off: the static table picks every first lane (task kind and size). The figures below are still kept.';
  const explore = s.exploration > 0 ? `, exploring ${Math.round(s.exploration * 100)}% of tasks the figures send deep` : ', no exploration';
  return `Learning is on, preferring ${s.preference}${explore}; an outcome counts half after ${formatCount(s.halfLifeDays)} days.`;
}

/** What the empty view says: what will appear, and when. */
export function routingEmptyLines(s: RoutingConfig): string[] {
  return [
    'No routing figures yet.',
    'Each task shape (kind, language and size: "quick edit, Python, 40-80 lines") appears here once a quick edit, refactor, AST transform or agent request of that shape has finished and been judged: validated, then not rejected or undone. Completions appear once their answers are shown.',
    s.learning
      ? 'Until a shape has enough evidence, the static table picks its lane; then the lane that is cheaper and quicker for you, fast first or deep directly, takes over.'
      : 'Learning is off, so the static table keeps deciding; the figures are still collected, and turning learning on uses them.',
  ];
}

/** Rows in the order the view lists them: shapes that moved off the static table first, then by key. */
export function routingRowsInOrder(p: RoutingPanel): RoutingPanelRow[] {
  return [...p.rows].sort((a, b) => Number(b.lane !== b.staticLane) - Number(a.lane !== a.staticLane) || a.shape.localeCompare(b.shape));
}

/**
 * A request's routing, as the details pane lists it: the shape, the basis, the fast lane's record
 * and the two plans compared, when the note has them. `labelOf` names a shape (from the routing view's rows).
 */
export function routingNoteFacts(note: RoutingNote, labelOf: (shape: string) => string | undefined): [string, string][] {
  const out: [string, string][] = [
    ['Task shape', labelOf(note.shape) ?? note.shape],
    ['Chosen by', basisLabel(note.basis)],
    ['Static table', `${laneLabel(note.staticLane).toLowerCase()} lane`],
    ['Fast lane then', note.fast ? `${okOfN(note.fast)} succeeded recently` : 'no tasks of this shape yet'],
  ];
  if (note.expected) {
    const plan = (p: { costNanos: number; ms: number }) => `expected ${formatUsd(Math.round(p.costNanos))} / ${formatMs(p.ms)}`;
    out.push(['Fast first, deep on failure', plan(note.expected.fastFirst)], ['Deep directly', plan(note.expected.deep)]);
  }
  return out;
}

// The pure half of the routing view and of a request's routing details: the host's rows and cells
// (core/routing-format, the words the CLI prints) laid out in lines, plus the view's own sentences
// (settings in force, empty state). Nothing here works out a figure. Unit-tested in node.
import { formatOutOf, formatPlan, type RoutingBasis, type RoutingConfig, type RoutingNote, type RoutingPanel, type RoutingPanelRow } from '../core/panel-messages.ts';
import { formatCount, laneLabel } from './format.ts';

const BASIS_WORDS: Record<RoutingBasis, string> = {
  static: 'static table',
  prior: 'static table; the figures do not overturn it',
  learned: 'learned from your outcomes',
  explore: 'exploring: the fast lane tried so its figures stay current',
};

export function basisLabel(basis: RoutingBasis): string {
  return BASIS_WORDS[basis];
}

/** The reason without the shape's label in front (the row header says it). */
function reasonAfterLabel(r: Pick<RoutingPanelRow, 'label' | 'reason'>): string {
  return r.reason.startsWith(`${r.label}: `) ? r.reason.slice(r.label.length + 2) : r.reason;
}

/** The row header: the shape, and a completion shape's acceptance. */
export function shapeLines(r: RoutingPanelRow): string[] {
  return [r.label, ...(r.completions ? [`${r.cells.completions}`] : [])];
}

/** "Lane now": the lane and how it was chosen, the static table's lane when learning moved it, and the reason with its numbers. */
export function laneNowLines(r: RoutingPanelRow): string[] {
  return [r.cells.now, ...(r.lane !== r.staticLane ? [`static table: ${r.cells.static}`] : []), reasonAfterLabel(r)];
}

/** A lane's cell: its record, then its mean cost and time per attempt. */
export function laneLines(r: RoutingPanelRow, lane: 'fast' | 'deep'): string[] {
  if (r[lane].n <= 0) return ['no tasks yet'];
  return [`${r.cells[lane === 'fast' ? 'fast ok' : 'deep ok']} succeeded`, `mean ${r.cells[lane === 'fast' ? 'fast mean' : 'deep mean']}`];
}

/** Against the static table (an estimate): the row's cell, in words when no task differed. */
export function versusLines(r: RoutingPanelRow): string[] {
  return [r.versusStatic.tasks > 0 ? r.cells['vs static'] : 'no task started off the static table'];
}

export function totalLine(p: RoutingPanel): string {
  return `Against the static table (estimate): ${p.total.tasks > 0 ? p.total.text : 'no task has started off the static table yet'}`;
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
    ['Fast lane then', note.fast && note.fast.n > 0 ? `${formatOutOf(note.fast.ok, note.fast.n)} succeeded recently` : 'no tasks of this shape yet'],
  ];
  if (note.expected) {
    out.push(['Fast first, deep on failure', `expected ${formatPlan(note.expected.fastFirst)}`], ['Deep directly', `expected ${formatPlan(note.expected.deep)}`]);
  }
  return out;
}

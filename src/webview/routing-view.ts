// The routing view: per task shape, the lane the router picks now and why, each lane's record,
// and what learning saved or cost against the static table (an estimate). A real table with
// row and column headers; in a narrow panel each row stacks into a card (panel.css), never scrolling sideways.
import type { RoutingPanel } from '../core/panel-messages.ts';
import { el } from './dom.ts';
import { laneLines, laneNowLines, routingEmptyLines, routingRowsInOrder, settingsLine, shapeLines, totalLine, versusLines } from './routing-model.ts';

const HEADERS = { shape: 'Task shape', lane: 'Lane now, and why', fast: 'Fast lane', deep: 'Deep lane', versus: 'Against the static table (estimate)' } as const;
const LANE_TITLE = 'Recent weeks count more: tasks that succeeded (validated, then not rejected or undone) of those judged, and the mean cost and time of an attempt';

/** Lines as separate blocks, so a narrow cell wraps between figures rather than inside them. */
function lines(texts: string[]): Node[] {
  return texts.map((t, i) => el('span', { className: i === 0 ? 'line' : 'line sub', textContent: t }));
}

function cell(col: keyof typeof HEADERS, texts: string[], extra: { className?: string; title?: string } = {}): HTMLElement {
  return el('td', { ...extra, dataset: { col, label: HEADERS[col] }, attrs: { role: 'cell' } }, ...lines(texts));
}

export function renderRouting(p: RoutingPanel, onSettings: () => void): HTMLElement {
  const open = el('button', { type: 'button', id: 'routing-settings-open', textContent: 'Routing settings…', title: 'Open the switchyard.routing settings: learning, preference, exploration' });
  open.addEventListener('click', onSettings);
  const head = el('div', { className: 'routing-head' },
    el('p', { id: 'routing-settings', className: 'routing-settings', textContent: settingsLine(p.settings) }), open);
  if (p.rows.length === 0) {
    const [title, ...rest] = routingEmptyLines(p.settings);
    return el('div', { className: 'routing' }, head,
      el('section', { className: 'routing-empty', id: 'routing-empty' },
        el('h2', { textContent: title! }), ...rest.map((t) => el('p', { textContent: t }))));
  }
  const thead = el('thead', { attrs: { role: 'rowgroup' } }, el('tr', { attrs: { role: 'row' } },
    ...Object.entries(HEADERS).map(([col, h]) => el('th', {
      scope: 'col', textContent: h, ...(col === 'versus' ? { title: p.estimateRule } : col === 'fast' || col === 'deep' ? { title: LANE_TITLE } : {}), attrs: { role: 'columnheader' },
    }))));
  const body = el('tbody', { attrs: { role: 'rowgroup' } }, ...routingRowsInOrder(p).map((r) => el('tr', { dataset: { shape: r.shape }, attrs: { role: 'row' } },
    el('th', { scope: 'row', dataset: { col: 'shape', label: HEADERS.shape }, attrs: { role: 'rowheader' } }, ...lines(shapeLines(r))),
    cell('lane', laneNowLines(r), r.lane === r.staticLane ? {} : { className: 'moved' }),
    cell('fast', laneLines(r, 'fast'), { title: LANE_TITLE }),
    cell('deep', laneLines(r, 'deep'), { title: LANE_TITLE }),
    cell('versus', versusLines(r), { title: p.estimateRule }))));
  return el('div', { className: 'routing' }, head,
    el('p', { className: 'routing-total', dataset: { figure: 'routing-total' }, title: p.estimateRule, textContent: totalLine(p) }),
    // Explicit roles: the narrow layout's display:block must not drop the table semantics.
    el('table', { className: 'routing-table', id: 'routing-table', attrs: { role: 'table' } },
      el('caption', { textContent: 'How each task shape is routed now, from your own outcomes' }), thead, body),
    el('details', { className: 'estimate-rule' },
      el('summary', { id: 'estimate-rule-toggle', textContent: 'How the estimate is made' }), el('p', { textContent: p.estimateRule })));
}

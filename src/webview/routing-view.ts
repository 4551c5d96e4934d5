// The routing view: per task shape, the lane the router picks now and why, each lane's record,
// and what learning saved or cost against the static table (an estimate). A real table with
// row and column headers; in a narrow panel each row stacks into a card (panel.css), never scrolling sideways.
import { PANEL_LANES } from '../core/ledger-rows.ts';
import type { RoutingPanel } from '../core/panel-messages.ts';
import { el } from './dom.ts';
import { laneLabel } from './format.ts';
import {
  completionLine, laneCellLines, laneNowLines, routingEmptyLines, routingRowsInOrder, settingsLine, versusStaticText, versusStaticTotal,
} from './routing-model.ts';

const ESTIMATE_HEADER = 'Against the static table (estimate)';

/** Lines as separate blocks, so a narrow cell wraps between figures rather than inside them. */
function lines(texts: string[]): Node[] {
  return texts.map((t, i) => el('span', { className: i === 0 ? 'line' : 'line sub', textContent: t }));
}

function cell(col: string, label: string, content: Node[], extra: { className?: string; title?: string } = {}): HTMLElement {
  return el('td', { ...extra, dataset: { col, label }, attrs: { role: 'cell' } }, ...content);
}

export function renderRouting(p: RoutingPanel, onSettings: () => void): HTMLElement {
  const open = el('button', { type: 'button', id: 'routing-settings-open', textContent: 'Routing settings…', title: 'Open the switchyard.routing settings (learning, preference, exploration)' });
  open.addEventListener('click', onSettings);
  const head = el('div', { className: 'routing-head' },
    el('p', { id: 'routing-settings', className: 'routing-settings', textContent: settingsLine(p.settings) }), open);
  if (p.rows.length === 0) {
    const [title, ...rest] = routingEmptyLines(p.settings);
    return el('div', { className: 'routing' }, head,
      el('section', { className: 'routing-empty', id: 'routing-empty' },
        el('h2', { textContent: title! }), ...rest.map((t) => el('p', { textContent: t }))));
  }
  const total = versusStaticTotal(p.rows);
  const headers = ['Task shape', 'Lane now', 'Fast lane', 'Deep lane', ESTIMATE_HEADER];
  const thead = el('thead', { attrs: { role: 'rowgroup' } }, el('tr', { attrs: { role: 'row' } }, ...headers.map((h, i) => el('th', {
    scope: 'col', textContent: h, ...(i === 4 ? { title: p.estimateRule } : {}), attrs: { role: 'columnheader' },
  }))));
  const body = el('tbody', { attrs: { role: 'rowgroup' } }, ...routingRowsInOrder(p).map((r) => {
    const completion = completionLine(r.completions);
    return el('tr', { dataset: { shape: r.shape }, attrs: { role: 'row' } },
      el('th', { scope: 'row', dataset: { col: 'shape', label: headers[0]! }, attrs: { role: 'rowheader' } }, ...lines([r.label, ...(completion ? [completion] : [])])),
      cell('lane', headers[1]!, lines(laneNowLines(r)), { className: r.lane === r.staticLane ? '' : 'moved' }),
      ...PANEL_LANES.map((l) => cell(l, headers[l === 'fast' ? 2 : 3]!, lines(laneCellLines(r.lanes[l])), { title: `${laneLabel(l)} lane, recent weeks counting more: tasks that succeeded (validated, then not rejected or undone) of those judged; mean cost and time per attempt` })),
      cell('versus', headers[4]!, lines([versusStaticText(r.versusStatic)]), { title: p.estimateRule }));
  }));
  return el('div', { className: 'routing' }, head,
    el('p', { className: 'routing-total', dataset: { figure: 'routing-total' }, title: p.estimateRule, textContent: `${ESTIMATE_HEADER}: ${versusStaticText(total)}` }),
    // Explicit roles: the narrow layout's display:block must not drop the table semantics.
    el('table', { className: 'routing-table', id: 'routing-table', attrs: { role: 'table' } },
      el('caption', { textContent: 'How each task shape is routed now, from your own outcomes' }), thead, body),
    el('details', { className: 'estimate-rule' },
      el('summary', { textContent: 'How the estimate is made' }), el('p', { textContent: p.estimateRule })));
}

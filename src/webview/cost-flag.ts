// The cost cell's marks: a price that is unknown (never shown as a figure), and a gateway
// whose reported cost is more than 1% away from ours (both figures in the tooltip and the
// cell's accessible name; the row's details say it in words too).
import { gatewayDifference, type PanelRow } from '../core/ledger-rows.ts';
import { el } from './dom.ts';

export const UNKNOWN_PRICE_TIP = 'No price is known for this model: set switchyard.prices. Budgets count it as $0 until then.';

export function flagCost(cell: HTMLElement, r: PanelRow): void {
  if (r.priceBasis === 'unknown') {
    cell.classList.add('tone-warn');
    cell.title = UNKNOWN_PRICE_TIP;
    return;
  }
  const diff = gatewayDifference(r);
  if (!diff) return;
  cell.classList.add('cost-differs');
  cell.title = diff;
  cell.setAttribute('aria-label', `${cell.textContent ?? ''}. ${diff}`);
  cell.append(el('span', { className: 'badge badge-warn', textContent: '≠ gateway', title: diff }));
}

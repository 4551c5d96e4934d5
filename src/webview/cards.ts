// Summary cards: spend against budgets, per-lane latency, savings against all-deep.
import type { PanelSummary } from '../core/panel-messages.ts';
import { el } from './dom.ts';
import { formatCount, formatUsd, formatUsdDecimal, formatMs } from './format.ts';

function meter(spent: number, cap: number | null, warnFraction: number): HTMLElement {
  if (cap === null) return el('p', { className: 'card-sub', textContent: 'No cap set' });
  const fraction = cap > 0 ? spent / cap : 1;
  const tone = fraction >= 1 ? 'error' : fraction >= warnFraction ? 'warn' : 'ok';
  const bar = el('div', { className: `bar-fill ${tone}` });
  bar.style.width = `${Math.min(100, fraction * 100).toFixed(1)}%`;
  const track = el('div', { className: 'bar', attrs: { role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': formatUsdDecimal(cap), 'aria-valuenow': formatUsdDecimal(spent), 'aria-label': `${formatUsd(spent)} of ${formatUsd(cap)}` } }, bar);
  return el('div', {}, track, el('p', { className: 'card-sub', textContent: `${Math.floor(fraction * 100)}% of ${formatUsd(cap)}` }));
}

function card(id: string, title: string, value: string, ...rest: Node[]): HTMLElement {
  return el('section', { className: 'card', dataset: { card: id }, attrs: { 'aria-label': title } },
    el('h2', { className: 'card-title', textContent: title }),
    el('p', { className: 'card-value', dataset: { figure: id }, textContent: value }),
    ...rest);
}

export function renderCards(s: PanelSummary): HTMLElement {
  const lane = (l: 'fast' | 'deep') => {
    const x = s.lanes[l];
    return card(`${l}-latency`, `${l === 'fast' ? 'Fast' : 'Deep'} lane · ${x.model}`, `p50 ${formatMs(x.p50Ms)}`,
      el('p', { className: 'card-sub', dataset: { figure: `${l}-p95` }, textContent: `p95 ${formatMs(x.p95Ms)} · first token p50 ${formatMs(x.ttftP50Ms)}` }),
      el('p', { className: 'card-sub', dataset: { figure: `${l}-spend` }, textContent: `${formatUsd(x.monthNanos)} · ${formatCount(x.monthCount)} requests this month` }));
  };
  const saved = s.savingsMonthNanos;
  return el('div', { className: 'cards', id: 'cards' },
    card('today', 'Spent today', formatUsd(s.todayNanos), meter(s.todayNanos, s.dailyCapNanos, s.warnFraction),
      el('p', { className: 'card-sub', dataset: { figure: 'today-count' }, textContent: `${formatCount(s.todayCount)} requests` })),
    card('month', 'Spent this month', formatUsd(s.monthNanos), meter(s.monthNanos, s.monthlyCapNanos, s.warnFraction),
      el('p', { className: 'card-sub', dataset: { figure: 'month-count' }, textContent: `${formatCount(s.monthCount)} requests` })),
    card('savings', `Saved vs. all ${s.deepModel}`, formatUsd(saved),
      el('p', { className: 'card-sub', textContent: saved >= 0 ? `this month, by routing to the fast lane (today ${formatUsd(s.savingsTodayNanos)})` : 'this month: fast-lane retries cost more than they saved' })),
    lane('fast'),
    lane('deep'),
  );
}

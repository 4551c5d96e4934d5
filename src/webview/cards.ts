// Summary cards: spend against budgets, per-lane latency and tool-call parse failures, savings per task against all-deep,
// escalation waste, the fast lane's success per kind, and what became of the answers.
import { PANEL_KINDS } from '../core/ledger-rows.ts';
import type { PanelSummary } from '../core/panel-messages.ts';
import { el } from './dom.ts';
import { formatCount, formatRate, plural, formatUsd, formatUsdDecimal, formatMs, kindLabel, laneToolCallsLine, outcomeLabel } from './format.ts';

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
      el('p', { className: 'card-sub', dataset: { figure: `${l}-spend` }, textContent: `${formatUsd(x.monthNanos)} · ${plural(x.monthCount, 'request')} this month` }),
      el('p', { className: 'card-sub', dataset: { figure: `${l}-tool-calls` }, title: 'Agent requests: tool calls whose arguments did not parse or did not match the tool\'s schema, out of all the lane\'s tool calls', textContent: laneToolCallsLine(x) }));
  };
  const saved = s.savingsMonthNanos;
  const sub = (figure: string, text: string) => el('p', { className: 'card-sub', dataset: { figure }, textContent: text });
  const blocks = Object.entries(s.blocks).filter(([, n]) => n > 0).map(([b, n]) => `${outcomeLabel(b).replace(/^Blocked \((.*)\)$/, '$1')} ${formatCount(n)}`);
  const e = s.events;
  return el('div', { className: 'cards', id: 'cards' },
    card('today', 'Spent today', formatUsd(s.todayNanos), meter(s.todayNanos, s.dailyCapNanos, s.warnFraction),
      sub('today-count', plural(s.todayCount, 'request'))),
    card('month', 'Spent this month', formatUsd(s.monthNanos), meter(s.monthNanos, s.monthlyCapNanos, s.warnFraction),
      sub('month-count', plural(s.monthCount, 'request')),
      ...(blocks.length ? [sub('month-blocks', `Blocked, not sent: ${blocks.join(', ')}`)] : [])),
    card('savings', `Saved vs. all ${s.deepModel}`, formatUsd(saved),
      el('p', { className: 'card-sub', textContent: saved >= 0 ? `this month, per task, escalations counted (today ${formatUsd(s.savingsTodayNanos)})` : 'this month: fast-lane attempts that escalated cost more than the fast lane saved' }),
      sub('waste', `${formatUsd(s.wasteMonthNanos)} spent on fast attempts that escalated (today ${formatUsd(s.wasteTodayNanos)})`)),
    card('fast-success', 'Fast lane success', formatRate(PANEL_KINDS.reduce((n, k) => n + s.fastSuccess[k].ok, 0), PANEL_KINDS.reduce((n, k) => n + s.fastSuccess[k].finished, 0)),
      ...PANEL_KINDS.filter((k) => s.fastSuccess[k].finished > 0)
        .map((k) => sub(`fast-success-${k}`, `${kindLabel(k)}: ${formatRate(s.fastSuccess[k].ok, s.fastSuccess[k].finished)}`))),
    card('answers', 'Answers this month', `${formatCount(e.accepted)} accepted`,
      sub('events-shown', `${formatCount(e.shown)} shown (${formatCount(s.cacheHits)} from cache)`),
      sub('events-edits', `${formatCount(e.applied)} applied · ${formatCount(e.partly_applied)} partly · ${formatCount(e.rejected)} rejected · ${formatCount(e.undone)} undone`)),
    lane('fast'),
    lane('deep'),
  );
}

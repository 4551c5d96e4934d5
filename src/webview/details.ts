// A request's details (money exact to the nano-dollar here): timing breakdown, estimate against actual, and the chain
// of attempts of the same task (retries, escalation, fallback).
import { costWords, gatewayDifference, stateLabel, type PanelRow } from '../core/ledger-rows.ts';
import { agentFacts, attemptChain, timingSegments } from './details-model.ts';
import { routingNoteFacts } from './routing-model.ts';
import { el } from './dom.ts';
import { estimateDelta, formatClock, formatCount, formatUsdExact, formatMs, kindLabel, laneLabel, outcomeLabel, outcomeTone, plural } from './format.ts';

function dl(pairs: [string, string][]): HTMLElement {
  const list = el('dl', { className: 'facts' });
  for (const [k, v] of pairs) list.append(el('dt', { textContent: k }), el('dd', { textContent: v }));
  return list;
}

function timingBar(r: PanelRow): HTMLElement {
  const segs = timingSegments(r);
  const total = Math.max(1, r.endMs);
  const bar = el('div', { className: 'timing-bar', attrs: { 'aria-hidden': 'true' } });
  segs.forEach((s, i) => {
    const part = el('span', { className: `seg seg-${i}`, title: `${s.label}: ${formatMs(s.toMs - s.fromMs)}` });
    part.style.width = `${(((s.toMs - s.fromMs) / total) * 100).toFixed(2)}%`;
    bar.append(part);
  });
  const legend = el('ul', { className: 'timing-legend' },
    ...segs.map((s, i) => el('li', {}, el('span', { className: `swatch seg-${i}` }), `${s.label}: ${formatMs(s.toMs - s.fromMs)} (at ${formatMs(s.toMs)})`)));
  return el('div', {}, bar, legend);
}

export function renderDetails(r: PanelRow, all: readonly PanelRow[], onClose: () => void, shapeLabel: (shape: string) => string | undefined = () => undefined): HTMLElement {
  const chain = attemptChain(all, r.taskId);
  const close = el('button', { type: 'button', className: 'close', textContent: 'Close', title: 'Close (Escape)' });
  close.addEventListener('click', onClose);
  const heading = el('h2', { id: 'details-title', textContent: `${kindLabel(r.kind)} on the ${laneLabel(r.lane).toLowerCase()} lane · ${formatClock(r.time)}` });
  const chainList = el('ol', { className: 'chain' },
    ...chain.map((a) => el('li', { className: a.id === r.id ? 'current' : '' },
      el('span', { className: `tone-${outcomeTone(a.outcome)}`, textContent: outcomeLabel(a.outcome) }),
      ` ${a.agent ? `turn ${a.agent.turn} (${a.agent.step}), ` : ''}attempt ${a.attempt + 1}: ${laneLabel(a.lane)} · ${a.model}, ${formatMs(a.endMs)}, ${formatUsdExact(a.costNanos)}`
        + `${a.toolCalls?.malformed ? `, ${plural(a.toolCalls.malformed, 'malformed tool call')}` : ''} — ${a.reason}`,
      ...(a.note ? [el('div', { className: 'note', textContent: a.note })] : []))));
  const chainCost = chain.reduce((s, a) => s + a.costNanos, 0);
  // An agent conversation is one task of many requests (turns), each with its own attempts.
  const turns = new Set(chain.map((a) => a.agent?.turn)).size;
  const chainTitle = r.kind === 'agent'
    ? `This conversation (${plural(turns, 'request')}, ${plural(chain.length, 'attempt')}, ${formatUsdExact(chainCost)} in all)`
    : `Attempts of this task (${chain.length}, ${formatUsdExact(chainCost)} in all)`;
  const agent = agentFacts(r);
  const gap = gatewayDifference(r);
  return el('aside', { className: 'details', id: 'details', attrs: { role: 'dialog', 'aria-labelledby': 'details-title' } },
    el('div', { className: 'details-head' }, heading, close),
    ...(r.simulated ? [el('p', { className: 'badge-line', textContent: 'Simulated: answered by the local emulator; the cost is what a real request would have cost.' })] : []),
    el('h3', { textContent: 'Why' }),
    el('p', { className: 'why', textContent: r.reason }),
    ...(r.note ? [el('p', { className: 'note', textContent: r.note })] : []),
    ...(r.routing ? [el('h3', { textContent: 'Routing figures' }), dl(routingNoteFacts(r.routing, shapeLabel))] : []),
    ...(agent.length ? [el('h3', { textContent: 'Agent request' }), dl(agent)] : []),
    el('h3', { textContent: 'Timing' }),
    timingBar(r),
    el('h3', { textContent: 'Cost' }),
    ...(gap ? [el('p', { className: 'badge-line cost-differs', textContent: gap })] : []),
    dl([
      ['Actual', r.priceBasis ? costWords(r) : formatUsdExact(r.costNanos)],
      ...(r.gatewayCostNanos !== undefined ? [['Gateway reported', formatUsdExact(r.gatewayCostNanos)] as [string, string]] : []),
      ['Estimated', `${formatUsdExact(r.estimateNanos)} (an estimate made before sending; actual ${estimateDelta(r)})`],
      [`Other lane (${r.lane === 'fast' ? 'deep' : 'fast'}, same tokens)`, formatUsdExact(r.counterfactualNanos)],
      ['Tokens', `${formatCount(r.tokens.input)} in (${formatCount(r.tokens.cached)} cached), ${formatCount(r.tokens.output)} out (${formatCount(r.tokens.reasoning)} reasoning)`],
      ['Outcome', outcomeLabel(r.outcome) + (r.cacheHit ? ' · served from cache' : '') + (r.accepted ? ' · accepted' : '') + (r.state ? ` · then ${stateLabel(r.state)}` : '')],
      ...(r.file ? [['File', r.file] as [string, string]] : []),
      ...(r.language ? [['Language', r.language] as [string, string]] : []),
      ['Provider', `${r.provider} · ${r.model}`],
    ]),
    el('h3', { textContent: chainTitle }),
    chainList,
  );
}

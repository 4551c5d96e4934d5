// Pure display helpers for the panel (unit-tested in node).
import { madeNoRoundTrip, type PanelRow } from '../core/ledger-rows.ts';
import { formatUsd, formatUsdDecimal, formatUsdExact, formatUsdFixed, formatMs } from '../core/usage-format.ts';

export { formatUsd, formatUsdDecimal, formatUsdExact, formatUsdFixed, formatMs };

const pad = (n: number) => String(n).padStart(2, '0');

/** Local "HH:MM:SS". */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local "YYYY-MM-DD", the key the date filter compares. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "Today 14:03:22" or "May 3 14:03:22". */
export function formatWhen(ms: number, nowMs: number): string {
  if (localDay(ms) === localDay(nowMs)) return formatClock(ms);
  const d = new Date(ms);
  return `${d.toLocaleString('en', { month: 'short' })} ${d.getDate()} ${formatClock(ms)}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en');
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * The line above the table. It counts rows, and splits them the way the cards
 * count: requests (round trips to a model) apart from cache hits and acceptances.
 */
export function rowCountLine(view: readonly PanelRow[], all: readonly PanelRow[], opts: { filtered: boolean; loading: boolean }): string {
  const requests = view.filter((r) => !madeNoRoundTrip(r)).length;
  const cacheHits = view.filter((r) => r.cacheHit).length;
  const acceptances = view.length - requests - cacheHits;
  const parts = [plural(requests, 'request')];
  if (cacheHits > 0) parts.push(plural(cacheHits, 'cache hit'));
  if (acceptances > 0) parts.push(plural(acceptances, 'acceptance'));
  const split = view.length === requests ? '' : `: ${parts.join(', ')}`;
  if (opts.filtered) return `Showing ${formatCount(view.length)} of ${plural(all.length, 'row')} this month (filtered)${split}`;
  return `${plural(view.length, 'row')} this month${split}${opts.loading ? ' (loading…)' : ''}, newest first`;
}

const KIND_LABELS: Record<string, string> = { completion: 'Completion', quickEdit: 'Quick edit', refactor: 'Refactor', astTransform: 'AST transform' };
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

const OUTCOME_LABELS: Record<string, string> = {
  ok: 'OK', cancelled: 'Cancelled', escalated: 'Escalated', fell_back: 'Fell back', rejected: 'Rejected', blocked_budget: 'Blocked (budget)',
};
export function outcomeLabel(outcome: string): string {
  if (outcome.startsWith('error:')) return `Error: ${outcome.slice(6).replace('_', ' ')}`;
  return OUTCOME_LABELS[outcome] ?? outcome;
}

/** A CSS class for the outcome's colour. */
export function outcomeTone(outcome: string): 'ok' | 'warn' | 'error' | 'muted' {
  if (outcome === 'ok') return 'ok';
  if (outcome === 'escalated' || outcome === 'fell_back') return 'warn';
  if (outcome === 'cancelled') return 'muted';
  return 'error';
}

export function laneLabel(lane: string): string {
  return lane === 'fast' ? 'Fast' : lane === 'deep' ? 'Deep' : lane;
}

/** Percent difference of actual against estimate, e.g. "+12%" ("–" without an estimate). */
export function estimateDelta(row: Pick<PanelRow, 'costNanos' | 'estimateNanos'>): string {
  if (row.estimateNanos <= 0) return '–';
  const pct = Math.round(((row.costNanos - row.estimateNanos) / row.estimateNanos) * 100);
  return `${pct > 0 ? '+' : ''}${pct}%`;
}

// Pure display helpers for the panel (unit-tested in node).
import { isBlockOutcome, kindLabel, PANEL_KINDS, type PanelKind, type PanelRow } from '../core/ledger-rows.ts';
import { formatUsd, formatUsdDecimal, formatUsdExact, formatUsdFixed, formatMs, formatPercent, formatToolCalls } from '../core/usage-format.ts';

/** Shared with the meter, which shows the same words. */
export { kindLabel };

export { formatUsd, formatUsdDecimal, formatUsdExact, formatUsdFixed, formatMs, formatPercent, formatToolCalls };

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

export const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * The line above the table. Rows are request records; it splits them the way the
 * cards count: requests (round trips to a model) apart from blocks, which sent nothing.
 */
export function rowCountLine(view: readonly PanelRow[], all: readonly PanelRow[], opts: { filtered: boolean; loading: boolean }): string {
  const blocked = view.filter((r) => isBlockOutcome(r.outcome)).length;
  const requests = view.length - blocked;
  const split = blocked > 0 ? `: ${plural(requests, 'request')}, ${formatCount(blocked)} blocked (not sent)` : '';
  if (opts.filtered) return `Showing ${formatCount(view.length)} of ${plural(all.length, 'row')} this month (filtered)${split}`;
  return `${plural(view.length, 'row')} this month${split}${opts.loading ? ' (loading…)' : ''}, newest first`;
}


/** The kind filter's choices, in the order kinds are listed everywhere. */
export const KIND_OPTIONS: readonly ['all' | PanelKind, string][] = [['all', 'All kinds'], ...PANEL_KINDS.map((k): [PanelKind, string] => [k, kindLabel(k)])];

/** The table's kind cell: an agent request also says whether the router saw a think or an act step. */
export function kindCell(r: Pick<PanelRow, 'kind' | 'agent'>): string {
  return r.agent ? `${kindLabel(r.kind)} · ${r.agent.step}` : kindLabel(r.kind);
}

/**
 * A lane card's parse-failure line: "Tool calls this month: 3 of 40 malformed (7.5%) · today 1 of 10 malformed (10%)",
 * or "No tool calls yet" before any agent request made one.
 */
export function laneToolCallsLine(x: { toolCallsMonth: { made: number; malformed: number }; toolCallsToday: { made: number; malformed: number } }): string {
  if (x.toolCallsMonth.made === 0) return 'No tool calls yet';
  const today = x.toolCallsToday.made > 0 ? formatToolCalls(x.toolCallsToday) : 'none';
  return `Tool calls this month: ${formatToolCalls(x.toolCallsMonth)} · today ${today}`;
}

/** An attempt's tool calls: "4", "4 (1 malformed)"; a dash for attempts that offered no tools. */
export function toolCallsCell(r: Pick<PanelRow, 'toolCalls'>): string {
  if (!r.toolCalls) return '–';
  const { made, malformed } = r.toolCalls;
  return malformed > 0 ? `${formatCount(made)} (${formatCount(malformed)} malformed)` : formatCount(made);
}

const OUTCOME_LABELS: Record<string, string> = {
  ok: 'OK', cancelled: 'Cancelled', escalated: 'Escalated', fell_back: 'Fell back', rejected: 'Rejected', blocked_budget: 'Blocked (budget)',
  blocked_confirmation: 'Blocked (needs confirmation)', blocked_cooldown: 'Blocked (cooldown)', blocked_context: 'Blocked (context too large)',
  blocked_untrusted: 'Blocked (untrusted or denied file)',
};
export function outcomeLabel(outcome: string): string {
  if (outcome.startsWith('error:')) return `Error: ${outcome.slice(6).replace('_', ' ')}`;
  return OUTCOME_LABELS[outcome] ?? outcome;
}

/** A CSS class for the outcome's colour. */
export function outcomeTone(outcome: string): 'ok' | 'warn' | 'error' | 'muted' {
  if (outcome === 'ok') return 'ok';
  if (outcome === 'escalated' || outcome === 'fell_back') return 'warn';
  if (outcome === 'cancelled' || isBlockOutcome(outcome)) return 'muted';
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

/** "92% (11 of 12)", or a dash before any task finished. */
export function formatRate(ok: number, finished: number): string {
  return finished > 0 ? `${Math.round((ok / finished) * 100)}% (${formatCount(ok)} of ${formatCount(finished)})` : '–';
}

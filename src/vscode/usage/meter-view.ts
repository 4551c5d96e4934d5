// The status-bar meter's text, tooltip (Markdown) and colour, from the summary.
// Pure (no vscode import): the StatusMeter applies these; unit tests check them.
import { costWords, kindLabel, PANEL_LANES } from '../../core/ledger-rows.ts';
import { PRICE_UNKNOWN_TEXT, type PriceBasis } from '../../core/pricing.ts';
import type { PanelSummary } from '../../core/panel-messages.ts';
import { formatUsd, formatMs } from '../../core/usage-format.ts';
import { COMMANDS } from '../command-ids.ts';

export interface LastRequest {
  kind: string;
  lane: string;
  model: string;
  outcome: string;
  endMs: number;
  costNanos: number;
  priceBasis?: PriceBasis;
}

export interface MeterInput {
  summary: PanelSummary;
  last?: LastRequest;
  /** Deep-lane tasks in flight. */
  busy: number;
  /** Why Switchyard stays quiet in the current file ("completions are off in .env: secret file"). */
  notice?: string;
  /** Lanes whose breaker is open, and the seconds left of their cooldown. */
  cooling?: readonly { lane: string; seconds: number }[];
}

/** "deep lane cooling down, 37 s" */
export function coolingLine(c: { lane: string; seconds: number }): string {
  return `${c.lane} lane cooling down, ${c.seconds} s`;
}

export const OPEN_SETTINGS = 'workbench.action.openSettings';
/** The only commands the tooltip's links may run (MarkdownString.isTrusted). */
export const TOOLTIP_COMMANDS: readonly string[] = [COMMANDS.showPanel, OPEN_SETTINGS, COMMANDS.toggleCompletions];

export function meterText(i: MeterInput): string {
  const icon = i.busy > 0 ? '$(sync~spin)' : '$(pulse)';
  const latency = i.last ? ` · ${formatMs(i.last.endMs)}` : '';
  const sim = i.summary.simulated ? ' (simulated)' : '';
  // Unknown prices make today's figure a floor, never a total: say so in the text itself.
  const floor = i.summary.unpricedToday ? '+?' : '';
  return `${icon} ${formatUsd(i.summary.todayNanos)}${floor}${latency}${sim}`;
}

export function meterAccessibleLabel(i: MeterInput): string {
  const parts = [`Switchyard: ${formatUsd(i.summary.todayNanos)} spent today`];
  if (i.last) parts.push(`last request took ${formatMs(i.last.endMs)}`);
  if (i.busy > 0) parts.push('a deep-lane task is running');
  if (i.summary.simulated) parts.push('simulated lanes');
  if (i.summary.unpricedToday) parts.push(`${i.summary.unpricedToday} requests with no known price`);
  return parts.join(', ');
}

/** Theme colour id for the background, or undefined for the default. */
export function meterBackground(summary: PanelSummary): string | undefined {
  if (summary.level === 'capped') return 'statusBarItem.errorBackground';
  if (summary.level === 'warn') return 'statusBarItem.warningBackground';
  return undefined;
}

const cmd = (id: string, args?: unknown[]) => `command:${id}${args ? `?${encodeURIComponent(JSON.stringify(args))}` : ''}`;

function capLine(label: string, spent: number, cap: number | null): string {
  if (cap === null) return `${label}: ${formatUsd(spent)} (no cap)`;
  const pct = cap > 0 ? Math.floor((spent / cap) * 100) : 100;
  return `${label}: ${formatUsd(spent)} of ${formatUsd(cap)} (${pct}%)`;
}

export function meterTooltip(i: MeterInput): string {
  const s = i.summary;
  const lines: string[] = [];
  lines.push(`**Switchyard usage**${s.simulated ? ' · _simulated: the lanes point at the local emulator_' : ''}`, '');
  if (s.level !== 'ok') lines.push(s.level === 'capped' ? '$(error) **A budget cap is reached.**' : '$(warning) **Near a budget cap.**', '');
  lines.push('| Lane | Today | This month | p50 latency |', '|---|---:|---:|---:|');
  for (const l of PANEL_LANES) {
    const x = s.lanes[l];
    const name = `${l === 'fast' ? 'Fast' : 'Deep'} · ${x.model}`;
    lines.push(`| ${name} | ${formatUsd(x.todayNanos)} · ${x.todayCount} req | ${formatUsd(x.monthNanos)} · ${x.monthCount} req | ${formatMs(x.p50Ms)} |`);
  }
  lines.push(`| **Total** | **${formatUsd(s.todayNanos)}** · ${s.todayCount} req | **${formatUsd(s.monthNanos)}** · ${s.monthCount} req | |`, '');
  lines.push(`${capLine('Today', s.todayNanos, s.dailyCapNanos)}  `, capLine('This month', s.monthNanos, s.monthlyCapNanos), '');
  if (s.unpricedMonth) {
    lines.push(`$(warning) ${s.unpricedToday ?? 0} today, ${s.unpricedMonth} this month: ${PRICE_UNKNOWN_TEXT}. They count $0 toward the caps.`, '');
  }
  if (s.savingsMonthNanos !== 0 || s.wasteMonthNanos !== 0) {
    lines.push(`Saved against sending every task to ${s.deepModel} alone: ${formatUsd(s.savingsMonthNanos)} this month  `,
      `Spent on fast attempts that escalated: ${formatUsd(s.wasteMonthNanos)} this month`, '');
  }
  if (i.last) {
    const cost = i.last.priceBasis ? costWords({ costNanos: i.last.costNanos, priceBasis: i.last.priceBasis }) : formatUsd(i.last.costNanos);
    lines.push(`Last request: ${kindLabel(i.last.kind)} on the ${i.last.lane} lane (${i.last.model}), ${formatMs(i.last.endMs)}, ${cost}, ${i.last.outcome}`, '');
  }
  if (i.busy > 0) lines.push(`$(sync~spin) ${i.busy} deep-lane task${i.busy > 1 ? 's' : ''} running`, '');
  for (const c of i.cooling ?? []) lines.push(`$(clock) ${coolingLine(c)}`, '');
  if (i.notice) lines.push(`$(shield) ${i.notice}`, '');
  lines.push([
    `[$(graph) Open usage panel](${cmd(COMMANDS.showPanel)})`,
    `[$(settings-gear) Set a budget](${cmd(OPEN_SETTINGS, ['switchyard.budget'])})`,
    `[$(debug-pause) Pause completions](${cmd(COMMANDS.toggleCompletions)})`,
  ].join(' · '));
  return lines.join('\n');
}

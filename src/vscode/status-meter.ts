import * as vscode from 'vscode';
import { isBlockOutcome, type LedgerRecord } from '../core/ledger-record.ts';
import { DEFAULT_POLICY } from '../core/policy-config.ts';
import { EMPTY_BUDGET } from '../core/policy-budget.ts';
import type { PanelSummary } from '../core/panel-messages.ts';
import { LedgerAggregate } from '../core/ledger-aggregate.ts';
import type { Container } from './container.ts';
import type { Services } from './services.ts';
import { deepTasksRunning, onDeepActivity } from './usage/activity.ts';
import {
  meterAccessibleLabel, meterBackground, meterText, meterTooltip, TOOLTIP_COMMANDS, type LastRequest, type MeterInput,
} from './usage/meter-view.ts';
import { BudgetNotifier } from './usage/budget-notifier.ts';
import { buildSummary } from './usage/panel-summary.ts';
import { COMMANDS } from './command-ids.ts';

/** The always-visible cost meter: today's spend, the last request's latency, budget colours, a usage tooltip. */
export class StatusMeter implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly services: Services | undefined;
  private last: LastRequest | undefined;
  private tooltipText = '';
  private ticking: NodeJS.Timeout | undefined;

  constructor(services?: Services) {
    this.services = services;
    this.item = vscode.window.createStatusBarItem('switchyard.meter', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Switchyard Cost Meter';
    this.item.command = COMMANDS.showPanel;
    const last = services?.ledger.lastRequest();
    if (last) this.last = lastOf(last);
    this.render();
    this.item.show();
  }

  onRecords(records: readonly LedgerRecord[]): void {
    // Another window's records arrive too; the newest by start time that reached a provider is
    // "the last request" (a block sent nothing, so it has no latency to show).
    const newest = records.reduce<LedgerRecord | undefined>((a, r) => (!isBlockOutcome(r.outcome) && (!a || r.time >= a.time) ? r : a), undefined);
    if (newest) this.last = lastOf(newest);
    this.render();
  }

  summary(): PanelSummary {
    const s = this.services;
    if (!s) return buildSummary(new LedgerAggregate(), DEFAULT_POLICY, EMPTY_BUDGET, false);
    return buildSummary(s.ledger.aggregate, s.pipeline.policy(), s.pipeline.router.state().budget, s.simulated);
  }

  /** Open breakers and their remaining cooldown, whole seconds rounded up. */
  cooling(): { lane: string; seconds: number }[] {
    const state = this.services?.pipeline.router.state();
    if (!state) return [];
    return (['fast', 'deep'] as const).flatMap((lane) => {
      const until = state.breakers[lane].openUntilMs;
      return until !== null && until > state.nowMs ? [{ lane, seconds: Math.ceil((until - state.nowMs) / 1000) }] : [];
    });
  }

  render(): void {
    const cooling = this.cooling();
    const input: MeterInput = { summary: this.summary(), last: this.last, busy: deepTasksRunning(), notice: this.services?.notice.text, cooling };
    // Count the cooldown down while it lasts.
    if (cooling.length && !this.ticking) this.ticking = setTimeout(() => { this.ticking = undefined; this.render(); }, 1000);
    this.item.text = meterText(input);
    this.tooltipText = meterTooltip(input);
    const md = new vscode.MarkdownString(this.tooltipText, true);
    md.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
    this.item.tooltip = md;
    const bg = meterBackground(input.summary);
    this.item.backgroundColor = bg ? new vscode.ThemeColor(bg) : undefined;
    this.item.accessibilityInformation = { label: meterAccessibleLabel(input), role: 'button' };
  }

  /** The tooltip's Markdown source (the extension's API exposes it to tests). */
  get tooltip(): string {
    return this.tooltipText;
  }

  dispose(): void {
    if (this.ticking) clearTimeout(this.ticking);
    this.item.dispose();
  }
}

function lastOf(r: LedgerRecord): LastRequest {
  return { kind: r.kind, lane: r.lane, model: r.model, outcome: r.outcome, endMs: r.timings.endMs, costNanos: r.costNanos, ...(r.priceBasis ? { priceBasis: r.priceBasis } : {}) };
}

export function registerStatusMeter(container: Container, services?: Services): StatusMeter {
  const meter = container.own(new StatusMeter(services));
  container.own(onDeepActivity(() => meter.render()));
  container.own(vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('switchyard')) meter.render(); }));
  // Midnight and month rollovers change "today" without a new record.
  const tick = setInterval(() => meter.render(), 60_000);
  container.own({ dispose: () => clearInterval(tick) });
  if (services) {
    container.own(services.ledger.onRecords((r) => meter.onRecords(r)));
    // Events change the counts and nothing else: never "the last request".
    container.own(services.ledger.onEvents(() => meter.render()));
    container.own(services.notice.onDidChange(() => meter.render()));
    container.own(new BudgetNotifier(container.context.globalState, services));
    void services.ledger.start().then(() => {
      const last = services.ledger.lastRequest();
      if (last) meter.onRecords([last]);
      else meter.render();
    });
  }
  return meter;
}

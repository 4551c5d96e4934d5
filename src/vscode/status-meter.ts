import * as vscode from 'vscode';
import { formatUsd } from '../core/pricing.ts';
import type { LedgerRecord } from '../core/ledger-record.ts';
import type { Container } from './container.ts';
import type { Services } from './services.ts';
import { SHOW_PANEL_COMMAND } from './usage-panel.ts';

/** The always-visible cost meter: today's spend and the last request's latency. */
export class StatusMeter implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly services: Services | undefined;
  private last: LedgerRecord | undefined;

  constructor(services?: Services) {
    this.services = services;
    this.item = vscode.window.createStatusBarItem('switchyard.meter', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Switchyard Cost Meter';
    this.item.command = SHOW_PANEL_COMMAND;
    this.render();
    this.item.show();
  }

  onRecords(records: readonly LedgerRecord[]): void {
    this.last = records.at(-1) ?? this.last;
    this.render();
  }

  render(): void {
    const today = this.services?.ledger.aggregate.today().all.costNanos ?? 0;
    const spend = formatUsd(today, 2);
    const latency = this.last ? ` · ${Math.round(this.last.timings.endMs)} ms` : '';
    const simulated = this.services?.simulated ? ' (simulated)' : '';
    this.item.text = `$(pulse) ${spend}${latency}${simulated}`;
    this.item.tooltip = `Switchyard: ${spend} spent today${simulated}. Click to open the usage panel.`;
    this.item.accessibilityInformation = { label: `Switchyard spend today ${spend}${simulated}`, role: 'button' };
  }

  dispose(): void {
    this.item.dispose();
  }
}

export function registerStatusMeter(container: Container, services?: Services): StatusMeter {
  const meter = container.own(new StatusMeter(services));
  if (services) {
    container.own(services.ledger.onRecords((r) => meter.onRecords(r)));
    void services.ledger.start().then(() => meter.render());
  }
  return meter;
}

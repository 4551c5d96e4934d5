import * as vscode from 'vscode';
import type { Container } from './container.ts';
import { SHOW_PANEL_COMMAND } from './usage-panel.ts';

/** The always-visible cost meter: today's spend; a click opens the usage panel. */
export class StatusMeter implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('switchyard.meter', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Switchyard Cost Meter';
    this.item.command = SHOW_PANEL_COMMAND;
    this.render('$0.00');
    this.item.show();
  }

  render(spend: string): void {
    this.item.text = `$(pulse) ${spend}`;
    this.item.tooltip = `Switchyard: ${spend} spent today. Click to open the usage panel.`;
    this.item.accessibilityInformation = { label: `Switchyard spend today ${spend}`, role: 'button' };
  }

  dispose(): void {
    this.item.dispose();
  }
}

export function registerStatusMeter(container: Container): StatusMeter {
  return container.own(new StatusMeter());
}

import * as vscode from 'vscode';
import { Container } from './container.ts';
import { registerKeyCommands } from './secrets.ts';
import { registerStatusMeter, type StatusMeter } from './status-meter.ts';
import { registerUsagePanel } from './usage-panel.ts';

/** What activate returns: read-only views for tests and other extensions. */
export interface SwitchyardApi {
  failedFeatures(): readonly string[];
  meterText(): string | undefined;
}

/** Builds the container and starts each feature in isolation. */
export function startSwitchyard(context: vscode.ExtensionContext): SwitchyardApi {
  const container = new Container(context);
  context.subscriptions.push(container);
  container.log.info(`Switchyard ${String(context.extension.packageJSON.version)} activating in VS Code ${vscode.version}`);
  let meter: StatusMeter | undefined;
  container.feature('API keys', (c) => { registerKeyCommands(c); });
  container.feature('usage panel', registerUsagePanel);
  container.feature('status meter', (c) => { meter = registerStatusMeter(c); });
  return {
    failedFeatures: () => container.failedFeatures,
    meterText: () => meter?.item.text,
  };
}

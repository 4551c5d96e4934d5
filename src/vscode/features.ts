import * as vscode from 'vscode';
import { Container } from './container.ts';
import { registerAgentModels } from './agent/register-agent-models.ts';
import { registerInlineCompletions } from './completion/inline-provider.ts';
import { registerQuickEdit } from './quick-edit/quick-edit-command.ts';
import { registerAstTransform } from './refactor/transform-command.ts';
import { registerRefactor } from './refactor/refactor-command.ts';
import { registerKeyCommands } from './secrets.ts';
import { createServices, type Services } from './services.ts';
import { registerStatusMeter } from './status-meter.ts';
import { createSyntaxServices, type SyntaxServices } from './syntax-services.ts';
import { registerUsagePanel } from './usage-panel.ts';

/** What activate returns: read-only views for tests and other extensions. */
export interface SwitchyardApi {
  failedFeatures(): readonly string[];
  /** Error notifications shown while starting: one per cause, however many features it stopped. */
  startupErrors(): readonly string[];
  meterText(): string | undefined;
  /** The meter tooltip's Markdown source. */
  meterTooltip(): string | undefined;
  /** Where a lane's key comes from (never the key): 'secret storage', an environment variable's name, or undefined. */
  keySource(lane: 'fast' | 'deep'): Promise<string | undefined>;
  services(): Services | undefined;
  syntax(): SyntaxServices | undefined;
  /** The log channel's file (VS Code writes a log channel to <logUri>/<name>.log). */
  logFile(): vscode.Uri;
}

/** Builds the container and starts each feature in isolation, after the features it needs. */
export function startSwitchyard(context: vscode.ExtensionContext): SwitchyardApi {
  const started = performance.now();
  // The extension-host tests make one feature fail to see the rest degrade; nothing else reads this.
  const failFeature = context.extensionMode === vscode.ExtensionMode.Test ? process.env.SWITCHYARD_TEST_FAIL_FEATURE : undefined;
  const container = new Container(context, { failFeature });
  context.subscriptions.push(container);
  container.log.info(`Switchyard ${String(context.extension.packageJSON.version)} activating in VS Code ${vscode.version}`);
  const keys = container.feature('API keys', [], registerKeyCommands);
  const services = container.feature('usage ledger and pipeline', [keys], createServices);
  const syntax = container.feature('syntax (tree-sitter)', [], createSyntaxServices);
  const core = [services, syntax] as const;
  container.feature('refactor', core, registerRefactor);
  container.feature('AST transform', core, registerAstTransform);
  container.feature('inline completions', core, registerInlineCompletions);
  container.feature('quick edit', core, registerQuickEdit);
  container.feature('chat models', [services], registerAgentModels);
  // These two work without the ledger (they show that nothing is recorded).
  const shared = services.ok ? services.value : undefined;
  container.feature('usage panel', [], (c) => registerUsagePanel(c, shared));
  const meter = container.feature('status meter', [], (c) => registerStatusMeter(c, shared));
  const failed = container.failedFeatures.length;
  container.log.info(`started in ${(performance.now() - started).toFixed(1)} ms${failed ? `; ${failed} feature(s) unavailable` : ''}`);
  return {
    failedFeatures: () => container.failedFeatures,
    startupErrors: () => container.startupErrors,
    meterText: () => (meter.ok ? meter.value.item.text : undefined),
    meterTooltip: () => (meter.ok ? meter.value.tooltip : undefined),
    keySource: async (lane) => (await shared?.pipeline.laneKey(lane))?.source,
    services: () => shared,
    syntax: () => (syntax.ok ? syntax.value : undefined),
    logFile: () => vscode.Uri.joinPath(context.logUri, 'Switchyard.log'),
  };
}

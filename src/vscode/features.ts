import * as vscode from 'vscode';
import { Container } from './container.ts';
import { registerInlineCompletions } from './completion/inline-provider.ts';
import { registerQuickEdit } from './quick-edit/quick-edit-command.ts';
import { registerAstTransform } from './refactor/transform-command.ts';
import { registerRefactor } from './refactor/refactor-command.ts';
import { registerKeyCommands, type LaneKeys } from './secrets.ts';
import { createServices, type Services } from './services.ts';
import { registerStatusMeter, type StatusMeter } from './status-meter.ts';
import { createSyntaxServices, type SyntaxServices } from './syntax-services.ts';
import { registerUsagePanel } from './usage-panel.ts';

/** What activate returns: read-only views for tests and other extensions. */
export interface SwitchyardApi {
  failedFeatures(): readonly string[];
  meterText(): string | undefined;
  /** The meter tooltip's Markdown source. */
  meterTooltip(): string | undefined;
  /** Where a lane's key comes from (never the key): 'secret storage', an environment variable's name, or undefined. */
  keySource(lane: 'fast' | 'deep'): Promise<string | undefined>;
  services(): Services | undefined;
  syntax(): SyntaxServices | undefined;
}

/** Builds the container and starts each feature in isolation. */
export function startSwitchyard(context: vscode.ExtensionContext): SwitchyardApi {
  const container = new Container(context);
  context.subscriptions.push(container);
  container.log.info(`Switchyard ${String(context.extension.packageJSON.version)} activating in VS Code ${vscode.version}`);
  let keys: LaneKeys | undefined;
  let services: Services | undefined;
  let meter: StatusMeter | undefined;
  let syntax: SyntaxServices | undefined;
  container.feature('API keys', (c) => { keys = registerKeyCommands(c); });
  container.feature('usage ledger and pipeline', (c) => { if (keys) services = createServices(c, keys); });
  container.feature('syntax (tree-sitter)', (c) => { syntax = createSyntaxServices(c); });
  // Features that need the pipeline and the syntax layer are registered below, each in isolation.
  const withCore = (start: (c: Container, s: Services, x: SyntaxServices) => void) => (c: Container) => {
    if (!services || !syntax) throw new Error('the pipeline or the syntax layer did not start; see the log');
    start(c, services, syntax);
  };
  container.feature('refactor', withCore(registerRefactor));
  container.feature('AST transform', withCore(registerAstTransform));
  container.feature('inline completions', withCore(registerInlineCompletions));
  container.feature('quick edit', withCore(registerQuickEdit));
  container.feature('usage panel', (c) => { registerUsagePanel(c, services); });
  container.feature('status meter', (c) => { meter = registerStatusMeter(c, services); });
  return {
    failedFeatures: () => container.failedFeatures,
    meterText: () => meter?.item.text,
    meterTooltip: () => meter?.tooltip,
    keySource: async (lane) => (await services?.pipeline.laneKey(lane))?.source,
    services: () => services,
    syntax: () => syntax,
  };
}

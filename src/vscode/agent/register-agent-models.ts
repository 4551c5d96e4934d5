// Registers the Switchyard models with VS Code (vendor `switchyard`) and the command
// that says which are listed and why one is missing.
import * as vscode from 'vscode';
import { runAgentTurn } from '../../pipeline/agent/run-agent-turn.ts';
import { COMMANDS } from '../command-ids.ts';
import type { Container } from '../container.ts';
import { SET_KEY_COMMAND } from '../secrets.ts';
import type { Services } from '../services.ts';
import { currentCatalog, SwitchyardChatProvider } from './chat-provider.ts';
import { VENDOR, type ModelCatalog } from './model-catalog.ts';

/** What the management command returns (tests and scripts pass `{ quiet: true }` to skip the picker). */
export interface ModelStatus {
  listed: { name: string; family: string; detail: string; maxInputTokens: number; maxOutputTokens: number }[];
  missing: { name: string; family: string; reason: string }[];
}

function statusOf(catalog: ModelCatalog): ModelStatus {
  return {
    listed: catalog.models.map((m) => ({ name: m.name, family: m.family, detail: m.detail, maxInputTokens: m.maxInputTokens, maxOutputTokens: m.maxOutputTokens })),
    missing: catalog.missing.map((m) => ({ name: m.name, family: m.family, reason: m.reason })),
  };
}

type Pick = vscode.QuickPickItem & { run?: () => Thenable<unknown> };

async function showModels(catalog: ModelCatalog): Promise<void> {
  const items: Pick[] = [
    ...catalog.models.map((m): Pick => ({ label: `$(check) ${m.name}`, description: m.detail, detail: `${m.maxInputTokens.toLocaleString('en-US')} tokens in, ${m.maxOutputTokens.toLocaleString('en-US')} out` })),
    ...catalog.missing.map((m): Pick => ({ label: `$(warning) ${m.name}`, description: 'not listed', detail: m.reason })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(key) Set Fast Lane Key…', run: () => vscode.commands.executeCommand(SET_KEY_COMMAND.fast) },
    { label: '$(key) Set Deep Lane Key…', run: () => vscode.commands.executeCommand(SET_KEY_COMMAND.deep) },
    { label: '$(settings-gear) Lane Settings', description: 'endpoint, model and protocol of each lane', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'switchyard Lane') },
    { label: '$(graph) Show Usage Panel', description: 'every chat request, its lane, cost and why', run: () => vscode.commands.executeCommand(COMMANDS.showPanel) },
  ];
  const choice = await vscode.window.showQuickPick(items, {
    title: 'Switchyard: Chat Models',
    placeHolder: catalog.missing.length ? 'A model is missing: set its lane\'s key, or point the lane at a local server' : 'Switchyard Auto, Fast and Deep are listed in the model picker',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  await choice?.run?.();
}

export function registerAgentModels(container: Container, services: Services): SwitchyardChatProvider {
  const log = container.log.child('agent');
  const changed = container.own(new vscode.EventEmitter<void>());
  // A key set or cleared (here or in another window) or a lane setting changed can list or remove a model.
  container.own(services.keys.onDidChange(() => changed.fire()));
  container.own(services.config.onDidChange(() => changed.fire()));
  const catalog = () => currentCatalog(services.pipeline);
  const provider = new SwitchyardChatProvider({
    catalog,
    run: (request, sink) => runAgentTurn(services.pipeline, request, sink),
    onDidChangeLanes: changed.event,
    log,
  });
  container.own(vscode.lm.registerLanguageModelChatProvider(VENDOR, provider));
  container.own(vscode.commands.registerCommand(COMMANDS.manageModels, async (opts?: { quiet?: boolean }) => {
    const now = await catalog();
    if (!opts?.quiet) await showModels(now);
    return statusOf(now);
  }));
  return provider;
}

import * as vscode from 'vscode';
import type { Settings } from '../core/settings.ts';
import { loadTokenizer } from '../core/tokens.ts';
import { createPipeline, type Pipeline } from '../pipeline/create-pipeline.ts';
import { EgressGate } from '../pipeline/egress-gate.ts';
import { LedgerService } from '../ledger/service.ts';
import { followSpend } from '../ledger/spend.ts';
import type { Container } from './container.ts';
import type { LaneKeys } from './secrets.ts';
import { SettingsService } from './settings.ts';
import { startOtlpExport } from './usage/otlp-wiring.ts';
import { excludeGlobs, localFolders } from './workspace-folders.ts';

/** The shared services every feature uses: settings, keys, the ledger, the egress gate and the one pipeline. */
export interface Services {
  /** The current settings (read once per change; see config). */
  settings(): Settings;
  /** The settings service: current snapshot and a change event. */
  config: SettingsService;
  keys: LaneKeys;
  ledger: LedgerService;
  pipeline: Pipeline;
  egress: EgressGate;
  /** Why Switchyard last stayed quiet in a file ("completions are off in .env: secret file"); the meter shows it. */
  notice: Notice;
  /** The lanes point at the local emulator (npm start without keys, tests). */
  simulated: boolean;
}

/** The latest refusal, said once: the meter's tooltip shows it and re-renders only when it changes. */
export class Notice {
  #text: string | undefined;
  readonly #emitter = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.#emitter.event;
  get text(): string | undefined { return this.#text; }
  set(text: string | undefined): void {
    if (text === this.#text) return;
    this.#text = text;
    this.#emitter.fire(text);
  }
  dispose(): void { this.#emitter.dispose(); }
}

export function createServices(container: Container, keys: LaneKeys): Services {
  const config = container.own(new SettingsService({ onUnknownPrice: (m) => container.log.child('pricing').warn(m) }));
  const settings = () => config.current().settings;
  const ledgerDir = vscode.Uri.joinPath(container.context.globalStorageUri, 'ledger').fsPath;
  const ledger = new LedgerService(ledgerDir);
  container.own({ dispose: () => void ledger.dispose() });
  const simulated = process.env.SWITCHYARD_SIMULATED === '1';
  // Each workspace folder's own ignore files and files.exclude apply to its files (folders may come and go).
  const gateFolders = () => localFolders().map((f) => ({ name: f.name, root: f.uri.fsPath, exclude: excludeGlobs(f) }));
  const egress = new EgressGate({ folders: gateFolders(), trusted: () => vscode.workspace.isTrusted });
  container.own(vscode.workspace.onDidChangeWorkspaceFolders(() => egress.setFolders(gateFolders())));
  // An edited .gitignore or .switchyardignore takes effect at once.
  const watcher = container.own(vscode.workspace.createFileSystemWatcher('**/{.gitignore,.switchyardignore}'));
  for (const on of [watcher.onDidChange, watcher.onDidCreate, watcher.onDidDelete]) container.own(on(() => egress.reset()));
  const pipeline = createPipeline({
    settings: config,
    keys: { own: (lane) => keys.stored(lane) },
    ledger,
    egress,
    simulated,
    log: container.log.child('pipeline'),
    expectedOutputTokens: (kind) => ledger.recentOutputTokens(kind),
    learned: () => ledger.routing,
  });
  // Budgets count spend from every window: refresh the router from the aggregates.
  const syncSpend = () => container.own(followSpend(ledger, pipeline.router));
  // The tokenizer (~1 s of CPU) is built once the meter has its figures, so the first budgeted request finds it ready
  // (untrusted: on the first count, if any).
  void ledger.start().then(syncSpend, (err: unknown) => container.log.error('could not read the usage ledger', err))
    .then(() => vscode.workspace.isTrusted ? loadTokenizer() : undefined);
  void ledger.routingLoaded().catch((err: unknown) => container.log.warn('adaptive routing could not read last month\'s ledger; it learns from this month only', err));
  container.log.info(`ledger: ${ledgerDir}${simulated ? ' (simulated lanes)' : ''}`);
  // Off unless switchyard.otlp.endpoint is set; the OTel packages load only then.
  startOtlpExport(container, config, ledger, ledgerDir);
  const notice = container.own(new Notice());
  return { settings, config, keys, ledger, pipeline, egress, notice, simulated };
}

import * as vscode from 'vscode';
import { LedgerAggregate } from '../core/ledger-aggregate.ts';
import type { LedgerEvent, LedgerRecord } from '../core/ledger-record.ts';
import { EMPTY_BUDGET } from '../core/policy-budget.ts';
import { DEFAULT_POLICY } from '../core/policy-config.ts';
import { RecordEncoder } from '../core/ledger-rows.ts';
import { isWebviewMessage, type HostMessage, type WebviewMessage } from '../core/panel-messages.ts';
import type { Container } from './container.ts';
import { panelHtml } from './panel-html.ts';
import type { Services } from './services.ts';
import { exportUsage, registerExportCommands } from './usage/export.ts';
import { buildSummary } from './usage/panel-summary.ts';
import { buildRoutingPanel } from './usage/routing-panel.ts';
import { Throttle } from './usage/throttle.ts';
import { registerSampleRequests } from './usage/sample-requests.ts';
import { COMMANDS } from './command-ids.ts';

export const VIEW_TYPE = 'switchyard.usage';
/** Records per message on the initial load: the first chunk renders while the rest stream in. */
const CHUNK = 5_000;
/** The routing view is recomputed at most this often while records and events stream in. */
const ROUTING_EVERY_MS = 1_000;

/** Hosts the single usage panel webview; reveals it when it already exists. */
export class UsagePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private encoder = new RecordEncoder();
  private ready = false;
  private pending: LedgerRecord[] = [];
  private pendingEvents: LedgerEvent[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly routingThrottle = new Throttle(ROUTING_EVERY_MS, () => { if (this.ready) void this.postRouting(); });
  private readonly container: Container;
  private readonly services: Services | undefined;

  constructor(container: Container, services: Services | undefined) {
    this.container = container;
    this.services = services;
    if (services) {
      container.own(services.ledger.onRecords((r) => this.onRecords(r)));
      container.own(services.ledger.onEvents((e) => this.onEvents(e)));
      // Learning on or off, or another preference, changes the lane each shape gets now.
      container.own(services.config.onDidChange(() => { if (this.panel) this.routingThrottle.request(); }));
    }
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Switchyard Usage', vscode.ViewColumn.Active, this.options());
    this.attach(panel);
  }

  /** Restores the panel after a window reload (the webview's UI state comes back from its getState). */
  revive(panel: vscode.WebviewPanel): void {
    if (this.panel && this.panel !== panel) this.panel.dispose();
    panel.webview.options = this.options();
    this.attach(panel);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    const root = this.container.context.extensionUri;
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist'), vscode.Uri.joinPath(root, 'media')],
      retainContextWhenHidden: false,
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    const root = this.container.context.extensionUri;
    panel.iconPath = vscode.Uri.joinPath(root, 'media', 'icon.png');
    const webview = panel.webview;
    webview.html = panelHtml(
      webview,
      webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'webview.js')),
      webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'panel.css')),
    );
    const subscriptions = [
      webview.onDidReceiveMessage((msg: unknown) => { void this.onMessage(msg); }),
      // A hidden webview is torn down (no retainContextWhenHidden); it says "ready" again when shown.
      panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        this.ready = false;
        for (const s of subscriptions) s.dispose();
      }),
    ];
    this.panel = panel;
    this.ready = false;
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!isWebviewMessage(raw)) {
      this.container.log.warn('usage panel: ignored a malformed message');
      return;
    }
    const msg: WebviewMessage = raw;
    if (msg.type === 'ready') await this.sendAll();
    else if (msg.type === 'command') {
      if (msg.command === 'openBudgetSettings') void vscode.commands.executeCommand('workbench.action.openSettings', 'switchyard.budget');
      else if (msg.command === 'openRoutingSettings') void vscode.commands.executeCommand('workbench.action.openSettings', 'switchyard.routing');
      else void vscode.commands.executeCommand(msg.command === 'setDeepLaneKey' ? COMMANDS.setDeepLaneKey : COMMANDS.setFastLaneKey);
    } else if (msg.type === 'export') await this.export(msg.format);
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    if (!this.services) return;
    try {
      const uri = await exportUsage(this.services, format);
      if (uri) await this.post({ type: 'exported', format, file: vscode.workspace.asRelativePath(uri) });
    } catch (err) {
      this.container.log.error('usage export failed', err);
      await this.post({ type: 'exported', format, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Init, then every record of the month newest first, in chunks, then the month's events. */
  private async sendAll(): Promise<void> {
    const s = this.services;
    this.encoder = new RecordEncoder();
    this.pending = [];
    this.pendingEvents = [];
    const keys = s ? { fast: await s.pipeline.laneReady('fast'), deep: await s.pipeline.laneReady('deep') } : { fast: false, deep: false };
    if (s) await s.ledger.start().catch(() => undefined);
    const records = s ? [...s.ledger.records()] : [];
    await this.post({ type: 'init', summary: this.summary(), keysConfigured: keys, total: records.length });
    records.reverse();
    let first = true;
    for (let i = 0; i < records.length || first; i += CHUNK) {
      const chunk = this.encoder.encode(records.slice(i, i + CHUNK));
      await this.post({ type: 'records', reset: first, done: i + CHUNK >= records.length, ...chunk });
      first = false;
    }
    const events = s ? s.ledger.events() : [];
    if (events.length) await this.post({ type: 'events', ...this.encoder.encodeEvents(events) });
    await this.postRouting();
    // Last month's lines reach the statistics after this month's (the ledger service reads them in the background).
    void s?.ledger.routingLoaded().then(() => this.routingThrottle.request(), () => undefined);
    this.ready = true;
  }

  private policy() {
    return this.services?.pipeline.policy() ?? DEFAULT_POLICY;
  }

  /** The ledger service's statistics: the same ones the router decides on. */
  private postRouting(): Thenable<boolean> {
    const stats = this.services?.ledger.routing;
    if (!stats) return Promise.resolve(false);
    this.routingThrottle.ranNow();
    return this.post({ type: 'routing', routing: buildRoutingPanel(stats, Date.now(), this.policy()) });
  }

  private summary() {
    const s = this.services;
    if (!s) return buildSummary(new LedgerAggregate(), DEFAULT_POLICY, EMPTY_BUDGET, false);
    return buildSummary(s.ledger.aggregate, s.pipeline.policy(), s.pipeline.router.state().budget, s.simulated);
  }

  private onRecords(records: readonly LedgerRecord[]): void {
    if (!this.panel) return;
    this.pending.push(...records);
    this.scheduleFlush();
  }

  private onEvents(events: readonly LedgerEvent[]): void {
    if (!this.panel) return;
    this.pendingEvents.push(...events);
    this.scheduleFlush();
  }

  /** Batches a burst into one message of each kind (records before the events that name them); well inside the 100 ms the meter promises. */
  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      if (!this.ready) return; // the next "ready" sends everything
      const batch = this.pending.splice(0).sort((a, b) => b.time.localeCompare(a.time));
      if (batch.length) void this.post({ type: 'records', reset: false, done: true, ...this.encoder.encode(batch) });
      const events = this.pendingEvents.splice(0);
      if (events.length) void this.post({ type: 'events', ...this.encoder.encodeEvents(events) });
      void this.post({ type: 'summary', summary: this.summary() });
      this.routingThrottle.request();
    }, 30);
  }

  private post(message: HostMessage): Thenable<boolean> {
    return this.panel ? this.panel.webview.postMessage(message) : Promise.resolve(false);
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.routingThrottle.dispose();
    this.panel?.dispose();
  }
}

export function registerUsagePanel(container: Container, services?: Services): UsagePanel {
  const panel = container.own(new UsagePanel(container, services));
  container.own(vscode.commands.registerCommand(COMMANDS.showPanel, () => panel.show()));
  container.own(vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
    deserializeWebviewPanel: async (webviewPanel) => { panel.revive(webviewPanel); },
  }));
  registerExportCommands(container, services);
  registerSampleRequests(container, services);
  return panel;
}

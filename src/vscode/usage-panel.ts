import * as vscode from 'vscode';
import { isWebviewMessage, type HostMessage } from '../core/protocol.ts';
import type { Container } from './container.ts';
import { panelHtml } from './panel-html.ts';

export const SHOW_PANEL_COMMAND = 'switchyard.showPanel';
const VIEW_TYPE = 'switchyard.usage';

/** Hosts the single usage panel webview; reveals it when it already exists. */
export class UsagePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly container: Container;

  constructor(container: Container) {
    this.container = container;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const extensionUri = this.container.context.extensionUri;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Switchyard Usage', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [dist, media],
      retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(media, 'icon.png');
    const webview = panel.webview;
    webview.html = panelHtml(
      webview,
      webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')),
      webview.asWebviewUri(vscode.Uri.joinPath(media, 'panel.css')),
    );
    const subscriptions = [
      webview.onDidReceiveMessage((msg: unknown) => this.onMessage(msg)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        for (const s of subscriptions) s.dispose();
      }),
    ];
    this.panel = panel;
  }

  private onMessage(msg: unknown): void {
    if (!isWebviewMessage(msg)) {
      this.container.log.warn('usage panel: ignored a malformed message');
      return;
    }
    if (msg.type === 'ready') void this.post({ type: 'init', summary: { todayNanos: 0, monthNanos: 0, requestCount: 0, simulated: false }, keysConfigured: { openai: false, gemini: false } });
    if (msg.type === 'command') void vscode.commands.executeCommand(msg.command === 'setOpenAiKey' ? 'switchyard.setOpenAiKey' : 'switchyard.setGeminiKey');
  }

  private post(message: HostMessage): Thenable<boolean> {
    return this.panel ? this.panel.webview.postMessage(message) : Promise.resolve(false);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

export function registerUsagePanel(container: Container): UsagePanel {
  const panel = container.own(new UsagePanel(container));
  container.own(vscode.commands.registerCommand(SHOW_PANEL_COMMAND, () => panel.show()));
  return panel;
}

// The one typed message protocol between the usage panel's host (src/vscode)
// and its browser code (src/webview). Both sides import only this file.

export interface PanelSummary {
  todayNanos: number;
  monthNanos: number;
  requestCount: number;
  simulated: boolean;
}

/** Host -> webview. */
export type HostMessage =
  | { type: 'init'; summary: PanelSummary; keysConfigured: { openai: boolean; gemini: boolean } };

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'command'; command: 'setOpenAiKey' | 'setGeminiKey' };

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const msg = value as { type?: unknown; command?: unknown };
  if (msg.type === 'ready') return true;
  return msg.type === 'command' && (msg.command === 'setOpenAiKey' || msg.command === 'setGeminiKey');
}

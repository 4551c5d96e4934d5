// The usage panel's browser code. It speaks only the protocol in core.
import type { HostMessage, WebviewMessage } from '../core/protocol.ts';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function renderEmpty(keys: { openai: boolean; gemini: boolean }): void {
  const openai = el('button', { type: 'button', className: 'primary', textContent: 'Set OpenAI API Key' });
  openai.addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'setOpenAiKey' }));
  const gemini = el('button', { type: 'button', textContent: 'Set Gemini API Key' });
  gemini.addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'setGeminiKey' }));
  const status = (ok: boolean) => (ok ? 'set' : 'not set');
  app.replaceChildren(
    el('section', { className: 'empty-state', id: 'empty-state' },
      el('h1', { textContent: 'No requests yet' }),
      el('p', { textContent: 'Switchyard records every model request here: its lane, latency, tokens and cost.' }),
      el('p', { textContent: `Keys: OpenAI (deep lane, GPT-5.5) ${status(keys.openai)}; Gemini (fast lane, Gemini 3.5 Flash) ${status(keys.gemini)}.` }),
      el('p', { textContent: 'Set a key for each lane, then type in an editor for completions, or run Switchyard: Quick Edit or Switchyard: Refactor… from the Command Palette.' }),
      el('div', { className: 'actions' }, openai, gemini),
    ),
  );
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const msg = event.data;
  if (msg.type === 'init') renderEmpty(msg.keysConfigured);
});

vscode.postMessage({ type: 'ready' });

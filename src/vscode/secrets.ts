import * as vscode from 'vscode';
import type { Container } from './container.ts';

export type KeyName = 'openai' | 'gemini';

const SECRET_IDS: Record<KeyName, string> = { openai: 'switchyard.openaiApiKey', gemini: 'switchyard.geminiApiKey' };
const ENV_FALLBACK: Record<KeyName, string> = { openai: 'OPENAI_API_KEY', gemini: 'GEMINI_API_KEY' };
const LABEL: Record<KeyName, string> = { openai: 'OpenAI', gemini: 'Gemini' };
export const SET_KEY_COMMAND: Record<KeyName, string> = { openai: 'switchyard.setOpenAiKey', gemini: 'switchyard.setGeminiKey' };

/** Keys live only in SecretStorage; the environment is a read-only fallback. */
export class ApiKeys implements vscode.Disposable {
  private readonly secrets: vscode.SecretStorage;
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  // Every model call asks for its key; SecretStorage is a round trip, so keep what it said
  // until it reports a change (from this window or another).
  private readonly cache = new Map<KeyName, Promise<string | undefined>>();
  private readonly subscription: vscode.Disposable;

  constructor(secrets: vscode.SecretStorage) {
    this.secrets = secrets;
    this.onDidChange = secrets.onDidChange;
    this.subscription = secrets.onDidChange(() => this.cache.clear());
  }

  dispose(): void {
    this.subscription.dispose();
  }

  async get(name: KeyName): Promise<{ key: string; source: 'secret storage' | 'environment' } | undefined> {
    let pending = this.cache.get(name);
    if (!pending) {
      pending = Promise.resolve(this.secrets.get(SECRET_IDS[name]));
      this.cache.set(name, pending);
    }
    const stored = await pending.catch(() => undefined);
    if (stored) return { key: stored, source: 'secret storage' };
    const env = process.env[ENV_FALLBACK[name]]?.trim();
    return env ? { key: env, source: 'environment' } : undefined;
  }

  async set(name: KeyName, key: string): Promise<void> {
    const trimmed = key.trim();
    if (!trimmed) throw new Error('an empty key is never stored');
    this.cache.delete(name);
    await this.secrets.store(SECRET_IDS[name], trimmed);
    this.cache.delete(name);
  }

  async clear(): Promise<void> {
    this.cache.clear();
    await Promise.all(Object.values(SECRET_IDS).map((id) => this.secrets.delete(id)));
    this.cache.clear();
  }
}

/** Tells the user plainly that a lane has no key, and offers the command that sets one. */
export async function reportMissingKey(name: KeyName, lane: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(
    `Switchyard: the ${lane} has no ${LABEL[name]} API key, so nothing was sent. Set one, or put ${ENV_FALLBACK[name]} in the environment.`,
    `Set ${LABEL[name]} API Key`,
  );
  if (choice) await vscode.commands.executeCommand(SET_KEY_COMMAND[name]);
}

async function promptForKey(keys: ApiKeys, name: KeyName): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: `Switchyard: ${LABEL[name]} API Key`,
    prompt: `Stored in VS Code's secret storage, never in settings or logs.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'The key cannot be empty.'),
  });
  if (value === undefined) return;
  await keys.set(name, value);
  void vscode.window.showInformationMessage(`Switchyard: ${LABEL[name]} API key saved.`);
}

export function registerKeyCommands(container: Container): ApiKeys {
  const keys = container.own(new ApiKeys(container.context.secrets));
  for (const name of ['openai', 'gemini'] as const) {
    container.own(vscode.commands.registerCommand(SET_KEY_COMMAND[name], (value?: unknown) =>
      // A string argument lets tests and scripts set a key without the input box.
      typeof value === 'string' ? keys.set(name, value) : promptForKey(keys, name)));
  }
  container.own(vscode.commands.registerCommand('switchyard.clearKeys', async () => {
    await keys.clear();
    void vscode.window.showInformationMessage('Switchyard: API keys cleared from secret storage.');
  }));
  container.own(vscode.commands.registerCommand('switchyard.showLog', () => container.log.show()));
  return keys;
}

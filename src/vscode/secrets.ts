import * as vscode from 'vscode';
import { LANE_ENV, type LaneSettings } from '../core/settings.ts';
import { providerKeyEnv } from '../core/lane-keys.ts';
import type { LaneId } from '../core/task.ts';
import type { Container } from './container.ts';
import { COMMANDS } from './command-ids.ts';

const SECRET_IDS: Record<LaneId, string> = { fast: 'switchyard.fastLaneKey', deep: 'switchyard.deepLaneKey' };
// Provider-wide slots of earlier versions: cleared with the rest, never read (a provider key
// must not follow a lane to a gateway).
const LEGACY_IDS = ['switchyard.openaiApiKey', 'switchyard.geminiApiKey'];
const LABEL: Record<LaneId, string> = { fast: 'Fast Lane', deep: 'Deep Lane' };
export const SET_KEY_COMMAND: Record<LaneId, string> = { fast: COMMANDS.setFastLaneKey, deep: COMMANDS.setDeepLaneKey };

/** One key slot per lane in SecretStorage; the environment is read by the pipeline (src/core/lane-keys.ts). */
export class LaneKeys implements vscode.Disposable {
  private readonly secrets: vscode.SecretStorage;
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  // Every model call asks for its key; SecretStorage is a round trip, so keep what it said
  // until it reports a change (from this window or another).
  private readonly cache = new Map<LaneId, Promise<string | undefined>>();
  private readonly subscription: vscode.Disposable;

  constructor(secrets: vscode.SecretStorage) {
    this.secrets = secrets;
    this.onDidChange = secrets.onDidChange;
    this.subscription = secrets.onDidChange(() => this.cache.clear());
  }

  dispose(): void {
    this.subscription.dispose();
  }

  /** The lane's own stored key, if any. */
  async stored(lane: LaneId): Promise<{ key: string; source: string } | undefined> {
    let pending = this.cache.get(lane);
    if (!pending) {
      pending = Promise.resolve(this.secrets.get(SECRET_IDS[lane]));
      this.cache.set(lane, pending);
    }
    const key = await pending.catch(() => undefined);
    return key ? { key, source: 'secret storage' } : undefined;
  }

  async set(lane: LaneId, key: string): Promise<void> {
    const trimmed = key.trim();
    if (!trimmed) throw new Error('an empty key is never stored');
    this.cache.delete(lane);
    await this.secrets.store(SECRET_IDS[lane], trimmed);
    this.cache.delete(lane);
  }

  async clear(): Promise<void> {
    this.cache.clear();
    await Promise.all([...Object.values(SECRET_IDS), ...LEGACY_IDS].map((id) => this.secrets.delete(id)));
    this.cache.clear();
  }
}

/** Tells the user plainly that a lane has no key, and offers the command that sets one. */
export async function reportMissingKey(lane: LaneId, settings: LaneSettings, what: string): Promise<void> {
  const provider = providerKeyEnv(settings);
  const where = settings.baseUrl ? ` (${settings.baseUrl})` : '';
  const choice = await vscode.window.showErrorMessage(
    `Switchyard: the ${lane} lane${where} has no key of its own, so nothing was sent for ${what}. `
    + `Set one, or put ${LANE_ENV[lane].apiKey}${provider ? ` or ${provider}` : ''} in the environment.`,
    `Set ${LABEL[lane]} Key`,
  );
  if (choice) await vscode.commands.executeCommand(SET_KEY_COMMAND[lane]);
}

async function promptForKey(keys: LaneKeys, lane: LaneId): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: `Switchyard: ${LABEL[lane]} Key`,
    prompt: `Sent only to the ${lane} lane's endpoint. Stored in VS Code's secret storage, never in settings or logs.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'The key cannot be empty.'),
  });
  if (value === undefined) return;
  await keys.set(lane, value);
  void vscode.window.showInformationMessage(`Switchyard: ${LABEL[lane].toLowerCase()} key saved.`);
}

export function registerKeyCommands(container: Container): LaneKeys {
  const keys = container.own(new LaneKeys(container.context.secrets));
  for (const lane of ['fast', 'deep'] as const) {
    container.own(vscode.commands.registerCommand(SET_KEY_COMMAND[lane], (value?: unknown) =>
      // A string argument lets tests and scripts set a key without the input box.
      typeof value === 'string' ? keys.set(lane, value) : promptForKey(keys, lane)));
  }
  container.own(vscode.commands.registerCommand(COMMANDS.clearKeys, async () => {
    await keys.clear();
    void vscode.window.showInformationMessage('Switchyard: lane keys cleared from secret storage.');
  }));
  return keys;
}

/** The OTLP collector's headers (`k=v,k2=v2`, OTEL_EXPORTER_OTLP_HEADERS' format): one secret, never in settings or logs. */
export const OTLP_HEADERS_SECRET = 'switchyard.otlpHeaders';
const HEADER_PAIRS = /^[^=,\s]+=[^,]*(,\s*[^=,\s]+=[^,]*)*$/;

/** Sets the OTLP export headers (an empty value clears them); a string argument skips the input box. */
export function registerOtlpHeadersCommand(container: Container): void {
  const secrets = container.context.secrets;
  const save = async (value: string) => {
    const text = value.trim();
    if (!text) await secrets.delete(OTLP_HEADERS_SECRET);
    else if (!HEADER_PAIRS.test(text)) throw new Error('OTLP headers are name=value pairs separated by commas');
    else await secrets.store(OTLP_HEADERS_SECRET, text);
    return text;
  };
  container.own(vscode.commands.registerCommand(COMMANDS.setOtlpHeaders, async (value?: unknown) => {
    if (typeof value === 'string') return void await save(value);
    const entered = await vscode.window.showInputBox({
      title: 'Switchyard: OTLP Export Headers',
      prompt: 'name=value pairs separated by commas (e.g. authorization=Bearer%20TOKEN), sent only to switchyard.otlp.endpoint. Empty clears them. Kept in secret storage.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (!v.trim() || HEADER_PAIRS.test(v.trim()) ? undefined : 'name=value pairs separated by commas'),
    });
    if (entered === undefined) return;
    void vscode.window.showInformationMessage((await save(entered)) ? 'Switchyard: OTLP export headers saved.' : 'Switchyard: OTLP export headers cleared.');
  }));
}

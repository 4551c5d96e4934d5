import * as vscode from 'vscode';
import { envSettings, readSettings, type Settings, type SettingKey } from '../core/settings.ts';
import { LiveSettings, type SettingsSnapshot, type SettingsSource, type SnapshotOptions } from '../pipeline/settings-snapshot.ts';

/** Settings as configured, typed; see src/core/settings.ts for defaults and validation. Reads configuration each call. */
export function currentSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('switchyard', scope);
  return readSettings((key: SettingKey) => config.get(key));
}

/**
 * Development and test overrides from the environment (SWITCHYARD_FAST_BASE_URL and
 * SWITCHYARD_DEEP_BASE_URL): `npm start` and the tests point the lanes at the local
 * emulator this way. Settings win when set.
 */
export function withEnvOverrides(settings: Settings, env: Readonly<Record<string, string | undefined>>): Settings {
  const fromEnv = envSettings(env);
  return {
    ...settings,
    fastLane: { ...settings.fastLane, baseUrl: settings.fastLane.baseUrl || fromEnv['fastLane.baseUrl'] || '' },
    deepLane: { ...settings.deepLane, baseUrl: settings.deepLane.baseUrl || fromEnv['deepLane.baseUrl'] || '' },
  };
}

/**
 * The settings every feature and the pipeline use: configuration is read at start and again
 * only after a change to `switchyard.*`, and everything derived from it once per change.
 */
export class SettingsService implements SettingsSource, vscode.Disposable {
  readonly #live: LiveSettings;
  readonly #emitter = new vscode.EventEmitter<void>();
  /** Fires after a change to `switchyard.*`; current() then has the new values. */
  readonly onDidChange = this.#emitter.event;
  readonly #subscription: vscode.Disposable;

  constructor(opts: SnapshotOptions = {}) {
    this.#live = new LiveSettings(() => withEnvOverrides(currentSettings(), process.env), opts);
    this.#live.current();
    this.#subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('switchyard')) return;
      this.#live.invalidate();
      this.#emitter.fire();
    });
  }

  current(): SettingsSnapshot {
    return this.#live.current();
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#emitter.dispose();
  }
}

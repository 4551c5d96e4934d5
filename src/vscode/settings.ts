import * as vscode from 'vscode';
import { readSettings, type Settings, type SettingKey } from '../core/settings.ts';

/** Current settings, typed; see src/core/settings.ts for defaults and validation. */
export function currentSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('switchyard', scope);
  return readSettings((key: SettingKey) => config.get(key));
}

export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('switchyard')) listener();
  });
}

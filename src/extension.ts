import * as vscode from 'vscode';
import { startSwitchyard, type SwitchyardApi } from './vscode/features.ts';

// Kept tiny: build the container, register features, and surface any failure
// (VS Code itself does not show activation errors to the user).
export function activate(context: vscode.ExtensionContext): SwitchyardApi {
  try {
    return startSwitchyard(context);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Switchyard failed to activate: ${message}`);
    throw err;
  }
}

export function deactivate(): void {
  // The container is in context.subscriptions, so VS Code disposes it.
}

import * as vscode from 'vscode';

export const MANAGE_TRUST = 'Manage Workspace Trust';

/**
 * In an untrusted workspace no model-backed command sends anything: says so,
 * offers VS Code's trust editor, and returns true. Returns false when trusted.
 */
export function refuseUntrusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window.showWarningMessage(
    `Switchyard: ${what} sends code to a model, and this workspace is not trusted, so nothing was sent.`, MANAGE_TRUST,
  ).then((choice) => { if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage'); });
  return true;
}

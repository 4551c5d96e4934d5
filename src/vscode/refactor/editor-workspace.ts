import * as vscode from 'vscode';
import { nodePlanWorkspace, type PlanWorkspace } from '../../pipeline/refactor/plan-workspace.ts';
import { currentSettings } from '../settings.ts';

/** files.exclude globs that are switched on, as the index uses them. */
export function excludeGlobs(folder: vscode.WorkspaceFolder): string[] {
  return Object.entries(vscode.workspace.getConfiguration('files', folder).get<Record<string, boolean>>('exclude') ?? {})
    .filter(([, on]) => on).map(([glob]) => glob);
}

/** Text of an open editor buffer for a workspace-relative path (unsaved edits included). */
export function openTextIn(folder: vscode.WorkspaceFolder): (rel: string) => string | undefined {
  return (rel) => {
    const target = vscode.Uri.joinPath(folder.uri, ...rel.split('/')).toString();
    return vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === target)?.getText();
  };
}

/** The workspace a plan is checked against: disk plus open buffers, ignores and the index's size limit. */
export function editorPlanWorkspace(folder: vscode.WorkspaceFolder): PlanWorkspace {
  return nodePlanWorkspace(folder.uri.fsPath, {
    exclude: excludeGlobs(folder),
    maxFileBytes: currentSettings(folder.uri).index.maxFileSizeKb * 1024,
    openText: openTextIn(folder),
  });
}

export function singleFolder(): vscode.WorkspaceFolder | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && folder.uri.scheme === 'file' ? folder : undefined;
}

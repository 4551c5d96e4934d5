import * as vscode from 'vscode';
import { nodePlanWorkspace, type PlanWorkspace } from '../../pipeline/refactor/plan-workspace.ts';
import { currentSettings } from '../settings.ts';
import { excludeGlobs, otherFolders } from '../workspace-folders.ts';

/** Text of an open editor buffer for a folder-relative path (unsaved edits included). */
export function openTextIn(folder: vscode.WorkspaceFolder): (rel: string) => string | undefined {
  return (rel) => {
    const target = vscode.Uri.joinPath(folder.uri, ...rel.split('/')).toString();
    return vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === target)?.getText();
  };
}

/**
 * The folder a plan is checked against: disk plus open buffers, that folder's ignores and the index's size limit.
 * Paths into the workspace's other folders are refused (a change started in one folder stays in it).
 */
export function editorPlanWorkspace(folder: vscode.WorkspaceFolder): PlanWorkspace {
  return nodePlanWorkspace(folder.uri.fsPath, {
    exclude: excludeGlobs(folder),
    maxFileBytes: currentSettings(folder.uri).index.maxFileSizeKb * 1024,
    openText: openTextIn(folder),
    otherFolders: otherFolders(folder),
  });
}

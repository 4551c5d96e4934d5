import * as vscode from 'vscode';
import type { FileOutcome } from '../../pipeline/refactor/final-text.ts';
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

/**
 * Files that changed since the plan was checked: applying then would lose those
 * edits. Each path is compared with what it was when checked (a moved file at
 * its old path; a path that did not exist must still not exist).
 */
export function staleFiles(ws: PlanWorkspace, files: readonly FileOutcome[]): string[] {
  const stale: string[] = [];
  for (const f of files) {
    const now = ws.read(f.path);
    const same = f.before === undefined ? now.kind === 'missing' : now.kind === 'text' && now.text === f.before;
    if (!same) stale.push(f.path);
  }
  return stale;
}

export function singleFolder(): vscode.WorkspaceFolder | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && folder.uri.scheme === 'file' ? folder : undefined;
}

// Which workspace folder a file belongs to, and each folder's own exclude globs:
// in a multi-root workspace every folder is indexed, ignored and edited on its own.
import * as vscode from 'vscode';
import type { OtherFolder } from '../pipeline/refactor/plan-workspace.ts';

/** The folders Switchyard can read from disk (file scheme), in the workspace's order. */
export function localFolders(): vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
}

export function isMultiRoot(): boolean {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
}

/** The (innermost) folder holding `uri`, and the path relative to it with forward slashes. */
export function folderOf(uri: vscode.Uri): { folder: vscode.WorkspaceFolder; rel: string } | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const rel = uri.path.slice(folder.uri.path.length).replace(/^\/+/, '');
  return rel ? { folder, rel } : undefined;
}

/** The folder named `name` when given; else the local folder of `uri`, else the first: where a refactor or transform starts. */
export function folderFor(uri: vscode.Uri | undefined, name?: string): vscode.WorkspaceFolder | undefined {
  if (name !== undefined) return localFolders().find((f) => f.name === name);
  const own = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  return own?.uri.scheme === 'file' ? own : localFolders()[0];
}

/** Other folders nested inside `folder`, as paths relative to it: they own their subtrees. */
function nestedFolders(folder: vscode.WorkspaceFolder): string[] {
  const base = `${folder.uri.path.replace(/\/+$/, '')}/`;
  return localFolders().filter((f) => f.uri.path.startsWith(base)).map((f) => f.uri.path.slice(base.length));
}

/** files.exclude globs that are switched on for this folder, plus the folders nested in it. */
export function excludeGlobs(folder: vscode.WorkspaceFolder): string[] {
  const own = Object.entries(vscode.workspace.getConfiguration('files', folder).get<Record<string, boolean>>('exclude') ?? {})
    .filter(([, on]) => on).map(([glob]) => glob);
  return [...own, ...nestedFolders(folder).map((rel) => `${rel}/**`)];
}

/** The workspace's other local folders, for plans confined to `folder`. */
export function otherFolders(folder: vscode.WorkspaceFolder): OtherFolder[] {
  return localFolders().filter((f) => f.uri.toString() !== folder.uri.toString()).map((f) => ({ name: f.name, root: f.uri.fsPath }));
}

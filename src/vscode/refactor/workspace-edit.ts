import * as vscode from 'vscode';
import { fileChanges } from '../../pipeline/refactor/file-changes.ts';
import type { FileOutcome } from '../../pipeline/refactor/final-text.ts';

/** What was put into the WorkspaceEdit, entry by entry (VS Code gives no way to read metadata back). */
export interface EditEntryInfo {
  kind: 'replace' | 'create' | 'rename' | 'delete';
  path: string;
  newPath?: string;
  needsConfirmation: boolean;
}

/**
 * One WorkspaceEdit for a whole plan, derived from each file's original and
 * final text (the same final text the CLI writes), in an order any valid plan
 * applies in. With `confirm`, every entry needs confirmation, so VS Code opens its
 * refactor preview listing each file before anything is applied; applying it
 * is one undoable step.
 */
export function buildWorkspaceEdit(root: vscode.Uri, files: readonly FileOutcome[], label: string, confirm: boolean): { edit: vscode.WorkspaceEdit; entries: EditEntryInfo[] } {
  const edit = new vscode.WorkspaceEdit();
  const entries: EditEntryInfo[] = [];
  const uri = (rel: string) => vscode.Uri.joinPath(root, ...rel.split('/'));
  const meta = (description: string): vscode.WorkspaceEditEntryMetadata => ({ needsConfirmation: confirm, label, description });
  for (const change of fileChanges(files)) {
    switch (change.kind) {
      case 'edit': {
        const m = meta(change.path);
        for (const e of change.edits) {
          const range = new vscode.Range(e.startPos.line, e.startPos.character, e.endPos.line, e.endPos.character);
          edit.replace(uri(change.path), range, e.text, m);
        }
        entries.push({ kind: 'replace', path: change.path, needsConfirmation: confirm });
        break;
      }
      case 'create':
        edit.createFile(uri(change.path), { contents: new TextEncoder().encode(change.content), ignoreIfExists: false, overwrite: false }, meta(`create ${change.path}`));
        entries.push({ kind: 'create', path: change.path, needsConfirmation: confirm });
        break;
      case 'move':
        edit.renameFile(uri(change.path), uri(change.newPath), { overwrite: false }, meta(`${change.path} → ${change.newPath}`));
        entries.push({ kind: 'rename', path: change.path, newPath: change.newPath, needsConfirmation: confirm });
        break;
      case 'delete':
        edit.deleteFile(uri(change.path), { ignoreIfNotExists: false }, meta(`delete ${change.path}`));
        entries.push({ kind: 'delete', path: change.path, needsConfirmation: confirm });
        break;
    }
  }
  return { edit, entries };
}

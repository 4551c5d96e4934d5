import * as vscode from 'vscode';
import type { PlanStep } from '../../pipeline/refactor/check-plan.ts';

/** What was put into the WorkspaceEdit, entry by entry (VS Code gives no way to read metadata back). */
export interface EditEntryInfo {
  kind: 'replace' | 'create' | 'rename' | 'delete';
  path: string;
  newPath?: string;
  needsConfirmation: boolean;
}

function positionAt(text: string, offset: number): vscode.Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return new vscode.Position(line, offset - lineStart);
}

/** The smallest single replacement turning `before` into `after`, so the preview shows only what changed. */
export function minimalReplace(before: string, after: string): { range: vscode.Range; text: string } {
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  // Never split a CRLF pair or a surrogate pair.
  if (p > 0 && before[p - 1] === '\r') p--;
  if (p > 0 && /[\uD800-\uDBFF]/.test(before[p - 1]!)) p--;
  return { range: new vscode.Range(positionAt(before, p), positionAt(before, before.length - s)), text: after.slice(p, after.length - s) };
}

/**
 * One WorkspaceEdit for a whole plan, in the plan's order. With `confirm`, every
 * entry needs confirmation, so VS Code opens its refactor preview listing each
 * change before anything is applied; applying it is one undoable step.
 */
export function buildWorkspaceEdit(root: vscode.Uri, steps: readonly PlanStep[], label: string, confirm: boolean): { edit: vscode.WorkspaceEdit; entries: EditEntryInfo[] } {
  const edit = new vscode.WorkspaceEdit();
  const entries: EditEntryInfo[] = [];
  const uri = (rel: string) => vscode.Uri.joinPath(root, ...rel.split('/'));
  const meta = (description: string): vscode.WorkspaceEditEntryMetadata => ({ needsConfirmation: confirm, label, description });
  for (const step of steps) {
    switch (step.kind) {
      case 'modify': {
        const { range, text } = minimalReplace(step.before, step.after);
        edit.replace(uri(step.path), range, text, meta(step.path));
        entries.push({ kind: 'replace', path: step.path, needsConfirmation: confirm });
        break;
      }
      case 'create':
        edit.createFile(uri(step.path), { contents: new TextEncoder().encode(step.content), ignoreIfExists: false, overwrite: false }, meta(`create ${step.path}`));
        entries.push({ kind: 'create', path: step.path, needsConfirmation: confirm });
        break;
      case 'rename':
        edit.renameFile(uri(step.path), uri(step.newPath), { overwrite: false }, meta(`${step.path} → ${step.newPath}`));
        entries.push({ kind: 'rename', path: step.path, newPath: step.newPath, needsConfirmation: confirm });
        break;
      case 'delete':
        edit.deleteFile(uri(step.path), { ignoreIfNotExists: false }, meta(`delete ${step.path}`));
        entries.push({ kind: 'delete', path: step.path, needsConfirmation: confirm });
        break;
    }
  }
  return { edit, entries };
}

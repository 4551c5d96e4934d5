// The last step of Refactor and AST Transform: one WorkspaceEdit through VS Code's
// refactor preview, then what landed, read back from the documents and the disk.
// The preview's answer is a boolean for "something applied", so a file left
// unticked would otherwise count as applied.
import * as vscode from 'vscode';
import type { FileOutcome } from '../../pipeline/refactor/final-text.ts';
import type { PlanWorkspace } from '../../pipeline/refactor/plan-workspace.ts';
import type { RecordEditEvent } from './edit-events.ts';
import { planLanded, type PlanLanded } from './plan-state.ts';
import { buildWorkspaceEdit, type EditEntryInfo } from './workspace-edit.ts';

export interface ApplyPlanOptions {
  root: vscode.Uri;
  /** Reads the files as they stand (editor buffers over disk). */
  ws: PlanWorkspace;
  files: readonly FileOutcome[];
  label: string;
  /** false applies without the preview (tests and scripts): nothing is shown before it lands. */
  preview: boolean;
  record: RecordEditEvent;
}

export async function applyPlan(opts: ApplyPlanOptions): Promise<{ landed: PlanLanded; entries: EditEntryInfo[] }> {
  const { edit, entries } = buildWorkspaceEdit(opts.root, opts.files, opts.label, opts.preview);
  if (opts.preview) {
    // VS Code opens entries that need confirmation unticked: say so, or Apply with nothing ticked looks like success.
    void vscode.window.setStatusBarMessage('Switchyard: tick the files in the Refactor Preview (they start unticked), then Apply', 15_000);
    await opts.record({ event: 'shown', files: opts.files.map((f) => f.path) });
  }
  await vscode.workspace.applyEdit(edit, { isRefactoring: opts.preview });
  const landed = planLanded(opts.ws, opts.files);
  await opts.record({ event: landed.event, files: landed.files });
  return { landed, entries };
}

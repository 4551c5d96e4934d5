import * as vscode from 'vscode';
import type { CheckedPlan } from '../../pipeline/refactor/check-plan.ts';
import { buildRefactorTask } from '../../pipeline/refactor/refactor-task.ts';
import type { Container } from '../container.ts';
import type { Services } from '../services.ts';
import type { SyntaxServices } from '../syntax-services.ts';
import { applyPlan } from './apply-plan.ts';
import { editEvents } from './edit-events.ts';
import { editorPlanWorkspace } from './editor-workspace.ts';
import { folderFor } from '../workspace-folders.ts';
import { staleFiles, type PlanLanded } from './plan-state.ts';
import { runDeepTask } from './run-deep-task.ts';
import { refuseUntrusted } from '../trust.ts';
import type { EditEntryInfo } from './workspace-edit.ts';
import { COMMANDS } from '../command-ids.ts';
import { UNTRUSTED_REASON } from '../../pipeline/egress-gate.ts';

/** Arguments for scripts and tests; the palette passes none. */
export interface RefactorArgs {
  instruction?: string;
  /** Answer yes to the cost confirmation. */
  yes?: boolean;
  /** false applies without VS Code's refactor preview (tests only: the preview waits for a click). */
  preview?: boolean;
  /** Cancels like the notification's Cancel button (tests). */
  signal?: AbortSignal;
  /** The workspace folder (by name) to plan in; by default the active file's folder, else the first. */
  folder?: string;
}

export interface DeepCommandResult {
  /** Something landed: all of the edit, or part of it (see `landed`). */
  applied: boolean;
  /** What the edit's files show after the user's answer (the event recorded); absent when it never reached the preview. */
  landed?: PlanLanded['event'];
  message: string;
  /** The plan's files; when partly applied, the ones that changed. */
  files?: string[];
  /** What went into the WorkspaceEdit, entry by entry. */
  entries?: EditEntryInfo[];
  matches?: number;
}

export const UNTRUSTED_MESSAGE = 'The workspace is not trusted, so nothing was sent.';

export async function reportFailure(container: Container, what: string, message: string, cancelled?: boolean): Promise<DeepCommandResult> {
  container.log.info(`${what}: ${message}`);
  if (cancelled) void vscode.window.showInformationMessage(`Switchyard: ${what} cancelled; nothing was changed.`);
  else {
    void vscode.window.showErrorMessage(`Switchyard: ${what} failed and nothing was changed. ${message}`, 'Show Log')
      .then((c) => { if (c) container.log.show(); });
  }
  return { applied: false, message };
}

/** Only some of the files were ticked in the preview: name them, since the editor does not. */
export function partlyApplied(what: string, planned: number, result: DeepCommandResult): DeepCommandResult {
  const files = result.files ?? [];
  void vscode.window.showInformationMessage(`Switchyard: ${what} partly applied: ${files.length} of ${planned} file(s) changed (${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}).`);
  return result;
}

/** The user saw the preview and applied nothing (or VS Code refused): say so, since the editor does not. */
export function notApplied(what: string, result: DeepCommandResult): DeepCommandResult {
  void vscode.window.showWarningMessage(`Switchyard: ${what} not applied; nothing was changed. In the Refactor Preview the files start unticked: tick them (or the top entry) before Apply.`);
  return result;
}

async function refactor(container: Container, services: Services, syntax: SyntaxServices, args: RefactorArgs = {}): Promise<DeepCommandResult> {
  if (refuseUntrusted('Refactor')) {
    await services.pipeline.refuse({ kind: 'refactor', inputTokens: 0 }, UNTRUSTED_REASON);
    return { applied: false, message: UNTRUSTED_MESSAGE };
  }
  // The active file's folder (else the first): the plan is made from, and confined to, that folder.
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = folderFor(active, args.folder);
  if (args.folder !== undefined && !folder) return reportFailure(container, 'Refactor', `There is no workspace folder named "${args.folder}".`);
  const index = folder && syntax.indexFor(folder.uri);
  if (!folder || !index) return reportFailure(container, 'Refactor', 'Open a folder first: a refactor works on a workspace.');
  const instruction = args.instruction ?? await vscode.window.showInputBox({
    title: 'Switchyard: Refactor…',
    prompt: 'Describe a change that spans files (the deep lane plans it; you review every edit before it applies).',
    placeHolder: 'e.g. Rename parseConfig to loadConfig everywhere and move it to src/config.ts',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Describe the change.'),
  });
  if (!instruction?.trim()) return { applied: false, message: 'No instruction given.' };
  const ws = editorPlanWorkspace(folder);
  const focus = active && vscode.workspace.getWorkspaceFolder(active)?.uri.toString() === folder.uri.toString() ? syntax.relativePath(active) : undefined;
  const outcome = await runDeepTask<CheckedPlan>({
    title: 'Switchyard: Refactor',
    what: 'Refactor',
    services,
    yes: args.yes,
    signal: args.signal,
    build: async (_signal, report) => {
      report('waiting for the workspace index…');
      await syntax.indexReady;
      report('building the context…');
      const built = await buildRefactorTask({
        instruction, index: index.index, workspace: ws, registry: syntax.registry,
        budget: services.pipeline.policy().tokenBudgets.refactor.prompt, focusFiles: focus ? [focus] : [],
      });
      return built.task;
    },
  });
  if (!outcome.ok) return reportFailure(container, 'Refactor', outcome.message, outcome.cancelled);
  const plan = outcome.value;
  const record = editEvents(services.pipeline, outcome.records);
  const files = plan.files.map((f) => f.path);
  const stale = staleFiles(ws, plan.files);
  if (stale.length) {
    await record({ event: 'rejected', files, note: 'files changed while the plan was made' });
    return reportFailure(container, 'Refactor', `These files changed while the plan was made: ${stale.join(', ')}. Run the refactor again.`);
  }
  const { landed, entries } = await applyPlan({ root: folder.uri, ws, files: plan.files, label: `Switchyard: ${plan.plan.summary || instruction}`, preview: args.preview !== false, record });
  if (landed.event === 'rejected') return notApplied('Refactor', { applied: false, landed: landed.event, message: 'The edit was not applied (discarded in the preview, no file ticked, or VS Code refused it); nothing was changed.', files, entries });
  if (landed.event === 'partly_applied') return partlyApplied('refactor', files.length, { applied: true, landed: landed.event, message: plan.plan.summary, files: landed.files, entries });
  const fuzzy = plan.fuzzyHunks ? ` (${plan.fuzzyHunks} hunk(s) matched ignoring whitespace)` : '';
  void vscode.window.showInformationMessage(`Switchyard: refactor applied to ${files.length} file(s)${fuzzy}: ${plan.plan.summary}`);
  return { applied: true, landed: landed.event, message: plan.plan.summary, files, entries };
}

export function registerRefactor(container: Container, services: Services, syntax: SyntaxServices): void {
  container.own(vscode.commands.registerCommand(COMMANDS.refactor, (args?: unknown) =>
    refactor(container, services, syntax, isArgs(args) ? args : {})));
}

function isArgs(v: unknown): v is RefactorArgs {
  return typeof v === 'object' && v !== null && !(v instanceof vscode.Uri);
}

import * as vscode from 'vscode';
import type { CheckedTransform } from '../../pipeline/transform/check-spec.ts';
import { collectScope } from '../../pipeline/transform/scope.ts';
import { buildTransformTask } from '../../pipeline/transform/transform-task.ts';
import type { Container } from '../container.ts';
import type { Services } from '../services.ts';
import type { SyntaxServices } from '../syntax-services.ts';
import { currentSettings } from '../settings.ts';
import { applyPlan } from './apply-plan.ts';
import { editEvents } from './edit-events.ts';
import { editorPlanWorkspace, openTextIn } from './editor-workspace.ts';
import { excludeGlobs, folderFor, isMultiRoot, otherFolders } from '../workspace-folders.ts';
import { staleFiles } from './plan-state.ts';
import { notApplied, partlyApplied, reportFailure, UNTRUSTED_MESSAGE, type DeepCommandResult } from './refactor-command.ts';
import { refuseUntrusted } from '../trust.ts';
import { runDeepTask } from './run-deep-task.ts';
import { COMMANDS } from '../command-ids.ts';
import { UNTRUSTED_REASON } from '../../pipeline/egress-gate.ts';

export interface TransformArgs {
  instruction?: string;
  /** File or folder relative to the workspace folder; '' for the whole folder. */
  scope?: string;
  /** The workspace folder (by name) the scope is in; by default the active file's folder, else the first. */
  folder?: string;
  yes?: boolean;
  preview?: boolean;
  /** Cancels like the notification's Cancel button (tests). */
  signal?: AbortSignal;
}

async function pickScope(folder: vscode.WorkspaceFolder, syntax: SyntaxServices): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeRel = active && vscode.workspace.getWorkspaceFolder(active)?.uri.toString() === folder.uri.toString() ? syntax.relativePath(active) : undefined;
  const items: (vscode.QuickPickItem & { scope: string | 'pick' })[] = [
    ...(activeRel ? [{ label: '$(file) Current file', description: activeRel, scope: activeRel }] : []),
    { label: '$(folder) Folder…', description: 'choose a folder', scope: 'pick' },
    { label: isMultiRoot() ? '$(root-folder) Whole folder' : '$(root-folder) Whole workspace', description: folder.name, scope: '' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: 'Switchyard: AST Transform — scope', ignoreFocusOut: true });
  if (!choice) return undefined;
  if (choice.scope !== 'pick') return choice.scope;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: folder.uri, openLabel: 'Transform this folder' });
  // A folder picked outside this workspace folder is no scope of it.
  return picked?.[0] && vscode.workspace.getWorkspaceFolder(picked[0])?.uri.toString() === folder.uri.toString() ? syntax.relativePath(picked[0]) ?? '' : undefined;
}

async function transform(container: Container, services: Services, syntax: SyntaxServices, args: TransformArgs): Promise<DeepCommandResult> {
  if (refuseUntrusted('AST Transform')) {
    await services.pipeline.refuse({ kind: 'astTransform', inputTokens: 0 }, UNTRUSTED_REASON);
    return { applied: false, message: UNTRUSTED_MESSAGE };
  }
  // The scope lives in one folder: the one named, else the active file's, else the first.
  const folder = folderFor(vscode.window.activeTextEditor?.document.uri, args.folder);
  if (!folder) return reportFailure(container, 'AST transform', args.folder !== undefined ? `There is no workspace folder named "${args.folder}".` : 'Open a folder first.');
  const scope = args.scope ?? await pickScope(folder, syntax);
  if (scope === undefined) return { applied: false, message: 'No scope chosen.' };
  const instruction = args.instruction ?? await vscode.window.showInputBox({
    title: 'Switchyard: AST Transform…',
    prompt: `A mechanical change to make in ${scope || 'the whole workspace'} (the deep lane writes a tree-sitter transform once; it runs locally on every file).`,
    placeHolder: 'e.g. Replace console.log(x) with logger.debug(x)',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Describe the change.'),
  });
  if (!instruction?.trim()) return { applied: false, message: 'No instruction given.' };
  const outcome = await runDeepTask<CheckedTransform>({
    title: 'Switchyard: AST Transform',
    what: 'AST Transform',
    services,
    yes: args.yes,
    signal: args.signal,
    build: (signal, report) => {
      report('collecting the files in scope…');
      const files = collectScope(folder.uri.fsPath, scope, {
        registry: syntax.registry, exclude: excludeGlobs(folder), otherFolders: otherFolders(folder),
        maxFileBytes: currentSettings(folder.uri).index.maxFileSizeKb * 1024, openText: openTextIn(folder),
      });
      if (files.length === 0) throw new Error(`no files with a known language in ${scope || 'the workspace'}`);
      return buildTransformTask({ instruction, registry: syntax.registry, scope: files, budget: services.pipeline.policy().tokenBudgets.astTransform.prompt, scopeLabel: scope || 'whole workspace', signal });
    },
  }).catch((err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }));
  if (!outcome.ok) return reportFailure(container, 'AST transform', outcome.message, 'cancelled' in outcome ? outcome.cancelled : false);
  const t = outcome.value;
  if (t.changed.length === 0) {
    void vscode.window.showInformationMessage(`Switchyard: the transform matched nothing in ${t.filesInScope} ${t.grammarId} file(s); nothing to change.`);
    return { applied: false, message: 'no matches', files: [], matches: 0 };
  }
  const outcomes = t.changed.map((c) => ({ path: c.path, before: c.before, after: c.after }));
  const files = t.changed.map((c) => c.path);
  const record = editEvents(services.pipeline, outcome.records);
  const ws = editorPlanWorkspace(folder);
  const stale = staleFiles(ws, outcomes);
  if (stale.length) {
    await record({ event: 'rejected', files, note: 'files changed while the transform ran' });
    return reportFailure(container, 'AST transform', `These files changed while the transform ran: ${stale.slice(0, 5).join(', ')}. Run it again.`);
  }
  const summary = `${t.matches} match(es) in ${t.changed.length} of ${t.filesInScope} ${t.grammarId} file(s)`;
  const { landed, entries } = await applyPlan({ root: folder.uri, ws, files: outcomes, label: `Switchyard transform: ${summary}`, preview: args.preview !== false, record });
  if (landed.event === 'rejected') return notApplied('AST transform', { applied: false, landed: landed.event, message: 'The transform was not applied (discarded in the preview, no file ticked, or VS Code refused it); nothing was changed.', files, entries, matches: t.matches });
  if (landed.event === 'partly_applied') return partlyApplied('transform', files.length, { applied: true, landed: landed.event, message: summary, files: landed.files, entries, matches: t.matches });
  const skipped = t.skipped ? `; ${t.skipped} match(es) dropped (the same node twice, or inside a rewrite but outside its captures)` : '';
  void vscode.window.showInformationMessage(`Switchyard: transform applied, ${summary}${skipped}.`);
  return { applied: true, landed: landed.event, message: summary, files, entries, matches: t.matches };
}

export function registerAstTransform(container: Container, services: Services, syntax: SyntaxServices): void {
  container.own(vscode.commands.registerCommand(COMMANDS.astTransform, (arg?: unknown) => {
    // From the explorer: the folder (or file) clicked is the scope.
    if (arg instanceof vscode.Uri) {
      const rel = syntax.relativePath(arg);
      const folder = vscode.workspace.getWorkspaceFolder(arg);
      return transform(container, services, syntax, { scope: rel ?? '', ...(folder ? { folder: folder.name } : {}) });
    }
    return transform(container, services, syntax, typeof arg === 'object' && arg !== null ? arg as TransformArgs : {});
  }));
}

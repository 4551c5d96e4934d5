// Switchyard: Quick Edit. The selection (or the enclosing statement) is rewritten
// by the fast lane with visible, cancellable progress, checked with tree-sitter
// (escalating once to the deep lane), shown as a diff, and applied on Accept as
// one undo step, only if the document has not changed meanwhile.
import * as vscode from 'vscode';
import { formatUsd } from '../../core/money.ts';
import type { LedgerRecord } from '../../core/ledger-record.ts';
import { describeRefusal, UNTRUSTED_REASON } from '../../pipeline/egress-gate.ts';
import { planQuickEdit } from '../../pipeline/quick-edit/quick-edit.ts';
import { runWithConfirmation, type ConfirmQuestion } from '../../pipeline/run-with-confirmation.ts';
import type { Container } from '../container.ts';
import { reportMissingKey } from '../secrets.ts';
import type { Services } from '../services.ts';
import type { SyntaxServices } from '../syntax-services.ts';
import { refuseUntrusted } from '../trust.ts';
import { editEvents, type EditEvent } from '../refactor/edit-events.ts';
import { PROPOSAL_SCHEME, ProposalDocuments } from './proposal-documents.ts';
import { COMMANDS } from '../command-ids.ts';
import { gateDocument, refusedTask } from '../gate-document.ts';

export interface QuickEditArgs { instruction?: string }

export interface QuickEditOutcome {
  status: 'applied' | 'rejected' | 'cancelled' | 'failed' | 'stale' | 'unavailable';
  lane?: string;
  message?: string;
  records?: LedgerRecord[];
}

const PENDING_CONTEXT = 'switchyard.quickEditPending';

export function registerQuickEdit(container: Container, services: Services, syntax: SyntaxServices): void {
  const proposals = container.own(new ProposalDocuments());
  container.own(vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals));
  let pending: ((accept: boolean) => void) | undefined;
  const decide = (accept: boolean) => {
    if (!pending) return false;
    pending(accept);
    return true;
  };
  container.own(vscode.commands.registerCommand(COMMANDS.quickEditAccept, () => decide(true)));
  container.own(vscode.commands.registerCommand(COMMANDS.quickEditReject, () => decide(false)));
  container.own(vscode.commands.registerCommand(COMMANDS.quickEdit, async (args?: QuickEditArgs): Promise<QuickEditOutcome> => {
    if (pending) {
      void vscode.window.showInformationMessage('Switchyard: a quick edit is waiting for Accept or Reject.');
      return { status: 'unavailable', message: 'pending' };
    }
    const outcome = await quickEdit(services, syntax, proposals, args, (resolve) => { pending = resolve; }).finally(() => { pending = undefined; });
    if (outcome.status === 'failed' && outcome.message) container.log.info(`quick edit failed: ${outcome.message}`);
    return outcome;
  }));
}

async function quickEdit(
  services: Services, syntax: SyntaxServices, proposals: ProposalDocuments, args: QuickEditArgs | undefined,
  waitFor: (resolve: (accept: boolean) => void) => void,
): Promise<QuickEditOutcome> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme === PROPOSAL_SCHEME) {
    void vscode.window.showWarningMessage('Switchyard: open a file and put the cursor in (or select) the code to edit, then run Quick Edit.');
    return { status: 'unavailable', message: 'no editor' };
  }
  const document = editor.document;
  const gate = gateDocument(document, syntax);
  const { rel: file, folder } = gate;
  // The ledger keeps what was refused too: the file's path and why, never its text.
  const recordRefusal = (reason: string) => services.pipeline.refuse(refusedTask('quickEdit', document, gate), reason);
  if (refuseUntrusted('Quick Edit')) {
    await recordRefusal(UNTRUSTED_REASON);
    return { status: 'unavailable', message: 'untrusted' };
  }
  const name = document.uri.path.split('/').pop() ?? 'file';
  // The egress gate: nothing from VS Code's settings, a secret, ignored or binary file.
  const verdict = services.egress.checkDocument(gate);
  if (!verdict.ok) {
    const why = describeRefusal('quick edit', file ?? name, verdict.reason);
    services.notice.set(why);
    void vscode.window.showInformationMessage(`Switchyard: ${why}; nothing was sent.`);
    return { status: 'unavailable', message: why, records: [...await recordRefusal(verdict.reason)] };
  }
  const selection = editor.selection;
  const instruction = args?.instruction ?? await vscode.window.showInputBox({
    title: 'Switchyard: Quick Edit',
    prompt: selection.isEmpty ? 'Describe the change to the statement at the cursor' : 'Describe the change to the selection',
    placeHolder: 'e.g. handle the empty case',
    ignoreFocusOut: true,
  });
  if (!instruction?.trim()) return { status: 'cancelled' };
  if (!(await services.pipeline.laneReady('fast'))) {
    void reportMissingKey('fast', services.pipeline.laneSettings('fast'), 'Quick Edit');
    return { status: 'failed', message: 'no key' };
  }

  const version = document.version;
  const text = document.getText();
  const selStart = document.offsetAt(selection.start);
  const selEnd = document.offsetAt(selection.end);
  const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Switchyard: Quick Edit', cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const snapshot = await syntax.snapshot(document);
      if (snapshot.version !== version) return undefined;
      let received = 0;
      let lane = '';
      const { ctx, task } = planQuickEdit({
        doc: { path: file ?? name, text, tree: snapshot.tree, grammarId: snapshot.grammarId, languageId: document.languageId },
        selStart, selEnd, instruction, index: syntax.indexFor(document.uri)?.index, budget: services.settings().promptTokens.quickEdit, file, folder,
        onAttempt: (info) => {
          lane = `${info.lane} lane (${info.model})`;
          received = 0;
          progress.report({ message: info.attempt === 0 ? `asking the ${lane}…` : `checking failed, asking the ${lane}…` });
        },
        onText: (delta) => {
          const before = Math.floor(received / 200);
          received += delta.length;
          if (Math.floor(received / 200) !== before) progress.report({ message: `${lane}: ${received} characters received` });
        },
      }, syntax.registry);
      // Quick edits ask only at a budget cap, with a notification rather than a modal.
      const result = await runWithConfirmation(task, { pipeline: services.pipeline, signal: abort.signal, confirm: sendAnyway });
      return { ctx, result };
    } finally {
      sub.dispose();
    }
  });
  if (!run) return stale();
  const { ctx, result } = run;
  if (!result.ok) {
    if (result.kind === 'declined') return { status: 'cancelled', records: result.records };
    if (result.kind === 'cancelled') void vscode.window.showInformationMessage('Switchyard: quick edit cancelled; nothing was changed.');
    // The pipeline's messages that start with the product's name need no prefix.
    else void vscode.window.showErrorMessage(result.message.startsWith('Switchyard') ? result.message : `Switchyard: ${result.message}`);
    return { status: result.kind === 'cancelled' ? 'cancelled' : 'failed', message: result.message, records: result.records };
  }

  const proposalUri = proposals.create(document.uri, text.slice(0, ctx.start) + result.value + text.slice(ctx.end));
  const cost = result.records.reduce((n, r) => n + r.costNanos, 0);
  // The request record says the model answered; these say what the user did with the diff.
  const recordEvent = editEvents(services.pipeline, result.records);
  const record = (event: EditEvent['event'], note?: string) => recordEvent({ event, ...(file ? { file, files: [file] } : {}), ...(note ? { note } : {}) });
  try {
    await vscode.commands.executeCommand('vscode.diff', document.uri, proposalUri, `${name} ↔ Switchyard proposal (${result.lane} lane)`, { preview: true });
    await record('shown');
    await vscode.commands.executeCommand('setContext', PENDING_CONTEXT, true);
    const accept = await new Promise<boolean>((resolve) => {
      waitFor(resolve);
      void vscode.window.showInformationMessage(`Switchyard: apply this quick edit (${result.lane} lane, ${formatUsd(cost)})?`, 'Accept', 'Reject')
        .then((choice) => resolve(choice === 'Accept'));
    });
    if (!accept) {
      await record('rejected');
      return { status: 'rejected', lane: result.lane, records: result.records };
    }
    if (document.version !== version) {
      await record('rejected', 'the file changed before the edit was applied');
      return stale();
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(ctx.start), document.positionAt(ctx.end)), result.value);
    if (!(await vscode.workspace.applyEdit(edit))) {
      await record('rejected', 'VS Code refused the edit');
      void vscode.window.showErrorMessage('Switchyard: VS Code refused the edit; nothing was changed.');
      return { status: 'failed', records: result.records };
    }
    await record('applied');
    return { status: 'applied', lane: result.lane, records: result.records };
  } finally {
    await vscode.commands.executeCommand('setContext', PENDING_CONTEXT, false);
    await closeDiff(proposalUri);
    proposals.forget(proposalUri);
    if (vscode.window.activeTextEditor?.document !== document) await vscode.window.showTextDocument(document, { preview: false });
  }

  function stale(): QuickEditOutcome {
    void vscode.window.showWarningMessage('Switchyard: the file changed while the quick edit was being prepared, so nothing was applied. Run Quick Edit again.');
    return { status: 'stale' };
  }
}

/** The budget's question, as a notification: Quick Edit is small and frequent, so no modal. */
async function sendAnyway(q: ConfirmQuestion): Promise<boolean> {
  const e = q.estimate.estimate;
  // q.why already carries the router's cost range; add only the time.
  const go = await vscode.window.showWarningMessage(`Switchyard did not send this request yet: ${q.why}; about ${Math.ceil(e.expectedMs / 1000)} s.`, 'Send Anyway');
  return go === 'Send Anyway';
}

async function closeDiff(proposal: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposal.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

// Inline completions in the editor: a thin adapter from VS Code's provider API
// to the completion engine (src/pipeline/completion). Each call gets a linked
// cancellation source disposed in finally; a newer call cancels the older one.
import * as vscode from 'vscode';
import { completionDebounceMs } from '../../core/policy-adaptive.ts';
import { shapeOf } from '../../core/routing-shape.ts';
import { CompletionEngine, type CompletionDocument, type CompletionAnswer, type StreamEnd } from '../../pipeline/completion/engine.ts';
import { schemeReason } from '../../core/egress-rules.ts';
import { describeRefusal } from '../../pipeline/egress-gate.ts';
import type { Container } from '../container.ts';
import { reportMissingKey } from '../secrets.ts';
import type { Logger } from '../../core/log.ts';
import type { Services } from '../services.ts';
import type { SyntaxServices } from '../syntax-services.ts';
import { gateDocument, refusedTask } from '../gate-document.ts';
import { COMMANDS, INTERNAL_COMMANDS } from '../command-ids.ts';


const KEY_CHECK_MS = 5000;
/**
 * VS Code (1.139) waits a fixed 50 ms after a keystroke before it asks for an automatic completion
 * (its InlineCompletionsDebounce, min = max = 50): that wait is part of `completions.debounceMs`.
 */
const EDITOR_DEBOUNCE_MS = 50;

/** The answer's ids (task, request) ride along, so the accept can name what it accepted. */
interface AcceptedArgs { languageId: string; file?: string; answer: Omit<CompletionAnswer, 'text' | 'more'> }

export class SwitchyardInlineProvider implements vscode.InlineCompletionItemProvider {
  readonly engine: CompletionEngine;
  readonly #services: Services;
  readonly #syntax: SyntaxServices;
  #latest: vscode.CancellationTokenSource | undefined;
  /** Counts calls: a re-ask for the rest of a partial answer is made only if no call came since. */
  #calls = 0;
  #key: { ok: boolean; at: number } | undefined;
  #toldMissingKey = false;
  /** The document of the latest call: its folder's index gives the context, and its records name the folder. */
  #current: vscode.Uri | undefined;

  constructor(services: Services, syntax: SyntaxServices, log: Logger) {
    this.#services = services;
    this.#syntax = syntax;
    this.engine = new CompletionEngine({
      // The engine's tasks carry no folder: the latest call's (the one that runs; older ones are cancelled) is added here.
      pipeline: {
        run: (task) => services.pipeline.run({ ...task, ...this.#folderOf(task.file) }),
        recordEvent: (event) => services.pipeline.recordEvent(event),
      },
      ledger: services.ledger,
      registry: syntax.registry,
      settings: services.settings,
      index: () => syntax.indexFor(this.#current)?.index,
      simulated: services.simulated,
      log,
      debounceBaseMs: (doc, configured) => learnedDebounceMs(services, doc.languageId, configured),
    });
  }

  async provideInlineCompletionItems(document: vscode.TextDocument, position: vscode.Position, context: vscode.InlineCompletionContext, token: vscode.CancellationToken): Promise<vscode.InlineCompletionItem[] | undefined> {
    if (!this.#services.settings().completions.enabled) return undefined;
    // The egress gate first: untrusted workspaces, VS Code's own settings, secret and ignored files get nothing.
    const gate = gateDocument(document, this.#syntax);
    const file = gate.rel;
    const verdict = this.#services.egress.checkDocument(gate);
    const name = file ?? document.uri.path.split('/').pop() ?? document.uri.toString();
    this.#services.notice.set(verdict.ok ? undefined : describeRefusal('completions', name, verdict.reason));
    if (!verdict.ok) {
      // The user's own files' refusals are recorded (once a minute per cause); VS Code's settings and other views are no task.
      if (!schemeReason(document.uri.scheme)) {
        void this.#services.pipeline.refuse(refusedTask('completion', document, gate), verdict.reason);
      }
      return undefined;
    }
    // The latest call wins: whatever the previous call still waits on is cancelled.
    this.#latest?.cancel();
    const call = ++this.#calls;
    const source = new vscode.CancellationTokenSource();
    this.#latest = source;
    this.#current = document.uri;
    const linked = token.onCancellationRequested(() => source.cancel());
    const abort = new AbortController();
    const onCancel = source.token.onCancellationRequested(() => abort.abort());
    try {
      if (!(await this.#hasKey()) || source.token.isCancellationRequested) return undefined;
      const version = document.version;
      const snapshot = await this.#syntax.snapshot(document);
      if (source.token.isCancellationRequested || snapshot.version !== version) return undefined;
      const doc: CompletionDocument = {
        uri: document.uri.toString(), text: snapshot.text, languageId: document.languageId,
        grammarId: snapshot.grammarId, tree: snapshot.tree,
        path: file ?? document.uri.path.split('/').pop() ?? 'untitled', file,
        isCurrent: () => !document.isClosed && document.version === version && snapshot.version === version,
      };
      const waited = context.triggerKind === vscode.InlineCompletionTriggerKind.Automatic ? EDITOR_DEBOUNCE_MS : 0;
      const answer = await this.engine.complete(doc, document.offsetAt(position), abort.signal, waited);
      if (!answer || source.token.isCancellationRequested || document.version !== version) return undefined;
      const { text, more, ...ids } = answer;
      if (more) void more.then((end) => { if (end !== 'same') this.#afterStream(end, document, position, version, call); });
      const args: AcceptedArgs = { languageId: document.languageId, file, answer: ids };
      return [new vscode.InlineCompletionItem(text, new vscode.Range(position, position), { command: INTERNAL_COMMANDS.completionAccepted, title: 'Completion accepted', arguments: [args] })];
    } finally {
      onCancel.dispose();
      linked.dispose();
      if (this.#latest === source) this.#latest = undefined;
      source.dispose();
    }
  }

  /**
   * The stream behind a partial answer ended, only while nothing happened since (the partial is still what the editor
   * shows). With a longer answer, VS Code is asked again and gets it from the cache: `showNext`, not `trigger`, since
   * an explicit trigger keeps the shown item first (VS Code preserves it) and the rest would sit unseen behind it;
   * `showNext` re-asks the same way, then moves to the item after the shown one, the longer answer. With none (the
   * request failed or its whole answer was refused), the partial is hidden: it is not an answer any more. Both do
   * nothing once the ghost text is gone (Escape), so a dismissed completion stays dismissed.
   */
  #afterStream(end: Exclude<StreamEnd, 'same'>, document: vscode.TextDocument, position: vscode.Position, version: number, call: number): void {
    const editor = vscode.window.activeTextEditor;
    const still = call === this.#calls && document.version === version && editor?.document === document && editor.selection.isEmpty && editor.selection.active.isEqual(position);
    if (!still) return;
    void vscode.commands.executeCommand(end === 'longer' ? 'editor.action.inlineSuggest.showNext' : 'editor.action.inlineSuggest.hide');
  }

  async accepted(args: AcceptedArgs | undefined): Promise<void> {
    if (!args) return;
    await this.engine.accepted({ languageId: args.languageId, file: args.file }, args.answer);
  }

  dispose(): void {
    this.#latest?.cancel();
    this.engine.dispose();
  }

  #folderOf(file: string | undefined): { folder?: string } {
    const folder = file && this.#current ? this.#syntax.folderName(this.#current) : undefined;
    return folder ? { folder } : {};
  }

  /** Whether the fast lane has a key; checked at most every few seconds, and said once. */
  async #hasKey(): Promise<boolean> {
    const now = Date.now();
    if (!this.#key || now - this.#key.at > KEY_CHECK_MS) this.#key = { ok: await this.#services.pipeline.laneReady('fast'), at: now };
    if (!this.#key.ok && !this.#toldMissingKey) {
      this.#toldMissingKey = true;
      void reportMissingKey('fast', this.#services.pipeline.laneSettings('fast'), 'inline completions');
    }
    return this.#key.ok;
  }
}

/**
 * The debounce for a language's completions: a shape whose answers are rarely accepted waits longer before asking
 * (core/policy-adaptive.ts); learning off, the configured debounce.
 */
export function learnedDebounceMs(services: Pick<Services, 'settings' | 'ledger'>, languageId: string, configuredMs: number): number {
  if (!services.settings().routing.learning) return configuredMs;
  const shape = shapeOf({ kind: 'completion', language: languageId, inputTokens: 0 });
  return completionDebounceMs(services.ledger.routing.figures(shape.key, Date.now()), configuredMs);
}

export function registerInlineCompletions(container: Container, services: Services, syntax: SyntaxServices): void {
  const provider = new SwitchyardInlineProvider(services, syntax, container.log.child('completion'));
  container.own(provider);
  // Every language: those with a grammar get syntax-aware context and checks, the rest plain text.
  container.own(vscode.languages.registerInlineCompletionItemProvider({ pattern: '**' }, provider));
  container.own(vscode.commands.registerCommand(INTERNAL_COMMANDS.completionAccepted, (args?: AcceptedArgs) => provider.accepted(args)));
  container.own(vscode.commands.registerCommand(COMMANDS.toggleCompletions, async () => {
    const config = vscode.workspace.getConfiguration('switchyard');
    const next = !services.settings().completions.enabled;
    await config.update('completions.enabled', next, vscode.ConfigurationTarget.Global);
    void vscode.window.setStatusBarMessage(`Switchyard: inline completions ${next ? 'on' : 'off'}`, 3000);
    return next;
  }));
  container.own(vscode.workspace.onDidCloseTextDocument((doc) => provider.engine.forget(doc.uri.toString())));
  container.own(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('switchyard.completions.enabled') && !services.settings().completions.enabled) provider.engine.cancelInflight();
  }));
}

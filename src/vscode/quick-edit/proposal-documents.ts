// Read-only virtual documents holding quick-edit proposals, so a proposal can
// be shown with vscode.diff before anything touches the real document.
import * as vscode from 'vscode';

export const PROPOSAL_SCHEME = 'switchyard-proposal';

export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  readonly #texts = new Map<string, string>();
  readonly #changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.#changed.event;
  #next = 1;

  /** A new proposal document for `original`, keeping its file name (and so its language). */
  create(original: vscode.Uri, text: string): vscode.Uri {
    const name = original.path.split('/').pop() || 'proposal';
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.#next++}/${name}`, query: original.toString() });
    this.#texts.set(uri.toString(), text);
    return uri;
  }

  forget(uri: vscode.Uri): void {
    this.#texts.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.#texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.#changed.dispose();
    this.#texts.clear();
  }
}

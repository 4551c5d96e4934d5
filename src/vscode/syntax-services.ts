import * as vscode from 'vscode';
import { GrammarRegistry, ParseService, type DocumentSnapshot, type WorkspaceIndex } from '../syntax/index.ts';
import type { Container } from './container.ts';
import { FolderIndexes, type FolderIndex } from './folder-indexes.ts';
import { folderOf, isMultiRoot } from './workspace-folders.ts';

export type { FolderIndex } from './folder-indexes.ts';

/** The syntax layer as the editor uses it: live trees of open documents and one workspace index per folder. */
export interface SyntaxServices {
  registry: GrammarRegistry;
  parse: ParseService;
  /** The index of the folder `uri` is in (the first folder's without one); undefined without a local folder. */
  indexFor(uri?: vscode.Uri): WorkspaceIndex | undefined;
  /** Every local folder's index, in the workspace's folder order. */
  indexes(): readonly FolderIndex[];
  /** The snapshot for a document, opening it first if needed. */
  snapshot(doc: vscode.TextDocument): Promise<DocumentSnapshot>;
  /** Path relative to the document's workspace folder, forward slashes; undefined outside the workspace. */
  relativePath(uri: vscode.Uri): string | undefined;
  /** The folder name to record beside a relative path: only in a multi-root workspace (a single folder needs none). */
  folderName(uri: vscode.Uri): string | undefined;
  /** Resolves when the first full index of every current folder has finished (or failed). */
  readonly indexReady: Promise<void>;
}

const tracked = (doc: vscode.TextDocument) => doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled' || doc.uri.scheme === 'vscode-remote';

export function createSyntaxServices(container: Container): SyntaxServices {
  const ext = container.context.extensionUri;
  const registry = new GrammarRegistry(vscode.Uri.joinPath(ext, 'grammars').fsPath);
  const parse = new ParseService({ registry });
  container.own({ dispose: () => { parse.dispose(); registry.dispose(); } });

  // One tree per open document, edited incrementally from VS Code's own change events.
  const open = (doc: vscode.TextDocument) => { if (tracked(doc)) void parse.open(doc.uri.toString(), doc.languageId, doc.getText(), doc.version); };
  vscode.workspace.textDocuments.forEach(open);
  container.own(vscode.workspace.onDidOpenTextDocument(open));
  container.own(vscode.workspace.onDidCloseTextDocument((doc) => parse.close(doc.uri.toString())));
  container.own(vscode.workspace.onDidChangeTextDocument((e) => {
    if (!tracked(e.document) || e.contentChanges.length === 0) return;
    const uri = e.document.uri.toString();
    if (!parse.get(uri)) return open(e.document);
    parse.update(uri, e.contentChanges.map((c) => ({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text })), e.document.version);
  }));

  // Every folder is indexed; folders added or removed at run time start or stop their own index.
  const folders = container.own(new FolderIndexes(container));
  folders.sync(vscode.workspace.workspaceFolders ?? []);
  container.own(vscode.workspace.onDidChangeWorkspaceFolders(() => folders.sync(vscode.workspace.workspaceFolders ?? [])));

  return {
    registry, parse,
    indexFor: (uri) => folders.indexFor(uri),
    indexes: () => folders.all(),
    get indexReady() { return folders.ready(); },
    snapshot: async (doc) => {
      const uri = doc.uri.toString();
      const current = parse.get(uri);
      if (current && current.version === doc.version) return current;
      return parse.open(uri, doc.languageId, doc.getText(), doc.version);
    },
    relativePath: (uri) => folderOf(uri)?.rel,
    folderName: (uri) => (isMultiRoot() ? folderOf(uri)?.folder.name : undefined),
  };
}

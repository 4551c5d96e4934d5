import * as vscode from 'vscode';
import { GrammarRegistry, ParseService, WorkspaceIndex, type DocumentSnapshot } from '../syntax/index.ts';
import type { Container } from './container.ts';
import { currentSettings } from './settings.ts';

/** The syntax layer as the editor uses it: live trees of open documents and the workspace index. */
export interface SyntaxServices {
  registry: GrammarRegistry;
  parse: ParseService;
  /** Undefined without a folder open. */
  index: WorkspaceIndex | undefined;
  /** The snapshot for a document, opening it first if needed. */
  snapshot(doc: vscode.TextDocument): Promise<DocumentSnapshot>;
  /** Workspace-relative path with forward slashes, or undefined outside the workspace. */
  relativePath(uri: vscode.Uri): string | undefined;
  /** Resolves when the first full index has finished (or failed). */
  indexReady: Promise<void>;
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

  const folder = vscode.workspace.workspaceFolders?.[0];
  let index: WorkspaceIndex | undefined;
  let indexReady: Promise<void> = Promise.resolve();
  if (folder && folder.uri.scheme === 'file') {
    const progress = container.own(vscode.window.createStatusBarItem('switchyard.index', vscode.StatusBarAlignment.Right, 99));
    progress.name = 'Switchyard Index';
    const exclude = Object.entries(vscode.workspace.getConfiguration('files', folder).get<Record<string, boolean>>('exclude') ?? {})
      .filter(([, on]) => on).map(([glob]) => glob);
    // The workspace's own storage holds the index between sessions (a warm start parses only what changed).
    const storage = container.context.storageUri;
    index = new WorkspaceIndex({
      root: folder.uri.fsPath,
      cacheFile: storage && storage.scheme === 'file' ? vscode.Uri.joinPath(storage, 'index.cache').fsPath : undefined,
      log: (line) => container.log.warn(line),
      grammarsDir: vscode.Uri.joinPath(ext, 'grammars').fsPath,
      workerScript: vscode.Uri.joinPath(ext, 'dist', 'syntax-worker.js').fsPath,
      exclude,
      maxFileBytes: currentSettings(folder.uri).index.maxFileSizeKb * 1024,
      onProgress: ({ done, total }) => {
        progress.text = `$(sync~spin) Switchyard indexing ${done}/${total}`;
        progress.tooltip = 'Switchyard is indexing definitions and references with tree-sitter (in a worker thread).';
        progress.show();
      },
      // Every scan and update ends here, not only the first build, so the spinner never outlives the work.
      onBusy: (busy) => { if (!busy) progress.hide(); },
    });
    const idx = index;
    container.own({ dispose: () => idx.dispose() });
    // The delay is owned too: disposed early (a feature that failed is rolled back), nothing is built.
    let stopped = false;
    indexReady = new Promise<void>((resolve) => {
      const delay = setTimeout(resolve, 1500);
      container.own({ dispose: () => { stopped = true; clearTimeout(delay); resolve(); } });
    }).then(async () => {
      if (stopped) return;
      try {
        const result = await idx.build();
        const from = result.cache === 'loaded' ? `, ${result.reused} unchanged from the cache` : '';
        container.log.info(`index: ${idx.index.fileCount} files (${result.files} parsed${from}, ${result.workers} worker${result.workers === 1 ? '' : 's'}), ${idx.index.definitionCount} definitions in ${Math.round(result.wallMs)} ms`);
      } catch (err) {
        container.log.error('workspace index failed', err);
      }
    });
    // Follow the workspace: created, changed and deleted files reach the index in batches.
    const watcher = container.own(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*')));
    const pending = { created: new Set<string>(), changed: new Set<string>(), deleted: new Set<string>() };
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      const changes = { created: [...pending.created], changed: [...pending.changed], deleted: [...pending.deleted] };
      pending.created.clear(); pending.changed.clear(); pending.deleted.clear();
      void indexReady.then(() => idx.update(changes)).catch((err: unknown) => container.log.error('index update failed', err));
    };
    const queue = (set: Set<string>) => (uri: vscode.Uri) => { set.add(uri.fsPath); timer ??= setTimeout(flush, 300); };
    container.own(watcher.onDidCreate(queue(pending.created)));
    container.own(watcher.onDidChange(queue(pending.changed)));
    container.own(watcher.onDidDelete(queue(pending.deleted)));
    container.own({ dispose: () => { if (timer) clearTimeout(timer); } });
  }

  return {
    registry, parse, index, indexReady,
    snapshot: async (doc) => {
      const uri = doc.uri.toString();
      const current = parse.get(uri);
      if (current && current.version === doc.version) return current;
      return parse.open(uri, doc.languageId, doc.getText(), doc.version);
    },
    relativePath: (uri) => {
      const f = vscode.workspace.getWorkspaceFolder(uri);
      if (!f) return undefined;
      const rel = uri.path.slice(f.uri.path.length).replace(/^\/+/, '');
      return rel || undefined;
    },
  };
}

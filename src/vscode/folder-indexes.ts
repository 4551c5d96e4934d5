// One WorkspaceIndex per workspace folder, each with its own warm-start cache,
// exclude globs and file watcher; folders added or removed at run time start or
// stop theirs. One status-bar spinner shows while any folder is indexing.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { WorkspaceIndex } from '../syntax/index.ts';
import type { Container } from './container.ts';
import { currentSettings } from './settings.ts';
import { excludeGlobs, localFolders } from './workspace-folders.ts';

export interface FolderIndex {
  folder: vscode.WorkspaceFolder;
  index: WorkspaceIndex;
  /** Resolves when this folder's first full index has finished (or failed). */
  ready: Promise<void>;
}

interface Entry extends FolderIndex { dispose(): void }

export class FolderIndexes implements vscode.Disposable {
  readonly #container: Container;
  readonly #entries = new Map<string, Entry>();
  readonly #busy = new Set<string>();
  #progress: vscode.StatusBarItem | undefined;

  constructor(container: Container) {
    this.#container = container;
  }

  /** Starts an index for each new local folder and stops those of folders that left. */
  sync(workspaceFolders: readonly vscode.WorkspaceFolder[]): void {
    const keep = new Set(workspaceFolders.filter((f) => f.uri.scheme === 'file').map((f) => f.uri.toString()));
    for (const [key, entry] of this.#entries) {
      if (!keep.has(key)) { entry.dispose(); this.#entries.delete(key); this.#setBusy(key, false); }
    }
    for (const folder of localFolders()) {
      const key = folder.uri.toString();
      if (!this.#entries.has(key)) this.#entries.set(key, this.#start(folder));
    }
  }

  indexFor(uri: vscode.Uri | undefined): WorkspaceIndex | undefined {
    const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    return (folder ? this.#entries.get(folder.uri.toString()) : this.all()[0])?.index;
  }

  all(): FolderIndex[] {
    return localFolders().flatMap((f) => this.#entries.get(f.uri.toString()) ?? []);
  }

  async ready(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((e) => e.ready));
  }

  dispose(): void {
    for (const entry of this.#entries.values()) entry.dispose();
    this.#entries.clear();
    this.#progress?.dispose();
  }

  #setBusy(key: string, busy: boolean): void {
    if (busy) this.#busy.add(key);
    else this.#busy.delete(key);
    if (this.#busy.size === 0) this.#progress?.hide();
  }

  #spinner(): vscode.StatusBarItem {
    if (this.#progress) return this.#progress;
    const item = vscode.window.createStatusBarItem('switchyard.index', vscode.StatusBarAlignment.Right, 99);
    item.name = 'Switchyard Index';
    item.tooltip = 'Switchyard is indexing definitions and references with tree-sitter (in a worker thread).';
    this.#progress = item;
    return item;
  }

  #start(folder: vscode.WorkspaceFolder): Entry {
    const { log, context } = this.#container;
    const ext = context.extensionUri;
    const key = folder.uri.toString();
    // The workspace's own storage holds each folder's index between sessions (a warm start parses only what changed).
    const storage = context.storageUri;
    const cacheName = `index-${createHash('sha256').update(folder.uri.fsPath).digest('hex').slice(0, 16)}.cache`;
    const label = localFolders().length > 1 ? ` ${folder.name}` : '';
    const index = new WorkspaceIndex({
      root: folder.uri.fsPath,
      cacheFile: storage && storage.scheme === 'file' ? vscode.Uri.joinPath(storage, cacheName).fsPath : undefined,
      log: (line) => log.warn(`${folder.name}: ${line}`),
      grammarsDir: vscode.Uri.joinPath(ext, 'grammars').fsPath,
      workerScript: vscode.Uri.joinPath(ext, 'dist', 'syntax-worker.js').fsPath,
      exclude: excludeGlobs(folder),
      maxFileBytes: currentSettings(folder.uri).index.maxFileSizeKb * 1024,
      onProgress: ({ done, total }) => {
        this.#setBusy(key, true);
        const item = this.#spinner();
        item.text = `$(sync~spin) Switchyard indexing${label} ${done}/${total}`;
        item.show();
      },
      // Every scan and update ends here, not only the first build, so the spinner never outlives the work.
      onBusy: (busy) => this.#setBusy(key, busy),
    });
    // The delay is disposed with the folder: removed early (or a feature rolled back), nothing is built.
    let stopped = false;
    let cancelDelay = () => undefined as void;
    const ready = new Promise<void>((resolve) => {
      const delay = setTimeout(resolve, 1500);
      cancelDelay = () => { clearTimeout(delay); resolve(); };
    }).then(async () => {
      if (stopped) return;
      try {
        const result = await index.build();
        const from = result.cache === 'loaded' ? `, ${result.reused} unchanged from the cache` : '';
        log.info(`index${label}: ${index.index.fileCount} files (${result.files} parsed${from}, ${result.workers} worker${result.workers === 1 ? '' : 's'}), ${index.index.definitionCount} definitions in ${Math.round(result.wallMs)} ms`);
      } catch (err) {
        if (!stopped) log.error(`workspace index of ${folder.name} failed`, err);
      }
    });
    // Follow the folder: created, changed and deleted files reach its index in batches.
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
    const pending = { created: new Set<string>(), changed: new Set<string>(), deleted: new Set<string>() };
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      const changes = { created: [...pending.created], changed: [...pending.changed], deleted: [...pending.deleted] };
      pending.created.clear(); pending.changed.clear(); pending.deleted.clear();
      void ready.then(() => (stopped ? undefined : index.update(changes))).catch((err: unknown) => log.error(`index update of ${folder.name} failed`, err));
    };
    const queue = (set: Set<string>) => (uri: vscode.Uri) => { set.add(uri.fsPath); timer ??= setTimeout(flush, 300); };
    const subs = [watcher, watcher.onDidCreate(queue(pending.created)), watcher.onDidChange(queue(pending.changed)), watcher.onDidDelete(queue(pending.deleted))];
    return {
      folder, index, ready,
      dispose: () => {
        stopped = true;
        cancelDelay();
        if (timer) clearTimeout(timer);
        for (const s of subs) s.dispose();
        void index.dispose();
      },
    };
  }
}

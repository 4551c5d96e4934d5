// One syntax tree per open document, kept current by incremental reparses.
// Memory is bounded two ways: documents over maxDocumentChars stay plain text,
// and only the maxTrees most recently used documents keep a tree (others are
// reparsed from text on next use). Bulk parsing belongs in the index worker.
import type { Tree } from 'web-tree-sitter';
import type { GrammarRegistry } from './registry.ts';
import { applyChange } from './text-edits.ts';
import type { ContentChange } from './text-edits.ts';

export interface ParseServiceOptions {
  registry: GrammarRegistry;
  /** Larger documents get no tree (plain-text context). Default 1,000,000 UTF-16 units. */
  maxDocumentChars?: number;
  /** Most trees kept at once (LRU). Default 64. */
  maxTrees?: number;
}

interface DocState {
  uri: string;
  languageId: string;
  grammarId: string | undefined;
  text: string;
  version: number;
  tree: Tree | undefined;
}

/** A read-only view of a document. The tree belongs to the service: do not delete it or keep it past the next update. */
export interface DocumentSnapshot {
  readonly uri: string;
  readonly languageId: string;
  /** Undefined when the language has no grammar or the document is too big (plain text). */
  readonly grammarId: string | undefined;
  readonly text: string;
  readonly version: number;
  readonly tree: Tree | undefined;
}

export class ParseService {
  readonly registry: GrammarRegistry;
  readonly #maxChars: number;
  readonly #maxTrees: number;
  // Map iteration order doubles as LRU order for trees.
  readonly #docs = new Map<string, DocState>();

  constructor(options: ParseServiceOptions) {
    this.registry = options.registry;
    this.#maxChars = options.maxDocumentChars ?? 1_000_000;
    this.#maxTrees = options.maxTrees ?? 64;
  }

  /**
   * Registers a document synchronously (so updates that arrive before the grammar
   * loads are not lost) and resolves once it has a tree, or at once for plain text.
   */
  async open(uri: string, languageId: string, text: string, version = 0): Promise<DocumentSnapshot> {
    this.close(uri);
    const grammarId = this.registry.forLanguageId(languageId) ?? this.registry.forPath(uri);
    const doc: DocState = { uri, languageId, grammarId, text, version, tree: undefined };
    this.#docs.set(uri, doc);
    if (grammarId) {
      try {
        await this.registry.load(grammarId);
      } catch {
        doc.grammarId = undefined; // a broken grammar degrades to plain text
      }
      if (this.#docs.get(uri) === doc) this.#ensureTree(doc);
    }
    return doc;
  }

  /** Applies VS Code content changes in order and reparses incrementally. */
  update(uri: string, changes: readonly ContentChange[], version?: number): DocumentSnapshot | undefined {
    const doc = this.#docs.get(uri);
    if (!doc) return undefined;
    for (const change of changes) {
      const next = applyChange(doc.text, change);
      doc.text = next.text;
      doc.tree?.edit(next.edit);
    }
    doc.version = version ?? doc.version + 1;
    if (doc.tree) this.#reparse(doc, doc.tree);
    else this.#ensureTree(doc);
    return doc;
  }

  /** Replaces the whole text (e.g. after a reload from disk). */
  replace(uri: string, text: string, version?: number): DocumentSnapshot | undefined {
    const doc = this.#docs.get(uri);
    if (!doc) return undefined;
    doc.text = text;
    doc.version = version ?? doc.version + 1;
    this.#dropTree(doc);
    this.#ensureTree(doc);
    return doc;
  }

  /** The current snapshot; reparses a document whose tree was evicted. */
  get(uri: string): DocumentSnapshot | undefined {
    const doc = this.#docs.get(uri);
    if (doc) this.#ensureTree(doc);
    return doc;
  }

  close(uri: string): void {
    const doc = this.#docs.get(uri);
    if (!doc) return;
    this.#dropTree(doc);
    this.#docs.delete(uri);
  }

  get documentCount(): number {
    return this.#docs.size;
  }

  get treeCount(): number {
    let n = 0;
    for (const d of this.#docs.values()) if (d.tree) n++;
    return n;
  }

  dispose(): void {
    for (const d of this.#docs.values()) this.#dropTree(d);
    this.#docs.clear();
  }

  #ensureTree(doc: DocState): void {
    if (doc.tree) {
      this.#touch(doc);
      return;
    }
    if (!doc.grammarId || doc.text.length > this.#maxChars) return;
    if (!this.registry.loaded(doc.grammarId)) return; // open() is still loading it
    this.#reparse(doc, undefined);
  }

  #reparse(doc: DocState, old: Tree | undefined): void {
    const parser = doc.grammarId ? this.registry.sharedParser(doc.grammarId) : undefined;
    if (!parser || doc.text.length > this.#maxChars) {
      this.#dropTree(doc);
      return;
    }
    const tree = parser.parse(doc.text, old ?? null) ?? undefined;
    old?.delete();
    doc.tree = tree;
    this.#touch(doc);
  }

  #touch(doc: DocState): void {
    this.#docs.delete(doc.uri);
    this.#docs.set(doc.uri, doc);
    let excess = this.treeCount - this.#maxTrees;
    for (const d of this.#docs.values()) {
      if (excess <= 0) break;
      if (d.tree && d !== doc) {
        this.#dropTree(d);
        excess--;
      }
    }
  }

  #dropTree(doc: DocState): void {
    doc.tree?.delete();
    doc.tree = undefined;
  }
}

// The in-memory symbol index on the main thread: per-file tags plus a
// name -> defining files map. Filled by the worker pool or in-process.
import type { FileSymbols } from './file-indexer.ts';
import type { Definition } from '../tags.ts';

export interface DefinitionHit { rel: string; definition: Definition }

export class SymbolIndex {
  readonly #files = new Map<string, FileSymbols>();
  readonly #definers = new Map<string, Set<string>>();
  #symbols = 0;

  set(file: FileSymbols): void {
    this.delete(file.rel);
    this.#files.set(file.rel, file);
    for (const d of file.definitions) {
      let set = this.#definers.get(d.name);
      if (!set) this.#definers.set(d.name, (set = new Set()));
      set.add(file.rel);
    }
    this.#symbols += file.definitions.length;
  }

  delete(rel: string): boolean {
    const old = this.#files.get(rel);
    if (!old) return false;
    this.#files.delete(rel);
    for (const d of old.definitions) {
      const set = this.#definers.get(d.name);
      set?.delete(rel);
      if (set?.size === 0) this.#definers.delete(d.name);
    }
    this.#symbols -= old.definitions.length;
    return true;
  }

  /** Removes every file at or below a relative directory path. */
  deleteUnder(relDir: string): number {
    const prefix = relDir.endsWith('/') ? relDir : `${relDir}/`;
    let n = 0;
    for (const rel of [...this.#files.keys()]) {
      if (rel === relDir || rel.startsWith(prefix)) n += this.delete(rel) ? 1 : 0;
    }
    return n;
  }

  clear(): void {
    this.#files.clear();
    this.#definers.clear();
    this.#symbols = 0;
  }

  get(rel: string): FileSymbols | undefined {
    return this.#files.get(rel);
  }

  has(rel: string): boolean {
    return this.#files.has(rel);
  }

  files(): IterableIterator<FileSymbols> {
    return this.#files.values();
  }

  paths(): string[] {
    return [...this.#files.keys()];
  }

  get fileCount(): number {
    return this.#files.size;
  }

  /** Number of definitions across all files. */
  get definitionCount(): number {
    return this.#symbols;
  }

  /** Files that define `name`. */
  definersOf(name: string): ReadonlySet<string> {
    return this.#definers.get(name) ?? new Set();
  }

  definitionsOf(name: string): DefinitionHit[] {
    const out: DefinitionHit[] = [];
    for (const rel of this.definersOf(name)) {
      for (const d of this.#files.get(rel)!.definitions) if (d.name === name) out.push({ rel, definition: d });
    }
    return out;
  }
}

// The in-memory symbol index on the main thread: per-file tags plus a
// name -> defining files map. Filled by the worker (compact batches) or
// in-process (plain FileSymbols). Tags are stored as ids in typed arrays, not
// as one object per tag: a 10,000-file workspace has ~850k references.
import type { FileSymbols } from './file-indexer.ts';
import type { Definition } from '../tags.ts';
import { IndexedFile } from './indexed-file.ts';
import type { Tables } from './indexed-file.ts';
import { BatchEncoder, DEF_WORDS, InternTable, MAX_KINDS, REF_WORDS, kindOf, lineOf, pack } from './tag-batch.ts';
import type { BatchIds, TagBatch } from './tag-batch.ts';

export interface DefinitionHit { rel: string; definition: Definition }

const NO_DEFINERS: ReadonlySet<string> = new Set();

/** Appends a batch's new entries to a sender's id map (from 0: the sender restarted its table). */
function extend(map: number[], before: number, added: readonly string[], table: InternTable): number[] {
  if (before === 0) map.length = 0;
  if (map.length !== before) throw new Error(`symbol index: batch out of order (expected entry ${map.length}, got ${before})`);
  for (const s of added) map.push(table.intern(s));
  return map;
}

export class SymbolIndex {
  readonly #files = new Map<string, IndexedFile>();
  /** Name id -> relative paths of the files defining it (arrays: most names have one definer). */
  readonly #definers = new Map<number, string[]>();
  // Names are never removed: the table is bounded by the distinct identifiers seen.
  readonly #tables: Tables = { names: new InternTable(), kinds: new InternTable(MAX_KINDS) };
  #symbols = 0;

  set(file: FileSymbols): void {
    this.setBatch(new BatchEncoder().encode([file]), { names: [], kinds: [] });
  }

  /**
   * Adds (or replaces) every file of a batch. `ids` belongs to the batch's
   * sender (one per BatchEncoder, e.g. per worker) and is extended here.
   * The batch's buffers are kept, not copied.
   */
  setBatch(batch: TagBatch, ids: BatchIds): void {
    const nameIds = extend(ids.names, batch.namesBefore, batch.names, this.#tables.names);
    const kindIds = extend(ids.kinds, batch.kindsBefore, batch.kinds, this.#tables.kinds);
    const tags = batch.tags;
    let w = 0;
    let b = 0;
    for (const f of batch.files) {
      const words = f.refCount * REF_WORDS + f.defCount * DEF_WORDS;
      const own = tags.subarray(w, w + words);
      w += words;
      // Batch-local ids -> this index's ids, in place.
      for (let i = 0; i < f.refCount * REF_WORDS; i += REF_WORDS) {
        own[i] = nameIds[own[i]!]!;
        own[i + 1] = pack(lineOf(own[i + 1]!), kindIds[kindOf(own[i + 1]!)]!);
      }
      for (let i = f.refCount * REF_WORDS; i < words; i += DEF_WORDS) {
        own[i] = nameIds[own[i]!]!;
        own[i + 1] = pack(lineOf(own[i + 1]!), kindIds[kindOf(own[i + 1]!)]!);
      }
      this.#add(new IndexedFile(f, own, batch.signatures.subarray(b, b + f.signatureBytes), this.#tables));
      b += f.signatureBytes;
    }
  }

  #add(file: IndexedFile): void {
    this.delete(file.rel);
    this.#files.set(file.rel, file);
    for (let k = 0; k < file.defCount; k++) {
      const id = file.definitionNameId(k);
      const list = this.#definers.get(id);
      if (!list) this.#definers.set(id, [file.rel]);
      else if (list.at(-1) !== file.rel && !list.includes(file.rel)) list.push(file.rel);
    }
    this.#symbols += file.defCount;
  }

  delete(rel: string): boolean {
    const old = this.#files.get(rel);
    if (!old) return false;
    this.#files.delete(rel);
    for (let k = 0; k < old.defCount; k++) {
      const id = old.definitionNameId(k);
      const list = this.#definers.get(id);
      if (!list) continue;
      const at = list.indexOf(rel);
      if (at !== -1) list.splice(at, 1);
      if (list.length === 0) this.#definers.delete(id);
    }
    this.#symbols -= old.defCount;
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

  /** Every file; `definitions`/`references` are built on access, so read each once. */
  files(): IterableIterator<FileSymbols> {
    return this.#files.values();
  }

  /** The stored files themselves (for the cache writer: raw tags, ids into `tables`). */
  indexedFiles(): IndexedFile[] {
    return [...this.#files.values()];
  }

  /** The name and kind tables the stored tags point into (they only grow). */
  get tables(): Readonly<Tables> {
    return this.#tables;
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
    const id = this.#tables.names.id(name);
    const list = id === undefined ? undefined : this.#definers.get(id);
    return list ? new Set(list) : NO_DEFINERS;
  }

  definitionsOf(name: string): DefinitionHit[] {
    const id = this.#tables.names.id(name);
    const list = id === undefined ? undefined : this.#definers.get(id);
    if (!list) return [];
    const out: DefinitionHit[] = [];
    for (const rel of list) {
      const file = this.#files.get(rel)!;
      for (let k = 0; k < file.defCount; k++) if (file.definitionNameId(k) === id) out.push({ rel, definition: file.definitionAt(k) });
    }
    return out;
  }
}

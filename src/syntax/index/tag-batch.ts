// Compact wire form of indexed files, sent from the index worker to the main
// thread. One JS object per reference (the plain FileSymbols form) cost ~150
// bytes each on both heaps; here a batch is a few strings plus one Uint32Array
// that is transferred, not cloned.
import type { FileSymbols } from './file-indexer.ts';

/** Per-file header; the tags themselves live in TagBatch.tags. */
export interface BatchFile {
  rel: string;
  grammarId: string;
  bytes: number;
  parseErrors: number;
  /** Modification time the file had when read (0: unknown, never matches a file on disk). */
  mtimeMs: number;
  refCount: number;
  defCount: number;
  /** Byte length of this file's part of TagBatch.signatures. */
  signatureBytes: number;
}

export interface TagBatch {
  /**
   * Names first seen in this batch. The sender's ids are dense and persist
   * across its batches: names[0] has id `namesBefore`, the count sent before
   * (0 again after the sender restarted its table).
   */
  names: string[];
  namesBefore: number;
  /** Kinds first seen in this batch, same scheme. */
  kinds: string[];
  kindsBefore: number;
  files: BatchFile[];
  /**
   * For each file in order: refCount pairs [name, packed], then defCount
   * triples [name, packed, signatureEnd]; packed = line * 256 + kind, and
   * signatureEnd is a byte offset into the file's part of `signatures`.
   */
  tags: Uint32Array;
  /** Every definition's signature as UTF-8, file after file (kept off the JS heap). */
  signatures: Uint8Array;
}

const utf8 = new TextEncoder();

export const REF_WORDS = 2;
export const DEF_WORDS = 3;
/** Kinds and lines share one word: 8 bits of kind, 24 of line. */
export const MAX_KINDS = 256;
const MAX_LINE = 0xffffff;

export const pack = (line: number, kind: number): number => Math.min(line, MAX_LINE) * 256 + kind;
export const lineOf = (packed: number): number => packed >>> 8;
export const kindOf = (packed: number): number => packed & 0xff;

/** String <-> small integer, ids dense from 0. */
export class InternTable {
  readonly #ids = new Map<string, number>();
  readonly #strings: string[] = [];
  readonly #limit: number;

  constructor(limit = 0xffffffff) {
    this.#limit = limit;
  }

  /**
   * The id of s, adding it if new. New strings are copied first: a name cut
   * from a file's text is a slice that would otherwise keep the whole text alive.
   */
  intern(s: string): number {
    let id = this.#ids.get(s);
    if (id === undefined) {
      // Past the limit, everything shares the last id (only kinds have a small limit).
      if (this.#strings.length >= this.#limit) return this.#limit - 1;
      const own = (` ${s}`).slice(1);
      id = this.#strings.length;
      this.#strings.push(own);
      this.#ids.set(own, id);
    }
    return id;
  }

  id(s: string): number | undefined {
    return this.#ids.get(s);
  }

  at(id: number): string {
    return this.#strings[id]!;
  }

  get size(): number {
    return this.#strings.length;
  }

  /** Entries from id `from` on. */
  since(from: number): string[] {
    return this.#strings.slice(from);
  }
}

/**
 * Encodes plain FileSymbols into batches (in the worker). The encoder keeps its
 * tables across batches, so a name crosses to the main thread once, not once
 * per batch: the main thread then allocates almost nothing per batch.
 */
export class BatchEncoder {
  #names = new InternTable();
  readonly #kinds = new InternTable(MAX_KINDS);
  readonly #maxNames: number;

  /** Past `maxNames` names the table starts afresh (a batch with namesBefore 0), so a worker's heap stays bounded. */
  constructor(maxNames = 250_000) {
    this.#maxNames = maxNames;
  }

  /** `mtimes[i]` belongs to `files[i]`; absent means unknown. */
  encode(files: readonly FileSymbols[], mtimes?: readonly number[]): TagBatch {
    if (this.#names.size > this.#maxNames) this.#names = new InternTable();
    const names = this.#names;
    const kinds = this.#kinds;
    const namesBefore = names.size;
    const kindsBefore = kinds.size;
    let words = 0;
    let chars = 0;
    for (const f of files) {
      words += f.references.length * REF_WORDS + f.definitions.length * DEF_WORDS;
      for (const d of f.definitions) chars += d.signature.length;
    }
    const tags = new Uint32Array(words);
    // UTF-8 needs at most 3 bytes per UTF-16 unit; trimmed to size below.
    const sigBytes = new Uint8Array(chars * 3);
    const out: BatchFile[] = [];
    let w = 0;
    let b = 0;
    for (const [i, f] of files.entries()) {
      for (const r of f.references) {
        tags[w++] = names.intern(r.name);
        tags[w++] = pack(r.line, kinds.intern(r.kind));
      }
      const fileStart = b;
      for (const d of f.definitions) {
        tags[w++] = names.intern(d.name);
        tags[w++] = pack(d.line, kinds.intern(d.kind));
        b += utf8.encodeInto(d.signature, sigBytes.subarray(b)).written;
        tags[w++] = b - fileStart;
      }
      out.push({ rel: f.rel, grammarId: f.grammarId, bytes: f.bytes, parseErrors: f.parseErrors, mtimeMs: mtimes?.[i] ?? 0, refCount: f.references.length, defCount: f.definitions.length, signatureBytes: b - fileStart });
    }
    return { names: names.since(namesBefore), namesBefore, kinds: kinds.since(kindsBefore), kindsBefore, files: out, tags, signatures: sigBytes.slice(0, b) };
  }
}

/** The receiving side's map from one sender's ids to the index's own ids. */
export interface BatchIds { names: number[]; kinds: number[] }

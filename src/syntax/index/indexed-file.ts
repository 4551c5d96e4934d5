// One file as the main-thread index keeps it: a header, one Uint32Array of
// tags (ids into the index's name/kind tables) and its signatures as UTF-8.
// `definitions` and `references` build plain objects on demand, so callers
// keep the FileSymbols shape while the index holds no object per tag.
import type { FileSymbols } from './file-indexer.ts';
import type { Definition, Reference } from '../tags.ts';
import { DEF_WORDS, REF_WORDS, kindOf, lineOf } from './tag-batch.ts';
import type { InternTable } from './tag-batch.ts';

const utf8 = new TextDecoder();

export interface Tables { names: InternTable; kinds: InternTable }

export class IndexedFile implements FileSymbols {
  readonly rel: string;
  readonly grammarId: string;
  readonly bytes: number;
  readonly parseErrors: number;
  /** As read (0: unknown); with `bytes`, the key a warm start compares against the disk. */
  readonly mtimeMs: number;
  readonly refCount: number;
  readonly defCount: number;
  /** refCount pairs [name, packed], then defCount triples [name, packed, signatureEnd]. */
  readonly tags: Uint32Array;
  readonly #signatures: Uint8Array;
  readonly #tables: Tables;

  constructor(header: { rel: string; grammarId: string; bytes: number; parseErrors: number; mtimeMs: number; refCount: number; defCount: number }, tags: Uint32Array, signatures: Uint8Array, tables: Tables) {
    this.rel = header.rel;
    this.grammarId = header.grammarId;
    this.bytes = header.bytes;
    this.parseErrors = header.parseErrors;
    this.mtimeMs = header.mtimeMs;
    this.refCount = header.refCount;
    this.defCount = header.defCount;
    this.tags = tags;
    this.#signatures = signatures;
    this.#tables = tables;
  }

  /** Every definition's signature as UTF-8 (ends in the tags' third words). */
  get signatureBytes(): Uint8Array {
    return this.#signatures;
  }

  get references(): Reference[] {
    const { names, kinds } = this.#tables;
    const out: Reference[] = new Array<Reference>(this.refCount);
    for (let i = 0; i < this.refCount; i++) {
      const packed = this.tags[i * REF_WORDS + 1]!;
      out[i] = { name: names.at(this.tags[i * REF_WORDS]!), kind: kinds.at(kindOf(packed)), line: lineOf(packed) };
    }
    return out;
  }

  get definitions(): Definition[] {
    const out: Definition[] = new Array<Definition>(this.defCount);
    for (let k = 0; k < this.defCount; k++) out[k] = this.definitionAt(k);
    return out;
  }

  /** Name ids of the definitions, in order (for the index's definer map). */
  definitionNameId(k: number): number {
    return this.tags[this.refCount * REF_WORDS + k * DEF_WORDS]!;
  }

  referenceNameId(i: number): number {
    return this.tags[i * REF_WORDS]!;
  }

  definitionAt(k: number): Definition {
    const { names, kinds } = this.#tables;
    const at = this.refCount * REF_WORDS + k * DEF_WORDS;
    const packed = this.tags[at + 1]!;
    const start = k === 0 ? 0 : this.tags[at + 2 - DEF_WORDS]!;
    return { name: names.at(this.tags[at]!), kind: kinds.at(kindOf(packed)), line: lineOf(packed), signature: utf8.decode(this.#signatures.subarray(start, this.tags[at + 2]!)) };
  }
}

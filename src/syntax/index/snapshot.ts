// The index as a sequence of TagBatches, for the on-disk cache. Each batch
// numbers names the way a worker's BatchEncoder does (dense, first use first,
// each name sent once), so loading a snapshot is SymbolIndex.setBatch with one
// sender's ids: the same path a worker's batches take.
import { DEF_WORDS, InternTable, MAX_KINDS, REF_WORDS, kindOf, lineOf, pack } from './tag-batch.ts';
import type { BatchFile, TagBatch } from './tag-batch.ts';
import type { IndexedFile, Tables } from './indexed-file.ts';

/** Re-numbers ids of one table into the snapshot's own, first use first. */
class Renumber {
  readonly #to: Int32Array;
  readonly #from: Readonly<InternTable>;
  readonly #mine: InternTable;

  constructor(from: Readonly<InternTable>, limit?: number) {
    this.#from = from;
    this.#to = new Int32Array(from.size).fill(-1);
    this.#mine = new InternTable(limit);
  }

  get size(): number {
    return this.#mine.size;
  }

  id(theirs: number): number {
    let id = this.#to[theirs]!;
    if (id < 0) this.#to[theirs] = id = this.#mine.intern(this.#from.at(theirs));
    return id;
  }

  since(from: number): string[] {
    return this.#mine.since(from);
  }
}

/**
 * Yields the files (sorted by path, so a snapshot is deterministic) in batches
 * of `filesPerBatch`. Files are immutable once stored, so an index updated
 * between batches still yields each file whole, as it was or as it became.
 */
export function* snapshotBatches(files: readonly IndexedFile[], tables: Readonly<Tables>, filesPerBatch: number): Generator<TagBatch> {
  const sorted = [...files].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const names = new Renumber(tables.names);
  const kinds = new Renumber(tables.kinds, MAX_KINDS);
  for (let start = 0; start < sorted.length; start += filesPerBatch) {
    const part = sorted.slice(start, start + filesPerBatch);
    const namesBefore = names.size;
    const kindsBefore = kinds.size;
    let words = 0;
    let sigBytes = 0;
    for (const f of part) {
      words += f.tags.length;
      sigBytes += f.signatureBytes.length;
    }
    const tags = new Uint32Array(words);
    const signatures = new Uint8Array(sigBytes);
    const out: BatchFile[] = [];
    let w = 0;
    let b = 0;
    for (const f of part) {
      const src = f.tags;
      const refWords = f.refCount * REF_WORDS;
      for (let i = 0; i < src.length; i += i < refWords ? REF_WORDS : DEF_WORDS) {
        tags[w + i] = names.id(src[i]!);
        tags[w + i + 1] = pack(lineOf(src[i + 1]!), kinds.id(kindOf(src[i + 1]!)));
        if (i >= refWords) tags[w + i + 2] = src[i + 2]!;
      }
      w += src.length;
      signatures.set(f.signatureBytes, b);
      b += f.signatureBytes.length;
      out.push({ rel: f.rel, grammarId: f.grammarId, bytes: f.bytes, parseErrors: f.parseErrors, mtimeMs: f.mtimeMs, refCount: f.refCount, defCount: f.defCount, signatureBytes: f.signatureBytes.length });
    }
    yield { names: names.since(namesBefore), namesBefore, kinds: kinds.since(kindsBefore), kindsBefore, files: out, tags, signatures };
  }
}

// Completions kept by prefix and suffix (LRU). A lookup also finds an entry the
// user is typing through: the cursor sits after the entry's prefix plus the
// first characters of its completion, and the rest is served with no request.
import { anchorAt, suffixHeadAt, typedSince, type Anchor, type CursorAt } from './anchor.ts';

export interface CacheEntry {
  anchor: Anchor;
  completion: string;
  /** The task that produced it, and its ok request record: the ledger's events point at them. */
  taskId: string;
  requestId: string;
}

export interface CacheHit {
  entry: CacheEntry;
  /** Characters of the completion already typed. */
  typed: number;
  /** What is left to show. */
  remaining: string;
}

export class CompletionCache {
  readonly capacity: number;
  // Insertion order doubles as recency: a hit re-inserts.
  readonly #entries = new Map<string, CacheEntry>();
  // Typing through a completion leaves the suffix unchanged: bucket by it.
  readonly #bySuffix = new Map<string, Set<CacheEntry>>();

  constructor(capacity = 500) {
    this.capacity = Math.max(1, capacity);
  }

  get size(): number {
    return this.#entries.size;
  }

  set(at: CursorAt, completion: string, taskId: string, requestId: string): void {
    if (completion === '') return;
    const anchor = anchorAt(at);
    const key = keyOf(anchor.uri, anchor.prefixTail, anchor.suffixHead);
    this.#remove(key);
    const entry = { anchor, completion, taskId, requestId };
    this.#entries.set(key, entry);
    const bucketKey = anchor.uri + '\u0000' + anchor.suffixHead;
    let bucket = this.#bySuffix.get(bucketKey);
    if (!bucket) this.#bySuffix.set(bucketKey, bucket = new Set());
    bucket.add(entry);
    while (this.#entries.size > this.capacity) this.#remove(this.#entries.keys().next().value!);
  }

  lookup(at: CursorAt): CacheHit | undefined {
    const bucket = this.#bySuffix.get(at.uri + '\u0000' + suffixHeadAt(at));
    if (!bucket) return undefined;
    let best: CacheHit | undefined;
    for (const entry of bucket) {
      const typed = typedSince(entry.anchor, at, entry.completion, entry.completion.length - 1);
      if (typed < 0) continue;
      // The most specific entry wins: the one made closest to the cursor.
      if (!best || typed < best.typed) best = { entry, typed, remaining: entry.completion.slice(typed) };
    }
    if (best) {
      const a = best.entry.anchor;
      const key = keyOf(a.uri, a.prefixTail, a.suffixHead);
      this.#entries.delete(key);
      this.#entries.set(key, best.entry);
    }
    return best;
  }

  /** Drops every entry of a document (closed: an untitled URI is reused by the next new file). */
  forget(uri: string): void {
    for (const [key, entry] of this.#entries) if (entry.anchor.uri === uri) this.#remove(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#bySuffix.clear();
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    const bucketKey = entry.anchor.uri + '\u0000' + entry.anchor.suffixHead;
    const bucket = this.#bySuffix.get(bucketKey);
    bucket?.delete(entry);
    if (bucket?.size === 0) this.#bySuffix.delete(bucketKey);
  }
}

function keyOf(uri: string, prefixTail: string, suffixHead: string): string {
  return `${uri}\u0000${prefixTail}\u0000${suffixHead}`;
}

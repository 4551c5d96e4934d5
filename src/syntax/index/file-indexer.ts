// Indexes single files: stat (size limit), read, binary sniff, parse, tags.
// Used inside the index worker and in-process by the CLI.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Node, Point, Query, Tree } from 'web-tree-sitter';
import type { GrammarRegistry, LoadedGrammar } from '../registry.ts';
import { compileIndexTagsQuery, scanTags } from '../tags.ts';
import type { FileTags, ScanWindow, ScannedTags } from '../tags.ts';
import { looksBinary } from '../workspace/walk.ts';

export interface FileSymbols extends FileTags {
  /** Path relative to the workspace root, '/'-separated. */
  rel: string;
  grammarId: string;
  bytes: number;
  /** Count of ERROR/MISSING regions (the tree had errors if > 0). */
  parseErrors: number;
}

/** `crashed`: parsing it alone ended the index worker (its heap cap or a crash), so it is left out. */
export type SkipReason = 'ignored' | 'binary' | 'too-large' | 'no-grammar' | 'unreadable' | 'crashed';
export interface SkippedFile { rel: string; reason: SkipReason }

/** `mtimeMs` is from the stat taken before the read, so a later write always shows as a change. */
export type IndexOutcome = { ok: true; file: FileSymbols; mtimeMs: number } | { ok: false; skipped: SkippedFile };

/** ERROR nodes counted by the tags pass, or by a walk when there was none. */
function countErrorRegions(root: Node, errorNodes: number | undefined): number {
  if (!root.hasError) return 0;
  // MISSING-only trees have no ERROR nodes but still count as one region.
  return Math.max(1, errorNodes ?? root.descendantsOfType('ERROR').length);
}

/**
 * A file's text is scanned in windows of about this many UTF-16 units: a whole
 * file's match objects cost ~740 bytes each (a dense 1 MB file: 120 MB of JS
 * heap at once, measured), a window's stay under ~10 MB, so the workers can run
 * with a small heap limit.
 */
export const SCAN_WINDOW_CHARS = 64 * 1024;

/** Window edges at line starts after every `size` units; a line longer than that is cut inside. */
export function scanWindows(source: string, size = SCAN_WINDOW_CHARS): ScanWindow[] | undefined {
  if (source.length <= size) return undefined;
  const edges: Point[] = [{ row: 0, column: 0 }];
  let row = 0;
  let since = 0;
  for (let start = 0; ;) {
    const nl = source.indexOf('\n', start);
    const end = nl === -1 ? source.length : nl + 1;
    for (let column = size; column < end - start; column += size) edges.push({ row, column });
    since += end - start;
    if (nl === -1) break;
    row++;
    start = end;
    if (since >= size) {
      edges.push({ row, column: 0 });
      since = 0;
    }
  }
  edges.push({ row: row + 1, column: 0 });
  return edges.slice(1).map((end, i) => ({ start: edges[i]!, end }));
}

function scanWindowed(query: Query, tree: Tree, source: string): ScannedTags {
  const windows = scanWindows(source);
  if (!windows) return scanTags(query, tree, source);
  const out: ScannedTags = { definitions: [], references: [], errorNodes: 0 };
  for (const w of windows) {
    const part = scanTags(query, tree, source, w);
    for (const d of part.definitions) out.definitions.push(d);
    for (const r of part.references) out.references.push(r);
    out.errorNodes += part.errorNodes;
  }
  return out;
}

export class FileIndexer {
  readonly registry: GrammarRegistry;
  readonly root: string;
  readonly maxFileBytes: number;
  /** The index's own tags query per grammar (see compileIndexTagsQuery); null: the grammar has none. */
  readonly #queries = new Map<string, Query | null>();

  constructor(registry: GrammarRegistry, root: string, maxFileBytes: number) {
    this.registry = registry;
    this.root = root;
    this.maxFileBytes = maxFileBytes;
  }

  /** Loads every grammar these paths need, so indexFile can run synchronously. */
  async prepare(rels: Iterable<string>): Promise<void> {
    const ids = new Set<string>();
    for (const rel of rels) {
      const id = this.registry.forPath(rel);
      if (id) ids.add(id);
    }
    const grammars = await Promise.all([...ids].map((id) => this.registry.load(id)));
    // Compiled here rather than on the first file, so setup is measured as setup.
    for (const g of grammars) if (g) this.#tagsQuery(g);
  }

  #tagsQuery(grammar: LoadedGrammar): Query | null {
    let query = this.#queries.get(grammar.id);
    if (query !== undefined) return query;
    const file = this.registry.manifest.grammars[grammar.id]?.tags;
    query = file ? compileIndexTagsQuery(grammar.language, readFileSync(join(this.registry.grammarsDir, file), 'utf8')) : null;
    this.#queries.set(grammar.id, query);
    return query;
  }

  /** Frees the compiled queries (the registry's grammars stay loaded). */
  dispose(): void {
    for (const q of this.#queries.values()) q?.delete();
    this.#queries.clear();
  }

  indexFile(rel: string): IndexOutcome {
    const grammarId = this.registry.forPath(rel);
    if (!grammarId) return { ok: false, skipped: { rel, reason: 'no-grammar' } };
    const grammar = this.registry.loaded(grammarId);
    const parser = this.registry.sharedParser(grammarId);
    if (!grammar || !parser) return { ok: false, skipped: { rel, reason: 'no-grammar' } };
    const abs = join(this.root, rel);
    let bytes: Buffer;
    let mtimeMs: number;
    try {
      const st = statSync(abs);
      if (st.size > this.maxFileBytes) return { ok: false, skipped: { rel, reason: 'too-large' } };
      mtimeMs = st.mtimeMs;
      bytes = readFileSync(abs);
    } catch {
      return { ok: false, skipped: { rel, reason: 'unreadable' } };
    }
    if (bytes.length > this.maxFileBytes) return { ok: false, skipped: { rel, reason: 'too-large' } };
    if (looksBinary(bytes)) return { ok: false, skipped: { rel, reason: 'binary' } };
    const source = bytes.toString('utf8');
    const tree = parser.parse(source);
    if (!tree) return { ok: false, skipped: { rel, reason: 'unreadable' } };
    try {
      const query = this.#tagsQuery(grammar);
      const tags = query ? scanWindowed(query, tree, source) : undefined;
      const parseErrors = countErrorRegions(tree.rootNode, tags?.errorNodes);
      return { ok: true, mtimeMs, file: { rel, grammarId, bytes: bytes.length, parseErrors, definitions: tags?.definitions ?? [], references: tags?.references ?? [] } };
    } finally {
      tree.delete();
    }
  }
}

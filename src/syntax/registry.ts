// Grammar registry: reads grammars/manifest.json and loads each Language and its
// tags query on first use. The grammars directory is a parameter because this
// code is bundled to CJS, where import.meta does not point at the assets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, Query } from 'web-tree-sitter';
import { grammarForLanguageId, grammarForPath } from './languages.ts';

export interface GrammarManifest {
  engine: string;
  grammars: Record<string, { wasm: string; tags: string | null; package: string }>;
}

export interface LoadedGrammar {
  id: string;
  language: Language;
  /** Tags query (definitions/references), or undefined when the grammar ships none. */
  tags: Query | undefined;
}

// Parser.init is process-wide (one engine per thread), so it is memoised at module level.
let engineReady: Promise<void> | undefined;
let engineDir: string | undefined;

function initEngine(grammarsDir: string): Promise<void> {
  if (engineReady && engineDir !== grammarsDir) {
    // A second directory still works: the engine is shared and was already initialised.
    return engineReady;
  }
  engineDir = grammarsDir;
  engineReady ??= Parser.init({ locateFile: (name: string) => join(grammarsDir, name) });
  return engineReady;
}

export class GrammarRegistry {
  readonly grammarsDir: string;
  readonly manifest: GrammarManifest;
  readonly #loaded = new Map<string, Promise<LoadedGrammar>>();
  readonly #ready = new Map<string, LoadedGrammar>();
  readonly #parsers = new Map<string, Parser>();
  readonly #compiledTags: Query[] = [];
  #disposed = false;

  constructor(grammarsDir: string) {
    this.grammarsDir = grammarsDir;
    this.manifest = JSON.parse(readFileSync(join(grammarsDir, 'manifest.json'), 'utf8')) as GrammarManifest;
  }

  /** Grammar ids the manifest lists. */
  get grammarIds(): string[] {
    return Object.keys(this.manifest.grammars);
  }

  has(grammarId: string | undefined): grammarId is string {
    return grammarId !== undefined && grammarId in this.manifest.grammars;
  }

  /** Grammar id for a VS Code languageId when it exists in the manifest. */
  forLanguageId(languageId: string): string | undefined {
    const id = grammarForLanguageId(languageId);
    return this.has(id) ? id : undefined;
  }

  forPath(path: string): string | undefined {
    const id = grammarForPath(path);
    return this.has(id) ? id : undefined;
  }

  /** Loads (once) and returns the grammar; undefined for an unknown id, never throws for that. */
  async load(grammarId: string): Promise<LoadedGrammar | undefined> {
    if (!this.has(grammarId)) return undefined;
    let pending = this.#loaded.get(grammarId);
    if (!pending) {
      pending = this.#loadNow(grammarId);
      this.#loaded.set(grammarId, pending);
      pending.catch(() => this.#loaded.delete(grammarId));
    }
    return pending;
  }

  /** The grammar if it has already been loaded (for synchronous hot paths). */
  loaded(grammarId: string): LoadedGrammar | undefined {
    return this.#ready.get(grammarId);
  }

  async #loadNow(grammarId: string): Promise<LoadedGrammar> {
    await initEngine(this.grammarsDir);
    const entry = this.manifest.grammars[grammarId]!;
    const language = await Language.load(join(this.grammarsDir, entry.wasm));
    // The full tags query costs ~45 ms to compile (TypeScript) and only extractTags
    // reads it (the index compiles its own reduced query), so it is compiled on first use.
    const compiledTags = this.#compiledTags;
    const grammarsDir = this.grammarsDir;
    let tags: Query | undefined;
    let compiled = false;
    const loaded: LoadedGrammar = {
      id: grammarId,
      language,
      get tags() {
        if (!compiled) {
          compiled = true;
          if (entry.tags) {
            tags = new Query(language, readFileSync(join(grammarsDir, entry.tags), 'utf8'));
            // Doc comments are deliberately not indexed: signatures come from the
            // definition node itself, and `@doc` with #select-adjacent!/#strip! would
            // need JS-side filtering on every file.
            if (tags.captureNames.includes('doc')) tags.disableCapture('doc');
            compiledTags.push(tags);
          }
        }
        return tags;
      },
    };
    if (!this.#disposed) this.#ready.set(grammarId, loaded);
    return loaded;
  }

  /** A new parser for the grammar; the caller owns it and must delete() it. */
  async createParser(grammarId: string): Promise<Parser | undefined> {
    const g = await this.load(grammarId);
    if (!g) return undefined;
    const parser = new Parser();
    parser.setLanguage(g.language);
    return parser;
  }

  /**
   * A shared parser for an already-loaded grammar (synchronous; owned by the
   * registry). Callers must not keep it across awaits or delete it.
   */
  sharedParser(grammarId: string): Parser | undefined {
    let parser = this.#parsers.get(grammarId);
    if (parser) return parser;
    const g = this.#ready.get(grammarId);
    if (!g) return undefined;
    parser = new Parser();
    parser.setLanguage(g.language);
    this.#parsers.set(grammarId, parser);
    return parser;
  }

  dispose(): void {
    this.#disposed = true;
    for (const p of this.#parsers.values()) p.delete();
    this.#parsers.clear();
    for (const q of this.#compiledTags.splice(0)) q.delete();
    this.#ready.clear();
    this.#loaded.clear();
  }
}

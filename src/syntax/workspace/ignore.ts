// Decides which workspace paths are never read for a model: the built-in deny
// list of secret files (src/core/egress-rules.ts), .gitignore files (nested,
// loaded lazily per directory), .switchyardignore (same syntax, through the
// `ignore` package), and exclude globs standing for VS Code's files.exclude.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { secretFileReason } from '../../core/egress-rules.ts';
import { compileExcludes } from './glob.ts';

/** VS Code's default files.exclude. */
export const DEFAULT_EXCLUDES: readonly string[] = ['**/.git', '**/.svn', '**/.hg', '**/CVS', '**/.DS_Store', '**/Thumbs.db'];

const IGNORE_FILES = ['.gitignore', '.switchyardignore'] as const;

export type IgnoreReason = 'secret file' | 'ignored by .gitignore' | 'ignored by .switchyardignore' | 'excluded (files.exclude)';

type DirRules = { file: (typeof IGNORE_FILES)[number]; rules: Ignore }[];

export class IgnoreMatcher {
  readonly root: string;
  readonly #excluded: (rel: string, isDir: boolean) => boolean;
  // Rules per directory (relative, '' = root), loaded on first use.
  readonly #rules = new Map<string, DirRules>();

  constructor(root: string, excludeGlobs: readonly string[] = DEFAULT_EXCLUDES) {
    this.root = root;
    this.#excluded = compileExcludes(excludeGlobs);
  }

  /** Forget cached rules (call when an ignore file changes). */
  reset(): void {
    this.#rules.clear();
  }

  static isIgnoreFile(rel: string): boolean {
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    return (IGNORE_FILES as readonly string[]).includes(base);
  }

  #rulesFor(dir: string): DirRules {
    let rules = this.#rules.get(dir);
    if (rules) return rules;
    rules = [];
    for (const file of IGNORE_FILES) {
      try {
        rules.push({ file, rules: ignore().add(readFileSync(join(this.root, dir, file), 'utf8')) });
      } catch {
        // no such file
      }
    }
    this.#rules.set(dir, rules);
    return rules;
  }

  /**
   * Why `rel` itself is ignored, assuming its parent directories are not
   * (the walker never descends into ignored directories); undefined if it is not.
   */
  entryReason(rel: string, isDir: boolean): IgnoreReason | undefined {
    if (secretFileReason(isDir ? `${rel}/` : rel)) return 'secret file';
    if (this.#excluded(rel, isDir)) return 'excluded (files.exclude)';
    let verdict: IgnoreReason | undefined;
    // Rules of deeper directories come later and so take precedence, as in git.
    const parts = rel.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      const sub = parts.slice(depth).join('/') + (isDir ? '/' : '');
      for (const { file, rules } of this.#rulesFor(dir)) {
        const t = rules.test(sub);
        if (t.ignored) verdict = file === '.gitignore' ? 'ignored by .gitignore' : 'ignored by .switchyardignore';
        else if (t.unignored) verdict = undefined;
      }
    }
    return verdict;
  }

  ignoresEntry(rel: string, isDir: boolean): boolean {
    return this.entryReason(rel, isDir) !== undefined;
  }

  /** Why a file path is ignored, checking every ancestor directory too; undefined if it is not. */
  reasonFor(rel: string): IgnoreReason | undefined {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const why = this.entryReason(parts.slice(0, i).join('/'), true);
      if (why) return why;
    }
    return this.entryReason(rel, false);
  }

  ignoresPath(rel: string): boolean {
    return this.reasonFor(rel) !== undefined;
  }
}

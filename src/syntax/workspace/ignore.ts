// Decides which workspace paths are ignored: .gitignore files (nested, loaded
// lazily per directory), .switchyardignore (same syntax), and exclude globs
// standing for VS Code's files.exclude.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileGlob, parseGitignore } from './glob.ts';
import type { IgnoreRule } from './glob.ts';

/** VS Code's default files.exclude. */
export const DEFAULT_EXCLUDES: readonly string[] = ['**/.git', '**/.svn', '**/.hg', '**/CVS', '**/.DS_Store', '**/Thumbs.db'];

const IGNORE_FILES = ['.gitignore', '.switchyardignore'];

export class IgnoreMatcher {
  readonly root: string;
  readonly #excludes: RegExp[];
  // Rules per directory (relative, '' = root), loaded on first use.
  readonly #rules = new Map<string, IgnoreRule[]>();

  constructor(root: string, excludeGlobs: readonly string[] = DEFAULT_EXCLUDES) {
    this.root = root;
    this.#excludes = excludeGlobs.map(compileGlob);
  }

  /** Forget cached rules (call when an ignore file changes). */
  reset(): void {
    this.#rules.clear();
  }

  static isIgnoreFile(rel: string): boolean {
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    return IGNORE_FILES.includes(base);
  }

  #rulesFor(dir: string): IgnoreRule[] {
    let rules = this.#rules.get(dir);
    if (rules) return rules;
    rules = [];
    for (const name of IGNORE_FILES) {
      try {
        rules.push(...parseGitignore(readFileSync(join(this.root, dir, name), 'utf8')));
      } catch {
        // no such file
      }
    }
    this.#rules.set(dir, rules);
    return rules;
  }

  /**
   * Whether `rel` itself is ignored, assuming its parent directories are not
   * (the walker never descends into ignored directories).
   */
  ignoresEntry(rel: string, isDir: boolean): boolean {
    if (this.#excludes.some((re) => re.test(rel))) return true;
    let ignored = false;
    // Rules of deeper directories come later and so take precedence, as in git.
    const parts = rel.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      const sub = parts.slice(depth).join('/');
      for (const rule of this.#rulesFor(dir)) {
        if (rule.dirOnly && !isDir) continue;
        if (rule.regex.test(sub)) ignored = !rule.negated;
      }
    }
    return ignored;
  }

  /** Whether a file path is ignored, checking every ancestor directory too. */
  ignoresPath(rel: string): boolean {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (this.ignoresEntry(parts.slice(0, i).join('/'), true)) return true;
    }
    return this.ignoresEntry(rel, false);
  }
}

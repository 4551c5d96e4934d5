// Lists indexable files under a root, honouring ignores and the size limit.
// Sizes come from stat, so oversized files are never read.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IgnoreMatcher } from './ignore.ts';

export interface WalkOptions {
  root: string;
  matcher: IgnoreMatcher;
  maxFileBytes: number;
  /** Stop listing after this many files (a guard for giant trees). */
  maxFiles?: number;
  /** Only files for which this returns true are listed (e.g. has a grammar). */
  accept?: (rel: string) => boolean;
}

export interface WalkEntry { rel: string; size: number; mtimeMs: number }
export interface WalkResult {
  files: WalkEntry[];
  /** Files skipped by stat alone (too large); binary files are found when read. */
  tooLarge: WalkEntry[];
  truncated: boolean;
}

export function walkWorkspace(options: WalkOptions): WalkResult {
  const { root, matcher, maxFileBytes } = options;
  const maxFiles = options.maxFiles ?? 100_000;
  const files: WalkEntry[] = [];
  const tooLarge: WalkEntry[] = [];
  const stack = [''];
  let truncated = false;
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!matcher.ignoresEntry(rel, true)) stack.push(rel);
      } else if (e.isFile()) {
        if (matcher.ignoresEntry(rel, false)) continue;
        if (options.accept && !options.accept(rel)) continue;
        let size: number;
        let mtimeMs: number;
        try {
          ({ size, mtimeMs } = statSync(join(root, rel)));
        } catch {
          continue;
        }
        if (size > maxFileBytes) tooLarge.push({ rel, size, mtimeMs });
        else if (files.length >= maxFiles) truncated = true;
        else files.push({ rel, size, mtimeMs });
      }
      // Symlinks are not followed: they can loop or leave the workspace.
    }
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, tooLarge, truncated };
}

/** Bytes looked at for a NUL. */
export const BINARY_SNIFF_BYTES = 8192;

/** A NUL byte in the first 8 KB marks a file as binary (git's heuristic). */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

/** The same for text already decoded (an editor buffer): a NUL survives decoding. */
export function textLooksBinary(text: string): boolean {
  return text.slice(0, BINARY_SNIFF_BYTES).includes('\0');
}

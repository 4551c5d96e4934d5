// Workspaces of real source files for the index tests, and an index's whole
// content in plain, comparable form.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SymbolIndex } from '../../../src/syntax/index.ts';
import { NM, copyInto } from './helpers.ts';

/** Copies every .ts file under node_modules/<from> into <root>/<prefix>; returns their workspace paths, sorted. */
export function copyTree(from: string, root: string, prefix: string): string[] {
  const base = join(NM, from);
  const rels: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        const rel = `${prefix}/${relative(base, p).split('\\').join('/')}`;
        copyInto(root, relative(NM, p), rel);
        rels.push(rel);
      }
    }
  };
  walk(base);
  return rels.sort();
}

/** Every file of the index with its definitions and references, sorted by path. */
export function indexSnapshot(index: SymbolIndex) {
  return index.paths().sort().map((rel) => {
    const f = index.get(rel)!;
    return { rel, grammarId: f.grammarId, bytes: f.bytes, parseErrors: f.parseErrors, definitions: f.definitions, references: f.references };
  });
}

// Renames meeting shorthand properties (JS/TS/TSX). `{ oldName }` is both a key
// and a reference to the variable oldName. A rule that matches the shorthand
// node itself renames only the value: `{ oldName: newName }` (engine.ts). A
// rename by identifier that leaves a shorthand of the same name untouched would
// point it at a name that no longer exists: that is refused, saying how to fix it.
import { Query } from 'web-tree-sitter';
import type { Language, Node, Tree } from 'web-tree-sitter';

const SHORTHAND = new Set(['shorthand_property_identifier', 'shorthand_property_identifier_pattern']);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export const isShorthand = (node: Node) => SHORTHAND.has(node.type);

/** Per grammar: a query for shorthand nodes, or null where the grammar has none. */
const queries = new WeakMap<Language, Query | null>();

function shorthandQuery(language: Language): Query | null {
  if (!queries.has(language)) {
    let q: Query | null = null;
    for (const src of ['[(shorthand_property_identifier) (shorthand_property_identifier_pattern)] @s', '(shorthand_property_identifier) @s']) {
      try { q = new Query(language, src); break; } catch { /* node type not in this grammar */ }
    }
    queries.set(language, q);
  }
  return queries.get(language)!;
}

interface RenderedEdit { start: number; end: number; node: Node; newText?: string; rule: { action: string } }

export function shorthandRefusals(tree: Tree, edits: readonly RenderedEdit[], source: string, lineStarts: readonly number[]): string[] {
  const renamed = new Map<string, string>();
  for (const e of edits) {
    if (e.rule.action !== 'replace' || e.newText === undefined || e.node.type !== 'identifier') continue;
    const old = source.slice(e.start, e.end);
    if (old !== e.newText && IDENTIFIER.test(old) && IDENTIFIER.test(e.newText)) renamed.set(old, e.newText);
  }
  if (renamed.size === 0) return [];
  const q = shorthandQuery(tree.language);
  if (!q) return [];
  const edited = new Set(edits.filter((e) => e.newText !== undefined).map((e) => `${e.start}:${e.end}`));
  const out: string[] = [];
  for (const c of q.captures(tree.rootNode)) {
    const name = c.node.text;
    const to = renamed.get(name);
    if (!to || edited.has(`${c.node.startIndex}:${c.node.endIndex}`)) continue;
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= c.node.startIndex) line++;
    out.push(`renaming ${name} to ${to} would leave the shorthand property { ${name} } at ${line + 1}:${c.node.startIndex - lineStarts[line]! + 1} `
      + `pointing at the old name; also match (shorthand_property_identifier) and (shorthand_property_identifier_pattern) in the rule `
      + `so it becomes { ${name}: ${to} } (the key stays ${name})`);
  }
  return out;
}

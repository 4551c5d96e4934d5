// Tree navigation shared by the context builders: ancestors, scope headers,
// imports, boundary snapping and identifier collection. All offsets are UTF-16.
import type { Node, Tree } from 'web-tree-sitter';
import { signatureOf } from '../tags.ts';

const SCOPE_TYPES = /(function|method|class|interface|impl|module|namespace|struct|enum|trait|object|constructor|closure|lambda|arrow_function|singleton|declaration_list|template_declaration)/;
const IMPORT_TYPES = /^(import_statement|import_declaration|import_from_statement|future_import_statement|preproc_include|using_directive|use_declaration|extern_crate_declaration|package_clause|package_declaration|namespace_use_declaration|namespace_definition)$/;
const IDENTIFIER_TYPES = /(identifier|^constant$|^name$|^type_name$)/;

/** Ancestors of the node at `offset`, innermost first (including the node). */
export function ancestorsAt(tree: Tree, offset: number): Node[] {
  const out: Node[] = [];
  let node: Node | null = tree.rootNode.descendantForIndex(offset, offset);
  while (node) {
    out.push(node);
    node = node.parent;
  }
  return out;
}

export interface ScopeHeader { line: number; startIndex: number; header: string; type: string }

/** Headers of the scopes enclosing `offset` (outermost first), e.g. class then method. */
export function enclosingScopes(ancestors: readonly Node[], source: string): ScopeHeader[] {
  const out: ScopeHeader[] = [];
  for (const node of ancestors) {
    if (!node.parent) continue; // the root is not a scope worth a header
    if (!SCOPE_TYPES.test(node.type) || !node.childForFieldName('body')) continue;
    out.push({ line: node.startPosition.row, startIndex: node.startIndex, header: signatureOf(node, source), type: node.type });
  }
  return out.reverse();
}

/** Import-like top-level statements (and those one level down, e.g. inside a namespace/module). */
export function importStatements(tree: Tree): Node[] {
  const out: Node[] = [];
  // A cursor over the root's children: a large file has thousands, and the cursor
  // reads each one's type and extent without building a Node for it.
  const cursor = tree.walk();
  try {
    if (!cursor.gotoFirstChild()) return out;
    do {
      const type = cursor.nodeType;
      if (IMPORT_TYPES.test(type)) out.push(cursor.currentNode);
      else if (type === 'expression_statement' || type === 'lexical_declaration' || type === 'variable_declaration') {
        // CommonJS: const x = require('y')
        if (cursor.endIndex - cursor.startIndex < 300 && /\brequire\s*\(/.test(cursor.nodeText)) out.push(cursor.currentNode);
      }
    } while (cursor.gotoNextSibling());
  } finally {
    cursor.delete();
  }
  return out;
}

function lineStartOf(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Moves a raw window start forward to the earliest syntax boundary at or after
 * it (a child start of some ancestor of the cursor), then to a line start.
 */
export function snapStart(ancestors: readonly Node[], source: string, rawStart: number, cursor: number): number {
  if (rawStart <= 0) return 0;
  let best = Number.POSITIVE_INFINITY;
  for (const a of ancestors) {
    let c = a.firstChildForIndex(rawStart);
    if (c && c.startIndex < rawStart) c = c.nextSibling;
    if (c && c.startIndex >= rawStart && c.startIndex <= cursor && c.startIndex < best) best = c.startIndex;
  }
  if (!Number.isFinite(best)) best = rawStart;
  const ls = lineStartOf(source, best);
  if (/^[ \t]*$/.test(source.slice(ls, best))) return ls;
  const nl = source.indexOf('\n', best);
  const next = nl === -1 ? best : nl + 1;
  return next <= lineStartOf(source, cursor) ? next : best;
}

/** Moves a raw window end back to the latest syntax boundary at or before it, then to a line end. */
export function snapEnd(ancestors: readonly Node[], source: string, rawEnd: number, cursor: number): number {
  if (rawEnd >= source.length) return source.length;
  let best = -1;
  for (const a of ancestors) {
    const c = a.firstChildForIndex(rawEnd);
    // firstChildForIndex gives the first child ending after rawEnd; the one before it ends within.
    const prev = c ? c.previousSibling : a.lastChild;
    if (prev && prev.endIndex <= rawEnd && prev.endIndex >= cursor && prev.endIndex > best) best = prev.endIndex;
  }
  if (best < 0) best = rawEnd;
  const nl = source.indexOf('\n', best);
  const lineEnd = nl === -1 ? source.length : nl;
  if (/^[ \t]*$/.test(source.slice(best, lineEnd))) return Math.min(lineEnd + 1, source.length);
  const prevNl = source.lastIndexOf('\n', best - 1);
  return prevNl + 1 > cursor ? prevNl + 1 : best;
}

export interface NearbyIdentifier { name: string; distance: number; member: boolean }

/** Identifier-like leaves inside [start, end), nearest to `near` first, unique by name. */
export function identifiersIn(tree: Tree, start: number, end: number, near: number, limit = 200): NearbyIdentifier[] {
  const found = new Map<string, NearbyIdentifier>();
  const cursor = tree.walk();
  try {
    const visit = (): void => {
      do {
        const s = cursor.startIndex;
        const e = cursor.endIndex;
        if (s >= end) return;
        if (e <= start) continue;
        if (cursor.gotoFirstChild()) {
          visit();
          cursor.gotoParent();
        } else if (cursor.nodeIsNamed && IDENTIFIER_TYPES.test(cursor.nodeType)) {
          const name = cursor.nodeText;
          const distance = Math.abs(s - near);
          // Property/field names (obj.filter) are matched only against methods and fields.
          const member = /property|field/.test(cursor.nodeType);
          const prev = found.get(name);
          if (prev === undefined) found.set(name, { name, distance, member });
          else if (distance < prev.distance) found.set(name, { name, distance, member: member && prev.member });
          else if (!member) prev.member = false;
        }
      } while (cursor.gotoNextSibling());
    };
    visit();
  } finally {
    cursor.delete();
  }
  return [...found.values()].sort((a, b) => a.distance - b.distance).slice(0, limit);
}

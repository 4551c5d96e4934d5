// Definitions and references from a grammar's tags query (the same captures
// GitHub's code navigation uses: @name with @definition.* / @reference.*).
import { Query } from 'web-tree-sitter';
import type { Language, Node, Point, Tree } from 'web-tree-sitter';

export interface Definition {
  name: string;
  /** The part after "definition.", e.g. function, class, method, interface. */
  kind: string;
  /** 0-based line of the name. */
  line: number;
  /** Declaration head without the body, whitespace collapsed, at most ~200 chars. */
  signature: string;
}

export interface Reference {
  name: string;
  /** The part after "reference.", e.g. call, class, type. */
  kind: string;
  line: number;
}

export interface FileTags {
  definitions: Definition[];
  references: Reference[];
}

const MAX_SIGNATURE = 200;

/** The declaration's head: from its start to its body (or its first line). */
export function signatureOf(node: Node, source: string): string {
  const start = node.startIndex;
  const body = node.childForFieldName('body');
  let end = body && body.startIndex > start ? body.startIndex : node.endIndex;
  const firstNl = source.indexOf('\n', start);
  if (!body && firstNl !== -1 && firstNl < end) end = firstNl;
  end = Math.min(end, start + MAX_SIGNATURE * 2);
  let head = source.slice(start, end).replace(/\s+/g, ' ').trim();
  if (head.length > MAX_SIGNATURE) head = `${head.slice(0, MAX_SIGNATURE - 1)}…`;
  return head;
}

// A predicate call `(#name! ...)`, allowing ")" inside its quoted strings.
const predicate = (names: string) => new RegExp(`\\(#(?:${names})!(?:[^()"]|"(?:[^"\\\\]|\\\\.)*")*\\)`, 'g');
const DOC_DIRECTIVES = predicate('strip|select-adjacent|set-adjacent');
// `(comment)* @doc .` in front of a definition: only there to collect doc comments.
const DOC_PREFIX = /\(comment\)\*\s*@doc\s*\.\s*/g;

/**
 * The tags query as the index runs it: without the doc-comment prefixes and
 * their directives (web-tree-sitter applies neither, and the index keeps no
 * docs), so the query cursor carries no comment-repetition states.
 */
export function indexTagsSource(source: string): string {
  return source.replace(DOC_PREFIX, '').replace(DOC_DIRECTIVES, '');
}

/** Capture the index adds to count ERROR nodes in the same pass as the tags. */
const ERROR_CAPTURE = 'switchyard.error';

/**
 * Compiles the index's tags query: the reduced source plus a pattern for ERROR
 * nodes, so a tree with errors is not walked a second time to count them.
 * The caller owns the query and must delete() it.
 */
export function compileIndexTagsQuery(language: Language, source: string): Query {
  const query = new Query(language, `${indexTagsSource(source)}\n(ERROR) @${ERROR_CAPTURE}\n`);
  if (query.captureNames.includes('doc')) query.disableCapture('doc');
  return query;
}

/** What a capture name means to the extractor, decided once per query. */
type Role = { tag: 'name' } | { tag: 'error' } | { tag: 'def' | 'ref'; kind: string } | { tag: 'other' };
const rolesByQuery = new WeakMap<Query, Map<string, Role>>();

function rolesOf(query: Query): Map<string, Role> {
  let roles = rolesByQuery.get(query);
  if (roles) return roles;
  roles = new Map();
  for (const name of query.captureNames) {
    if (name === 'name') roles.set(name, { tag: 'name' });
    else if (name === ERROR_CAPTURE) roles.set(name, { tag: 'error' });
    else if (name.startsWith('definition.')) roles.set(name, { tag: 'def', kind: name.slice(11) });
    else if (name.startsWith('reference.')) roles.set(name, { tag: 'ref', kind: name.slice(10) });
    else roles.set(name, { tag: 'other' });
  }
  rolesByQuery.set(query, roles);
  return roles;
}

export interface ScannedTags extends FileTags {
  /** ERROR nodes seen (only counted by a query from compileIndexTagsQuery). */
  errorNodes: number;
}

/** Part of a tree: the tags (and ERROR nodes) that start in [start, end); columns in UTF-16 units. */
export interface ScanWindow { start: Point; end: Point }

const before = (a: Point, b: Point) => a.row < b.row || (a.row === b.row && a.column < b.column);
const inside = (p: Point, w: ScanWindow) => !before(p, w.start) && before(p, w.end);

/**
 * Runs a tags query over a tree (or one window of it) in one pass. The query is
 * borrowed (not deleted here). A window bounds the match objects alive at once.
 */
export function scanTags(tags: Query, tree: Tree, source: string, window?: ScanWindow): ScannedTags {
  const roles = rolesOf(tags);
  const definitions: Definition[] = [];
  const references: Reference[] = [];
  let errorNodes = 0;
  // A match that crosses a window's edge is returned in both windows: it counts where its name starts.
  for (const match of tags.matches(tree.rootNode, window && { startPosition: window.start, endPosition: window.end })) {
    let nameNode: Node | undefined;
    let role: Role | undefined;
    let roleNode: Node | undefined;
    for (const c of match.captures) {
      const r = roles.get(c.name);
      if (r === undefined) continue;
      if (r.tag === 'name') nameNode = c.node;
      else if (r.tag === 'def' || r.tag === 'ref') {
        role = r;
        roleNode = c.node;
      } else if (r.tag === 'error' && (!window || inside(c.node.startPosition, window))) errorNodes++;
    }
    if (!nameNode || !roleNode || !role || (role.tag !== 'def' && role.tag !== 'ref')) continue;
    if (window && !inside(nameNode.startPosition, window)) continue;
    // Offsets are UTF-16 units, as in `source`: one slice, no text callback.
    const name = source.slice(nameNode.startIndex, nameNode.endIndex);
    if (!name) continue;
    const line = nameNode.startPosition.row;
    if (role.tag === 'def') definitions.push({ name, kind: role.kind, line, signature: signatureOf(roleNode, source) });
    else references.push({ name, kind: role.kind, line });
  }
  return { definitions, references, errorNodes };
}

/** Runs a tags query over a tree. The query is borrowed (not deleted here). */
export function extractTags(tags: Query, tree: Tree, source: string): FileTags {
  const { definitions, references } = scanTags(tags, tree, source);
  return { definitions, references };
}

// Definitions and references from a grammar's tags query (the same captures
// GitHub's code navigation uses: @name with @definition.* / @reference.*).
import type { Node, Query, Tree } from 'web-tree-sitter';

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
  const body = node.childForFieldName('body');
  let end = body && body.startIndex > node.startIndex ? body.startIndex : node.endIndex;
  const firstNl = source.indexOf('\n', node.startIndex);
  if (!body && firstNl !== -1 && firstNl < end) end = firstNl;
  end = Math.min(end, node.startIndex + MAX_SIGNATURE * 2);
  let head = source.slice(node.startIndex, end).replace(/\s+/g, ' ').trim();
  if (head.length > MAX_SIGNATURE) head = `${head.slice(0, MAX_SIGNATURE - 1)}…`;
  return head;
}

/** Runs the tags query over a tree. The query is borrowed (not deleted here). */
export function extractTags(tags: Query, tree: Tree, source: string): FileTags {
  const definitions: Definition[] = [];
  const references: Reference[] = [];
  for (const match of tags.matches(tree.rootNode)) {
    let nameNode: Node | undefined;
    let role: string | undefined;
    let roleNode: Node | undefined;
    for (const c of match.captures) {
      if (c.name === 'name') nameNode = c.node;
      else if (c.name.startsWith('definition.') || c.name.startsWith('reference.')) {
        role = c.name;
        roleNode = c.node;
      }
    }
    if (!nameNode || !role || !roleNode) continue;
    const name = nameNode.text;
    if (!name) continue;
    const line = nameNode.startPosition.row;
    if (role.startsWith('definition.')) {
      definitions.push({ name, kind: role.slice(11), line, signature: signatureOf(roleNode, source) });
    } else {
      references.push({ name, kind: role.slice(10), line });
    }
  }
  return { definitions, references };
}

// Collects ERROR and MISSING nodes from a tree, descending only into subtrees
// that contain errors (hasError), so clean trees cost one check.
import type { Node, Tree } from 'web-tree-sitter';

export interface Position { line: number; character: number }

export interface SyntaxProblem {
  kind: 'error' | 'missing';
  /** For 'missing', the node type the parser inserted (e.g. ";" or "identifier"). */
  nodeType: string;
  startIndex: number;
  endIndex: number;
  /** 0-based line and UTF-16 column, like VS Code positions. */
  start: Position;
  end: Position;
  message: string;
}

function describe(node: Node, kind: SyntaxProblem['kind']): SyntaxProblem {
  const text = node.text;
  const snippet = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return {
    kind,
    nodeType: kind === 'missing' ? node.type : 'ERROR',
    startIndex: node.startIndex,
    endIndex: node.endIndex,
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
    message: kind === 'missing'
      ? `missing ${JSON.stringify(node.type)} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}`
      : `syntax error at ${node.startPosition.row + 1}:${node.startPosition.column + 1} near ${JSON.stringify(snippet)}`,
  };
}

/** Outermost ERROR nodes and all MISSING nodes, in document order. */
export function collectSyntaxProblems(tree: Tree, limit = 1000): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  if (!tree.rootNode.hasError) return out;
  const cursor = tree.walk();
  try {
    let descend = true;
    for (;;) {
      const node = cursor.currentNode;
      if (descend && node.isError) {
        out.push(describe(node, 'error'));
        descend = false;
      } else if (descend && node.isMissing) {
        out.push(describe(node, 'missing'));
        descend = false;
      }
      if (out.length >= limit) break;
      if (descend && node.hasError && cursor.gotoFirstChild()) continue;
      descend = true;
      if (cursor.gotoNextSibling()) continue;
      let up = false;
      while (cursor.gotoParent()) {
        if (cursor.gotoNextSibling()) { up = true; break; }
      }
      if (!up) break;
    }
  } finally {
    cursor.delete();
  }
  return out;
}

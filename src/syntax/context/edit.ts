// Quick-edit context: the selection widened to whole syntax nodes (or, with no
// selection, the enclosing statement/declaration), plus signatures of symbols it
// uses that are defined elsewhere.
import type { Node } from 'web-tree-sitter';
import { countTokens } from '../../core/tokens.ts';
import type { SymbolIndex } from '../index/symbol-index.ts';
import { pointAt } from '../text-edits.ts';
import { ancestorsAt, enclosingScopes, identifiersIn } from './syntax-nav.ts';
import type { ScopeHeader } from './syntax-nav.ts';
import { renderSignatures, signaturesFor } from './signatures.ts';
import type { SignatureSnippet } from './signatures.ts';
import type { BuiltContext, ContextDocument } from './types.ts';

export interface EditOptions { budget?: number; maxSignatures?: number }

export interface EditContext extends BuiltContext {
  /** The range the model should rewrite (document offsets), whole nodes and whole lines. */
  start: number;
  end: number;
  target: string;
  scopes: ScopeHeader[];
  signatures: SignatureSnippet[];
}

const CONTAINER = /(block|program|module|body|source_file|compilation_unit|translation_unit|declaration_list|field_declaration_list|document|array|object)$/;
const STATEMENT_LIKE = /(statement|declaration|definition|method|function|class|item|element|field|property|pair|clause|block)$/;

function toLineBounds(text: string, start: number, end: number): [number, number] {
  const ls = text.lastIndexOf('\n', start - 1) + 1;
  const s = /^[ \t]*$/.test(text.slice(ls, start)) ? ls : start;
  const nl = text.indexOf('\n', end);
  const le = nl === -1 ? text.length : nl;
  const e = /^[ \t]*$/.test(text.slice(end, le)) ? Math.min(text.length, nl === -1 ? le : le + 1) : end;
  return [s, e];
}

/** Smallest range of whole nodes covering [start, end); with an empty selection, the enclosing statement. */
export function widenToNodes(doc: ContextDocument, start: number, end: number): [number, number] {
  const { text, tree } = doc;
  if (!tree) {
    // Plain text: whole lines.
    return toLineBounds(text, start, Math.max(start, end));
  }
  if (start === end) {
    for (const node of ancestorsAt(tree, start)) {
      if (!node.parent) break;
      if (node.isNamed && STATEMENT_LIKE.test(node.type) && node.endPosition.row >= node.startPosition.row) {
        return toLineBounds(text, node.startIndex, node.endIndex);
      }
    }
    return toLineBounds(text, start, end);
  }
  // Trim whitespace so a selection of whole lines does not widen to the parent.
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  let common: Node | null = tree.rootNode.descendantForIndex(start, end);
  while (common && common.parent && (common.startIndex > start || common.endIndex < end)) common = common.parent;
  if (!common) return toLineBounds(text, start, end);
  let s = common.startIndex;
  let e = common.endIndex;
  if (CONTAINER.test(common.type) || !common.parent) {
    // Several statements of a block: extend to the whole children touched, not the whole block.
    s = start;
    e = end;
    for (let i = 0; i < common.childCount; i++) {
      const c = common.child(i)!;
      if (c.endIndex > start && c.startIndex < end) {
        s = Math.min(s, c.startIndex);
        e = Math.max(e, c.endIndex);
      }
    }
  }
  return toLineBounds(text, s, e);
}

export function buildEditContext(doc: ContextDocument, selStart: number, selEnd: number, index: SymbolIndex | undefined, options: EditOptions = {}): EditContext {
  const budget = options.budget ?? 8000;
  const [start, end] = widenToNodes(doc, Math.min(selStart, selEnd), Math.max(selStart, selEnd));
  const target = doc.text.slice(start, end);
  const scopes = doc.tree ? enclosingScopes(ancestorsAt(doc.tree, start), doc.text).filter((s) => s.startIndex < start) : [];
  let signatures = doc.tree ? signaturesFor(identifiersIn(doc.tree, start, end, start, 400), index, doc.path, options.maxSignatures ?? 12) : [];
  const startLine = pointAt(doc.text, start).row + 1;
  const render = () => {
    const out: string[] = [];
    if (signatures.length) out.push('## Signatures defined elsewhere', renderSignatures(signatures), '');
    if (scopes.length) out.push('## Enclosing scopes', ...scopes.map((s) => `${s.line + 1}: ${s.header}`), '');
    out.push(`## ${doc.path}${doc.grammarId ? ` (${doc.grammarId})` : ''} lines ${startLine}-${startLine + (target.match(/\n(?!$)/g)?.length ?? 0)} (rewrite this)`, target);
    return out.join('\n');
  };
  let text = render();
  let tokens = countTokens(text);
  while (tokens > budget && signatures.length > 0) {
    signatures = signatures.slice(0, Math.floor(signatures.length / 2));
    text = render();
    tokens = countTokens(text);
  }
  // The target itself is never cut: a partial target cannot be rewritten safely.
  return { text, tokens, budget, start, end, target, scopes, signatures };
}

// Fast-lane completion context: a prefix/suffix window around the cursor cut at
// syntax boundaries, enclosing scope headers, imports, and signatures of nearby
// symbols defined elsewhere. A pure function of the tree, the text and the index.
import { estimateTokens } from '../../core/tokens.ts';
import type { SymbolIndex } from '../index/symbol-index.ts';
import { ancestorsAt, enclosingScopes, identifiersIn, importStatements, snapEnd, snapStart } from './syntax-nav.ts';
import type { ScopeHeader } from './syntax-nav.ts';
import { renderSignatures, signaturesFor } from './signatures.ts';
import type { SignatureSnippet } from './signatures.ts';
import { CURSOR_MARKER } from './types.ts';
import { pointAt } from '../text-edits.ts';
import { TokenTally } from './token-tally.ts';
import type { BuiltContext, ContextDocument } from './types.ts';

export interface CompletionOptions {
  /** Total token budget for the context text. Default 1024 (Continue's default prompt). */
  budget?: number;
  /** Share of the window budget spent before the cursor. Default 0.75. */
  prefixShare?: number;
  maxSignatures?: number;
}

export type CompletionMode = 'single-line' | 'multi-line';

export interface CompletionContext extends BuiltContext {
  mode: CompletionMode;
  prefix: string;
  suffix: string;
  /** The window in document offsets: text.slice(windowStart, windowEnd) === prefix + suffix. */
  windowStart: number;
  windowEnd: number;
  scopes: ScopeHeader[];
  imports: string[];
  signatures: SignatureSnippet[];
  /** True when the document had no tree (no grammar, too big): line-based window only. */
  plainText: boolean;
}

const CHARS_PER_TOKEN = 3.5;

/**
 * Exact counts on the keystroke path: consecutive builds render nearly the same
 * text, so a tally kept across builds (a few hundred counts) finds almost every piece already counted
 * (about ten times faster than encoding). It is replaced now and then so its
 * memo stays small however many files are visited.
 */
const TALLY_USES = 300;
let tally = new TokenTally();
let tallyUses = 0;
function countExact(text: string): number {
  if (++tallyUses > TALLY_USES) {
    tally = new TokenTally();
    tallyUses = 1;
  }
  return tally.count(text);
}

/** Whether the cursor position suggests completing one line or a block. */
export function completionMode(text: string, offset: number): CompletionMode {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const after = text.slice(offset, nl === -1 ? text.length : nl);
  const before = text.slice(lineStart, offset);
  // Only closers after the cursor (e.g. "foo(|)") still mean "finish this line".
  if (after.trim() !== '' && !/^[\s)\]}'"`;,]*$/.test(after)) return 'single-line';
  if (before.trim() === '') return 'multi-line';
  if (/[{[(:]\s*$|=>\s*$|\b(do|then|else)\s*$/.test(before) && after.trim() === '') return 'multi-line';
  return 'single-line';
}

function lineWindow(text: string, offset: number, prefixChars: number, suffixChars: number): [number, number] {
  let start = Math.max(0, offset - prefixChars);
  if (start > 0) start = text.indexOf('\n', start - 1) + 1 || start;
  if (start > offset) start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = Math.min(text.length, offset + suffixChars);
  if (end < text.length) {
    const nl = text.lastIndexOf('\n', end);
    end = nl >= offset ? nl + 1 : end;
  }
  return [start, end];
}

function render(doc: ContextDocument, parts: { signatures: SignatureSnippet[]; imports: string[]; scopes: ScopeHeader[]; prefix: string; suffix: string; startLine: number }): string {
  const out: string[] = [];
  if (parts.signatures.length) out.push('## Signatures defined elsewhere', renderSignatures(parts.signatures), '');
  if (parts.imports.length) out.push('## Imports', ...parts.imports, '');
  if (parts.scopes.length) out.push('## Enclosing scopes', ...parts.scopes.map((s) => `${s.line + 1}: ${s.header}`), '');
  out.push(`## ${doc.path}${doc.grammarId ? ` (${doc.grammarId})` : ''} from line ${parts.startLine + 1}`);
  out.push(`${parts.prefix}${CURSOR_MARKER}${parts.suffix}`);
  return out.join('\n');
}

export function buildCompletionContext(doc: ContextDocument, offset: number, index: SymbolIndex | undefined, options: CompletionOptions = {}): CompletionContext {
  const budget = options.budget ?? 1024;
  const text = doc.text;
  offset = Math.max(0, Math.min(offset, text.length));
  const mode = completionMode(text, offset);
  const ancestors = doc.tree ? ancestorsAt(doc.tree, offset) : [];

  let scopes = doc.tree ? enclosingScopes(ancestors, text) : [];
  let imports: string[] = [];
  if (doc.tree) {
    let used = 0;
    for (const node of importStatements(doc.tree)) {
      const t = node.text;
      used += estimateTokens(t);
      if (used > budget * 0.15) break;
      imports.push(t);
    }
  }
  let signatures: SignatureSnippet[] = [];
  const fixed = estimateTokens(scopes.map((s) => s.header).join('\n')) + estimateTokens(imports.join('\n')) + 30;
  let windowTokens = Math.max(64, budget - fixed - Math.floor(budget * 0.2));
  const share = options.prefixShare ?? 0.75;

  const cut = (tokens: number): [number, number] => {
    const pre = Math.floor(tokens * share * CHARS_PER_TOKEN);
    const suf = Math.floor(tokens * (1 - share) * CHARS_PER_TOKEN);
    const [rawStart, rawEnd] = lineWindow(text, offset, pre, suf);
    if (!doc.tree) return [rawStart, rawEnd];
    return [snapStart(ancestors, text, rawStart, offset), snapEnd(ancestors, text, rawEnd, offset)];
  };

  let [start, end] = cut(windowTokens);
  if (doc.tree) {
    const names = identifiersIn(doc.tree, start, end, offset);
    signatures = signaturesFor(names, index, doc.path, options.maxSignatures ?? 8);
    const sigText = renderSignatures(signatures);
    while (signatures.length > 0 && estimateTokens(sigText) > budget * 0.2) signatures.pop();
  }
  // Headers already visible in the window are not repeated.
  scopes = scopes.filter((s) => s.startIndex < start);

  let grown = false;
  for (let attempt = 0; ; attempt++) {
    const startLine = pointAt(text, start).row;
    const prefix = text.slice(start, offset);
    const suffix = text.slice(offset, end);
    const rendered = render(doc, { signatures, imports, scopes, prefix, suffix, startLine });
    const tokens = countExact(rendered);
    if (!grown && tokens < budget * 0.85 && (start > 0 || end < text.length)) {
      // Slack left (signatures reserve unused): widen the window once.
      grown = true;
      windowTokens += Math.floor((budget - tokens) * 0.9);
      [start, end] = cut(windowTokens);
      scopes = scopes.filter((sc) => sc.startIndex < start);
      continue;
    }
    if (tokens <= budget || attempt >= 6) {
      return { text: rendered, tokens, budget, mode, prefix, suffix, windowStart: start, windowEnd: end, scopes, imports, signatures, plainText: !doc.tree };
    }
    // Over budget: shrink the parts that can shrink, window first.
    const over = tokens - budget;
    if (windowTokens > 64) {
      windowTokens = Math.max(32, Math.floor(windowTokens - over * 1.2 - 8));
      [start, end] = cut(windowTokens);
      scopes = scopes.filter((s) => s.startIndex < start);
    } else if (signatures.length) signatures = signatures.slice(0, Math.floor(signatures.length / 2));
    else if (imports.length) imports = imports.slice(0, Math.floor(imports.length / 2));
    else if (scopes.length) scopes = scopes.slice(-1);
  }
}

// Signatures of symbols referenced near the cursor but defined in other files,
// looked up in the workspace index.
import type { SymbolIndex } from '../index/symbol-index.ts';
import type { NearbyIdentifier } from './syntax-nav.ts';

export interface SignatureSnippet {
  name: string;
  rel: string;
  /** 1-based line, for humans and models. */
  line: number;
  kind: string;
  signature: string;
}

/** Common words that are identifiers in every file and say nothing. */
const NOISE = new Set(['self', 'this', 'super', 'cls', 'i', 'j', 'k', 'x', 'y', 'e', 'err', 'args', 'value', 'key', 'id', 'String', 'Object', 'Error', 'Array', 'Promise', 'Map', 'Set', 'console', 'undefined', 'null']);

/** Member names so generic that a same-named definition elsewhere is almost never the one called. */
const COMMON_MEMBERS = new Set(['filter', 'map', 'reduce', 'forEach', 'find', 'some', 'every', 'includes', 'indexOf', 'slice', 'splice', 'push', 'pop', 'shift', 'join', 'split', 'get', 'set', 'has', 'delete', 'add', 'clear', 'keys', 'values', 'entries', 'then', 'catch', 'finally', 'call', 'apply', 'bind', 'toString', 'length', 'replace', 'trim', 'match', 'test', 'exec', 'next', 'close', 'open', 'read', 'write', 'send', 'emit', 'on', 'off', 'append', 'extend', 'update', 'items', 'len', 'new', 'init', 'run', 'start', 'stop', 'error', 'log', 'info', 'warn', 'debug', 'create', 'list', 'retrieve', 'del', 'post', 'put', 'patch']);

export function signaturesFor(names: readonly NearbyIdentifier[], index: SymbolIndex | undefined, currentRel: string | undefined, max: number, perName = 2): SignatureSnippet[] {
  if (!index) return [];
  const out: SignatureSnippet[] = [];
  for (const { name, member } of names) {
    if (out.length >= max) break;
    if (name.length < 2 || NOISE.has(name)) continue;
    const definers = index.definersOf(name);
    // A name defined in very many files is too ambiguous to help.
    if (definers.size === 0 || definers.size > 8) continue;
    let taken = 0;
    for (const hit of index.definitionsOf(name)) {
      if (hit.rel === currentRel || taken >= perName || out.length >= max) continue;
      if (member && COMMON_MEMBERS.has(name)) continue;
      out.push({ name, rel: hit.rel, line: hit.definition.line + 1, kind: hit.definition.kind, signature: hit.definition.signature });
      taken++;
    }
  }
  return out;
}

export function renderSignatures(snippets: readonly SignatureSnippet[]): string {
  return snippets.map((s) => `${s.rel}:${s.line}: ${s.signature}`).join('\n');
}

// A text prefilter for a compiled query: the literal strings a file must contain
// for a pattern to be able to match at all. Most files in a transform's scope
// lack them (no "console" means no console.log call), so they are settled
// without a parse. The filter is conservative: a pattern whose literals cannot
// be read with certainty requires nothing, so it never rejects a file that
// could match.
//
// Which predicates force a literal into the text (web-tree-sitter semantics):
//  - (#eq? @c "s"): every @c node's text is "s", so when @c is always captured
//    (quantifier one / one-or-more) the text contains "s";
//  - (#any-eq? @c "s"): some @c node's text is "s";
//  - (#any-of? @c "a" "b"): a match with no @c node fails, so one of them is there;
//  - (#match? @c "^s$") and #any-match?: a match with no @c node fails, and a
//    regex that is a plain word (optionally anchored) needs that word.
import type { Query } from 'web-tree-sitter';

/** Operators web-tree-sitter turns into text predicates (one closure each). */
const TEXT_OPERATORS = new Set([
  'eq?', 'not-eq?', 'any-eq?', 'any-not-eq?', 'match?', 'not-match?', 'any-match?', 'any-not-match?', 'any-of?', 'not-any-of?',
]);
const ANY_PREDICATE = /\(\s*#([\w-]+[?!])/g;
const LITERAL_PREDICATE = /\(\s*#(eq|any-eq|any-of|match|any-match)\?\s+@([\w.-]+)((?:\s+"[^"\\\n]*")+)\s*\)/g;
/** A regex with no metacharacters besides outer anchors: the word it needs. */
const PLAIN_REGEX = /^\^?([\w -]+)\$?$/;
const ALWAYS_CAPTURED = new Set([3, 4]); // CaptureQuantifier.One, OneOrMore

/** Per pattern: groups of literals, each group needing at least one member in the text. */
export type LiteralRequirements = string[][][];

export function literalRequirements(query: Query, source: string): LiteralRequirements {
  const bytes = Buffer.from(source, 'utf8');
  const internal = (query as unknown as { textPredicates?: unknown[][] }).textPredicates;
  const out: LiteralRequirements = [];
  for (let i = 0; i < query.patternCount(); i++) {
    out.push(patternRequirements(query, i, bytes, internal?.[i]?.length));
  }
  return out;
}

function patternRequirements(query: Query, i: number, bytes: Buffer, predicateCount: number | undefined): string[][] {
  const text = bytes.subarray(query.startIndexForPattern(i), query.endIndexForPattern(i)).toString('utf8');
  // Comments and escapes could hide or fake a predicate: require nothing then.
  if (predicateCount === undefined || text.includes(';') || text.includes('\\')) return [];
  let seen = 0;
  for (const m of text.matchAll(ANY_PREDICATE)) if (TEXT_OPERATORS.has(m[1]!)) seen++;
  // The source slice must account for exactly the predicates the query holds.
  if (seen !== predicateCount) return [];
  const groups: string[][] = [];
  for (const m of text.matchAll(LITERAL_PREDICATE)) {
    const [, op, capture, rest] = m;
    let values = [...rest!.matchAll(/"([^"]*)"/g)].map((v) => v[1]!);
    if (op === 'match' || op === 'any-match') {
      const word = values.length === 1 ? PLAIN_REGEX.exec(values[0]!)?.[1] : undefined;
      if (word === undefined) continue;
      values = [word];
    } else if (op === 'eq') {
      const index = query.captureNames.indexOf(capture!);
      if (values.length !== 1 || index < 0 || !ALWAYS_CAPTURED.has(query.captureQuantifiers[i]?.[index] ?? 0)) continue;
    } else if (op === 'any-eq' && values.length !== 1) continue;
    if (values.some((v) => v === '')) continue;
    groups.push(values);
  }
  return groups;
}

/** False only when no pattern can match `text`. */
export function mayMatch(requirements: LiteralRequirements, text: string): boolean {
  if (requirements.length === 0) return true;
  return requirements.some((groups) => groups.every((group) => group.some((lit) => text.includes(lit))));
}

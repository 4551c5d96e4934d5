// Deep-lane refactor context: the ranked repo map, the definitions and
// references of the identifiers the request mentions, and the full text of the
// most relevant files, all within the deep lane's budget. Only files in the
// index are ever read, so ignored, binary and oversized files never get in.
import type { SymbolIndex } from '../index/symbol-index.ts';
import { buildRepoMap } from './repo-map.ts';
import type { RepoMap } from './repo-map.ts';
import { TokenTally } from './token-tally.ts';
import type { BuiltContext } from './types.ts';

export interface RefactorOptions {
  focusFiles?: readonly string[];
  mentionedIdentifiers?: readonly string[];
  /** Whole-context budget. Default 200,000 tokens (well under GPT-5.5's window, for cost). */
  budget?: number;
  /** Budget of the repo map part. Default 1024. */
  mapBudget?: number;
  maxFiles?: number;
  /** Reads a workspace file's current text (open editor buffer or disk); undefined when unavailable. */
  readFile: (rel: string) => string | undefined;
}

export interface RefactorContext extends BuiltContext {
  map: RepoMap;
  files: string[];
  /** Focus files left out: not indexed (ignored, binary, too large, no grammar) or over budget. */
  omitted: { rel: string; reason: 'not-indexed' | 'over-budget' | 'unreadable' }[];
}

/** Identifiers worth looking up, from free text such as an instruction. */
export function identifiersInText(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z_$][\w$]{2,}/g)) {
    const w = m[0];
    if (/[A-Z_$]/.test(w.slice(1)) || /[A-Z]/.test(w[0]!) || w.includes('_')) out.add(w);
  }
  return [...out];
}

function symbolsSection(index: SymbolIndex, names: readonly string[], maxRefs = 20): string {
  const out: string[] = [];
  for (const name of names) {
    const defs = index.definitionsOf(name);
    if (defs.length === 0) continue;
    out.push(`${name}:`);
    for (const d of defs) out.push(`  defined ${d.rel}:${d.definition.line + 1}: ${d.definition.signature}`);
    const refs: string[] = [];
    for (const f of index.files()) {
      for (const r of f.references) if (r.name === name && refs.length < maxRefs) refs.push(`${f.rel}:${r.line + 1}`);
    }
    if (refs.length) out.push(`  referenced ${refs.join(', ')}`);
  }
  return out.join('\n');
}

export function buildRefactorContext(index: SymbolIndex, options: RefactorOptions): RefactorContext {
  const budget = options.budget ?? 200_000;
  const focus = options.focusFiles ?? [];
  const mentioned = options.mentionedIdentifiers ?? [];
  // One tally for every count below: each distinct token piece is encoded once.
  const tally = new TokenTally();
  const map = buildRepoMap(index, { focusFiles: focus, mentionedIdentifiers: mentioned, budget: options.mapBudget ?? 1024 }, tally);
  const parts: string[] = ['## Repository map (ranked)', map.text, ''];
  const symbols = symbolsSection(index, mentioned);
  if (symbols) parts.push('## Symbols mentioned', symbols, '');
  let used = tally.count(parts.join('\n'));
  const omitted: RefactorContext['omitted'] = [];
  // A Set keeps the order of insertion and makes the ranked tail's dedup linear.
  const candidates = new Set<string>();
  for (const rel of focus) {
    if (index.has(rel)) candidates.add(rel);
    else omitted.push({ rel, reason: 'not-indexed' });
  }
  const ranked = [...map.ranking.fileRanks.entries()].sort((a, b) => b[1] - a[1]).map(([rel]) => rel);
  for (const rel of ranked) candidates.add(rel);
  const isFocus = new Set(focus);
  const maxFiles = options.maxFiles ?? 20;
  const files: string[] = [];
  for (const rel of candidates) {
    if (files.length >= maxFiles) break;
    const text = options.readFile(rel);
    if (text === undefined) {
      if (isFocus.has(rel)) omitted.push({ rel, reason: 'unreadable' });
      continue;
    }
    const block = `## File ${rel}\n${text}${text.endsWith('\n') ? '' : '\n'}`;
    const cost = tally.count(block);
    if (used + cost > budget) {
      if (isFocus.has(rel)) omitted.push({ rel, reason: 'over-budget' });
      continue;
    }
    parts.push(block);
    files.push(rel);
    used += cost;
  }
  const text = parts.join('\n');
  return { text, tokens: tally.count(text), budget, map, files, omitted };
}

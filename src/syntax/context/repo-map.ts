// Ranked repo map in Aider's manner: files are nodes, references are edges to
// the files that define the name, PageRank is personalised to focus files and
// mentioned identifiers, and each file's rank flows to the definitions it uses.
import type { SymbolIndex } from '../index/symbol-index.ts';
import { pageRank } from './pagerank.ts';
import type { WeightedEdge } from './pagerank.ts';
import { TokenTally } from './token-tally.ts';
import type { BuiltContext } from './types.ts';

export interface RepoMapOptions {
  focusFiles?: readonly string[];
  mentionedIdentifiers?: readonly string[];
  /** Token budget for the map text. Default 1024. */
  budget?: number;
}

export interface RankedDefinition { rel: string; name: string; kind: string; line: number; signature: string; rank: number }

export interface RepoRanking { fileRanks: Map<string, number>; definitions: RankedDefinition[] }

export interface RepoMap extends BuiltContext {
  /** Definitions shown, best first. */
  shown: RankedDefinition[];
  ranking: RepoRanking;
}

/** More files than this defining a name make it "very common" (×0.1). */
const COMMON_DEFINERS = 5;

export function rankRepository(index: SymbolIndex, options: RepoMapOptions = {}): RepoRanking {
  const focus = new Set(options.focusFiles ?? []);
  const mentioned = new Set(options.mentionedIdentifiers ?? []);
  const nodes = index.paths();
  const edges: WeightedEdge[] = [];
  // (definer, name) -> weight arriving from each referencer, to split file rank onto definitions.
  const edgeNames: string[] = [];
  for (const file of index.files()) {
    const counts = new Map<string, number>();
    for (const r of file.references) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
    for (const [name, count] of counts) {
      const definers = index.definersOf(name);
      if (definers.size === 0) continue;
      let mul = 1;
      if (mentioned.has(name)) mul *= 10;
      if (name.startsWith('_') || definers.size > COMMON_DEFINERS) mul *= 0.1;
      if (focus.has(file.rel)) mul *= 50;
      for (const d of definers) {
        edges.push({ from: file.rel, to: d, weight: mul * Math.sqrt(count) });
        edgeNames.push(name);
      }
    }
  }
  const personal = new Map<string, number>();
  for (const rel of nodes) {
    const base = rel.slice(rel.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
    if (focus.has(rel) || mentioned.has(base)) personal.set(rel, 1);
  }
  const fileRanks = pageRank(nodes, edges, personal);

  const outWeight = new Map<string, number>();
  for (const e of edges) outWeight.set(e.from, (outWeight.get(e.from) ?? 0) + e.weight);
  const defRank = new Map<string, number>();
  edges.forEach((e, k) => {
    const key = `${e.to}\0${edgeNames[k]}`;
    defRank.set(key, (defRank.get(key) ?? 0) + fileRanks.get(e.from)! * e.weight / outWeight.get(e.from)!);
  });
  const definitions: RankedDefinition[] = [];
  for (const file of index.files()) {
    const seen = new Set<string>();
    for (const d of file.definitions) {
      // Unreferenced definitions still get a sliver of their file's rank, so they can appear last.
      const rank = (defRank.get(`${file.rel}\0${d.name}`) ?? 0) + fileRanks.get(file.rel)! * 1e-3 + (mentioned.has(d.name) ? 1 : 0);
      const key = `${d.name}:${d.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      definitions.push({ rel: file.rel, name: d.name, kind: d.kind, line: d.line, signature: d.signature, rank });
    }
  }
  definitions.sort((a, b) => b.rank - a.rank || (a.rel < b.rel ? -1 : 1) || a.line - b.line);
  return { fileRanks, definitions };
}

export function renderRepoMap(defs: readonly RankedDefinition[]): string {
  const byFile = new Map<string, RankedDefinition[]>();
  for (const d of defs) {
    let list = byFile.get(d.rel);
    if (!list) byFile.set(d.rel, (list = []));
    list.push(d);
  }
  const out: string[] = [];
  for (const [rel, list] of byFile) {
    out.push(`${rel}:`);
    for (const d of list.sort((a, b) => a.line - b.line)) out.push(`  ${d.line + 1}: ${d.signature}`);
  }
  return out.join('\n');
}

/** The ranked map cut to the token budget (largest prefix of the ranking that fits). */
export function buildRepoMap(index: SymbolIndex, options: RepoMapOptions = {}, tally: TokenTally = new TokenTally()): RepoMap {
  const budget = options.budget ?? 1024;
  const ranking = rankRepository(index, options);
  const defs = ranking.definitions;
  let lo = 0;
  // Every map line costs at least one token, so more than `budget` lines never fit.
  let hi = Math.min(defs.length, budget);
  let bestText = '';
  let bestTokens = 0;
  // Binary search over how many top definitions fit.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const text = renderRepoMap(defs.slice(0, mid));
    const tokens = tally.count(text);
    if (tokens <= budget) { lo = mid; bestText = text; bestTokens = tokens; }
    else hi = mid - 1;
  }
  if (lo > 0 && bestText === '') { bestText = renderRepoMap(defs.slice(0, lo)); bestTokens = tally.count(bestText); }
  return { text: bestText, tokens: bestTokens, budget, shown: defs.slice(0, lo), ranking };
}

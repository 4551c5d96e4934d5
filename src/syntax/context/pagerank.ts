// Personalised PageRank over a weighted directed graph of files.

export interface WeightedEdge { from: string; to: string; weight: number }

/**
 * Power iteration. `personalization` maps nodes to restart weights (normalised
 * here); empty means uniform. Dangling nodes restart by the same vector.
 */
export function pageRank(nodes: readonly string[], edges: readonly WeightedEdge[], personalization: ReadonlyMap<string, number>, damping = 0.85, iterations = 40): Map<string, number> {
  const n = nodes.length;
  const idx = new Map(nodes.map((node, i) => [node, i]));
  const p = new Float64Array(n);
  let pSum = 0;
  for (const [node, w] of personalization) {
    const i = idx.get(node);
    if (i !== undefined && w > 0) { p[i] += w; pSum += w; }
  }
  if (pSum === 0) p.fill(1 / n);
  else for (let i = 0; i < n; i++) p[i]! /= pSum;

  const outWeight = new Float64Array(n);
  const from: number[] = [];
  const to: number[] = [];
  const w: number[] = [];
  for (const e of edges) {
    const a = idx.get(e.from);
    const b = idx.get(e.to);
    if (a === undefined || b === undefined || e.weight <= 0) continue;
    from.push(a); to.push(b); w.push(e.weight);
    outWeight[a]! += e.weight;
  }
  let rank: Float64Array = Float64Array.from(p);
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(n);
    let dangling = 0;
    for (let i = 0; i < n; i++) if (outWeight[i] === 0) dangling += rank[i]!;
    for (let k = 0; k < from.length; k++) next[to[k]!]! += damping * rank[from[k]!]! * w[k]! / outWeight[from[k]!]!;
    let delta = 0;
    for (let i = 0; i < n; i++) {
      next[i]! += (damping * dangling + (1 - damping)) * p[i]!;
      delta += Math.abs(next[i]! - rank[i]!);
    }
    rank = next;
    if (delta < 1e-9) break;
  }
  return new Map(nodes.map((node, i) => [node, rank[i]!]));
}

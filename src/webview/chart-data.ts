// Series for the charts, from the (filtered) rows. Pure.
import type { PanelRow } from '../core/ledger-rows.ts';

export interface SpendSeries {
  /** Bucket starts, seconds since epoch (uPlot's time unit). */
  x: number[];
  /** Dollars per bucket, all lanes and the fast lane alone. */
  all: number[];
  fast: number[];
  bucket: 'hour' | 'day';
}

const HOUR = 3_600_000;

/** Local midnight (or hour start) of an instant. */
function bucketStart(ms: number, bucket: 'hour' | 'day'): number {
  const d = new Date(ms);
  if (bucket === 'day') d.setHours(0, 0, 0, 0);
  else d.setMinutes(0, 0, 0);
  return d.getTime();
}

function nextBucket(ms: number, bucket: 'hour' | 'day'): number {
  const d = new Date(ms);
  if (bucket === 'day') d.setDate(d.getDate() + 1);
  else d.setHours(d.getHours() + 1);
  return bucketStart(d.getTime(), bucket);
}

/** Spend per hour when the rows span two days or less, else per day; empty buckets included. */
export function spendSeries(rows: readonly PanelRow[]): SpendSeries {
  if (rows.length === 0) return { x: [], all: [], fast: [], bucket: 'day' };
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    if (r.time < min) min = r.time;
    if (r.time > max) max = r.time;
  }
  const bucket = max - min <= 48 * HOUR ? 'hour' : 'day';
  const starts: number[] = [];
  for (let t = bucketStart(min, bucket); t <= max; t = nextBucket(t, bucket)) starts.push(t);
  const index = new Map(starts.map((t, i) => [t, i]));
  const all = new Array<number>(starts.length).fill(0);
  const fast = new Array<number>(starts.length).fill(0);
  for (const r of rows) {
    const i = index.get(bucketStart(r.time, bucket))!;
    all[i]! += r.costNanos / 1e9;
    if (r.lane === 'fast') fast[i]! += r.costNanos / 1e9;
  }
  return { x: starts.map((t) => t / 1000), all, fast, bucket };
}

export interface LatencyHistogram {
  /** Upper edge of each bucket, ms (log-spaced). */
  edges: number[];
  fast: number[];
  deep: number[];
}

/** Log-spaced edges from 50 ms to 5 min: four per decade. */
export const LATENCY_EDGES: readonly number[] = (() => {
  const out: number[] = [];
  for (let e = Math.log10(50); e <= Math.log10(300_000) + 1e-9; e += 0.25) out.push(Math.round(10 ** e));
  return out;
})();

export function bucketIndex(ms: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length - 1;
  if (ms >= edges[hi]!) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const COMPLETED = new Set(['ok', 'rejected', 'escalated']);

/** Total latency of attempts that ran to completion, per lane (the same sample the p50/p95 cards use). */
export function latencyHistogram(rows: readonly PanelRow[], edges: readonly number[] = LATENCY_EDGES): LatencyHistogram {
  const fast = new Array<number>(edges.length).fill(0);
  const deep = new Array<number>(edges.length).fill(0);
  for (const r of rows) {
    if (r.cacheHit || !COMPLETED.has(r.outcome)) continue;
    (r.lane === 'fast' ? fast : deep)[bucketIndex(r.endMs, edges)]!++;
  }
  return { edges: [...edges], fast, deep };
}

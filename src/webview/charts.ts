// Charts drawn with uPlot (bundled; no CDN): spend over time and the latency
// distribution per lane. Colours come from the theme's chart variables.
import uPlot from 'uplot';
import type { PanelRow } from '../core/ledger-rows.ts';
import { el, themeColor } from './dom.ts';
import { latencyHistogram, spendSeries, type LatencyHistogram } from './chart-data.ts';
import { formatUsd, formatUsdFixed, formatMs } from './format.ts';

const HEIGHT = 240;

/** Room per x label: "12:35am" or "≤ 1.2 s" at the editor's font size, so labels never run together. */
const X_LABEL_SPACE = 96;

function axis(): uPlot.Axis {
  const fg = themeColor('--vscode-foreground', '#888');
  const grid = themeColor('--vscode-charts-lines', 'rgba(128,128,128,0.3)');
  const font = `${themeColor('--vscode-font-size', '13px')} ${themeColor('--vscode-font-family', 'sans-serif')}`;
  return { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font };
}

/** Axis dollars with as many places as the tick step needs ($0.0025, not $0.00). */
function dollars(v: number, incr: number): string {
  let places = 2;
  while (places < 6 && Math.abs(Math.round(incr * 10 ** places) - incr * 10 ** places) > 1e-6) places++;
  return formatUsdFixed(Math.round(v * 1e9), places);
}

/** A translucent fill from a #rrggbb theme colour; none when the colour is in another form. */
function translucent(color: string): string | undefined {
  return /^#[0-9a-f]{6}$/i.test(color) ? `${color}33` : undefined;
}

/** Drops empty buckets at both ends, keeping one on each side for context. */
function trimHistogram(h: LatencyHistogram): LatencyHistogram {
  const used = h.edges.map((_e, i) => h.fast[i]! + h.deep[i]! > 0);
  const first = Math.max(0, used.indexOf(true) - 1);
  const last = Math.min(h.edges.length - 1, used.lastIndexOf(true) + 1);
  if (used.indexOf(true) < 0) return h;
  return { edges: h.edges.slice(first, last + 1), fast: h.fast.slice(first, last + 1), deep: h.deep.slice(first, last + 1) };
}

export class Charts {
  readonly element: HTMLElement;
  private readonly spendHost: HTMLElement;
  private readonly latencyHost: HTMLElement;
  private plots: uPlot[] = [];
  private rows: readonly PanelRow[] = [];

  constructor() {
    this.spendHost = el('div', { className: 'chart', id: 'chart-spend' });
    this.latencyHost = el('div', { className: 'chart', id: 'chart-latency' });
    this.element = el('div', { className: 'charts' },
      el('section', { attrs: { 'aria-labelledby': 'spend-title' } }, el('h2', { id: 'spend-title', textContent: 'Spend over time' }), this.spendHost),
      el('section', { attrs: { 'aria-labelledby': 'latency-title' } }, el('h2', { id: 'latency-title', textContent: 'Latency distribution per lane (total latency, requests that completed)' }), this.latencyHost));
    new ResizeObserver(() => this.resize()).observe(this.element);
  }

  /** Redraws from the (filtered) rows; only while visible, since uPlot needs a width. */
  update(rows: readonly PanelRow[]): void {
    this.rows = rows;
    if (this.element.isConnected && this.element.clientWidth > 0) this.draw();
  }

  private width(host: HTMLElement): number {
    return Math.max(240, host.clientWidth);
  }

  private draw(): void {
    for (const p of this.plots) p.destroy();
    this.plots = [];
    const fast = themeColor('--vscode-charts-blue', '#3794ff');
    const deep = themeColor('--vscode-charts-orange', '#d18616');
    const s = spendSeries(this.rows);
    if (s.x.length === 0) {
      this.spendHost.replaceChildren(el('p', { className: 'muted', textContent: 'No requests match the filters.' }));
      this.latencyHost.replaceChildren();
      return;
    }
    this.spendHost.replaceChildren();
    const bars = uPlot.paths.bars!({ size: [0.7, 60] });
    const money = (_u: uPlot, v: number | null) => (v === null ? '–' : formatUsd(Math.round(v * 1e9)));
    const step = s.bucket === 'hour' ? 3_600 : 86_400;
    this.plots.push(new uPlot({
      width: this.width(this.spendHost), height: HEIGHT,
      // Pad by half a bucket so one bucket is a bar, not a sliver in an auto-scaled range of years.
      scales: { x: { time: true, auto: false, range: [s.x[0]! - step / 2, s.x[s.x.length - 1]! + step / 2] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      series: [
        { label: s.bucket === 'hour' ? 'Hour' : 'Day' },
        { label: 'Deep lane', stroke: deep, fill: deep, paths: bars, value: money, points: { show: false } },
        { label: 'Fast lane', stroke: fast, fill: fast, paths: bars, value: money, points: { show: false } },
      ],
      axes: [{ ...axis(), space: X_LABEL_SPACE }, { ...axis(), size: 80, values: (_u, ticks, _i, _space, incr) => ticks.map((t) => dollars(t, incr)) }],
    }, [s.x, s.all, s.fast], this.spendHost));
    // The deep series is drawn as the total, the fast one over it: a stacked bar.
    const h = trimHistogram(latencyHistogram(this.rows));
    const stepped = uPlot.paths.stepped!({ align: 1 });
    const edgeLabel = (i: number | null) => (i !== null && Number.isInteger(i) && h.edges[i] !== undefined ? `≤ ${formatMs(h.edges[i])}` : '');
    this.latencyHost.replaceChildren();
    this.plots.push(new uPlot({
      width: this.width(this.latencyHost), height: HEIGHT,
      // x is the bucket index (log-spaced edges), labelled with each bucket's upper edge.
      scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      series: [
        { label: 'Latency', value: (_u, v) => edgeLabel(v) },
        { label: 'Fast lane', stroke: fast, fill: translucent(fast), width: 2, paths: stepped, points: { show: false } },
        { label: 'Deep lane', stroke: deep, fill: translucent(deep), width: 2, paths: stepped, points: { show: false } },
      ],
      axes: [
        { ...axis(), space: X_LABEL_SPACE, incrs: [1, 2, 4, 8], values: (_u, ticks) => ticks.map((t) => edgeLabel(t)) },
        { ...axis(), label: 'requests', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000] },
      ],
    }, [h.edges.map((_e, i) => i), h.fast, h.deep], this.latencyHost));
  }

  private resize(): void {
    if (!this.element.isConnected || this.element.clientWidth === 0) return;
    if (this.plots.length === 0) { this.draw(); return; }
    const hosts = [this.spendHost, this.latencyHost];
    this.plots.forEach((p, i) => p.setSize({ width: this.width(hosts[i]!), height: HEIGHT }));
  }
}

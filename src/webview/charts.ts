// Charts drawn with uPlot (bundled; no CDN): spend over time and the latency
// distribution per lane. Colours come from the theme's chart variables.
import uPlot from 'uplot';
import type { PanelRow } from '../core/protocol.ts';
import { el, themeColor } from './dom.ts';
import { latencyHistogram, spendSeries } from './chart-data.ts';
import { formatMoney, formatMs } from './format.ts';

const HEIGHT = 240;

function axis(): uPlot.Axis {
  const fg = themeColor('--vscode-foreground', '#888');
  const grid = themeColor('--vscode-charts-lines', 'rgba(128,128,128,0.3)');
  const font = `${themeColor('--vscode-font-size', '13px')} ${themeColor('--vscode-font-family', 'sans-serif')}`;
  return { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font };
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
    const money = (_u: uPlot, v: number | null) => (v === null ? '–' : formatMoney(Math.round(v * 1e9)));
    this.plots.push(new uPlot({
      width: this.width(this.spendHost), height: HEIGHT,
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      series: [
        { label: s.bucket === 'hour' ? 'Hour' : 'Day' },
        { label: 'Deep lane', stroke: deep, fill: deep, paths: bars, value: money, points: { show: false } },
        { label: 'Fast lane', stroke: fast, fill: fast, paths: bars, value: money, points: { show: false } },
      ],
      axes: [axis(), { ...axis(), size: 70, values: (_u, ticks) => ticks.map((t) => formatMoney(Math.round(t * 1e9))) }],
    }, [s.x, s.all, s.fast], this.spendHost));
    // The deep series is drawn as the total, the fast one over it: a stacked bar.
    const h = latencyHistogram(this.rows);
    const stepped = uPlot.paths.stepped!({ align: 1 });
    this.latencyHost.replaceChildren();
    this.plots.push(new uPlot({
      width: this.width(this.latencyHost), height: HEIGHT,
      scales: { x: { time: false, distr: 3 }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      series: [
        { label: 'Latency up to', value: (_u, v) => formatMs(v) },
        { label: 'Fast lane', stroke: fast, width: 2, paths: stepped, points: { show: false } },
        { label: 'Deep lane', stroke: deep, width: 2, paths: stepped, points: { show: false } },
      ],
      axes: [{ ...axis(), values: (_u, ticks) => ticks.map((t) => formatMs(t)) }, { ...axis(), label: 'requests' }],
    }, [h.edges, h.fast, h.deep], this.latencyHost));
  }

  private resize(): void {
    if (!this.element.isConnected || this.element.clientWidth === 0) return;
    if (this.plots.length === 0) { this.draw(); return; }
    const hosts = [this.spendHost, this.latencyHost];
    this.plots.forEach((p, i) => p.setSize({ width: this.width(hosts[i]!), height: HEIGHT }));
  }
}

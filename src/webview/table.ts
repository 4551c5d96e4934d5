// The virtualised request table: only the rows in view exist in the DOM.
// Rows are focusable (roving tabindex); arrows, Page Up/Down, Home/End move,
// Enter opens the details.
import type { PanelRow } from '../core/ledger-rows.ts';
import { flagCost } from './cost-flag.ts';
import { COLUMNS } from './columns.ts';
import { el } from './dom.ts';
import { outcomeTone } from './format.ts';
import { moveIndex, pageSize, scrollToReveal, visibleWindow } from './virtual.ts';

export class VirtualTable {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly body: HTMLElement;
  private readonly header: HTMLElement;
  private rows: readonly PanelRow[] = [];
  private rowHeight = 24;
  private active = 0;
  private frame = 0;
  private readonly onOpen: (row: PanelRow, index: number) => void;

  constructor(onOpen: (row: PanelRow, index: number) => void) {
    this.onOpen = onOpen;
    this.header = el('div', { className: 'row head', attrs: { role: 'row', 'aria-rowindex': '1' } },
      ...COLUMNS.map((c) => el('div', { className: `cell c-${c.id}${c.numeric ? ' num' : ''}`, textContent: c.header, title: c.title, attrs: { role: 'columnheader' } })));
    this.body = el('div', { className: 'rows', attrs: { role: 'rowgroup' } });
    this.spacer = el('div', { className: 'spacer' }, this.body);
    this.scroller = el('div', { className: 'table-scroll' },
      el('div', { className: 'thead', attrs: { role: 'rowgroup' } }, this.header), this.spacer);
    this.element = el('div', { className: 'table', id: 'requests', attrs: { role: 'grid', 'aria-label': 'Requests, newest first' } }, this.scroller);
    this.scroller.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.body.addEventListener('click', (e) => {
      const rowEl = (e.target as HTMLElement).closest<HTMLElement>('.row[data-index]');
      if (rowEl) this.open(Number(rowEl.dataset.index));
    });
    new ResizeObserver(() => {
      // The reason line is as wide as the visible part of the table (panel.css).
      this.element.style.setProperty('--table-visible-width', `${this.scroller.clientWidth}px`);
      this.measure();
      this.schedule();
    }).observe(this.scroller);
  }

  setRows(rows: readonly PanelRow[]): void {
    this.rows = rows;
    this.active = Math.min(this.active, Math.max(0, rows.length - 1));
    this.element.setAttribute('aria-rowcount', String(rows.length + 1));
    this.render();
  }

  /** Row height follows the font size (zoom), so it is measured, not assumed. */
  measure(): void {
    const h = this.header.getBoundingClientRect().height;
    if (h > 0) this.rowHeight = h;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  render(): void {
    if (this.rowHeight <= 0 || !this.element.isConnected) return;
    const headH = this.header.getBoundingClientRect().height;
    const viewport = this.scroller.clientHeight - headH;
    const w = visibleWindow(this.scroller.scrollTop, viewport, this.rowHeight, this.rows.length);
    const hadFocus = this.body.contains(document.activeElement);
    this.spacer.style.height = `${w.totalHeight}px`;
    this.body.style.transform = `translateY(${w.offset}px)`;
    const now = Date.now();
    const frag = document.createDocumentFragment();
    for (let i = w.start; i < w.end; i++) frag.append(this.rowElement(this.rows[i]!, i, now));
    this.body.replaceChildren(frag);
    if (hadFocus) this.focusActive(false);
  }

  private rowElement(r: PanelRow, i: number, now: number): HTMLElement {
    const row = el('div', {
      className: `row${i === this.active ? ' active' : ''}${r.simulated ? ' simulated' : ''}`,
      tabIndex: i === this.active ? 0 : -1,
      dataset: { index: String(i), id: r.id },
      attrs: { role: 'row', 'aria-rowindex': String(i + 2) },
    });
    for (const c of COLUMNS) {
      const cell = el('div', { className: `cell c-${c.id}${c.numeric ? ' num' : ''}`, textContent: c.text(r, now), dataset: { col: c.id }, attrs: { role: 'gridcell' } });
      if (c.id === 'why' || c.id === 'state') cell.title = cell.textContent ?? '';
      if (c.id === 'cost') flagCost(cell, r);
      if (c.id === 'outcome') {
        cell.classList.add(`tone-${outcomeTone(r.outcome)}`);
        if (r.simulated) cell.append(el('span', { className: 'badge', textContent: 'simulated', title: 'Answered by the local emulator; the cost is what a real request would have cost' }));
      }
      row.append(cell);
    }
    return row;
  }

  private onKey(e: KeyboardEvent): void {
    if (!(e.target as HTMLElement).closest('.row[data-index]')) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.open(this.active);
      return;
    }
    const headH = this.header.getBoundingClientRect().height;
    const next = moveIndex(this.active, e.key, this.rows.length, pageSize(this.scroller.clientHeight - headH, this.rowHeight));
    if (next === undefined) return;
    e.preventDefault();
    this.setActive(next, true);
  }

  /** Moves the active row, scrolling it into view; focuses it when asked. */
  setActive(index: number, focus: boolean): void {
    this.active = index;
    const headH = this.header.getBoundingClientRect().height;
    const top = scrollToReveal(index, this.scroller.scrollTop, this.scroller.clientHeight, this.rowHeight, headH);
    if (top !== undefined) this.scroller.scrollTop = top;
    this.render();
    if (focus) this.focusActive(true);
  }

  focusActive(scroll: boolean): void {
    const rowEl = this.body.querySelector<HTMLElement>(`.row[data-index="${this.active}"]`);
    rowEl?.focus({ preventScroll: !scroll });
  }

  private open(index: number): void {
    const row = this.rows[index];
    if (!row) return;
    this.active = index;
    this.render();
    this.onOpen(row, index);
  }
}

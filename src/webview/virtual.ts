// Virtual-window math for the request table: which rows to render, and where
// keyboard navigation moves. Pure.

export interface VirtualWindow {
  /** First rendered row index (inclusive). */
  start: number;
  /** Last rendered row index (exclusive). */
  end: number;
  /** Pixel offset of the first rendered row. */
  offset: number;
  /** Height of the whole (mostly unrendered) list. */
  totalHeight: number;
}

export function visibleWindow(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 8): VirtualWindow {
  const h = Math.max(1, rowHeight);
  const totalHeight = total * h;
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewportHeight));
  const first = Math.floor(top / h);
  const visible = Math.ceil(Math.max(0, viewportHeight) / h) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + visible + overscan);
  return { start, end, offset: start * h, totalHeight };
}

/** Rows that fit in the viewport (for Page Up/Down). */
export function pageSize(viewportHeight: number, rowHeight: number): number {
  return Math.max(1, Math.floor(viewportHeight / Math.max(1, rowHeight)) - 1);
}

/** The row index a navigation key moves to, or undefined for keys the table does not handle. */
export function moveIndex(current: number, key: string, total: number, page: number): number | undefined {
  if (total === 0) return undefined;
  const clamp = (i: number) => Math.min(total - 1, Math.max(0, i));
  switch (key) {
    case 'ArrowDown': return clamp(current + 1);
    case 'ArrowUp': return clamp(current - 1);
    case 'PageDown': return clamp(current + page);
    case 'PageUp': return clamp(current - page);
    case 'Home': return 0;
    case 'End': return total - 1;
    default: return undefined;
  }
}

/** The scrollTop that brings row `index` into view, or undefined when it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number, headerHeight = 0): number | undefined {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  const visibleTop = scrollTop;
  const visibleBottom = scrollTop + viewportHeight - headerHeight;
  if (top < visibleTop) return top;
  if (bottom > visibleBottom) return bottom - (viewportHeight - headerHeight);
  return undefined;
}

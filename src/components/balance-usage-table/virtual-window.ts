// Fixed-height windowing: which rows of a long list are on screen, plus overscan, never more than a cap.

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan: number;
  /** Hard cap on rendered rows, whatever the viewport's height. */
  maxRows: number;
}

/** [start, end) of the rows to render. */
export function visibleWindow(input: WindowInput): { start: number; end: number } {
  const { rowHeight, rowCount, overscan, maxRows } = input;
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const firstVisible = Math.min(rowCount - 1, Math.max(0, Math.floor(input.scrollTop / rowHeight)));
  const visibleCount = Math.max(1, Math.ceil(Math.max(0, input.viewportHeight) / rowHeight) + 1);
  let start = Math.max(0, firstVisible - overscan);
  let end = Math.min(rowCount, firstVisible + visibleCount + overscan);
  if (end - start > maxRows) {
    start = Math.max(0, Math.min(start, firstVisible));
    end = Math.min(rowCount, start + maxRows);
  }
  return { start, end };
}

/** The scrollTop that brings row `index` fully into view, or the current one when it already is. */
export function scrollTopFor(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return scrollTop;
}

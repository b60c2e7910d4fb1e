// Fixed-height windowing: which rows of a long list are on screen, plus overscan, never more than a cap.

export interface WindowInput {
  /** The viewport's top in the whole list's pixels (rowCount × rowHeight tall). */
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan: number;
  /** Hard cap on rendered rows, whatever the viewport's height. */
  maxRows: number;
}

/**
 * [start, end) of the rows to render. The window keeps one size wherever it is (at the top, its overscan goes below),
 * so a row that leaves it makes room for exactly one that enters: the grid's rows are keyed by their place in a
 * window of that size, and the DOM node of a row leaving is the one the next row reuses.
 */
export function visibleWindow(input: WindowInput): { start: number; end: number } {
  const { rowHeight, rowCount, overscan, maxRows } = input;
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const firstVisible = Math.min(rowCount - 1, Math.max(0, Math.floor(input.scrollTop / rowHeight)));
  const visibleCount = Math.max(1, Math.ceil(Math.max(0, input.viewportHeight) / rowHeight) + 1);
  const size = Math.min(rowCount, Math.max(1, maxRows), visibleCount + 2 * overscan);
  // Overscan above the viewport when there is room for it, but never at the cost of a visible row.
  const before = Math.min(overscan, Math.max(0, size - visibleCount));
  const start = Math.min(rowCount - size, Math.max(0, firstVisible - before));
  return { start, end: start + size };
}

/** The scrollTop that brings row `index` fully into view, or the current one when it already is. */
export function scrollTopFor(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return bottom - viewportHeight;
  return scrollTop;
}

/** The row a navigation key moves focus to from row `index` of rows 0…last; undefined for any other key. */
export function rowForKey(key: string, index: number, last: number, pageRows: number): number | undefined {
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, index + 1);
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'PageDown':
      return Math.min(last, index + pageRows);
    case 'PageUp':
      return Math.max(0, index - pageRows);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}

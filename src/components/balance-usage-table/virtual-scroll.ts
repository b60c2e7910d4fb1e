// The itemised grid's scroll position, kept out of Lit's reactive state so that a scrolled frame never re-renders the
// element: the scroller is read once a frame, its scrollTop mapped to a place in the whole list, and the window of rows
// is moved by a transform. Past the browser's limit on one element's height (Firefox stops near 17.9M px, Chromium near
// 33.5M px; 10,000,000 rows of 48 px are 480M px) the spacer is capped and scrollTop is scaled onto the list.
import { scrollTopFor } from './virtual-window.js';

/** The spacer is never taller than this: under Firefox's limit, so the last row is reachable in every browser. */
export const MAX_SPACER_HEIGHT = 15_000_000;

export interface ListOffsetInput {
  scrollTop: number;
  /** The scrollTop and list offset of the frame before. */
  previousTop: number;
  previousOffset: number;
  /** rowCount × rowHeight. */
  listHeight: number;
  /** The spacer's height: the list's, capped. */
  spacerHeight: number;
  viewportHeight: number;
}

export function spacerHeight(listHeight: number): number {
  return Math.max(0, Math.min(listHeight, MAX_SPACER_HEIGHT));
}

/** The largest list offset and scrollTop: the last row's bottom at the viewport's bottom. */
function ends(listHeight: number, spacer: number, viewportHeight: number): { list: number; top: number } {
  return { list: Math.max(0, listHeight - viewportHeight), top: Math.max(0, spacer - viewportHeight) };
}

/**
 * Where the viewport's top is in the list, in the list's pixels, for the spacer's scrollTop. Unscaled it is scrollTop.
 * Scaled, each end of the spacer is that end of the list; a move of at most a viewport (a mouse wheel, a trackpad, the
 * arrow keys on the scroller) moves the list as many pixels, so a wheel still passes every row; a bigger one (the
 * scrollbar dragged, a fling) maps linearly, scrollTop / max scrollTop of the way through the list.
 */
export function listOffset(input: ListOffsetInput): number {
  const { scrollTop, listHeight, spacerHeight: spacer, viewportHeight } = input;
  const max = ends(listHeight, spacer, viewportHeight);
  if (listHeight <= spacer) return Math.min(max.list, Math.max(0, scrollTop));
  if (scrollTop <= 0) return 0;
  if (scrollTop >= max.top - 0.5) return max.list;
  const delta = scrollTop - input.previousTop;
  if (Math.abs(delta) <= viewportHeight) return Math.min(max.list, Math.max(0, input.previousOffset + delta));
  return max.top > 0 ? (scrollTop / max.top) * max.list : 0;
}

/** The scrollTop that shows list offset `offset`: the linear mapping's inverse (itself when unscaled). */
export function scrollTopForOffset(offset: number, listHeight: number, spacer: number, viewportHeight: number): number {
  if (listHeight <= spacer) return offset;
  const max = ends(listHeight, spacer, viewportHeight);
  return max.list > 0 ? (offset / max.list) * max.top : 0;
}

/**
 * The place in the list a grid shows. Plain fields, not reactive state: the grid reads `offset` when it renders its
 * rows and asks {@link windowTop} where to put them.
 */
export class VirtualScroll {
  /** The viewport's top in the list's pixels. */
  offset = 0;
  /** The rows' viewport: the scroller's height under its sticky header. */
  viewportHeight = 0;
  rowCount = 0;
  rowHeight = 48;
  /** The scrollTop read last. */
  private scrollTop = 0;
  /** A scroll this code asked for: when the scroller reports that scrollTop, the list is at exactly this offset. */
  private requested?: { scrollTop: number; offset: number };

  get listHeight(): number {
    return this.rowCount * this.rowHeight;
  }

  get spacerHeight(): number {
    return spacerHeight(this.listHeight);
  }

  /** True when the list is taller than the spacer and scrollTop is scaled. */
  get scaled(): boolean {
    return this.listHeight > this.spacerHeight;
  }

  /**
   * Sets the list's size; when its height changes, the offset is taken again from scrollTop alone (a count learned
   * from the pages, the cards' height at phone width).
   */
  resize(rowCount: number, rowHeight: number, scroller: HTMLElement | null): void {
    if (rowCount === this.rowCount && rowHeight === this.rowHeight) return;
    this.rowCount = rowCount;
    this.rowHeight = rowHeight;
    this.requested = undefined;
    // Never measured (no frame yet): the scroller is new, at its top; reading scrollTop would force a layout of the
    // page before the first rows, and again when the count arrives.
    if (!scroller || this.viewportHeight === 0) return;
    this.scrollTop = scroller.scrollTop;
    this.offset = listOffset({
      scrollTop: this.scrollTop,
      previousTop: Number.NEGATIVE_INFINITY,
      previousOffset: 0,
      listHeight: this.listHeight,
      spacerHeight: this.spacerHeight,
      viewportHeight: this.viewportHeight,
    });
  }

  /** Reads the scroller (once a frame). Returns how far the list moved, in its pixels. */
  sync(scroller: HTMLElement, viewportHeight: number): number {
    const before = this.offset;
    const scrollTop = scroller.scrollTop;
    this.viewportHeight = viewportHeight;
    if (this.requested && Math.abs(scrollTop - this.requested.scrollTop) < 1) this.offset = this.requested.offset;
    else {
      this.offset = listOffset({
        scrollTop,
        previousTop: this.scrollTop,
        previousOffset: this.offset,
        listHeight: this.listHeight,
        spacerHeight: this.spacerHeight,
        viewportHeight,
      });
    }
    this.requested = undefined;
    this.scrollTop = scrollTop;
    return this.offset - before;
  }

  /** Scrolls so that row `index` is fully in view (the keyboard); the offset is exact at once, whatever the scale. */
  scrollToRow(scroller: HTMLElement, index: number): void {
    const viewport = this.viewportHeight || scroller.clientHeight;
    const max = ends(this.listHeight, this.spacerHeight, viewport);
    const offset = Math.min(max.list, Math.max(0, scrollTopFor(index, this.rowHeight, this.offset, viewport)));
    if (offset === this.offset && !this.scaled) return;
    scroller.scrollTop = scrollTopForOffset(offset, this.listHeight, this.spacerHeight, viewport);
    // Read back: the browser rounds scrollTop to its own steps.
    this.scrollTop = scroller.scrollTop;
    this.requested = { scrollTop: this.scrollTop, offset };
    this.offset = offset;
  }

  /**
   * Where, inside the spacer, the window's first row `start` goes so the list's rows line up with the viewport. Whole
   * pixels: scaled, the offset is rarely one, and text moved by a fraction of a pixel is drawn blurred.
   */
  windowTop(start: number): number {
    if (!this.scaled) return start * this.rowHeight;
    return Math.round(this.scrollTop + start * this.rowHeight - this.offset);
  }
}

// <billing-usage-grid>: <balance-usage-table>'s itemised level, a private sub-element fetched with import(): the virtual
// ARIA grid over cursor pages (UsagePager, windowing), the detail panel, measuring, paging, keyboard and selection. Its
// rows are drawn by usage-rows.ts and placed by virtual-scroll.ts, frame by frame, without re-rendering this element.
// The table renders its tag with the words, locale, zone, layout and the list's filters and sort.
import { html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BillingClient } from '../../client/billing-client.js';
import { isAbortError, toBillingError, type BillingError } from '../../client/errors.js';
import type { UsageEntry, UsageFilters, UsageSort } from '../../client/schemas.js';
import { countryName } from '../../i18n/localize.js';
import type { UsageListMessages } from '../../i18n/messages/balance-usage-table.js';
import { numberFormat } from '../../money/intl-cache.js';
import { formatMoney, type Money } from '../../money/money.js';
import { StoreController } from '../../store/store-controller.js';
// Not styleMap: its first render writes a style attribute, which a strict CSP (style-src without 'unsafe-inline') drops.
import { cssomStyles } from '../../styles/cssom-styles.js';
import { sharedStyles } from '../../styles/shared.js';
import { balanceUsageTableDetailsStyles } from './balance-usage-table.details.styles.js';
import { renderDetailPanel, revealDetailPanel } from './detail-panel.js';
import { UsagePager } from './usage-pager.js';
import { usagePagingFault } from './usage-paging-error.js';
import { firstPageFor, formatUsageTime, USAGE_PAGE_SIZE as PAGE_SIZE, type FirstUsagePage } from './usage-query.js';
import { renderUsageRows } from './usage-rows.js';
import { isolate } from './usage-table-views.js';
import { spacerHeight, VirtualScroll } from './virtual-scroll.js';
import { rowForKey, visibleWindow } from './virtual-window.js';
import { defaultUsageGridMessages } from './grid-messages.js';

const ROW_HEIGHT = 48;
const CARD_HEIGHT = 96;
const OVERSCAN = 8;
/** However tall the viewport, never more rows than this in the DOM. */
const MAX_RENDERED_ROWS = 60;
/** Loading rows shown while the list's length is not known yet. */
const PLACEHOLDER_ROWS = 10;
const FLING_SETTLE_MS = 120;

const icons = {
  close: svg`<path d="M5.5 5.5l9 9m0-9-9 9" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none"/>`,
  sort: svg`<path d="M7 8l3-3 3 3M7 12l3 3 3-3" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
  sortDown: svg`<path d="M10 4.5v11m0 0-4-4m4 4 4-4" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
  sortUp: svg`<path d="M10 15.5v-11m0 0-4 4m4-4 4 4" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
  error: svg`<circle cx="10" cy="10" r="7.2" stroke="currentColor" stroke-width="1.6" fill="none"/><path d="M10 6.3v4.4" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/><circle cx="10" cy="13.5" r="0.95" fill="currentColor"/>`,
};

function icon(name: keyof typeof icons): TemplateResult {
  return html`<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">${icons[name]}</svg>`;
}

/**
 * @internal What the grid asks of its table, which owns the query: another sort (a column header), or the whole query read
 * again from its first page (Try again after a paging error). Dispatched on the grid itself, neither bubbling nor
 * composed: it never leaves the table's shadow root.
 */
export class UsageGridRequestEvent extends Event {
  static readonly eventName = 'usage-grid-request' as const;

  constructor(readonly request: { sort: UsageSort } | { retry: true }) {
    super(UsageGridRequestEvent.eventName);
  }
}

/** One read of the list: its pager, and the requests of every window it serves, ended together (a newer read, or off the page). */
interface UsageListRead {
  client: BillingClient;
  pager: UsagePager;
  requests: AbortController;
}

/**
 * @internal Private sub-element of `<balance-usage-table>` (not public API): the itemised calls of one query. Its store
 * comes from the table through the billing-store context; its parts are exported by the table.
 *
 * @tagname billing-usage-grid
 */
export class BillingUsageGrid extends LitElement {
  static override styles = [...sharedStyles, balanceUsageTableDetailsStyles];
  /** The list's English travels in this chunk; the table resolves it with its own words when it draws the list. */
  static readonly english = defaultUsageGridMessages;

  /** The table's words in its language. */
  @property({ attribute: false }) text!: UsageListMessages;
  @property() locale = 'en';
  @property({ attribute: false }) timeZone = 'UTC';
  /** The table's `rates-href`, where "Rate for Nigeria" in a call's details leads. */
  @property({ attribute: false }) ratesHref?: string;
  /** Phone width: rows become cards. */
  @property({ type: Boolean, reflect: true }) narrow = false;
  /** The range listed; a new object (a new query, or the table's refresh in place) reads the list again. */
  @property({ attribute: false }) filters?: UsageFilters;
  @property({ attribute: false }) sort: UsageSort = 'date_desc';
  /** The list's first page when the table asked for it already (for these filters and sort). */
  @property({ attribute: false }) firstPage?: FirstUsagePage;
  /** The summary's count: the list's length until its pages say otherwise. */
  @property({ attribute: false }) countedCalls = 0;
  /** A failed read in the table's language (paging faults are worded here). */
  @property({ attribute: false }) errorText: (error: BillingError) => string = (error) => error.message;

  @state() private list?: UsageListRead;
  @state() private activeRow = 0;
  @state() private selected?: { index: number; entry: UsageEntry };
  /** The pages under the rows in view failed to load (a paging fault, the network): the grid makes way for Try again. */
  @state() private rowsError?: BillingError;

  private readonly billing = new StoreController(this, { loadAccount: false });
  /** Where the list is scrolled to: read each frame, never reactive state (a scrolled frame redraws the rows only). */
  private readonly place = new VirtualScroll();
  private scrollFrame = 0;
  /** The window of rows drawn last, and whether it reached the list's end (the end-of-list line is this element's). */
  private drawn = { start: -1, end: -1, atEnd: false };
  /** The read and pages asked for last: the same window is not asked for again (a page no answer will ever hold). */
  private requested?: { list: UsageListRead; pages: string };
  /** Until then a fling is on: rows show placeholders instead of fetching every page passed. */
  private flingUntil = 0;
  private flingTimer?: ReturnType<typeof setTimeout>;
  private focusRowAfterRender = false;
  /** Rows beyond the viewport are drawn ('full') once the first rows with data are painted: first paint draws what is seen. */
  private overscan: 'none' | 'queued' | 'full' = 'none';

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.list?.requests.abort();
    this.list = undefined;
    clearTimeout(this.flingTimer);
    cancelAnimationFrame(this.scrollFrame);
    this.scrollFrame = 0;
  }

  /** Rows to draw: the count; before one is known (the summary and the first page both on their way), placeholders. */
  private get rowCount(): number {
    return this.countKnown ? (this.list?.pager.totalCount ?? this.countedCalls) : PLACEHOLDER_ROWS;
  }

  private get countKnown(): boolean {
    return !this.list || this.list.pager.totalCount !== undefined || this.countedCalls > 0;
  }

  private get rowHeight(): number {
    return this.narrow ? CARD_HEIGHT : ROW_HEIGHT;
  }

  private get gridElement(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[role="grid"]');
  }

  /** The body's row group, which usage-rows.ts fills: this element's own render leaves it empty. */
  private get rowsElement(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('.window');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const client = this.billing.store?.client;
    const stale = !this.list || changed.has('filters') || changed.has('sort') || this.list.client !== client;
    if (!stale) return;
    // A new range (or the table's refresh in place) reads the list again; the person keeps their row, scroll and call.
    this.list?.requests.abort();
    this.list =
      this.isConnected && client && this.filters
        ? {
            client,
            pager: new UsagePager(client, {
              filters: this.filters,
              sort: this.sort,
              pageSize: PAGE_SIZE,
              ...firstPageFor(this.firstPage, client, this.filters, this.sort),
            }),
            requests: new AbortController(),
          }
        : undefined;
    this.rowsError = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.place.resize(this.rowCount, this.rowHeight, this.gridElement);
    if (changed.has('narrow') || (this.place.viewportHeight === 0 && this.list)) {
      // Measured after layout, in the next frame, so a render never schedules another from inside itself.
      this.scheduleFrame();
    }
    this.drawRows();
    this.loadWindow();
    if (this.focusRowAfterRender) {
      this.focusRowAfterRender = false;
      this.rowElement(this.activeRow)?.focus();
    }
  }

  private rowElement(index: number): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[role="row"][data-index="${index}"]`);
  }

  private visibleRange(): { start: number; end: number } {
    return visibleWindow({
      scrollTop: this.place.offset,
      viewportHeight: this.place.viewportHeight || 480,
      rowHeight: this.rowHeight,
      rowCount: this.rowCount,
      overscan: this.overscan === 'full' ? OVERSCAN : 0,
      maxRows: MAX_RENDERED_ROWS - 1,
    });
  }

  private count(value: number): string {
    return numberFormat(this.locale).format(value);
  }

  private money(money: Money): string {
    return formatMoney(money, this.locale);
  }

  /** The destination country in the table's language; the backend's name where the browser has none for the code. */
  private destination(entry: UsageEntry): string {
    return countryName(entry.destinationCountry, this.locale) ?? entry.destinationName;
  }

  // ------------------------------------------------------------------ rows and pages

  /** Draws the window of rows in view into the body (not this element: its render is not run for a scroll). */
  private drawRows(): void {
    const container = this.rowsElement;
    if (!container) return;
    const { start, end } = this.visibleRange();
    const rowCount = this.rowCount;
    const pager = this.list?.pager;
    // A focused row that the new rows replace gets focus back, so scrolling away from it and back never drops it.
    const focused = this.shadowRoot?.activeElement;
    const hadRowFocus = focused instanceof HTMLElement && focused.matches('.window [role="row"]');
    renderUsageRows(
      {
        text: this.text,
        start,
        end,
        rowHeight: this.rowHeight,
        active: Math.min(this.activeRow, Math.max(0, rowCount - 1)),
        selectedId: this.selected?.entry.id,
        entryAt: (index) => pager?.entryAt(index),
        cells: (entry) => this.renderCells(entry),
        onSelect: (index, entry) => this.select(index, entry),
      },
      container,
      this,
    );
    container.style.setProperty('transform', `translateY(${this.place.windowTop(start)}px)`);
    if (hadRowFocus && !focused.isConnected) this.rowElement(this.activeRow)?.focus({ preventScroll: true });
    this.drawn = { start, end, atEnd: this.atEnd(end) };
    if (this.overscan === 'none' && pager?.entryAt(start)) {
      this.overscan = 'queued';
      // After the next frame is painted: a task queued from that frame's callback runs after its paint.
      requestAnimationFrame(() => setTimeout(this.fillOverscan));
    }
  }

  private atEnd(end: number): boolean {
    const rowCount = this.rowCount;
    return end >= rowCount && rowCount > 0 && this.list?.pager.entryAt(rowCount - 1) !== undefined;
  }

  /**
   * Asks the pager for the pages under the rows in view (nothing during a fling); an answer redraws this element (the
   * count, the rows), a failure shows Try again. The pages' requests are the read's: the next window often still wants
   * the page in flight.
   */
  private loadWindow(): void {
    const list = this.list;
    if (!list || this.rowsError || performance.now() < this.flingUntil) return;
    const { start, end } = this.visibleRange();
    if (end <= start) return;
    const pages = `${Math.floor(start / PAGE_SIZE)}-${Math.floor((end - 1) / PAGE_SIZE)}`;
    if (this.requested?.list === list && this.requested.pages === pages) return;
    this.requested = { list, pages };
    const answers = list.pager.answerCount;
    list.pager.ensure(start, end, list.requests.signal).then(
      () => {
        if (list === this.list && list.pager.answerCount !== answers) this.requestUpdate();
      },
      (error: unknown) => {
        if (list !== this.list || list.requests.signal.aborted || isAbortError(error)) return;
        this.rowsError = toBillingError(error);
      },
    );
  }

  // ------------------------------------------------------------------ render

  protected override render(): TemplateResult {
    if (this.rowsError) {
      const error = this.rowsError;
      const fault = usagePagingFault(error);
      return html`<div class="error">
        <p part="error" class="error-message" role="alert">
          ${icon('error')}<span>${fault ? this.text.pagingFaults[fault] : this.errorText(error)}</span>
        </p>
        <button
          type="button"
          part="retry-button"
          class="button button--secondary"
          @click=${() => this.dispatchEvent(new UsageGridRequestEvent({ retry: true }))}
        >
          ${this.text.retry}
        </button>
      </div>`;
    }
    return this.renderGrid();
  }

  private renderGrid(): TemplateResult {
    const text = this.text;
    const rowCount = this.rowCount;
    const sortState = (column: 'date' | 'price') =>
      this.sort.startsWith(column) ? (this.sort.endsWith('desc') ? 'descending' : 'ascending') : 'none';
    const sortButton = (column: 'date' | 'price', label: string) => {
      const current = sortState(column);
      const next: UsageSort = current === 'descending' ? `${column}_asc` : `${column}_desc`;
      return html`<button
        type="button"
        part="sort-button"
        class="sort-button"
        @click=${() => this.dispatchEvent(new UsageGridRequestEvent({ sort: next }))}
      >
        ${label}${icon(current === 'descending' ? 'sortDown' : current === 'ascending' ? 'sortUp' : 'sort')}
      </button>`;
    };
    const lastShown = this.atEnd(this.visibleRange().end);
    return html`<div
        part="grid"
        class="grid"
        role="grid"
        aria-label=${text.title}
        aria-describedby="hint"
        aria-rowcount=${this.countKnown ? rowCount + 1 : -1}
        aria-colcount="5"
        aria-readonly="true"
        @scroll=${this.scheduleFrame}
        @keydown=${this.onKeydown}
      >
        <div role="rowgroup" class="head">
          <div role="row" aria-rowindex="1" part="header-row" class="row row--head">
            <div role="columnheader" aria-colindex="1" aria-sort=${sortState('date')}>${sortButton('date', text.dateColumn)}</div>
            <div role="columnheader" aria-colindex="2">${text.destinationColumn}</div>
            <div role="columnheader" aria-colindex="3">${text.durationColumn}</div>
            <div role="columnheader" aria-colindex="4">${text.userColumn}</div>
            <div role="columnheader" aria-colindex="5" aria-sort=${sortState('price')} class="numeric">
              ${sortButton('price', text.priceColumn)}
            </div>
          </div>
        </div>
        <div class="body" ${cssomStyles({ 'block-size': `${spacerHeight(rowCount * this.rowHeight)}px` })}>
          <div role="rowgroup" class="window"></div>
        </div>
      </div>
      <p class="visually-hidden" id="hint">${text.gridHint}</p>
      ${lastShown ? html`<p part="end-of-list" class="end-of-list">${text.endOfList(this.count(rowCount), rowCount)}</p>` : nothing}
      ${this.renderCountNote()} ${this.renderDetailPanel()}`;
  }

  /** Once the last page is read and holds another number of calls than the backend counted: said quietly, under the list. */
  private renderCountNote(): TemplateResult | typeof nothing {
    const pager = this.list?.pager;
    const held = pager?.totalCount;
    const counted = pager?.countedTotal;
    if (held === undefined || counted === undefined || held === counted || !pager?.endKnown) return nothing;
    return html`<p part="count-note" class="count-note">${this.text.countMismatch(this.count(held), this.count(counted), held)}</p>`;
  }

  private renderCells(entry: UsageEntry): TemplateResult {
    return html`<div role="gridcell" aria-colindex="1" class="cell cell--when">${this.time(entry)}</div>
      <div role="gridcell" aria-colindex="2" class="cell cell--destination">${this.destination(entry)}</div>
      <div role="gridcell" aria-colindex="3" class="cell cell--duration">${this.duration(entry.billedSeconds)}</div>
      <div role="gridcell" aria-colindex="4" class="cell cell--user">${entry.user.name}</div>
      <div role="gridcell" aria-colindex="5" class="cell cell--price numeric">${this.money(entry.price)}</div>`;
  }

  private time(entry: UsageEntry): string {
    return formatUsageTime(Date.parse(entry.occurredAt), this.locale, this.timeZone);
  }

  private duration(seconds: number): string {
    const minutes = Math.floor(seconds / 60);
    return this.text.duration(minutes, seconds % 60, { minutes: this.count(minutes), seconds: this.count(seconds % 60) });
  }

  private renderDetailPanel(): TemplateResult | typeof nothing {
    const entry = this.selected?.entry;
    if (!entry) return nothing;
    return renderDetailPanel(this.text, {
      entry,
      time: this.time(entry),
      destination: this.destination(entry),
      duration: this.duration(entry.billedSeconds),
      rate: this.text.ratePerMinute(isolate(this.money(entry.ratePerMinute))),
      price: this.money(entry.price),
      ratesHref: this.ratesHref,
      closeIcon: icon('close'),
      onClose: this.onCloseDetails,
    });
  }

  private readonly fillOverscan = (): void => {
    this.overscan = 'full';
    if (!this.isConnected) return;
    this.redrawRows();
    this.loadWindow();
  };

  /** Draws another window of rows; this element re-renders only when the list's end comes into it or leaves it. */
  private redrawRows(): void {
    const atEnd = this.drawn.atEnd;
    this.drawRows();
    if (this.drawn.atEnd !== atEnd) this.requestUpdate();
  }

  // ------------------------------------------------------------------ interaction

  /** A scroll event, or a measure after layout: read once, in the next frame. */
  private readonly scheduleFrame = (): void => {
    if (this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => {
      this.scrollFrame = 0;
      this.onFrame();
    });
  };

  /**
   * One frame of scrolling: where the list is now; the window of rows moves (redrawn only when other rows come into
   * it), and this element re-renders only when the list's end comes into view or leaves it.
   */
  private onFrame(): void {
    const grid = this.gridElement;
    if (!grid) return;
    const head = grid.querySelector<HTMLElement>('.head');
    const height = Math.max(0, grid.clientHeight - (this.narrow ? 0 : (head?.offsetHeight ?? 0)));
    const moved = this.place.sync(grid, height);
    if (Math.abs(moved) > PAGE_SIZE * this.rowHeight) {
      // A fling moves more than a page per frame: fetching each page it passes would only queue
      // requests nobody waits for. Placeholders show until it slows down.
      this.flingUntil = performance.now() + FLING_SETTLE_MS;
      clearTimeout(this.flingTimer);
      this.flingTimer = setTimeout(() => this.loadWindow(), FLING_SETTLE_MS + 10);
    }
    const { start, end } = this.visibleRange();
    if (start !== this.drawn.start || end !== this.drawn.end) this.redrawRows();
    else this.rowsElement?.style.setProperty('transform', `translateY(${this.place.windowTop(start)}px)`);
    this.loadWindow();
  }

  private readonly onKeydown = (event: KeyboardEvent): void => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[role="row"][data-index]');
    if (!row) return;
    const index = Number(row.dataset['index']);
    const pageRows = Math.max(1, Math.floor((this.place.viewportHeight || 480) / this.rowHeight) - 1);
    if (event.key === 'Enter' || event.key === ' ') {
      const entry = this.list?.pager.entryAt(index);
      if (entry) this.select(index, entry);
      event.preventDefault();
      return;
    }
    if (event.key === 'Escape') {
      if (this.selected) {
        this.selected = undefined;
        event.preventDefault();
      }
      return;
    }
    const next = rowForKey(event.key, index, this.rowCount - 1, pageRows);
    if (next === undefined) return;
    event.preventDefault();
    this.moveTo(next);
  };

  /** Moves keyboard focus to row `index`, scrolling it into view (and into the DOM) first. */
  private moveTo(index: number): void {
    const grid = this.gridElement;
    if (!grid) return;
    this.place.scrollToRow(grid, index);
    this.activeRow = index;
    this.focusRowAfterRender = true;
    this.requestUpdate();
  }

  private select(index: number, entry: UsageEntry): void {
    this.activeRow = index;
    this.selected = { index, entry };
    // On a phone the details draw under the list, off-screen, and the tapped card is left behind: focus goes with them.
    void this.updateComplete.then(() => revealDetailPanel(this.renderRoot.querySelector('[part="detail-panel"]'), this.narrow));
  }

  /** The × button, or Escape anywhere in the details. */
  private readonly onCloseDetails = (event: Event): void => {
    if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
    this.selected = undefined;
    this.focusRowAfterRender = true;
  };
}

if (!customElements.get('billing-usage-grid')) customElements.define('billing-usage-grid', BillingUsageGrid);

declare global {
  interface HTMLElementTagNameMap {
    'billing-usage-grid': BillingUsageGrid;
  }
}

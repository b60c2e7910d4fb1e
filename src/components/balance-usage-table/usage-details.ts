// The itemised level of <balance-usage-table>, loaded with import() when the browser is idle or, at the latest, when
// "View details" is chosen: the virtual ARIA grid over cursor pages (UsagePager, windowing), its rows and cells, the
// detail panel, measuring, scrolling, keyboard and selection. The element (balance-usage-table.ts) keeps the public
// API, the summary, the filters and every piece of state; these functions read and write it on `host`.
import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { isAbortError, toBillingError } from '../../client/errors.js';
import type { UsageEntry, UsageSort } from '../../client/schemas.js';
// Not styleMap: its first render writes a style attribute, which a strict CSP (style-src without 'unsafe-inline') drops.
import { cssomStyles } from '../../styles/cssom-styles.js';
// Type only: the element imports this module, never the other way round at run time.
import type { BalanceUsageTable } from './balance-usage-table.js';
import { balanceUsageTableDetailsStyles } from './balance-usage-table.details.styles.js';
import { UsagePager } from './usage-pager.js';
import { usagePagingFault } from './usage-paging-error.js';
import { formatUsageTime, type UsageTableQuery } from './usage-query.js';
import { scrollTopFor, visibleWindow } from './virtual-window.js';

const ROW_HEIGHT = 48;
const CARD_HEIGHT = 96;
const OVERSCAN = 8;
/** However tall the viewport, never more rows than this in the DOM. */
const MAX_RENDERED_ROWS = 60;
const PAGE_SIZE = 100;
const FLING_SETTLE_MS = 120;

const icons = {
  close: svg`<path d="M5.5 5.5l9 9m0-9-9 9" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none"/>`,
  sort: svg`<path d="M7 8l3-3 3 3M7 12l3 3 3-3" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
  sortDown: svg`<path d="M10 4.5v11m0 0-4-4m4 4 4-4" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
  sortUp: svg`<path d="M10 15.5v-11m0 0-4 4m4-4 4 4" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
};

function icon(name: keyof typeof icons): TemplateResult {
  return html`<svg class="" viewBox="0 0 20 20" aria-hidden="true" focusable="false">${icons[name]}</svg>`;
}

/** Keeps an interpolated amount or name in its own direction inside a sentence. */
function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

function rowHeight(host: BalanceUsageTable): number {
  return host.narrow ? CARD_HEIGHT : ROW_HEIGHT;
}

function gridElement(host: BalanceUsageTable): HTMLElement | null {
  return host.renderRoot.querySelector<HTMLElement>('[role="grid"]');
}

// ------------------------------------------------------------------ lifecycle

/** @internal The grid's stylesheet, adopted by the element on top of its static styles once this module has loaded. */
export const styles = balanceUsageTableDetailsStyles;

/** @internal The element's willUpdate() once this module has loaded: a list the element asked for gets its pager. */
export function willUpdate(host: BalanceUsageTable): void {
  const list = host.listRequest;
  if (list && !host.pager) host.pager = new UsagePager(list.client, { filters: list.filters, sort: list.sort, pageSize: PAGE_SIZE });
}

/** @internal The element's updated() once this module has loaded: measures, fetches the rows in view, moves focus. */
export function updated(host: BalanceUsageTable, changed: PropertyValues<BalanceUsageTable>): void {
  if ((changed as Map<PropertyKey, unknown>).has('narrow') || (host.viewportHeight === 0 && host.pager)) {
    // Measured after layout, in the next frame, so a render never schedules another from inside itself.
    if (!host.scrollFrame) {
      host.scrollFrame = requestAnimationFrame(() => {
        host.scrollFrame = 0;
        measure(host);
      });
    }
  }
  ensureVisibleRows(host);
  if (host.focusRowAfterRender) {
    host.focusRowAfterRender = false;
    host.renderRoot.querySelector<HTMLElement>(`[role="row"][data-index="${host.activeRow}"]`)?.focus();
  }
}

/** Per pager, the answers already drawn: a resolved ensure() redraws only for news, so paging cannot spin without the network. */
const answersDrawn = new WeakMap<UsagePager, number>();

function ensureVisibleRows(host: BalanceUsageTable): void {
  const pager = host.pager;
  const controller = host.loadController;
  if (!pager || !controller || host.pageError) return;
  if (performance.now() < host.flingUntil) return;
  const { start, end } = visibleRange(host);
  let missing = false;
  for (let index = start; index < end; index++) {
    if (!pager.entryAt(index)) {
      missing = true;
      break;
    }
  }
  if (!missing) return;
  pager.ensure(start, end, controller.signal).then(
    () => {
      // ensure() resolves at once for rows no page will ever hold (a backend whose totalCount was more than its pages):
      // redrawing then would call it again, for ever, and freeze the tab. One redraw per answer, none without one.
      if (pager !== host.pager || answersDrawn.get(pager) === pager.answerCount) return;
      answersDrawn.set(pager, pager.answerCount);
      host.rowsVersion += 1;
    },
    (error: unknown) => {
      if (pager !== host.pager || controller.signal.aborted || isAbortError(error)) return;
      host.pageError = toBillingError(error);
    },
  );
}

function visibleRange(host: BalanceUsageTable): { start: number; end: number } {
  return visibleWindow({
    scrollTop: host.listScrollTop,
    viewportHeight: host.viewportHeight || 480,
    rowHeight: rowHeight(host),
    rowCount: host.rowCount,
    overscan: OVERSCAN,
    maxRows: MAX_RENDERED_ROWS - 1,
  });
}

// ------------------------------------------------------------------ render

/** @internal Under the details level's head (back button, totals): the grid, or the state in its place, and the detail panel. */
export function renderList(host: BalanceUsageTable, query: UsageTableQuery): TemplateResult {
  if (host.pageError) {
    const fault = usagePagingFault(host.pageError);
    return host.renderError(fault ? host.text.pagingFaults[fault] : host.localize.errorMessage(host.pageError));
  }
  return host.renderState() ?? renderGrid(host, query);
}

function renderGrid(host: BalanceUsageTable, query: UsageTableQuery): TemplateResult {
  const text = host.text;
  const pager = host.pager;
  const rowCount = host.rowCount;
  const height = rowHeight(host);
  const { start, end } = visibleRange(host);
  const indices: number[] = [];
  for (let index = start; index < end; index++) indices.push(index);
  // The focused row stays in the DOM even when scrolled away, so focus is never dropped on the page.
  const active = Math.min(host.activeRow, Math.max(0, rowCount - 1));
  if (rowCount > 0 && (active < start || active >= end)) indices.push(active);
  const sortState = (column: 'date' | 'price') =>
    query.sort.startsWith(column) ? (query.sort.endsWith('desc') ? 'descending' : 'ascending') : 'none';
  const sortButton = (column: 'date' | 'price', label: string) => {
    const current = sortState(column);
    const next: UsageSort = current === 'descending' ? `${column}_asc` : `${column}_desc`;
    return html`<button type="button" part="sort-button" class="sort-button" @click=${() => host.setQuery({ sort: next })}>
      ${label}${icon(current === 'descending' ? 'sortDown' : current === 'ascending' ? 'sortUp' : 'sort')}
    </button>`;
  };
  const lastShown = end >= rowCount && rowCount > 0 && pager?.entryAt(rowCount - 1) !== undefined;
  return html`<div
      part="grid"
      class="grid"
      role="grid"
      aria-labelledby="${host.idPrefix}-title"
      aria-describedby="${host.idPrefix}-hint"
      aria-rowcount=${rowCount + 1}
      aria-colcount="5"
      aria-readonly="true"
      @scroll=${() => onScroll(host)}
      @keydown=${(event: KeyboardEvent) => onGridKeydown(host, event)}
    >
      <div role="rowgroup" class="head">
        <div role="row" aria-rowindex="1" part="header-row" class="row row--head">
          <div role="columnheader" aria-colindex="1" aria-sort=${sortState('date')}>${sortButton('date', text.dateColumn)}</div>
          <div role="columnheader" aria-colindex="2">${text.destinationColumn}</div>
          <div role="columnheader" aria-colindex="3">${text.durationColumn}</div>
          <div role="columnheader" aria-colindex="4">${text.userColumn}</div>
          <div role="columnheader" aria-colindex="5" aria-sort=${sortState('price')} class="numeric">${sortButton('price', text.priceColumn)}</div>
        </div>
      </div>
      <div role="rowgroup" class="body" ${cssomStyles({ 'block-size': `${rowCount * height}px` })}>
        ${repeat(
          indices,
          (index) => index,
          (index) => renderRow(host, index, pager?.entryAt(index), index === active),
        )}
      </div>
    </div>
    <p class="visually-hidden" id="${host.idPrefix}-hint">${text.gridHint}</p>
    ${lastShown ? html`<p part="end-of-list" class="end-of-list">${text.endOfList(new Intl.NumberFormat(host.resolvedLocale).format(rowCount), rowCount)}</p>` : nothing}
    ${renderCountNote(host)}
    ${renderDetailPanel(host)}`;
}

/** Once the last page is read and holds another number of calls than the backend counted: said quietly, under the list. */
function renderCountNote(host: BalanceUsageTable): TemplateResult | typeof nothing {
  const held = host.pager?.totalCount;
  const counted = host.pager?.countedTotal;
  if (held === undefined || counted === undefined || held === counted || !host.pager?.endKnown) return nothing;
  const number = new Intl.NumberFormat(host.resolvedLocale);
  return html`<p part="count-note" class="count-note">${host.text.countMismatch(number.format(held), number.format(counted), held)}</p>`;
}

function renderRow(host: BalanceUsageTable, index: number, entry: UsageEntry | undefined, active: boolean): TemplateResult {
  const height = rowHeight(host);
  const style = cssomStyles({ transform: `translateY(${index * height}px)`, 'block-size': `${height}px` });
  const selected = entry !== undefined && host.selected?.entry.id === entry.id;
  // One template for loading and loaded rows: the element survives its data arriving, and so does focus.
  return html`<div
    role="row"
    part="row"
    class="row ${entry ? '' : 'row--loading'} ${selected ? 'row--selected' : ''}"
    aria-rowindex=${index + 2}
    aria-selected=${selected ? 'true' : 'false'}
    aria-busy=${entry ? 'false' : 'true'}
    data-index=${index}
    tabindex=${active ? 0 : -1}
    ${style}
    @click=${() => (entry ? select(host, index, entry) : undefined)}
  >
    ${entry ? renderCells(host, entry) : renderLoadingCells(host)}
  </div>`;
}

function renderLoadingCells(host: BalanceUsageTable): TemplateResult {
  return html`<div role="gridcell" aria-colindex="1" class="cell cell--when">
    <span part="skeleton" class="skeleton skeleton-cell"></span><span class="visually-hidden">${host.text.loadingRow}</span>
  </div>`;
}

function renderCells(host: BalanceUsageTable, entry: UsageEntry): TemplateResult {
  const at = Date.parse(entry.occurredAt);
  return html`<div role="gridcell" aria-colindex="1" class="cell cell--when">${formatUsageTime(at, host.resolvedLocale, host.resolvedTimeZone)}</div>
    <div role="gridcell" aria-colindex="2" class="cell cell--destination">${entry.destinationName}</div>
    <div role="gridcell" aria-colindex="3" class="cell cell--duration">${durationText(host, entry.billedSeconds)}</div>
    <div role="gridcell" aria-colindex="4" class="cell cell--user">${entry.user.name}</div>
    <div role="gridcell" aria-colindex="5" class="cell cell--price numeric">${host.money(entry.price)}</div>`;
}

function durationText(host: BalanceUsageTable, seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const number = new Intl.NumberFormat(host.resolvedLocale);
  return host.text.duration(minutes, seconds % 60, { minutes: number.format(minutes), seconds: number.format(seconds % 60) });
}

function renderDetailPanel(host: BalanceUsageTable): TemplateResult | typeof nothing {
  const selected = host.selected?.entry;
  if (!selected) return nothing;
  const text = host.text;
  const at = Date.parse(selected.occurredAt);
  return html`<div part="detail-panel" class="detail-panel" role="region" aria-labelledby="${host.idPrefix}-detail-title">
    <div class="detail-head">
      <h3 class="detail-title" id="${host.idPrefix}-detail-title">${text.detailsTitle}</h3>
      <button type="button" part="close-details-button" class="icon-button" aria-label=${text.closeDetails} @click=${() => onCloseDetails(host)}>${icon('close')}</button>
    </div>
    <dl class="detail-list">
      <div><dt>${text.dateColumn}</dt><dd>${formatUsageTime(at, host.resolvedLocale, host.resolvedTimeZone)}</dd></div>
      <div><dt>${text.destination}</dt><dd>${selected.destinationName} (${selected.destinationCountry})</dd></div>
      <div><dt>${text.billedDuration}</dt><dd>${durationText(host, selected.billedSeconds)}</dd></div>
      <div><dt>${text.rateLabel}</dt><dd>${text.ratePerMinute(isolate(host.money(selected.ratePerMinute)))}</dd></div>
      <div><dt>${text.priceColumn}</dt><dd>${host.money(selected.price)}</dd></div>
      <div><dt>${text.userColumn}</dt><dd>${selected.user.name}</dd></div>
      <div class="detail-wide"><dt>${text.callId}</dt><dd><code>${selected.id}</code></dd></div>
    </dl>
  </div>`;
}

// ------------------------------------------------------------------ interaction

function measure(host: BalanceUsageTable): void {
  const grid = gridElement(host);
  if (!grid) return;
  const head = grid.querySelector<HTMLElement>('.head');
  const height = Math.max(0, grid.clientHeight - (host.narrow ? 0 : (head?.offsetHeight ?? 0)));
  if (height !== host.viewportHeight) host.viewportHeight = height;
  if (Math.abs(grid.scrollTop - host.listScrollTop) > PAGE_SIZE * rowHeight(host)) {
    // A fling moves more than a page per frame: fetching each page it passes would only queue
    // requests nobody waits for. Placeholders show until it slows down.
    host.flingUntil = performance.now() + FLING_SETTLE_MS;
    clearTimeout(host.flingTimer);
    host.flingTimer = setTimeout(() => host.requestUpdate(), FLING_SETTLE_MS + 10);
  }
  if (grid.scrollTop !== host.listScrollTop) host.listScrollTop = grid.scrollTop;
}

function onScroll(host: BalanceUsageTable): void {
  if (host.scrollFrame) return;
  host.scrollFrame = requestAnimationFrame(() => {
    host.scrollFrame = 0;
    measure(host);
  });
}

function onGridKeydown(host: BalanceUsageTable, event: KeyboardEvent): void {
  const row = (event.target as HTMLElement).closest<HTMLElement>('[role="row"][data-index]');
  if (!row) return;
  const index = Number(row.dataset.index);
  const last = host.rowCount - 1;
  const pageRows = Math.max(1, Math.floor((host.viewportHeight || 480) / rowHeight(host)) - 1);
  let next: number | undefined;
  switch (event.key) {
    case 'ArrowDown':
      next = Math.min(last, index + 1);
      break;
    case 'ArrowUp':
      next = Math.max(0, index - 1);
      break;
    case 'PageDown':
      next = Math.min(last, index + pageRows);
      break;
    case 'PageUp':
      next = Math.max(0, index - pageRows);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = last;
      break;
    case 'Enter':
    case ' ': {
      const entry = host.pager?.entryAt(index);
      if (entry) select(host, index, entry);
      event.preventDefault();
      return;
    }
    case 'Escape':
      if (host.selected) {
        host.selected = undefined;
        event.preventDefault();
      }
      return;
    default:
      return;
  }
  event.preventDefault();
  moveTo(host, next);
}

/** Moves keyboard focus to row `index`, scrolling it into view (and into the DOM) first. */
function moveTo(host: BalanceUsageTable, index: number): void {
  const grid = gridElement(host);
  if (!grid) return;
  const top = scrollTopFor(index, rowHeight(host), grid.scrollTop, host.viewportHeight || grid.clientHeight);
  grid.scrollTop = top;
  host.listScrollTop = grid.scrollTop;
  host.activeRow = index;
  host.focusRowAfterRender = true;
  host.requestUpdate();
}

function select(host: BalanceUsageTable, index: number, entry: UsageEntry): void {
  host.activeRow = index;
  host.selected = { index, entry };
}

function onCloseDetails(host: BalanceUsageTable): void {
  host.selected = undefined;
  host.focusRowAfterRender = true;
}

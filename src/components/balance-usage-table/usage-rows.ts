// The itemised grid's rows: the window of rows in view rendered by lit's render() into the grid's row group, apart from
// the grid element's own render, so that scrolling redraws these rows only. Rows are keyed by their place in the window
// (index modulo the window's size): a row scrolled out hands its DOM node to the row scrolled in, a jump refills the
// same nodes, and a row that stays keeps its node.
import { html, render, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { UsageEntry } from '../../client/schemas.js';
import type { UsageListMessages } from '../../i18n/messages/balance-usage-table.js';
import { cssomStyles } from '../../styles/cssom-styles.js';

export interface UsageRowsView {
  text: UsageListMessages;
  /** [start, end) of the rows in the window. */
  start: number;
  end: number;
  rowHeight: number;
  /** The row that holds keyboard focus: rendered even outside the window, so focus is never dropped on the page. */
  active: number;
  selectedId?: string;
  entryAt(index: number): UsageEntry | undefined;
  cells(entry: UsageEntry): TemplateResult;
  onSelect(index: number, entry: UsageEntry): void;
}

interface RowSlot {
  index: number;
  key: number | 'before' | 'after';
}

/** Renders the window's rows into `container` (the grid's body row group). */
export function renderUsageRows(view: UsageRowsView, container: HTMLElement, host: object): void {
  const { start, end, active } = view;
  const size = end - start;
  const slots: RowSlot[] = [];
  // A focused row outside the window sits just before or after it, out of the flow and out of view.
  if (size > 0 && active < start) slots.push({ index: active, key: 'before' });
  for (let index = start; index < end; index++) slots.push({ index, key: index % size });
  if (size > 0 && active >= end) slots.push({ index: active, key: 'after' });
  render(
    repeat(
      slots,
      (slot) => slot.key,
      (slot) => renderRow(view, slot),
    ),
    container,
    { host },
  );
}

function renderRow(view: UsageRowsView, { index, key }: RowSlot): TemplateResult {
  const entry = view.entryAt(index);
  const selected = entry !== undefined && view.selectedId === entry.id;
  const away = key === 'before' ? 'row--before' : key === 'after' ? 'row--after' : '';
  // One template for loading and loaded rows: the element survives its data arriving, and so does focus.
  return html`<div
    role="row"
    part="row"
    class="row ${entry ? '' : 'row--loading'} ${selected ? 'row--selected' : ''} ${away}"
    aria-rowindex=${index + 2}
    aria-selected=${selected ? 'true' : 'false'}
    aria-busy=${entry ? 'false' : 'true'}
    data-index=${index}
    tabindex=${index === view.active ? 0 : -1}
    ${cssomStyles({ 'block-size': `${view.rowHeight}px` })}
    @click=${() => (entry ? view.onSelect(index, entry) : undefined)}
  >
    ${entry ? view.cells(entry) : renderLoadingCells(view.text)}
  </div>`;
}

function renderLoadingCells(text: UsageListMessages): TemplateResult {
  return html`<div role="gridcell" aria-colindex="1" class="cell cell--when">
    <span part="skeleton" class="skeleton skeleton-cell"></span><span class="visually-hidden">${text.loadingRow}</span>
  </div>`;
}

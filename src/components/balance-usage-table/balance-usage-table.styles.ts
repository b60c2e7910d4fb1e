// Styles for <balance-usage-table>: card, filter bar or sheet, summary table, the details level's heading. The itemised
// grid's own (rows or cards, detail panel) are <billing-usage-grid>'s, in balance-usage-table.details.styles.ts.
import { css } from 'lit';

export const balanceUsageTableStyles = css`
  /* A host page reserves the box before this code loads (README: balance-usage-table:not(:defined)) with the same token. */
  :host {
    display: block;
    min-block-size: var(--billing-usage-min-block-size, auto);
    --_usage-surface: var(--billing-usage-surface, var(--_billing-color-surface));
    --_usage-border: var(--billing-usage-border-color, var(--_billing-color-border));
    --_usage-radius: var(--billing-usage-radius, calc(var(--_billing-radius) * 1.5));
    --_usage-padding: var(--billing-usage-padding, calc(var(--_billing-space) * 5));
    --_usage-row-hover: var(--billing-usage-row-hover, var(--_billing-color-surface-raised));
    --_usage-height: var(--billing-usage-table-height, 30rem);
  }

  /* The box fills the block size the host reserves (inherit: it is the shadow root's top element), so a reservation
     larger than the content shows as room inside the card, never as a gap under it. */
  .card {
    min-block-size: inherit;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 4);
    padding: var(--_usage-padding);
    background: var(--_usage-surface);
    border: 1px solid var(--_usage-border);
    border-radius: var(--_usage-radius);
    box-shadow: var(--_billing-shadow);
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }

  /* Flex items default to their content's width; a long option or a date input must not widen the card. */
  .card > * {
    min-inline-size: 0;
  }

  .card--narrow {
    --_usage-padding: var(--billing-usage-padding, calc(var(--_billing-space) * 4));
  }

  .top {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: calc(var(--_billing-space) * 3);
    flex-wrap: wrap;
  }

  .title {
    margin: 0;
    font-size: 1.125rem;
    font-weight: 650;
    line-height: 1.3;
  }

  .subtitle {
    margin: calc(var(--_billing-space) * 0.5) 0 0;
    color: var(--_billing-color-text-muted);
  }

  .muted {
    color: var(--_billing-color-text-muted);
  }

  .numeric {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }

  .amount {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  /* ---------------------------------------------------------- filters */

  .filters {
    padding: calc(var(--_billing-space) * 3);
    background: var(--_billing-color-surface-raised);
    border-radius: var(--_billing-radius);
  }

  .filter-fields {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_billing-space) * 3);
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 1);
    flex: 1 1 9rem;
    min-inline-size: 0;
  }

  /*
   * Type names are long ("Outbound International Call", and as long in every language): this field is as wide as its
   * longest option, and the row wraps rather than cut it. Known types are only ever added, so once shown it holds still.
   */
  .field--type {
    flex-basis: auto;
  }

  .field-label {
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--_billing-color-text-muted);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }

  .select,
  .input {
    min-block-size: 2.25rem;
    inline-size: 100%;
    min-inline-size: 0;
    max-inline-size: 100%;
    padding-block: calc(var(--_billing-space) * 1.5);
    padding-inline: calc(var(--_billing-space) * 2.5);
    font: inherit;
    color: var(--_billing-color-text);
    background: var(--_usage-surface);
    border: 1px solid var(--_usage-border);
    border-radius: var(--_billing-radius);
  }

  /* Inside <details> the parent is its internal slot, so box-sizing: inherit would give content-box. */
  .filters--sheet > *,
  .filters--sheet .field,
  .filters--sheet .select,
  .filters--sheet .input {
    box-sizing: border-box;
  }

  .filters--sheet {
    padding: 0;
    background: none;
  }

  .filters--sheet[open] {
    padding: calc(var(--_billing-space) * 3);
    background: var(--_billing-color-surface-raised);
  }

  .filters--sheet[open] .sheet-toggle {
    margin-block-end: calc(var(--_billing-space) * 3);
  }

  .sheet-toggle {
    list-style: none;
    inline-size: 100%;
    justify-content: flex-start;
  }

  .sheet-toggle::-webkit-details-marker {
    display: none;
  }

  .filters--sheet .field {
    flex-basis: 100%;
  }

  .chip {
    margin-inline-start: auto;
    padding-inline: calc(var(--_billing-space) * 2);
    border-radius: 999px;
    font-size: 0.75rem;
    color: var(--_billing-color-accent-contrast);
    background: var(--_billing-color-accent);
  }

  /* ---------------------------------------------------------- export */

  .export {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: calc(var(--_billing-space) * 3);
    margin: 0;
    color: var(--_billing-color-text-muted);
  }

  .export-actions {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: calc(var(--_billing-space) * 3);
  }

  .export-option {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 1.5);
    min-block-size: 1.5rem;
    color: var(--_billing-color-text-muted);
    font-size: 0.875rem;
  }

  .export-option input {
    margin: 0;
    accent-color: var(--_billing-color-accent);
  }

  .export progress {
    flex: 1 1 8rem;
    accent-color: var(--_billing-color-accent);
  }

  .export--error {
    color: var(--_billing-color-danger);
  }

  /* What the element's width observer watches: as wide as the element, never any height (balance-usage-table.ts). */
  .width-probe {
    block-size: 0;
  }

  /* ---------------------------------------------------------- states */

  .skeleton-list {
    display: grid;
    gap: calc(var(--_billing-space) * 3);
  }

  /* Three rows as tall as the summary table's head, one usage type and the total: the ready table's height. */
  .skeleton-row {
    block-size: 2.25rem;
  }

  /* Narrow, each usage type is a two-line card: so are its placeholders. */
  .card--narrow .skeleton-row {
    block-size: 2.75rem;
  }

  .empty {
    display: grid;
    justify-items: center;
    gap: calc(var(--_billing-space) * 1);
    padding-block: calc(var(--_billing-space) * 10);
    text-align: center;
    color: var(--_billing-color-text-muted);
  }

  .empty svg {
    inline-size: 2rem;
    block-size: 2rem;
  }

  .empty-title {
    margin: 0;
    font-weight: 600;
    color: var(--_billing-color-text);
  }

  .empty-hint {
    margin: 0;
    max-inline-size: 28rem;
  }

  /* ---------------------------------------------------------- summary */

  .summary-table {
    inline-size: 100%;
    border-collapse: collapse;
  }

  .summary-table th,
  .summary-table td {
    padding-block: calc(var(--_billing-space) * 3);
    padding-inline: calc(var(--_billing-space) * 2);
    border-block-end: 1px solid var(--_usage-border);
    text-align: start;
    font-weight: 400;
  }

  .summary-table thead th {
    font-size: 0.75rem;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_billing-color-text-muted);
  }

  .summary-table .numeric {
    text-align: end;
  }

  .summary-table .type-label {
    font-weight: 600;
  }

  .summary-table tfoot th,
  .summary-table tfoot td {
    border-block-end: none;
    font-weight: 650;
  }

  .summary-table .action {
    text-align: end;
    inline-size: 1%;
    white-space: nowrap;
  }

  .card--narrow .summary-table thead {
    position: absolute;
    clip-path: inset(50%);
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
  }

  .card--narrow .summary-table tr {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-areas:
      'label total'
      'count action';
    align-items: center;
    padding-block: calc(var(--_billing-space) * 2);
    border-block-end: 1px solid var(--_usage-border);
  }

  .card--narrow .summary-table th,
  .card--narrow .summary-table td {
    border: none;
    padding-block: calc(var(--_billing-space) * 0.5);
  }

  .card--narrow .summary-table tr > :nth-child(1) {
    grid-area: label;
  }

  .card--narrow .summary-table tr > :nth-child(2) {
    grid-area: count;
    text-align: start;
  }

  .card--narrow .summary-table tr > :nth-child(3) {
    grid-area: total;
  }

  .card--narrow .summary-table tr > :nth-child(4) {
    grid-area: action;
    inline-size: auto;
  }

  .card--narrow .summary-table tfoot tr {
    border-block-end: none;
  }

  .card--narrow .summary-table td:empty {
    display: none;
  }

  /* ---------------------------------------------------------- details */

  .details-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    flex-wrap: wrap;
    gap: calc(var(--_billing-space) * 2);
  }

  .back {
    padding-inline: 0;
  }

  /* Chevrons point along the reading direction: "back" toward the start, "view details" toward the end. */
  :host(:dir(rtl)) .back svg,
  :host(:dir(rtl)) [part~='view-details-button'] svg {
    transform: scaleX(-1);
  }

  .totals {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: calc(var(--_billing-space) * 3);
    margin: 0;
  }

  .totals .type-label {
    font-weight: 600;
  }

  .totals .total {
    font-size: 1.125rem;
  }

  /* Arabic letters join: tracking meant for Latin capitals would pull them apart. */
  :host(:lang(ar)) .field-label,
  :host(:lang(ar)) .summary-table thead th {
    letter-spacing: normal;
  }

  /* The spend chart's room, held by its tag before its code arrives (spend-chart.styles.ts draws within the same). */
  .chart-slot {
    display: block;
    min-block-size: 16rem;
    margin-block-start: calc(var(--_billing-space) * 5);
  }
`;

// Styles for <balance-usage-table>: card, filter bar or sheet, summary table, virtual grid (rows or cards), detail panel.
import { css } from 'lit';

export const balanceUsageTableStyles = css`
  :host {
    display: block;
    --_usage-surface: var(--billing-usage-surface, var(--_billing-color-surface));
    --_usage-border: var(--billing-usage-border-color, var(--_billing-color-border));
    --_usage-radius: var(--billing-usage-radius, calc(var(--_billing-radius) * 1.5));
    --_usage-padding: var(--billing-usage-padding, calc(var(--_billing-space) * 5));
    --_usage-row-hover: var(--billing-usage-row-hover, var(--_billing-color-surface-raised));
    --_usage-height: var(--billing-usage-table-height, 30rem);
  }

  .card {
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

  .export progress {
    flex: 1 1 8rem;
    accent-color: var(--_billing-color-accent);
  }

  .export--error {
    color: var(--_billing-color-danger);
  }

  /* ---------------------------------------------------------- states */

  .skeleton-list {
    display: grid;
    gap: calc(var(--_billing-space) * 3);
  }

  .skeleton-row {
    block-size: 2.5rem;
  }

  .skeleton-cell {
    block-size: 0.9rem;
    inline-size: 60%;
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

  .grid {
    position: relative;
    max-block-size: var(--_usage-height);
    overflow-y: auto;
    overflow-x: hidden;
    overscroll-behavior: contain;
    border: 1px solid var(--_usage-border);
    border-radius: var(--_billing-radius);
  }

  .head {
    position: sticky;
    inset-block-start: 0;
    z-index: 1;
    background: var(--_billing-color-surface-raised);
    border-block-end: 1px solid var(--_usage-border);
  }

  .body {
    position: relative;
  }

  .row {
    display: grid;
    grid-template-columns: minmax(0, 1.9fr) minmax(0, 1.2fr) minmax(0, 0.7fr) minmax(0, 1.1fr) minmax(0, 0.7fr);
    align-items: center;
    column-gap: calc(var(--_billing-space) * 3);
    padding-inline: calc(var(--_billing-space) * 3);
  }

  .body .row {
    position: absolute;
    inset-block-start: 0;
    inset-inline: 0;
    border-block-end: 1px solid var(--_usage-border);
    cursor: pointer;
    contain: strict;
  }

  .body .row:hover,
  .row--selected {
    background: var(--_usage-row-hover);
  }

  /* A bar on the starting edge (right in RTL), not colour alone, marks the selected row. */
  .row--selected::before {
    content: '';
    position: absolute;
    inset-block: 0;
    inset-inline-start: 0;
    inline-size: 3px;
    background: var(--_billing-color-accent);
  }

  .body .row:focus-visible {
    outline-offset: -2px;
  }

  .row--head {
    min-block-size: 2.5rem;
    font-size: 0.75rem;
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_billing-color-text-muted);
  }

  .sort-button {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 1);
    padding: calc(var(--_billing-space) * 1) 0;
    font: inherit;
    text-transform: inherit;
    letter-spacing: inherit;
    color: inherit;
    background: none;
    border: none;
    cursor: pointer;
  }

  .sort-button:hover {
    color: var(--_billing-color-text);
  }

  .cell {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .cell--price {
    font-weight: 600;
  }

  .cell--duration,
  .cell--when {
    font-variant-numeric: tabular-nums;
  }

  .card--narrow .head {
    position: absolute;
    clip-path: inset(50%);
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
  }

  .card--narrow .body .row {
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-areas:
      'destination price'
      'when duration'
      'user user';
    align-content: center;
    row-gap: calc(var(--_billing-space) * 0.5);
    padding: calc(var(--_billing-space) * 3);
  }

  .card--narrow .cell--destination {
    grid-area: destination;
    font-weight: 600;
  }

  .card--narrow .cell--price {
    grid-area: price;
  }

  .card--narrow .cell--when {
    grid-area: when;
    color: var(--_billing-color-text-muted);
  }

  .card--narrow .cell--duration {
    grid-area: duration;
    text-align: end;
    color: var(--_billing-color-text-muted);
  }

  .card--narrow .cell--user {
    grid-area: user;
    color: var(--_billing-color-text-muted);
  }

  .end-of-list {
    margin: 0;
    text-align: center;
    color: var(--_billing-color-text-muted);
    font-size: 0.8125rem;
  }

  .detail-panel {
    padding: calc(var(--_billing-space) * 4);
    border: 1px solid var(--_usage-border);
    border-radius: var(--_billing-radius);
    background: var(--_billing-color-surface-raised);
  }

  .detail-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
  }

  .detail-title {
    margin: 0;
    font-size: 1rem;
    font-weight: 650;
  }

  .icon-button {
    display: inline-grid;
    place-items: center;
    inline-size: 2rem;
    block-size: 2rem;
    color: var(--_billing-color-text-muted);
    background: none;
    border: none;
    border-radius: var(--_billing-radius);
    cursor: pointer;
  }

  .icon-button:hover {
    color: var(--_billing-color-text);
    background: var(--_usage-surface);
  }

  .detail-list {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
    gap: calc(var(--_billing-space) * 3);
    margin: calc(var(--_billing-space) * 3) 0 0;
  }

  .detail-list dt {
    font-size: 0.75rem;
    font-weight: 600;
    color: var(--_billing-color-text-muted);
  }

  .detail-list dd {
    margin: 0;
  }

  .detail-wide {
    grid-column: 1 / -1;
  }

  code {
    font-family: var(--_billing-font-family-mono);
    font-size: 0.8125rem;
  }

  @media (forced-colors: active) {
    .row--selected {
      outline: 2px solid Highlight;
    }
  }

  /* Arabic letters join: tracking meant for Latin capitals would pull them apart. */
  :host(:lang(ar)) .field-label,
  :host(:lang(ar)) .summary-table thead th,
  :host(:lang(ar)) .row--head {
    letter-spacing: normal;
  }
`;

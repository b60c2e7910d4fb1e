// Styles for <usage-rates>: the rate card, its search and sort, and the table (rows as cards on a narrow container).
import { css } from 'lit';

export const usageRatesStyles = css`
  :host {
    display: block;
    min-block-size: var(--billing-rates-min-block-size, auto);
    --_rates-surface: var(--billing-rates-surface, var(--_billing-color-surface));
    --_rates-border: var(--billing-rates-border-color, var(--_billing-color-border));
    --_small-text: calc(var(--_billing-font-size) * 0.93);
  }

  .card {
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 4);
    min-block-size: inherit;
    padding: var(--billing-rates-padding, calc(var(--_billing-space) * 5));
    background: var(--_rates-surface);
    border: 1px solid var(--_rates-border);
    border-radius: var(--billing-rates-radius, calc(var(--_billing-radius) * 1.5));
    box-shadow: var(--_billing-shadow);
    overflow-wrap: anywhere;
  }

  .card:focus-visible {
    outline: var(--_billing-focus-ring);
  }

  .title {
    margin: 0;
    font-size: calc(var(--_billing-font-size) * 1.15);
    font-weight: 650;
    line-height: 1.3;
  }

  .description {
    margin: calc(var(--_billing-space) * 1) 0 0;
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
  }

  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_billing-space) * 3);
    align-items: flex-end;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 1);
    min-inline-size: 0;
  }

  .field--search {
    flex: 1 1 16rem;
  }

  .field--sort {
    flex: 0 1 12rem;
  }

  .field-label {
    font-size: var(--_small-text);
    font-weight: 550;
  }

  .hint {
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
  }

  .search,
  .sort {
    box-sizing: border-box;
    min-block-size: 2.25rem;
    inline-size: 100%;
    padding-block: calc(var(--_billing-space) * 1.5);
    padding-inline: calc(var(--_billing-space) * 2.5);
    font: inherit;
    color: var(--_billing-color-text);
    background: var(--_rates-surface);
    border: 1px solid var(--_rates-border);
    border-radius: var(--_billing-radius);
  }

  .search:focus-visible,
  .sort:focus-visible {
    outline: var(--_billing-focus-ring);
    outline-offset: 1px;
  }

  .count {
    margin: 0;
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
  }

  .scroller {
    max-block-size: var(--billing-rates-table-height, 28rem);
    overflow: auto;
    border: 1px solid var(--_rates-border);
    border-radius: var(--_billing-radius);
  }

  .scroller:focus-visible {
    outline: var(--_billing-focus-ring);
  }

  table {
    inline-size: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }

  th,
  td {
    padding-block: calc(var(--_billing-space) * 2.5);
    padding-inline: calc(var(--_billing-space) * 3);
    text-align: start;
    vertical-align: top;
    border-block-end: 1px solid var(--_rates-border);
  }

  thead th {
    position: sticky;
    inset-block-start: 0;
    z-index: 1;
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    font-weight: 550;
    background: var(--_billing-color-surface-raised);
  }

  tbody tr:last-child > * {
    border-block-end: none;
  }

  .row--highlighted > * {
    background: var(--billing-rates-highlight, var(--_billing-color-surface-raised));
  }

  .row--highlighted > :first-child {
    box-shadow: inset 3px 0 0 var(--_billing-color-accent);
  }

  .row--highlighted > :first-child:dir(rtl) {
    box-shadow: inset -3px 0 0 var(--_billing-color-accent);
  }

  .row:focus-visible {
    outline: var(--_billing-focus-ring);
    outline-offset: -2px;
  }

  .country {
    font-weight: 550;
  }

  .code {
    display: block;
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    font-weight: 400;
    unicode-bidi: isolate;
  }

  .rate {
    font-weight: 600;
    white-space: nowrap;
  }

  .rate--unavailable {
    color: var(--_billing-color-danger);
    font-weight: 500;
  }

  .effective {
    display: block;
    color: var(--_billing-color-text-muted);
  }

  .change {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_billing-space) * 1.5);
    align-items: baseline;
    margin-block-start: calc(var(--_billing-space) * 1);
    color: var(--_billing-color-warning);
    font-size: var(--_small-text);
  }

  .badge {
    padding-block: calc(var(--_billing-space) * 0.25);
    padding-inline: calc(var(--_billing-space) * 1.5);
    color: var(--_billing-color-warning);
    font-weight: 600;
    background: var(--_billing-color-warning-surface);
    border-radius: 999px;
  }

  .empty {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 2);
    align-items: flex-start;
    margin: 0;
    padding: calc(var(--_billing-space) * 4);
    color: var(--_billing-color-text-muted);
    background: var(--_billing-color-surface-raised);
    border-radius: var(--_billing-radius);
  }

  .skeleton-row {
    display: block;
    block-size: 1.25rem;
    margin-block: calc(var(--_billing-space) * 3);
  }

  /* A narrow card (a phone, a side column): each rate is a small card of its own, the header row hidden. */
  @container (max-width: 34rem) {
    thead {
      position: absolute;
      inline-size: 1px;
      block-size: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }

    table,
    tbody,
    tr,
    th,
    td {
      display: block;
    }

    tr {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: calc(var(--_billing-space) * 1) calc(var(--_billing-space) * 3);
      padding-block: calc(var(--_billing-space) * 2.5);
      padding-inline: calc(var(--_billing-space) * 3);
      border-block-end: 1px solid var(--_rates-border);
    }

    tbody tr:last-child {
      border-block-end: none;
    }

    th,
    td {
      padding: 0;
      border: none;
    }

    td.effective-cell {
      grid-column: 1 / -1;
    }

    td.rate-cell {
      text-align: end;
    }
  }
`;

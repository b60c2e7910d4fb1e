// Styles for <usage-rates>: the rate card, its search and sort, and the table (rows as cards on a narrow container; the
// card and table rules it shares with <billing-history> are tableCard in src/styles/shared.ts).
import { css } from 'lit';
import { tableCard } from '../../styles/shared.js';

const ratesStyles = css`
  :host {
    display: block;
    min-block-size: var(--billing-rates-min-block-size, auto);
    --_rates-surface: var(--billing-rates-surface, var(--_billing-color-surface));
    --_rates-border: var(--billing-rates-border-color, var(--_billing-color-border));
    --_table-card-surface: var(--_rates-surface);
    --_table-card-border: var(--_rates-border);
    --_table-card-padding: var(--billing-rates-padding);
    --_table-card-radius: var(--billing-rates-radius);
  }

  .card:focus-visible {
    outline: var(--_billing-focus-ring);
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

  /* The header stays in view while the rates scroll under it. */
  thead th {
    position: sticky;
    inset-block-start: 0;
    z-index: 1;
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
  }

  /* A narrow card (a phone, a side column): each rate is a small card of its own, the header row hidden. */
  @container (max-width: 34rem) {
    tr {
      grid-template-columns: 1fr auto;
      gap: calc(var(--_billing-space) * 1) calc(var(--_billing-space) * 3);
      padding-block: calc(var(--_billing-space) * 2.5);
    }

    td.effective-cell {
      grid-column: 1 / -1;
    }

    td.rate-cell {
      text-align: end;
    }
  }
`;

export const usageRatesStyles = [tableCard, ratesStyles];

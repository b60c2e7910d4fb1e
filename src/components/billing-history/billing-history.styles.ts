// Styles for <billing-history>: the card, the top-up table (rows as small cards on a narrow container; the card and
// table rules it shares with <usage-rates> are tableCard in src/styles/shared.ts), the receipt dialog, and what
// prints: only the open receipt.
import { css } from 'lit';
import { tableCard } from '../../styles/shared.js';

const historyStyles = css`
  :host {
    display: block;
    min-block-size: var(--billing-history-min-block-size, auto);
    --_history-surface: var(--billing-history-surface, var(--_billing-color-surface));
    --_history-border: var(--billing-history-border-color, var(--_billing-color-border));
    --_table-card-surface: var(--_history-surface);
    --_table-card-border: var(--_history-border);
    --_table-card-padding: var(--billing-history-padding);
    --_table-card-radius: var(--billing-history-radius);
  }

  .count {
    margin: calc(var(--_billing-space) * 1) 0 0;
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
  }

  .table-box {
    border: 1px solid var(--_history-border);
    border-radius: var(--_billing-radius);
    overflow: hidden;
  }

  .amount {
    font-weight: 600;
    white-space: nowrap;
  }

  .kind,
  .when {
    display: block;
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    font-weight: 400;
  }

  .status {
    display: inline-block;
    padding-block: calc(var(--_billing-space) * 0.25);
    padding-inline: calc(var(--_billing-space) * 2);
    font-size: var(--_small-text);
    font-weight: 600;
    text-align: start;
    /* Not a pill: a failed top-up's reason may take two lines. */
    border-radius: var(--_billing-radius);
  }

  .status--succeeded {
    color: var(--billing-history-succeeded-color, var(--_billing-color-success));
    background: var(--_billing-color-success-surface);
  }

  .status--pending {
    color: var(--_billing-color-warning);
    background: var(--_billing-color-warning-surface);
  }

  .status--failed {
    color: var(--billing-history-failed-color, var(--_billing-color-danger));
    background: var(--_billing-color-danger-surface);
  }

  /* Held back before any charge (or a status this version does not know): nothing went wrong with a card. */
  .status--skipped,
  .status--unknown {
    color: var(--_billing-color-text-muted);
    background: var(--_billing-color-surface-raised);
  }

  /* A card's brand and a date keep their words whole: with the card's overflow-wrap: anywhere, the table would narrow
     them to a few letters a line ("Masterca" / "rd") beside a long status sentence. break-word still breaks one that
     cannot fit at all. */
  .date-cell,
  .card-cell {
    overflow-wrap: break-word;
  }

  .unavailable-amount {
    color: var(--_billing-color-danger);
  }

  .actions-cell {
    text-align: end;
  }

  .receipt-button {
    white-space: nowrap;
  }

  .footer {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_billing-space) * 3);
    align-items: center;
    justify-content: space-between;
  }

  .footer .count {
    margin: 0;
  }

  /* The receipt dialog: a sheet of paper on the page. */
  .receipt-dialog {
    box-sizing: border-box;
    inline-size: min(34rem, calc(100vw - 2rem));
    max-block-size: calc(100vh - 2rem);
    padding: calc(var(--_billing-space) * 6);
    color: var(--_billing-color-text);
    background: var(--billing-history-receipt-surface, var(--_billing-color-surface));
    border: 1px solid var(--_history-border);
    border-radius: var(--billing-history-radius, calc(var(--_billing-radius) * 1.5));
    box-shadow: var(--_billing-shadow);
  }

  .receipt-dialog::backdrop {
    background: var(--billing-history-backdrop, color-mix(in srgb, var(--_billing-color-text) 45%, transparent));
  }

  .receipt-actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_billing-space) * 2);
    justify-content: flex-end;
    margin-block-start: calc(var(--_billing-space) * 5);
  }

  /* A narrow card (a phone, a side column): each top-up is a small card of its own, the header row hidden. */
  @container (max-width: 34rem) {
    tr {
      /* A failed top-up's reason wraps inside its share instead of squeezing the date to one letter a line. */
      grid-template-columns: minmax(0, 1fr) fit-content(55%);
      gap: calc(var(--_billing-space) * 1.5) calc(var(--_billing-space) * 3);
      padding-block: calc(var(--_billing-space) * 3);
    }

    td.amount-cell,
    td.status-cell,
    td.actions-cell {
      text-align: end;
    }

    td.actions-cell {
      grid-column: 1 / -1;
    }

    td.actions-cell:empty {
      display: none;
    }
  }

  /*
   * While a receipt is open, printing prints that receipt only: its copy outside the portal (receipt.ts) takes the
   * page, and this widget's list, pager and dialog do not print, whichever way the print was started. With no receipt
   * open, the history prints with the page as it is.
   */
  @media print {
    :host([data-receipt-open]),
    .receipt-dialog {
      display: none !important;
    }
  }
`;

export const billingHistoryStyles = [tableCard, historyStyles];

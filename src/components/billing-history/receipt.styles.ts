// A receipt's own styles: shared by the dialog on screen and the copy that prints (which takes the token layer in its
// light theme, so it prints dark ink on white paper, on A4 or Letter alike, whatever the page's theme).
import { css } from 'lit';

export const receiptStyles = css`
  .receipt {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 4);
    font-variant-numeric: tabular-nums;
  }

  .receipt-title {
    margin: 0;
    font-size: 1.35em;
    font-weight: 650;
    line-height: 1.25;
  }

  .receipt-intro {
    margin: 0.25em 0 0;
    color: var(--_billing-color-text-muted);
  }

  .receipt-fields {
    display: grid;
    /* The labels take what they need, the values the rest (and wrap: ids are long); the rules run unbroken. */
    grid-template-columns: auto minmax(0, 1fr);
    gap: 0;
    margin: 0;
    border-block-start: 1px solid var(--_billing-color-border);
  }

  .receipt-fields > div {
    display: contents;
  }

  .receipt-fields dt,
  .receipt-fields dd {
    margin: 0;
    padding-block: 0.55em;
    border-block-end: 1px solid var(--_billing-color-border);
  }

  .receipt-fields dt {
    color: var(--_billing-color-text-muted);
  }

  .receipt-fields dd {
    padding-inline-start: 1.5em;
    text-align: end;
    overflow-wrap: anywhere;
    unicode-bidi: isolate;
  }

  .receipt-fields .total dt,
  .receipt-fields .total dd {
    font-size: 1.15em;
    font-weight: 700;
    color: inherit;
  }

  .payment-id {
    font-family: var(--_billing-font-family-mono);
    font-size: 0.92em;
    overflow-wrap: anywhere;
  }

  .account-id {
    display: block;
    color: var(--_billing-color-text-muted);
    font-size: 0.92em;
  }

  /* The printed copy: no box, and never split across two pages. */
  .receipt--print {
    max-inline-size: 42rem;
    margin-inline: auto;
    font-family: var(--_billing-font-family);
    font-size: 11pt;
    color: var(--_billing-color-text);
    background: var(--_billing-color-surface);
    break-inside: avoid;
  }
`;

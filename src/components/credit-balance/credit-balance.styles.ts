// Styles for <credit-balance>: the balance card (full) and the one-line header form (compact).
import { css } from 'lit';

export const creditBalanceStyles = css`
  /* A host page reserves the box before this code loads (README: credit-balance:not(:defined)) with the same token. */
  :host {
    display: block;
    min-block-size: var(--billing-balance-min-block-size, auto);
    --_amount-size: var(--billing-balance-amount-size, 2rem);
    --_small-text: calc(var(--_billing-font-size) * 0.93);
  }

  :host([variant='compact']) {
    display: inline-block;
    max-inline-size: 100%;
    vertical-align: middle;
    --_amount-size: var(--billing-balance-amount-size, calc(var(--_billing-font-size) * 1.3));
  }

  /* ---------------------------------------------------------------- full card */

  /* The box fills the block size the host reserves (inherit: it is the shadow root's top element), so a reservation
     larger than the content shows as room inside the card, never as a gap under it. */
  .card {
    min-block-size: inherit;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 4);
    min-inline-size: 0;
    padding: var(--billing-balance-padding, calc(var(--_billing-space) * 5));
    background: var(--billing-balance-surface, var(--_billing-color-surface));
    border: 1px solid var(--billing-balance-border-color, var(--_billing-color-border));
    border-radius: var(--billing-balance-radius, calc(var(--_billing-radius) * 1.5));
    box-shadow: var(--billing-balance-shadow, var(--_billing-shadow));
    overflow-wrap: anywhere;
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    justify-content: space-between;
    gap: calc(var(--_billing-space) * 3) calc(var(--_billing-space) * 4);
  }

  .summary {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 1);
    min-inline-size: 0;
  }

  .label {
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    font-weight: 500;
    line-height: 1.35;
  }

  .amount {
    display: block;
    color: var(--billing-balance-amount-color, var(--_billing-color-text));
    font-size: var(--_amount-size);
    font-weight: 650;
    line-height: 1.15;
    letter-spacing: -0.02em;
    font-variant-numeric: tabular-nums;
    unicode-bidi: isolate;
  }

  .amount--negative {
    color: var(--_billing-color-danger);
  }

  .add-funds svg {
    margin-inline-start: calc(var(--_billing-space) * -0.5);
  }

  /* The shared .notice box (styles/shared.ts), at the card's smaller text size. */
  .notice {
    font-size: var(--_small-text);
  }

  .status strong {
    font-weight: 650;
  }

  .stale svg {
    color: var(--_billing-color-warning);
  }

  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_billing-space) * 2) calc(var(--_billing-space) * 3);
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
  }

  .badge {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 1.5);
    padding-block: calc(var(--_billing-space) * 0.5);
    padding-inline: calc(var(--_billing-space) * 2.5);
    border: 1px solid var(--_billing-color-border);
    border-radius: 0.875rem;
    background: var(--_billing-color-surface-raised);
    color: var(--_billing-color-text-muted);
    font-weight: 500;
    line-height: 1.4;
  }

  .badge--on {
    border-color: transparent;
    background: var(--_billing-color-success-surface);
    color: var(--_billing-color-success);
  }

  /* Filled when on, hollow when off: the state is never carried by colour alone. */
  .dot {
    flex: none;
    inline-size: 0.5rem;
    block-size: 0.5rem;
    border: 1.5px solid currentColor;
    border-radius: 50%;
  }

  .badge--on .dot {
    background: currentColor;
  }

  .note {
    padding-block-start: calc(var(--_billing-space) * 4);
    border-block-start: 1px solid var(--_billing-color-border);
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    line-height: 1.5;
  }

  /* ---------------------------------------------------------------- skeleton */

  /* Placeholders sit inside boxes with the real line height, so nothing moves when data arrives. */
  .skeleton-line {
    display: inline-block;
    vertical-align: middle;
    block-size: 0.85em;
  }

  .skeleton-amount {
    inline-size: 7.5rem;
  }

  .compact .skeleton-amount {
    inline-size: 4.5rem;
  }

  .skeleton-updated {
    inline-size: 8rem;
  }

  /* Invisible, but holds the meta row at the height the real badge gives it. */
  .skeleton-badge {
    visibility: hidden;
  }

  .skeleton-button {
    display: inline-block;
    inline-size: 7.5rem;
    min-block-size: 2.25rem;
    border-radius: var(--_billing-radius);
  }

  /* Matches the coarse-pointer button height in styles/shared.ts. */
  @media (pointer: coarse) {
    .skeleton-button {
      min-block-size: 2.75rem;
    }
  }

  /* ---------------------------------------------------------------- compact */

  .compact {
    min-block-size: inherit;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_billing-space) * 2) calc(var(--_billing-space) * 3);
    min-inline-size: 0;
  }

  .compact .label {
    font-size: var(--_billing-font-size);
  }

  .compact .amount {
    display: inline-block;
    line-height: 1.25;
  }

  .compact .skeleton-button {
    inline-size: 6.5rem;
    min-block-size: 2rem;
  }

  /* The compact button is a finger-sized 2.75rem too (styles/shared.ts): so is its placeholder, or the header grows. */
  @media (pointer: coarse) {
    .compact .skeleton-button {
      min-block-size: 2.75rem;
    }
  }

  .chip {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 1);
    padding-block: calc(var(--_billing-space) * 0.25);
    padding-inline: calc(var(--_billing-space) * 2);
    border-radius: 0.75rem;
    font-size: var(--_small-text);
    font-weight: 600;
    line-height: 1.4;
    white-space: nowrap;
  }

  .chip svg {
    inline-size: 1em;
    block-size: 1em;
  }

  .chip--low {
    background: var(--_billing-color-warning-surface);
    color: var(--_billing-color-warning);
  }

  .chip--negative {
    background: var(--_billing-color-danger-surface);
    color: var(--_billing-color-danger);
  }

  .chip--error {
    background: var(--_billing-color-danger-surface);
    color: var(--_billing-color-danger);
  }

  /* A sentence, not a word: it may wrap in a narrow header. */
  .chip--pending {
    white-space: normal;
    background: var(--_billing-color-surface-raised);
    color: var(--_billing-color-text);
    font-weight: 500;
  }

  /* The compact form's: the sign alone, with room around it. */
  .chip--sign {
    padding-inline: calc(var(--_billing-space) * 1.5);
  }

  .chip--unconfirmed {
    background: var(--_billing-color-warning-surface);
    color: var(--_billing-color-warning);
  }

  .button--small {
    min-block-size: 2rem;
    padding-block: calc(var(--_billing-space) * 1);
    padding-inline: calc(var(--_billing-space) * 3);
  }

  @media (forced-colors: active) {
    .card {
      border: 1px solid CanvasText;
    }

    .badge,
    .chip {
      border: 1px solid CanvasText;
    }
  }
`;

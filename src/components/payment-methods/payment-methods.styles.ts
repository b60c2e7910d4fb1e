// Styles for <payment-methods>: the section's card, the list of saved cards with their tags and actions, the remove
// confirmation, the new card's box and the skeleton. Logical properties only, so right-to-left needs nothing else.
import { css } from 'lit';

export const paymentMethodsStyles = css`
  /* A host page reserves the box before this code loads (README: payment-methods:not(:defined)) with the same token. */
  :host {
    display: block;
    min-block-size: var(--billing-payment-methods-min-block-size, auto);
    --_small-text: calc(var(--_billing-font-size) * 0.93);
    --_gap: calc(var(--_billing-space) * 4);
  }

  p {
    margin: 0;
  }

  .box {
    min-block-size: inherit;
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    min-inline-size: 0;
    padding: var(--billing-payment-methods-padding, calc(var(--_billing-space) * 5));
    background: var(--billing-payment-methods-surface, var(--_billing-color-surface));
    border: 1px solid var(--billing-payment-methods-border-color, var(--_billing-color-border));
    border-radius: var(--billing-payment-methods-radius, calc(var(--_billing-radius) * 1.5));
    box-shadow: var(--_billing-shadow);
    overflow-wrap: anywhere;
  }

  .box:focus {
    outline: none;
  }

  .header {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 1);
  }

  .heading {
    margin: 0;
    font-size: calc(var(--_billing-font-size) * 1.2);
    font-weight: 650;
    line-height: 1.3;
  }

  .description,
  .hint,
  .empty {
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    line-height: 1.45;
  }

  svg {
    flex: none;
    inline-size: 1.15em;
    block-size: 1.15em;
  }

  /* ---------------------------------------------------------------- list */

  .list {
    display: flex;
    flex-direction: column;
    margin: 0;
    padding: 0;
    list-style: none;
    border: 1px solid var(--_billing-color-border);
    border-radius: var(--_billing-radius);
  }

  .card {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 3);
    padding: calc(var(--_billing-space) * 3);
  }

  .card + .card {
    border-block-start: 1px solid var(--_billing-color-border);
  }

  .card-main {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_billing-space) * 2) calc(var(--_billing-space) * 3);
  }

  .card-icon {
    display: inline-flex;
    color: var(--_billing-color-text-muted);
  }

  .card-text {
    display: flex;
    flex-direction: column;
    min-inline-size: 8rem;
  }

  .card-name {
    font-weight: 600;
  }

  .expiry {
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
  }

  .expiry--expired {
    color: var(--_billing-color-danger);
  }

  .card--expired .card-name {
    color: var(--_billing-color-text-muted);
  }

  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_billing-space) * 1.5);
    flex: 1 1 auto;
  }

  .tag {
    padding-inline: calc(var(--_billing-space) * 2);
    border-radius: 0.75rem;
    background: var(--_billing-color-surface-raised);
    border: 1px solid var(--_billing-color-border);
    font-size: var(--_small-text);
    font-weight: 500;
    white-space: nowrap;
  }

  .tag--accent {
    border-color: var(--_billing-color-accent);
    color: var(--_billing-color-text);
  }

  .tag--warning {
    background: var(--_billing-color-warning-surface);
    color: var(--_billing-color-warning);
    border-color: transparent;
  }

  .tag--danger {
    background: var(--_billing-color-danger-surface);
    color: var(--_billing-color-danger);
    border-color: transparent;
  }

  .card-actions,
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_billing-space) * 2);
    margin-inline-start: auto;
  }

  .actions {
    margin-inline-start: 0;
  }

  .button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.55;
  }

  .button--danger {
    background: var(--_billing-color-danger);
    color: var(--_billing-color-surface);
    box-shadow: var(--_billing-shadow);
  }

  .button--danger:hover:not([aria-disabled='true']) {
    filter: brightness(1.08);
  }

  /* ---------------------------------------------------------------- confirmation */

  .confirm {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 2.5);
    padding: calc(var(--_billing-space) * 3);
    background: var(--_billing-color-surface-raised);
    border: 1px solid var(--_billing-color-border);
    border-radius: var(--_billing-radius);
    line-height: 1.45;
  }

  .confirm--warning {
    background: var(--_billing-color-warning-surface);
    border-color: transparent;
  }

  .confirm-title {
    display: flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 2);
    font-weight: 650;
  }

  .confirm--warning .confirm-title,
  .confirm-warning {
    color: var(--_billing-color-warning);
  }

  .confirm-body {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 1);
  }

  .row-error {
    flex-wrap: wrap;
    align-items: center;
  }

  .row-error-text {
    flex: 1 1 12rem;
  }

  /* ---------------------------------------------------------------- add a card */

  .add {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_billing-space) * 2);
  }

  .new-card {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 3);
    padding: calc(var(--_billing-space) * 3);
    border: 1px dashed var(--_billing-color-border);
    border-radius: var(--_billing-radius);
  }

  .new-card-title {
    font-weight: 600;
  }

  .card-entry:empty {
    min-block-size: 6rem;
  }

  /* ---------------------------------------------------------------- loading */

  /* Words as placeholder bars: they take the real text's lines, so the skeleton wraps as that text will. */
  .skeleton-words {
    display: inline;
    color: transparent;
    -webkit-box-decoration-break: clone;
    box-decoration-break: clone;
  }

  /* As tall as a button: the row is as tall as a card's. */
  .skeleton-button {
    inline-size: 5rem;
    block-size: 2.25rem;
  }

  .skeleton-add {
    inline-size: 8rem;
  }

  @media (pointer: coarse) {
    .skeleton-button {
      block-size: 2.75rem;
    }
  }

  @media (forced-colors: active) {
    .button--danger,
    .confirm {
      border: 1px solid CanvasText;
    }
  }
`;

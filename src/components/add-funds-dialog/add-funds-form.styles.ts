// Styles for <billing-add-funds-form>, the dialog's body and footer: the amount, the cards, the outcome views. The
// token values come from <add-funds-dialog>'s :host and inherit in.
import { css } from 'lit';
import { newCardBox } from '../../styles/shared.js';

const formStyles = css`
  :host {
    --_small-text: calc(var(--_billing-font-size) * 0.93);
    display: flex;
    flex-direction: column;
    flex: 1;
    min-block-size: 0;
  }

  .form {
    display: flex;
    flex-direction: column;
    min-block-size: 0;
    flex: 1;
  }

  .body {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 5);
    padding: calc(var(--_billing-space) * 6);
    overflow-y: auto;
    flex: 1;
  }

  .loading {
    margin: 0;
    padding: calc(var(--_billing-space) * 6);
    color: var(--_billing-color-text-muted);
  }

  .group {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 3);
    min-inline-size: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }

  .legend {
    padding: 0;
    margin-block-end: calc(var(--_billing-space) * 3);
    font-weight: 600;
  }

  .presets {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(5.5rem, 1fr));
    gap: calc(var(--_billing-space) * 2);
  }

  .chip {
    position: relative;
    display: grid;
    place-items: center;
    min-block-size: 2.75rem;
    padding-inline: calc(var(--_billing-space) * 3);
    border: 1px solid var(--_billing-color-border);
    border-radius: var(--_billing-radius);
    background: var(--_billing-color-surface);
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    cursor: pointer;
    transition:
      border-color 120ms ease,
      background-color 120ms ease;
  }

  .chip:hover {
    background: var(--_billing-color-surface-raised);
  }

  .chip input,
  .method input[type='radio'] {
    position: absolute;
    inset: 0;
    inline-size: 100%;
    block-size: 100%;
    margin: 0;
    opacity: 0;
    cursor: inherit;
  }

  .chip:has(input:checked),
  .method:has(input:checked) {
    border-color: var(--_billing-color-accent);
    background: color-mix(in srgb, var(--_billing-color-accent) 8%, var(--_billing-color-surface));
    box-shadow: inset 0 0 0 1px var(--_billing-color-accent);
  }

  .chip:has(input:focus-visible),
  .method:has(input:focus-visible) {
    outline: var(--_billing-focus-ring);
    outline-offset: 2px;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 1.5);
  }

  .field-label {
    font-weight: 500;
  }

  .input {
    min-block-size: 2.5rem;
    padding-block: calc(var(--_billing-space) * 2);
    padding-inline: calc(var(--_billing-space) * 3);
    border: 1px solid var(--_billing-color-border);
    border-radius: var(--_billing-radius);
    background: var(--_billing-color-surface);
    color: inherit;
    font: inherit;
    font-variant-numeric: tabular-nums;
  }

  .input:focus-visible {
    border-color: var(--_billing-color-accent);
    outline-offset: 0;
  }

  .input--invalid {
    border-color: var(--_billing-color-danger);
  }

  .hint {
    margin: 0;
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
  }

  .field-error {
    display: flex;
    align-items: flex-start;
    gap: calc(var(--_billing-space) * 1.5);
    margin: 0;
    color: var(--_billing-color-danger);
    font-size: var(--_small-text);
    font-weight: 500;
  }

  .field-error svg {
    margin-block-start: 0.15em;
  }

  .preview {
    margin: 0;
    padding-block: calc(var(--_billing-space) * 2.5);
    padding-inline: calc(var(--_billing-space) * 3);
    border-radius: var(--_billing-radius);
    background: var(--_billing-color-surface-raised);
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  .methods {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 2);
  }

  .method {
    position: relative;
    display: flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 3);
    padding-block: calc(var(--_billing-space) * 3);
    padding-inline: calc(var(--_billing-space) * 3.5);
    border: 1px solid var(--_billing-color-border);
    border-radius: var(--_billing-radius);
    cursor: pointer;
  }

  .method:hover:not(.method--expired) {
    background: var(--_billing-color-surface-raised);
  }

  .method--expired {
    color: var(--_billing-color-text-muted);
    cursor: not-allowed;
  }

  .method-icon {
    display: inline-grid;
    place-items: center;
    inline-size: 2.25rem;
    block-size: 1.5rem;
    border-radius: calc(var(--_billing-radius) * 0.5);
    background: var(--_billing-color-surface-raised);
    color: var(--_billing-color-text-muted);
  }

  .method-text {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-inline-size: 0;
  }

  .method-name {
    font-weight: 600;
  }

  .method-meta {
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
  }

  .tag {
    padding-block: calc(var(--_billing-space) * 0.25);
    padding-inline: calc(var(--_billing-space) * 2);
    border-radius: 999px;
    background: var(--_billing-color-surface-raised);
    color: var(--_billing-color-text-muted);
    font-size: calc(var(--_billing-font-size) * 0.8);
    font-weight: 600;
  }

  .tag--danger {
    background: var(--_billing-color-danger-surface);
    color: var(--_billing-color-danger);
  }

  .new-card[hidden] {
    display: none;
  }

  .card-entry:empty {
    display: none;
  }

  .checkbox {
    display: flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 2);
    cursor: pointer;
  }

  .checkbox input {
    inline-size: 1rem;
    block-size: 1rem;
    margin: 0;
    accent-color: var(--_billing-color-accent);
  }

  .challenge:empty {
    display: none;
  }

  .footer {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: calc(var(--_billing-space) * 3);
    padding-block: calc(var(--_billing-space) * 4);
    padding-inline: calc(var(--_billing-space) * 6);
    border-block-start: 1px solid var(--_billing-color-border);
    background: var(--_billing-color-surface);
  }

  .pay {
    min-inline-size: 9rem;
  }

  .success {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: calc(var(--_billing-space) * 3);
    padding: calc(var(--_billing-space) * 10) calc(var(--_billing-space) * 6) calc(var(--_billing-space) * 6);
    text-align: center;
  }

  .success-icon {
    display: grid;
    place-items: center;
    inline-size: 3.5rem;
    block-size: 3.5rem;
    border-radius: 50%;
    background: var(--_billing-color-success-surface);
    color: var(--_billing-color-success);
  }

  .success-icon svg {
    inline-size: 1.75rem;
    block-size: 1.75rem;
  }

  .success-title {
    margin: 0;
    font-size: calc(var(--_billing-font-size) * 1.3);
    font-weight: 650;
  }

  .success-body {
    margin: 0;
    color: var(--_billing-color-text-muted);
  }

  .success-balance {
    display: flex;
    flex-direction: column;
    align-items: center;
    inline-size: 100%;
    padding: calc(var(--_billing-space) * 4);
    border-radius: var(--_billing-radius);
    background: var(--_billing-color-surface-raised);
  }

  .success-balance-label {
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    font-weight: 500;
  }

  .success-balance-amount {
    font-size: 1.75rem;
    font-weight: 650;
    letter-spacing: -0.02em;
    font-variant-numeric: tabular-nums;
  }

  .done {
    inline-size: 100%;
    margin-block-start: calc(var(--_billing-space) * 3);
  }

  /* A phone: the Pay button always in reach. */
  @media (max-width: 480px) {
    .body,
    .footer {
      padding-inline: calc(var(--_billing-space) * 4);
    }

    .presets {
      grid-template-columns: repeat(2, 1fr);
    }

    .footer .button {
      flex: 1;
    }
  }

  @media (forced-colors: active) {
    .chip:has(input:checked),
    .method:has(input:checked) {
      outline: 2px solid Highlight;
    }

    .preview {
      border: 1px solid CanvasText;
    }
  }
`;

export const addFundsFormStyles = [newCardBox, formStyles];

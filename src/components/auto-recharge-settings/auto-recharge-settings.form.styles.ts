// Styles for <auto-recharge-settings>'s form: money fields, the card picker, the cap and the actions.
import { css } from 'lit';

export const autoRechargeFormStyles = css`
  /* ---------------------------------------------------------------- form */

  .form {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }

  .amounts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
    gap: calc(var(--_billing-space) * 4);
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 1.5);
    min-inline-size: 0;
  }

  label,
  legend {
    font-weight: 600;
    font-size: var(--_small-text);
  }

  .input-wrap {
    display: flex;
    align-items: center;
    border: 1px solid var(--_billing-color-border);
    border-radius: var(--_billing-radius);
    background: var(--_billing-color-surface);
    transition: border-color 120ms ease;
  }

  .input-wrap:focus-within {
    outline: var(--_billing-focus-ring);
    outline-offset: 1px;
  }

  .input-wrap--invalid {
    border-color: var(--_billing-color-danger);
  }

  .input-wrap input {
    flex: 1 1 auto;
    min-inline-size: 0;
    min-block-size: 2.25rem;
    padding-inline: calc(var(--_billing-space) * 3);
    border: 0;
    background: transparent;
    color: inherit;
    font: inherit;
    font-variant-numeric: tabular-nums;
  }

  .input-wrap input:focus-visible {
    outline: none;
  }

  .currency {
    padding-inline: calc(var(--_billing-space) * 3);
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    font-weight: 600;
  }

  .field-error {
    display: flex;
    align-items: flex-start;
    gap: calc(var(--_billing-space) * 1.5);
    color: var(--_billing-color-danger);
    font-size: var(--_small-text);
    line-height: 1.4;
  }

  .field-error svg {
    margin-block-start: 0.1em;
  }

  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-inline-size: 0;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 2);
  }

  legend {
    padding: 0;
    margin-block-end: calc(var(--_billing-space) * 2);
  }

  .card-list {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 2);
  }

  .card-option {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_billing-space) * 1) calc(var(--_billing-space) * 3);
    padding: calc(var(--_billing-space) * 2.5) calc(var(--_billing-space) * 3);
    border: 1px solid var(--_billing-color-border);
    border-radius: var(--_billing-radius);
    font-weight: 500;
    font-size: var(--_billing-font-size);
    cursor: pointer;
  }

  .card-option:has(input:checked) {
    border-color: var(--_billing-color-accent);
    box-shadow: inset 0 0 0 1px var(--_billing-color-accent);
  }

  .card-option input {
    margin: 0;
    accent-color: var(--_billing-color-accent);
  }

  .mode-options {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
    gap: calc(var(--_billing-space) * 2);
  }

  /* A long label (German) wraps beside its radio, not below it. */
  .mode-option {
    flex-wrap: nowrap;
  }

  .mode-option span {
    flex: 1 1 0;
    min-inline-size: 0;
  }

  .card-option--expired {
    cursor: not-allowed;
    background: var(--_billing-color-surface-raised);
    color: var(--_billing-color-text-muted);
  }

  .card-name {
    font-weight: 600;
  }

  .card-meta {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 2);
    margin-inline-start: auto;
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    font-weight: 400;
  }

  .expired {
    color: var(--_billing-color-danger);
    font-weight: 600;
  }

  .tag {
    padding: 0 calc(var(--_billing-space) * 2);
    border-radius: 0.75rem;
    background: var(--_billing-color-surface-raised);
    border: 1px solid var(--_billing-color-border);
    font-weight: 500;
  }

  .add-card {
    align-self: flex-start;
  }

  .new-card-title {
    font-weight: 600;
  }

  .card-entry:empty {
    min-block-size: 6rem;
  }

  .cap {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 3);
  }

  .cap .field {
    max-inline-size: 24rem;
  }

  .checkbox {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 2);
    font-weight: 500;
    font-size: var(--_billing-font-size);
    cursor: pointer;
  }

  .checkbox input {
    margin: 0;
    inline-size: 1rem;
    block-size: 1rem;
    accent-color: var(--_billing-color-accent);
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_billing-space) * 3);
  }

  .unsaved {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 1.5);
    color: var(--_billing-color-warning);
    font-size: var(--_small-text);
    font-weight: 600;
  }

  .dot {
    inline-size: 0.5rem;
    block-size: 0.5rem;
    border-radius: 50%;
    background: currentColor;
  }
`;

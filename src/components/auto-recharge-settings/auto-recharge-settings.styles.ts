// Styles for <auto-recharge-settings>: the settings card, switch, summary and notices, conflict table, attempts list and skeleton;
// the money fields and card picker are in auto-recharge-settings.form.styles.ts, which goes between the two sheets here.
import { css } from 'lit';
import { newCardBox } from '../../styles/shared.js';
import { autoRechargeFormStyles } from './auto-recharge-settings.form.styles.js';

const cardStyles = css`
  /* A host page reserves the box before this code loads (README: auto-recharge-settings:not(:defined)) with the same token. */
  :host {
    display: block;
    min-block-size: var(--billing-auto-recharge-min-block-size, auto);
    --_small-text: calc(var(--_billing-font-size) * 0.93);
    --_gap: calc(var(--_billing-space) * 5);
  }

  p {
    margin: 0;
  }

  /* The box fills the block size the host reserves (inherit: it is the shadow root's top element), so a reservation
     larger than the content shows as room inside the card, never as a gap under it. */
  .card {
    min-block-size: inherit;
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
    min-inline-size: 0;
    padding: var(--billing-auto-recharge-padding, calc(var(--_billing-space) * 5));
    background: var(--billing-auto-recharge-surface, var(--_billing-color-surface));
    border: 1px solid var(--billing-auto-recharge-border-color, var(--_billing-color-border));
    border-radius: var(--billing-auto-recharge-radius, calc(var(--_billing-radius) * 1.5));
    box-shadow: var(--_billing-shadow);
    overflow-wrap: anywhere;
  }

  .header {
    display: flex;
    align-items: flex-start;
    justify-content: space-between;
    gap: calc(var(--_billing-space) * 4);
  }

  .heading-group {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 1);
    min-inline-size: 0;
  }

  .heading {
    margin: 0;
    font-size: calc(var(--_billing-font-size) * 1.2);
    font-weight: 650;
    line-height: 1.3;
  }

  .subheading {
    margin: 0 0 calc(var(--_billing-space) * 2);
    font-size: var(--_billing-font-size);
    font-weight: 650;
  }

  .description,
  .hint {
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    line-height: 1.45;
  }

  /* ---------------------------------------------------------------- switch */

  .switch-row {
    display: flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 2);
    flex: none;
  }

  .switch-state {
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    font-weight: 600;
    min-inline-size: 1.75rem;
    text-align: end;
  }

  .switch {
    position: relative;
    flex: none;
    inline-size: 2.75rem;
    block-size: 1.5rem;
    padding: 0;
    border: 1px solid var(--_billing-color-border);
    border-radius: 0.75rem;
    background: var(--_billing-color-surface-raised);
    cursor: pointer;
    transition: background-color 120ms ease;
  }

  .switch[aria-checked='true'] {
    border-color: transparent;
    background: var(--_billing-color-accent);
  }

  .switch:disabled {
    cursor: progress;
    opacity: 0.6;
  }

  .switch-thumb {
    position: absolute;
    inset-block-start: 2px;
    inset-inline-start: 2px;
    inline-size: 1.125rem;
    block-size: 1.125rem;
    border-radius: 50%;
    background: var(--_billing-color-text-muted);
    transition: inset-inline-start 120ms ease;
  }

  .switch[aria-checked='true'] .switch-thumb {
    inset-inline-start: calc(100% - 1.125rem - 2px);
    background: var(--_billing-color-accent-contrast);
  }

  /* ---------------------------------------------------------------- summary and notices */

  .summary {
    padding: calc(var(--_billing-space) * 3) calc(var(--_billing-space) * 3.5);
    border-radius: var(--_billing-radius);
    background: var(--_billing-color-surface-raised);
    border-inline-start: 3px solid var(--_billing-color-border);
    line-height: 1.5;
  }

  .summary--on {
    border-inline-start-color: var(--_billing-color-accent);
    font-weight: 500;
  }

  /* The shared .notice box (styles/shared.ts), at this card's smaller text size. */
  .notice {
    font-size: var(--_small-text);
  }

  .banner div {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 1);
  }

  .progress {
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
  }
`;

const listStyles = css`
  /* ---------------------------------------------------------------- conflict */

  .conflict {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 3);
    padding: calc(var(--_billing-space) * 4);
    border: 1px solid var(--_billing-color-warning);
    border-radius: var(--_billing-radius);
    background: var(--_billing-color-warning-surface);
    font-size: var(--_small-text);
  }

  .conflict-title {
    display: flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 2);
    color: var(--_billing-color-warning);
  }

  .table-scroll {
    overflow-x: auto;
  }

  table {
    inline-size: 100%;
    border-collapse: collapse;
    background: var(--_billing-color-surface);
    border-radius: var(--_billing-radius);
  }

  th,
  td {
    padding: calc(var(--_billing-space) * 2) calc(var(--_billing-space) * 3);
    border-block-end: 1px solid var(--_billing-color-border);
    text-align: start;
    vertical-align: top;
  }

  thead th {
    color: var(--_billing-color-text-muted);
    font-weight: 600;
  }

  tbody th {
    font-weight: 500;
    color: var(--_billing-color-text-muted);
  }

  tr.differs td {
    font-weight: 650;
  }

  /* ---------------------------------------------------------------- attempts */

  .attempts {
    padding-block-start: var(--_gap);
    border-block-start: 1px solid var(--_billing-color-border);
  }

  .attempt-list {
    display: flex;
    flex-direction: column;
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .attempt {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: calc(var(--_billing-space) * 1) calc(var(--_billing-space) * 3);
    padding-block: calc(var(--_billing-space) * 2.5);
    border-block-end: 1px solid var(--_billing-color-border);
  }

  .attempt:last-child {
    border-block-end: 0;
  }

  .attempt-main {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: calc(var(--_billing-space) * 1) calc(var(--_billing-space) * 3);
    min-inline-size: 0;
  }

  .attempt-amount {
    font-weight: 650;
    font-variant-numeric: tabular-nums;
    unicode-bidi: isolate;
  }

  .attempt-card,
  .attempt-time {
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
  }

  .attempt-message {
    grid-column: 1 / -1;
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
  }

  .outcome {
    align-self: start;
    padding: 0 calc(var(--_billing-space) * 2.5);
    border-radius: 0.75rem;
    font-size: var(--_small-text);
    font-weight: 600;
    line-height: 1.6;
    white-space: nowrap;
  }

  .outcome--succeeded {
    background: var(--_billing-color-success-surface);
    color: var(--_billing-color-success);
  }

  .outcome--failed {
    background: var(--_billing-color-danger-surface);
    color: var(--_billing-color-danger);
  }

  .outcome--skipped {
    background: var(--_billing-color-surface-raised);
    color: var(--_billing-color-text-muted);
    border: 1px solid var(--_billing-color-border);
  }

  /* ---------------------------------------------------------------- error and skeleton */

  .skeleton-switch {
    inline-size: 2.75rem;
    block-size: 1.5rem;
    border-radius: 0.75rem;
  }

  /* The "off" state's summary and attempts, laid out as the card lays them out (same gap). */
  .skeleton-body {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }

  /* Words as placeholder bars: they take the real text's lines, so the skeleton wraps as that text will. */
  .skeleton-words {
    display: inline;
    color: transparent;
    -webkit-box-decoration-break: clone;
    box-decoration-break: clone;
  }

  @media (pointer: coarse) {
    .input-wrap input {
      min-block-size: 2.75rem;
    }

    .switch {
      inline-size: 3.25rem;
      block-size: 1.875rem;
      border-radius: 1rem;
    }

    .switch-thumb {
      inline-size: 1.5rem;
      block-size: 1.5rem;
    }

    .switch[aria-checked='true'] .switch-thumb {
      inset-inline-start: calc(100% - 1.5rem - 2px);
    }
  }

  @media (forced-colors: active) {
    .card,
    .summary,
    .conflict,
    .outcome,
    .switch {
      border: 1px solid CanvasText;
    }

    .switch[aria-checked='true'] .switch-thumb {
      background: Highlight;
    }

    .switch-thumb {
      background: CanvasText;
    }

    .card-option:has(input:checked) {
      outline: 2px solid Highlight;
    }
  }
`;

// In this order, so the media queries at the end of listStyles still come after the form's rules they adapt.
export const autoRechargeSettingsStyles = [cardStyles, newCardBox, autoRechargeFormStyles, listStyles];

// Styles of <billing-usage-grid>, <balance-usage-table>'s itemised level: the virtual grid (rows, or cards at phone
// width) and the detail panel. The table's custom properties (--_usage-*, --_billing-*) inherit into it.
import { css } from 'lit';

export const balanceUsageTableDetailsStyles = css`
  /* Laid out as the table's card lays out its own children. */
  :host {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 4);
  }

  :host > * {
    min-inline-size: 0;
  }

  .numeric {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }

  .skeleton-cell {
    block-size: 0.9rem;
    inline-size: 60%;
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

  /* The spacer, as tall as the list (capped: see virtual-scroll.ts); clips the window so it never adds to the scroll height. */
  .body {
    position: relative;
    overflow: hidden;
  }

  /* The window of rows in view, moved with a transform as the list scrolls; its rows stack in the flow. */
  .window {
    position: absolute;
    inset-block-start: 0;
    inset-inline: 0;
    will-change: transform;
  }

  .row {
    display: grid;
    grid-template-columns: minmax(0, 1.9fr) minmax(0, 1.2fr) minmax(0, 0.7fr) minmax(0, 1.1fr) minmax(0, 0.7fr);
    align-items: center;
    column-gap: calc(var(--_billing-space) * 3);
    padding-inline: calc(var(--_billing-space) * 3);
  }

  .body .row {
    position: relative;
    border-block-end: 1px solid var(--_usage-border);
    cursor: pointer;
    contain: strict;
  }

  /* The focused row kept while scrolled away: just outside the window, out of view. */
  .body .row--before,
  .body .row--after {
    position: absolute;
    inset-inline: 0;
  }

  .body .row--before {
    inset-block-end: 100%;
  }

  .body .row--after {
    inset-block-start: 100%;
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

  :host([narrow]) .head {
    position: absolute;
    clip-path: inset(50%);
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
  }

  :host([narrow]) .body .row {
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-areas:
      'destination price'
      'when duration'
      'user user';
    align-content: center;
    row-gap: calc(var(--_billing-space) * 0.5);
    padding: calc(var(--_billing-space) * 3);
  }

  :host([narrow]) .cell--destination {
    grid-area: destination;
    font-weight: 600;
  }

  :host([narrow]) .cell--price {
    grid-area: price;
  }

  :host([narrow]) .cell--when {
    grid-area: when;
    color: var(--_billing-color-text-muted);
  }

  :host([narrow]) .cell--duration {
    grid-area: duration;
    text-align: end;
    color: var(--_billing-color-text-muted);
  }

  :host([narrow]) .cell--user {
    grid-area: user;
    color: var(--_billing-color-text-muted);
  }

  .end-of-list,
  .count-note {
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
    /* Brought into view when opened: a little room from the viewport's edge. */
    scroll-margin-block: calc(var(--_billing-space) * 4);
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

  /* "Rate for Nigeria" under the rate: the accent, as every link and action of the widgets. */
  .rates-link {
    display: block;
    inline-size: fit-content;
    margin-block-start: calc(var(--_billing-space) * 1);
    color: var(--_billing-color-accent);
    text-underline-offset: 0.15em;
  }

  .rates-link:focus-visible {
    outline: var(--_billing-focus-ring);
    outline-offset: 2px;
    border-radius: calc(var(--_billing-radius) / 2);
  }

  /* Arabic letters join: tracking meant for Latin capitals would pull them apart. */
  :host(:lang(ar)) .row--head {
    letter-spacing: normal;
  }
`;

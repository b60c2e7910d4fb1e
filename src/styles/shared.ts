// Shared component CSS built on the tokens: host reset, focus ring, icons, buttons, notices, skeletons, spinner, reduced motion, forced colours.
import { css } from 'lit';

export const hostReset = css`
  :host {
    box-sizing: border-box;
    font-family: var(--_billing-font-family);
    font-size: var(--_billing-font-size);
    line-height: 1.5;
    color: var(--_billing-color-text);
    -webkit-font-smoothing: antialiased;
    -moz-osx-font-smoothing: grayscale;
  }

  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
`;

export const focusRing = css`
  :focus {
    outline: none;
  }

  :focus-visible {
    outline: var(--_billing-focus-ring);
    outline-offset: 2px;
  }

  /* A widget's base takes focus only from script (after Try again): a place to stand, not a control. */
  [part~='base'][tabindex='-1']:focus {
    outline: none;
  }
`;

/** Inline SVG icons sit in a line of text: one em-relative square that never shrinks in a flex row. */
export const icons = css`
  svg {
    flex: none;
    inline-size: 1.125em;
    block-size: 1.125em;
  }

  /* Icons that point along the reading direction (chevrons, "back") mirror in right-to-left text. */
  .icon--directional:dir(rtl) {
    transform: scaleX(-1);
  }
`;

/** Text for assistive technology only (live regions, extra context for a button). */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute !important;
    inline-size: 1px !important;
    block-size: 1px !important;
    padding: 0 !important;
    margin: -1px !important;
    overflow: hidden !important;
    clip-path: inset(50%) !important;
    white-space: nowrap !important;
    border: 0 !important;
  }
`;

export const buttons = css`
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_billing-space) * 1.5);
    min-block-size: 2.25rem;
    padding-block: calc(var(--_billing-space) * 1.5);
    padding-inline: calc(var(--_billing-space) * 3.5);
    border: 1px solid transparent;
    border-radius: var(--_billing-radius);
    font: inherit;
    font-weight: 600;
    line-height: 1.25;
    white-space: nowrap;
    text-decoration: none;
    cursor: pointer;
    user-select: none;
    transition:
      background-color 120ms ease,
      border-color 120ms ease,
      box-shadow 120ms ease,
      filter 120ms ease;
  }

  .button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }

  .button--primary {
    background: var(--_billing-color-accent);
    color: var(--_billing-color-accent-contrast);
    box-shadow: var(--_billing-shadow);
  }

  .button--primary:hover:not(:disabled) {
    filter: brightness(1.08);
  }

  .button--primary:active:not(:disabled) {
    filter: brightness(0.95);
  }

  .button--secondary {
    background: var(--_billing-color-surface);
    color: var(--_billing-color-text);
    border-color: var(--_billing-color-border);
    box-shadow: var(--_billing-shadow);
  }

  .button--secondary:hover:not(:disabled) {
    background: var(--_billing-color-surface-raised);
  }

  /* Inline action inside a sentence, e.g. "Try again" in a notice. */
  .button--link {
    min-block-size: 0;
    padding: 0;
    border: 0;
    background: none;
    color: inherit;
    font-weight: 600;
    text-decoration: underline;
    text-underline-offset: 0.15em;
    border-radius: 2px;
  }

  /* Fingers need bigger targets than pointers. */
  @media (pointer: coarse) {
    .button:not(.button--link) {
      min-block-size: 2.75rem;
    }
  }
`;

/** Placeholder blocks shown while loading; sized by the component so nothing moves when data arrives. */
export const skeleton = css`
  .skeleton {
    display: block;
    border-radius: calc(var(--_billing-radius) * 0.6);
    background: linear-gradient(
      90deg,
      var(--_billing-color-surface-raised) 0%,
      var(--_billing-color-border) 50%,
      var(--_billing-color-surface-raised) 100%
    );
    background-size: 200% 100%;
    animation: billing-shimmer 1.4s ease-in-out infinite;
  }

  @keyframes billing-shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
      background: var(--_billing-color-surface-raised);
    }
  }
`;

/** Windows High Contrast and similar: backgrounds vanish, so shapes need borders and system colours. */
export const forcedColors = css`
  @media (forced-colors: active) {
    .button {
      border: 1px solid ButtonText;
    }

    .button--primary {
      background: ButtonText;
      color: ButtonFace;
      forced-color-adjust: none;
    }

    .button--link {
      border: 0;
      color: LinkText;
    }

    .skeleton {
      background: GrayText;
      animation: none;
    }

    /* Tinted boxes lose their tint: a border keeps their edge. */
    .notice,
    .error,
    .tag {
      border: 1px solid CanvasText;
    }

    :focus-visible {
      outline: 2px solid Highlight;
      outline-offset: 2px;
    }

    /* Selected states: a Highlight outline, not a tint that forced colours remove. */
    [aria-selected='true'],
    [aria-pressed='true'],
    [aria-current]:not([aria-current='false']) {
      outline: 2px solid Highlight;
      outline-offset: -2px;
    }

    .button:disabled {
      border-color: GrayText;
      color: GrayText;
    }
  }
`;

/**
 * A sentence in a tinted box with its icon: `notice--danger` (declines, save errors),
 * `notice--warning` (low balance, "will charge now"), `notice--success` (saved) and
 * `notice--neutral` (progress, stale data). Components adjust only size, never the shape.
 */
export const notices = css`
  .notice {
    display: flex;
    align-items: flex-start;
    gap: calc(var(--_billing-space) * 2.5);
    margin: 0;
    padding-block: calc(var(--_billing-space) * 2.5);
    padding-inline: calc(var(--_billing-space) * 3);
    border-radius: var(--_billing-radius);
    line-height: 1.45;
  }

  .notice svg,
  .notice .spinner {
    margin-block-start: 0.15em;
  }

  .notice--neutral {
    background: var(--_billing-color-surface-raised);
    color: var(--_billing-color-text);
    border: 1px solid var(--_billing-color-border);
  }

  .notice--danger {
    background: var(--_billing-color-danger-surface);
    color: var(--_billing-color-danger);
  }

  .notice--warning {
    background: var(--_billing-color-warning-surface);
    color: var(--_billing-color-warning);
  }

  .notice--success {
    background: var(--_billing-color-success-surface);
    color: var(--_billing-color-success);
  }
`;

/** A ring that turns while something is in flight; always beside words that say what. */
export const spinner = css`
  .spinner {
    flex: none;
    display: inline-block;
    inline-size: 1em;
    block-size: 1em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: billing-spin 0.8s linear infinite;
  }

  @keyframes billing-spin {
    to {
      transform: rotate(360deg);
    }
  }
`;

/**
 * prefers-reduced-motion: nothing moves. One rule for every element of every widget (shimmer,
 * spinner, switch, hover fades, the dialog and its backdrop) instead of one per component, so a
 * new animation cannot forget it. The spinner stays as a still ring next to its text.
 */
export const reducedMotion = css`
  @media (prefers-reduced-motion: reduce) {
    :host,
    *,
    *::before,
    *::after,
    ::backdrop {
      animation: none !important;
      transition: none !important;
      scroll-behavior: auto !important;
    }
  }
`;

/** The load-error box every widget shows: the message with its icon, and a retry button beside it. */
export const errorState = css`
  .error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_billing-space) * 3);
    padding: calc(var(--_billing-space) * 3);
    border-radius: var(--_billing-radius);
    background: var(--_billing-color-danger-surface);
    color: var(--_billing-color-danger);
  }

  .error-message {
    display: flex;
    align-items: flex-start;
    gap: calc(var(--_billing-space) * 2);
    flex: 1 1 12rem;
    margin: 0;
  }

  .error-message svg {
    margin-block-start: 0.15em;
  }
`;

/**
 * The dashed box a new card is entered in, around the provider's card entry: the add-funds form and auto-recharge's card
 * section draw the same one. Not in sharedStyles: only those two sheets add it.
 */
export const newCardBox = css`
  .new-card {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 3);
    padding: calc(var(--_billing-space) * 3);
    border: 1px dashed var(--_billing-color-border);
    border-radius: var(--_billing-radius);
  }
`;

/**
 * A card holding a table whose rows turn into small cards of their own on a narrow container (a phone, a side column),
 * the header row then hidden: <usage-rates> and <billing-history> draw the same one. Each sets its knobs on :host
 * (`--_table-card-surface`, `--_table-card-border`, `--_table-card-padding`, `--_table-card-radius`, from its public
 * tokens) and its narrow rows' columns and spacing. Not in sharedStyles: only those two sheets add it, before their own.
 */
export const tableCard = css`
  :host {
    --_small-text: calc(var(--_billing-font-size) * 0.93);
  }

  .card {
    container-type: inline-size;
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 4);
    min-block-size: inherit;
    padding: var(--_table-card-padding, calc(var(--_billing-space) * 5));
    background: var(--_table-card-surface);
    border: 1px solid var(--_table-card-border);
    border-radius: var(--_table-card-radius, calc(var(--_billing-radius) * 1.5));
    box-shadow: var(--_billing-shadow);
    overflow-wrap: anywhere;
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
    border-block-end: 1px solid var(--_table-card-border);
  }

  thead th {
    color: var(--_billing-color-text-muted);
    font-size: var(--_small-text);
    font-weight: 550;
    background: var(--_billing-color-surface-raised);
  }

  tbody tr:last-child > * {
    border-block-end: none;
  }

  .empty {
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
      padding-inline: calc(var(--_billing-space) * 3);
      border-block-end: 1px solid var(--_table-card-border);
    }

    tbody tr:last-child {
      border-block-end: none;
    }

    th,
    td {
      padding: 0;
      border: none;
    }
  }
`;

/** Everything a billing component starts from; put after `tokens` and before its own styles. */
export const sharedStyles = [
  hostReset,
  focusRing,
  visuallyHidden,
  icons,
  buttons,
  notices,
  skeleton,
  spinner,
  errorState,
  reducedMotion,
  forcedColors,
];

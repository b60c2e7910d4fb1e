// The test-card form's and 3-D Secure challenge's styles: the widget's resolved roles when inside one, else the public tokens or light defaults.
import { css } from 'lit';

// Inside a widget the resolved --_billing-* roles inherit in; outside one (a bare story) the
// public --billing-* ones or these light defaults apply.
const roles = css`
  :host {
    --_tc-accent: var(--_billing-color-accent, var(--billing-color-accent, #4f46e5));
    --_tc-accent-contrast: var(--_billing-color-accent-contrast, var(--billing-color-accent-contrast, #ffffff));
    --_tc-text: var(--_billing-color-text, var(--billing-color-text, #1b2030));
    --_tc-muted: var(--_billing-color-text-muted, var(--billing-color-text-muted, #596174));
    --_tc-surface: var(--_billing-color-surface, var(--billing-color-surface, #ffffff));
    --_tc-surface-raised: var(--_billing-color-surface-raised, var(--billing-color-surface-raised, #f5f6fa));
    --_tc-border: var(--_billing-color-border, var(--billing-color-border, #dfe3ea));
    --_tc-danger: var(--_billing-color-danger, var(--billing-color-danger, #b42318));
    --_tc-warning: var(--_billing-color-warning, var(--billing-color-warning, #8a4b00));
    --_tc-warning-surface: var(--_billing-color-warning-surface, var(--billing-color-warning-surface, #fff6e5));
    --_tc-radius: var(--_billing-radius, var(--billing-radius, 0.5rem));
    --_tc-space: var(--_billing-space, var(--billing-space, 0.25rem));
    --_tc-focus-ring: var(--_billing-focus-ring, var(--billing-focus-ring, 2px solid var(--_tc-accent)));

    display: block;
    font-family: var(
      --_billing-font-family,
      var(--billing-font-family, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)
    );
    font-size: var(--_billing-font-size, var(--billing-font-size, 0.875rem));
    line-height: 1.5;
    color: var(--_tc-text);
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  p {
    margin: 0;
  }

  .badge {
    display: inline-block;
    padding-block: 0;
    padding-inline: calc(var(--_tc-space) * 1.5);
    border-radius: 999px;
    background: var(--_tc-warning-surface);
    color: var(--_tc-warning);
    font-size: 0.85em;
    font-weight: 600;
  }

  .number {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  :focus-visible {
    outline: var(--_tc-focus-ring);
    outline-offset: 2px;
  }
`;

export const formStyles = [
  roles,
  css`
    .card-form {
      display: grid;
      gap: calc(var(--_tc-space) * 3);
    }

    .test-hint {
      padding-block: calc(var(--_tc-space) * 2);
      padding-inline: calc(var(--_tc-space) * 3);
      border: 1px dashed var(--_tc-border);
      border-radius: var(--_tc-radius);
      background: var(--_tc-surface-raised);
      color: var(--_tc-text);
    }

    .test-hint .badge {
      margin-inline-end: var(--_tc-space);
    }

    .row {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
      gap: calc(var(--_tc-space) * 3);
    }

    label {
      display: block;
      margin-block-end: var(--_tc-space);
      font-weight: 600;
    }

    input {
      display: block;
      inline-size: 100%;
      min-block-size: 2.5rem;
      padding-block: calc(var(--_tc-space) * 2);
      padding-inline: calc(var(--_tc-space) * 3);
      border: 1px solid var(--_tc-border);
      border-radius: var(--_tc-radius);
      background: var(--_tc-surface);
      color: var(--_tc-text);
      font: inherit;
      font-variant-numeric: tabular-nums;
    }

    input::placeholder {
      color: var(--_tc-muted);
      opacity: 1;
    }

    input:focus-visible {
      border-color: var(--_tc-accent);
      outline-offset: 1px;
    }

    input[aria-invalid='true'] {
      border-color: var(--_tc-danger);
    }

    .error {
      margin-block-start: var(--_tc-space);
      color: var(--_tc-danger);
    }

    .test-cards summary {
      inline-size: fit-content;
      color: var(--_tc-accent);
      font-weight: 600;
      cursor: pointer;
      border-radius: 2px;
    }

    .test-cards ul {
      display: grid;
      gap: calc(var(--_tc-space) * 2);
      margin-block: calc(var(--_tc-space) * 2) 0;
      padding: 0;
      list-style: none;
    }

    .test-cards li {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      align-items: center;
      gap: calc(var(--_tc-space) * 2);
    }

    .test-card {
      padding-block: var(--_tc-space);
      padding-inline: calc(var(--_tc-space) * 2);
      border: 1px solid var(--_tc-border);
      border-radius: calc(var(--_tc-radius) * 0.6);
      background: var(--_tc-surface);
      color: var(--_tc-text);
      font: inherit;
      cursor: pointer;
    }

    .test-card:hover {
      border-color: var(--_tc-accent);
    }

    .description {
      color: var(--_tc-muted);
    }

    @media (pointer: coarse) {
      .test-card {
        min-block-size: 2.75rem;
      }
    }

    @media (forced-colors: active) {
      input[aria-invalid='true'] {
        border: 2px solid Mark;
      }
    }
  `,
];

export const challengeStyles = [
  roles,
  css`
    .challenge {
      display: grid;
      gap: calc(var(--_tc-space) * 3);
      padding: calc(var(--_tc-space) * 4);
      border: 1px solid var(--_tc-border);
      border-radius: var(--_tc-radius);
      background: var(--_tc-surface);
      color: var(--_tc-text);
    }

    dialog.challenge {
      max-inline-size: min(28rem, calc(100vw - 2rem));
      font: inherit;
    }

    dialog.challenge::backdrop {
      background: rgb(16 24 40 / 0.45);
    }

    .badge {
      justify-self: start;
    }

    .title {
      font-size: 1.15em;
      font-weight: 700;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_tc-space) * 2);
    }

    .button {
      min-block-size: 2.25rem;
      padding-block: calc(var(--_tc-space) * 1.5);
      padding-inline: calc(var(--_tc-space) * 3.5);
      border: 1px solid transparent;
      border-radius: var(--_tc-radius);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }

    .button--primary {
      background: var(--_tc-accent);
      color: var(--_tc-accent-contrast);
    }

    .button--secondary {
      border-color: var(--_tc-border);
      background: var(--_tc-surface);
      color: var(--_tc-text);
    }

    @media (pointer: coarse) {
      .button {
        min-block-size: 2.75rem;
      }
    }

    @media (forced-colors: active) {
      .button {
        border: 1px solid ButtonText;
      }
    }
  `,
];

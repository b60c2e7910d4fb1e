// Styles <add-funds-dialog> has before its flow (and add-funds-dialog.styles.ts) arrive: the host takes no box (an
// empty flex or grid item would add a gap), the dialog box both views share, and the one dialog drawn without the
// flow, saying it is on its way or could not load.
import { css } from 'lit';

export const addFundsDialogShellStyles = css`
  :host {
    display: contents;
  }

  .dialog {
    inline-size: min(var(--billing-dialog-width, 32rem), calc(100vw - 2rem));
    border: 1px solid var(--_billing-color-border);
    border-radius: calc(var(--_billing-radius) * 2);
    background: var(--_billing-color-surface);
    color: var(--_billing-color-text);
    font-family: var(--_billing-font-family);
    font-size: var(--_billing-font-size);
    line-height: 1.5;
  }

  .dialog::backdrop {
    /* A scrim dims whatever is behind it, light or dark theme alike. */
    background: var(--billing-dialog-backdrop, var(--_billing-color-backdrop));
  }

  .flow-pending {
    padding: calc(var(--_billing-space) * 6);
  }

  .flow-pending .header {
    display: flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 3);
    margin-block-end: calc(var(--_billing-space) * 4);
  }

  .flow-pending .title {
    flex: 1;
    margin: 0;
    font-size: calc(var(--_billing-font-size) * 1.3);
  }

  .flow-pending .close {
    display: inline-grid;
    place-items: center;
    padding: calc(var(--_billing-space) * 1.5);
    border: 0;
    border-radius: var(--_billing-radius);
    background: transparent;
    color: inherit;
    cursor: pointer;
  }

  .flow-pending svg {
    inline-size: 1.25em;
    block-size: 1.25em;
  }

  .flow-pending .notice {
    margin-block-end: calc(var(--_billing-space) * 4);
  }

  .flow-pending .loading {
    display: flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 2);
    margin: 0;
    color: var(--_billing-color-text-muted);
  }
`;

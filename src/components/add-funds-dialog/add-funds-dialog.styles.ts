// Styles for <add-funds-dialog>: a centred modal panel with its title bar, a full-height sheet at phone width; the
// body is <billing-add-funds-form> (its own styles), or while that loads, a line saying so or that it could not load.
import { css } from 'lit';

export const addFundsDialogStyles = css`
  /* The host takes no box: an empty flex or grid item would add a gap. */
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
    max-block-size: min(92vh, 52rem);
    padding: 0;
    box-shadow:
      0 24px 48px -12px color-mix(in srgb, var(--_billing-color-text) 28%, transparent),
      var(--_billing-shadow);
    overflow: hidden;
  }

  .dialog::backdrop {
    /* A scrim dims whatever is behind it, light or dark theme alike. */
    background: var(--billing-dialog-backdrop, var(--_billing-color-backdrop));
  }

  .dialog[open] {
    display: flex;
  }

  .panel {
    display: flex;
    flex-direction: column;
    inline-size: 100%;
    min-block-size: 0;
  }

  .header {
    display: flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 3);
    padding-block: calc(var(--_billing-space) * 4);
    padding-inline: calc(var(--_billing-space) * 6) calc(var(--_billing-space) * 4);
    border-block-end: 1px solid var(--_billing-color-border);
  }

  .title {
    flex: 1;
    margin: 0;
    font-size: calc(var(--_billing-font-size) * 1.3);
    font-weight: 650;
    line-height: 1.3;
    letter-spacing: -0.01em;
  }

  .test-mode {
    padding-block: calc(var(--_billing-space) * 0.5);
    padding-inline: calc(var(--_billing-space) * 2);
    border-radius: 999px;
    background: var(--_billing-color-warning-surface);
    color: var(--_billing-color-warning);
    font-size: calc(var(--_billing-font-size) * 0.8);
    font-weight: 650;
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }

  .close {
    display: inline-grid;
    place-items: center;
    inline-size: 2.25rem;
    block-size: 2.25rem;
    padding: 0;
    border: 0;
    border-radius: var(--_billing-radius);
    background: none;
    color: var(--_billing-color-text-muted);
    cursor: pointer;
  }

  .close:hover {
    background: var(--_billing-color-surface-raised);
    color: var(--_billing-color-text);
  }

  .pending {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: calc(var(--_billing-space) * 4);
    padding: calc(var(--_billing-space) * 6);
  }

  .loading {
    display: flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 2);
    margin: 0;
    color: var(--_billing-color-text-muted);
  }

  /* A phone: a full-height sheet. */
  @media (max-width: 480px) {
    .dialog {
      inline-size: 100%;
      max-inline-size: 100%;
      block-size: 100%;
      max-block-size: 100%;
      margin: 0;
      border: 0;
      border-radius: 0;
    }

    .header,
    .pending {
      padding-inline: calc(var(--_billing-space) * 4);
    }
  }

  /* Arabic letters join: tracking meant for Latin capitals would pull them apart. */
  :host(:lang(ar)) .title,
  :host(:lang(ar)) .test-mode {
    letter-spacing: normal;
  }
`;

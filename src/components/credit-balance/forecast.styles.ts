// Styles of the runway forecast line: shared by <credit-balance> (its placeholder) and <billing-balance-forecast>, so
// the placeholder and the answer lay out alike.
import { css } from 'lit';

export const forecastStyles = css`
  /* The forecast line: while the spend loads, its placeholder is a likely sentence drawn as bars (forecast-placeholder.ts), so
     the answer takes the same lines and moves nothing. */
  .forecast {
    display: flex;
    align-items: flex-start;
    gap: calc(var(--_billing-space) * 2);
    margin: 0;
    color: var(--billing-balance-forecast-color, var(--_billing-color-text));
    font-size: var(--_small-text);
    line-height: 1.45;
  }

  .forecast svg {
    flex: none;
    inline-size: 1.15em;
    block-size: 1.15em;
    margin-block-start: 0.15em;
    color: var(--_billing-color-text-muted);
  }

  .forecast--muted {
    color: var(--_billing-color-text-muted);
  }

  /* Inline, so each line of the sentence is a bar of its own; the words are there only for their width. */
  .forecast-placeholder {
    display: inline;
    color: transparent;
    -webkit-box-decoration-break: clone;
    box-decoration-break: clone;
  }

  .forecast[data-forecast='loading'] svg {
    visibility: hidden;
  }

  /* Too little data to forecast from: the line keeps its room (nothing below it moves) and shows nothing. */
  .forecast[data-forecast='too-little-data'] {
    visibility: hidden;
  }
`;

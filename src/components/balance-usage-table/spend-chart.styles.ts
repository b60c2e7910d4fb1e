// Styles of <billing-spend-chart>, the usage table's spend over time: colours from the token roles only, a fixed block
// size in every state (no layout shift), logical properties, and system colours in forced-colours mode.
import { css } from 'lit';

export const spendChartStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }

  .chart {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_billing-space) * 1.5);
    /* The chart's height in every state: loading, error, empty and drawn take the same room. */
    min-block-size: 16rem;
    color: var(--_billing-color-text);
  }

  .title {
    margin: 0;
    font-size: 0.9375rem;
    font-weight: 600;
  }

  .placeholder {
    flex: 1;
    min-block-size: 10rem;
    margin: 0;
  }

  .message,
  .empty {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_billing-space) * 3);
    color: var(--_billing-color-text-muted);
    text-align: center;
  }

  .error {
    display: flex;
    align-items: center;
    gap: calc(var(--_billing-space) * 2);
    margin: 0;
    color: var(--_billing-color-danger);
  }

  .plot {
    display: grid;
    grid-template-rows: auto 8rem auto;
  }

  .axis-max,
  .axis {
    color: var(--_billing-color-text-muted);
    font-size: 0.75rem;
    font-variant-numeric: tabular-nums;
  }

  .axis {
    display: flex;
    justify-content: space-between;
    padding-block-start: calc(var(--_billing-space) * 1);
  }

  .bars {
    inline-size: 100%;
    block-size: 100%;
    overflow: visible;
  }

  .baseline {
    stroke: var(--_billing-color-border);
    stroke-width: 1;
  }

  .hit {
    fill: transparent;
  }

  .bar {
    fill: var(--_billing-color-accent);
  }

  .column {
    outline: none;
  }

  .column:hover .hit,
  .column:focus .hit {
    fill: var(--_billing-color-surface-raised);
  }

  .column:focus-visible .hit {
    stroke: var(--_billing-color-accent);
    stroke-width: 2;
    vector-effect: non-scaling-stroke;
  }

  .readout {
    min-block-size: 1.25rem;
    margin: 0;
    color: var(--_billing-color-text-muted);
    font-variant-numeric: tabular-nums;
  }

  .note {
    margin: 0;
    color: var(--_billing-color-warning);
  }

  .table summary {
    inline-size: fit-content;
    color: var(--_billing-color-accent);
    cursor: pointer;
  }

  .table summary:focus-visible {
    outline: var(--_billing-focus-ring);
    outline-offset: 2px;
  }

  table {
    inline-size: 100%;
    margin-block-start: calc(var(--_billing-space) * 2);
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }

  th,
  td {
    padding-block: calc(var(--_billing-space) * 1.5);
    padding-inline: calc(var(--_billing-space) * 2);
    border-block-end: 1px solid var(--_billing-color-border);
    text-align: start;
  }

  thead th {
    color: var(--_billing-color-text-muted);
    font-weight: 500;
  }

  th[scope='row'] {
    font-weight: 400;
  }

  td {
    text-align: end;
  }

  /*
   * A phone-narrow chart: the readout and the table's summary may take two lines (Arabic hours, French words), so the
   * readout keeps two lines whichever bar it reads (focus and hover move nothing) and the plot gives up the room, so
   * the chart still fits the 16rem held for it.
   */
  @container (max-width: 22rem) {
    .plot {
      grid-template-rows: auto 5.5rem auto;
    }

    .readout {
      min-block-size: 3em;
    }
  }

  @media (forced-colors: active) {
    .bar {
      fill: CanvasText;
    }

    .baseline {
      stroke: CanvasText;
    }

    .column:focus-visible .hit {
      stroke: Highlight;
    }
  }
`;

// <billing-spend-chart>: <balance-usage-table>'s spend over time, a private sub-element fetched with import() (so the
// table's first paint does not grow): one SVG bar per day (or hour, for periods up to two days) of the table's filters,
// read with getUsageSeries in the table's time zone. Each bar is a keyboard stop (roving tabindex, arrows, Home/End)
// that says its value; the same values are a table under a disclosure. Time runs with the reading direction: in
// Arabic the first day is on the right, so the bars, the axis labels and the arrow keys all mirror together.
import { html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import type { BillingClient } from '../../client/billing-client.js';
import { isAbortError, toBillingError, type BillingError } from '../../client/errors.js';
import type { UsageFilters } from '../../client/schemas.js';
import type { BalanceUsageTableShellMessages, SpendChartMessages } from '../../i18n/messages/balance-usage-table.js';

type ChartText = BalanceUsageTableShellMessages & SpendChartMessages;
import { dateTimeFormat, numberFormat } from '../../money/intl-cache.js';
import { formatMoney } from '../../money/money.js';
import { MAX_SERIES_DAYS } from '../../client/contract-values.js';
import { StoreController } from '../../store/store-controller.js';
import { sharedStyles } from '../../styles/shared.js';
import { chartRange, readSeries, type ChartBar, type ChartSeries } from './spend-chart-data.js';
import { spendChartStyles } from './spend-chart.styles.js';
import { icon } from './usage-table-views.js';

export { defaultSpendChartMessages } from './spend-chart-messages.js';

/** Bar pitch in the SVG's own units; the SVG stretches to the width it is given. */
const PITCH = 10;
const HEIGHT = 100;

/**
 * @internal Private sub-element of `<balance-usage-table>` (not public API): spend per day or hour for the table's
 * filters. Its store comes from the table through the billing-store context; its parts are exported by the table.
 *
 * @tagname billing-spend-chart
 */
export class BillingSpendChart extends LitElement {
  static override styles = [...sharedStyles, spendChartStyles];

  /** The table's words in its language. */
  @property({ attribute: false }) text!: ChartText;
  @property() locale = 'en';
  @property({ attribute: false }) timeZone = 'UTC';
  /** The table's range, type and user; a new object (a new query, or the table's refresh) reads the series again. */
  @property({ attribute: false }) filters?: UsageFilters;
  /** A failed read in the table's language. */
  @property({ attribute: false }) errorText: (error: BillingError) => string = (error) => error.message;

  /** The bar that holds the keyboard stop (roving tabindex); the newest until the person moves. */
  @state() private active = -1;
  private readonly billing = new StoreController(this, { loadAccount: false });
  private reloads = 0;
  private rtl = false;
  private focusAfterRender = false;

  private readonly series = new Task(this, {
    task: async ([client, filters, timeZone], { signal }) => this.load(client, filters, timeZone, signal),
    args: () => [this.isConnected ? this.billing.store?.client : undefined, this.filters, this.timeZone, this.reloads] as const,
  });

  private async load(
    client: BillingClient | undefined,
    filters: UsageFilters | undefined,
    timeZone: string,
    signal: AbortSignal,
  ): Promise<ChartSeries | 'too_long' | undefined> {
    const range = chartRange(filters);
    if (!client?.getUsageSeries || !filters || !range) return undefined;
    if ('tooLong' in range) return 'too_long';
    const { fromMs, toMs, bucket } = range;
    try {
      const answer = await client.getUsageSeries(
        {
          from: new Date(fromMs).toISOString(),
          to: new Date(toMs).toISOString(),
          type: filters.type,
          userId: filters.userId,
          timeZone,
          bucket,
        },
        { signal },
      );
      return readSeries(answer, fromMs, toMs, bucket);
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return undefined;
      throw toBillingError(error);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.reloads++;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.rtl = getComputedStyle(this).direction === 'rtl';
  }

  protected override updated(): void {
    if (!this.focusAfterRender) return;
    this.focusAfterRender = false;
    this.renderRoot.querySelector<SVGElement>('.column[tabindex="0"]')?.focus();
  }

  protected override render() {
    // No series on this backend, or no range yet: no chart, and no room kept for one.
    // The words arrive from the table once this chunk is here, which may be after the first update.
    if (!(this.text as ChartText | undefined) || !this.billing.store?.client.getUsageSeries || !chartRange(this.filters)) return nothing;
    const { status, value } = this.series;
    if (status === TaskStatus.ERROR) return this.frame(this.renderError(this.series.error));
    if (value === 'too_long')
      return this.frame(html`<p part="chart-note" class="note">${this.text.chartTooLong(this.count(MAX_SERIES_DAYS))}</p>`);
    if (!value) return this.frame(this.renderLoading());
    return this.frame(this.renderChart(value), status === TaskStatus.PENDING);
  }

  private frame(content: TemplateResult, busy = false): TemplateResult {
    return html`<section part="spend-chart" class="chart" aria-busy=${busy ? 'true' : 'false'}>${content}</section>`;
  }

  private renderLoading(): TemplateResult {
    return html`<span part="skeleton" class="skeleton placeholder"></span>
      <span class="visually-hidden" role="status">${this.text.chartLoading}</span>`;
  }

  private renderError(error: unknown): TemplateResult {
    const message = this.errorText(toBillingError(error));
    return html`<div class="placeholder message">
      <p part="error" class="error" role="alert">${icon('error')}<span>${this.text.chartError} ${message}</span></p>
      <button type="button" part="retry-button" class="button button--secondary" @click=${this.retry}>${this.text.retry}</button>
    </div>`;
  }

  private readonly retry = (): void => {
    this.reloads++;
    this.requestUpdate();
  };

  private renderChart(series: ChartSeries): TemplateResult {
    const { text } = this;
    const notes = html`${
      series.dropped > 0
        ? html`<p part="chart-note" class="note">${text.chartDropped(this.count(series.dropped), series.dropped)}</p>`
        : nothing
    }${series.gaps ? html`<p part="chart-note" class="note">${text.chartGaps}</p>` : nothing}`;
    const title = html`<h3 class="title" id="chart-title">${text.chartTitle[series.bucket]}</h3>`;
    if (series.maxAmount === 0)
      return html`${title}
        <p part="chart-note" class="placeholder empty">${text.chartEmpty}</p>
        ${notes}`;
    const bars = series.bars;
    const active = this.active >= 0 && this.active < bars.length ? this.active : bars.length - 1;
    const width = Math.max(bars.length, 1) * PITCH;
    const activeBar = bars[active];
    return html`${title}
      <div class="plot">
        <span class="axis-max" aria-hidden="true"
          >${this.money(series.bars.reduce((max, bar) => (bar.spend.amount > max.spend.amount ? bar : max)))}</span
        >
        <svg
          class="bars"
          viewBox="0 0 ${width} ${HEIGHT}"
          preserveAspectRatio="none"
          role="group"
          aria-labelledby="chart-title"
          aria-describedby="chart-hint"
          @keydown=${(event: KeyboardEvent) => this.onKey(event, bars.length, active)}
        >
          <line class="baseline" x1="0" y1=${HEIGHT} x2=${width} y2=${HEIGHT} vector-effect="non-scaling-stroke"></line>
          ${bars.map((bar, index) => this.renderBar(bar, index, active, bars.length, series))}
        </svg>
        <div class="axis" aria-hidden="true">
          <span>${this.when(bars[0], series)}</span><span>${bars.length > 1 ? this.when(bars.at(-1), series) : nothing}</span>
        </div>
      </div>
      <p class="readout" aria-hidden="true">${activeBar ? this.pointText(activeBar, series) : nothing}</p>
      <p class="visually-hidden" id="chart-hint">${text.chartHint}</p>
      ${notes} ${this.renderTable(series)}`;
  }

  private renderBar(bar: ChartBar, index: number, active: number, length: number, series: ChartSeries) {
    // Time runs with the reading direction: the first bar is at the inline start.
    const x = (this.rtl ? length - 1 - index : index) * PITCH;
    const amount = bar.spend.amount;
    // A bar that spent anything stays visible however small against the largest.
    const height = amount === 0 ? 0 : Math.max((amount / series.maxAmount) * HEIGHT, 1.5);
    return svg`<g
      part="chart-bar"
      class="column"
      role="img"
      tabindex=${index === active ? 0 : -1}
      aria-label=${this.pointText(bar, series)}
      @focus=${() => (this.active = index)}
      @pointerenter=${() => (this.active = index)}
    ><rect class="hit" x=${x} y="0" width=${PITCH} height=${HEIGHT}></rect><rect
      class="bar"
      x=${x + 1.5}
      y=${HEIGHT - height}
      width=${PITCH - 3}
      height=${height}
    ></rect></g>`;
  }

  private onKey(event: KeyboardEvent, length: number, active: number): void {
    const forward = this.rtl ? 'ArrowLeft' : 'ArrowRight';
    const backward = this.rtl ? 'ArrowRight' : 'ArrowLeft';
    const moves: Record<string, number> = { [forward]: active + 1, [backward]: active - 1, Home: 0, End: length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.active = Math.min(Math.max(next, 0), length - 1);
    this.focusAfterRender = true;
  }

  private renderTable(series: ChartSeries): TemplateResult {
    const { text } = this;
    return html`<details part="chart-table" class="table">
      <summary>${text.chartTable}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">${text.chartBucketColumn[series.bucket]}</th>
            <th scope="col">${text.chartSpendColumn}</th>
            <th scope="col">${text.chartCountColumn}</th>
          </tr>
        </thead>
        <tbody>
          ${series.bars.map(
            (bar) =>
              html`<tr>
                <th scope="row">${this.when(bar, series)}</th>
                <td>${this.money(bar)}</td>
                <td>${this.count(bar.count)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </details>`;
  }

  private pointText(bar: ChartBar, series: ChartSeries): string {
    return this.text.chartPoint(this.when(bar, series), this.money(bar), this.text.calls(bar.count, this.count(bar.count)));
  }

  /** "2 Dec" for a day, "2 Dec, 14:00" for an hour, in the table's zone. */
  private when(bar: ChartBar | undefined, series: ChartSeries): string {
    if (!bar) return '';
    const options: Intl.DateTimeFormatOptions =
      series.bucket === 'day'
        ? { timeZone: this.timeZone, day: 'numeric', month: 'short' }
        : { timeZone: this.timeZone, day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' };
    return dateTimeFormat(this.locale, options).format(new Date(bar.startMs));
  }

  private money(bar: ChartBar): string {
    return formatMoney(bar.spend, this.locale);
  }

  private count(count: number): string {
    return numberFormat(this.locale).format(count);
  }
}

if (!customElements.get('billing-spend-chart')) customElements.define('billing-spend-chart', BillingSpendChart);

declare global {
  interface HTMLElementTagNameMap {
    'billing-spend-chart': BillingSpendChart;
  }
}

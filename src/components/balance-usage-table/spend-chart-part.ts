// How <balance-usage-table> loads and places its spend chart <billing-spend-chart> (spend-chart.ts): its code is fetched
// with import() once the browser is idle, so the table's first paint does not grow; until it is here, the chart's tag
// (not yet defined) holds the chart's block size, so nothing moves when it arrives.
import { html, nothing, type ReactiveElement, type TemplateResult } from 'lit';
import type { BillingClient } from '../../client/billing-client.js';
import type { BillingError } from '../../client/errors.js';
import type { UsageFilters, UsageSummary } from '../../client/schemas.js';
import type { BalanceUsageTableShellMessages, SpendChartMessages } from '../../i18n/messages/balance-usage-table.js';
import { LazyPart, SharedImport } from '../lazy-part.js';

type SpendChartModule = typeof import('./spend-chart.js');

/** The chart's code, fetched once for every table on the page. */
const chartImport = new SharedImport<SpendChartModule>(() => import('./spend-chart.js'));

/** The parts of the chart that the table exports (documented in the table's JSDoc). */
const CHART_PARTS = ['spend-chart', 'chart-bar', 'chart-note', 'chart-table', 'skeleton', 'error', 'retry-button']
  .map((name) => `${name}: ${name}`)
  .join(', ');

/** The chart's loader for `host`; a host with `chart="off"` never fetches its code (it is asked when the browser is idle). */
export function spendChartPart(host: ReactiveElement & { chart: 'on' | 'off' }, wanted: () => boolean): LazyPart<SpendChartModule> {
  return new LazyPart(host, {
    shared: chartImport,
    load: () => chartImport.load(),
    wanted,
    name: 'the spend chart',
    prefetch: () => host.chart !== 'off',
  });
}

export interface SpendChartView {
  client: BillingClient | undefined;
  /** The table's words with the chart's English (the table's partText). */
  text: (english: SpendChartMessages) => BalanceUsageTableShellMessages & SpendChartMessages;
  locale: string;
  timeZone: string;
  filters: UsageFilters | undefined;
  errorText: (error: BillingError) => string;
  /** The summary level is shown, the chart is on and the summary did not fail. */
  shown: boolean;
  /** An empty summary says so already; the chart would only repeat it. */
  summary: UsageSummary | undefined;
}

/** The chart under the summary; nothing when the backend has no getUsageSeries. */
export function renderSpendChart(part: LazyPart<SpendChartModule>, view: SpendChartView): TemplateResult | typeof nothing {
  // Before the client is known the room is held too (the skeleton is as tall as what follows); a client without
  // getUsageSeries gives it back.
  if (!view.shown || view.summary?.types.length === 0 || (view.client && !view.client.getUsageSeries)) return nothing;
  const module = part.module;
  // Until the code is here, the tag alone (not yet defined) holds the chart's room.
  if (!module) return html`<billing-spend-chart class="chart-slot"></billing-spend-chart>`;
  return html`<billing-spend-chart
    class="chart-slot"
    exportparts=${CHART_PARTS}
    .text=${view.text(module.defaultSpendChartMessages)}
    .locale=${view.locale}
    .timeZone=${view.timeZone}
    .filters=${view.filters}
    .errorText=${view.errorText}
  ></billing-spend-chart>`;
}

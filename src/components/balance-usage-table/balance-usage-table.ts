// <balance-usage-table>: usage by type with total spend, the itemised list at any size (virtual rows over cursor pages), filters and CSV export.
// This is the eager shell: the public API, the query, the summary level and the filters. The itemised level is the
// private sub-element <billing-usage-grid> (usage-grid.ts), defined by import() when the browser is idle or, at the
// latest, when the details level is wanted; Export CSV (csv-export.ts) loads on the first export.
import { html, nothing, type PropertyValues, type ReactiveElement, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { initialState, Task, TaskStatus } from '@lit/task';
import type { BillingClient } from '../../client/billing-client.js';
import { isAbortError, toBillingError, type BillingError } from '../../client/errors.js';
import type { UsageFilters, UsageSummary } from '../../client/schemas.js';
import { formatMoney, type Money } from '../../money/money.js';
import { StoreController } from '../../store/store-controller.js';
import { BillingElement } from '../billing-element.js';
import { LazyPart, SharedImport } from '../lazy-part.js';
import { balanceUsageTableStyles } from './balance-usage-table.styles.js';
import { UsageQueryChangeEvent } from './events.js';
import { NarrowController } from './narrow-controller.js';
import { renderSpendChart, spendChartPart } from './spend-chart-part.js';
import type { UsageExportController } from './usage-export.js';
import type { BillingUsageGrid, UsageGridRequestEvent } from './usage-grid.js';
import {
  DEFAULT_USAGE_QUERY,
  isValidTimeZone,
  normaliseUsageQuery,
  requestFirstUsagePage,
  sameQuery,
  usageFilters,
  viewerTimeZone,
  type FirstUsagePage,
  type UsageTableQuery,
} from './usage-query.js';
import type { BalanceUsageTableMessages, BalanceUsageTableShellMessages } from '../../i18n/messages/balance-usage-table.js';
import { defaultBalanceUsageTableShellMessages } from './messages.js';
import * as views from './usage-table-views.js';

// The English of every key is exported from grid-messages.ts (the list's chunk), not from here, so the table stays small.
export type { BalanceUsageTableMessages } from '../../i18n/messages/balance-usage-table.js';

type UsageGridModule = typeof import('./usage-grid.js');

/** The itemised level's code (it defines <billing-usage-grid>), fetched once for every table on the page. */
const gridImport = new SharedImport<UsageGridModule>(() => import('./usage-grid.js'));

let instanceCount = 0;

const definedGrid = () => customElements.get('billing-usage-grid') as typeof BillingUsageGrid | undefined;

/**
 * The Balance usage table: one row per usage type for the chosen period with its count and total
 * spend, and "View details" for the itemised list (date and time in the viewer's zone, destination,
 * duration, price, user; rate and call ID in a detail panel). Filters by period, type and user;
 * sorts by date or price; exports the whole filtered range as CSV. The itemised list renders only
 * the rows in view and fetches cursor pages as the person scrolls, so 100,000 entries keep at most
 * 60 rows in the DOM. At 480 px and narrower, rows become cards and the filters fold into a disclosure.
 *
 * @tagname balance-usage-table
 * @summary Usage by type with total spend, itemised calls at any size, filters and CSV export.
 *
 * @csspart base - The card around everything.
 * @csspart header - The title, the period line and the export button.
 * @csspart title - The "Balance usage" heading.
 * @csspart subtitle - The period and time zone under the title.
 * @csspart filters - The filter bar (a disclosure at phone width).
 * @csspart filters-toggle - The "Filters" button that opens the filters at phone width.
 * @csspart filter - Each filter: its label and control.
 * @csspart select - Each filter's drop-down.
 * @csspart date-input - The From and To dates of a custom period.
 * @csspart summary-table - The table of usage types.
 * @csspart view-details-button - Each "View details" button.
 * @csspart back-button - "All usage types", back from the itemised list.
 * @csspart totals - The count and total spend above the itemised list.
 * @csspart grid - The scrolling itemised grid.
 * @csspart header-row - The grid's column headers.
 * @csspart sort-button - Each sortable column header's button.
 * @csspart row - Each itemised row (a card at phone width).
 * @csspart detail-panel - The panel with the selected call's rate and ID.
 * @csspart close-details-button - The × that closes the detail panel.
 * @csspart rates-link - "Rate for Nigeria" in the detail panel, shown when `rates-href` is set.
 * @csspart end-of-list - The line under the last row.
 * @csspart count-note - Under the list, once its end is read: the list holds another number of calls than the service counted.
 * @csspart empty - The empty state.
 * @csspart error - The error message.
 * @csspart retry-button - "Try again".
 * @csspart export-button - "Export CSV".
 * @csspart export-progress - The export progress line with its Cancel button.
 * @csspart export-status - The line saying the export finished or was canceled.
 * @csspart skeleton - Each placeholder block shown while loading.
 * @csspart spend-chart - The spend chart under the summary (spend per day, or per hour for periods up to two days).
 * @csspart chart-bar - Each bar of the spend chart: a keyboard stop (arrow keys, Home, End) that says its day, spend and calls.
 * @csspart chart-note - A line under the chart: no spend, values left out, or a period too long to draw.
 * @csspart chart-table - "Show the values as a table": the chart's values as a table.
 *
 * @cssprop [--billing-usage-min-block-size=auto] - Block size reserved in every state; give balance-usage-table:not(:defined) the same (no layout shift).
 * @cssprop [--billing-usage-table-height=30rem] - Maximum height of the itemised list's scrolling area.
 * @cssprop [--billing-usage-surface=var(--billing-color-surface)] - Card background.
 * @cssprop [--billing-usage-border-color=var(--billing-color-border)] - Card and row border colour.
 * @cssprop [--billing-usage-radius=calc(var(--billing-radius) * 1.5)] - Card corner radius.
 * @cssprop [--billing-usage-padding=calc(var(--billing-space) * 5)] - Card padding.
 * @cssprop [--billing-usage-row-hover=var(--billing-color-surface-raised)] - Background of a hovered or selected row.
 * @cssprop [--billing-color-accent=#4f46e5] - Global role: buttons, links and focus ring.
 * @cssprop [--billing-color-text=#1b2030] - Global role: main text.
 * @cssprop [--billing-color-text-muted=#596174] - Global role: secondary text.
 * @cssprop [--billing-color-surface-raised=#f5f6fa] - Global role: header row, skeletons.
 * @cssprop [--billing-color-danger=#b42318] - Global role: errors.
 * @cssprop [--billing-font-family=system-ui] - Global role: typeface.
 * @cssprop [--billing-font-family-mono=ui-monospace] - Global role: the call ID in the detail panel.
 * @cssprop [--billing-radius=0.5rem] - Global role: corner radius.
 * @cssprop [--billing-space=0.25rem] - Global role: spacing unit.
 *
 * @fires {UsageQueryChangeEvent} billing-usage-query-change - The person changed a filter, the sort or the level; `event.query` is the new query.
 * @fires {ShowRatesEvent} billing-show-rates - "Rate for Nigeria" was followed in a call's details; `event.country` is the ISO code. Cancelable: preventDefault() to show the rates yourself (e.g. set `country` on a `<usage-rates>`) instead of following `rates-href`.
 * @fires {UsageExportEvent} billing-usage-export - A CSV export finished. Cancelable: preventDefault() to handle `event.file` yourself instead of the download.
 */
export class BalanceUsageTable extends BillingElement<'balanceUsageTable', BalanceUsageTableShellMessages> {
  static override styles = [BillingElement.styles, balanceUsageTableStyles];

  /** The host's BillingClient (property only). Takes precedence over a surrounding `<billing-provider>`. */
  @property({ attribute: false })
  client?: BillingClient;

  /** What is shown: level, period, type, user and sort. Set it from the URL; listen to `billing-usage-query-change` to write it back. */
  @property({ attribute: false })
  query: Partial<UsageTableQuery> = DEFAULT_USAGE_QUERY;

  /** BCP 47 locale for the wording (en, de, fr, ja, ar ship; others through `registerLocaleMessages`), numbers and dates. Defaults to the nearest `lang`, then the browser's language. When it differs from the page's language, the element gets its own `lang` (and `dir` when the direction differs, as for Arabic). */
  @property()
  locale?: string;

  /** IANA time zone for periods and times. Defaults to the viewer's. */
  @property({ attribute: 'time-zone' })
  timeZone?: string;
  /** Where the rate table is (e.g. `#rates`): a call's details link "Rate for Nigeria" there; no link without it. */
  @property({ attribute: 'rates-href' }) ratesHref?: string;

  /** `off` hides the spend chart under the summary (no series is read). The chart needs the client's getUsageSeries. */
  @property() chart: 'on' | 'off' = 'on';
  /** Replaces any of the visible or spoken strings. */
  @property({ attribute: false })
  messages: Partial<BalanceUsageTableMessages> = {};

  /**
   * The usage summary of the query in effect (client, period, type, user, sort, level, time zone): re-run when one of
   * them changes or on refresh(); a run still pending is aborted (its signal) and its answer never shown.
   */
  private readonly summaryTask = new Task(this, {
    task: (args, { signal }) => this.load(args, signal),
    args: () => {
      const query = this.currentQuery;
      // Nothing loads off the page; `reloads` is bumped by refresh() and on disconnect, so the same query loads again.
      const client = this.isConnected ? this.billing.store?.client : undefined;
      return [
        client,
        query.period,
        query.from,
        query.to,
        query.type,
        query.userId,
        query.sort,
        query.view,
        this.resolvedTimeZone,
        this.reloads,
      ] as const;
    },
    onComplete: (summary) => this.onSummary(summary),
  });
  @state() private announcement = '';
  /** The range the itemised list reads, set by each load: a new object reads the list again (in place, for a push). */
  @state() private listFilters?: UsageFilters;
  /** The list's first page, asked for by each load of the details level beside the summary (see FirstUsagePage). */
  private firstPage?: FirstUsagePage;

  private readonly billing = new StoreController(this, {
    loadAccount: false,
    // The itemised grid reads the same store through the billing-store context.
    provideToParts: true,
    onUpdate: (update) => {
      if (update.kind === 'change-feed' && update.change.type === 'usage') this.scheduleRefresh();
    },
  });
  private readonly idPrefix = `usage-${++instanceCount}`;
  /** Types seen in any summary, so the type filter keeps offering them while one is chosen. */
  private readonly knownTypes = new Map<string, string>();
  /** Export CSV (its progress, outcome and lines), once its code is here: the first export loads it. */
  private exporter?: UsageExportController;
  /** Export CSV was pressed and its code is on its way (the button makes way for the progress line at once), or it failed. */
  @state() private exportLoading = false;
  @state() private exportLoadError?: string;
  private reloads = 0;
  /** The summary's run in flight is a pushed change's: the last answer stays on screen until it is replaced. */
  private keepSummary = false;
  private refreshTimer?: ReturnType<typeof setTimeout>;
  private readonly width = new NarrowController(this);
  private announceNextLoad = false;
  private reloadInPlace = false;
  private readonly errorText = (error: BillingError): string => this.localize.errorMessage(error);

  /** The itemised level's code: prefetched when idle, loaded at the latest on "View details"; failed, it says so with Try again. */
  private readonly gridPart = new LazyPart<UsageGridModule>(this, {
    shared: gridImport,
    load: () => this.loadDetails(),
    wanted: () => this.currentQuery.view === 'details',
    name: 'the itemised list',
  });
  private readonly chartPart = spendChartPart(this, () => this.chart !== 'off' && this.currentQuery.view === 'summary');
  /** The details level was wanted at the last update: entering it again tries a failed import again. */
  private detailsWanted = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.summaryTask.abort();
    // Back on the page, the same query loads again.
    this.reloads++;
    clearTimeout(this.refreshTimer);
  }

  /** The query in effect: defaults filled in, unreadable values dropped. */
  get currentQuery(): UsageTableQuery {
    return normaliseUsageQuery(this.query);
  }

  /** Reloads the summary and the itemised list, e.g. after the host knows usage changed. */
  refresh(): void {
    this.reloads++;
    this.requestUpdate();
  }

  constructor() {
    super('balanceUsageTable', defaultBalanceUsageTableShellMessages);
  }

  private get resolvedTimeZone(): string {
    return isValidTimeZone(this.timeZone) ? this.timeZone : viewerTimeZone();
  }

  /** The summary to show: the last answer, kept while a pushed change reloads in place; none while another query loads. */
  private get summaryValue(): UsageSummary | undefined {
    const { status, value } = this.summaryTask;
    return status === TaskStatus.COMPLETE || (status === TaskStatus.PENDING && this.keepSummary) ? value : undefined;
  }

  /** Also waits for the element's catalog (BillingElement) and, on the details level, for the grid's code and first render. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    while (await this.gridPart.settle()) result = await super.getUpdateComplete();
    await this.renderRoot.querySelector<ReactiveElement>('billing-usage-grid')?.updateComplete;
    return result;
  }

  /**
   * Fetches the details level's code (usage-grid.ts: <billing-usage-grid>, the pager and the windowing). Shared by
   * every table on the page; a failed import is forgotten, so calling it again fetches again. Protected so a test can
   * make it fail.
   */
  protected loadDetails(): Promise<UsageGridModule> {
    return gridImport.load();
  }

  /** The summary and the first page: the task's args are the same at the first update, so it does not run again then. */
  protected override loadBeforeFirstRender(): void {
    void this.summaryTask.run();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // The summary's task runs (when its args changed) right after this, before render.
    const query = this.currentQuery;
    const wanted = query.view === 'details';
    // Entering the details level tries again after a failed import; staying on it waits for "Try again".
    if (wanted && (!this.detailsWanted || !this.gridPart.failed)) this.gridPart.want();
    this.detailsWanted = wanted;
  }

  /** The summary task's body: sets the itemised list's range for the new query, then asks for the summary with the task's signal. */
  private async load(
    [client, , , , , , , , zone]: readonly [BillingClient | undefined, ...unknown[]],
    signal: AbortSignal,
  ): Promise<UsageSummary | typeof initialState> {
    if (!client) return initialState;
    const filters = usageFilters(this.currentQuery, Date.now(), zone as string);
    // A pushed change reloads in place: the grid stays (the summary with it), so the person keeps their row, scroll
    // position and open call while it reads the list again; any other load shows the skeleton, then a new grid.
    this.keepSummary = this.reloadInPlace;
    this.reloadInPlace = false;
    this.listFilters = filters;
    // Asked before the summary, so a backend (or the mock) answers it first. A reload in place keeps the person's
    // scroll position, so the grid asks for the pages there itself.
    const { sort, view } = this.currentQuery;
    this.firstPage = view === 'details' && !this.keepSummary ? requestFirstUsagePage(client, filters, sort, signal) : undefined;
    try {
      return await client.getUsageSummary(filters, { signal });
    } catch (error) {
      // Aborted (a newer run, or off the page): no error to show; a newer run's answer replaces it.
      if (signal.aborted || isAbortError(error)) return initialState;
      throw toBillingError(error);
    }
  }

  /** The summary with each usage type named in the table's language; the backend's label for a type the catalog does not know. */
  private namedTypes(summary: UsageSummary): UsageSummary {
    return { ...summary, types: summary.types.map((type) => ({ ...type, label: this.localize.usageType(type.type, type.label) })) };
  }

  private onSummary(summary: UsageSummary): void {
    for (const type of summary.types) this.knownTypes.set(type.type, type.label);
    if (!this.announceNextLoad) return;
    this.announceNextLoad = false;
    this.announcement = views.resultsAnnouncement(this.text, summary, this.resolvedLocale);
  }

  private scheduleRefresh(): void {
    // A burst of calls is one push each; one reload covers them all.
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.reloadInPlace = true;
      this.refresh();
    }, 250);
  }

  private setQuery(patch: Partial<UsageTableQuery>): void {
    const next = normaliseUsageQuery({ ...this.currentQuery, ...patch });
    if (sameQuery(next, this.currentQuery)) return;
    this.query = next;
    this.announceNextLoad = true;
    this.dispatchEvent(new UsageQueryChangeEvent(next));
  }

  private countText(count: number): string {
    return this.text.calls(count, views.formatCount(count, this.resolvedLocale));
  }

  private money(money: Money): string {
    return formatMoney(money, this.resolvedLocale);
  }

  protected override render() {
    const text = this.text;
    const query = this.currentQuery;
    return html`<div class="width-probe"></div>
      <section part="base" class="card ${this.width.narrow ? 'card--narrow' : ''}" aria-labelledby="${this.idPrefix}-title" tabindex="-1">
        <header part="header" class="top">
          <div class="heading">
            <h2 part="title" class="title" id="${this.idPrefix}-title">${text.title}</h2>
            <p part="subtitle" class="subtitle">
              ${views.periodText(text, query, this.resolvedLocale, this.resolvedTimeZone)} ·
              ${text.timeZone(views.zoneName(this.resolvedLocale, this.resolvedTimeZone))}
            </p>
          </div>
          ${this.renderExportButton()}
        </header>
        ${views.renderUsageFilters({
          text,
          query,
          users: this.summaryValue?.users ?? [],
          knownTypes: new Map([...this.knownTypes].map(([type, label]) => [type, this.localize.usageType(type, label)])),
          timeZone: this.resolvedTimeZone,
          locale: this.resolvedLocale,
          narrow: this.width.narrow,
          onQuery: (patch) => this.setQuery(patch),
          onPeriod: (event) => this.setQuery(views.periodChange(event, this.currentQuery, this.resolvedTimeZone)),
        })}
        ${this.exportLoadError ? views.renderExportFailure(text, this.exportLoadError) : this.exporter?.render()}
        ${
          query.view === 'details'
            ? this.renderDetailsLevel(query)
            : (this.renderState() ??
              (this.summaryValue &&
                views.renderSummaryTable({
                  text,
                  summary: this.namedTypes(this.summaryValue),
                  countText: (count) => this.countText(count),
                  money: (money) => this.money(money),
                  onViewDetails: (type) => this.setQuery({ view: 'details', type }),
                })))
        }
        ${renderSpendChart(this.chartPart, {
          shown: query.view === 'summary' && this.chart !== 'off' && this.summaryTask.status !== TaskStatus.ERROR,
          summary: this.summaryValue,
          client: this.billing.store?.client,
          filters: this.listFilters,
          locale: this.resolvedLocale,
          timeZone: this.resolvedTimeZone,
          text: (english) => this.partText(english),
          errorText: this.errorText,
        })}
        <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      </section>`;
  }

  private renderExportButton() {
    if (this.exportLoading || this.exporter?.progress) return nothing;
    const summary = this.summaryTask.status === TaskStatus.COMPLETE ? this.summaryValue : undefined;
    return views.renderExportButton(this.text, !summary || summary.types.length === 0, (totals) => void this.onExport(totals));
  }

  /** The summary's loading, error or empty state, shared by both levels; undefined once there is usage to show. */
  private renderState(): TemplateResult | undefined {
    const text = this.text;
    const task = this.summaryTask;
    if (task.status === TaskStatus.ERROR) return this.renderError(this.localize.errorMessage(task.error as BillingError));
    const summary = this.summaryValue;
    if (!summary) return views.renderUsageLoading(this.text);
    return summary.types.length === 0 ? views.renderUsageEmpty(text) : undefined;
  }

  private renderError(message: string): TemplateResult {
    return views.renderUsageError(this.text, message, () => this.onRetry());
  }

  private renderDetailsLevel(query: UsageTableQuery): TemplateResult {
    const summary = this.summaryTask.status === TaskStatus.COMPLETE ? this.summaryValue : undefined;
    return html`${views.renderDetailsHead({
      text: this.text,
      typeLabel: query.type ? this.localize.usageType(query.type, this.knownTypes.get(query.type) ?? query.type) : this.text.allTypes,
      totals: summary && { calls: this.countText(views.callCount(summary)), total: this.money(summary.total) },
      onBack: () => this.setQuery({ view: 'summary', type: undefined }),
    })}
    ${this.renderList(query)}`;
  }

  /**
   * The grid once its code is here, reading its first page while the summary loads (its rows need not wait for the
   * totals); the summary's error or empty state once known; until then the loading state (or the import's error).
   * Code already run (another table's import, the page's own) is drawn at once, not a frame later when import() resolves.
   */
  private renderList(query: UsageTableQuery): TemplateResult {
    const grid = this.gridPart.module?.BillingUsageGrid ?? (this.gridPart.failed ? undefined : definedGrid());
    if (grid) {
      return (
        (this.summaryTask.status === TaskStatus.PENDING && this.listFilters ? undefined : this.renderState()) ??
        html`<billing-usage-grid
          exportparts=${views.GRID_PARTS}
          .text=${this.partText(grid.english)}
          .locale=${this.resolvedLocale}
          .timeZone=${this.resolvedTimeZone}
          .ratesHref=${this.ratesHref}
          .narrow=${this.width.narrow}
          .filters=${this.listFilters}
          .sort=${query.sort}
          .firstPage=${this.firstPage}
          .countedCalls=${views.callCount(this.summaryValue)}
          .errorText=${this.errorText}
          @usage-grid-request=${this.onGridRequest}
        ></billing-usage-grid>`
      );
    }
    if (this.gridPart.failed && !this.gridPart.loading) return this.renderError(this.text.listUnavailable);
    return this.renderState() ?? views.renderUsageLoading(this.text);
  }

  private onRetry(): void {
    this.focusAfterRetry(['[part~="retry-button"]', '[part~="base"]']);
    // The details' code did not load: fetch it again (the summary is fine, or says so once the grid can show).
    if (this.currentQuery.view === 'details' && !this.gridPart.module && this.gridPart.failed) {
      if (!this.gridPart.loading) {
        void this.gridPart.ensure();
        this.requestUpdate();
      }
      return;
    }
    this.refresh();
  }

  /** A column header's sort, or Try again after the list failed: the grid asks, the query is this element's. */
  private onGridRequest(event: UsageGridRequestEvent): void {
    const { request } = event;
    if ('sort' in request) this.setQuery({ sort: request.sort });
    else this.onRetry();
  }

  private async onExport(totals = false): Promise<void> {
    const client = this.billing.store?.client;
    if (!client) return;
    const query = this.currentQuery;
    const timeZone = this.resolvedTimeZone;
    this.exportLoadError = undefined;
    this.exportLoading = true;
    try {
      const { UsageExportController } = await import('./usage-export.js');
      this.exporter ??= new UsageExportController(this, () => ({
        text: this.text,
        locale: this.resolvedLocale,
        errorText: this.errorText,
        errorIcon: views.icon('error'),
      }));
    } catch (error) {
      this.exportLoadError = this.errorText(toBillingError(error));
      return;
    } finally {
      this.exportLoading = false;
    }
    void this.exporter.start(
      { client, query, timeZone, filters: usageFilters(query, Date.now(), timeZone), totals },
      views.callCount(this.summaryValue),
    );
  }
}

// <usage-rates>: the published per-minute rate of each destination country, searchable and sortable, with since when
// each applies and the changes scheduled.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { Task, TaskStatus, initialState } from '@lit/task';
import type { BillingClient } from '../../client/billing-client.js';
import { isAbortError, toBillingError, type BillingError } from '../../client/errors.js';
import type { Rate } from '../../client/schemas.js';
import type { UsageRatesMessages } from '../../i18n/messages/usage-rates.js';
import { StoreController } from '../../store/store-controller.js';
import { BillingElement } from '../billing-element.js';
import { RatesQueryChangeEvent } from './events.js';
import { defaultUsageRatesMessages } from './messages.js';
import { RATE_SORTS, filterRates, nextChangeAt, rateRows, sortRates, type RateRow, type RateSort } from './rate-rows.js';
import { usageRatesStyles } from './usage-rates.styles.js';

export type { UsageRatesMessages } from '../../i18n/messages/usage-rates.js';
export type { RateSort } from './rate-rows.js';
export { defaultUsageRatesMessages } from './messages.js';

const counts = new Map<string, Intl.NumberFormat>();
function formatCount(count: number, locale: string): string {
  let format = counts.get(locale);
  if (!format) counts.set(locale, (format = new Intl.NumberFormat(locale)));
  return format.format(count);
}

/** Where focus goes once Try again has settled: the button again on a new error, else the search. */
const RETRY_LANDING = ['[part~="retry-button"]', '[part~="search"]', '[part~="base"]'];
/** A scheduled change is read again this long after its instant, so a backend whose clock runs a little behind has made it. */
const CHANGE_GRACE_MS = 1000;
/** The longest delay setTimeout keeps (about 24.8 days); a change further off is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The current per-minute rate of each destination country, as the help articles' "find the current rate here":
 * searchable by the country's name in the reader's language (accents and case ignored), by ISO code and by dialling
 * prefix when the backend sends one; sorted by name (the locale's collation) or by price; with the date each rate
 * applies from and a mark on rates that change soon. Reads `listRates()` through the BillingStore of a surrounding
 * `<billing-provider>`, or its own `client`.
 *
 * @tagname usage-rates
 * @summary Per-minute call rates by destination country: search, sort, since when each applies, upcoming changes.
 *
 * @csspart base - The card around everything.
 * @csspart title - The "Call rates" heading.
 * @csspart description - The sentence on how calls are charged.
 * @csspart search-label - The label of the search field.
 * @csspart search - The search field.
 * @csspart search-hint - What the search understands (name, code, dialling code).
 * @csspart sort-label - The label of the sort menu.
 * @csspart sort - The sort menu (country name or lowest rate).
 * @csspart count - How many countries are listed.
 * @csspart table - The table of rates (its scrolling box).
 * @csspart header-cell - Each column header.
 * @csspart row - Each country's row.
 * @csspart row-highlighted - Also on the row of the `country` property.
 * @csspart country - The country cell: its name and code.
 * @csspart country-code - The ISO code and dialling prefix under the name.
 * @csspart rate - The rate cell ("$0.24 per minute", or "Rate unavailable" for an amount that cannot be shown).
 * @csspart effective - Since when the rate applies.
 * @csspart change - A scheduled change: its badge and "Changes to $0.21 on 1 Jan 2027".
 * @csspart change-badge - The "Rate change" badge.
 * @csspart empty - No rate published, or no country matching the search.
 * @csspart clear-search-button - Clears a search that matched nothing.
 * @csspart error - The message shown when the rates could not be loaded.
 * @csspart retry-button - The "Try again" button.
 * @csspart skeleton - Each placeholder row shown while loading.
 *
 * @cssprop [--billing-rates-min-block-size=auto] - Block size reserved in every state; give usage-rates:not(:defined) the same (no layout shift).
 * @cssprop [--billing-rates-table-height=28rem] - Maximum height of the table's scrolling box.
 * @cssprop [--billing-rates-surface=var(--billing-color-surface)] - Card background.
 * @cssprop [--billing-rates-border-color=var(--billing-color-border)] - Card, field and row border colour.
 * @cssprop [--billing-rates-radius=calc(var(--billing-radius) * 1.5)] - Card corner radius.
 * @cssprop [--billing-rates-padding=calc(var(--billing-space) * 5)] - Card padding.
 * @cssprop [--billing-rates-highlight=var(--billing-color-surface-raised)] - Background of the highlighted country's row.
 * @cssprop [--billing-color-accent=#4f46e5] - Global role: the highlighted row's edge and the focus ring.
 * @cssprop [--billing-color-text=#1b2030] - Global role: main text.
 * @cssprop [--billing-color-text-muted=#596174] - Global role: labels, codes and dates.
 * @cssprop [--billing-color-surface=#ffffff] - Global role: background.
 * @cssprop [--billing-color-surface-raised=#f5f6fa] - Global role: header row, empty state, skeletons.
 * @cssprop [--billing-color-border=#dfe3ea] - Global role: borders.
 * @cssprop [--billing-color-danger=#b42318] - Global role: errors and a rate that cannot be shown.
 * @cssprop [--billing-color-warning=#8a4b00] - Global role: a scheduled change.
 * @cssprop [--billing-color-warning-surface=#fff6e5] - Global role: the "Rate change" badge.
 * @cssprop [--billing-font-size=0.875rem] - Global role: base text size.
 * @cssprop [--billing-radius=0.5rem] - Global role: corner radius.
 * @cssprop [--billing-space=0.25rem] - Global role: spacing unit.
 * @cssprop [--billing-shadow] - Global role: elevation of the card.
 * @cssprop [--billing-focus-ring=2px solid var(--billing-color-accent)] - Global role: keyboard focus outline.
 *
 * @fires {RatesQueryChangeEvent} billing-rates-query-change - The person typed in the search or changed the sort; `event.search` and `event.sort` are the new values.
 */
export class UsageRates extends BillingElement<'usageRates'> {
  static override styles = [BillingElement.styles, usageRatesStyles];

  /** The host's BillingClient (property only). Takes precedence over a surrounding `<billing-provider>`. */
  @property({ attribute: false })
  client?: BillingClient;

  /** BCP 47 locale for the wording (en, de, fr, ja, ar ship; others through `registerLocaleMessages`), country names, numbers and dates. Defaults to the nearest `lang`, then the browser's language. When it differs from the page's language, the element gets its own `lang` (and `dir` when the direction differs, as for Arabic). */
  @property()
  locale?: string;

  /** IANA time zone for the dates rates apply from. Defaults to the viewer's. */
  @property({ attribute: 'time-zone' })
  timeZone?: string;

  /** ISO 3166-1 alpha-2 code of a country to highlight, e.g. `NG`. Setting it later clears the search, scrolls its row into view and moves focus to it. */
  @property({ reflect: true })
  country?: string;

  /** The search text: a country name in the widget's language, an ISO code or a dialling code. */
  @property()
  search = '';

  /** `name`: by country name in the locale's collation. `price`: lowest rate first. */
  @property({ reflect: true })
  sort: RateSort = 'name';

  /** Replaces any of the visible or spoken strings, e.g. `{ title: 'International rates' }`. */
  @property({ attribute: false })
  messages: Partial<UsageRatesMessages> = {};

  @state() private reloads = 0;

  private readonly billing = new StoreController(this, { loadAccount: false });
  /** Rows made once per answer, locale, zone and wording; search and sort only filter and order them. */
  private rowsCache?: { rates: readonly Rate[]; locale: string; zone: string | undefined; text: UsageRatesMessages; rows: RateRow[] };
  /** Set when `country` changed after the first render: its row takes focus once it is drawn. */
  private focusCountry = false;
  /** Set when new rows were made: the `country` row is scrolled into view once drawn. */
  private rowsChanged = false;
  /** Reads the rates again when the earliest scheduled change takes effect. */
  private changeTimer?: ReturnType<typeof setTimeout>;
  /** The rates are read again because a change took effect: the list stays on screen meanwhile, and keeps its scroll. */
  private changeReload = false;

  private readonly ratesTask = new Task(this, {
    task: async ([client], { signal }) => {
      if (!client) return initialState;
      try {
        return await client.listRates({ signal });
      } catch (error) {
        if (signal.aborted || isAbortError(error)) return initialState;
        throw toBillingError(error);
      }
    },
    // Nothing loads off the page; `reloads` is bumped by Try again and when a scheduled change takes effect.
    args: () => [this.isConnected ? this.billing.store?.client : undefined, this.reloads] as const,
    onComplete: (rates) => {
      if (Array.isArray(rates)) this.scheduleChange(rates);
    },
    onError: () => {
      this.changeReload = false;
    },
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.changeTimer);
  }

  /** The rate shown is the one calls are priced at: when a scheduled change takes effect, the rates are read again. */
  private scheduleChange(rates: readonly Rate[]): void {
    clearTimeout(this.changeTimer);
    const next = nextChangeAt(rates, Date.now());
    if (next === undefined) return;
    const wait = next - Date.now() + CHANGE_GRACE_MS;
    this.changeTimer = setTimeout(
      () => {
        if (wait > MAX_TIMER_MS) {
          this.scheduleChange(rates);
          return;
        }
        this.changeReload = true;
        this.reloads += 1;
      },
      Math.min(wait, MAX_TIMER_MS),
    );
  }

  constructor() {
    super('usageRates', defaultUsageRatesMessages);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('country') && this.hasUpdated && this.country) {
      // A host pointing at a country (a "Rate for Nigeria" link) wants to see it: a search that hides it goes.
      this.search = '';
      this.focusCountry = true;
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const code = this.country?.toUpperCase();
    if (!code || (!changed.has('country') && !this.focusCountry && !this.rowsChanged)) return;
    this.rowsChanged = false;
    const row = this.renderRoot.querySelector<HTMLElement>(`tr[data-country="${CSS.escape(code)}"]`);
    if (!row) return;
    row.scrollIntoView({ block: 'nearest' });
    if (this.focusCountry) {
      this.focusCountry = false;
      row.focus();
    }
  }

  private rows(rates: readonly Rate[]): RateRow[] {
    const locale = this.resolvedLocale;
    const zone = this.timeZone;
    const text = this.text;
    const cached = this.rowsCache;
    if (cached?.rates === rates && cached.locale === locale && cached.zone === zone && cached.text === text) return cached.rows;
    const rows = rateRows(rates, locale, zone, text, (code, fallback) => this.localize.country(code, fallback));
    this.rowsCache = { rates, locale, zone, text, rows };
    // Rates read again for a change that took effect keep the person where they are; others bring `country` into view.
    this.rowsChanged = !this.changeReload;
    this.changeReload = false;
    return rows;
  }

  protected override render(): TemplateResult {
    const text = this.text;
    return html`<section part="base" class="card" aria-labelledby="title" tabindex="-1">
      <div>
        <h2 part="title" class="title" id="title">${text.title}</h2>
        <p part="description" class="description">${text.description}</p>
      </div>
      ${this.renderBody()}
    </section>`;
  }

  private renderBody(): TemplateResult {
    const text = this.text;
    const task = this.ratesTask;
    if (task.status === TaskStatus.ERROR) return this.renderError(this.localize.errorMessage(task.error as BillingError));
    const answered = task.status === TaskStatus.COMPLETE || (task.status === TaskStatus.PENDING && this.changeReload);
    const rates = answered ? (task.value as readonly Rate[] | typeof initialState | undefined) : undefined;
    if (!Array.isArray(rates)) return this.renderLoading();
    const all = this.rows(rates);
    if (all.length === 0) return html`<p part="empty" class="empty">${text.empty}</p>`;
    const shown = sortRates(filterRates(all, this.search, this.resolvedLocale), this.sort, this.resolvedLocale);
    return html`${this.renderControls(false)}
      <p part="count" class="count" role="status">${text.countries(formatCount(shown.length, this.resolvedLocale), shown.length)}</p>
      ${shown.length === 0 ? this.renderNoMatches() : this.renderTable(shown)}`;
  }

  private renderControls(disabled: boolean): TemplateResult {
    const text = this.text;
    return html`<div class="controls">
      <div class="field field--search">
        <label part="search-label" class="field-label" for="search">${text.searchLabel}</label>
        <input
          part="search"
          class="search"
          id="search"
          type="search"
          autocomplete="off"
          spellcheck="false"
          aria-describedby="search-hint"
          .value=${this.search}
          ?disabled=${disabled}
          @input=${this.onSearch}
        />
        <span part="search-hint" class="hint" id="search-hint">${text.searchHint}</span>
      </div>
      <div class="field field--sort">
        <label part="sort-label" class="field-label" for="sort">${text.sortLabel}</label>
        <select part="sort" class="sort" id="sort" ?disabled=${disabled} @change=${this.onSort}>
          ${RATE_SORTS.map(
            (sort) =>
              html`<option value=${sort} ?selected=${sort === this.sort}>${sort === 'name' ? text.sortByName : text.sortByPrice}</option>`,
          )}
        </select>
      </div>
    </div>`;
  }

  private renderTable(rows: readonly RateRow[]): TemplateResult {
    const text = this.text;
    const highlighted = this.country?.toUpperCase();
    return html`<div part="table" class="scroller" tabindex="0" role="group" aria-labelledby="title">
      <table aria-labelledby="title">
        <thead>
          <tr>
            <th part="header-cell" scope="col">${text.countryColumn}</th>
            <th part="header-cell" scope="col">${text.rateColumn}</th>
            <th part="header-cell" scope="col">${text.effectiveColumn}</th>
          </tr>
        </thead>
        <tbody>
          ${repeat(
            rows,
            (row) => row.code,
            (row) => {
              // Two literal templates, so each part name stands in the source (the parts contract reads it).
              return row.code === highlighted
                ? html`<tr
                    part="row row-highlighted"
                    class="row row--highlighted"
                    data-country=${row.code}
                    tabindex="-1"
                    aria-current="true"
                  >
                    ${this.renderCells(row)}
                  </tr>`
                : html`<tr part="row" class="row" data-country=${row.code}>
                    ${this.renderCells(row)}
                  </tr>`;
            },
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderCells(row: RateRow): TemplateResult {
    const text = this.text;
    return html`<th part="country" class="country" scope="row">
        <span class="name">${row.name}</span
        ><span part="country-code" class="code">${row.code}${row.dialingPrefix ? html` · <bdi>${row.dialingPrefix}</bdi>` : nothing}</span>
      </th>
      <td part="rate" class="rate-cell">
        ${
          row.rateText === undefined
            ? html`<span class="rate rate--unavailable">${text.rateUnavailable}</span>`
            : html`<span class="rate">${row.rateText}</span>`
        }
      </td>
      <td class="effective-cell">
        ${
          row.since
            ? html`<time part="effective" class="effective" datetime=${row.since.iso}>${row.since.text}</time>`
            : html`<span part="effective" class="effective">${text.sinceUnknown}</span>`
        }
        ${
          row.next
            ? html`<span part="change" class="change"
                ><span part="change-badge" class="badge">${text.changeBadge}</span>
                <time datetime=${row.next.iso}>${row.next.text}</time></span
              >`
            : nothing
        }
      </td>`;
  }

  private renderNoMatches(): TemplateResult {
    const text = this.text;
    return html`<div part="empty" class="empty">
      <span>${text.noMatches(this.search.trim())}</span>
      <button type="button" part="clear-search-button" class="button button--secondary" @click=${this.onClearSearch}>
        ${text.clearSearch}
      </button>
    </div>`;
  }

  private renderLoading(): TemplateResult {
    return html`<div aria-busy="true">
      ${this.renderControls(true)} ${[0, 1, 2, 3, 4].map(() => html`<span part="skeleton" class="skeleton skeleton-row"></span>`)}
      <span class="visually-hidden" role="status">${this.text.loading}</span>
    </div>`;
  }

  private renderError(message: string): TemplateResult {
    return html`<div class="error">
      <p part="error" class="error-message" role="alert"><span>${message}</span></p>
      <button type="button" part="retry-button" class="button button--secondary" @click=${this.onRetry}>${this.text.retry}</button>
    </div>`;
  }

  private onSearch(event: Event): void {
    this.search = (event.target as HTMLInputElement).value;
    this.dispatchEvent(new RatesQueryChangeEvent(this.search, this.sort));
  }

  private onSort(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.sort = value === 'price' ? 'price' : 'name';
    this.dispatchEvent(new RatesQueryChangeEvent(this.search, this.sort));
  }

  private onClearSearch(): void {
    this.search = '';
    this.dispatchEvent(new RatesQueryChangeEvent(this.search, this.sort));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('[part~="search"]')?.focus());
  }

  private onRetry(): void {
    this.focusAfterRetry(RETRY_LANDING);
    this.reloads += 1;
  }
}

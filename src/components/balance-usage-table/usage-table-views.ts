// What <balance-usage-table> shows besides its state and the grid: its icons, the filter bar (or sheet), the loading
// placeholders and the summary table; functions of the words and values they are given, never of the element.
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { UsageSort, UsageSummary, UsageUser } from '../../client/schemas.js';
import type { BalanceUsageTableShellMessages } from '../../i18n/messages/balance-usage-table.js';
import { dateTimeFormat, numberFormat } from '../../money/intl-cache.js';
import { formatMoney, type Money } from '../../money/money.js';
import { zoneOffsetMs } from '../../money/zoned-time.js';
import { addDays, DEFAULT_USAGE_QUERY, formatDay, periodRange, todayIn, type UsagePeriod, type UsageTableQuery } from './usage-query.js';

/** The parts of <billing-usage-grid> the table documents, exported so `::part()` reaches them. */
export const GRID_PARTS =
  'grid, header-row, sort-button, row, detail-panel, close-details-button, rates-link, end-of-list, count-note, skeleton, error, retry-button';

const icons = {
  chevronLeft: svg`<path d="M12 4.5 6.5 10l5.5 5.5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
  chevronRight: svg`<path d="M8 4.5 13.5 10 8 15.5" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
  download: svg`<path d="M10 3.5v9m0 0-3.5-3.5M10 12.5l3.5-3.5M4 15.5h12" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
  filter: svg`<path d="M3.5 5h13M6 10h8M8.5 15h3" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none"/>`,
  error: svg`<circle cx="10" cy="10" r="7.2" stroke="currentColor" stroke-width="1.6" fill="none"/><path d="M10 6.3v4.4" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/><circle cx="10" cy="13.5" r="0.95" fill="currentColor"/>`,
  empty: svg`<rect x="3.5" y="4" width="13" height="12" rx="2" stroke="currentColor" stroke-width="1.5" fill="none"/><path d="M6.5 8h7M6.5 11h4.5" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>`,
};

export function icon(name: keyof typeof icons): TemplateResult {
  // Chevrons point along the reading direction, so they mirror in right-to-left text.
  const directional = name === 'chevronLeft' || name === 'chevronRight';
  return html`<svg class=${directional ? 'icon--directional' : ''} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
    ${icons[name]}
  </svg>`;
}

/** Keeps an interpolated amount or name in its own direction inside a sentence. */
export function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

/** Calls in a summary, over all its types (0 before one arrived). */
export function callCount(summary: UsageSummary | undefined): number {
  return summary?.types.reduce((sum, type) => sum + type.count, 0) ?? 0;
}

/** What a screen reader hears when a changed query's summary is in: how many calls and their total, or that there are none. */
export function resultsAnnouncement(text: BalanceUsageTableShellMessages, summary: UsageSummary, locale: string): string {
  try {
    const count = callCount(summary);
    return count === 0
      ? text.empty
      : text.results(text.calls(count, formatCount(count, locale)), isolate(formatMoney(summary.total, locale)));
  } catch {
    // An amount this locale cannot write (a currency it does not know): no announcement rather than a broken one.
    return '';
  }
}

export interface UsageFiltersView {
  text: BalanceUsageTableShellMessages;
  query: UsageTableQuery;
  /** The summary's users; the chosen one is offered even when the summary has none of its calls. */
  users: readonly UsageUser[];
  /** Types seen in any summary, so the type filter keeps offering them while one is chosen. */
  knownTypes: ReadonlyMap<string, string>;
  timeZone: string;
  locale: string;
  /** Phone width: the filters fold into a disclosure. */
  narrow: boolean;
  onQuery: (patch: Partial<UsageTableQuery>) => void;
  onPeriod: (event: Event) => void;
}

/** A custom range is applied once both its dates are set. */
function onCustomRange(event: Event, onQuery: UsageFiltersView['onQuery']): void {
  const fields = (event.target as HTMLElement).closest('.filter-fields');
  const from = fields?.querySelector<HTMLInputElement>('input[name="from"]')?.value;
  const to = fields?.querySelector<HTMLInputElement>('input[name="to"]')?.value;
  if (from && to) onQuery({ period: 'custom', from, to });
}

export function renderUsageFilters(view: UsageFiltersView): TemplateResult {
  const { text, query, knownTypes, timeZone, onQuery } = view;
  const users: UsageUser[] = [...view.users];
  if (query.userId && !users.some((user) => user.id === query.userId)) users.push({ id: query.userId, name: query.userId });
  const types = new Map(knownTypes);
  if (query.type && !types.has(query.type)) types.set(query.type, query.type);
  const today = formatDay(todayIn(Date.now(), timeZone));
  const controls = html`<div class="filter-fields">
    <label part="filter" class="field">
      <span class="field-label">${text.period}</span>
      <select part="select" class="select" @change=${view.onPeriod}>
        ${(['this_month', 'last_month', 'last_30_days', 'custom'] as const).map(
          (period) => html`<option value=${period} ?selected=${period === query.period}>${text.periods[period]}</option>`,
        )}
      </select>
    </label>
    ${
      query.period === 'custom'
        ? html`<label part="filter" class="field field--date">
              <span class="field-label">${text.from}</span>
              <input
                part="date-input"
                class="input"
                type="date"
                name="from"
                max=${today}
                .value=${query.from ?? ''}
                @change=${(event: Event) => onCustomRange(event, onQuery)}
              />
            </label>
            <label part="filter" class="field field--date">
              <span class="field-label">${text.to}</span>
              <input
                part="date-input"
                class="input"
                type="date"
                name="to"
                max=${today}
                .value=${query.to ?? ''}
                @change=${(event: Event) => onCustomRange(event, onQuery)}
              />
            </label>`
        : nothing
    }
    <label part="filter" class="field field--type">
      <span class="field-label">${text.type}</span>
      <select
        part="select"
        class="select"
        @change=${(event: Event) => onQuery({ type: (event.target as HTMLSelectElement).value || undefined })}
      >
        <option value="" ?selected=${!query.type}>${text.allTypes}</option>
        ${[...types].map(([type, label]) => html`<option value=${type} ?selected=${type === query.type}>${label}</option>`)}
      </select>
    </label>
    <label part="filter" class="field">
      <span class="field-label">${text.user}</span>
      <select
        part="select"
        class="select"
        @change=${(event: Event) => onQuery({ userId: (event.target as HTMLSelectElement).value || undefined })}
      >
        <option value="" ?selected=${!query.userId}>${text.allUsers}</option>
        ${users.map((user) => html`<option value=${user.id} ?selected=${user.id === query.userId}>${user.name}</option>`)}
      </select>
    </label>
    ${
      query.view === 'details'
        ? html`<label part="filter" class="field">
            <span class="field-label">${text.sort}</span>
            <select
              part="select"
              class="select"
              @change=${(event: Event) => onQuery({ sort: (event.target as HTMLSelectElement).value as UsageSort })}
            >
              ${(['date_desc', 'date_asc', 'price_desc', 'price_asc'] as const).map(
                (sort) => html`<option value=${sort} ?selected=${sort === query.sort}>${text.sorts[sort]}</option>`,
              )}
            </select>
          </label>`
        : nothing
    }
  </div>`;
  if (!view.narrow) return html`<div part="filters" class="filters" role="group" aria-label=${text.filters}>${controls}</div>`;
  const active = (query.period !== DEFAULT_USAGE_QUERY.period ? 1 : 0) + (query.type ? 1 : 0) + (query.userId ? 1 : 0);
  return html`<details part="filters" class="filters filters--sheet">
    <summary part="filters-toggle" class="button button--secondary sheet-toggle">
      ${icon('filter')}${text.filters}${active ? html`<span class="chip">${text.activeFilters(active, numberFormat(view.locale).format(active))}</span>` : nothing}
    </summary>
    ${controls}
  </details>`;
}

export function renderUsageLoading(text: BalanceUsageTableShellMessages): TemplateResult {
  return html`<div class="skeleton-list" aria-busy="true">
    ${[0, 1, 2].map(() => html`<span part="skeleton" class="skeleton skeleton-row"></span>`)}
    <span class="visually-hidden" role="status">${text.loading}</span>
  </div>`;
}

export interface SummaryTableView {
  text: BalanceUsageTableShellMessages;
  summary: UsageSummary;
  countText: (count: number) => string;
  money: (money: Money) => string;
  onViewDetails: (type: string) => void;
}

export function renderSummaryTable(view: SummaryTableView): TemplateResult {
  const { text, summary, countText, money } = view;
  return html`<table part="summary-table" class="summary-table">
    <caption class="visually-hidden">
      ${text.title}
    </caption>
    <thead>
      <tr>
        <th scope="col">${text.typeColumn}</th>
        <th scope="col" class="numeric">${text.countColumn}</th>
        <th scope="col" class="numeric">${text.totalColumn}</th>
        <th scope="col"><span class="visually-hidden">${text.viewDetails}</span></th>
      </tr>
    </thead>
    <tbody>
      ${summary.types.map(
        (type) =>
          html`<tr>
            <th scope="row" class="type-label">${type.label}</th>
            <td class="numeric muted">${countText(type.count)}</td>
            <td class="numeric amount">${money(type.total)}</td>
            <td class="action">
              <button
                type="button"
                part="view-details-button"
                class="button button--link"
                aria-label=${text.viewDetailsOf(type.label)}
                @click=${() => view.onViewDetails(type.type)}
              >
                ${text.viewDetails}${icon('chevronRight')}
              </button>
            </td>
          </tr>`,
      )}
    </tbody>
    <tfoot>
      <tr>
        <th scope="row">${text.periodTotal}</th>
        <td class="numeric muted">${countText(callCount(summary))}</td>
        <td class="numeric amount total">${money(summary.total)}</td>
        <td></td>
      </tr>
    </tfoot>
  </table>`;
}

/** The details level's head: "All usage types" back to the summary, and the chosen type's totals once known. */
export function renderDetailsHead(view: {
  text: BalanceUsageTableShellMessages;
  typeLabel: string;
  totals: { calls: string; total: string } | undefined;
  onBack: () => void;
}): TemplateResult {
  const { text, totals } = view;
  return html`<div class="details-head">
    <button type="button" part="back-button" class="button button--link back" @click=${view.onBack}>
      ${icon('chevronLeft')}${text.backToSummary}
    </button>
    ${
      totals
        ? html`<p part="totals" class="totals">
            <span class="type-label">${view.typeLabel}</span>
            <span class="muted">${totals.calls}</span>
            <span class="amount total">${totals.total}</span>
          </p>`
        : nothing
    }
  </div>`;
}

/** The query patch for a period chosen in the filter: a custom range starts as what was shown, so nothing changes until a date is picked. */
export function periodChange(event: Event, query: UsageTableQuery, zone: string): Partial<UsageTableQuery> {
  const period = (event.target as HTMLSelectElement).value as UsagePeriod;
  if (period !== 'custom') return { period, from: undefined, to: undefined };
  const { fromMs, toMs } = periodRange(query, Date.now(), zone);
  return { period, from: formatDay(todayIn(fromMs, zone)), to: formatDay(addDays(todayIn(toMs, zone), -1)) };
}

/** A count in the locale's digits ("1.234", "١٬٢٣٤"). */
export const formatCount = (count: number, locale: string): string => numberFormat(locale).format(count);

// Once per locale and zone: the title line is rendered on every update of the element.
const zoneNames = new Map<string, string>();

/** The period under the title: its name, or a custom range as dates. */
export function periodText(text: BalanceUsageTableShellMessages, query: UsageTableQuery, locale: string, zone: string): string {
  if (query.period !== 'custom') return text.periods[query.period];
  try {
    const { fromMs, toMs } = periodRange(query, Date.now(), zone);
    const format = dateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone });
    return format.formatRange(new Date(fromMs), new Date(toMs - 1));
  } catch {
    return text.periods.custom;
  }
}

function longZoneName(locale: string, zone: string, style: 'long' | 'longGeneric'): string | undefined {
  try {
    const format = dateTimeFormat(locale, { timeZone: zone, timeZoneName: style });
    return format.formatToParts(new Date()).find((part) => part.type === 'timeZoneName')?.value;
  } catch {
    // A runtime without 'longGeneric', or a zone it does not know.
    return undefined;
  }
}

/**
 * The zone's name in the locale for the whole list. The label covers rows from both halves of the year, so a zone that
 * changes its clocks gets its generic name ("Central European Time", "Mitteleuropäische Zeit"), not the name of today's
 * half ("… Standard Time" above summer rows at GMT+2). A zone on one offset all year keeps its long name ("Coordinated
 * Universal Time", "Japan Standard Time"), which the generic style would write as a bare offset. Its IANA id where the
 * runtime names neither.
 */
export function zoneName(locale: string, zone: string): string {
  const key = `${locale}|${zone}`;
  let name = zoneNames.get(key);
  if (name === undefined) {
    const year = new Date().getUTCFullYear();
    let changesClocks = false;
    try {
      changesClocks = zoneOffsetMs(Date.UTC(year, 0, 1), zone) !== zoneOffsetMs(Date.UTC(year, 6, 1), zone);
    } catch {
      changesClocks = false;
    }
    name = (changesClocks ? longZoneName(locale, zone, 'longGeneric') : undefined) ?? longZoneName(locale, zone, 'long') ?? zone;
    zoneNames.set(key, name);
  }
  return name;
}

/** No usage in the period (or for the filters chosen). */
export function renderUsageEmpty(text: BalanceUsageTableShellMessages): TemplateResult {
  return html`<div part="empty" class="empty">
    ${icon('empty')}
    <p class="empty-title">${text.empty}</p>
    <p class="empty-hint">${text.emptyHint}</p>
  </div>`;
}

/** A level that could not load: why, and Try again. */
export function renderUsageError(text: BalanceUsageTableShellMessages, message: string, onRetry: () => void): TemplateResult {
  return html`<div class="error">
    <p part="error" class="error-message" role="alert">${icon('error')}<span>${message}</span></p>
    <button type="button" part="retry-button" class="button button--secondary" @click=${onRetry}>${text.retry}</button>
  </div>`;
}

/**
 * Export CSV, and whether the file ends with a totals row. The box is read when the button is pressed; like the
 * button it makes way for the progress line, and comes back unticked.
 */
export function renderExportButton(
  text: BalanceUsageTableShellMessages,
  disabled: boolean,
  onExport: (totals: boolean) => void,
): TemplateResult {
  const withTotals = (event: Event): boolean =>
    (event.currentTarget as HTMLElement).parentElement?.querySelector<HTMLInputElement>('input[name="export-totals"]')?.checked ?? false;
  return html`<div class="export-actions">
    <label class="export-option"><input type="checkbox" name="export-totals" ?disabled=${disabled} />${text.exportTotals}</label>
    <button
      type="button"
      part="export-button"
      class="button button--secondary"
      ?disabled=${disabled}
      @click=${(event: Event) => onExport(withTotals(event))}
    >
      ${icon('download')}${text.exportCsv}
    </button>
  </div>`;
}

/** Export CSV's code could not load. */
export function renderExportFailure(text: BalanceUsageTableShellMessages, message: string): TemplateResult {
  return html`<p part="error" class="export export--error" role="alert">${icon('error')}<span>${text.exportFailed} ${message}</span></p>`;
}

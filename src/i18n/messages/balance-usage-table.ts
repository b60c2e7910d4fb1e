// The message interface of <balance-usage-table>: in i18n/, the bottom layer, so the catalog never imports a widget or provider.
// The English defaults stay with the element or provider that speaks them.

// The keys of the keyed sections, spelt out here so i18n imports nothing from the widget or the client; each must be
// the same union as its source (test/i18n/message-keys.types.ts fails typecheck when one drifts).
/** usage-query.ts's UsagePeriod. */
export type UsagePeriodKey = 'this_month' | 'last_month' | 'last_30_days' | 'custom';
/** client/schemas.ts's UsageSort. */
export type UsageSortKey = 'date_desc' | 'date_asc' | 'price_desc' | 'price_asc';
/** usage-paging-error.ts's UsagePagingFault. */
export type UsagePagingFaultKey = 'repeated_cursor' | 'uneven_page';

/** Every string <balance-usage-table> shows or speaks; set `messages` to replace any of them. */
export interface BalanceUsageTableMessages {
  title: string;
  loading: string;
  empty: string;
  emptyHint: string;
  retry: string;
  /** The itemised list's code could not be downloaded (offline, or a deploy removed it). */
  listUnavailable: string;
  filters: string;
  activeFilters: (count: number, formattedCount: string) => string;
  period: string;
  periods: Record<UsagePeriodKey, string>;
  from: string;
  to: string;
  type: string;
  allTypes: string;
  user: string;
  allUsers: string;
  sort: string;
  sorts: Record<UsageSortKey, string>;
  typeColumn: string;
  countColumn: string;
  totalColumn: string;
  periodTotal: string;
  viewDetails: string;
  viewDetailsOf: (label: string) => string;
  backToSummary: string;
  calls: (count: number, formatted: string) => string;
  timeZone: (zone: string) => string;
  dateColumn: string;
  destinationColumn: string;
  durationColumn: string;
  priceColumn: string;
  userColumn: string;
  duration: (minutes: number, seconds: number, formatted: { minutes: string; seconds: string }) => string;
  gridHint: string;
  loadingRow: string;
  endOfList: (formattedCount: string, count: number) => string;
  /** Under the list once its last page is read, when that holds another number of calls than the backend counted. */
  countMismatch: (formattedHeld: string, formattedCounted: string, held: number) => string;
  /** The list or the export stopped because the usage service broke the paging contract (the list offers "Try again"). */
  pagingFaults: Record<UsagePagingFaultKey, string>;
  detailsTitle: string;
  callId: string;
  ratePerMinute: (rate: string) => string;
  rateLabel: string;
  billedDuration: string;
  destination: string;
  closeDetails: string;
  exportCsv: string;
  /** The option beside Export CSV: the file ends with a totals row (per currency). */
  exportTotals: string;
  exporting: (done: string, total: string, totalCount: number) => string;
  cancelExport: string;
  exportFailed: string;
  exportCanceled: string;
  exportDone: (formattedCount: string, count: number) => string;
  results: (calls: string, total: string) => string;
  /** The link from a call's details to the rate table: "Rate for Nigeria"; `country` is the localized name. */
  rateFor: (country: string) => string;
  /** The spend chart's heading: "Spend per day" or "Spend per hour". */
  chartTitle: Record<SpendChartBucketKey, string>;
  /** A bar's spoken value: "2 Dec: $7.20, 14 calls" (`calls` is the `calls` message). */
  chartPoint: (when: string, spend: string, calls: string) => string;
  /** How to move between bars with the keyboard. */
  chartHint: string;
  chartLoading: string;
  /** The period has no spend: no bars to draw. */
  chartEmpty: string;
  /** The series could not be read: said above the message and Try again. */
  chartError: string;
  /** The period is longer than the series answers (400 days). */
  chartTooLong: (formattedDays: string) => string;
  /** Some points of the answer were unreadable (negative, not a number, another currency) and are left out. */
  chartDropped: (formattedCount: string, count: number) => string;
  /** The answer skipped some buckets: the chart shows those it has. */
  chartGaps: string;
  /** The disclosure that shows the chart's values as a table. */
  chartTable: string;
  /** The table's first column. */
  chartBucketColumn: Record<SpendChartBucketKey, string>;
  chartSpendColumn: string;
  chartCountColumn: string;
}

/** client/schemas.ts's UsageSeriesBucket. */
export type SpendChartBucketKey = 'day' | 'hour';

/** The keys only the spend chart <billing-spend-chart> shows: their English arrives with the chart's code. */
export type SpendChartKey =
  | 'chartTitle'
  | 'chartPoint'
  | 'chartHint'
  | 'chartLoading'
  | 'chartEmpty'
  | 'chartError'
  | 'chartTooLong'
  | 'chartDropped'
  | 'chartGaps'
  | 'chartTable'
  | 'chartBucketColumn'
  | 'chartSpendColumn'
  | 'chartCountColumn';
export type SpendChartMessages = Pick<BalanceUsageTableMessages, SpendChartKey>;
/** What the itemised list and its rows read: every word but the chart's. */
export type UsageListMessages = Omit<BalanceUsageTableMessages, SpendChartKey>;

/**
 * The keys only the itemised list <billing-usage-grid> shows (its columns, rows and call details): their English arrives
 * with the list's code. Every other key, including a new one, loads with the element.
 */
export type UsageGridKey =
  | 'dateColumn'
  | 'destinationColumn'
  | 'durationColumn'
  | 'priceColumn'
  | 'userColumn'
  | 'duration'
  | 'gridHint'
  | 'loadingRow'
  | 'endOfList'
  | 'countMismatch'
  | 'detailsTitle'
  | 'callId'
  | 'ratePerMinute'
  | 'rateLabel'
  | 'billedDuration'
  | 'destination'
  | 'closeDetails';
export type UsageGridMessages = Pick<BalanceUsageTableMessages, UsageGridKey>;
export type BalanceUsageTableShellMessages = Omit<BalanceUsageTableMessages, UsageGridKey | SpendChartKey>;

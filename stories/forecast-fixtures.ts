// Fixture clients for <credit-balance>'s runway forecast: a seeded spend history (the last 7 and 30 days' totals and
// the first usage), and backends that answer the spend reads with garbage, errors or nothing. Shared by stories and tests.
import type { RequestOptions } from '../src/client/billing-client.js';
import type { UsageFilters, UsagePage, UsageQuery, UsageSeries, UsageSeriesQuery, UsageSummary } from '../src/client/schemas.js';
import { FixtureClient, withAutoRechargeOn, type FixtureOptions } from './fixtures.js';

const DAY_MS = 86_400_000;

export interface SeededSpend {
  /** Spent in the last 7 days, in minor units. */
  last7: number;
  /** Spent in the last 30 days, in minor units (at least last7 for a coherent history). */
  last30: number;
  /** Days since the account's first usage; null: it never used anything. Default 90. */
  firstUsageDaysAgo?: number | null;
}

/** `amount` spread over `count` parts in whole minor units (the last takes the remainder), so they add up exactly. */
function spread(amount: number, count: number): number[] {
  const share = Math.floor(amount / count);
  return Array.from({ length: count }, (_, index) => (index === count - 1 ? amount - share * (count - 1) : share));
}

/**
 * A mock account whose usage totals are exactly `spend`: the period summaries answer last7 for a window of a week or
 * less and last30 for a longer one, and the oldest usage entry is `firstUsageDaysAgo` old; a day series spreads last7
 * over its last week and the rest of last30 over the days before, none before the first usage. Every other read is the mock's.
 */
export class SpendFixtureClient extends FixtureClient {
  /** How many spend reads (summaries, series and the oldest-entry listing) were made. */
  spendReads = 0;
  /** How many of them were getUsageSeries. */
  seriesReads = 0;

  constructor(
    readonly spend: SeededSpend,
    options: FixtureOptions = {},
  ) {
    super(options);
  }

  override async getUsageSummary(filters: UsageFilters, options?: RequestOptions): Promise<UsageSummary> {
    this.spendReads += 1;
    const summary = await super.getUsageSummary(filters, options);
    const windowDays = filters.from ? (Date.parse(filters.to ?? new Date().toISOString()) - Date.parse(filters.from)) / DAY_MS : Infinity;
    const amount = windowDays <= 7.01 ? this.spend.last7 : this.spend.last30;
    return { ...summary, total: { amount, currency: summary.total.currency } };
  }

  override async getUsageSeries(query: UsageSeriesQuery, options?: RequestOptions): Promise<UsageSeries> {
    this.spendReads += 1;
    this.seriesReads += 1;
    const series = await super.getUsageSeries(query, options);
    const { currency } = series.total;
    const daysAgo = this.spend.firstUsageDaysAgo === undefined ? 90 : this.spend.firstUsageDaysAgo;
    const firstUsage = daysAgo === null ? Infinity : Date.now() - daysAgo * DAY_MS;
    const weekStart = Date.parse(query.to) - 7 * DAY_MS;
    // A day is in use once the first usage happened before its end; none is when the account never used anything.
    const starts = series.points.map((point) => Date.parse(point.start));
    const used = starts.flatMap((start, index) => (start + DAY_MS > firstUsage ? [index] : []));
    const recent = used.filter((index) => (starts[index] ?? 0) >= weekStart);
    const earlier = used.filter((index) => (starts[index] ?? 0) < weekStart);
    const amounts = new Array<number>(starts.length).fill(0);
    const place = (amount: number, indexes: number[]) =>
      spread(amount, indexes.length).forEach((share, at) => (amounts[indexes[at] ?? 0] = share));
    const older = this.spend.last30 - this.spend.last7;
    place(this.spend.last7 + (earlier.length > 0 ? 0 : older), recent);
    place(older, earlier);
    return {
      ...series,
      points: series.points.map((point, index) => {
        const amount = amounts[index] ?? 0;
        return { start: point.start, spend: { amount, currency }, count: amount > 0 ? 1 : 0 };
      }),
      total: { amount: amounts.reduce((sum, amount) => sum + amount, 0), currency },
    };
  }

  override async listUsage(query: UsageQuery, options?: RequestOptions): Promise<UsagePage> {
    if (query.sort !== 'date_asc' || query.limit !== 1) return super.listUsage(query, options);
    this.spendReads += 1;
    const account = await this.getAccount(options);
    const daysAgo = this.spend.firstUsageDaysAgo === undefined ? 90 : this.spend.firstUsageDaysAgo;
    if (daysAgo === null) return { entries: [], nextCursor: null, totalCount: 0 };
    const price = { amount: 120, currency: account.currency };
    return {
      entries: [
        {
          id: 'usage_first',
          type: 'outbound_international_call',
          typeLabel: 'Outbound International Call',
          occurredAt: new Date(Date.now() - daysAgo * DAY_MS).toISOString(),
          price,
          user: { id: 'user_1', name: 'Avery Chen' },
          destinationCountry: 'DE',
          destinationName: 'Germany',
          billedSeconds: 120,
          ratePerMinute: { amount: 60, currency: account.currency },
        },
      ],
      nextCursor: null,
      totalCount: 1,
    };
  }
}

/** The example: $7.20 a day over the last week ($50.40), $45.00 left: "lasts about 6 days". */
export function spendClient(spend: SeededSpend = { last7: 5040, last30: 21600 }, options: FixtureOptions = {}): SpendFixtureClient {
  return new SpendFixtureClient(spend, { startingBalance: 4500, ...options });
}

/** As spendClient, with auto-recharge on ($50.00 when below $10.00): "adds $50.00 about every 7 days". */
export function spendAutoRechargeClient(
  spend: SeededSpend = { last7: 5040, last30: 21600 },
  options: FixtureOptions = {},
): SpendFixtureClient {
  return withAutoRechargeOn(spendClient(spend, options));
}

/**
 * The balance reads work; the spend reads answer `summary` (a negative total, NaN, markup…) unchecked, as a broken
 * backend would: the summaries as is, the series as yesterday's one point with the summary's total.
 */
export function garbageSpendClient(summary: Record<string, unknown>, options: FixtureOptions = {}): SpendFixtureClient {
  const client = spendClient(undefined, options);
  client.getUsageSummary = () => Promise.resolve(summary as unknown as UsageSummary);
  const yesterday = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS).toISOString();
  const points = 'total' in summary ? [{ start: yesterday, spend: summary.total, count: 1 }] : [];
  client.getUsageSeries = () => Promise.resolve({ bucket: 'day', timeZone: 'UTC', points, ...summary } as unknown as UsageSeries);
  return client;
}

/** The balance reads work; every spend read fails with "unavailable". */
export function failingSpendClient(options: FixtureOptions = {}): SpendFixtureClient {
  const client = spendClient(undefined, options);
  client.failNext('getUsageSummary', 1_000_000, 'unavailable');
  client.failNext('getUsageSeries', 1_000_000, 'unavailable');
  return client;
}

/** `client`'s spend reads never answer and ignore their abort signal. */
export function hangSpendReads<C extends SpendFixtureClient>(client: C): C {
  client.getUsageSummary = () => new Promise<UsageSummary>(() => {});
  client.getUsageSeries = () => new Promise<UsageSeries>(() => {});
  return client;
}

/** The balance reads work; the spend reads never answer and ignore their abort signal. */
export function hangingSpendClient(options: FixtureOptions = {}): SpendFixtureClient {
  return hangSpendReads(spendClient(undefined, options));
}

/** A backend without getUsageSeries: the forecast reads the two summaries and the oldest entry instead. */
export function noSeriesSpendClient(spend?: SeededSpend, options: FixtureOptions = {}): SpendFixtureClient {
  const client = spendClient(spend, options);
  Object.defineProperty(client, 'getUsageSeries', { value: undefined });
  return client;
}

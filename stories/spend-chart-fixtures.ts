// Fixture BillingClients for <balance-usage-table>'s spend chart: slow, failing, empty and hostile series answers over
// the real mock ledger; shared by the chart's stories and tests.
import type { RequestOptions } from '../src/client/billing-client.js';
import type { MockBillingClient } from '../src/client/mock/mock-client.js';
import type { UsageSeries, UsageSeriesQuery } from '../src/client/schemas.js';
import type { UsageTableQuery } from '../src/components/balance-usage-table/usage-query.js';
import { usageClient } from './usage-fixtures.js';

/** The table on its summary level for the `days` days up to today. */
export function recentDaysQuery(days: number): Partial<UsageTableQuery> {
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  return { period: 'custom', from: day(1 - days), to: day(0) };
}

type SeriesEdit = (series: UsageSeries, query: UsageSeriesQuery) => unknown;

/** The mock with its getUsageSeries answer changed by `edit` (the rest of the ledger stays real). */
export function seriesClient(edit: SeriesEdit, count = 300): MockBillingClient {
  const client = usageClient(count);
  const original = client.getUsageSeries.bind(client);
  client.getUsageSeries = async (query: UsageSeriesQuery, options?: RequestOptions) =>
    edit(await original(query, options), query) as UsageSeries;
  return client;
}

/** getUsageSeries never answers (until aborted): the chart's loading state. */
export function hangingSeriesClient(): MockBillingClient {
  const client = usageClient(300);
  client.getUsageSeries = (_query, options) =>
    new Promise<UsageSeries>((_resolve, reject) => {
      options?.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
    });
  return client;
}

/** getUsageSeries fails with "unavailable" `times` times, then answers. */
export function failingSeriesClient(times = 1_000_000): MockBillingClient {
  const client = usageClient(300);
  client.failNext('getUsageSeries', times, 'unavailable');
  return client;
}

/** Every point zero: calls that cost nothing. */
export const zeroSeriesClient = (): MockBillingClient =>
  seriesClient((series) => ({
    ...series,
    points: series.points.map((point) => ({ ...point, spend: { ...point.spend, amount: 0 } })),
    total: { ...series.total, amount: 0 },
  }));

/** Points a broken backend sends: a negative spend, a count that is not a number, and another currency. */
export const garbageSeriesClient = (): MockBillingClient =>
  seriesClient((series) => ({
    ...series,
    points: series.points.map((point, index) =>
      index === 1
        ? { ...point, spend: { amount: -500, currency: point.spend.currency } }
        : index === 2
          ? { ...point, count: Number.NaN }
          : index === 3
            ? { ...point, spend: { amount: 100, currency: 'EUR' } }
            : point,
    ),
  }));

/** Points out of order, one sent twice, and a run of days left out: sorted, the twin dropped, the gap said. */
export const shuffledSeriesClient = (): MockBillingClient =>
  seriesClient((series) => {
    const kept = series.points.filter((_point, index) => index < 5 || index > 9);
    const twin = kept[0];
    return { ...series, points: [...kept.reverse(), ...(twin ? [twin] : [])] };
  });

/** One day holds almost all the money a number can: the axis and labels still read. */
export const hugeSeriesClient = (): MockBillingClient =>
  seriesClient((series) => ({
    ...series,
    points: series.points.map((point, index) =>
      index === series.points.length - 2 ? { ...point, spend: { ...point.spend, amount: 9_000_000_000_000_000 }, count: 1 } : point,
    ),
  }));

/** Yesterday alone (a whole day of the mock's calls): drawn by the hour. */
export function yesterdayQuery(): Partial<UsageTableQuery> {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  return { period: 'custom', from: yesterday, to: yesterday };
}

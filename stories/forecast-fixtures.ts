// Fixture clients for <credit-balance>'s runway forecast: a seeded spend history (the last 7 and 30 days' totals and
// the first usage), and backends that answer the spend reads with garbage, errors or nothing. Shared by stories and tests.
import type { RequestOptions } from '../src/client/billing-client.js';
import type { UsageFilters, UsagePage, UsageQuery, UsageSummary } from '../src/client/schemas.js';
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

/**
 * A mock account whose usage totals are exactly `spend`: the period summaries answer last7 for a window of a week or
 * less and last30 for a longer one, and the oldest usage entry is `firstUsageDaysAgo` old. Every other read is the mock's.
 */
export class SpendFixtureClient extends FixtureClient {
  /** How many spend reads (summaries and the oldest-entry listing) were made. */
  spendReads = 0;

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

/** The balance reads work; the spend reads answer `summary` (a negative total, NaN, markup…) unchecked, as a broken backend would. */
export function garbageSpendClient(summary: Record<string, unknown>, options: FixtureOptions = {}): SpendFixtureClient {
  const client = spendClient(undefined, options);
  client.getUsageSummary = () => Promise.resolve(summary as unknown as UsageSummary);
  return client;
}

/** The balance reads work; every spend read fails with "unavailable". */
export function failingSpendClient(options: FixtureOptions = {}): SpendFixtureClient {
  const client = spendClient(undefined, options);
  client.failNext('getUsageSummary', 1_000_000, 'unavailable');
  return client;
}

/** The balance reads work; the spend reads never answer and ignore their abort signal. */
export function hangingSpendClient(options: FixtureOptions = {}): SpendFixtureClient {
  const client = spendClient(undefined, options);
  client.getUsageSummary = () => new Promise<UsageSummary>(() => {});
  return client;
}

// A usage ledger of any length made on demand, for the 1M and 10M row benches and tests: entry i (newest first) is a
// function of i, so nothing is held in memory. Everything but listUsage and getUsageSummary is the mock's. It lists one
// account's calls by date (either direction) over the filters' whole range; the type and user filters and the price
// sorts are not modelled (it rejects a price sort instead of answering in the wrong order).
import type { RequestOptions } from '../src/client/billing-client.js';
import { BillingError } from '../src/client/errors.js';
import { MockBillingClient } from '../src/client/mock/mock-client.js';
import type { UsageEntry, UsageFilters, UsagePage, UsageQuery, UsageSummary } from '../src/client/schemas.js';

const USERS = [
  { id: 'usr_dana_whitfield', name: 'Dana Whitfield' },
  { id: 'usr_marcus_oyelaran', name: 'Marcus Oyelaran' },
  { id: 'usr_priya_raman', name: 'Priya Raman' },
] as const;
const DESTINATIONS = [
  ['NG', 'Nigeria'],
  ['DE', 'Germany'],
  ['JP', 'Japan'],
  ['BR', 'Brazil'],
] as const;
/** Prices run 10 to 353 cents in a cycle of 50, so the summary's total has a closed form. */
const PRICE_CYCLE = 50;
const price = (index: number): number => 10 + (index % PRICE_CYCLE) * 7;

export class SyntheticUsageClient extends MockBillingClient {
  private readonly newest: number;
  private readonly spacingMs: number;

  constructor(readonly entryCount: number) {
    super({ usageEntryCount: 0, seed: 7 });
    // Spread over the 88 days before an hour ago: inside allHistoryQuery()'s range.
    this.newest = Date.now() - 3_600_000;
    this.spacingMs = Math.max(1, Math.floor((88 * 86_400_000) / Math.max(1, entryCount)));
  }

  /** Entry `index` in date_desc order. */
  entry(index: number): UsageEntry {
    const [destinationCountry, destinationName] = DESTINATIONS[index % DESTINATIONS.length] ?? DESTINATIONS[0];
    const billedSeconds = 30 + (index % 17) * 13;
    return {
      id: `use_${index.toString(36)}`,
      type: 'outbound_international_call',
      typeLabel: 'Outbound International Call',
      occurredAt: new Date(this.newest - index * this.spacingMs).toISOString(),
      price: { amount: price(index), currency: 'USD' },
      user: USERS[index % USERS.length] ?? USERS[0],
      destinationCountry,
      destinationName,
      billedSeconds,
      ratePerMinute: { amount: 12, currency: 'USD' },
    };
  }

  override listUsage(query: UsageQuery, options?: RequestOptions): Promise<UsagePage> {
    options?.signal?.throwIfAborted();
    const sort = query.sort ?? 'date_desc';
    if (sort !== 'date_desc' && sort !== 'date_asc') {
      return Promise.reject(new BillingError('validation', { message: 'The synthetic ledger lists by date only.' }));
    }
    const offset = query.cursor ? Number(atob(query.cursor)) : 0;
    const limit = query.limit ?? 100;
    const end = Math.min(this.entryCount, offset + limit);
    const entries: UsageEntry[] = [];
    for (let position = offset; position < end; position++) {
      entries.push(this.entry(sort === 'date_desc' ? position : this.entryCount - 1 - position));
    }
    const nextCursor = end < this.entryCount ? btoa(String(end)) : null;
    return Promise.resolve({ entries, nextCursor, totalCount: this.entryCount });
  }

  override getUsageSummary(_filters: UsageFilters, options?: RequestOptions): Promise<UsageSummary> {
    options?.signal?.throwIfAborted();
    const cycles = Math.floor(this.entryCount / PRICE_CYCLE);
    let total = cycles * (PRICE_CYCLE * 10 + 7 * ((PRICE_CYCLE * (PRICE_CYCLE - 1)) / 2));
    for (let index = cycles * PRICE_CYCLE; index < this.entryCount; index++) total += price(index);
    return Promise.resolve({
      types: [
        {
          type: 'outbound_international_call',
          label: 'Outbound International Call',
          count: this.entryCount,
          total: { amount: total, currency: 'USD' },
        },
      ],
      total: { amount: total, currency: 'USD' },
      users: [...USERS],
    });
  }
}

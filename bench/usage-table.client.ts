// The data every bench page shows, counting the listUsage requests that reach it: ?entries=N usage entries, from the
// mock (its seeded ledger, up to 1,000,000 entries) or, with ?client=synthetic, from entries made on demand (any size).
import type { MockBillingClient } from '../src/client/mock/mock-client.js';
import { usageClient } from '../stories/usage-fixtures.js';
import { SyntheticUsageClient } from './usage-table.synthetic.js';

export interface CountedUsageClient {
  client: MockBillingClient;
  listUsageCalls(): number;
}

export function benchUsageClient(): CountedUsageClient {
  const search = new URLSearchParams(location.search);
  const count = Number(search.get('entries') ?? 100_000);
  const client = search.get('client') === 'synthetic' ? new SyntheticUsageClient(count) : usageClient(count);
  let calls = 0;
  const listUsage = client.listUsage.bind(client);
  client.listUsage = (request, options) => {
    calls += 1;
    return listUsage(request, options);
  };
  return { client, listUsageCalls: () => calls };
}

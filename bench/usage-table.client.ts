// The data both bench pages show: the mock with ?entries=N usage entries, counting the listUsage requests that reach it.
import { MockBillingClient } from '../src/client/mock/mock-client.js';
import { usageClient } from '../stories/usage-fixtures.js';

export interface CountedUsageClient {
  client: MockBillingClient;
  listUsageCalls(): number;
}

export function benchUsageClient(): CountedUsageClient {
  const count = Number(new URLSearchParams(location.search).get('entries') ?? 100_000);
  const client = usageClient(count);
  let calls = 0;
  const listUsage = client.listUsage.bind(client);
  client.listUsage = (request, options) => {
    calls += 1;
    return listUsage(request, options);
  };
  return { client, listUsageCalls: () => calls };
}

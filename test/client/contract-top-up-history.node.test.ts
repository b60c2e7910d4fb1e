// The contract kit's listTopUps checks can fail: a backend without listTopUps is told to opt out, and one that lists
// oldest first, repeats its cursor or drops a top-up between pages is caught.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BillingClient } from '../../src/client/billing-client.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import type { TopUpHistoryPage, TopUpHistoryQuery } from '../../src/client/schemas.js';
import { topUpHistoryChecks } from '../../src/testing/contract-top-up-history.js';

/** Runs every listTopUps check of the kit against `make()`; resolves with each check's failure message, or null. */
async function runChecks(make: () => BillingClient): Promise<Array<string | null>> {
  const tests: Array<() => Promise<void>> = [];
  topUpHistoryChecks(
    (_name, test) => tests.push(test),
    () => Promise.resolve(make()),
  );
  const outcomes: Array<string | null> = [];
  for (const test of tests) {
    try {
      await test();
      outcomes.push(null);
    } catch (error) {
      outcomes.push(error instanceof Error ? error.message : String(error));
    }
  }
  return outcomes;
}

/** A MockBillingClient whose listTopUps answers through `change`. */
function bent(change: (page: TopUpHistoryPage, query: TopUpHistoryQuery) => TopUpHistoryPage): BillingClient {
  const client = new MockBillingClient({ usageEntryCount: 0 });
  const list = client.listTopUps.bind(client);
  client.listTopUps = async (query, options) => change(await list(query, options), query ?? {});
  return client;
}

describe('contract kit: listTopUps checks', () => {
  it('pass on MockBillingClient', async () => {
    assert.deepEqual(await runChecks(() => new MockBillingClient({ usageEntryCount: 0 })), [null, null]);
  });

  it('tell a backend without listTopUps to pass { topUpHistory: false }', async () => {
    const outcomes = await runChecks(() => {
      const client = new MockBillingClient({ usageEntryCount: 0 });
      (client as { listTopUps?: unknown }).listTopUps = undefined;
      return client;
    });
    for (const outcome of outcomes) assert.match(outcome ?? '', /topUpHistory: false/);
  });

  it('catch a backend that lists oldest first', async () => {
    const [newestFirst] = await runChecks(() => bent((page) => ({ ...page, topUps: [...page.topUps].reverse() })));
    // Made in one millisecond the two newest are told apart by id; otherwise by time: either way the order is caught.
    assert.match(newestFirst ?? '', /newest|descending/);
  });

  it('catch a backend that repeats its cursor, or drops the first top-up of every later page', async () => {
    const [, looping] = await runChecks(() => bent((page) => ({ ...page, nextCursor: page.nextCursor === null ? null : 'again' })));
    assert.notEqual(looping, null);
    const [, dropping] = await runChecks(() => bent((page, query) => (query.cursor ? { ...page, topUps: page.topUps.slice(1) } : page)));
    assert.match(dropping ?? '', /paged two at a time/);
  });
});

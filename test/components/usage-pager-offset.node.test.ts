// UsagePager's jumps by offset: the middle of 10,000,000 rows in a handful of requests, the right rows at every depth
// and sort, and a backend that ignores `offset` still walked to the right rows (and not asked by offset again).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { BillingClient, RequestOptions } from '../../src/client/billing-client.js';
import { BillingError } from '../../src/client/errors.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { USAGE_SORTS, type UsageEntry, type UsagePage, type UsageQuery } from '../../src/client/schemas.js';
import { UsagePager } from '../../src/components/balance-usage-table/usage-pager.js';

/**
 * A date-sorted ledger of `count` entries made on demand (entry i of date_desc is a function of i), paged by cursor and,
 * when `honoursOffset`, by offset as the contract says. Counts its requests and the rows they return.
 */
class SyntheticLedger {
  requests: UsageQuery[] = [];
  rowsSent = 0;

  constructor(
    public count: number,
    readonly honoursOffset: boolean,
  ) {}

  entry(index: number): UsageEntry {
    return {
      id: `use_${index.toString(36)}`,
      type: 'outbound_international_call',
      typeLabel: 'Outbound International Call',
      occurredAt: new Date(Date.UTC(2026, 10, 1) - index * 1000).toISOString(),
      price: { amount: 10 + (index % 50), currency: 'USD' },
      user: { id: 'usr_dana', name: 'Dana' },
      destinationCountry: 'NG',
      destinationName: 'Nigeria',
      billedSeconds: 60,
      ratePerMinute: { amount: 12, currency: 'USD' },
    };
  }

  /** Row `position` of the sort asked for. */
  at(position: number, sort: UsageQuery['sort']): UsageEntry {
    return this.entry(sort === 'date_asc' ? this.count - 1 - position : position);
  }

  readonly client = {
    listUsage: (query: UsageQuery, options?: RequestOptions): Promise<UsagePage> => {
      options?.signal?.throwIfAborted();
      this.requests.push(query);
      const byOffset = this.honoursOffset && query.offset !== undefined;
      const start = byOffset ? (query.offset ?? 0) : query.cursor ? Number(atob(query.cursor)) : 0;
      const end = Math.min(this.count, start + (query.limit ?? 50));
      const entries: UsageEntry[] = [];
      for (let position = start; position < end; position++) entries.push(this.at(position, query.sort));
      this.rowsSent += entries.length;
      return Promise.resolve({
        entries,
        nextCursor: end < this.count ? btoa(String(end)) : null,
        totalCount: this.count,
        ...(byOffset ? { offset: start } : {}),
      });
    },
  } as unknown as BillingClient;
}

const ids = (pager: UsagePager, start: number, end: number): string[] =>
  Array.from({ length: end - start }, (_, index) => pager.entryAt(start + index)?.id ?? 'missing');

describe('UsagePager by offset', () => {
  it('drags to the middle of 10,000,000 rows in a handful of requests, and reads on from there by cursor', async () => {
    const ledger = new SyntheticLedger(10_000_000, true);
    const pager = new UsagePager(ledger.client, { filters: {}, sort: 'date_desc', pageSize: 100 });
    await pager.ensure(0, 30);
    // The scrollbar dragged to the middle: the rows in view straddle a page edge.
    await pager.ensure(5_000_050, 5_000_130);
    assert.ok(ledger.requests.length <= 4, `${ledger.requests.length} requests`);
    assert.ok(ledger.rowsSent <= 400, `${ledger.rowsSent} rows sent`);
    assert.deepEqual(
      ids(pager, 5_000_050, 5_000_130),
      Array.from({ length: 80 }, (_, index) => ledger.entry(5_000_050 + index).id),
    );
    // The next page walks from the cursor the jump brought back: one request of one page.
    const before = ledger.requests.length;
    await pager.ensure(5_000_200, 5_000_230);
    assert.equal(ledger.requests.length, before + 1);
    assert.equal(ledger.requests.at(-1)?.offset, undefined);
    assert.equal(pager.entryAt(5_000_229)?.id, ledger.entry(5_000_229).id);
    // Back up a page: far from every cursor again, so by offset.
    await pager.ensure(4_999_900, 4_999_950);
    assert.equal(ledger.requests.at(-1)?.offset, 4_999_900);
    assert.equal(pager.entryAt(4_999_900)?.id, ledger.entry(4_999_900).id);
    assert.equal(pager.totalCount, 10_000_000);
  });

  it('rows near the end come from the end; a jump to the last page learns the exact end', async () => {
    const ledger = new SyntheticLedger(10_000_000, true);
    const pager = new UsagePager(ledger.client, { filters: {}, sort: 'date_asc', pageSize: 100 });
    await pager.ensure(0, 30);
    await pager.ensure(9_999_950, 10_000_000);
    assert.ok(ledger.requests.length <= 3, `${ledger.requests.length} requests`);
    assert.equal(pager.entryAt(9_999_999)?.id, ledger.at(9_999_999, 'date_asc').id);

    const alone = new UsagePager(ledger.client, { filters: {}, sort: 'date_asc', pageSize: 100, mirrorSorts: false });
    await alone.ensure(9_999_950, 10_000_000);
    assert.equal(ledger.requests.at(-1)?.offset, 9_999_900);
    assert.equal(alone.entryAt(9_999_999)?.id, ledger.at(9_999_999, 'date_asc').id);
    assert.deepEqual([alone.endKnown, alone.totalCount], [true, 10_000_000]);
  });

  it('a jump past rows deleted since the count shows nothing there and takes the new count, without asking again', async () => {
    const ledger = new SyntheticLedger(10_000_000, true);
    const pager = new UsagePager(ledger.client, { filters: {}, sort: 'date_desc', pageSize: 100 });
    await pager.ensure(0, 30);
    ledger.count = 6_000_000;
    await pager.ensure(8_000_000, 8_000_050);
    assert.equal(pager.entryAt(8_000_000), undefined);
    assert.equal(pager.totalCount, 6_000_000);
    const asked = ledger.requests.length;
    await pager.ensure(8_000_000, 8_000_050);
    assert.equal(ledger.requests.length, asked);
    await pager.ensure(5_999_990, 6_000_000);
    assert.equal(pager.entryAt(5_999_999)?.id, ledger.entry(5_999_999).id);
  });

  it('walks a backend that ignores offset to the right rows, and its next pager does not ask by offset again', async () => {
    const ledger = new SyntheticLedger(20_000, false);
    const pager = new UsagePager(ledger.client, { filters: {}, sort: 'date_desc', pageSize: 100, mirrorSorts: false });
    await pager.ensure(0, 30);
    await pager.ensure(9_000, 9_050);
    assert.deepEqual(
      ids(pager, 9_000, 9_050),
      Array.from({ length: 50 }, (_, index) => ledger.entry(9_000 + index).id),
    );
    assert.equal(ledger.requests.filter((query) => query.offset !== undefined).length, 1);
    const next = new UsagePager(ledger.client, { filters: {}, sort: 'date_asc', pageSize: 100, mirrorSorts: false });
    await next.ensure(12_000, 12_010);
    assert.equal(next.entryAt(12_000)?.id, ledger.at(12_000, 'date_asc').id);
    assert.equal(ledger.requests.filter((query) => query.offset !== undefined).length, 1);
  });

  const offsetRefusals = [
    ['an unknown parameter in its message', () => new BillingError('validation', { message: 'Unknown query parameter offset.' })],
    ['offset among its fields', () => new BillingError('validation', { details: { fieldErrors: { offset: 'Unknown parameter.' } } })],
  ] as const;
  for (const [how, refusal] of offsetRefusals) {
    it(`walks a backend that refuses offset (422, ${how}) without showing that refusal, and asks it by offset no more`, async () => {
      const ledger = new SyntheticLedger(20_000, false);
      const listUsage = ledger.client.listUsage.bind(ledger.client);
      let refused = 0;
      const strict = {
        listUsage: (query: UsageQuery, options?: RequestOptions) => {
          if (query.offset === undefined) return listUsage(query, options);
          refused += 1;
          return Promise.reject(refusal());
        },
      } as unknown as BillingClient;
      const pager = new UsagePager(strict, { filters: {}, sort: 'date_desc', pageSize: 100, mirrorSorts: false });
      await pager.ensure(9_000, 9_050);
      assert.equal(pager.entryAt(9_049)?.id, ledger.entry(9_049).id);
      const again = new UsagePager(strict, { filters: {}, sort: 'date_desc', pageSize: 100, mirrorSorts: false });
      await again.ensure(3_000, 3_010);
      assert.equal(again.entryAt(3_000)?.id, ledger.entry(3_000).id);
      assert.equal(refused, 1);
    });
  }

  it('shows a refusal of the filters at once, and still asks by offset afterwards', async () => {
    const ledger = new SyntheticLedger(20_000, true);
    const listUsage = ledger.client.listUsage.bind(ledger.client);
    let refuseFilters = true;
    const client = {
      listUsage: (query: UsageQuery, options?: RequestOptions) =>
        refuseFilters
          ? Promise.reject(new BillingError('validation', { details: { fieldErrors: { to: 'must be after from' } } }))
          : listUsage(query, options),
    } as unknown as BillingClient;
    const pager = new UsagePager(client, { filters: {}, sort: 'date_desc', pageSize: 100, mirrorSorts: false });
    await assert.rejects(pager.ensure(9_000, 9_050), (error: unknown) => error instanceof BillingError && error.code === 'validation');
    // The offset was not the problem: a later pager on the same backend jumps by offset.
    refuseFilters = false;
    const next = new UsagePager(client, { filters: {}, sort: 'date_desc', pageSize: 100, mirrorSorts: false });
    await next.ensure(9_000, 9_050);
    assert.equal(next.entryAt(9_000)?.id, ledger.entry(9_000).id);
    assert.deepEqual(
      ledger.requests.map((query) => query.offset),
      [9_000],
    );
  });

  it('reads every row of the mock in every sort, jumping and walking, each once', async () => {
    const client = new MockBillingClient({ usageEntryCount: 4_321, seed: 7 });
    for (const sort of USAGE_SORTS) {
      const expected: string[] = [];
      let cursor: string | null = null;
      do {
        const page: UsagePage = await client.listUsage({ sort, limit: 500, ...(cursor === null ? {} : { cursor }) });
        expected.push(...page.entries.map((entry) => entry.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      const asked: UsageQuery[] = [];
      const listUsage = client.listUsage.bind(client);
      const counting = Object.assign(Object.create(client) as MockBillingClient, {
        listUsage: (query: UsageQuery, options?: RequestOptions) => {
          asked.push(query);
          return listUsage(query, options);
        },
      });
      const pager = new UsagePager(counting, { filters: {}, sort, pageSize: 100, maxCachedPages: 3, walkSize: 300 });
      const seen: string[] = [];
      // Middle first (a jump), then every row from the top, then the middle again.
      await pager.ensure(2_150, 2_200);
      for (let start = 0; start < 4_321; start += 70) {
        const end = Math.min(4_321, start + 70);
        await pager.ensure(start, end);
        seen.push(...ids(pager, start, end));
        assert.ok(pager.cachedPageCount <= 3);
      }
      assert.deepEqual(seen, expected, sort);
      assert.ok(
        asked.some((query) => query.offset !== undefined),
        `${sort}: no jump by offset`,
      );
    }
  });
});

// listUsage by offset (PGlite, or PostgreSQL with DATABASE_URL): random filters, sorts, limits and offsets give the rows
// that walking the cursors from the first page reaches, at and past the end too, and a read during inserts gives the page
// of one moment's entries.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { insertUsageEntries, listUsage, type NewUsageEntry } from '../../server/usage.js';
import { USAGE_SORTS, type UsageFilters, type UsageQuery, type UsageSort } from '../../src/client/schemas.js';
import { BillingError } from '../../src/client/errors.js';
import { fixturePerSuite } from './billing-server.fixture.js';
import { CALL, FORWARDED, pickWith, randomCall, seededRandom } from './seeded-random.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-06-01T00:00:00Z');

describe('usage pages by offset (server)', () => {
  const f = fixturePerSuite();

  // A seeded random sequence, so a failure replays the same way.
  const random = seededRandom(16);
  const pick = pickWith(random);

  /** An instant in the first `hours` hours: often on an hour edge, or a microsecond off one, so edges and ties are met. */
  function instant(hours: number): string {
    const at = START + Math.floor(random() * hours * HOUR);
    const hour = Math.floor(at / HOUR) * HOUR;
    const kind = random();
    if (kind < 0.15) return new Date(hour).toISOString();
    if (kind < 0.25) return `${new Date(hour).toISOString().slice(0, 19)}.000001Z`;
    if (kind < 0.35) return new Date(hour - 1).toISOString().replace('Z', '999Z');
    return new Date(at).toISOString();
  }

  function entriesFor(prefix: string, users: readonly string[], count: number, hours: number): NewUsageEntry[] {
    return Array.from({ length: count }, (_, index) =>
      randomCall(random, {
        id: `${prefix}_${String(index).padStart(5, '0')}`,
        users,
        maxPrice: 40,
        // Some entries share an instant, so the id decides their order.
        at: () => (random() < 0.1 ? new Date(START + 5 * HOUR).toISOString() : instant(hours)),
      }),
    );
  }

  async function newAccount(): Promise<{ accountId: string; users: string[] }> {
    const { accountId } = await f().newAccount({ usageEntryCount: 0, userNames: ['Ada', 'Grace'] });
    const users = (
      await f().db.query<{ id: string }>('SELECT id FROM account_users WHERE account_id = $1 ORDER BY id', [accountId])
    ).rows.map((row) => row.id);
    return { accountId, users };
  }

  /** Every matching id in the query's order, walked by cursor from the first page. */
  async function walk(accountId: string, query: UsageQuery): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listUsage(f().db, accountId, { ...query, limit: 500, ...(cursor === null ? {} : { cursor }) });
      ids.push(...page.entries.map((entry) => entry.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return ids;
  }

  function randomFilters(users: readonly string[]): UsageFilters {
    const filters: UsageFilters = {};
    if (random() < 0.5) filters.from = instant(72);
    if (random() < 0.5) filters.to = instant(72);
    if (random() < 0.4) filters.type = pick([CALL, FORWARDED]);
    if (random() < 0.4) filters.userId = pick(users);
    return filters;
  }

  it('random filters, sorts and offsets give the rows walking reaches, and continue from there', async () => {
    const { accountId, users } = await newAccount();
    const entries = entriesFor(`use_offset_${accountId}`, users, 900, 72);
    for (let index = 0; index < entries.length; index += 100) {
      await insertUsageEntries(f().db, accountId, 'USD', entries.slice(index, index + 100));
    }
    let pastEnd = 0;
    for (let round = 0; round < 40; round++) {
      const filters = randomFilters(users);
      const sort: UsageSort = pick(USAGE_SORTS);
      const walked = await walk(accountId, { ...filters, sort });
      for (let probe = 0; probe < 4; probe++) {
        const limit = pick([1, 7, 50, 500]);
        const offset = pick([0, Math.floor(random() * walked.length), Math.max(0, walked.length - 1), walked.length, walked.length + 3]);
        const label = JSON.stringify({ ...filters, sort, offset, limit, total: walked.length });
        const page = await listUsage(f().db, accountId, { ...filters, sort, offset, limit });
        assert.deepEqual(
          page.entries.map((entry) => entry.id),
          walked.slice(offset, offset + limit),
          label,
        );
        assert.equal(page.offset, offset, label);
        assert.equal(page.totalCount, walked.length, label);
        if (offset + limit >= walked.length) {
          assert.equal(page.nextCursor, null, label);
          if (offset >= walked.length) pastEnd++;
        } else {
          assert.ok(page.nextCursor, label);
          const next = await listUsage(f().db, accountId, { ...filters, sort, cursor: page.nextCursor, limit });
          assert.deepEqual(
            next.entries.map((entry) => entry.id),
            walked.slice(offset + limit, offset + 2 * limit),
            `${label} then its nextCursor`,
          );
        }
      }
    }
    assert.ok(pastEnd > 5, `${pastEnd} reads at or past the end`);
  });

  it('refuses an offset with a cursor', async () => {
    const { accountId } = await newAccount();
    await assert.rejects(
      listUsage(f().db, accountId, { offset: 3, cursor: 'abc.def' }),
      (error: unknown) => error instanceof BillingError && error.code === 'validation',
    );
  });

  it('a read during inserts gives the page of the entries of one moment', async () => {
    const { accountId, users } = await newAccount();
    const batches = Array.from({ length: 12 }, (_, batch) =>
      entriesFor(`use_offset_live_${accountId}_${String(batch).padStart(2, '0')}`, users, 60, 48),
    );
    await insertUsageEntries(f().db, accountId, 'USD', batches[0] ?? []);
    let committed = 1;
    const writer = (async () => {
      for (const batch of batches.slice(1)) {
        await insertUsageEntries(f().db, accountId, 'USD', batch);
        committed++;
      }
    })();
    const reads: { query: UsageQuery; ids: string[]; total: number; atLeast: number; atMost: number }[] = [];
    while (committed < batches.length) {
      const filters = randomFilters(users);
      const query: UsageQuery = {
        ...filters,
        sort: pick(['date_desc', 'date_asc'] as const),
        offset: Math.floor(random() * 40),
        limit: 20,
      };
      const atLeast = committed;
      const page = await listUsage(f().db, accountId, query);
      // The batch being written may have committed before its insert's promise settled and `committed` counted it.
      const atMost = Math.min(batches.length, committed + 1);
      reads.push({ query, ids: page.entries.map((entry) => entry.id), total: page.totalCount, atLeast, atMost });
    }
    await writer;
    assert.ok(reads.length > 3, `${reads.length} reads during the inserts`);
    for (const read of reads) {
      // Some number of whole batches, between those committed before the read and after it, gives exactly these rows
      // and this totalCount.
      const candidates: [string[], number][] = [];
      for (let seen = read.atLeast; seen <= read.atMost; seen++) {
        const ids = batches.slice(0, seen).flatMap((batch) => batch.map((entry) => entry.id));
        candidates.push(await pageOf(accountId, read.query, ids));
      }
      assert.ok(
        candidates.some((candidate) => JSON.stringify(candidate) === JSON.stringify([read.ids, read.total])),
        JSON.stringify({ ...read, candidates }),
      );
    }
  });

  /** The page a query's offset names among the entries `ids` alone, and the count of those matching, recounted row by row. */
  async function pageOf(accountId: string, query: UsageQuery, ids: readonly string[]): Promise<[string[], number]> {
    const direction = query.sort === 'date_asc' ? 'ASC' : 'DESC';
    const result = await f().db.query<{ id: string; total: string }>(
      `SELECT id, COUNT(*) OVER ()::text AS total FROM usage_entries WHERE account_id = $1 AND id = ANY($2::text[])
         AND ($3::timestamptz IS NULL OR occurred_at >= $3) AND ($4::timestamptz IS NULL OR occurred_at < $4)
         AND ($5::text IS NULL OR type = $5) AND ($6::text IS NULL OR user_id = $6)
       ORDER BY occurred_at ${direction}, id ${direction} OFFSET $7 LIMIT $8`,
      [accountId, ids, query.from ?? null, query.to ?? null, query.type ?? null, query.userId ?? null, query.offset, query.limit],
    );
    // Past the end there is no row to carry the count: count again without the offset.
    const total = result.rows[0]?.total ?? (query.offset ? (await pageOf(accountId, { ...query, offset: 0, limit: 1 }, ids))[1] : 0);
    return [result.rows.map((row) => row.id), Number(total)];
  }
});

// Migration 021 on a database that already has usage (PGlite, or PostgreSQL with DATABASE_URL): the hourly rollups it
// backfills equal a recount of the entries written before it, and later writes add to the backfilled rows exactly.
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { migrate } from '../../server/db/migrate.js';
import { seedDemoAccount } from '../../server/seed.js';
import { insertUsageEntries, type NewUsageEntry } from '../../server/usage.js';
import { assertRollupsMatchRecount } from './usage-ingest.fixture.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

const MIGRATIONS = fileURLToPath(new URL('../../server/db/migrations/', import.meta.url));
const HOURLY = '021_usage_hourly_rollups.sql';

describe('migration 021: hourly usage rollups (server)', () => {
  let test: TestDatabase;
  let earlier: string;
  before(async () => {
    test = await openTestDatabase();
    earlier = await mkdtemp(join(tmpdir(), 'migrations-before-021-'));
  });
  after(async () => {
    await test.close();
    await rm(earlier, { recursive: true, force: true });
  });

  it('backfills the rollups of the entries already there, and later writes add to them', async () => {
    // The schema as it was before 021, with entries in it.
    for (const name of await readdir(MIGRATIONS)) {
      if (/^\d{3}_.*\.sql$/.test(name) && name < HOURLY) await copyFile(join(MIGRATIONS, name), join(earlier, name));
    }
    await migrate(test.db, earlier);
    const { accountId } = await seedDemoAccount(test.db, { usageEntryCount: 0 });
    const users = (await test.db.query<{ id: string }>(`SELECT id FROM account_users WHERE account_id = $1 ORDER BY id`, [accountId])).rows;
    // 3,000 entries over five days, a third of them on a quarter-hour or a microsecond either side of one.
    await test.db.query(
      `INSERT INTO usage_entries (id, account_id, type, type_label, occurred_at, user_id, destination_country, destination_name,
         billed_seconds, rate_per_minute, price, currency)
       SELECT 'use_before_' || g, $1, CASE WHEN g % 4 = 0 THEN 'international_call_forwarding' ELSE 'outbound_international_call' END,
         CASE WHEN g % 4 = 0 THEN 'Call forwarding' ELSE 'Outbound call' END,
         timestamptz '2026-11-28T00:00:00Z' + (g * 143) * interval '1 second'
           + CASE g % 3 WHEN 0 THEN interval '0' WHEN 1 THEN interval '1 microsecond' ELSE interval '0.7 second' END
           - CASE WHEN g % 9 = 0 THEN interval '1 microsecond' ELSE interval '0' END,
         ($2::text[])[1 + g % cardinality($2::text[])], 'NG', 'Nigeria', 60 * (1 + g % 7), 20, 20 * (1 + g % 7) + g % 5, 'USD'
       FROM generate_series(1, 3000) g`,
      [accountId, users.map((user) => user.id)],
    );

    assert.deepEqual(await migrate(test.db), [HOURLY, ...(await laterThan(HOURLY))]);
    const recounted = await assertRollupsMatchRecount(test.db, accountId);
    assert.ok(recounted.length > 200, `${recounted.length} hourly rollups`);
    const dropped = await test.db.query(
      `SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('usage_daily_rollups', 'usage_daily_type_rollups')`,
    );
    assert.equal(dropped.rows.length, 0, 'the daily rollups are gone');

    // Written through usageInsertCtes into hours the backfill already holds.
    const later: NewUsageEntry[] = Array.from({ length: 50 }, (_, index) => ({
      id: `use_after_${index}`,
      type: 'outbound_international_call',
      occurredAt: new Date(Date.parse('2026-11-28T00:00:00Z') + index * 977_000),
      userId: users[index % users.length]?.id ?? '',
      destinationCountry: 'NG',
      destinationName: 'Nigeria',
      billedSeconds: 60,
      ratePerMinute: 20,
      price: 20 + index,
    }));
    await insertUsageEntries(test.db, accountId, 'USD', later);
    await assertRollupsMatchRecount(test.db, accountId);
  });
});

/** The migrations after `name`, in the order migrate() applies them. */
async function laterThan(name: string): Promise<string[]> {
  return (await readdir(MIGRATIONS)).filter((file) => /^\d{3}_.*\.sql$/.test(file) && file > name).sort();
}

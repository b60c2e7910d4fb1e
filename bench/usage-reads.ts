// Usage reads at scale: seeds one account with N usage entries spread over a year, then times 50 sequential requests per
// read route through the app (in-process fetch on the Hono app) and prints p50/p95 beside the target.
//   node --import tsx bench/usage-reads.ts [N]                       PGlite in memory (default N = 1,000,000; target p95 <= 150 ms)
//   DATABASE_URL=postgres://… node --import tsx bench/usage-reads.ts 10000000   PostgreSQL, in a schema of its own (target p95 <= 50 ms)
//   USERS=1000 …                                                              the calls spread over that many users instead of the dev account's 6
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app.js';
import { migrate } from '../server/db/migrate.js';
import { openDatabase } from '../server/db/open-database.js';
import { TestCardProcessor } from '../server/payments/test-card-processor.js';
import { cursorSecret, signCursor } from '../server/usage-cursor.js';
import { USAGE_TYPES } from '../server/usage.js';
import { usageSeries } from '../server/usage-series.js';
import type { Queryable } from '../server/db/database.js';
import type { UsageSeriesQuery } from '../src/client/schemas.js';
import { createTestSchema } from '../test/server/test-database.js';

const COUNT = Number(process.argv[2] ?? 1_000_000);
/** USERS=…: how many users the account's calls are spread over (the dev account has 6; a large portal has thousands). */
const USER_COUNT = Number(process.env['USERS'] ?? 0);
const REQUESTS = 50;
const SEED_CHUNK = 250_000;
const SPAN_MS = 365 * 86_400_000;
const FORWARDED = 'international_call_forwarding';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Prints the plan of getUsageSeries's sums: the hourly rollups' rows of the range, and the entries of its two edge quarter-hours. */
async function explainSeries(db: Queryable, accountId: string, query: UsageSeriesQuery): Promise<void> {
  let plan = '';
  const explaining: Queryable = {
    query: async <Row>(sql: string, params?: readonly unknown[]) => {
      // Each statement runs as asked (the sums need the bucket starts read first); the last one's plan is kept.
      const explained = await db.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      plan = explained.rows.map((row) => Object.values(row)[0]).join('\n');
      return db.query<Row>(sql, params);
    },
  };
  await usageSeries(explaining, accountId, 'USD', query);
  console.log(`getUsageSeries plan (${query.bucket}, ${query.timeZone}, ${query.from} to ${query.to}):\n${plan}`);
}

async function main(): Promise<void> {
  if (!Number.isSafeInteger(COUNT) || COUNT < 1000) throw new Error('N must be a whole number of at least 1000');
  const schema = await createTestSchema();
  const engine = schema ? 'PostgreSQL' : 'PGlite';
  const target = schema ? 50 : 150;
  const db = await openDatabase(schema ? { url: schema.url } : {});
  try {
    await migrate(db);
    const now = new Date();
    const { app, close } = createApp({ db, processor: new TestCardProcessor({ now: () => now }), now: () => now, devRoutes: true });
    const created = await app.request('/v1/dev/accounts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ usageEntryCount: 0 }),
    });
    const { accountId, token } = (await created.json()) as { accountId: string; token: string };
    if (USER_COUNT > 0) {
      await db.query(
        `INSERT INTO account_users (account_id, id, name) SELECT $1, 'usr_bench_' || g, 'Bench user ' || g FROM generate_series(1, $2::int) g`,
        [accountId, USER_COUNT],
      );
      await db.query(`DELETE FROM account_users WHERE account_id = $1 AND id NOT LIKE 'usr_bench_%'`, [accountId]);
    }
    const users = (await db.query<{ id: string }>(`SELECT id FROM account_users WHERE account_id = $1 ORDER BY id`, [accountId])).rows.map(
      (row) => row.id,
    );
    const [defaultType] = Object.keys(USAGE_TYPES).filter((type) => type !== FORWARDED);
    if (!defaultType || users.length === 0) throw new Error('the dev account has no users');

    // Bulk loading goes faster into a table without its secondary indexes: they are dropped here and
    // rebuilt afterwards from their own definitions, so the reads run on exactly the migrations' indexes.
    const indexes = (
      await db.query<{ name: string; definition: string }>(
        `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
         WHERE i.tablename = 'usage_entries' AND i.schemaname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      )
    ).rows;
    for (const index of indexes) await db.query(`DROP INDEX ${index.name}`);
    // Entry g (0 = newest) is SPAN_MS * g / N before now; every 5th is a forwarded call; users and prices cycle.
    const seedStart = performance.now();
    for (let from = 0; from < COUNT; from += SEED_CHUNK) {
      await db.query(
        `INSERT INTO usage_entries (id, account_id, type, type_label, occurred_at, user_id, destination_country, destination_name,
           billed_seconds, rate_per_minute, price, currency)
         SELECT 'use_bench_' || g, $1, CASE WHEN g % 5 = 4 THEN $2 ELSE $3 END, CASE WHEN g % 5 = 4 THEN $4 ELSE $5 END,
           $6::timestamptz - (g::bigint * $7::bigint / $8::bigint) * interval '1 millisecond', ($9::text[])[1 + g % $10::int],
           'NG', 'Nigeria', 60 * (1 + g % 20), 24, 24 * (1 + g % 20), 'USD'
         FROM generate_series($11::int, $12::int) g`,
        [
          accountId,
          FORWARDED,
          defaultType,
          USAGE_TYPES[FORWARDED],
          USAGE_TYPES[defaultType],
          now,
          SPAN_MS,
          COUNT,
          users,
          users.length,
          from,
          Math.min(COUNT, from + SEED_CHUNK) - 1,
        ],
      );
    }
    for (const index of indexes) await db.query(index.definition);
    const inserted = performance.now();
    // The rollups come from the migration's own backfill statements, per user first, then per type from those.
    for (const name of ['021_usage_hourly_rollups.sql']) {
      const migration = await readFile(new URL(`../server/db/migrations/${name}`, import.meta.url), 'utf8');
      await db.exec(migration.slice(migration.indexOf('-- backfill')));
    }
    // Separate statements: VACUUM refuses to run inside the implicit transaction of a multi-statement string.
    for (const table of ['usage_entries', 'usage_hourly_rollups', 'usage_hourly_type_rollups']) await db.query(`VACUUM ANALYZE ${table}`);
    const seeded = performance.now();
    console.log(
      `${engine}: ${COUNT.toLocaleString('en')} entries over 365 days seeded (indexes included) in ${((inserted - seedStart) / 1000).toFixed(1)} s, ` +
        `rollups + VACUUM ANALYZE in ${((seeded - inserted) / 1000).toFixed(1)} s`,
    );

    const deep = Math.floor(COUNT * 0.9);
    const deepRow = (await db.query<{ at: Date }>(`SELECT occurred_at AS at FROM usage_entries WHERE id = $1`, [`use_bench_${deep}`]))
      .rows[0];
    if (!deepRow) throw new Error('deep entry missing');
    const cursor = signCursor(await cursorSecret(db), { accountId, sort: 'date_desc', filters: {} }, [
      deepRow.at.toISOString(),
      `use_bench_${deep}`,
    ]);
    // A 30-day window that starts and ends mid-day, as a browser in UTC+05:30 asks for it.
    const to = new Date(now.getTime() - 3 * 3_600_000 - 17 * 60_000);
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const local = (at: Date): string => `${new Date(at.getTime() + 5.5 * 3_600_000).toISOString().slice(0, 19)}+05:30`;
    const user = users[0] ?? '';
    const iso = (at: Date): string => encodeURIComponent(local(at));
    const routes: [string, string][] = [
      ['first page', '/v1/usage?limit=50'],
      ['deep page by cursor (90%)', `/v1/usage?limit=50&cursor=${encodeURIComponent(cursor)}`],
      ['page, user + type filters', `/v1/usage?limit=50&userId=${user}&type=${FORWARDED}`],
      ['summary, 30 days', `/v1/usage/summary?from=${encodeURIComponent(local(from))}&to=${encodeURIComponent(local(to))}`],
      [
        'summary, 30 days, one user',
        `/v1/usage/summary?from=${encodeURIComponent(local(from))}&to=${encodeURIComponent(local(to))}&userId=${user}`,
      ],
      ['summary, all time', '/v1/usage/summary'],
      ['summary, all time, one user', `/v1/usage/summary?userId=${user}`],
      ['one entry', `/v1/usage/entries/use_bench_${deep}`],
      // A page in the middle by offset (issue 16's scrollbar drag), under each filter; the row is about half the matches.
      ['offset, middle', `/v1/usage?limit=100&offset=${Math.floor(COUNT / 2)}`],
      ['offset, middle, oldest first', `/v1/usage?limit=100&sort=date_asc&offset=${Math.floor(COUNT / 2)}`],
      ['offset, middle, one user', `/v1/usage?limit=100&userId=${user}&offset=${Math.floor(COUNT / users.length / 2)}`],
      ['offset, middle, type', `/v1/usage?limit=100&type=${FORWARDED}&offset=${Math.floor(COUNT / 10)}`],
      [
        'offset, middle, user + type',
        `/v1/usage?limit=100&userId=${user}&type=${FORWARDED}&offset=${Math.floor(COUNT / users.length / 10)}`,
      ],
      ['offset, middle, 30 days', `/v1/usage?limit=100&from=${iso(from)}&to=${iso(to)}&offset=${Math.floor((COUNT * 30) / 365 / 2)}`],
      // The spend chart's two views in a zone on whole hours, on half hours and on quarter hours, with each filter.
      ...(['UTC', 'Asia/Kolkata', 'Asia/Kathmandu'] as const).flatMap((zone) =>
        (
          [
            ['30 days by day', from, 'day'],
            ['2 days by hour', new Date(to.getTime() - 2 * 86_400_000), 'hour'],
          ] as const
        ).flatMap(([span, start, bucket]) =>
          (
            [
              ['', ''],
              [', one user', `&userId=${user}`],
              [', type', `&type=${FORWARDED}`],
              [', user + type', `&userId=${user}&type=${FORWARDED}`],
            ] as const
          ).map(([filter, extra]): [string, string] => [
            `series, ${span}, ${zone}${filter}`,
            `/v1/usage/series?from=${iso(start)}&to=${iso(to)}&timeZone=${zone}&bucket=${bucket}${extra}`,
          ]),
        ),
      ),
    ];
    // The machine's load beside the figures: requests share its cores with whatever else runs.
    console.log(
      `load average before the requests: ${loadavg()
        .map((load) => load.toFixed(1))
        .join(', ')} on ${cpus().length} cores`,
    );
    console.log(`| Route (${engine}, ${COUNT.toLocaleString('en')} entries) | p50 ms | p95 ms | target p95 |`);
    console.log('|---|---|---|---|');
    let failed = false;
    for (const [name, path] of routes) {
      const times: number[] = [];
      for (let index = 0; index < REQUESTS; index++) {
        const started = performance.now();
        const response = await app.request(path, { headers: { Authorization: `Bearer ${token}` } });
        await response.text();
        times.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`${name}: ${response.status}`);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      if (p95 > target) failed = true;
      console.log(`| ${name} | ${percentile(times, 50).toFixed(1)} | ${p95.toFixed(1)} | ≤ ${target} ${p95 > target ? '✗' : '✓'} |`);
    }
    // Price sorts have no rollup: an offset there walks the price index's keys (index-only), exact but linear in the
    // offset, so it is measured beside the table, not held to the target.
    for (const offset of [Math.floor(COUNT / 100), Math.floor(COUNT / 2)]) {
      const times: number[] = [];
      for (let index = 0; index < 5; index++) {
        const started = performance.now();
        const response = await app.request(`/v1/usage?limit=100&sort=price_desc&offset=${offset}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        await response.text();
        times.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`price offset: ${response.status}`);
      }
      times.sort((a, b) => a - b);
      console.log(
        `offset ${offset.toLocaleString('en')} by price (no target): p50 ${percentile(times, 50).toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms`,
      );
    }
    // After the routes, which checked each zone once (the check is remembered), so only the series statements are explained.
    await explainSeries(db, accountId, { from: from.toISOString(), to: to.toISOString(), timeZone: 'Asia/Kathmandu', bucket: 'day' });
    close();
    // 2, not 1: a route over its target is a figure, a crash (1) is a broken command.
    if (failed) process.exitCode = 2;
  } finally {
    await db.close();
    await schema?.drop();
  }
}

await main();

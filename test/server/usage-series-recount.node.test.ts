// getUsageSeries against a direct recount of the entries (PGlite, or PostgreSQL with DATABASE_URL): random ranges (edges
// on and off the quarter-hours, sub-millisecond), zones on whole, half and quarter hours and across DST changes, day and
// hour buckets and every filter. Each bucket's count and spend is the entries' own, whether the sums came from the hourly
// rollups' quarters or, for an edge off the quarter-hours (Monrovia's -00:44:30 until 1972), from the entries themselves.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Queryable } from '../../server/db/database.js';
import { insertUsageEntries, type NewUsageEntry } from '../../server/usage.js';
import { usageSeries } from '../../server/usage-series.js';
import type { UsageSeriesQuery } from '../../src/client/schemas.js';
import { fixturePerSuite } from './billing-server.fixture.js';
import { CALL, FORWARDED, pickWith, randomCall, seededRandom } from './seeded-random.js';

const HOUR = 3_600_000;
const QUARTER = 900_000;

/** A few days around a moment, each read in zones whose buckets straddle it; hourly only where hours are whole UTC hours apart. */
const SCENES = [
  // New York falls back (a 25-hour day); Kolkata and Kathmandu never change.
  { around: '2026-11-01T06:00:00Z', zones: ['America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'UTC'], hourly: true },
  // Lord Howe falls back half an hour (+11:00 to +10:30): days only, its hours are not an hour apart there.
  { around: '2026-04-04T15:00:00Z', zones: ['Australia/Lord_Howe', 'Asia/Kathmandu'], hourly: false },
  // Monrovia is at -00:44:30 until 7 January 1972: its days and hours start off the quarter-hours.
  { around: '1971-12-20T12:00:00Z', zones: ['Africa/Monrovia', 'Asia/Kolkata'], hourly: true },
] as const;

describe('usage series against a recount (server)', () => {
  const f = fixturePerSuite();

  // A seeded random sequence, so a failure replays the same way.
  const random = seededRandom(24);
  const pick = pickWith(random);

  /** An instant within `span` ms of `center`: often on a quarter-hour, or a microsecond or a second either side of one. */
  function instant(center: number, span: number): string {
    const at = center - span + Math.floor(random() * 2 * span);
    const quarter = Math.floor(at / QUARTER) * QUARTER;
    const kind = random();
    if (kind < 0.2) return new Date(quarter).toISOString();
    if (kind < 0.3) return `${new Date(quarter).toISOString().slice(0, 19)}.000001Z`;
    if (kind < 0.4) return new Date(quarter - 1).toISOString().replace('Z', '999Z');
    if (kind < 0.5) return new Date(quarter - 1000).toISOString();
    return new Date(at).toISOString();
  }

  /** Microseconds since the epoch of an ISO instant in UTC with up to six digits of fraction (Date.parse stops at three). */
  const micros = (iso: string): number => Date.parse(iso) * 1000 + Number(/\.\d{3}(\d{3})Z$/.exec(iso)?.[1] ?? 0);

  /** The count and spend of the entries in [from, to) per bucket of `starts`, counted row by row. */
  async function recount(accountId: string, query: UsageSeriesQuery, starts: readonly string[]): Promise<[number, number][]> {
    const lows = starts.map((start, index) => (index === 0 ? query.from : start));
    const highs = starts.map((_, index) => starts[index + 1] ?? query.to);
    const result = await f().db.query<{ n: string; spend: string }>(
      `SELECT COUNT(e.id)::text AS n, COALESCE(SUM(e.price), 0)::text AS spend
       FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS b(low, high, i)
       LEFT JOIN usage_entries e ON e.account_id = $1 AND e.occurred_at >= b.low AND e.occurred_at < b.high
         AND ($4::text IS NULL OR e.type = $4) AND ($5::text IS NULL OR e.user_id = $5)
       GROUP BY b.i ORDER BY b.i`,
      [accountId, lows, highs, query.type ?? null, query.userId ?? null],
    );
    return result.rows.map((row) => [Number(row.n), Number(row.spend)]);
  }

  it('every bucket of random ranges, zones, buckets and filters equals a recount of its entries', async () => {
    const { accountId } = await f().newAccount({ usageEntryCount: 0, userNames: ['Ada', 'Grace'] });
    const users = (
      await f().db.query<{ id: string }>('SELECT id FROM account_users WHERE account_id = $1 ORDER BY id', [accountId])
    ).rows.map((row) => row.id);
    // 600 entries per scene within four days of its moment, written in batches of up to 40 as recorded calls are.
    let serial = 0;
    for (const scene of SCENES) {
      const center = Date.parse(scene.around);
      const entries: NewUsageEntry[] = Array.from({ length: 600 }, () =>
        randomCall(random, { id: `use_recount_${accountId}_${serial++}`, users, maxPrice: 500, at: () => instant(center, 4 * 24 * HOUR) }),
      );
      for (let index = 0; index < entries.length; index += 40) {
        await insertUsageEntries(f().db, accountId, 'USD', entries.slice(index, index + 40));
      }
    }

    let viaRollups = 0;
    let viaEntries = 0;
    for (let index = 0; index < 90; index++) {
      const scene = pick(SCENES);
      const center = Date.parse(scene.around);
      const bucket = scene.hourly && random() < 0.5 ? 'hour' : 'day';
      const from = instant(center, 3 * 24 * HOUR);
      const length = bucket === 'hour' ? 1 + Math.floor(random() * 48 * HOUR) : 1 + Math.floor(random() * 5 * 24 * HOUR);
      const to = random() < 0.3 ? instant(Date.parse(from) + length, QUARTER) : new Date(Date.parse(from) + length).toISOString();
      if (Date.parse(to) <= Date.parse(from)) continue;
      const query: UsageSeriesQuery = {
        from,
        to,
        timeZone: pick(scene.zones),
        bucket,
        ...(random() < 0.4 ? { userId: pick(users) } : {}),
        ...(random() < 0.4 ? { type: pick([CALL, FORWARDED]) } : {}),
      };
      // Which source the sums came from: the rollups' quarters, or the entries alone.
      const statements: string[] = [];
      const watching: Queryable = {
        query: <Row>(sql: string, params?: readonly unknown[]) => {
          statements.push(sql);
          return f().db.query<Row>(sql, params);
        },
      };
      const series = await usageSeries(watching, accountId, 'USD', query);
      if (statements.some((sql) => sql.includes('usage_hourly'))) viaRollups++;
      else viaEntries++;
      const label = JSON.stringify(query);
      const starts = series.points.map((point) => point.start);
      const expected = await recount(accountId, query, starts);
      assert.deepEqual(
        series.points.map((point) => [point.count, point.spend.amount]),
        expected,
        label,
      );
      assert.equal(
        series.total.amount,
        expected.reduce((sum, [, spend]) => sum + spend, 0),
        label,
      );
      // The buckets tile the range: the first holds from, each later one starts after the one before.
      assert.ok(micros(starts[0] ?? '') <= micros(from), label);
      assert.ok(
        starts.every((start, i) => i === 0 || Date.parse(start) > Date.parse(starts[i - 1] ?? '')),
        label,
      );
      assert.ok(micros(starts.at(-1) ?? '') < micros(to), label);
    }
    // Both sources were exercised: zones on the quarter-hours read the rollups, Monrovia before 1972 the entries.
    assert.ok(viaRollups > 40, `${viaRollups} series from the rollups`);
    assert.ok(viaEntries > 3, `${viaEntries} series from the entries`);
  });
});

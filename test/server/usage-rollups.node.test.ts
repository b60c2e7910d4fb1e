// Usage rollups on the reference server: after concurrent recorded calls (one of them crossing into an automatic
// recharge; dev-route calls and ingested batches, one of them a repeat, with calls on and either side of quarter-hours),
// the hourly rollups and their quarters equal a full recount, and every summary and totalCount for any from/to (offsets,
// sub-millisecond instants, edges inside one hour) equals a count of the rows themselves (PGlite, or PostgreSQL with DATABASE_URL).
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { ROUTES } from '../../src/client/routes.js';
import { createServiceCredential } from '../../server/service-credentials.js';
import { enableAutoRecharge, fixturePerSuite } from './billing-server.fixture.js';
import { assertRollupsMatchRecount } from './usage-ingest.fixture.js';
import { seededRandom } from './seeded-random.js';

interface Recount {
  type: string;
  user_id: string;
  count: string;
  total: string;
}

describe('usage rollups (server)', () => {
  const f = fixturePerSuite();

  // A seeded random sequence, so a failure replays the same way.
  const random = seededRandom(16);

  /** The account has usage, and its rollups equal a recount of it. */
  async function rollupsMatchRecount(accountId: string): Promise<void> {
    assert.ok((await assertRollupsMatchRecount(f().db, accountId)).length > 0);
  }

  /** An instant as sent, moved for half the calls onto the quarter-hour before it, or a millisecond before that. */
  const onQuarter = (at: number): string => {
    const pick = random();
    const quarter = Math.floor(at / 900_000) * 900_000;
    return new Date(pick < 0.25 ? quarter : pick < 0.5 ? quarter - 1 : at).toISOString();
  };

  async function recountFor(accountId: string, from: string | undefined, to: string | undefined): Promise<Recount[]> {
    const result = await f().db.query<Recount>(
      `SELECT type, user_id, COUNT(*)::text AS count, SUM(price)::text AS total FROM usage_entries
       WHERE account_id = $1 AND ($2::timestamptz IS NULL OR occurred_at >= $2::timestamptz) AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz)
       GROUP BY 1, 2`,
      [accountId, from ?? null, to ?? null],
    );
    return result.rows;
  }

  it('keeps the rollups equal to a full recount after concurrent recorded calls and an automatic recharge', async () => {
    const start = new Date('2026-11-20T22:30:00Z');
    f().clock.now = start;
    const { token, accountId } = await f().newAccount({ usageEntryCount: 300, startingBalance: 3000 });
    await rollupsMatchRecount(accountId);
    await enableAutoRecharge(f(), token);
    const chargesBefore = f().processor.chargeCount;
    const serviceKey = await createServiceCredential(f().db, `rollups-${randomUUID()}`);
    const userIds = (await f().db.query<{ id: string }>(`SELECT id FROM account_users WHERE account_id = $1`, [accountId])).rows.map(
      (row) => row.id,
    );
    let previousBatch: unknown[] = [];
    // Bursts around UTC midnights, each of 8 concurrent requests of 1-4 calls, beside an ingested batch of calls
    // started up to four hours before (some on a quarter-hour, or a millisecond before one) and the previous burst's
    // batch sent again (recording nothing).
    for (let burst = 0; burst < 8; burst++) {
      f().clock.now = new Date(start.getTime() + burst * 47 * 60_000 + Math.floor(random() * 1000));
      const batch = Array.from({ length: 1 + Math.floor(random() * 20) }, () => ({
        callId: `rollups_${randomUUID()}`,
        accountId,
        userId: userIds[Math.floor(random() * userIds.length)],
        destinationCountry: 'DE',
        startedAt: onQuarter(f().clock.now.getTime() - Math.floor(random() * 4 * 3_600_000)),
        durationSeconds: Math.floor(random() * 600),
      }));
      const answers = await Promise.all([
        ...Array.from({ length: 8 }, () =>
          f().raw('POST', '/v1/dev/usage', token, {
            body: {
              calls: Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({ durationSeconds: 1 + Math.floor(random() * 600) })),
            },
          }),
        ),
        f().raw('POST', '/v1/service/usage', serviceKey, { body: { calls: batch } }),
        ...(previousBatch.length > 0 ? [f().raw('POST', '/v1/service/usage', serviceKey, { body: { calls: previousBatch } })] : []),
      ]);
      for (const answer of answers.slice(0, 8)) assert.equal(answer.status, 201, JSON.stringify(answer.body));
      const [ingested, repeated] = answers.slice(8).map((answer) => answer.body as { recorded: number; refused: number });
      assert.deepEqual([ingested?.recorded, ingested?.refused], [batch.length, 0]);
      if (repeated) assert.deepEqual([repeated.recorded, repeated.refused], [0, 0]);
      previousBatch = batch;
    }
    // The debits took the $30.00 balance under the $10.00 threshold: a recharge ran inside the recorded calls.
    assert.ok(f().processor.chargeCount > chargesBefore, 'no automatic recharge ran');
    await rollupsMatchRecount(accountId);

    const users = (await f().db.query<{ id: string }>(`SELECT id FROM account_users WHERE account_id = $1 ORDER BY id`, [accountId])).rows;
    const bounds = await f().db.query<{ first: Date; last: Date }>(
      `SELECT MIN(occurred_at) AS first, MAX(occurred_at) AS last FROM usage_entries WHERE account_id = $1`,
      [accountId],
    );
    const first = bounds.rows[0]?.first.getTime() ?? 0;
    const last = bounds.rows[0]?.last.getTime() ?? 0;
    const entryTimes = (
      await f().db.query<{ at: Date }>(`SELECT occurred_at AS at FROM usage_entries WHERE account_id = $1`, [accountId])
    ).rows.map((row) => row.at.toISOString());
    const instant = (): string => {
      const pick = random();
      if (pick < 0.2) return entryTimes[Math.floor(random() * entryTimes.length)] ?? new Date(first).toISOString();
      const at = new Date(first - 86_400_000 + Math.floor(random() * (last - first + 2 * 86_400_000)));
      if (pick < 0.35) return `${at.toISOString().slice(0, 10)}T00:00:00Z`;
      if (pick < 0.5) return `${at.toISOString().slice(0, 10)}T00:00:00.000001Z`;
      if (pick < 0.65) return `${at.toISOString().slice(0, 19)}+05:30`;
      if (pick < 0.75) return `${at.toISOString().slice(0, 19)}-09:45`;
      return at.toISOString();
    };
    const cases: { from?: string; to?: string }[] = [{}, { from: instant() }, { to: instant() }];
    for (let index = 0; index < 30; index++) {
      const a = instant();
      // Some ranges inside one day, some of many days, some empty (from after to).
      const b = random() < 0.3 ? new Date(new Date(a).getTime() + Math.floor(random() * 7_200_000)).toISOString() : instant();
      cases.push({ from: a, to: b });
    }
    for (const range of cases) {
      const expected = await recountFor(accountId, range.from, range.to);
      for (const userId of [undefined, users[0]?.id]) {
        for (const type of [undefined, 'international_call_forwarding']) {
          const query: Record<string, string> = { ...range, ...(userId ? { userId } : {}), ...(type ? { type } : {}) };
          const matching = expected.filter((row) => (!userId || row.user_id === userId) && (!type || row.type === type));
          const summary = (await f().call(ROUTES.getUsageSummary, token, { query })).body;
          const label = JSON.stringify(query);
          const byType = new Map<string, { count: number; total: number }>();
          for (const row of matching) {
            const sum = byType.get(row.type) ?? { count: 0, total: 0 };
            byType.set(row.type, { count: sum.count + Number(row.count), total: sum.total + Number(row.total) });
          }
          assert.deepEqual(
            summary.types.map((entry) => [entry.type, entry.count, entry.total.amount]),
            [...byType].sort(([x], [y]) => (x < y ? -1 : 1)).map(([key, sum]) => [key, sum.count, sum.total]),
            label,
          );
          const usersInPeriod = new Set(expected.filter((row) => !type || row.type === type).map((row) => row.user_id));
          assert.deepEqual(summary.users.map((user) => user.id).sort(), [...usersInPeriod].sort(), label);
          const page = (await f().call(ROUTES.listUsage, token, { query: { ...query, limit: '5' } })).body;
          assert.equal(
            page.totalCount,
            matching.reduce((sum, row) => sum + Number(row.count), 0),
            label,
          );
        }
      }
    }
  });
});

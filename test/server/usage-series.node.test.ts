// getUsageSeries on the reference server (PGlite, or PostgreSQL with DATABASE_URL): day and hour buckets in
// America/New_York across the November DST change (a 25-hour day, the repeated 01:00 hour as two buckets), Asia/Kolkata's
// half-past hours, type and user filters with totals equal to the summary's, every bucket present, and 422s.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { insertUsageEntries } from '../../server/usage.js';
import { errorOf, fixturePerSuite, ROUTES } from './billing-server.fixture.js';

const CALL = 'outbound_international_call';
const FORWARDED = 'international_call_forwarding';

describe('usage series (server)', () => {
  const f = fixturePerSuite();

  async function account(): Promise<{ token: string; users: string[] }> {
    const { accountId, token } = await f().newAccount({ usageEntryCount: 0, userNames: ['Ada', 'Grace'] });
    const users = (
      await f().db.query<{ id: string }>('SELECT id FROM account_users WHERE account_id = $1 ORDER BY id', [accountId])
    ).rows.map((row) => row.id);
    const entry = (id: string, at: string, price: number, user = users[0] ?? '', type = CALL) => ({
      id: `use_series_${accountId}_${id}`,
      type,
      occurredAt: new Date(at),
      userId: user,
      destinationCountry: 'NG',
      destinationName: 'Nigeria',
      billedSeconds: 60,
      ratePerMinute: price,
      price,
    });
    await insertUsageEntries(f().db, accountId, 'USD', [
      entry('a', '2026-11-01T03:59:00Z', 50), // 23:59 EDT on 31 Oct
      entry('b', '2026-11-01T05:30:00Z', 100), // 01:30 EDT
      entry('c', '2026-11-01T06:30:00Z', 200), // 01:30 EST, the repeated hour
      entry('d', '2026-11-02T04:30:00Z', 7), // 23:30 EST on 1 Nov: the 25-hour day's last hour
      entry('e', '2026-11-01T12:00:00Z', 1000, users[1], FORWARDED),
    ]);
    return { token, users };
  }

  const series = async (token: string, query: Record<string, string>) => {
    const answer = await f().call(ROUTES.getUsageSeries, token, { query });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as { points: { start: string; spend: { amount: number }; count: number }[]; total: { amount: number } };
  };
  const view = (body: Awaited<ReturnType<typeof series>>) => body.points.map((point) => [point.start, point.spend.amount, point.count]);

  it('New York days across the DST change: the 25-hour 1 Nov holds its calls, every day present', async () => {
    const { token } = await account();
    const body = await series(token, {
      from: '2026-10-31T04:00:00Z',
      to: '2026-11-03T05:00:00Z',
      timeZone: 'America/New_York',
      bucket: 'day',
    });
    assert.deepEqual(view(body), [
      ['2026-10-31T04:00:00.000Z', 50, 1],
      ['2026-11-01T04:00:00.000Z', 1307, 4],
      ['2026-11-02T05:00:00.000Z', 0, 0],
    ]);
    assert.equal(body.total.amount, 1357);
  });

  it('New York hours: the repeated 01:00 is two buckets; Kolkata hours start at half past', async () => {
    const { token } = await account();
    const ny = await series(token, {
      from: '2026-11-01T04:00:00Z',
      to: '2026-11-01T08:00:00Z',
      timeZone: 'America/New_York',
      bucket: 'hour',
    });
    assert.deepEqual(view(ny), [
      ['2026-11-01T04:00:00.000Z', 0, 0],
      ['2026-11-01T05:00:00.000Z', 100, 1],
      ['2026-11-01T06:00:00.000Z', 200, 1],
      ['2026-11-01T07:00:00.000Z', 0, 0],
    ]);
    const kolkata = await series(token, {
      from: '2026-11-01T04:00:00Z',
      to: '2026-11-01T07:00:00Z',
      timeZone: 'Asia/Kolkata',
      bucket: 'hour',
    });
    assert.deepEqual(view(kolkata), [
      ['2026-11-01T03:30:00.000Z', 0, 0],
      ['2026-11-01T04:30:00.000Z', 0, 0],
      ['2026-11-01T05:30:00.000Z', 100, 1],
      ['2026-11-01T06:30:00.000Z', 200, 1],
    ]);
  });

  it('type and user filters: totals equal the summary for the same filters', async () => {
    const { token, users } = await account();
    const window = { from: '2026-10-30T00:00:00Z', to: '2026-11-05T00:00:00Z' };
    for (const [filters, expected] of [
      [{}, 1357],
      [{ type: FORWARDED }, 1000],
      [{ userId: users[0] ?? '' }, 357],
      [{ userId: users[1] ?? '', type: CALL }, 0],
    ] as const) {
      const body = await series(token, { ...window, ...filters, timeZone: 'Europe/Berlin', bucket: 'day' });
      const summary = await f().call(ROUTES.getUsageSummary, token, { query: { ...window, ...filters } });
      assert.equal(body.total.amount, expected, JSON.stringify(filters));
      assert.equal(summary.body.total.amount, expected, JSON.stringify(filters));
      // 30 Oct to 5 Nov in Berlin: the window starts and ends at 01:00 local, inside the first and last day.
      assert.equal(body.points.length, 7);
    }
  });

  it('an unknown zone, to not after from and more than 400 days are 422 with the field', async () => {
    const { token } = await account();
    for (const [query, field] of [
      [{ from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z', timeZone: 'Mars/Olympus_Mons', bucket: 'day' }, 'timeZone'],
      [{ from: '2026-11-01T00:00:00Z', to: '2026-11-01T00:00:00Z', timeZone: 'UTC', bucket: 'day' }, 'to'],
      [{ from: '2025-01-01T00:00:00Z', to: '2026-11-01T00:00:00Z', timeZone: 'UTC', bucket: 'day' }, 'to'],
      [{ from: '2026-11-01T00:00:00Z', to: '2026-11-10T00:00:00Z', timeZone: 'UTC', bucket: 'hour' }, 'to'],
    ] as const) {
      const answer = await f().call(ROUTES.getUsageSeries, token, { query });
      assert.equal(answer.status, 422, JSON.stringify(query));
      assert.equal(errorOf(answer).code, 'validation');
      assert.ok(JSON.stringify(answer.body).includes(field), JSON.stringify(answer.body));
    }
  });
});

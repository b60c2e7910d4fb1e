// Usage ingestion (POST /v1/service/usage): service-key auth, batches up to 1,000, idempotency per call id (retries and
// concurrent twins), pricing at the rate in force at the start, one auto-recharge per crossing, mixed batches, and the
// rollups, ledger and balance still agreeing (PGlite, or PostgreSQL with DATABASE_URL).
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { createApp } from '../../server/app.js';
import { TestCardProcessor } from '../../server/payments/test-card-processor.js';
import { MAX_INGEST_BODY_BYTES } from '../../server/usage-ingest.js';
import {
  createServiceCredential,
  DEV_SERVICE_KEY,
  revokeServiceCredential,
  SERVICE_KEY_CACHE_MS,
  seedDevServiceKey,
} from '../../server/service-credentials.js';
import { RecordUsageResponseSchema, SERVICE_ROUTES, type RecordUsageResponse } from '../../src/client/service-routes.js';
import { enableAutoRecharge, errorOf, fixturePerSuite, ROUTES, type ApiAnswer } from './billing-server.fixture.js';
import {
  assertBalanceIsLedgerSum,
  assertRollupsMatchRecount,
  ingestionAccount,
  ingestionCall,
  type IngestionAccount,
} from './usage-ingest.fixture.js';
import { seededRandom } from './seeded-random.js';

const PATH = SERVICE_ROUTES.recordUsage.path;

describe('usage ingestion (server)', () => {
  const f = fixturePerSuite();
  let serviceKey = '';
  const key = async (): Promise<string> => {
    serviceKey ||= await createServiceCredential(f().db, `test-${randomUUID()}`);
    return serviceKey;
  };

  const account = (startingBalance = 100_000, currency = 'USD'): Promise<IngestionAccount> =>
    ingestionAccount(f(), startingBalance, currency);
  const call = (accountId: string, userId: string, extra?: Record<string, unknown>): Record<string, unknown> =>
    ingestionCall(f(), accountId, userId, extra);

  async function send(calls: unknown[], token?: string): Promise<ApiAnswer<RecordUsageResponse>> {
    const answer = await f().raw('POST', PATH, token ?? (await key()), { body: { calls } });
    if (answer.status === 200) {
      const checked = RecordUsageResponseSchema.safeParse(answer.body);
      assert.ok(checked.success, `answer outside its schema: ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    return answer as ApiAnswer<RecordUsageResponse>;
  }

  async function balanceOf(accountId: string): Promise<number> {
    const row = (await f().db.query<{ balance: string }>(`SELECT balance FROM accounts WHERE id = $1`, [accountId])).rows[0];
    return Number(row?.balance);
  }

  async function assertBooksAgree(accountId: string): Promise<void> {
    await assertBalanceIsLedgerSum(f().db, accountId);
    const unposted = await f().db.query(
      `SELECT e.id FROM usage_entries e LEFT JOIN ledger_entries l ON l.usage_entry_id = e.id WHERE e.account_id = $1 AND l.id IS NULL`,
      [accountId],
    );
    assert.equal(unposted.rows.length, 0, 'usage entries without their debit');
    // Each ledger entry's balance_after follows from the one before it.
    const broken = await f().db.query(
      `SELECT id FROM (SELECT id, amount, balance_after, lag(balance_after) OVER (ORDER BY id) AS previous FROM ledger_entries WHERE account_id = $1) l
       WHERE previous IS NOT NULL AND balance_after <> previous + amount`,
      [accountId],
    );
    assert.equal(broken.rows.length, 0, 'a ledger balance_after does not follow from the one before');
    await assertRollupsMatchRecount(f().db, accountId);
  }

  it('takes a service key only: no key and an account token are 401, and a service key opens no account route', async () => {
    const { accountId, token, userId } = await account();
    const noKey = await f().raw('POST', PATH, null, { body: { calls: [call(accountId, userId)] } });
    assert.equal(noKey.status, 401);
    const withToken = await send([call(accountId, userId)], token);
    assert.equal(withToken.status, 401);
    assert.equal(errorOf(withToken).code, 'unauthorized');
    const accountRoute = await f().raw('GET', ROUTES.getAccount.path, await key());
    assert.equal(accountRoute.status, 401);
    const ok = await send([call(accountId, userId)]);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.recorded, 1);
  });

  it('refuses a removed key once the 10 s a valid key is remembered have passed', async () => {
    const { accountId, userId } = await account();
    const name = `removed-${randomUUID()}`;
    const removed = await createServiceCredential(f().db, name);
    assert.equal((await send([call(accountId, userId)], removed)).status, 200);
    assert.ok(await revokeServiceCredential(f().db, name));
    f().clock.now = new Date(f().clock.now.getTime() + SERVICE_KEY_CACHE_MS + 1);
    try {
      assert.equal((await send([call(accountId, userId)], removed)).status, 401);
    } finally {
      f().clock.now = new Date();
    }
  });

  it('accepts the dev service key only where dev routes are on', async () => {
    await seedDevServiceKey(f().db);
    const { accountId, userId } = await account();
    assert.equal((await send([call(accountId, userId)], DEV_SERVICE_KEY)).status, 200);
    const production = createApp({ db: f().db, processor: new TestCardProcessor(), devRoutes: false });
    try {
      const answer = await production.app.request(PATH, {
        method: 'POST',
        headers: { Authorization: `Bearer ${DEV_SERVICE_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ calls: [call(accountId, userId)] }),
      });
      assert.equal(answer.status, 401);
    } finally {
      production.close();
    }
  });

  it('records a batch of 1,000, refuses 1,001 whole, and a retried batch records nothing twice', async () => {
    const { accountId, userId } = await account(10_000_000);
    const before = await balanceOf(accountId);
    const calls = Array.from({ length: 1000 }, (_, index) => call(accountId, userId, { durationSeconds: index % 300 }));
    const first = await send(calls);
    assert.equal(first.status, 200, JSON.stringify(first.body).slice(0, 300));
    assert.deepEqual([first.body.recorded, first.body.duplicates, first.body.refused], [1000, 0, 0]);
    const spent = first.body.results.reduce((sum, result) => sum + ('price' in result ? result.price.amount : 0), 0);
    assert.equal(await balanceOf(accountId), before - spent);

    const retry = await send(calls);
    assert.deepEqual([retry.body.recorded, retry.body.duplicates, retry.body.refused], [0, 1000, 0]);
    // A duplicate answers the entry the first request recorded.
    assert.deepEqual(
      retry.body.results.map((result) => ('entryId' in result ? result.entryId : null)),
      first.body.results.map((result) => ('entryId' in result ? result.entryId : null)),
    );
    assert.equal(await balanceOf(accountId), before - spent);

    const tooMany = await send([...calls, call(accountId, userId)]);
    assert.equal(tooMany.status, 422);
    // Its own cap: 1,000 calls are far above the other routes' 64 KiB, and a body over 1 MiB is refused unread.
    assert.ok(JSON.stringify({ calls }).length > 64 * 1024);
    const tooLarge = await f().raw('POST', PATH, await key(), {
      rawBody: JSON.stringify({ calls, padding: 'x'.repeat(MAX_INGEST_BODY_BYTES) }),
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(tooLarge.status, 413);
    const entries = await f().db.query(`SELECT 1 FROM usage_entries WHERE account_id = $1`, [accountId]);
    assert.equal(entries.rows.length, 1000);
    await assertBooksAgree(accountId);
  });

  it('records each call once when two batches with the same call ids arrive at once', async () => {
    const { accountId, userId } = await account(10_000_000);
    const other = await account(10_000_000);
    const before = await balanceOf(accountId);
    // The same ids in both, in a different order, with calls of a second account among them.
    const calls = Array.from({ length: 200 }, (_, index) =>
      index % 4 === 0 ? call(other.accountId, other.userId) : call(accountId, userId, { durationSeconds: 30 + index }),
    );
    const [a, b] = await Promise.all([send(calls), send([...calls].reverse())]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(a.body.recorded + b.body.recorded, 200);
    assert.equal(a.body.duplicates + b.body.duplicates, 200);
    const entries = await f().db.query<{ n: string }>(`SELECT COUNT(*)::text AS n FROM usage_entries WHERE account_id = ANY($1::text[])`, [
      [accountId, other.accountId],
    ]);
    assert.equal(entries.rows[0]?.n, '200');
    const spent = a.body.results.reduce(
      (sum, result) => sum + ('price' in result && result.accountId === accountId ? result.price.amount : 0),
      0,
    );
    assert.equal(await balanceOf(accountId), before - spent);
    await assertBooksAgree(accountId);
    await assertBooksAgree(other.accountId);
  });

  it('prices each call at the rate in force when it started, even when it runs past a change', async () => {
    // A currency no other test uses and a destination of this test's own, removed after, so the rate table other
    // tests read on a shared PostgreSQL schema (the rates listed by GET /v1/rates) never shows it.
    const { accountId, userId } = await account(100_000, 'SEK');
    const changeAt = new Date('2026-06-01T12:00:00Z');
    await f().db.query(
      `INSERT INTO rates (currency, destination_country, destination_name, rate_per_minute, effective_from) VALUES
         ('SEK', 'XQ', 'Test destination', 10, '2026-01-01T00:00:00Z'), ('SEK', 'XQ', 'Test destination', 20, $1)
       ON CONFLICT DO NOTHING`,
      [changeAt],
    );
    try {
      const before = call(accountId, userId, {
        destinationCountry: 'XQ',
        startedAt: new Date(changeAt.getTime() - 1).toISOString(),
        durationSeconds: 600,
      });
      const at = call(accountId, userId, { destinationCountry: 'XQ', startedAt: changeAt.toISOString(), durationSeconds: 600 });
      const early = call(accountId, userId, { destinationCountry: 'XQ', startedAt: '2025-12-31T23:59:59Z' });
      const answer = await send([before, at, early]);
      const [first, second, third] = answer.body.results;
      assert.deepEqual(first && 'price' in first ? first.price : null, { amount: 100, currency: 'SEK' });
      assert.deepEqual(second && 'price' in second ? second.price : null, { amount: 200, currency: 'SEK' });
      assert.equal(third?.status, 'refused');
      assert.equal(third.reason.code, 'no_rate');
      const stored = await f().db.query<{ rate: string; at: Date }>(
        `SELECT rate_per_minute::text AS rate, occurred_at AS at FROM usage_entries WHERE account_id = $1 ORDER BY occurred_at`,
        [accountId],
      );
      assert.deepEqual(
        stored.rows.map((row) => [row.rate, row.at.toISOString()]),
        [
          ['10', before['startedAt']],
          ['20', at['startedAt']],
        ],
      );
    } finally {
      await f().db.query(`DELETE FROM rates WHERE currency = 'SEK' AND destination_country = 'XQ'`);
    }
  });

  it('starts one automatic recharge per crossing: none again below the threshold, none for a retry', async () => {
    const { accountId, token, userId } = await account(3000);
    await enableAutoRecharge(f(), token); // below $10.00, add $50.00
    const charges = f().processor.chargeCount;
    // 2,500 minutes to Germany at 3 cents: $75.00, from $30.00 to -$45.00, still below $10.00 after the $50.00 recharge.
    const crossing = Array.from({ length: 10 }, () => call(accountId, userId, { durationSeconds: 250 * 60 }));
    const first = await send(crossing);
    assert.equal(first.body.recorded, 10);
    assert.equal(f().processor.chargeCount, charges + 1);
    assert.equal(await balanceOf(accountId), 3000 - 7500 + 5000);

    const below = await send([call(accountId, userId)]);
    assert.equal(below.body.recorded, 1);
    const retry = await send(crossing);
    assert.equal(retry.body.duplicates, 10);
    assert.equal(f().processor.chargeCount, charges + 1);
    const settings = await f().call(ROUTES.getAutoRecharge, token);
    assert.deepEqual(
      settings.body.recentAttempts.map((attempt) => attempt.outcome),
      ['succeeded'],
    );
    await assertBooksAgree(accountId);
  });

  it('records the good calls of a mixed batch and refuses each bad one with its reason', async () => {
    const { accountId, userId } = await account();
    const before = await balanceOf(accountId);
    const good = call(accountId, userId);
    const repeated = { ...good };
    const calls = [
      good,
      call(accountId, userId, { durationSeconds: -1 }),
      call(`acct_${randomUUID()}`, userId),
      call(accountId, 'nobody'),
      call(accountId, userId, { currency: 'EUR' }),
      call(accountId, userId, { destinationCountry: 'QQ' }),
      call(accountId, userId, { type: 'sms' }),
      call(accountId, userId, { startedAt: new Date(f().clock.now.getTime() + 3_600_000).toISOString() }),
      { callId: 42 },
      repeated,
      call(accountId, userId, { type: 'international_call_forwarding' }),
    ];
    const answer = await send(calls);
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.body.results.map((result) => (result.status === 'refused' ? result.reason.code : result.status)),
      [
        'recorded',
        'invalid',
        'unknown_account',
        'unknown_user',
        'currency_mismatch',
        'no_rate',
        'unknown_type',
        'starts_in_future',
        'invalid',
        'duplicate',
        'recorded',
      ],
    );
    assert.deepEqual(
      answer.body.results.map((result) => result.index),
      calls.map((_, index) => index),
    );
    const refusedField = answer.body.results[1];
    assert.equal(refusedField?.status === 'refused' ? refusedField.reason.field : null, 'durationSeconds');
    const recorded = answer.body.results.filter((result) => result.status === 'recorded');
    const spent = recorded.reduce((sum, result) => sum + ('price' in result ? result.price.amount : 0), 0);
    assert.equal(await balanceOf(accountId), before - spent);
    await assertBooksAgree(accountId);
  });

  it('keeps the rollups equal to a recount after concurrent batches around UTC midnight', async () => {
    const { accountId, userId } = await account(10_000_000);
    const users = (await f().db.query<{ id: string }>(`SELECT id FROM account_users WHERE account_id = $1`, [accountId])).rows;
    const midnight = Date.UTC(2026, 10, 30);
    const random = seededRandom(7);
    const batches = Array.from({ length: 8 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 60) }, () =>
        call(accountId, users[Math.floor(random() * users.length)]?.id ?? userId, {
          startedAt: new Date(midnight + Math.floor((random() - 0.5) * 4 * 3_600_000)).toISOString(),
          type: random() < 0.3 ? 'international_call_forwarding' : 'outbound_international_call',
          durationSeconds: Math.floor(random() * 900),
        }),
      ),
    );
    const answers = await Promise.all(batches.map((batch) => send(batch)));
    for (const answer of answers) assert.equal(answer.body.refused, 0, JSON.stringify(answer.body).slice(0, 300));
    await assertBooksAgree(accountId);
  });
});

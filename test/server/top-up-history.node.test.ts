// listTopUps on the reference server (PGlite, or PostgreSQL with DATABASE_URL): only the account's own top-ups, newest
// first, paged exactly by a signed cursor while new top-ups arrive, automatic recharges and declines listed with the
// card charged, and automatic recharges that never reached a charge (skipped by the cap, an expired card) among them.
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TopUpHistoryEntry } from '../../src/client/schemas.js';
import { enableAutoRecharge, errorOf, fixturePerSuite, ROUTES, topUpBody } from './billing-server.fixture.js';

const VISA = 'test_card_4242424242424242';
const DECLINED = 'test_card_4000000000009995';

describe('listTopUps (server)', () => {
  const f = fixturePerSuite();

  async function topUp(token: string, amount: number, card = VISA): Promise<string> {
    const key = `history-${randomUUID()}`;
    const answer = await f().call(ROUTES.createTopUp, token, {
      body: topUpBody(amount, { providerToken: card, saveCard: false }, key),
      headers: { 'Idempotency-Key': key },
    });
    assert.ok(answer.status === 201, JSON.stringify(answer.body));
    return answer.body.id;
  }

  async function page(token: string, query: Record<string, string>) {
    const answer = await f().call(ROUTES.listTopUps, token, { query });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body;
  }

  async function everyTopUp(token: string, limit: number, between?: () => Promise<void>): Promise<TopUpHistoryEntry[]> {
    const all: TopUpHistoryEntry[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const answer = await page(token, { limit: String(limit), ...(cursor ? { cursor } : {}) });
      all.push(...answer.topUps);
      cursor = answer.nextCursor;
      if (!cursor) return all;
      await between?.();
    }
    assert.fail('more than 100 pages');
  }

  it('lists the account’s own top-ups only, newest first, with amount, kind, status and card', async () => {
    const mine = await f().newAccount({ usageEntryCount: 0 });
    const theirs = await f().newAccount({ usageEntryCount: 0 });
    f().clock.now = new Date(Date.now() + 60_000);
    const first = await topUp(mine.token, 1500);
    f().clock.now = new Date(f().clock.now.getTime() + 1_000);
    const second = await topUp(mine.token, 2500);
    const other = await topUp(theirs.token, 3500);

    const listed = (await page(mine.token, {})).topUps;
    assert.deepEqual(
      listed.slice(0, 2).map((t) => t.id),
      [second, first],
    );
    assert.ok(!listed.some((t) => t.id === other), 'another account’s top-up was listed');
    const [newest] = listed;
    assert.ok(newest);
    assert.equal(newest.kind, 'manual');
    assert.equal(newest.status, 'succeeded');
    assert.deepEqual(newest.amount, { amount: 2500, currency: 'USD' });
    assert.equal(newest.tax, null);
    assert.ok(newest.paymentId, 'the processor’s payment id is listed for the receipt');
    const theirList = (await page(theirs.token, {})).topUps.map((t) => t.id);
    assert.ok(theirList.includes(other) && !theirList.includes(first) && !theirList.includes(second));
  });

  it('pages exactly by cursor while new top-ups arrive: no duplicate, no gap; the new ones show from the top', async () => {
    const { token } = await f().newAccount({ usageEntryCount: 0 });
    const start = Date.now() + 120_000;
    // Two top-ups share each instant, so the id breaks ties.
    for (let index = 0; index < 8; index++) {
      f().clock.now = new Date(start + Math.floor(index / 2) * 1_000);
      await topUp(token, 1000 + index);
    }
    const before = await everyTopUp(token, 100);
    let arrived = 0;
    const paged = await everyTopUp(token, 2, async () => {
      f().clock.now = new Date(start + 10_000 + arrived * 1_000);
      arrived += 1;
      await topUp(token, 2000 + arrived);
    });
    assert.ok(arrived >= 4, `${arrived} top-ups arrived while paging`);
    assert.deepEqual(
      paged.map((t) => t.id),
      before.map((t) => t.id),
      'paging returned exactly the top-ups there were when it started',
    );
    assert.equal(new Set(paged.map((t) => t.id)).size, paged.length);
    const after = await everyTopUp(token, 100);
    assert.equal(after.length, before.length + arrived);
    assert.deepEqual(
      after.slice(0, arrived).map((t) => t.amount.amount),
      Array.from({ length: arrived }, (_, index) => 2000 + arrived - index),
    );
  });

  it('lists automatic recharges and declined top-ups with their card and reason', async () => {
    const { token } = await f().newAccount({ usageEntryCount: 0, startingBalance: 1050 });
    f().clock.now = new Date(Date.now() + 300_000);
    await enableAutoRecharge(f(), token);
    const debit = await f().raw('POST', '/v1/dev/usage', token, { body: { calls: [{ destinationCountry: 'AE', durationSeconds: 180 }] } });
    assert.equal(debit.status, 201, JSON.stringify(debit.body));
    f().clock.now = new Date(f().clock.now.getTime() + 1_000);
    const declined = await topUp(token, 1200, DECLINED);

    const listed = (await page(token, {})).topUps;
    const failed = listed.find((t) => t.id === declined);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed.failure?.code, 'insufficient_funds');
    const recharge = listed.find((t) => t.kind === 'auto_recharge');
    assert.ok(recharge, `no automatic recharge in ${JSON.stringify(listed)}`);
    assert.equal(recharge.status, 'succeeded');
    assert.deepEqual(recharge.amount, { amount: 5000, currency: 'USD' });
    assert.match(recharge.card?.last4 ?? '', /^\d{4}$/);
  });

  it('names the card of a new card that was not saved, paid, declined or after 3-D Secure; one ledger credit per payment', async () => {
    const { token } = await f().newAccount({ usageEntryCount: 0 });
    f().clock.now = new Date(Date.now() + 400_000);
    const paid = await topUp(token, 1500);
    const declined = await topUp(token, 1200, DECLINED);
    const key = `history-3ds-${randomUUID()}`;
    const started = await f().call(ROUTES.createTopUp, token, {
      body: topUpBody(1700, { providerToken: 'test_card_4000002500003155', saveCard: false }, key),
      headers: { 'Idempotency-Key': key },
    });
    assert.equal(started.body.status, 'requires_action', JSON.stringify(started.body));
    const confirmed = await f().call(ROUTES.confirmTopUp, token, { params: { topUpId: started.body.id } });
    assert.equal(confirmed.body.status, 'succeeded', JSON.stringify(confirmed.body));

    const listed = (await page(token, {})).topUps;
    const cardOf = (id: string) => listed.find((t) => t.id === id)?.card;
    assert.deepEqual(cardOf(paid), { brand: 'visa', last4: '4242' });
    assert.deepEqual(cardOf(declined), { brand: 'visa', last4: '9995' });
    assert.deepEqual(cardOf(started.body.id), { brand: 'visa', last4: '3155' });
    const credits = await f().db.query<{ top_up_id: string }>(
      `SELECT top_up_id FROM ledger_entries WHERE top_up_id = ANY($1::text[]) ORDER BY top_up_id`,
      [[paid, declined, started.body.id]],
    );
    assert.deepEqual(
      credits.rows.map((row) => row.top_up_id),
      [paid, started.body.id].sort(),
    );
    // A top-up from before the card was recorded says so (null), rather than guessing.
    await f().db.query(`UPDATE top_ups SET charged_card_brand = NULL, charged_card_last4 = NULL WHERE id = $1`, [paid]);
    assert.equal((await page(token, {})).topUps.find((t) => t.id === paid)?.card, null);
  });

  it('lists automatic recharges skipped by the monthly cap or refused for an expired card, with their reason and no payment', async () => {
    const { token, accountId } = await f().newAccount({ usageEntryCount: 0, startingBalance: 1050 });
    f().clock.now = new Date(Date.now() + 500_000);
    await enableAutoRecharge(f(), token, { monthlyCap: 5000 });
    const call = () => f().raw('POST', '/v1/dev/usage', token, { body: { calls: [{ destinationCountry: 'AE', durationSeconds: 7200 }] } });
    // The first drop below $10.00 recharges $50.00, the month's whole cap; the next drop is skipped.
    for (let index = 0; index < 12; index++) {
      const listed = (await page(token, {})).topUps;
      if (listed.some((t) => t.status === 'skipped')) break;
      f().clock.now = new Date(f().clock.now.getTime() + 1_000);
      assert.equal((await call()).status, 201);
    }
    await f().db.query(`UPDATE payment_methods SET exp_year = 2001 WHERE account_id = $1`, [accountId]);
    await f().db.query(`UPDATE auto_recharge_settings SET monthly_cap = NULL WHERE account_id = $1`, [accountId]);
    f().clock.now = new Date(f().clock.now.getTime() + 1_000);
    assert.equal((await call()).status, 201);

    const listed = (await page(token, {})).topUps;
    const skipped = listed.find((t) => t.status === 'skipped');
    assert.ok(skipped, `no skipped recharge in ${JSON.stringify(listed)}`);
    assert.equal(skipped.kind, 'auto_recharge');
    assert.equal(skipped.paymentId, null);
    assert.equal(skipped.failure?.code, 'monthly_cap');
    assert.deepEqual(skipped.failure.params?.['monthlyCap'], { amount: 5000, currency: 'USD' });
    assert.match(skipped.failure.message, /monthly cap/);
    const expired = listed.find((t) => t.status === 'failed' && t.kind === 'auto_recharge');
    assert.ok(expired, `no refused recharge in ${JSON.stringify(listed)}`);
    assert.equal(expired.failure?.code, 'card_expired');
    const cardParam = expired.failure.params?.['card'];
    assert.ok(typeof cardParam === 'string' && /••\d{4}$/.test(cardParam), `card parameter ${JSON.stringify(cardParam)}`);
    assert.equal(expired.paymentId, null);
    assert.match(expired.card?.last4 ?? '', /^\d{4}$/);
    // Listed once: the attempt that did charge is its top-up, not a second row.
    assert.deepEqual(
      listed.filter((t) => t.kind === 'auto_recharge').map((t) => t.status),
      ['failed', 'skipped', 'succeeded'],
    );
  });

  it('pages exactly across top-ups and uncharged recharges: random data and page sizes, times shared to the microsecond', async () => {
    const { accountId, token } = await f().newAccount({ usageEntryCount: 0 });
    let seed = Number(process.env['HISTORY_SEED'] ?? Date.now() % 100_000);
    const firstSeed = seed;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    // Few distinct instants, so many rows tie on time across both tables; some differ only in microseconds.
    const instants = Array.from(
      { length: 9 },
      (_, index) => `2031-0${1 + (index % 3)}-1${index % 4}T10:00:00.${index % 2 ? '000250' : '000000'}Z`,
    );
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    // The new account's own opening top-up, if it has one, is listed as well.
    const expected = new Set<string>((await everyTopUp(token, 100)).map((t) => t.id));
    const topUpIds: string[] = [];
    for (let index = 0; index < 30; index++) {
      const id = `tu_rand_${firstSeed}_${index}_${Math.floor(random() * 1000)}`;
      const status = pick(['succeeded', 'failed', 'processing', 'requires_action'] as const);
      await f().db.query(
        `INSERT INTO top_ups (id, account_id, idempotency_key, request_fingerprint, kind, amount, currency, status, created_at)
         VALUES ($1, $2, $1, '', $3, $4, 'USD', $5, $6::timestamptz)`,
        [id, accountId, pick(['manual', 'auto_recharge']), 100 + index, status, pick(instants)],
      );
      expected.add(id);
      topUpIds.push(id);
    }
    for (let index = 0; index < 30; index++) {
      const id = `arc_rand_${firstSeed}_${index}_${Math.floor(random() * 1000)}`;
      // Charged attempts are their top-up's row; a pending one is not over yet: neither is listed on its own.
      const kind = index === 0 ? 'pending' : pick(['failed', 'skipped', 'charged'] as const);
      const topUpId = kind === 'charged' ? pick(topUpIds) : null;
      await f().db.query(
        `INSERT INTO auto_recharge_attempts (id, account_id, at, amount, outcome, failure_message, failure_code, top_up_id)
         VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7, $8)`,
        [
          id,
          accountId,
          pick(instants),
          5000,
          kind === 'charged' ? 'failed' : kind,
          kind === 'pending' ? null : 'Refused.',
          kind === 'skipped' ? 'monthly_cap' : kind === 'failed' ? 'card_missing' : null,
          topUpId,
        ],
      );
      if (kind === 'failed' || kind === 'skipped') expected.add(id);
    }
    const whole = await everyTopUp(token, 100);
    assert.equal(whole.length, expected.size, `seed ${firstSeed}`);
    assert.deepEqual(new Set(whole.map((t) => t.id)), expected, `seed ${firstSeed}`);
    for (let index = 1; index < whole.length; index++) {
      const [newer, older] = [whole[index - 1], whole[index]];
      assert.ok(newer && older && newer.createdAt >= older.createdAt, `seed ${firstSeed}: not newest first at ${index}`);
    }
    for (const size of [1, 2, 3, 7, 11, 1 + Math.floor(random() * 40)]) {
      const paged = await everyTopUp(token, size);
      assert.deepEqual(
        paged.map((t) => t.id),
        whole.map((t) => t.id),
        `seed ${firstSeed}, page size ${size}`,
      );
    }
  });

  it('refuses a cursor it did not make for this account, and a usage cursor, with 422', async () => {
    const mine = await f().newAccount({ usageEntryCount: 0 });
    const theirs = await f().newAccount({ usageEntryCount: 0 });
    for (let index = 0; index < 3; index++) await topUp(theirs.token, 1000 + index);
    const theirPage = await page(theirs.token, { limit: '1' });
    assert.ok(theirPage.nextCursor);
    const borrowed = await f().call(ROUTES.listTopUps, mine.token, { query: { cursor: theirPage.nextCursor } });
    assert.equal(borrowed.status, 422);
    assert.equal(errorOf(borrowed).code, 'validation');

    const usage = await f().newAccount({ usageEntryCount: 30 });
    const usagePage = await f().call(ROUTES.listUsage, usage.token, { query: { limit: '5' } });
    assert.ok(usagePage.body.nextCursor);
    const crossed = await f().call(ROUTES.listTopUps, usage.token, { query: { cursor: usagePage.body.nextCursor } });
    assert.equal(crossed.status, 422);
    const forged = await f().call(ROUTES.listTopUps, mine.token, { query: { cursor: `${theirPage.nextCursor.slice(0, -2)}AA` } });
    assert.equal(forged.status, 422);
    const tooMany = await f().call(ROUTES.listTopUps, mine.token, { query: { limit: '101' } });
    assert.equal(tooMany.status, 422);
  });
});

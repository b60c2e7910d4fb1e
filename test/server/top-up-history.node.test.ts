// listTopUps on the reference server (PGlite, or PostgreSQL with DATABASE_URL): only the account's own top-ups, newest
// first, paged exactly by a signed cursor while new top-ups arrive, automatic recharges and declines listed.
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

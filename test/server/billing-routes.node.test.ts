// The reference server route by route: happy paths, errors, isolation between accounts, hostile input, change feed.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BillingChangeSchema } from '../../src/client/schemas.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { changeFeedFor } from '../../server/change-feed.js';
import { errorOf, fieldErrorsOf, openFixture, ROUTES, topUpBody, type BillingServerFixture } from './billing-server.fixture.js';

const VISA = 'test_card_4242424242424242';
const THREE_D_SECURE = 'test_card_4000002500003155';
const INSUFFICIENT_FUNDS = 'test_card_4000000000009995';

let keyCount = 0;
const freshKey = () => `key-${process.pid}-${++keyCount}-${Math.random().toString(36).slice(2)}`;

describe('reference server routes', () => {
  let f: BillingServerFixture;
  before(async () => {
    f = await openFixture({
      topUpRateLimit: { max: 5, windowMs: 60_000 },
      heartbeatMs: 100,
      extraRoutes: (app) => {
        app.get('/v1/test/explode', () => {
          throw new Error('secret internal detail');
        });
      },
    });
  });
  after(async () => {
    await f.close();
  });

  async function postTopUp(token: string, body: ReturnType<typeof topUpBody>, key = body.idempotencyKey) {
    return f.call(ROUTES.createTopUp, token, { body, headers: { 'Idempotency-Key': key } });
  }

  async function savedCards(token: string) {
    const cards = await f.call(ROUTES.listPaymentMethods, token);
    assert.equal(cards.status, 200);
    return cards.body;
  }

  describe('auth and errors', () => {
    it('answers 401 unauthorized as JSON without or with a wrong token', async () => {
      for (const token of [null, 'not-a-real-token']) {
        const answer = await f.call(ROUTES.getAccount, token);
        assert.equal(answer.status, 401);
        assert.equal(errorOf(answer).code, 'unauthorized');
      }
    });

    it('answers unknown routes with a 404 JSON error', async () => {
      const answer = await f.raw('GET', '/v1/nothing-here', null);
      assert.equal(answer.status, 404);
      assert.deepEqual(errorOf(answer).code, 'not_found');
    });

    it('answers a thrown error with a 500 JSON body and no stack or message leak', async () => {
      const original = console.error;
      console.error = () => {};
      try {
        const answer = await f.raw('GET', '/v1/test/explode', null);
        assert.equal(answer.status, 500);
        const text = JSON.stringify(answer.body);
        assert.equal(errorOf(answer).code, 'unknown');
        assert.ok(!text.includes('secret internal detail') && !text.includes('at '), text);
      } finally {
        console.error = original;
      }
    });

    it('rejects malformed JSON with 422 validation as JSON', async () => {
      const { token } = await f.newAccount();
      const answer = await f.call(ROUTES.createTopUp, token, {
        rawBody: '{"amount": ',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': freshKey() },
      });
      assert.equal(answer.status, 422);
      assert.equal(errorOf(answer).code, 'validation');
    });

    it('refuses a body over 64 KiB with 413 (and Connection: close) before reading it', async () => {
      const { token } = await f.newAccount();
      const answer = await f.call(ROUTES.addPaymentMethod, token, {
        rawBody: JSON.stringify({ providerToken: 'x'.repeat(70_000) }),
        headers: { 'Content-Type': 'application/json' },
      });
      assert.equal(answer.status, 413);
      assert.equal(answer.headers.get('connection'), 'close');
      assert.match(errorOf(answer).message, /too large/);
    });

    it('reports schema failures as 422 with details.fieldErrors', async () => {
      const { token } = await f.newAccount();
      const key = freshKey();
      const answer = await f.call(ROUTES.createTopUp, token, {
        body: { amount: { amount: 12.5, currency: 'USD' }, source: { type: 'bitcoin' }, idempotencyKey: key },
        headers: { 'Idempotency-Key': key },
      });
      assert.equal(answer.status, 422);
      const fieldErrors = fieldErrorsOf(answer);
      assert.ok(fieldErrors['amount'] && fieldErrors['source'], JSON.stringify(fieldErrors));
    });
  });

  describe('account, cards and rates', () => {
    it('reads the seeded account', async () => {
      const { token, accountId } = await f.newAccount({ startingBalance: 4250 });
      const answer = await f.call(ROUTES.getAccount, token);
      assert.equal(answer.status, 200);
      assert.equal(answer.body.id, accountId);
      assert.deepEqual(answer.body.balance, { amount: 4250, currency: 'USD' });
      assert.deepEqual(answer.body.topUpLimits.minimum, { amount: 1000, currency: 'USD' });
    });

    it('stores HTML in names verbatim and returns it as text', async () => {
      const hostile = '<img src=x onerror="alert(1)">&amp; "Ops"';
      const { token } = await f.newAccount({ name: hostile, userNames: ['<script>alert(2)</script>', 'Zoë & <b>Co</b>'] });
      const account = await f.call(ROUTES.getAccount, token);
      assert.equal(account.body.name, hostile);
      const summary = await f.call(ROUTES.getUsageSummary, token);
      assert.deepEqual(summary.body.users.map((user) => user.name).sort(), ['<script>alert(2)</script>', 'Zoë & <b>Co</b>'].sort());
    });

    it('lists saved cards default first, the expired one included', async () => {
      const { token } = await f.newAccount();
      const cards = await savedCards(token);
      assert.equal(cards.length, 2);
      assert.equal(cards[0]?.isDefault, true);
      assert.equal(cards[0].last4, '4242');
      assert.equal(cards[1]?.last4, '4444');
    });

    it('saves a card (201), refuses a declining one (402) and an unknown token (422)', async () => {
      const { token } = await f.newAccount();
      const added = await f.call(ROUTES.addPaymentMethod, token, {
        body: { providerToken: 'test_card_5555555555554444', makeDefault: true },
      });
      assert.equal(added.status, 201);
      assert.equal(added.body.isDefault, true);
      const cards = await savedCards(token);
      assert.equal(cards[0]?.id, added.body.id);
      assert.equal(cards.filter((card) => card.isDefault).length, 1);

      const declined = await f.call(ROUTES.addPaymentMethod, token, { body: { providerToken: INSUFFICIENT_FUNDS } });
      assert.equal(declined.status, 402);
      assert.equal(errorOf(declined).details.declineCode, 'insufficient_funds');
      const unknown = await f.call(ROUTES.addPaymentMethod, token, { body: { providerToken: 'tok_visa' } });
      assert.equal(unknown.status, 422);
      assert.equal((await savedCards(token)).length, 3);
    });

    it('serves an account in another currency with the mock’s scaled limits and rates, and refuses an unknown currency', async () => {
      const { token } = await f.newAccount({ currency: 'KWD' });
      const mock = new MockBillingClient({ currency: 'KWD', usageEntryCount: 0 });
      const [account, expected] = [(await f.call(ROUTES.getAccount, token)).body, await mock.getAccount()];
      assert.equal(account.currency, 'KWD');
      assert.deepEqual(account.topUpLimits, expected.topUpLimits);
      assert.deepEqual(account.balance, expected.balance);
      assert.deepEqual((await f.call(ROUTES.listRates, token)).body, await mock.listRates());
      assert.equal((await f.raw('POST', '/v1/dev/accounts', null, { body: { currency: 'ZZZ' } })).status, 422);
    });

    it('lists the same rates as MockBillingClient', async () => {
      const { token } = await f.newAccount();
      const answer = await f.call(ROUTES.listRates, token);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, await new MockBillingClient({ usageEntryCount: 0 }).listRates());
    });
  });

  describe('top-ups', () => {
    it('charges a new card once: 201 first, 200 for a replay, the balance credited once', async () => {
      const { token } = await f.newAccount({ startingBalance: 4250 });
      const body = topUpBody(2500, { providerToken: VISA }, freshKey());
      const first = await postTopUp(token, body);
      assert.equal(first.status, 201);
      assert.equal(first.body.status, 'succeeded');
      assert.deepEqual(first.body.balanceAfter, { amount: 6750, currency: 'USD' });
      const replay = await postTopUp(token, body);
      assert.equal(replay.status, 200);
      assert.deepEqual(replay.body, first.body);
      const account = await f.call(ROUTES.getAccount, token);
      assert.equal(account.body.balance.amount, 6750);
      const read = await f.call(ROUTES.getTopUp, token, { params: { topUpId: first.body.id } });
      assert.deepEqual(read.body, first.body);
    });

    it('answers a replay with a different body with 409 conflict naming the first top-up', async () => {
      const { token } = await f.newAccount();
      const key = freshKey();
      const first = await postTopUp(token, topUpBody(2500, { providerToken: VISA }, key));
      const other = await postTopUp(token, topUpBody(5000, { providerToken: VISA }, key));
      assert.equal(other.status, 409);
      const error = errorOf(other);
      assert.equal(error.code, 'conflict');
      assert.equal(error.details.topUpId, first.body.id);
    });

    it('requires the Idempotency-Key header, equal to the body key (422)', async () => {
      const { token } = await f.newAccount();
      const body = topUpBody(2500, { providerToken: VISA }, freshKey());
      const missing = await f.call(ROUTES.createTopUp, token, { body });
      assert.equal(missing.status, 422);
      const mismatch = await postTopUp(token, body, freshKey());
      assert.equal(mismatch.status, 422);
      assert.equal((await f.call(ROUTES.getAccount, token)).body.balance.amount, 4250);
    });

    it('rejects amounts outside the limits, unsafe integers and another currency (422)', async () => {
      const { token } = await f.newAccount();
      // eslint-disable-next-line no-loss-of-precision -- 2^53 + 1 on purpose: JSON carries it rounded, the server must still refuse it
      for (const amount of [999, 100_001, 9_007_199_254_740_993, 1e21]) {
        const answer = await postTopUp(token, topUpBody(amount, { providerToken: VISA }, freshKey()));
        assert.equal(answer.status, 422, `amount ${amount}`);
      }
      const key = freshKey();
      const euros = await postTopUp(token, { ...topUpBody(2500, { providerToken: VISA }, key), amount: { amount: 2500, currency: 'EUR' } });
      assert.equal(euros.status, 422);
      assert.equal((await f.call(ROUTES.getAccount, token)).body.balance.amount, 4250);
    });

    it('reports a decline as a failed top-up (201), not an error, and leaves the balance', async () => {
      const { token } = await f.newAccount();
      const answer = await postTopUp(token, topUpBody(2500, { providerToken: INSUFFICIENT_FUNDS }, freshKey()));
      assert.equal(answer.status, 201);
      assert.equal(answer.body.status, 'failed');
      assert.equal(answer.body.failure.code, 'insufficient_funds');
      assert.equal((await f.call(ROUTES.getAccount, token)).body.balance.amount, 4250);
    });

    it('declines an expired saved card as a failed top-up (201, expired_card, as every decline), not a 402; a missing card is 422', async () => {
      const { token } = await f.newAccount();
      const expired = (await savedCards(token)).find((card) => card.last4 === '4444');
      assert.ok(expired);
      const charges = f.processor.chargeCount;
      const body = topUpBody(2500, { paymentMethodId: expired.id }, freshKey());
      const answer = await postTopUp(token, body);
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.equal(answer.body.status, 'failed');
      assert.equal(answer.body.paymentMethodId, expired.id);
      assert.deepEqual(answer.body.failure, {
        code: 'expired_card',
        message: `Mastercard ••4444 expired at the end of ${String(expired.expMonth).padStart(2, '0')}/${expired.expYear}. Choose another card or add a new one.`,
      });
      assert.equal(f.processor.chargeCount, charges, 'the processor is not asked');
      // A replay answers the same failed top-up; the balance never moved.
      const replay = await postTopUp(token, body);
      assert.deepEqual([replay.status, replay.body], [200, answer.body]);
      assert.equal((await f.call(ROUTES.getAccount, token)).body.balance.amount, 4250);
      const missing = await postTopUp(token, topUpBody(2500, { paymentMethodId: 'pm_nope' }, freshKey()));
      assert.equal(missing.status, 422);
    });

    it('charges a saved card', async () => {
      const { token } = await f.newAccount();
      const visa = (await savedCards(token))[0];
      assert.ok(visa);
      const answer = await postTopUp(token, topUpBody(1000, { paymentMethodId: visa.id }, freshKey()));
      assert.equal(answer.body.status, 'succeeded');
      assert.equal(answer.body.paymentMethodId, visa.id);
      assert.equal((await f.call(ROUTES.getAccount, token)).body.balance.amount, 5250);
    });

    it('runs 3-D Secure: requires_action, then confirm credits and saves the card; confirming again changes nothing', async () => {
      const { token } = await f.newAccount();
      const started = await postTopUp(token, topUpBody(2500, { providerToken: THREE_D_SECURE, saveCard: true }, freshKey()));
      assert.equal(started.status, 201);
      assert.equal(started.body.status, 'requires_action');
      assert.ok(started.body.nextAction.clientSecret.length > 0);
      assert.equal((await savedCards(token)).length, 2, 'the card is saved only once the payment goes through');
      const confirmed = await f.call(ROUTES.confirmTopUp, token, { params: { topUpId: started.body.id } });
      assert.equal(confirmed.status, 200);
      assert.equal(confirmed.body.status, 'succeeded');
      const cards = await savedCards(token);
      assert.equal(cards.length, 3);
      assert.ok(cards.some((card) => card.id === confirmed.body.paymentMethodId && card.last4 === '3155'));
      const again = await f.call(ROUTES.confirmTopUp, token, { params: { topUpId: started.body.id } });
      assert.deepEqual(again.body, confirmed.body);
      assert.equal((await f.call(ROUTES.getAccount, token)).body.balance.amount, 6750);
    });

    it('fails a top-up whose holder fails 3-D Secure', async () => {
      const { token } = await f.newAccount();
      const started = await postTopUp(token, topUpBody(2500, { providerToken: `${THREE_D_SECURE}_3ds_fail`, saveCard: true }, freshKey()));
      assert.equal(started.body.status, 'requires_action');
      const confirmed = await f.call(ROUTES.confirmTopUp, token, { params: { topUpId: started.body.id } });
      assert.equal(confirmed.body.status, 'failed');
      assert.equal(confirmed.body.failure.code, 'authentication_failed');
      assert.equal((await savedCards(token)).length, 2);
      assert.equal((await f.call(ROUTES.getAccount, token)).body.balance.amount, 4250);
    });

    it('answers 404 not_found for another account’s top-up, card and usage entry, and changes nothing', async () => {
      const a = await f.newAccount();
      const b = await f.newAccount();
      const topUp = await postTopUp(a.token, topUpBody(2500, { providerToken: THREE_D_SECURE }, freshKey()));
      for (const route of [ROUTES.getTopUp, ROUTES.confirmTopUp]) {
        const answer = await f.call(route, b.token, { params: { topUpId: topUp.body.id } });
        assert.equal(answer.status, 404, route.operation);
        assert.equal(errorOf(answer).code, 'not_found');
      }
      assert.equal((await f.call(ROUTES.getTopUp, a.token, { params: { topUpId: topUp.body.id } })).body.status, 'requires_action');
      const entry = (await f.call(ROUTES.listUsage, a.token, { query: { limit: '1' } })).body.entries[0];
      assert.ok(entry);
      assert.equal((await f.call(ROUTES.getUsageEntry, b.token, { params: { entryId: entry.id } })).status, 404);
      const cardOfA = (await savedCards(a.token))[0];
      assert.ok(cardOfA);
      const charge = await postTopUp(b.token, topUpBody(2500, { paymentMethodId: cardOfA.id }, freshKey()));
      assert.equal(charge.status, 422, 'another account’s card is as unknown as a made-up one');
      // The same idempotency key on two accounts is two payments.
      const key = freshKey();
      const onA = await postTopUp(a.token, topUpBody(1000, { providerToken: VISA }, key));
      const onB = await postTopUp(b.token, topUpBody(1000, { providerToken: VISA }, key));
      assert.equal(onB.status, 201);
      assert.notEqual(onA.body.id, onB.body.id);
    });

    it('limits new top-ups per account with 429 and Retry-After; replays and other accounts are not limited', async () => {
      const { token } = await f.newAccount();
      const first = topUpBody(1000, { providerToken: INSUFFICIENT_FUNDS }, freshKey());
      assert.equal((await postTopUp(token, first)).status, 201);
      for (let index = 1; index < 5; index++) {
        assert.equal((await postTopUp(token, topUpBody(1000, { providerToken: INSUFFICIENT_FUNDS }, freshKey()))).status, 201);
      }
      const limited = await postTopUp(token, topUpBody(1000, { providerToken: VISA }, freshKey()));
      assert.equal(limited.status, 429);
      assert.equal(errorOf(limited).code, 'rate_limited');
      assert.ok(Number(limited.headers.get('Retry-After')) >= 1);
      assert.equal((await postTopUp(token, first)).status, 200, 'a replay is answered');
      const other = await f.newAccount();
      assert.equal((await postTopUp(other.token, topUpBody(1000, { providerToken: VISA }, freshKey()))).status, 201);
    });
  });

  describe('auto-recharge settings', () => {
    it('saves with the current version and refuses a stale one with 409 and details.current', async () => {
      const { token } = await f.newAccount();
      const current = await f.call(ROUTES.getAutoRecharge, token);
      assert.equal(current.status, 200);
      const request = {
        enabled: true,
        thresholdAmount: { amount: 1000, currency: 'USD' },
        rechargeAmount: { amount: 5000, currency: 'USD' },
        paymentMethodId: current.body.paymentMethodId,
        monthlyCap: null,
        expectedVersion: current.body.version,
      };
      const saved = await f.call(ROUTES.saveAutoRecharge, token, { body: request });
      assert.equal(saved.status, 200);
      assert.equal(saved.body.enabled, true);
      assert.equal(saved.body.version, current.body.version + 1);
      assert.equal((await f.call(ROUTES.getAccount, token)).body.autoRecharge.enabled, true);

      const stale = await f.call(ROUTES.saveAutoRecharge, token, { body: { ...request, enabled: false } });
      assert.equal(stale.status, 409);
      const error = errorOf(stale);
      assert.equal(error.code, 'conflict');
      assert.deepEqual(error.details.current, saved.body);
      assert.ok(ROUTES.getAutoRecharge.response.safeParse(error.details.current).success);
      // The library's own wording travels with its key, so the widget shows it in the reader's language.
      assert.equal(error.messageKey, 'errors.conflict');
    });

    it('refuses an expired card, amounts outside the limits and a cap below the recharge (422 with fieldErrors)', async () => {
      const { token } = await f.newAccount();
      const current = await f.call(ROUTES.getAutoRecharge, token);
      const expired = (await savedCards(token)).find((card) => card.last4 === '4444');
      const answer = await f.call(ROUTES.saveAutoRecharge, token, {
        body: {
          enabled: true,
          thresholdAmount: { amount: 500, currency: 'USD' },
          rechargeAmount: { amount: 5000, currency: 'USD' },
          paymentMethodId: expired?.id ?? null,
          monthlyCap: { amount: 1000, currency: 'USD' },
          expectedVersion: current.body.version,
        },
      });
      assert.equal(answer.status, 422);
      const fieldErrors = fieldErrorsOf(answer);
      assert.deepEqual(Object.keys(fieldErrors).sort(), ['monthlyCap', 'paymentMethodId', 'thresholdAmount']);
      assert.equal((await f.call(ROUTES.getAutoRecharge, token)).body.version, current.body.version);
    });
  });

  describe('usage', () => {
    it('pages through every entry once, in order, for each sort', async () => {
      const { token } = await f.newAccount({ usageEntryCount: 61 });
      // Calls recorded in one burst share occurred_at: the tie-break on id must keep them apart.
      await f.raw('POST', '/v1/dev/usage', token, {
        body: {
          calls: [
            { destinationCountry: 'GB', durationSeconds: 60 },
            { destinationCountry: 'GB', durationSeconds: 60 },
            { destinationCountry: 'GB', durationSeconds: 60 },
          ],
        },
      });
      for (const sort of ['date_desc', 'date_asc', 'price_desc', 'price_asc'] as const) {
        const seen: string[] = [];
        const keys: Array<[number, string, string]> = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: Record<string, string> = { sort, limit: '8' };
          if (cursor) query['cursor'] = cursor;
          const page = await f.call(ROUTES.listUsage, token, { query });
          assert.equal(page.status, 200);
          assert.equal(page.body.totalCount, 64);
          for (const entry of page.body.entries) {
            seen.push(entry.id);
            keys.push([entry.price.amount, entry.occurredAt, entry.id]);
          }
          cursor = page.body.nextCursor;
          pages += 1;
        } while (cursor);
        assert.equal(pages, 8, `${sort}: 64 entries in pages of 8 is exactly 8 pages (the last edge has no next cursor)`);
        assert.equal(new Set(seen).size, 64, `${sort}: every entry exactly once`);
        const byPrice = sort.startsWith('price');
        const sorted = [...keys].sort((x, y) => {
          const primary = byPrice ? x[0] - y[0] : 0;
          if (primary !== 0) return primary;
          return x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0;
        });
        if (sort.endsWith('desc')) sorted.reverse();
        assert.deepEqual(keys, sorted, `${sort} order`);
      }
    });

    it('keeps an entry at a page edge on one page when new usage arrives between pages', async () => {
      const { token } = await f.newAccount({ usageEntryCount: 10 });
      const first = await f.call(ROUTES.listUsage, token, { query: { limit: '5' } });
      const edge = first.body.entries.at(-1);
      assert.ok(edge && first.body.nextCursor);
      f.clock.now = new Date(f.clock.now.getTime() + 1000);
      await f.raw('POST', '/v1/dev/usage', token, { body: { calls: 2 } });
      const second = await f.call(ROUTES.listUsage, token, { query: { limit: '5', cursor: first.body.nextCursor } });
      const ids = [...first.body.entries, ...second.body.entries].map((entry) => entry.id);
      assert.equal(new Set(ids).size, 10);
      assert.ok(!second.body.entries.some((entry) => entry.id === edge.id));
      assert.equal(second.body.nextCursor, null);
      assert.equal(second.body.totalCount, 12);
    });

    it('filters by type, user and period, with a summary over exactly the same filters', async () => {
      const { token } = await f.newAccount({ usageEntryCount: 80 });
      const all = await f.call(ROUTES.getUsageSummary, token);
      assert.equal(all.body.types.length, 2);
      assert.equal(all.body.users.length, 3);
      const user = all.body.users[0];
      assert.ok(user);
      const everything = await f.call(ROUTES.listUsage, token, { query: { limit: '500' } });
      const entries = everything.body.entries;
      const middle = entries[10]?.occurredAt;
      assert.ok(middle);
      const filters = { type: 'outbound_international_call', userId: user.id, from: entries[79]?.occurredAt ?? '', to: middle };
      const expected = entries.filter(
        (entry) =>
          entry.type === filters.type && entry.user.id === user.id && entry.occurredAt >= filters.from && entry.occurredAt < filters.to,
      );
      assert.ok(expected.length > 0 && expected.length < entries.length, `a filter that selects some: ${expected.length}`);
      const page = await f.call(ROUTES.listUsage, token, { query: { ...filters, limit: '500' } });
      assert.deepEqual(
        page.body.entries.map((entry) => entry.id),
        expected.map((entry) => entry.id),
      );
      assert.equal(page.body.totalCount, expected.length);
      const summary = await f.call(ROUTES.getUsageSummary, token, { query: filters });
      assert.equal(
        summary.body.total.amount,
        expected.reduce((sum, entry) => sum + entry.price.amount, 0),
      );
      assert.equal(summary.body.types[0]?.count ?? 0, expected.length);
      assert.ok(summary.body.users.length >= 1, 'users ignore the user filter');
      const one = await f.call(ROUTES.getUsageEntry, token, { params: { entryId: entries[3]?.id ?? '' } });
      assert.deepEqual(one.body, entries[3]);
    });

    it('rejects a cursor from other filters, a limit over 500 and a bad date (422)', async () => {
      const { token } = await f.newAccount({ usageEntryCount: 20 });
      const page = await f.call(ROUTES.listUsage, token, { query: { limit: '5' } });
      assert.ok(page.body.nextCursor);
      const otherSort = await f.call(ROUTES.listUsage, token, { query: { limit: '5', sort: 'price_asc', cursor: page.body.nextCursor } });
      assert.equal(otherSort.status, 422);
      for (const query of [
        { limit: '501' },
        { limit: '99999999999' },
        { from: 'yesterday' },
        { cursor: 'garbage!' },
        { sort: 'random' },
      ] as Record<string, string>[]) {
        assert.equal((await f.call(ROUTES.listUsage, token, { query })).status, 422, JSON.stringify(query));
      }
      assert.equal((await f.call(ROUTES.getUsageEntry, token, { params: { entryId: 'use_missing' } })).status, 404);
    });

    it('prices calls per started minute and debits the balance', async () => {
      const { token } = await f.newAccount({ startingBalance: 4250, usageEntryCount: 0 });
      const answer = await f.raw('POST', '/v1/dev/usage', token, {
        body: {
          calls: [
            { destinationCountry: 'FR', durationSeconds: 61 },
            { destinationCountry: 'AE', durationSeconds: 60 },
          ],
        },
      });
      assert.equal(answer.status, 201);
      const entries = (answer.body as { entries: Array<{ price: { amount: number }; billedSeconds: number }> }).entries;
      assert.deepEqual(
        entries.map((entry) => [entry.billedSeconds, entry.price.amount]),
        [
          [120, 6],
          [60, 45],
        ],
      );
      assert.equal((await f.call(ROUTES.getAccount, token)).body.balance.amount, 4250 - 51);
      const bad = await f.raw('POST', '/v1/dev/usage', token, { body: { calls: [{ destinationCountry: 'XX' }] } });
      assert.equal(bad.status, 422);
      assert.equal((await f.raw('POST', '/v1/dev/usage', token, { body: { calls: 100_000 } })).status, 422);
    });
  });

  describe('change feed', () => {
    it('tells the account’s browsers to read the history again when a manual top-up fails, and moves no balance', async () => {
      const a = await f.newAccount();
      const heard: unknown[] = [];
      const stop = changeFeedFor(f.db).subscribe(a.accountId, (change) => heard.push(change));
      try {
        const declined = await postTopUp(a.token, topUpBody(2000, { providerToken: INSUFFICIENT_FUNDS }, freshKey()));
        assert.equal((declined.body as { status?: string }).status, 'failed');
        assert.deepEqual(heard, [{ type: 'top_ups' }]);
        assert.ok(BillingChangeSchema.safeParse(heard[0]).success, 'a change the widgets read');
      } finally {
        stop();
      }
    });

    it('pushes the account’s own changes over SSE with heartbeats, none of another account’s, and cleans up on disconnect', async () => {
      const a = await f.newAccount();
      const b = await f.newAccount();
      const server = serve({ fetch: f.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const { port } = server.address() as AddressInfo;
      const controller = new AbortController();
      try {
        const response = await fetch(`http://127.0.0.1:${port}/v1/events`, {
          headers: { Authorization: `Bearer ${a.token}` },
          signal: controller.signal,
        });
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
        const reader = response.body?.getReader();
        assert.ok(reader);
        const decoder = new TextDecoder();
        let text = '';
        const readUntil = async (pattern: RegExp) => {
          while (!pattern.test(text)) {
            const chunk = await reader.read();
            if (chunk.done) throw new Error(`stream ended before ${pattern}: ${text}`);
            text += decoder.decode(chunk.value, { stream: true });
          }
        };
        await readUntil(/: connected/);
        await f.raw('POST', '/v1/dev/usage', b.token, { body: { calls: 1 } });
        await f.raw('POST', '/v1/dev/usage', a.token, { body: { calls: [{ destinationCountry: 'GB', durationSeconds: 60 }] } });
        await readUntil(/"type":"balance"[^\n]*\n/);
        const changes = [...text.matchAll(/^data: (.*)$/gm)].map((match) => BillingChangeSchema.parse(JSON.parse(match[1] ?? '')));
        assert.deepEqual(changes[0], { type: 'usage' });
        const balance = changes.find((change) => change.type === 'balance');
        assert.equal(balance?.type === 'balance' && balance.balance.amount, 4250 - 2);
        assert.equal(changes.length, 2, 'b’s usage was not sent to a');
        await readUntil(/: heartbeat\n\n/);
        assert.equal(changeFeedFor(f.db).listenerCount(a.accountId), 1);
        controller.abort();
        const deadline = Date.now() + 5000;
        while (changeFeedFor(f.db).listenerCount(a.accountId) > 0 && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(changeFeedFor(f.db).listenerCount(a.accountId), 0, 'the subscription ends when the client goes away');
      } finally {
        controller.abort();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
});

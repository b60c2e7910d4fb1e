// openapi.json's 429s are true: a route that lists 429 answers it once an account passes its limit, and a route that does not list it never does.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { RouteSpec } from '../../src/client/routes.js';
import { OPENAPI_PATH } from '../../scripts/openapi.js';
import { errorOf, openFixture, ROUTES, topUpBody, type ApiAnswer, type BillingServerFixture } from './billing-server.fixture.js';

const VISA = 'test_card_4242424242424242';
const INSUFFICIENT_FUNDS = 'test_card_4000000000009995';
/** Small limits so a few requests pass them; the unlimited routes get many more requests than any limit. */
const LIMIT = { max: 3, windowMs: 60_000 };
const UNLIMITED_TRIES = 25;

type Operation = keyof typeof ROUTES;
const spec = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as {
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
};

function listsRateLimit(route: RouteSpec): boolean {
  const operation = spec.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
  assert.ok(operation, `${route.operation} is in openapi.json`);
  return '429' in operation.responses;
}

let keyCount = 0;
const freshKey = () => `limits-${process.pid}-${++keyCount}-${Math.random().toString(36).slice(2)}`;

describe('rate limits as openapi.json lists them', () => {
  let f: BillingServerFixture;
  before(async () => {
    f = await openFixture({ topUpRateLimit: LIMIT, cardSaveRateLimit: LIMIT });
  });
  after(async () => {
    await f.close();
  });

  /** One request of each operation, for a fresh account of its own (limits are per account); set up what it needs first. */
  async function requester(operation: Operation): Promise<() => Promise<ApiAnswer>> {
    const { token } = await f.newAccount({ usageEntryCount: 5 });
    const topUp = async (providerToken: string) => {
      const body = topUpBody(2000, { providerToken }, freshKey());
      return f.call(ROUTES.createTopUp, token, { body, headers: { 'Idempotency-Key': body.idempotencyKey } });
    };
    switch (operation) {
      case 'getAccount':
      case 'listPaymentMethods':
      case 'getAutoRecharge':
      case 'listUsage':
      case 'getUsageSummary':
      case 'listRates':
      case 'listTopUps':
        return () => f.call(ROUTES[operation], token);
      case 'getUsageSeries': {
        const to = new Date(f.clock.now.getTime() + 86_400_000).toISOString();
        const from = new Date(f.clock.now.getTime() - 30 * 86_400_000).toISOString();
        return () => f.call(ROUTES.getUsageSeries, token, { query: { from, to, timeZone: 'UTC', bucket: 'day' } });
      }
      case 'addPaymentMethod':
        return () => f.call(ROUTES.addPaymentMethod, token, { body: { providerToken: VISA } });
      case 'createTopUp':
        return () => topUp(INSUFFICIENT_FUNDS);
      case 'getTopUp':
      case 'confirmTopUp': {
        const topUpId = (await topUp(VISA)).body.id;
        return () => f.call(ROUTES[operation], token, { params: { topUpId } });
      }
      case 'removePaymentMethod':
      case 'setDefaultPaymentMethod': {
        // Repeating either is harmless (idempotent), so the same card serves every request.
        const paymentMethodId = (await f.call(ROUTES.listPaymentMethods, token)).body.at(-1)?.id ?? 'pm_missing';
        return () => f.call(ROUTES[operation], token, { params: { paymentMethodId } });
      }
      case 'saveAutoRecharge': {
        let version = (await f.call(ROUTES.getAutoRecharge, token)).body.version;
        return async () => {
          const current = (await f.call(ROUTES.getAutoRecharge, token)).body;
          const saved = await f.call(ROUTES.saveAutoRecharge, token, {
            body: {
              enabled: false,
              thresholdAmount: current.thresholdAmount,
              rechargeAmount: current.rechargeAmount,
              paymentMethodId: current.paymentMethodId,
              monthlyCap: null,
              expectedVersion: version,
            },
          });
          if (saved.status === 200) version = saved.body.version;
          return saved;
        };
      }
      case 'getUsageEntry': {
        const entryId = (await f.call(ROUTES.listUsage, token, { query: { limit: '1' } })).body.entries[0]?.id ?? '';
        return () => f.call(ROUTES.getUsageEntry, token, { params: { entryId } });
      }
    }
  }

  it('lists 429 on routes the server limits: the request after the limit is refused with 429 and Retry-After', async () => {
    const limited = (Object.values(ROUTES) as RouteSpec[]).filter(listsRateLimit);
    assert.ok(limited.length > 0);
    for (const route of limited) {
      const send = await requester(route.operation as Operation);
      for (let index = 0; index < LIMIT.max; index++) {
        const answer = await send();
        assert.ok(
          answer.status < 400,
          `${route.operation} #${index + 1} within the limit: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
        );
      }
      const over = await send();
      assert.equal(over.status, 429, `${route.operation} over the limit`);
      assert.equal(errorOf(over).code, 'rate_limited');
      assert.ok(Number(over.headers.get('Retry-After')) >= 1, `${route.operation}: Retry-After`);
    }
  });

  it('counts a new top-up with its claim: refused over the limit, it claims nothing, and replays are free', async () => {
    const { token, accountId } = await f.newAccount({ usageEntryCount: 0 });
    const send = (key: string) => {
      const body = topUpBody(2000, { providerToken: VISA }, key);
      return f.call(ROUTES.createTopUp, token, { body, headers: { 'Idempotency-Key': key } });
    };
    const startingBalance = (await f.call(ROUTES.getAccount, token)).body.balance.amount;
    const first = freshKey();
    assert.equal((await send(first)).status, 201);
    for (let index = 1; index < LIMIT.max; index++) assert.equal((await send(freshKey())).status, 201);
    assert.equal((await send(first)).status, 200, 'a replay is answered, not counted');
    const refusedKey = freshKey();
    const refused = await send(refusedKey);
    assert.equal(refused.status, 429);
    const claims = await f.db.query(`SELECT 1 FROM top_ups WHERE account_id = $1 AND idempotency_key = $2`, [accountId, refusedKey]);
    assert.equal(claims.rows.length, 0, 'a refused top-up leaves no claim');

    // Had the refused request claimed its key, this would be answered as its replay.
    assert.equal((await send(refusedKey)).status, 429);
    const account = await f.call(ROUTES.getAccount, token);
    assert.equal(account.body.balance.amount, startingBalance + LIMIT.max * 2000);
  });

  it('lists no 429 on routes the server never limits: many more requests than any limit all succeed', async () => {
    const unlimited = (Object.values(ROUTES) as RouteSpec[]).filter((route) => !listsRateLimit(route));
    assert.ok(unlimited.length > 0);
    for (const route of unlimited) {
      const send = await requester(route.operation as Operation);
      for (let index = 0; index < UNLIMITED_TRIES; index++) {
        const answer = await send();
        assert.ok(answer.status < 400, `${route.operation} #${index + 1}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      }
    }
  });
});

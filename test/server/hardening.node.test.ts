// Hardening of the reference server: dev credentials in production, oversized and malformed bodies, card-save limits and duplicates.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import Stripe from 'stripe';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { createApp, DEFAULT_CARD_SAVE_RATE_LIMIT } from '../../server/app.js';
import { DEMO_TOKEN, hashToken, issueToken } from '../../server/auth.js';
import { insertAccount } from '../../server/accounts.js';
import { migrate } from '../../server/db/migrate.js';
import { storeSavedCard } from '../../server/payment-methods.js';
import { startServer, type RunningServer, type StartServerOptions } from '../../server/main.js';
import { TestCardProcessor } from '../../server/payments/test-card-processor.js';
import { mountStripeWebhook, STRIPE_WEBHOOK_PATH } from '../../server/stripe/webhook.js';
import { errorOf, openFixture, ROUTES, type BillingServerFixture } from './billing-server.fixture.js';
import { createTestSchema, openTestDatabase, type TestDatabase } from './test-database.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../server/db/migrations/', import.meta.url));

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

async function request(server: RunningServer, path: string, token: string | null, init: RequestInit = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  if (init.body !== undefined && typeof init.body === 'string') headers['Content-Type'] ??= 'application/json';
  const response = await fetch(`${server.url}${path}`, { ...init, headers });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the assertion message
  }
  return { status: response.status, body, headers: response.headers };
}

/** A member of a JSON object answer; fails the test when the answer is no object. */
function member(body: unknown, name: string): unknown {
  assert.ok(typeof body === 'object' && body !== null, `not a JSON object: ${JSON.stringify(body)}`);
  return (body as Record<string, unknown>)[name];
}

function topUpWithSavedCard(paymentMethodId: string, key: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'Idempotency-Key': key },
    body: JSON.stringify({
      amount: { amount: 2500, currency: 'USD' },
      source: { type: 'saved_card', paymentMethodId },
      idempotencyKey: key,
    }),
  };
}

/** Where a server keeps its data across a restart: a PGlite folder, or with DATABASE_URL a schema of its own. */
async function persistentStorage(): Promise<{ options: Pick<StartServerOptions, 'dataDir' | 'databaseUrl'>; drop(): Promise<void> }> {
  const schema = await createTestSchema();
  if (schema) return { options: { databaseUrl: schema.url }, drop: () => schema.drop() };
  const dataDir = mkdtempSync(join(tmpdir(), 'billing-hardening-'));
  return { options: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

describe('dev credentials in production (F4)', () => {
  it('a server restarted without dev routes on data seeded in development refuses the demo token and dev accounts (401 for reads and top-ups)', async () => {
    const storage = await persistentStorage();
    let server: RunningServer | null = null;
    try {
      // Development: the demo account is seeded with the published token and pays with its saved card.
      server = await startServer({ port: 0, ...storage.options, devRoutes: true, recovery: false });
      assert.equal(server.demoToken, DEMO_TOKEN);
      const demoCards = await request(server, '/v1/payment-methods', DEMO_TOKEN);
      assert.equal(demoCards.status, 200);
      const demoCard = (demoCards.body as Array<{ id: string; isDefault: boolean }>).find((card) => card.isDefault);
      assert.ok(demoCard, JSON.stringify(demoCards.body));
      const devTopUp = await request(server, '/v1/top-ups', DEMO_TOKEN, topUpWithSavedCard(demoCard.id, 'dev-mode-top-up'));
      assert.equal(devTopUp.status, 201, JSON.stringify(devTopUp.body));
      const devAccount = await request(server, '/v1/dev/accounts', null, { method: 'POST' });
      assert.equal(devAccount.status, 201);
      const devToken = (devAccount.body as { token: string }).token;
      // An account made some other way (an operator's own provisioning) is not dev data.
      const realToken = await server.db.transaction(async (tx) => {
        await insertAccount(tx, {
          id: 'acct_real_customer',
          name: 'Real customer',
          currency: 'USD',
          lowBalanceThreshold: 500,
          topUpMinimum: 1000,
          topUpMaximum: 100_000,
          topUpPresets: [1000],
          monthlyCapSupported: true,
          autoRechargeThreshold: 1000,
          autoRechargeAmount: 2500,
          at: new Date(),
        });
        return issueToken(tx, 'acct_real_customer', new Date());
      });
      await server.close();
      server = null;

      // Production (NODE_ENV=production turns dev routes off) on the same data.
      server = await startServer({ port: 0, ...storage.options, devRoutes: false, recovery: false });
      assert.equal(server.demoToken, null);
      for (const token of [DEMO_TOKEN, devToken]) {
        const read = await request(server, '/v1/account', token);
        assert.equal(read.status, 401, `${token}: ${JSON.stringify(read.body)}`);
        assert.equal(member(member(read.body, 'error'), 'code'), 'unauthorized');
        assert.equal((await request(server, '/v1/payment-methods', token)).status, 401);
        const topUp = await request(server, '/v1/top-ups', token, topUpWithSavedCard(demoCard.id, `prod-${token.slice(0, 8)}`));
        assert.equal(topUp.status, 401, JSON.stringify(topUp.body));
        const save = await request(server, '/v1/payment-methods', token, {
          method: 'POST',
          body: JSON.stringify({ providerToken: 'test_card_4242424242424242' }),
        });
        assert.equal(save.status, 401);
      }
      // The refused attempts charged nothing: the one development top-up is all there is.
      const topUps = await server.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM top_ups WHERE idempotency_key LIKE 'prod-%'`);
      assert.equal(Number(topUps.rows[0]?.n), 0);
      const real = await request(server, '/v1/account', realToken);
      assert.equal(real.status, 200, JSON.stringify(real.body));
      assert.equal(member(real.body, 'id'), 'acct_real_customer');
    } finally {
      await server?.close();
      await storage.drop();
    }
  });

  it('the migration marks data seeded before it existed: the demo token, and accounts whose history starts with seed top-ups', async () => {
    const database = await openTestDatabase();
    const before = mkdtempSync(join(tmpdir(), 'billing-migrations-'));
    try {
      for (const name of readdirSync(MIGRATIONS_DIR)) if (name < '004') copyFileSync(join(MIGRATIONS_DIR, name), join(before, name));
      await migrate(database.db, before);
      const at = new Date();
      const account = (id: string) =>
        database.db.query(
          `INSERT INTO accounts (id, name, currency, balance, balance_updated_at, low_balance_threshold, top_up_minimum, top_up_maximum, created_at)
           VALUES ($1, $1, 'USD', 0, $2, 0, 0, 0, $2)`,
          [id, at],
        );
      const token = (value: string, accountId: string) =>
        database.db.query(`INSERT INTO api_tokens (token_hash, account_id, created_at) VALUES ($1, $2, $3)`, [
          hashToken(value),
          accountId,
          at,
        ]);
      await account('acct_demo');
      await token(DEMO_TOKEN, 'acct_demo');
      await account('acct_seeded');
      await token('bw_seeded_token', 'acct_seeded');
      await database.db.query(
        `INSERT INTO top_ups (id, account_id, idempotency_key, request_fingerprint, kind, amount, currency, status, created_at)
         VALUES ('tu_seed', 'acct_seeded', 'seed-opening-balance', '', 'manual', 100, 'USD', 'succeeded', $1)`,
        [at],
      );
      await account('acct_customer');
      await token('bw_customer_token', 'acct_customer');
      await database.db.query(
        `INSERT INTO top_ups (id, account_id, idempotency_key, request_fingerprint, kind, amount, currency, status, created_at)
         VALUES ('tu_customer', 'acct_customer', 'seed-looking-key', '[2500,"USD"]', 'manual', 100, 'USD', 'succeeded', $1)`,
        [at],
      );

      await migrate(database.db);
      const accounts = await database.db.query<{ id: string; dev_seeded: boolean }>(`SELECT id, dev_seeded FROM accounts ORDER BY id`);
      assert.deepEqual(
        accounts.rows.map((row) => [row.id, row.dev_seeded]),
        [
          ['acct_customer', false],
          ['acct_demo', true],
          ['acct_seeded', true],
        ],
      );
      const tokens = await database.db.query<{ account_id: string; dev_seeded: boolean }>(
        `SELECT account_id, dev_seeded FROM api_tokens ORDER BY account_id`,
      );
      assert.deepEqual(
        tokens.rows.map((row) => [row.account_id, row.dev_seeded]),
        [
          ['acct_customer', false],
          ['acct_demo', true],
          ['acct_seeded', true],
        ],
      );
    } finally {
      rmSync(before, { recursive: true, force: true });
      await database.close();
    }
  });
});

const MiB = 1024 * 1024;
const WEBHOOK_SECRET = 'whsec_test_hardening';

/** createApp and the Stripe webhook served as startServer serves them, counting the bytes the server reads off its sockets. */
async function serveCounting(database: TestDatabase): Promise<{ url: string; token: string; bytesRead(): number; close(): Promise<void> }> {
  await migrate(database.db);
  const sockets = new Set<Socket>();
  let closedBytes = 0;
  const billing = createApp({
    db: database.db,
    processor: new TestCardProcessor(),
    devRoutes: true,
    extraRoutes: (router) =>
      mountStripeWebhook(router, { db: database.db, webhooks: Stripe.webhooks, secret: WEBHOOK_SECRET, log: () => {} }),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolveListening) => {
    const listening = serve({ fetch: billing.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolveListening(listening));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      closedBytes += socket.bytesRead;
      sockets.delete(socket);
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const seeded = await fetch(`${url}/v1/dev/accounts`, {
    method: 'POST',
    body: JSON.stringify({ usageEntryCount: 0 }),
    headers: { 'Content-Type': 'application/json' },
  });
  assert.equal(seeded.status, 201);
  const { token } = (await seeded.json()) as { token: string };
  return {
    url,
    token,
    bytesRead: () => closedBytes + [...sockets].reduce((sum, socket) => sum + socket.bytesRead, 0),
    async close() {
      billing.close();
      await new Promise<void>((resolveClosed) => {
        server.close(() => resolveClosed());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    },
  };
}

/** A chunked request body (no Content-Length) of `total` bytes, counting what the client actually handed to the socket. */
function chunkedBody(total: number): { body: ReadableStream<Uint8Array>; pulled(): number } {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) {
        controller.close();
        return;
      }
      pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => pulled };
}

describe('oversized and malformed bodies (F5, F8)', () => {
  let database: TestDatabase | undefined;
  let started: Awaited<ReturnType<typeof serveCounting>> | undefined;
  /** The server before() started: a test has nothing to talk to without it. */
  const server = () => {
    assert.ok(started, 'before() started the server');
    return started;
  };

  before(async () => {
    database = await openTestDatabase();
    started = await serveCounting(database);
  });

  after(async () => {
    await started?.close();
    await database?.close();
  });

  const readAccount = async () => {
    const response = await fetch(`${server().url}/v1/account`, { headers: { Authorization: `Bearer ${server().token}` } });
    await response.text();
    return response.status;
  };

  for (const size of [1 * MiB, 20 * MiB]) {
    it(`refuses a ${size / MiB} MB body with 413 and Connection: close, unread, and the next request on the keep-alive client succeeds`, async () => {
      // A keep-alive socket exists before the big body, as in a browser or a pooled client.
      assert.equal(await readAccount(), 200);
      const before = server().bytesRead();
      const started = performance.now();
      const response = await fetch(`${server().url}/v1/payment-methods`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server().token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ providerToken: 'x'.repeat(size) }),
      });
      const answer = (await response.json()) as { error: { code: string; details: { maxBytes: number } } };
      assert.equal(response.status, 413);
      assert.equal(response.headers.get('connection'), 'close');
      assert.equal(answer.error.code, 'validation');
      assert.equal(answer.error.details.maxBytes, 64 * 1024);
      // Refused on its Content-Length: the server never reads the body it refused.
      assert.ok(server().bytesRead() - before < 512 * 1024, `server read ${server().bytesRead() - before} bytes`);
      console.log(
        `  ${size / MiB} MB body: 413 after ${Math.round(performance.now() - started)} ms, server read ${server().bytesRead() - before} bytes`,
      );
      for (let i = 0; i < 3; i++) assert.equal(await readAccount(), 200);
    });
  }

  it('refuses a chunked 20 MB webhook body (no Content-Length, no token needed) with 413 before reading it all', async () => {
    const before = server().bytesRead();
    const upload = chunkedBody(20 * MiB);
    const started = performance.now();
    const response = await fetch(`${server().url}${STRIPE_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=00' },
      body: upload.body,
      duplex: 'half',
    } as RequestInit);
    await response.text();
    const elapsed = Math.round(performance.now() - started);
    assert.equal(response.status, 413);
    assert.equal(response.headers.get('connection'), 'close');
    const read = server().bytesRead() - before;
    console.log(`  chunked 20 MB webhook: 413 after ${elapsed} ms; server read ${read} bytes, client had handed over ${upload.pulled()}`);
    // The webhook's limit is 512 KiB; what the server read is that plus a chunk or two in flight, far from 20 MB.
    assert.ok(read < 2 * MiB, `server read ${read} bytes`);
    assert.ok(upload.pulled() < 20 * MiB, `client sent all ${upload.pulled()} bytes`);
    assert.equal(await readAccount(), 200);
  });

  it('answers 400 to a signed event whose data is null (or missing its object), and 200 to a well-formed one it ignores', async () => {
    const deliver = async (event: Record<string, unknown>) => {
      const payload = JSON.stringify(event);
      const response = await fetch(`${server().url}${STRIPE_WEBHOOK_PATH}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Stripe-Signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
        },
        body: payload,
      });
      return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
    };
    const base = { object: 'event', created: Math.floor(Date.now() / 1000), livemode: false };
    const nullData = await deliver({ ...base, id: 'evt_null_data', type: 'payment_intent.succeeded', data: null });
    assert.equal(nullData.status, 400, JSON.stringify(nullData.body));
    assert.equal(nullData.body.error?.code, 'validation');
    assert.match(nullData.body.error.message, /malformed/);
    assert.equal((await deliver({ ...base, id: 'evt_no_object', type: 'payment_intent.payment_failed', data: {} })).status, 400);
    assert.equal(
      (await deliver({ ...base, id: 'evt_no_pi_id', type: 'payment_intent.succeeded', data: { object: { object: 'payment_intent' } } }))
        .status,
      400,
    );
    assert.equal((await deliver({ ...base, type: 'payment_intent.succeeded', data: { object: { id: 'pi_x' } } })).status, 400);
    const ignored = await deliver({
      ...base,
      id: 'evt_other',
      type: 'customer.created',
      data: { object: { id: 'cus_1', object: 'customer' } },
    });
    assert.equal(ignored.status, 200, JSON.stringify(ignored.body));
  });
});

describe('saving cards (F7)', () => {
  let opened: BillingServerFixture | undefined;
  /** The fixture before() opened: a test has nothing to talk to without it. */
  const f = () => {
    assert.ok(opened, 'before() opened the fixture');
    return opened;
  };
  // December 2026: a card typed as 12/29 must come back as 12/29, not four years on (12/30).
  const start = new Date('2026-12-02T08:00:00Z');

  before(async () => {
    opened = await openFixture();
  });

  after(async () => {
    await opened?.close();
  });

  const save = (token: string, providerToken: string, makeDefault?: boolean) =>
    f().call(ROUTES.addPaymentMethod, token, { body: { providerToken, ...(makeDefault !== undefined ? { makeDefault } : {}) } });
  const cardsOf = async (token: string) => (await f().call(ROUTES.listPaymentMethods, token)).body;

  it(`limits saves to ${DEFAULT_CARD_SAVE_RATE_LIMIT.max} per account per ${DEFAULT_CARD_SAVE_RATE_LIMIT.windowMs / 60_000} minutes, declines included: 429 rate_limited with Retry-After`, async () => {
    f().clock.now = start;
    const { token } = await f().newAccount({ usageEntryCount: 0 });
    const other = await f().newAccount({ usageEntryCount: 0 });
    const statuses: number[] = [];
    let firstRefusal: Awaited<ReturnType<typeof save>> | null = null;
    // 40 in a row, alternating a card that saves and one that declines, each typed with a new expiry.
    for (let i = 0; i < 40; i++) {
      const number = i % 2 === 0 ? '4242424242424242' : '4000000000009995';
      const answer = await save(token, `test_card_${number}_exp_${String((i % 12) + 1).padStart(2, '0')}${30 + Math.floor(i / 12)}`);
      statuses.push(answer.status);
      if (answer.status === 429) firstRefusal ??= answer;
    }
    assert.deepEqual(statuses.slice(0, 10), [201, 402, 201, 402, 201, 402, 201, 402, 201, 402]);
    assert.deepEqual(new Set(statuses.slice(10)), new Set([429]), statuses.join(' '));
    assert.ok(firstRefusal);
    assert.equal(errorOf(firstRefusal).code, 'rate_limited');
    assert.equal(firstRefusal.headers.get('Retry-After'), '600');
    assert.equal(errorOf(firstRefusal).details.retryAfterSeconds, 600);
    assert.equal((await cardsOf(token)).length, 2 + 5, 'the two seeded cards and the five saved');
    // Per account: another account saves as usual.
    assert.equal((await save(other.token, 'test_card_5555555555554444')).status, 201);

    // A declined card counts: ten declines leave no room for a good card.
    const decliner = await f().newAccount({ usageEntryCount: 0 });
    for (let i = 0; i < 10; i++) assert.equal((await save(decliner.token, 'test_card_4000000000000002')).status, 402);
    assert.equal((await save(decliner.token, 'test_card_4242424242424242')).status, 429);

    // The window passes: saving works again.
    f().clock.now = new Date(start.getTime() + DEFAULT_CARD_SAVE_RATE_LIMIT.windowMs);
    assert.equal((await save(decliner.token, 'test_card_4242424242424242')).status, 201);
  });

  it('saving a card already saved returns that card (200), no duplicate, and the default moves only when asked', async () => {
    f().clock.now = start;
    const { token } = await f().newAccount({ usageEntryCount: 0 });
    const seededDefault = (await cardsOf(token)).find((card) => card.isDefault);
    assert.ok(seededDefault);

    const first = await save(token, 'test_card_4242424242424242_exp_0629');
    assert.equal(first.status, 201);
    assert.equal(first.body.isDefault, false);
    const again = await save(token, 'test_card_4242424242424242_exp_0629');
    assert.equal(again.status, 200);
    assert.equal(again.body.id, first.body.id);
    assert.equal(again.body.isDefault, false, 'saving it again does not make it the default');
    const visa = (await cardsOf(token)).filter((card) => card.brand === 'visa' && card.last4 === '4242');
    assert.equal(visa.length, 2, 'the seeded Visa 4242 (another expiry) and the one saved, once');
    assert.equal((await cardsOf(token)).find((card) => card.isDefault)?.id, seededDefault.id);

    // Asked: the saved card becomes the default, still once, and stays the default when saved again without asking.
    const asDefault = await save(token, 'test_card_4242424242424242_exp_0629', true);
    assert.equal(asDefault.status, 200);
    assert.equal(asDefault.body.id, first.body.id);
    assert.equal(asDefault.body.isDefault, true);
    const unasked = await save(token, 'test_card_4242424242424242_exp_0629', false);
    assert.equal(unasked.body.isDefault, true);
    const cards = await cardsOf(token);
    assert.deepEqual(
      cards.filter((card) => card.isDefault).map((card) => card.id),
      [first.body.id],
    );
    assert.equal(cards.length, 3);

    // The same number with another expiry is another card (a reissue).
    assert.equal((await save(token, 'test_card_4242424242424242_exp_0130')).status, 201);
  });

  it('keeps the expiry typed with a test card (12/29 stays 12/29), refuses one already past, and a month 13', async () => {
    f().clock.now = start;
    const { token } = await f().newAccount({ usageEntryCount: 0 });
    const typed = await save(token, 'test_card_5555555555554444_exp_1229');
    assert.equal(typed.status, 201);
    assert.deepEqual([typed.body.expMonth, typed.body.expYear], [12, 2029]);
    // Without a typed expiry (older widgets, curl): four years from the month of saving, as before.
    const untyped = await save(token, 'test_card_4000002500003155');
    assert.deepEqual([untyped.body.expMonth, untyped.body.expYear], [12, 2030]);
    const past = await save(token, 'test_card_4242424242424242_exp_1126');
    assert.equal(past.status, 402);
    assert.equal(errorOf(past).details.declineCode, 'expired_card');
    assert.equal((await save(token, 'test_card_4242424242424242_exp_1329')).status, 422);
    // A new card saved while paying keeps its typed expiry too.
    const key = 'typed-expiry-top-up';
    const topUp = await f().call(ROUTES.createTopUp, token, {
      body: {
        amount: { amount: 2500, currency: 'USD' },
        source: { type: 'new_card', providerToken: 'test_card_4242424242424242_exp_0731', saveCard: true },
        idempotencyKey: key,
      },
      headers: { 'Idempotency-Key': key },
    });
    assert.equal(topUp.status, 201, JSON.stringify(topUp.body));
    assert.ok((await cardsOf(token)).some((card) => card.last4 === '4242' && card.expMonth === 7 && card.expYear === 2031));
  });

  it("dedupes by the processor's fingerprint where both cards have one, and by brand, last 4 and expiry otherwise", async () => {
    const { accountId } = await f().newAccount({ usageEntryCount: 0 });
    const at = new Date();
    const card = { brand: 'visa', last4: '1881', expMonth: 3, expYear: 2031 };
    const store = (details: Record<string, unknown>) =>
      f().db.transaction((tx) =>
        storeSavedCard(tx, accountId, { providerPaymentMethodId: `pm_${Math.random()}`, ...card, ...details }, { makeDefault: false, at }),
      );
    const first = await store({ fingerprint: 'fp_A' });
    assert.equal(first.created, true);
    assert.equal((await store({ fingerprint: 'fp_A' })).card.id, first.card.id);
    // Two cards can share brand, last 4 and expiry; different fingerprints keep them apart.
    const second = await store({ fingerprint: 'fp_B' });
    assert.equal(second.created, true);
    // No fingerprint on one side: brand, last 4 and expiry decide (the first such card).
    const unprinted = await store({});
    assert.equal(unprinted.created, false);
    assert.equal(unprinted.card.id, first.card.id);
  });

  it('MockBillingClient returns the saved card too, keeps the typed expiry, and moves the default only when asked', async () => {
    const mock = new MockBillingClient({ usageEntryCount: 0, clock: () => start });
    const before = await mock.listPaymentMethods();
    const first = await mock.addPaymentMethod({ providerToken: 'test_card_4242424242424242_exp_0629' });
    assert.deepEqual([first.expMonth, first.expYear, first.isDefault], [6, 2029, false]);
    const again = await mock.addPaymentMethod({ providerToken: 'test_card_4242424242424242_exp_0629' });
    assert.equal(again.id, first.id);
    assert.equal(again.isDefault, false);
    assert.equal((await mock.listPaymentMethods()).length, before.length + 1);
    const asDefault = await mock.addPaymentMethod({ providerToken: 'test_card_4242424242424242_exp_0629', makeDefault: true });
    assert.equal(asDefault.id, first.id);
    assert.deepEqual(
      (await mock.listPaymentMethods()).filter((card) => card.isDefault).map((card) => card.id),
      [first.id],
    );
    await assert.rejects(mock.addPaymentMethod({ providerToken: 'test_card_4242424242424242_exp_1126' }), { code: 'card_declined' });
  });
});

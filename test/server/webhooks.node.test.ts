// Outbound webhooks from the money paths: each event type written by the outbox triggers in the transaction of the
// change, delivered signed, with the contract's money shape; and the signature check a host runs.
import { describe, it, before, after, beforeEach } from 'node:test';
import * as assert from 'node:assert/strict';
import { signWebhookPayload, webhookSignature } from '../../server/webhooks-signature.js';
import { verifyWebhookSignature } from '../../src/webhooks/index.js';
import { webhookEndpointFromEnv, type WebhookEvent } from '../../server/webhooks.js';
import { openWebhookWorld, WEBHOOK_SECRET, type WebhookWorld } from './webhooks.fixture.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });
let keys = 0;
const key = () => `webhook-test-${process.pid}-${++keys}`;

describe('outbound webhooks: events from the money paths', () => {
  let world: WebhookWorld;
  before(async () => {
    world = await openWebhookWorld();
  });
  after(async () => {
    await world.close();
  });
  beforeEach(async () => {
    await world.reset();
  });

  const topUp = (token: string, amount: number, cardNumber: string) =>
    world.request('POST', '/v1/top-ups', token, {
      amount: usd(amount),
      source: { type: 'new_card', providerToken: `test_card_${cardNumber}`, saveCard: false },
      idempotencyKey: key(),
    });
  const debit = (token: string, durationSeconds = 60) =>
    world.request('POST', '/v1/dev/usage', token, { calls: [{ destinationCountry: 'AE', durationSeconds }] });
  const enableAutoRecharge = async (token: string, monthlyCap: number | null = null) => {
    const current = (await world.request('GET', '/v1/auto-recharge', token)).body as { version: number; paymentMethodId: string };
    const saved = await world.request('PUT', '/v1/auto-recharge', token, {
      enabled: true,
      thresholdAmount: usd(1000),
      rechargeAmount: usd(5000),
      paymentMethodId: current.paymentMethodId,
      monthlyCap: monthlyCap === null ? null : usd(monthlyCap),
      expectedVersion: current.version,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    return current.paymentMethodId;
  };
  /** Delivers everything due and answers the events sent, as the receiver parsed them. */
  const deliver = async (): Promise<WebhookEvent[]> => {
    const worker = world.worker();
    const report = await worker.deliverDue();
    assert.deepEqual(report.retrying, []);
    return world.receiver.events;
  };
  const withoutIds = (events: WebhookEvent[]) => events.map(({ type, data }) => ({ type, data }));

  it('sends top_up.succeeded and top_up.failed for manual top-ups, signed, with their amounts', async () => {
    const { accountId, token } = await world.newAccount({ startingBalance: 2000 });
    const paid = await topUp(token, 2500, '4242424242424242');
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    const declined = await topUp(token, 3000, '4000000000009995');
    assert.equal((declined.body as { status: string }).status, 'failed');
    const paidId = (paid.body as { id: string }).id;
    const declinedId = (declined.body as { id: string }).id;

    const events = await deliver();
    assert.deepEqual(withoutIds(events), [
      {
        type: 'top_up.succeeded',
        data: { accountId, topUpId: paidId, amount: usd(2500), balanceAfter: usd(4500), paymentMethodId: null },
      },
      {
        type: 'top_up.failed',
        data: {
          accountId,
          topUpId: declinedId,
          amount: usd(3000),
          paymentMethodId: null,
          failure: { code: 'insufficient_funds', message: (declined.body as { failure: { message: string } }).failure.message },
        },
      },
    ]);
    for (const [index, request] of world.receiver.received.entries()) {
      const event = events[index];
      assert.ok(event);
      assert.match(event.id, /^evt_[0-9a-f]{32}$/);
      assert.equal(request.headers['billing-event-id'], event.id);
      assert.equal(request.headers['billing-event-type'], event.type);
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(event.createdAt, world.clock.now.toISOString(), "the server's clock, as settled_at has it");
      const signature = request.headers['billing-signature'];
      assert.equal(typeof signature, 'string');
      assert.ok(await verifyWebhookSignature(request.body, signature as string, WEBHOOK_SECRET, { now: world.clock.now }));
    }
    // Delivered once: a second pass finds nothing due.
    assert.deepEqual((await world.worker().deliverDue()).delivered, []);
    assert.equal(world.receiver.received.length, 2);
  });

  it('sends balance.low when a debit crosses below the low-balance threshold, and auto_recharge.succeeded', async () => {
    const { accountId, token } = await world.newAccount({ startingBalance: 1100 });
    const cardId = await enableAutoRecharge(token);
    // $0.45 a call: 1100 → 1055 → 1010 → 965, below the $10.00 line (low balance and auto-recharge alike).
    for (let call = 0; call < 3; call++) assert.equal((await debit(token)).status, 201);
    const events = await deliver();
    const attempt = (
      await world.database.db.query<{ id: string; top_up_id: string }>(
        `SELECT id, top_up_id FROM auto_recharge_attempts WHERE account_id = $1`,
        [accountId],
      )
    ).rows[0];
    assert.ok(attempt);
    assert.deepEqual(withoutIds(events), [
      { type: 'balance.low', data: { accountId, balance: usd(965), lowBalanceThreshold: usd(1000) } },
      {
        type: 'auto_recharge.succeeded',
        data: {
          accountId,
          attemptId: attempt.id,
          topUpId: attempt.top_up_id,
          amount: usd(5000),
          balanceAfter: usd(5965),
          paymentMethodId: cardId,
        },
      },
    ]);
    // Back above the line, no event; below it again, a new one.
    world.receiver.clear();
    await world.database.db.query(`UPDATE accounts SET low_balance_threshold = 5950 WHERE id = $1`, [accountId]);
    assert.equal((await debit(token)).status, 201);
    assert.deepEqual(withoutIds(await deliver()), [
      { type: 'balance.low', data: { accountId, balance: usd(5920), lowBalanceThreshold: usd(5950) } },
    ]);
    world.receiver.clear();
    assert.equal((await debit(token)).status, 201);
    assert.deepEqual(await deliver(), [], 'still below: no second balance.low');
  });

  it('sends auto_recharge.failed for each declined recharge and auto_recharge.disabled with its reason after the third', async () => {
    const { accountId, token } = await world.newAccount({ startingBalance: 1000 });
    const cardId = await enableAutoRecharge(token);
    const card = await world.database.db.query<{ provider_payment_method_id: string }>(
      `SELECT provider_payment_method_id FROM payment_methods WHERE id = $1`,
      [cardId],
    );
    world.processor.setSavedCardOutcome(card.rows[0]?.provider_payment_method_id ?? '', 'insufficient_funds');
    for (let call = 0; call < 4; call++) assert.equal((await debit(token)).status, 201);
    const events = await deliver();
    assert.deepEqual(
      events.map((event) => event.type),
      ['balance.low', 'auto_recharge.failed', 'auto_recharge.failed', 'auto_recharge.failed', 'auto_recharge.disabled'],
    );
    const failed = events[1];
    assert.ok(failed);
    assert.equal(failed.data.accountId, accountId);
    assert.deepEqual(failed.data['amount'], usd(5000));
    assert.equal(failed.data['paymentMethodId'], cardId);
    assert.deepEqual(failed.data['reason'], { code: 'insufficient_funds', params: {} });
    assert.equal(typeof failed.data['message'], 'string');
    assert.match(String(failed.data['topUpId']), /^tu_/);
    const disabled = events[4];
    assert.ok(disabled);
    assert.deepEqual(disabled.data['reason'], { code: 'repeated_failures', params: { count: 3, card: 'Visa ••4242' } });
    assert.match(String(disabled.data['message']), /after 3 failed payments/);
    // A person switching it off is not an event.
    world.receiver.clear();
    const current = (await world.request('GET', '/v1/auto-recharge', token)).body as { version: number };
    const off = await world.request('PUT', '/v1/auto-recharge', token, {
      enabled: false,
      thresholdAmount: usd(1000),
      rechargeAmount: usd(5000),
      paymentMethodId: cardId,
      monthlyCap: null,
      expectedVersion: current.version,
    });
    assert.equal(off.status, 200);
    assert.deepEqual(await deliver(), []);
  });

  it('sends auto_recharge.disabled when the card it charges is removed', async () => {
    const { accountId, token } = await world.newAccount({ startingBalance: 5000 });
    const cardId = await enableAutoRecharge(token);
    const removed = await world.request('DELETE', `/v1/payment-methods/${cardId}`, token);
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    const [disabled] = await deliver();
    assert.equal(disabled?.type, 'auto_recharge.disabled');
    assert.equal(disabled.data.accountId, accountId);
    assert.equal((disabled.data['reason'] as { code: string }).code, 'payment_method_removed');
  });

  it('sends auto_recharge.failed with the reason found before charging (an expired card)', async () => {
    const { accountId, token } = await world.newAccount({ startingBalance: 1010 });
    await enableAutoRecharge(token);
    const start = world.clock.now;
    world.clock.now = new Date(Date.UTC(start.getUTCFullYear() + 30, 0, 15));
    try {
      assert.equal((await debit(token)).status, 201);
      const events = await deliver();
      assert.deepEqual(
        events.map((event) => event.type),
        ['balance.low', 'auto_recharge.failed'],
      );
      const failed = events[1];
      assert.equal(failed?.data.accountId, accountId);
      assert.equal(failed.data['topUpId'], null, 'never charged');
      assert.deepEqual(failed.data['reason'], { code: 'card_expired', params: { card: 'Visa ••4242' } });
      assert.equal(failed.createdAt, world.clock.now.toISOString());
    } finally {
      world.clock.now = start;
    }
  });

  it('sends auto_recharge.skipped when the monthly cap holds a recharge back, with its reason', async () => {
    const { accountId, token } = await world.newAccount({ startingBalance: 1010 });
    const cardId = await enableAutoRecharge(token, 5000);
    assert.equal((await debit(token)).status, 201); // 965: recharged by 5000 → 5965, the month's cap used up
    assert.equal((await debit(token, 7200)).status, 201); // 120 min × 45 = 5400 → 565: a second recharge would pass the cap
    const events = await deliver();
    assert.deepEqual(
      events.map((event) => event.type),
      ['balance.low', 'auto_recharge.succeeded', 'balance.low', 'auto_recharge.skipped'],
    );
    const skipped = events[3];
    assert.ok(skipped);
    const attempts = await world.database.db.query<{ id: string }>(
      `SELECT id FROM auto_recharge_attempts WHERE account_id = $1 AND outcome = 'skipped'`,
      [accountId],
    );
    assert.deepEqual(skipped.data, {
      accountId,
      attemptId: attempts.rows[0]?.id,
      amount: usd(5000),
      paymentMethodId: cardId,
      reason: { code: 'monthly_cap', params: { rechargeAmount: usd(5000), monthlyCap: usd(5000) } },
      message: skipped.data['message'],
    });
    assert.match(String(skipped.data['message']), /monthly cap/);

    // More calls in the same stretch below the threshold: the skip stands, no new attempt and no new event each call.
    assert.equal((await debit(token)).status, 201);
    assert.equal((await debit(token)).status, 201);
    assert.equal((await deliver()).length, 4);
    const skips = await world.database.db.query(`SELECT 1 FROM auto_recharge_attempts WHERE account_id = $1 AND outcome = 'skipped'`, [
      accountId,
    ]);
    assert.equal(skips.rows.length, 1);
  });

  it('writes no event for work that rolled back', async () => {
    const { accountId } = await world.newAccount({ startingBalance: 1000 });
    await assert.rejects(
      world.database.db.transaction(async (tx) => {
        await tx.query(`UPDATE accounts SET balance = 10 WHERE id = $1`, [accountId]);
        throw new Error('the request failed after the debit');
      }),
    );
    const written = await world.database.db.query(`SELECT 1 FROM webhook_events WHERE account_id = $1`, [accountId]);
    assert.equal(written.rows.length, 0);
    await world.database.db.query(`UPDATE accounts SET balance = 10 WHERE id = $1`, [accountId]);
    const committed = await world.database.db.query(`SELECT type FROM webhook_events WHERE account_id = $1`, [accountId]);
    assert.deepEqual(committed.rows, [{ type: 'balance.low' }]);
  });
});

describe('verifyWebhookSignature', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'balance.low', createdAt: '2026-12-03T00:00:00.000Z', data: { accountId: 'acct_1' } });
  const sentAt = new Date('2026-12-03T10:00:00Z');
  const header = signWebhookPayload(WEBHOOK_SECRET, body, sentAt);

  it('accepts the header the server sends, within five minutes either way', async () => {
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.ok(await verifyWebhookSignature(body, header, WEBHOOK_SECRET, { now: sentAt }));
    assert.ok(await verifyWebhookSignature(body, header, WEBHOOK_SECRET, { now: new Date(sentAt.getTime() + 299_000) }));
    assert.ok(await verifyWebhookSignature(body, header, WEBHOOK_SECRET, { now: new Date(sentAt.getTime() - 299_000) }));
  });

  it('refuses a tampered body, another secret, an old or future timestamp, and malformed headers', async () => {
    const now = { now: sentAt };
    assert.equal(await verifyWebhookSignature(body.replace('acct_1', 'acct_2'), header, WEBHOOK_SECRET, now), false);
    assert.equal(await verifyWebhookSignature(`${body} `, header, WEBHOOK_SECRET, now), false);
    assert.equal(await verifyWebhookSignature(body, header, `${WEBHOOK_SECRET}x`, now), false);
    assert.equal(await verifyWebhookSignature(body, header, WEBHOOK_SECRET, { now: new Date(sentAt.getTime() + 301_000) }), false);
    assert.equal(await verifyWebhookSignature(body, header, WEBHOOK_SECRET, { now: new Date(sentAt.getTime() - 301_000) }), false);
    // The timestamp is signed: moving it forward to pass the window breaks the signature.
    const fresh = Math.floor(sentAt.getTime() / 1000) + 3600;
    const replayed = header.replace(/^t=\d+/, `t=${fresh}`);
    assert.equal(await verifyWebhookSignature(body, replayed, WEBHOOK_SECRET, { now: new Date(fresh * 1000) }), false);
    for (const bad of ['', 'v1=abc', `t=${fresh}`, 't=x,v1=00', header.replace('v1=', 'v0='), header.slice(0, -1)]) {
      assert.equal(await verifyWebhookSignature(body, bad, WEBHOOK_SECRET, now), false, bad);
    }
    assert.equal(await verifyWebhookSignature(body, undefined, WEBHOOK_SECRET, now), false);
    assert.equal(await verifyWebhookSignature(body, header, '', now), false);
  });

  it('accepts any one of several v1 signatures (a secret being rotated)', async () => {
    const timestamp = Math.floor(sentAt.getTime() / 1000);
    const rotated = `t=${timestamp},v1=${webhookSignature('the-old-secret-0123456789', timestamp, body)},v1=${webhookSignature(WEBHOOK_SECRET, timestamp, body)}`;
    assert.ok(await verifyWebhookSignature(body, rotated, WEBHOOK_SECRET, { now: sentAt }));
    assert.ok(await verifyWebhookSignature(body, rotated, 'the-old-secret-0123456789', { now: sentAt }));
  });
});

describe('webhook configuration', () => {
  it('needs the URL and the secret together, and never repeats the secret in its errors', () => {
    assert.equal(webhookEndpointFromEnv({}), null);
    const secret = 'a-secret-that-must-not-be-printed';
    assert.deepEqual(webhookEndpointFromEnv({ BILLING_WEBHOOK_URL: 'https://host.example/hooks', BILLING_WEBHOOK_SECRET: secret }), {
      url: 'https://host.example/hooks',
      secret,
    });
    const refusals: Array<Record<string, string>> = [
      { BILLING_WEBHOOK_URL: 'https://host.example/hooks' },
      { BILLING_WEBHOOK_SECRET: secret },
      { BILLING_WEBHOOK_URL: 'ftp://host.example/hooks', BILLING_WEBHOOK_SECRET: secret },
      { BILLING_WEBHOOK_URL: 'not a url', BILLING_WEBHOOK_SECRET: secret },
      { BILLING_WEBHOOK_URL: 'https://host.example/hooks', BILLING_WEBHOOK_SECRET: 'short' },
    ];
    for (const env of refusals) {
      assert.throws(
        () => webhookEndpointFromEnv(env),
        (error: unknown) => error instanceof Error && !error.message.includes(secret) && /BILLING_WEBHOOK_/.test(error.message),
      );
    }
  });
});

// POST /v1/webhooks/stripe on a running server: signature checks on the raw body, and one credit per payment however often Stripe delivers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import * as z from 'zod/mini';
import { startServer, type RunningServer } from '../../server/main.js';
import { StripeProcessor } from '../../server/stripe/stripe-processor.js';
import { handleStripeEvent } from '../../server/stripe/webhook.js';
import { createTestSchema } from './test-database.js';
import { FakeStripe } from './stripe-fake.js';

const WEBHOOK_SECRET = 'whsec_test_billing_widgets';

/** The fields of the server's answers these tests read; a body without them fails with its status and text. */
const TopUpView = z.looseObject({
  id: z.string(),
  status: z.string(),
  balanceAfter: z.optional(z.looseObject({ amount: z.number() })),
  failure: z.optional(z.looseObject({ code: z.string(), message: z.string() })),
});
const AccountView = z.looseObject({ balance: z.looseObject({ amount: z.number() }) });
const CardList = z.array(z.unknown());

describe('Stripe webhook', () => {
  let started: RunningServer | undefined;
  /** The server before() started: a test has nothing to talk to without it. */
  const server = () => {
    assert.ok(started, 'before() started the server');
    return started;
  };
  let stripe: FakeStripe;
  let dropSchema: (() => Promise<void>) | undefined;

  before(async () => {
    stripe = new FakeStripe();
    const schema = await createTestSchema();
    dropSchema = schema ? () => schema.drop() : undefined;
    started = await startServer({
      port: 0,
      ...(schema ? { databaseUrl: schema.url } : {}),
      processor: new StripeProcessor({ stripe }),
      // The real verifier from the SDK: nothing about signatures is faked.
      stripe: { api: Object.assign(stripe, { webhooks: Stripe.webhooks }), webhookSecret: WEBHOOK_SECRET },
    });
  });

  after(async () => {
    await started?.close();
    await dropSchema?.();
  });

  async function newAccount(): Promise<{ accountId: string; token: string }> {
    const response = await fetch(`${server().url}/v1/dev/accounts`, { method: 'POST' });
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as { accountId: string; token: string };
  }

  async function api<T>(
    token: string,
    path: string,
    schema: z.ZodMiniType<T>,
    init: RequestInit = {},
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${server().url}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) },
    });
    const body: unknown = await response.json();
    const read = schema.safeParse(body);
    assert.ok(read.success, `${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
    return { status: response.status, body: read.data };
  }

  /** A top-up Stripe reports as processing, so only the webhook can settle it. */
  async function processingTopUp(token: string, amount: number): Promise<{ topUpId: string; paymentIntentId: string }> {
    const providerToken = `ctoken_${randomUUID()}`;
    stripe.outcomes.set(providerToken, 'processing');
    const idempotencyKey = `webhook-test-${randomUUID()}`;
    const { status, body } = await api(token, '/v1/top-ups', TopUpView, {
      method: 'POST',
      headers: { 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify({
        amount: { amount, currency: 'USD' },
        source: { type: 'new_card', providerToken, saveCard: false },
        idempotencyKey,
      }),
    });
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.status, 'processing');
    const create = stripe
      .callsTo('paymentIntents.create')
      .find((call) => (call.params as Stripe.PaymentIntentCreateParams).confirmation_token === providerToken);
    const intent = [...stripe.paymentIntents_.values()].find(
      (candidate) => candidate.id && create && candidate.metadata.idempotency_key === create.options?.idempotencyKey,
    );
    assert.ok(intent, 'the processor created a PaymentIntent');
    return { topUpId: body.id, paymentIntentId: intent.id };
  }

  function eventPayload(
    type: string,
    paymentIntentId: string,
    extra: Record<string, unknown> = {},
    eventId = `evt_${randomUUID()}`,
  ): string {
    return JSON.stringify({
      id: eventId,
      object: 'event',
      api_version: '2026-10-28',
      created: Math.floor(Date.now() / 1000),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: {
          id: paymentIntentId,
          object: 'payment_intent',
          status: type.endsWith('succeeded') ? 'succeeded' : 'requires_payment_method',
          last_payment_error: null,
          ...extra,
        },
      },
    });
  }

  function deliver(
    payload: string,
    signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
  ): Promise<Response> {
    return fetch(`${server().url}/v1/webhooks/stripe`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
      body: payload,
    });
  }

  async function balanceOf(token: string): Promise<number> {
    return (await api(token, '/v1/account', AccountView)).body.balance.amount;
  }

  async function creditsFor(topUpId: string): Promise<number> {
    const result = await server().db.query<{ count: string }>(`SELECT count(*)::text AS count FROM ledger_entries WHERE top_up_id = $1`, [
      topUpId,
    ]);
    return Number(result.rows[0]?.count);
  }

  it('refuses a wrong signature, a tampered body and a missing header with 400, crediting nothing', async () => {
    const { token } = await newAccount();
    const { topUpId, paymentIntentId } = await processingTopUp(token, 2500);
    const balance = await balanceOf(token);

    const payload = eventPayload('payment_intent.succeeded', paymentIntentId);
    const wrongSecret = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_someone_else' });
    assert.equal((await deliver(payload, wrongSecret)).status, 400);

    const signedOriginal = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const tampered = payload.replace('"livemode":false', '"livemode":true');
    assert.notEqual(tampered, payload);
    assert.equal((await deliver(tampered, signedOriginal)).status, 400);

    const stale = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: WEBHOOK_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    assert.equal((await deliver(payload, stale)).status, 400, 'a replayed old signature is refused');

    const missing = await fetch(`${server().url}/v1/webhooks/stripe`, {
      method: 'POST',
      body: payload,
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(missing.status, 400);

    assert.equal(await balanceOf(token), balance);
    assert.equal(await creditsFor(topUpId), 0);
  });

  it('credits a processing top-up once on payment_intent.succeeded, and once only when the event comes again', async () => {
    const { token } = await newAccount();
    const { topUpId, paymentIntentId } = await processingTopUp(token, 2500);
    const before = await balanceOf(token);

    const payload = eventPayload('payment_intent.succeeded', paymentIntentId);
    const first = await deliver(payload);
    assert.equal(first.status, 200);
    assert.equal(((await first.json()) as { outcome: string }).outcome, 'settled');
    assert.equal(await balanceOf(token), before + 2500);

    // Stripe's redelivery: same event id, signed again later.
    const again = await deliver(payload);
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { outcome: string }).outcome, 'duplicate');

    // A different event about the same payment (Stripe sends several) settles nothing new.
    const other = await deliver(eventPayload('payment_intent.succeeded', paymentIntentId));
    assert.equal(((await other.json()) as { outcome: string }).outcome, 'unchanged');

    assert.equal(await balanceOf(token), before + 2500);
    assert.equal(await creditsFor(topUpId), 1);
    const topUp = await api(token, `/v1/top-ups/${topUpId}`, TopUpView);
    assert.equal(topUp.body.status, 'succeeded');
    assert.equal(topUp.body.balanceAfter?.amount, before + 2500);
  });

  it('credits once when the same event arrives several times at the same moment', async () => {
    const { token } = await newAccount();
    const { topUpId, paymentIntentId } = await processingTopUp(token, 3000);
    const before = await balanceOf(token);
    const payload = eventPayload('payment_intent.succeeded', paymentIntentId);
    const responses = await Promise.all(Array.from({ length: 6 }, () => deliver(payload)));
    assert.deepEqual(
      responses.map((response) => response.status),
      [200, 200, 200, 200, 200, 200],
    );
    const outcomes = await Promise.all(responses.map(async (response) => ((await response.json()) as { outcome: string }).outcome));
    assert.equal(outcomes.filter((outcome) => outcome === 'settled').length, 1, outcomes.join(','));
    assert.equal(await balanceOf(token), before + 3000);
    assert.equal(await creditsFor(topUpId), 1);
    const recorded = await server().db.query<{ count: string }>(`SELECT count(*)::text AS count FROM stripe_events WHERE event_id = $1`, [
      (JSON.parse(payload) as { id: string }).id,
    ]);
    assert.equal(recorded.rows[0]?.count, '1');
  });

  it('answers "settled" from the delivery that credited, even when its twin recorded the event first', async () => {
    const { token } = await newAccount();
    const { topUpId, paymentIntentId } = await processingTopUp(token, 1500);
    const before = await balanceOf(token);
    const event = JSON.parse(eventPayload('payment_intent.succeeded', paymentIntentId)) as Stripe.Event;
    const db = server().db;
    // The twin delivery passed the same first check, found the payment already settled by this one, and recorded the
    // event between this one's settling and its own recording: the order two concurrent deliveries can take.
    let twinRecorded = false;
    const racing = Object.create(db) as typeof db;
    racing.query = async (text: string, params?: unknown[]) => {
      if (!twinRecorded && text.includes('INSERT INTO stripe_events')) {
        twinRecorded = true;
        await db.query(text, params);
      }
      return db.query(text, params);
    };
    assert.equal(await handleStripeEvent(racing, event), 'settled');
    assert.equal(twinRecorded, true);
    assert.equal(await balanceOf(token), before + 1500);
    assert.equal(await creditsFor(topUpId), 1);
  });

  it('fails the top-up on payment_intent.payment_failed with the decline code and credits nothing', async () => {
    const { token } = await newAccount();
    const { topUpId, paymentIntentId } = await processingTopUp(token, 2000);
    const before = await balanceOf(token);
    const failed = await deliver(
      eventPayload('payment_intent.payment_failed', paymentIntentId, {
        last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
      }),
    );
    assert.equal(failed.status, 200);
    const topUp = await api(token, `/v1/top-ups/${topUpId}`, TopUpView);
    assert.equal(topUp.body.status, 'failed');
    assert.equal(topUp.body.failure?.code, 'insufficient_funds');
    assert.equal(await balanceOf(token), before);
    assert.equal(await creditsFor(topUpId), 0);
  });

  it('acknowledges events it does not handle and payments it does not know', async () => {
    const ignored = await deliver(
      JSON.stringify({
        id: `evt_${randomUUID()}`,
        object: 'event',
        type: 'customer.created',
        data: { object: { id: 'cus_1', object: 'customer' } },
      }),
    );
    assert.equal(ignored.status, 200);
    assert.equal(((await ignored.json()) as { outcome: string }).outcome, 'ignored');
    const unknown = await deliver(eventPayload('payment_intent.succeeded', 'pi_not_ours'));
    assert.equal(unknown.status, 200);
    assert.equal(((await unknown.json()) as { outcome: string }).outcome, 'unknown_payment');
  });

  /** A top-up waiting for 3-D Secure (Stripe answered requires_action). */
  async function awaitingAuthentication(token: string, amount: number): Promise<{ topUpId: string; paymentIntentId: string }> {
    const providerToken = `ctoken_${randomUUID()}`;
    stripe.outcomes.set(providerToken, 'requires_action');
    const idempotencyKey = `webhook-3ds-${randomUUID()}`;
    const { status, body } = await api(token, '/v1/top-ups', TopUpView, {
      method: 'POST',
      headers: { 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify({
        amount: { amount, currency: 'USD' },
        source: { type: 'new_card', providerToken, saveCard: true },
        idempotencyKey,
      }),
    });
    assert.deepEqual([status, body.status], [201, 'requires_action'], JSON.stringify(body));
    const row = await server().db.query<{ provider_payment_id: string }>(`SELECT provider_payment_id FROM top_ups WHERE id = $1`, [
      body.id,
    ]);
    const paymentIntentId = row.rows[0]?.provider_payment_id;
    assert.ok(paymentIntentId);
    assert.equal(stripe.paymentIntents_.get(paymentIntentId)?.status, 'requires_action');
    return { topUpId: body.id, paymentIntentId };
  }

  it('3-D Secure failed or abandoned at the bank: confirm finds the PaymentIntent back at requires_payment_method and ends the top-up failed, uncredited, no card saved', async () => {
    const { token } = await newAccount();
    const before = await balanceOf(token);
    const cards = (await api(token, '/v1/payment-methods', CardList)).body.length;
    const { topUpId, paymentIntentId } = await awaitingAuthentication(token, 2500);
    // What Stripe does when the holder fails or closes the challenge.
    stripe.setStatus(paymentIntentId, 'requires_payment_method', {
      code: 'payment_intent_authentication_failure',
      message: 'The provided PaymentMethod has failed authentication.',
    });
    const confirmed = await api(token, `/v1/top-ups/${topUpId}/confirm`, TopUpView, {
      method: 'POST',
    });
    assert.equal(confirmed.status, 200);
    assert.deepEqual([confirmed.body.status, confirmed.body.failure?.code], ['failed', 'payment_intent_authentication_failure']);
    const stored = await server().db.query<{ status: string }>(`SELECT status FROM top_ups WHERE id = $1`, [topUpId]);
    assert.equal(stored.rows[0]?.status, 'failed', "the server's row ends failed, not requires_action");
    assert.equal((await api(token, `/v1/top-ups/${topUpId}`, TopUpView)).body.status, 'failed');
    assert.equal(await balanceOf(token), before);
    assert.equal(await creditsFor(topUpId), 0);
    assert.equal((await api(token, '/v1/payment-methods', CardList)).body.length, cards);
    // Stripe's payment_failed for it, arriving after, changes nothing.
    const late = await deliver(
      eventPayload('payment_intent.payment_failed', paymentIntentId, {
        last_payment_error: { code: 'payment_intent_authentication_failure', message: 'Failed.' },
      }),
    );
    assert.equal(((await late.json()) as { outcome: string }).outcome, 'unchanged');
  });

  it('payment_intent.payment_failed ends a top-up still waiting for 3-D Secure failed; a confirm after it changes nothing', async () => {
    const { token } = await newAccount();
    const before = await balanceOf(token);
    const { topUpId, paymentIntentId } = await awaitingAuthentication(token, 2000);
    const failed = await deliver(
      eventPayload('payment_intent.payment_failed', paymentIntentId, {
        last_payment_error: {
          code: 'payment_intent_authentication_failure',
          message: 'The provided PaymentMethod has failed authentication.',
        },
      }),
    );
    assert.equal(failed.status, 200);
    assert.equal(((await failed.json()) as { outcome: string }).outcome, 'settled');
    const topUp = await api(token, `/v1/top-ups/${topUpId}`, TopUpView);
    assert.deepEqual([topUp.body.status, topUp.body.failure?.code], ['failed', 'payment_intent_authentication_failure']);
    const confirmed = await api(token, `/v1/top-ups/${topUpId}/confirm`, TopUpView, { method: 'POST' });
    assert.equal(confirmed.body.status, 'failed');
    assert.equal(await balanceOf(token), before);
    assert.equal(await creditsFor(topUpId), 0);
  });

  it('asks Stripe to deliver again when one of our payments is not recorded yet, and records nothing', async () => {
    const eventId = `evt_${randomUUID()}`;
    const early = eventPayload(
      'payment_intent.succeeded',
      `pi_early_${randomUUID()}`,
      { metadata: { idempotency_key: 'topup_early', kind: 'top_up' } },
      eventId,
    );
    const first = await deliver(early);
    assert.equal(first.status, 503);
    const again = await deliver(early);
    assert.equal(again.status, 503, 'still not known: not treated as a duplicate');
    const recorded = await server().db.query<{ count: string }>(`SELECT count(*)::text AS count FROM stripe_events WHERE event_id = $1`, [
      eventId,
    ]);
    assert.equal(recorded.rows[0]?.count, '0');
  });
});

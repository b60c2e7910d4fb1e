// StripeProcessor against a fake Stripe object: the PaymentIntent it creates, how it maps Stripe's answers, no network.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { BillingError } from '../../src/client/errors.js';
import { chargeResult, chargedCard, StripeProcessor } from '../../server/stripe/stripe-processor.js';
import { FakeStripe } from './stripe-fake.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });

function setup() {
  const stripe = new FakeStripe();
  return { stripe, processor: new StripeProcessor({ stripe }) };
}

describe('StripeProcessor', () => {
  it('confirms a new card with the ConfirmationToken, the top-up key as idempotency key, and no saving when not asked', async () => {
    const { stripe, processor } = setup();
    const result = await processor.charge({ amount: usd(2500), idempotencyKey: 'key-1', offSession: false, providerToken: 'ctoken_1' });
    assert.equal(result.status, 'succeeded');
    assert.match(result.providerPaymentId, /^pi_fake_/);
    assert.equal(result.savedCard, undefined);

    const [create] = stripe.callsTo('paymentIntents.create');
    const params = create?.params as Stripe.PaymentIntentCreateParams;
    assert.equal(create?.options?.idempotencyKey, 'key-1');
    assert.equal(params.amount, 2500);
    assert.equal(params.currency, 'usd');
    assert.equal(params.confirm, true);
    assert.equal(params.confirmation_token, 'ctoken_1');
    assert.equal(params.setup_future_usage, undefined);
    assert.equal(params.customer, undefined);
    assert.equal(stripe.callsTo('customers.create').length, 0);
  });

  it('saves the card for off-session use on a Customer and reports its details', async () => {
    const { stripe, processor } = setup();
    const result = await processor.charge({
      amount: usd(1000),
      idempotencyKey: 'key-save',
      offSession: false,
      providerToken: 'ctoken_card_3155',
      saveCard: true,
    });
    assert.equal(result.status, 'succeeded');
    assert.ok(result.savedCard);
    assert.equal(result.savedCard.last4, '3155');
    assert.equal(result.savedCard.brand, 'visa');
    assert.match(result.savedCard.providerPaymentMethodId, /^pm_fake_/);

    const params = stripe.callsTo('paymentIntents.create')[0]?.params as Stripe.PaymentIntentCreateParams;
    assert.equal(params.setup_future_usage, 'off_session');
    assert.match(params.customer ?? '', /^cus_fake_/);
    // The Customer is created under a key derived from the top-up's, so a retry reuses it.
    assert.equal(stripe.callsTo('customers.create')[0]?.options?.idempotencyKey, 'key-save:customer');
  });

  it('charges a saved card off-session on its Customer (auto-recharge)', async () => {
    const { stripe, processor } = setup();
    const first = await processor.charge({
      amount: usd(1000),
      idempotencyKey: 'k1',
      offSession: false,
      providerToken: 'ctoken_x',
      saveCard: true,
    });
    const pm = first.savedCard?.providerPaymentMethodId;
    assert.ok(pm);
    const recharge = await processor.charge({
      amount: usd(2000),
      idempotencyKey: 'recharge-1',
      offSession: true,
      providerPaymentMethodId: pm,
    });
    assert.equal(recharge.status, 'succeeded');
    const params = stripe.callsTo('paymentIntents.create')[1]?.params as Stripe.PaymentIntentCreateParams;
    assert.equal(params.payment_method, pm);
    assert.equal(params.off_session, true);
    assert.equal(params.confirm, true);
    assert.match(params.customer ?? '', /^cus_fake_/);
    assert.equal(stripe.callsTo('paymentIntents.create')[1]?.options?.idempotencyKey, 'recharge-1');
  });

  it('returns requires_action with the client secret for 3-D Secure, then maps the confirmed intent', async () => {
    const { stripe, processor } = setup();
    stripe.outcomes.set('ctoken_3ds', 'requires_action');
    const result = await processor.charge({ amount: usd(1500), idempotencyKey: 'k3ds', offSession: false, providerToken: 'ctoken_3ds' });
    assert.equal(result.status, 'requires_action');
    assert.ok(result.clientSecret.endsWith('_secret_fake'));

    stripe.setStatus(result.providerPaymentId, 'succeeded');
    assert.deepEqual(await processor.confirm(result.providerPaymentId), {
      status: 'succeeded',
      providerPaymentId: result.providerPaymentId,
      card: { brand: 'visa', last4: '4242' },
    });

    stripe.setStatus(result.providerPaymentId, 'requires_payment_method', {
      code: 'payment_intent_authentication_failure',
      message: 'The provided PaymentMethod has failed authentication.',
    });
    const failed = await processor.confirm(result.providerPaymentId);
    assert.equal(failed.status, 'failed');
    assert.ok(failed.declineCode === 'payment_intent_authentication_failure');
  });

  it('paymentStatus reads the PaymentIntent as confirm does, without confirming anything', async () => {
    const { stripe, processor } = setup();
    stripe.outcomes.set('ctoken_3ds_read', 'requires_action');
    const result = await processor.charge({
      amount: usd(1500),
      idempotencyKey: 'k3ds-read',
      offSession: false,
      providerToken: 'ctoken_3ds_read',
    });
    const id = result.providerPaymentId as string;
    assert.equal((await processor.paymentStatus(id)).status, 'requires_action');
    stripe.setStatus(id, 'succeeded');
    assert.deepEqual(await processor.paymentStatus(id), {
      status: 'succeeded',
      providerPaymentId: id,
      card: { brand: 'visa', last4: '4242' },
    });
    assert.deepEqual(
      stripe.calls
        .filter((call) => call.method !== 'paymentIntents.retrieve' && call.method !== 'paymentIntents.create')
        .map((call) => call.method),
      [],
      'only reads',
    );
  });

  it('findPayment finds the PaymentIntent a request made by the key in its metadata, and none for a key never used', async () => {
    const { stripe, processor } = setup();
    const request = { amount: usd(1200), idempotencyKey: 'topup_abc', offSession: false, providerToken: 'ctoken_find' } as const;
    assert.equal(await processor.findPayment(request), null);
    const made = await processor.charge(request);
    assert.deepEqual(await processor.findPayment(request), { status: 'succeeded', providerPaymentId: made.providerPaymentId });
    assert.equal(await processor.findPayment({ ...request, idempotencyKey: 'topup_other' }), null);
    const search = stripe.callsTo('paymentIntents.search')[1]?.params as Stripe.PaymentIntentSearchParams;
    assert.equal(search.query, "metadata['idempotency_key']:'topup_abc'");
    assert.equal(stripe.paymentIntents_.size, 1, 'finding charges nothing');
  });

  it('maps a thrown decline to a failed charge with the decline code and the PaymentIntent id', async () => {
    const { stripe, processor } = setup();
    stripe.outcomes.set('ctoken_9995', { decline: 'insufficient_funds' });
    const result = await processor.charge({ amount: usd(1500), idempotencyKey: 'kd', offSession: false, providerToken: 'ctoken_9995' });
    assert.equal(result.status, 'failed');
    assert.equal(result.declineCode, 'insufficient_funds');
    assert.equal(result.message, 'Your card has insufficient funds.');
    assert.match(result.providerPaymentId ?? '', /^pi_fake_/);
  });

  it('reports authentication_required when an off-session charge needs the cardholder', async () => {
    const { stripe, processor } = setup();
    const first = await processor.charge({
      amount: usd(1000),
      idempotencyKey: 'k1',
      offSession: false,
      providerToken: 'ctoken_y',
      saveCard: true,
    });
    const pm = first.savedCard?.providerPaymentMethodId as string;
    stripe.outcomes.set(pm, { offSessionAuthenticationRequired: true });
    const result = await processor.charge({ amount: usd(2000), idempotencyKey: 'r1', offSession: true, providerPaymentMethodId: pm });
    assert.equal(result.status, 'failed');
    assert.ok(result.declineCode === 'authentication_required');
  });

  it('reports processing for a payment Stripe settles later', async () => {
    const { stripe, processor } = setup();
    stripe.outcomes.set('ctoken_slow', 'processing');
    const result = await processor.charge({ amount: usd(1000), idempotencyKey: 'kp', offSession: false, providerToken: 'ctoken_slow' });
    assert.equal(result.status, 'processing');
  });

  it('a replay with the same key returns the first PaymentIntent, never a second one', async () => {
    const { stripe, processor } = setup();
    const a = await processor.charge({ amount: usd(1000), idempotencyKey: 'same', offSession: false, providerToken: 'ctoken_z' });
    const b = await processor.charge({ amount: usd(1000), idempotencyKey: 'same', offSession: false, providerToken: 'ctoken_z' });
    assert.equal(a.providerPaymentId, b.providerPaymentId);
    assert.equal(stripe.paymentIntents_.size, 1);
  });

  it('saves a card through a SetupIntent confirmed with the token', async () => {
    const { stripe, processor } = setup();
    const saved = await processor.saveCard('ctoken_5555555555554444');
    assert.equal(saved.last4, '4444');
    const params = stripe.callsTo('setupIntents.create')[0]?.params as Stripe.SetupIntentCreateParams;
    assert.equal(params.confirmation_token, 'ctoken_5555555555554444');
    assert.equal(params.usage, 'off_session');
    assert.equal(params.confirm, true);
    assert.match(params.customer ?? '', /^cus_fake_/);
  });

  it('refuses to save a declined card with card_declined', async () => {
    const { stripe, processor } = setup();
    stripe.outcomes.set('ctoken_bad', { decline: 'expired_card', code: 'expired_card' });
    await assert.rejects(processor.saveCard('ctoken_bad'), (error: unknown) => {
      assert.ok(error instanceof BillingError);
      assert.equal(error.code, 'card_declined');
      assert.equal(error.details.declineCode, 'expired_card');
      return true;
    });
  });

  it('turns Stripe outages into retryable unavailable errors', async () => {
    const { stripe, processor } = setup();
    stripe.paymentIntents.create = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { type: 'StripeConnectionError' });
    };
    await assert.rejects(
      processor.charge({ amount: usd(1000), idempotencyKey: 'ko', offSession: false, providerToken: 'ctoken_1' }),
      (error: unknown) => error instanceof BillingError && error.code === 'unavailable' && error.retryable,
    );
  });

  it('names the card it charged: a new card not saved, a declined one (from the card error), and after 3-D Secure', async () => {
    const { stripe, processor } = setup();
    const paid = await processor.charge({
      amount: usd(1000),
      idempotencyKey: 'card-1',
      offSession: false,
      providerToken: 'ctoken_card_4444',
    });
    assert.equal(paid.status, 'succeeded');
    assert.deepEqual(paid.card, { brand: 'visa', last4: '4444' });
    assert.equal(paid.savedCard, undefined);

    stripe.outcomes.set('ctoken_card_9995', { decline: 'insufficient_funds' });
    const declined = await processor.charge({
      amount: usd(1000),
      idempotencyKey: 'card-2',
      offSession: false,
      providerToken: 'ctoken_card_9995',
    });
    assert.equal(declined.status, 'failed');
    assert.deepEqual(declined.card, { brand: 'visa', last4: '9995' });

    stripe.outcomes.set('ctoken_card_3155', 'requires_action');
    const challenged = await processor.charge({
      amount: usd(1000),
      idempotencyKey: 'card-3',
      offSession: false,
      providerToken: 'ctoken_card_3155',
    });
    assert.equal(challenged.status, 'requires_action');
    stripe.setStatus(challenged.providerPaymentId, 'succeeded');
    assert.deepEqual((await processor.confirm(challenged.providerPaymentId)).card, { brand: 'visa', last4: '3155' });
    // The read asks Stripe to expand the PaymentMethod: a plain PaymentIntent names it by id only.
    const retrieve = await stripe.paymentIntents.retrieve(challenged.providerPaymentId);
    assert.equal(typeof retrieve.payment_method, 'string');
  });

  it('reads the card from latest_charge when only that is expanded, and records nothing it could not show', () => {
    const intent = (fields: Record<string, unknown>) =>
      ({
        id: 'pi_1',
        status: 'succeeded',
        payment_method: 'pm_1',
        last_payment_error: null,
        latest_charge: null,
        ...fields,
      }) as unknown as Stripe.PaymentIntent;
    const fromCharge = intent({
      latest_charge: { id: 'ch_1', payment_method_details: { type: 'card', card: { brand: 'amex', last4: '0005' } } },
    });
    assert.deepEqual(chargeResult(fromCharge), { status: 'succeeded', providerPaymentId: 'pi_1', card: { brand: 'amex', last4: '0005' } });
    assert.equal(chargedCard(intent({})), null);
    assert.equal(
      chargedCard(intent({ latest_charge: { id: 'ch_2', payment_method_details: { card: { brand: 'visa', last4: '42' } } } })),
      null,
    );
    assert.equal(chargedCard(intent({ payment_method: { id: 'pm_2', card: { brand: '', last4: '4242' } } })), null);
  });

  it('refuses a charge with both or neither card sources', async () => {
    const { processor } = setup();
    await assert.rejects(
      processor.charge({ amount: usd(1000), idempotencyKey: 'kb', offSession: false }),
      (error: unknown) => error instanceof BillingError && error.code === 'validation',
    );
    await assert.rejects(
      processor.charge({ amount: usd(1000), idempotencyKey: 'kb', offSession: false, providerToken: 't', providerPaymentMethodId: 'pm' }),
      (error: unknown) => error instanceof BillingError && error.code === 'validation',
    );
  });
});

// A removed card is forgotten at the processor too (Stripe: the PaymentMethod detached from its Customer), so nothing
// can charge it again: at once when the processor answers, else by a later retry. PGlite, and PostgreSQL with DATABASE_URL.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../../server/app.js';
import { migrate } from '../../server/db/migrate.js';
import { detachRemovedCards } from '../../server/payment-methods.js';
import { recoverInterruptedPayments } from '../../server/recovery.js';
import { StripeProcessor } from '../../server/stripe/stripe-processor.js';
import { FakeStripe } from './stripe-fake.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

describe('StripeProcessor.detachCard', () => {
  it('detaches the PaymentMethod, after which Stripe refuses to charge it', async () => {
    const stripe = new FakeStripe();
    const processor = new StripeProcessor({ stripe });
    const saved = await processor.saveCard('ctoken_card_4242');
    await processor.detachCard(saved.providerPaymentMethodId);
    assert.deepEqual(
      stripe.callsTo('paymentMethods.detach').map((call) => call.params),
      [saved.providerPaymentMethodId],
    );
    await assert.rejects(
      processor.charge({
        amount: { amount: 1000, currency: 'USD' },
        idempotencyKey: 'after-detach',
        offSession: true,
        providerPaymentMethodId: saved.providerPaymentMethodId,
      }),
      { code: 'validation' },
    );
  });

  it('takes a card already detached, or unknown to Stripe, as forgotten; an unreachable Stripe as a failure', async () => {
    const stripe = new FakeStripe();
    const processor = new StripeProcessor({ stripe });
    const saved = await processor.saveCard('ctoken_card_4242');
    await processor.detachCard(saved.providerPaymentMethodId);
    await processor.detachCard(saved.providerPaymentMethodId);
    await processor.detachCard('pm_never_existed');
    const other = await processor.saveCard('ctoken_card_5555');
    stripe.down = true;
    await assert.rejects(processor.detachCard(other.providerPaymentMethodId), { code: 'unavailable' });
  });
});

describe('reference server: removing a card detaches it at the processor', () => {
  let database: TestDatabase;
  let stripe: FakeStripe;
  let processor: StripeProcessor;
  let app: ReturnType<typeof createApp>;
  const now = new Date();

  before(async () => {
    database = await openTestDatabase();
    await migrate(database.db);
    stripe = new FakeStripe();
    processor = new StripeProcessor({ stripe });
    app = createApp({ db: database.db, processor, now: () => now, devRoutes: true });
  });
  after(async () => {
    app.close();
    await database.close();
  });

  async function call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await app.app.request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: response.status, body: await response.json() };
  }

  async function accountWithCard(): Promise<{ token: string; accountId: string; cardId: string; providerId: string }> {
    const { accountId, token } = (await call('POST', '/v1/dev/accounts', undefined, { usageEntryCount: 0 })).body as {
      accountId: string;
      token: string;
    };
    const saved = await call('POST', '/v1/payment-methods', token, { providerToken: 'ctoken_card_4242' });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    const cardId = (saved.body as { id: string }).id;
    const row = await database.db.query<{ provider: string }>(
      `SELECT provider_payment_method_id AS provider FROM payment_methods WHERE id = $1`,
      [cardId],
    );
    return { token, accountId, cardId, providerId: row.rows[0]?.provider ?? '' };
  }

  const detachedAt = async (cardId: string): Promise<Date | null> =>
    (await database.db.query<{ at: Date | null }>(`SELECT processor_detached_at AS at FROM payment_methods WHERE id = $1`, [cardId]))
      .rows[0]?.at ?? null;

  it('detaches once, and a repeated DELETE asks Stripe nothing more', async () => {
    const { token, cardId, providerId } = await accountWithCard();
    assert.equal((await call('DELETE', `/v1/payment-methods/${cardId}`, token)).status, 200);
    assert.deepEqual(
      stripe.callsTo('paymentMethods.detach').map((c) => c.params),
      [providerId],
    );
    assert.ok(await detachedAt(cardId));
    assert.equal((await call('DELETE', `/v1/payment-methods/${cardId}`, token)).status, 200);
    assert.equal(stripe.callsTo('paymentMethods.detach').filter((c) => c.params === providerId).length, 1);
  });

  it('removes the card even while Stripe is down; the next recovery sweep detaches it, and the one after asks nothing', async () => {
    const { token, accountId, cardId, providerId } = await accountWithCard();
    stripe.down = true;
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    let removal;
    try {
      removal = await call('DELETE', `/v1/payment-methods/${cardId}`, token);
    } finally {
      console.error = originalError;
      stripe.down = false;
    }
    assert.equal(removal.status, 200);
    assert.ok(!(removal.body as { id: string }[]).some((card) => card.id === cardId));
    assert.equal(errors.length, 1, 'the failed detach is logged');
    assert.equal(await detachedAt(cardId), null);

    const sweep = await recoverInterruptedPayments(database.db, processor, { now: () => now });
    assert.deepEqual(sweep.errors, []);
    assert.ok(sweep.detachedCards >= 1);
    assert.ok(await detachedAt(cardId));
    assert.equal(stripe.callsTo('paymentMethods.detach').filter((c) => c.params === providerId).length, 2);
    assert.deepEqual(await detachRemovedCards(database.db, processor, now, accountId), { detached: 0, failed: [] });
    assert.equal((await recoverInterruptedPayments(database.db, processor, { now: () => now })).detachedCards, 0);
  });
});

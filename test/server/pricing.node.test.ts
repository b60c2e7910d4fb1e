// Small server pieces: safe integers, the rate limiter (on a database of its own), the test-card processor. (Pricing is one rule
// the server and the mock share: test/rules/rules.node.test.ts.)
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { addMinorUnits, toSafeInteger } from '../../server/db/integers.js';
import { migrate } from '../../server/db/migrate.js';
import { FixedWindowRateLimiter } from '../../server/rate-limits.js';
import { TestCardProcessor } from '../../server/payments/test-card-processor.js';
import { openTestDatabase } from './test-database.js';

describe('bigint columns', () => {
  it('reads integers from text, bigint and number, and refuses anything unsafe', () => {
    assert.equal(toSafeInteger('-42', 'x'), -42);
    assert.equal(toSafeInteger(12n, 'x'), 12);
    assert.equal(toSafeInteger(String(Number.MAX_SAFE_INTEGER), 'x'), Number.MAX_SAFE_INTEGER);
    assert.throws(() => toSafeInteger('9007199254740993', 'x'), RangeError);
    assert.throws(() => toSafeInteger(2n ** 60n, 'x'), RangeError);
    assert.throws(() => toSafeInteger('1.5', 'x'), TypeError);
    assert.throws(() => toSafeInteger(null, 'x'), TypeError);
    assert.throws(() => addMinorUnits(Number.MAX_SAFE_INTEGER, 1), RangeError);
  });
});

describe('FixedWindowRateLimiter', () => {
  it('allows max per window, then refuses with a retry time, then allows again', async () => {
    const database = await openTestDatabase();
    const { db } = database;
    try {
      await migrate(db);
      let now = 0;
      const limiter = new FixedWindowRateLimiter(db, 'test', { max: 2, windowMs: 60_000 }, { now: () => now });
      await limiter.take('a');
      await limiter.take('a');
      await limiter.take('b');
      await assert.rejects(
        () => limiter.take('a'),
        (error: { code?: string; details?: { retryAfterSeconds?: number } }) => {
          return error.code === 'rate_limited' && error.details?.retryAfterSeconds === 60;
        },
      );
      now = 59_000;
      await assert.rejects(
        () => limiter.take('a'),
        (error: { details?: { retryAfterSeconds?: number } }) => error.details?.retryAfterSeconds === 1,
      );
      now = 60_000;
      await limiter.take('a');
      await limiter.take('a');
      await assert.rejects(() => limiter.take('a'));
      // Another limiter on the same database (another process) counts against the same window; another scope does not.
      const twin = new FixedWindowRateLimiter(db, 'test', { max: 2, windowMs: 60_000 }, { now: () => now });
      await assert.rejects(() => twin.take('a'));
      await new FixedWindowRateLimiter(db, 'other', { max: 1, windowMs: 60_000 }, { now: () => now }).take('a');
    } finally {
      await database.close();
    }
  });

  it('lets exactly max of many concurrent requests through', async () => {
    const database = await openTestDatabase();
    const { db } = database;
    try {
      await migrate(db);
      const limiter = new FixedWindowRateLimiter(db, 'burst', { max: 5, windowMs: 60_000 });
      const outcomes = await Promise.allSettled(Array.from({ length: 30 }, () => limiter.take('acct')));
      assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 5);
      const row = await db.query<{ hits: number }>(`SELECT hits FROM rate_limit_windows WHERE scope = 'burst' AND subject = 'acct'`);
      assert.equal(row.rows[0]?.hits, 6, 'the count stops at max + 1');
    } finally {
      await database.close();
    }
  });
});

describe('TestCardProcessor', () => {
  const processor = () => new TestCardProcessor({ now: () => new Date('2026-11-23T12:00:00Z') });
  const amount = { amount: 1000, currency: 'USD' };

  it('charges test cards with the outcomes of test-cards.ts, once per key', async () => {
    const cards = processor();
    const ok = await cards.charge({ amount, idempotencyKey: 'k1', offSession: false, providerToken: 'test_card_4242424242424242' });
    assert.equal(ok.status, 'succeeded');
    assert.deepEqual(
      await cards.charge({ amount, idempotencyKey: 'k1', offSession: false, providerToken: 'test_card_4242424242424242' }),
      ok,
    );
    assert.equal(cards.chargeCount, 1);
    const declined = await cards.charge({ amount, idempotencyKey: 'k2', offSession: false, providerToken: 'test_card_4000000000000002' });
    assert.deepEqual(declined.status === 'failed' && [declined.declineCode, declined.message], [
      'generic_decline',
      'Your card was declined.',
    ]);
    await assert.rejects(cards.charge({ amount, idempotencyKey: 'k3', offSession: false, providerToken: 'tok_visa' }), {
      code: 'validation',
    });
  });

  it('asks for 3-D Secure on-session, confirms unless _3ds_fail, and refuses it off-session', async () => {
    const cards = processor();
    const challenge = await cards.charge({
      amount,
      idempotencyKey: 'a',
      offSession: false,
      providerToken: 'test_card_4000002500003155',
      saveCard: true,
    });
    assert.equal(challenge.status, 'requires_action');
    assert.ok(challenge.clientSecret.includes('_secret_'));
    assert.equal(challenge.savedCard?.last4, '3155');
    assert.equal((await cards.confirm(challenge.providerPaymentId)).status, 'succeeded');
    const failing = await cards.charge({
      amount,
      idempotencyKey: 'b',
      offSession: false,
      providerToken: 'test_card_4000002500003155_3ds_fail',
    });
    const failed = await cards.confirm(failing.providerPaymentId ?? '');
    assert.deepEqual(failed.status === 'failed' && failed.declineCode, 'authentication_failed');
    const offSession = await cards.charge({ amount, idempotencyKey: 'c', offSession: true, providerToken: 'test_card_4000002500003155' });
    assert.deepEqual(offSession.status === 'failed' && offSession.declineCode, 'authentication_required');
  });

  it('saves cards through a setup check and charges a saved 3-D Secure card off-session without a challenge', async () => {
    const cards = processor();
    const saved = await cards.saveCard('test_card_4000002500003155');
    assert.deepEqual([saved.brand, saved.last4, saved.expYear], ['visa', '3155', 2030]);
    const charge = await cards.charge({
      amount,
      idempotencyKey: 's',
      offSession: true,
      providerPaymentMethodId: saved.providerPaymentMethodId,
    });
    assert.equal(charge.status, 'succeeded');
    await assert.rejects(cards.saveCard('test_card_4000000000009995'), { code: 'card_declined' });
    await assert.rejects(cards.saveCard('test_card_4000002500003155_3ds_fail'), { code: 'card_declined' });
    cards.setSavedCardOutcome(saved.providerPaymentMethodId, 'expired_card');
    const expired = await cards.charge({
      amount,
      idempotencyKey: 't',
      offSession: true,
      providerPaymentMethodId: saved.providerPaymentMethodId,
    });
    assert.deepEqual(expired.status === 'failed' && expired.declineCode, 'expired_card');
  });
});

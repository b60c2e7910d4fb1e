// MockBillingClient's listTopUps: automatic recharges listed beside manual top-ups, the declined ones as failed top-ups
// with their code, the ones skipped by the monthly cap as skipped (as the reference server lists them), the card of a
// new card that was not saved, newest first, and a cursor it did not make refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BillingError } from '../../src/client/errors.js';
import { ManualClock } from '../../src/client/mock/clock.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';

/** Recharge by $50.00 below $10.00 with the seeded Visa, at most `monthlyCap` (minor units) a month. */
async function autoRechargeOn(client: MockBillingClient, monthlyCap: number | null = null): Promise<void> {
  const current = await client.getAutoRecharge();
  await client.saveAutoRecharge({
    enabled: true,
    thresholdAmount: { amount: 1000, currency: 'USD' },
    rechargeAmount: { amount: 5000, currency: 'USD' },
    paymentMethodId: 'pm_visa_4242',
    monthlyCap: monthlyCap === null ? null : { amount: monthlyCap, currency: 'USD' },
    expectedVersion: current.version,
  });
}

describe('MockBillingClient.listTopUps', () => {
  it('lists a succeeded and a declined automatic recharge, newest first, with the card and the decline code', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0, startingBalance: 1100 });
    await autoRechargeOn(client);
    client.simulateUsage([{ destinationCountry: 'AE', durationSeconds: 600 }]);
    client.setCardBehaviour('pm_visa_4242', 'insufficient_funds');
    // Calls until the balance falls below the threshold again and the recharge is declined.
    for (let calls = 0; calls < 50 && !(await client.getAutoRecharge()).recentAttempts.some((a) => a.outcome === 'failed'); calls++) {
      client.simulateUsage([{ destinationCountry: 'AE', durationSeconds: 1200 }]);
    }
    const automatic = (await client.listTopUps({ limit: 100 })).topUps.filter((topUp) => topUp.kind === 'auto_recharge');
    assert.deepEqual(
      automatic.map((topUp) => [topUp.status, topUp.amount.amount, topUp.card?.last4, topUp.failure?.code ?? null]),
      [
        ['failed', 5000, '4242', 'insufficient_funds'],
        ['succeeded', 5000, '4242', null],
      ],
    );
    // The declined recharge moved no money.
    assert.equal(client.charges.length, 1);
  });

  it('names the card of a new card that was not saved, paid or declined, as the reference server does', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    const pay = (providerToken: string, idempotencyKey: string) =>
      client.createTopUp({
        amount: { amount: 1500, currency: 'USD' },
        source: { type: 'new_card', providerToken, saveCard: false },
        idempotencyKey,
      });
    const paid = await pay('test_card_4242424242424242', 'unsaved-paid');
    const declined = await pay('test_card_4000000000009995', 'unsaved-declined');
    const listed = (await client.listTopUps({ limit: 100 })).topUps;
    assert.deepEqual(listed.find((topUp) => topUp.id === paid.id)?.card, { brand: 'visa', last4: '4242' });
    assert.deepEqual(listed.find((topUp) => topUp.id === declined.id)?.card, { brand: 'visa', last4: '9995' });
    assert.equal((await client.listPaymentMethods()).filter((card) => card.last4 === '9995').length, 0);
  });

  it('records a cap skip once per stretch below the threshold: again after a credit or a save, not on every call', async () => {
    // A minute between steps, as between a person's actions: a save and a call in one millisecond are one moment.
    const clock = new ManualClock('2026-12-15T12:00:00Z');
    const client = new MockBillingClient({ usageEntryCount: 0, startingBalance: 1100, clock: clock.now });
    const usd = (amount: number) => ({ amount, currency: 'USD' });
    const later = () => clock.advance(60_000);
    const save = () => autoRechargeOn(client, 5000);
    const skips = async () => (await client.getAutoRecharge()).recentAttempts.filter((attempt) => attempt.outcome === 'skipped').length;
    await save();
    for (let calls = 0; calls < 80 && (await skips()) === 0; calls++) {
      later();
      client.simulateUsage([{ destinationCountry: 'AE', durationSeconds: 1200 }]);
    }
    assert.equal(await skips(), 1);
    for (let calls = 0; calls < 5; calls++) {
      later();
      client.simulateUsage([{ destinationCountry: 'AE', durationSeconds: 60 }]);
    }
    assert.equal(await skips(), 1, 'more calls in the same stretch record nothing more');

    // A manual top-up lifts the balance; the next call below the threshold is a new stretch.
    const balance = (await client.getAccount()).balance.amount;
    await client.createTopUp({
      amount: usd(Math.max(1000, 1000 - balance + 100)),
      source: { type: 'saved_card', paymentMethodId: 'pm_visa_4242' },
      idempotencyKey: 'mock-skip-stretch-credit',
    });
    for (let calls = 0; calls < 80 && (await skips()) === 1; calls++) {
      later();
      client.simulateUsage([{ destinationCountry: 'AE', durationSeconds: 600 }]);
    }
    assert.equal(await skips(), 2, 'a credit starts a new stretch');
    // A save is a new decision by a person: the next capped call says so again.
    later();
    await save();
    assert.equal(await skips(), 3, 'saving below the threshold records the skip anew');
  });

  it('lists a recharge skipped by the monthly cap as skipped, with its reason and values, no payment; and pages across both', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0, startingBalance: 1100 });
    await autoRechargeOn(client, 5000);
    for (let calls = 0; calls < 80 && !(await client.getAutoRecharge()).recentAttempts.some((a) => a.outcome === 'skipped'); calls++) {
      client.simulateUsage([{ destinationCountry: 'AE', durationSeconds: 1200 }]);
    }
    for (let index = 0; index < 3; index++) {
      await client.createTopUp({
        amount: { amount: 1000 + index, currency: 'USD' },
        source: { type: 'saved_card', paymentMethodId: 'pm_visa_4242' },
        idempotencyKey: `mock-history-skip-${index}`,
      });
    }
    const whole = (await client.listTopUps({ limit: 100 })).topUps;
    const skipped = whole.find((topUp) => topUp.status === 'skipped');
    assert.ok(skipped, JSON.stringify(whole));
    assert.equal(skipped.kind, 'auto_recharge');
    assert.equal(skipped.paymentId, null);
    assert.equal(skipped.failure?.code, 'monthly_cap');
    assert.deepEqual(skipped.failure.params?.['monthlyCap'], { amount: 5000, currency: 'USD' });
    assert.deepEqual(skipped.card, { brand: 'visa', last4: '4242' });
    for (const limit of [1, 2, 3]) {
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await client.listTopUps({ limit, ...(cursor ? { cursor } : {}) });
        paged.push(...page.topUps.map((topUp) => topUp.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(
        paged,
        whole.map((topUp) => topUp.id),
        `limit ${limit}`,
      );
    }
  });

  it('pages by cursor without a gap or a repeat, and refuses a cursor it did not make', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    for (let index = 0; index < 4; index++) {
      await client.createTopUp({
        amount: { amount: 1000 + index, currency: 'USD' },
        source: { type: 'saved_card', paymentMethodId: 'pm_visa_4242' },
        idempotencyKey: `mock-history-${index}`,
      });
    }
    const whole = (await client.listTopUps({ limit: 100 })).topUps.map((topUp) => topUp.id);
    assert.ok(whole.length >= 4, `${whole.length} top-ups`);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await client.listTopUps({ limit: 2, ...(cursor ? { cursor } : {}) });
      paged.push(...page.topUps.map((topUp) => topUp.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(paged, whole);
    await assert.rejects(
      client.listTopUps({ cursor: 'WyIyMDI2Il0.forged' }),
      (error) => error instanceof BillingError && error.code === 'validation',
    );
  });
});

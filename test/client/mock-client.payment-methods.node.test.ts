// MockBillingClient's card removal and default: the same rules as the reference server (src/rules/card-rules.ts), the
// change feed, faults, and the ledger left whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BillingChange } from '../../src/client/schemas.js';
import { BillingError } from '../../src/client/errors.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { defaultAfterRemoval, rechargeAfterCardRemoval } from '../../src/rules/card-rules.js';

const MASTERCARD = 'test_card_5555555555554444';

function watch(client: MockBillingClient): BillingChange['type'][] {
  const seen: BillingChange['type'][] = [];
  client.subscribe((change) => seen.push(change.type));
  return seen;
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof BillingError && error.code === code);
}

describe('card rules', () => {
  it('passes the default to the last card added that has not expired, only when the default goes', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const card = (id: string, isDefault: boolean, expYear = 2030) => ({ id, isDefault, expMonth: 12, expYear });
    const a = card('a', false);
    const b = card('b', false);
    const expired = card('old', false, 2025);
    assert.equal(defaultAfterRemoval(card('x', true), [a, b], now), b);
    assert.equal(defaultAfterRemoval(card('x', false), [a, b], now), null);
    assert.equal(defaultAfterRemoval(card('x', true), [], now), null);
    assert.equal(defaultAfterRemoval(card('x', true), [a, card('c', true)], now), null);
    // The last card added has expired: a usable one is the default, not the expired one.
    assert.equal(defaultAfterRemoval(card('x', true), [a, expired], now), a);
    // Only expired cards left: none becomes the default.
    assert.equal(defaultAfterRemoval(card('x', true), [card('e1', false, 2024), expired], now), null);
  });

  it('turns auto-recharge off only when it is on with the removed card', () => {
    assert.equal(rechargeAfterCardRemoval({ enabled: true, paymentMethodId: 'x' }, 'x'), 'turn_off');
    assert.equal(rechargeAfterCardRemoval({ enabled: false, paymentMethodId: 'x' }, 'x'), 'forget_card');
    assert.equal(rechargeAfterCardRemoval({ enabled: true, paymentMethodId: 'y' }, 'x'), 'unchanged');
    assert.equal(rechargeAfterCardRemoval({ enabled: true, paymentMethodId: null }, 'x'), 'unchanged');
  });
});

describe('MockBillingClient: removing a card and choosing the default', () => {
  it('removes a card, answers the cards left, and answers the same for a repeat; pushes payment_methods once', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    const added = await client.addPaymentMethod({ providerToken: MASTERCARD });
    const seen = watch(client);
    const left = await client.removePaymentMethod(added.id);
    assert.ok(!left.some((card) => card.id === added.id));
    assert.deepEqual(left, await client.listPaymentMethods());
    assert.deepEqual(await client.removePaymentMethod(added.id), left);
    assert.deepEqual(seen, ['payment_methods']);
  });

  it('refuses an id never saved (not_found) and a removed card as the default or for a top-up, charging nothing', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    const added = await client.addPaymentMethod({ providerToken: MASTERCARD });
    await client.removePaymentMethod(added.id);
    await rejectsWith(client.removePaymentMethod('pm_never'), 'not_found');
    await rejectsWith(client.setDefaultPaymentMethod('pm_never'), 'not_found');
    await rejectsWith(client.setDefaultPaymentMethod(added.id), 'not_found');
    await rejectsWith(
      client.createTopUp({
        amount: { amount: 2000, currency: 'USD' },
        source: { type: 'saved_card', paymentMethodId: added.id },
        idempotencyKey: 'removed-card-top-up',
      }),
      'validation',
    );
    assert.equal(client.charges.length, 0);
  });

  it('passes the default to the most recently added card left', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    const newest = await client.addPaymentMethod({ providerToken: MASTERCARD });
    const left = await client.removePaymentMethod('pm_visa_4242');
    assert.deepEqual(
      left.filter((card) => card.isDefault).map((card) => card.id),
      [newest.id],
    );
    assert.equal(left[0]?.id, newest.id);
  });

  it('makes a card the default once: a repeat changes nothing and pushes nothing', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    const seen = watch(client);
    const cards = await client.setDefaultPaymentMethod('pm_mastercard_4444');
    assert.deepEqual(
      cards.filter((card) => card.isDefault).map((card) => card.id),
      ['pm_mastercard_4444'],
    );
    assert.deepEqual(await client.setDefaultPaymentMethod('pm_mastercard_4444'), cards);
    assert.deepEqual(seen, ['payment_methods']);
  });

  it('turns auto-recharge off when its card goes (cause, version, push) and no later usage charges any card', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0, startingBalance: 1100 });
    const current = await client.getAutoRecharge();
    const saved = await client.saveAutoRecharge({
      enabled: true,
      thresholdAmount: { amount: 1000, currency: 'USD' },
      rechargeAmount: { amount: 5000, currency: 'USD' },
      paymentMethodId: 'pm_visa_4242',
      monthlyCap: null,
      expectedVersion: current.version,
    });
    const seen = watch(client);
    await client.removePaymentMethod('pm_visa_4242');
    assert.deepEqual(seen, ['auto_recharge', 'payment_methods']);
    const after = await client.getAutoRecharge();
    assert.deepEqual([after.enabled, after.paymentMethodId, after.version], [false, null, saved.version + 1]);
    assert.deepEqual(after.disabledCause, { code: 'payment_method_removed', params: { card: 'Visa ••4242' } });
    assert.equal(
      after.disabledReason,
      'Automatic recharge was turned off because Visa ••4242, the card it charged, was removed. Choose another card and turn it back on.',
    );
    assert.deepEqual((await client.getAccount()).autoRecharge.paymentMethodId, null);

    client.simulateUsage([{ destinationCountry: 'AE', durationSeconds: 1200 }]);
    assert.ok((await client.getAccount()).balance.amount < 1000);
    assert.equal(client.charges.length, 0, 'no recharge was charged to the remaining card');
  });

  it('keeps past top-ups and the ledger whole after their card is removed', async () => {
    const client = new MockBillingClient({ usageEntryCount: 10 });
    const card = await client.addPaymentMethod({ providerToken: MASTERCARD });
    const topUp = await client.createTopUp({
      amount: { amount: 2000, currency: 'USD' },
      source: { type: 'saved_card', paymentMethodId: card.id },
      idempotencyKey: 'before-removal-1',
    });
    await client.removePaymentMethod(card.id);
    assert.equal((await client.getTopUp(topUp.id)).paymentMethodId, card.id);
    let running: number | null = null;
    for (const entry of client.ledger) {
      if (running !== null) assert.equal(entry.balanceAfter.amount, running + entry.amount.amount);
      running = entry.balanceAfter.amount;
    }
    assert.equal(running, (await client.getAccount()).balance.amount);
  });

  it('pushes payment_methods when a top-up saves its new card, so other tabs list it', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    const seen = watch(client);
    await client.createTopUp({
      amount: { amount: 2000, currency: 'USD' },
      source: { type: 'new_card', providerToken: MASTERCARD, saveCard: true },
      idempotencyKey: 'saves-its-card-1',
    });
    assert.ok(seen.includes('payment_methods'), seen.join());
  });

  it('answers removePaymentMethod through the fault hooks: a queued failure changes nothing, a lost answer did remove', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    const added = await client.addPaymentMethod({ providerToken: MASTERCARD });
    client.failNext('removePaymentMethod', 1, 'unavailable');
    await rejectsWith(client.removePaymentMethod(added.id), 'unavailable');
    assert.ok((await client.listPaymentMethods()).some((card) => card.id === added.id));
    client.dropNextResponse('removePaymentMethod');
    await rejectsWith(client.removePaymentMethod(added.id), 'network');
    // The retry a lost answer calls for answers the cards left, as the first did.
    const left = await client.removePaymentMethod(added.id);
    assert.ok(!left.some((card) => card.id === added.id));
  });
});

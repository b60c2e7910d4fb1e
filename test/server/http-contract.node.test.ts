// HttpBillingClient over real HTTP against the reference server (server/app.ts): the BillingClient contract kit, plus the SSE change feed.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { HttpBillingClient } from '../../src/client/http-client.js';
import type { BillingChange } from '../../src/client/schemas.js';
import { runBillingClientContract } from '../../src/testing/index.js';
import { startHttpBillingServer } from './http-server.js';

const server = await startHttpBillingServer();
const { baseUrl } = server;
after(() => server.close());

/** A fresh account on the server (dev route), and an HttpBillingClient holding its token. */
const freshClient = () => server.freshClient(60);

runBillingClientContract(async () => (await freshClient()).client, {
  describe,
  it,
  label: 'HttpBillingClient against the reference server over HTTP',
});

describe('HttpBillingClient against the reference server: the rest', () => {
  it('streams a balance change over SSE after a top-up, and nothing after unsubscribe', async () => {
    const { client } = await freshClient();
    const account = await client.getAccount();
    const changes: BillingChange[] = [];
    const unsubscribe = client.subscribe((change) => changes.push(change));
    try {
      // Give the stream a moment to open before the change happens.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const topUp = await client.createTopUp({
        amount: account.topUpLimits.minimum,
        source: { type: 'new_card', providerToken: 'test_card_4242424242424242', saveCard: false },
        idempotencyKey: `sse-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      });
      assert.equal(topUp.status, 'succeeded');
      const started = Date.now();
      while (!changes.some((change) => change.type === 'balance') && Date.now() - started < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const balance = changes.find((change) => change.type === 'balance');
      assert.ok(balance, `no balance change arrived; got ${JSON.stringify(changes)}`);
      assert.equal(balance.balance.amount, account.balance.amount + account.topUpLimits.minimum.amount);
    } finally {
      unsubscribe();
    }
    const seen = changes.length;
    await client.createTopUp({
      amount: account.topUpLimits.minimum,
      source: { type: 'new_card', providerToken: 'test_card_4242424242424242', saveCard: false },
      idempotencyKey: `sse-after-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(changes.length, seen, 'no change may reach the listener after unsubscribe');
  });

  it('streams auto_recharge and payment_methods over SSE when auto-recharge’s card is removed', async () => {
    const { client } = await freshClient();
    const settings = await client.getAutoRecharge();
    assert.ok(settings.paymentMethodId);
    const changes: BillingChange[] = [];
    const unsubscribe = client.subscribe((change) => changes.push(change));
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const left = await client.removePaymentMethod(settings.paymentMethodId);
      assert.ok(!left.some((card) => card.id === settings.paymentMethodId));
      const started = Date.now();
      while (!changes.some((change) => change.type === 'payment_methods') && Date.now() - started < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      unsubscribe();
    }
    assert.deepEqual(
      changes.map((change) => change.type),
      ['auto_recharge', 'payment_methods'],
    );
    assert.equal((await client.getAutoRecharge()).paymentMethodId, null);
  });

  it('maps a missing token to unauthorized and an unknown route to not_found', async () => {
    const anonymous = new HttpBillingClient({ baseUrl });
    await assert.rejects(anonymous.getAccount(), (error: unknown) => (error as { code?: string }).code === 'unauthorized');
    const wrongBase = new HttpBillingClient({ baseUrl: `${baseUrl}/nowhere`, retries: 0 });
    await assert.rejects(wrongBase.getAccount(), (error: unknown) => (error as { code?: string }).code === 'not_found');
  });
});

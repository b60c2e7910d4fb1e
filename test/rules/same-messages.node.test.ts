// MockBillingClient and the reference server (through HttpBillingClient) word the same invalid request the
// same way: both take the rule from src/rules/ and the sentence from src/rules/api-messages.ts.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { BillingClient } from '../../src/client/billing-client.js';
import { BillingError } from '../../src/client/errors.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import type { SaveAutoRechargeRequest } from '../../src/client/schemas.js';
import { loadLocaleMessages } from '../../src/i18n/catalog.js';
import { localizeErrorMessage } from '../../src/i18n/localize.js';
import { startHttpBillingServer } from '../server/http-server.js';

const server = await startHttpBillingServer();
after(() => server.close());
await loadLocaleMessages('de');

const serverClient = async (): Promise<BillingClient> => (await server.freshClient(10)).client;

interface Refusal {
  code: string;
  message: string;
  fieldErrors: unknown;
  messageKey: string | undefined;
  params: unknown;
  /** What a German widget shows for it. */
  german: string;
}

async function refusal(action: Promise<unknown>): Promise<Refusal> {
  try {
    await action;
  } catch (error) {
    assert.ok(error instanceof BillingError, String(error));
    return {
      code: error.code,
      message: error.message,
      fieldErrors: error.details['fieldErrors'],
      messageKey: error.messageKey,
      params: error.params,
      german: localizeErrorMessage(error, 'de-DE'),
    };
  }
  assert.fail('the request was accepted');
}

/** The ids of the seeded cards (Visa 4242 usable, Mastercard 4444 expired): they differ between the two backends. */
async function cards(client: BillingClient): Promise<{ usable: string; expired: string }> {
  const methods = await client.listPaymentMethods();
  const usable = methods.find((method) => method.last4 === '4242')?.id;
  const expired = methods.find((method) => method.last4 === '4444')?.id;
  assert.ok(usable && expired, 'both seeded cards are saved');
  return { usable, expired };
}

type Scenario = (client: BillingClient) => Promise<Refusal>;

const usd = (amount: number) => ({ amount, currency: 'USD' });

async function saveWith(
  client: BillingClient,
  changes: (ids: { usable: string; expired: string }) => Partial<SaveAutoRechargeRequest>,
): Promise<Refusal> {
  const current = await client.getAutoRecharge();
  const ids = await cards(client);
  return refusal(
    client.saveAutoRecharge({
      enabled: true,
      thresholdAmount: usd(1000),
      rechargeAmount: usd(5000),
      paymentMethodId: ids.usable,
      monthlyCap: null,
      expectedVersion: current.version,
      ...changes(ids),
    }),
  );
}

const scenarios: Record<string, Scenario> = {
  'a top-up below the minimum': async (client) =>
    refusal(
      client.createTopUp({
        amount: usd(999),
        source: { type: 'saved_card', paymentMethodId: (await cards(client)).usable },
        idempotencyKey: `below-${Math.random()}`,
      }),
    ),
  'a top-up above the maximum': async (client) =>
    refusal(
      client.createTopUp({
        amount: usd(100001),
        source: { type: 'saved_card', paymentMethodId: (await cards(client)).usable },
        idempotencyKey: `above-${Math.random()}`,
      }),
    ),
  'auto-recharge on with a zero recharge and a threshold below the minimum': (client) =>
    saveWith(client, () => ({ rechargeAmount: usd(0), thresholdAmount: usd(1) })),
  'auto-recharge on with a recharge above the maximum and no card': (client) =>
    saveWith(client, () => ({ rechargeAmount: usd(100001), paymentMethodId: null })),
  'auto-recharge on with an expired card and a cap below the recharge': (client) =>
    saveWith(client, (ids) => ({ paymentMethodId: ids.expired, monthlyCap: usd(4999) })),
  'auto-recharge off naming a card that is not saved': (client) =>
    saveWith(client, () => ({ enabled: false, paymentMethodId: 'pm_not_saved_here' })),
};

describe('the mock and the server refuse the same request with the same words', () => {
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(name, async () => {
      const fromMock = await scenario(new MockBillingClient({ seed: 7, usageEntryCount: 10, latencyMs: 0 }));
      const fromServer = await scenario(await serverClient());
      assert.equal(fromMock.code, 'validation');
      assert.equal(fromServer.code, fromMock.code);
      assert.equal(fromServer.message, fromMock.message);
      // Top-ups carry fieldErrors from the server only; auto-recharge from both, and then they must agree.
      if (fromMock.fieldErrors !== undefined) assert.deepEqual(fromServer.fieldErrors, fromMock.fieldErrors);
      // Both send the rule's key and values, so a German widget words the refusal in German, not in the English sent.
      assert.match(fromServer.messageKey ?? '', /^problems\./, "the server sends the rule's key");
      assert.equal(fromServer.messageKey, fromMock.messageKey);
      assert.deepEqual(fromServer.params, fromMock.params);
      assert.notEqual(fromServer.german, fromServer.message, `worded in German: ${fromServer.german}`);
      assert.equal(fromServer.german, fromMock.german);
    });
  }
});

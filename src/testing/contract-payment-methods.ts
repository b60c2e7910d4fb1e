// The contract kit's checks of removePaymentMethod and setDefaultPaymentMethod: the default card, idempotent repeats,
// not_found, a removed card refused for payments, auto-recharge turned off when its card goes, and past top-ups kept.
import type { BillingClient } from '../client/billing-client.js';
import {
  AccountSchema,
  AutoRechargeSettingsSchema,
  PaymentMethodListSchema,
  PaymentMethodSchema,
  TopUpSchema,
  type PaymentMethod,
} from '../client/schemas.js';
import { assert, assertEqual, rejectsWith, valid } from './contract-assertions.js';
import {
  TEST_CARD,
  autoRechargeOn,
  balanceOf,
  cardToken,
  createTopUp,
  freshIdempotencyKey,
  settled,
  topUpAmount,
} from './contract-client.js';

const REMOVED_CODE = 'payment_method_removed';

function defaults(cards: readonly PaymentMethod[]): string[] {
  return cards.filter((card) => card.isDefault).map((card) => card.id);
}

async function listed(client: BillingClient): Promise<PaymentMethod[]> {
  return valid(PaymentMethodListSchema, await client.listPaymentMethods(), 'listPaymentMethods');
}

async function saveCard(client: BillingClient, number: string, makeDefault = false): Promise<PaymentMethod> {
  return valid(PaymentMethodSchema, await client.addPaymentMethod({ providerToken: cardToken(number), makeDefault }), 'addPaymentMethod');
}

/** Registers the checks; `fresh` gives a client on a fresh account, as every test of the kit takes one. */
export function paymentMethodChangeChecks(
  it: (name: string, test: () => Promise<void>) => unknown,
  fresh: () => Promise<BillingClient>,
): void {
  it('setDefaultPaymentMethod makes exactly that card the default; asking again answers the same; an unknown id is not_found', async () => {
    const client = await fresh();
    const card = await saveCard(client, TEST_CARD.succeedsMastercard);
    const answer = valid(PaymentMethodListSchema, await client.setDefaultPaymentMethod(card.id), 'setDefaultPaymentMethod');
    assertEqual(defaults(answer), [card.id], 'the default card in setDefaultPaymentMethod’s answer');
    assertEqual(answer, await listed(client), 'setDefaultPaymentMethod’s answer and listPaymentMethods');
    const again = valid(PaymentMethodListSchema, await client.setDefaultPaymentMethod(card.id), 'setDefaultPaymentMethod again');
    assertEqual(again, answer, 'setDefaultPaymentMethod asked twice');
    await rejectsWith(client.setDefaultPaymentMethod('pm_contract_never_saved'), 'not_found', 'setDefaultPaymentMethod of an unknown id');
  });

  it('removePaymentMethod answers the cards left; removing it again answers the same; an unknown id is not_found; a removed card cannot pay', async () => {
    const client = await fresh();
    const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
    const kept = await saveCard(client, TEST_CARD.succeeds, true);
    const removed = await saveCard(client, TEST_CARD.succeedsMastercard);
    const paid = await settled(
      client,
      await createTopUp(client, {
        amount: { amount: topUpAmount(account), currency: account.currency },
        source: { type: 'saved_card', paymentMethodId: removed.id },
        idempotencyKey: freshIdempotencyKey(),
      }),
    );
    assertEqual(paid.status, 'succeeded', 'a top-up with the card before it is removed');

    const left = valid(PaymentMethodListSchema, await client.removePaymentMethod(removed.id), 'removePaymentMethod');
    assert(!left.some((card) => card.id === removed.id), 'removePaymentMethod’s answer still lists the removed card');
    assertEqual(defaults(left), [kept.id], 'the default after removing another card');
    assertEqual(left, await listed(client), 'removePaymentMethod’s answer and listPaymentMethods');
    const again = valid(PaymentMethodListSchema, await client.removePaymentMethod(removed.id), 'removePaymentMethod again');
    assertEqual(again, left, 'removing a removed card (a retry) answers the current cards');
    await rejectsWith(client.removePaymentMethod('pm_contract_never_saved'), 'not_found', 'removePaymentMethod of an unknown id');
    await rejectsWith(client.setDefaultPaymentMethod(removed.id), 'not_found', 'setDefaultPaymentMethod of a removed card');

    const before = await balanceOf(client);
    await rejectsWith(
      client.createTopUp({
        amount: { amount: topUpAmount(account), currency: account.currency },
        source: { type: 'saved_card', paymentMethodId: removed.id },
        idempotencyKey: freshIdempotencyKey(),
      }),
      'validation',
      'a top-up with a removed card',
    );
    assertEqual(await balanceOf(client), before, 'balance after a top-up with a removed card was refused');
    const history = valid(TopUpSchema, await client.getTopUp(paid.id), 'getTopUp of a top-up paid with the removed card');
    assertEqual([history.status, history.paymentMethodId], ['succeeded', removed.id], 'the earlier top-up keeps its card');
  });

  it('removing the default card makes the most recently added card left the default', async () => {
    const client = await fresh();
    const newest = await saveCard(client, TEST_CARD.succeedsMastercard);
    const preferred = await saveCard(client, TEST_CARD.succeeds, true);
    const left = valid(PaymentMethodListSchema, await client.removePaymentMethod(preferred.id), 'removePaymentMethod of the default');
    assertEqual(defaults(left), [newest.id], 'the default after removing the default card');
  });

  it('removing the card auto-recharge charges turns auto-recharge off with cause payment_method_removed and a new version', async () => {
    const client = await fresh();
    const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
    const card = await saveCard(client, TEST_CARD.succeedsMastercard);
    const original = valid(AutoRechargeSettingsSchema, await client.getAutoRecharge(), 'getAutoRecharge');
    const request = autoRechargeOn(account, card.id, original.version);
    const saved = valid(AutoRechargeSettingsSchema, await client.saveAutoRecharge(request), 'saveAutoRecharge');
    await client.removePaymentMethod(card.id);

    const after = valid(AutoRechargeSettingsSchema, await client.getAutoRecharge(), 'getAutoRecharge after removing its card');
    assertEqual([after.enabled, after.paymentMethodId], [false, null], 'auto-recharge after removing its card (enabled, paymentMethodId)');
    assertEqual(after.disabledCause?.code, REMOVED_CODE, 'disabledCause.code after removing its card');
    assert(after.version > saved.version, `version must grow when the card goes (was ${saved.version}, now ${after.version})`);
    const summary = valid(AccountSchema, await client.getAccount(), 'getAccount').autoRecharge;
    assertEqual([summary.enabled, summary.paymentMethodId], [false, null], 'the account’s auto-recharge summary after removing its card');
    await rejectsWith(
      client.saveAutoRecharge({ ...request, expectedVersion: after.version }),
      'validation',
      'saveAutoRecharge naming the removed card',
    );
  });
}

// The contract kit's checks of target-balance auto-recharge: the mode and target round-trip (settings and the account
// summary), a target at or below the threshold is refused by field, saving it on below the threshold charges exactly
// what brings the balance up to the target, and a request without mode (a client from before target mode) saves a
// fixed recharge.
import type { BillingClient } from '../client/billing-client.js';
import {
  AccountSchema,
  AutoRechargeSettingsSchema,
  PaymentMethodSchema,
  type Account,
  type AutoRechargeSettings,
  type SaveAutoRechargeRequest,
} from '../client/schemas.js';
import { assert, assertEqual, describeValue, rejectsWith, valid } from './contract-assertions.js';
import { TEST_CARD, autoRechargeOn, balanceOf, cardToken, topUpAmount } from './contract-client.js';

async function withCard(client: BillingClient): Promise<{ account: Account; cardId: string; settings: AutoRechargeSettings }> {
  const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
  const card = valid(
    PaymentMethodSchema,
    await client.addPaymentMethod({ providerToken: cardToken(TEST_CARD.succeeds) }),
    'addPaymentMethod',
  );
  const settings = valid(AutoRechargeSettingsSchema, await client.getAutoRecharge(), 'getAutoRecharge');
  return { account, cardId: card.id, settings };
}

/** Reads the settings until an attempt newer than `seen` is listed (a backend may charge after answering the save). */
async function nextAttempt(client: BillingClient, seen: number, polls = 20): Promise<AutoRechargeSettings> {
  let settings = valid(AutoRechargeSettingsSchema, await client.getAutoRecharge(), 'getAutoRecharge');
  for (let poll = 0; settings.recentAttempts.length <= seen && poll < polls; poll++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    settings = valid(AutoRechargeSettingsSchema, await client.getAutoRecharge(), 'getAutoRecharge');
  }
  return settings;
}

/** Registers the checks; `fresh` gives a client on a fresh account, as every test of the kit takes one. */
export function autoRechargeTargetChecks(
  it: (name: string, test: () => Promise<void>) => unknown,
  fresh: () => Promise<BillingClient>,
): void {
  it('target mode round-trips with its targetBalance (settings and the account summary); a target not above the threshold is refused', async () => {
    const client = await fresh();
    const { account, cardId, settings } = await withCard(client);
    const off = autoRechargeOn(account, cardId, settings.version);
    const threshold = off.thresholdAmount.amount;
    const request: SaveAutoRechargeRequest = {
      ...off,
      // Kept off: this test checks the round trip, not a charge.
      enabled: false,
      mode: 'target',
      targetBalance: { amount: threshold + topUpAmount(account), currency: account.currency },
    };
    const saved = valid(AutoRechargeSettingsSchema, await client.saveAutoRecharge(request), 'saveAutoRecharge in target mode');
    assertEqual([saved.mode, saved.targetBalance], [request.mode, request.targetBalance], 'saved mode and targetBalance');
    const summary = valid(AccountSchema, await client.getAccount(), 'getAccount').autoRecharge;
    assertEqual(
      [summary.mode, summary.targetBalance],
      [request.mode, request.targetBalance],
      'the account summary’s mode and targetBalance',
    );

    const refused = await rejectsWith(
      client.saveAutoRecharge({
        ...request,
        enabled: true,
        targetBalance: { amount: threshold, currency: account.currency },
        expectedVersion: saved.version,
      }),
      'validation',
      'saveAutoRecharge on in target mode with a target equal to the threshold',
    );
    const fieldErrors = refused.details['fieldErrors'];
    assert(
      typeof fieldErrors === 'object' && fieldErrors !== null && 'targetBalance' in fieldErrors,
      `the refusal must name targetBalance in details.fieldErrors, got ${describeValue(fieldErrors)}`,
    );
    assertEqual(
      valid(AutoRechargeSettingsSchema, await client.getAutoRecharge(), 'getAutoRecharge').version,
      saved.version,
      'version after a refused save',
    );
  });

  it('saving target mode on below the threshold charges what brings the balance up to the target, once', async () => {
    const client = await fresh();
    const { account, cardId, settings } = await withCard(client);
    const { minimum, maximum } = account.topUpLimits;
    const balance = account.balance.amount;
    // A threshold just above the balance and a target one top-up above it, both inside the limits.
    const threshold = Math.max(minimum.amount, balance + 1);
    const target = Math.min(maximum.amount, threshold + topUpAmount(account));
    assert(
      target > threshold,
      `this check needs a balance (${balance}) below the top-up maximum (${maximum.amount}) with room for a target above it`,
    );
    const money = (amount: number) => ({ amount, currency: account.currency });
    const saved = valid(
      AutoRechargeSettingsSchema,
      await client.saveAutoRecharge({
        enabled: true,
        mode: 'target',
        thresholdAmount: money(threshold),
        rechargeAmount: money(topUpAmount(account)),
        targetBalance: money(target),
        paymentMethodId: cardId,
        monthlyCap: null,
        expectedVersion: settings.version,
      }),
      'saveAutoRecharge on in target mode below the threshold',
    );
    const after =
      saved.recentAttempts.length > settings.recentAttempts.length ? saved : await nextAttempt(client, settings.recentAttempts.length);
    const attempt = after.recentAttempts[0];
    // The gap, raised to the smallest payment and cut to the largest (the contract's target-mode sizing).
    const expected = Math.min(Math.max(target - balance, minimum.amount, 1), maximum.amount);
    assert(
      attempt !== undefined && after.recentAttempts.length === settings.recentAttempts.length + 1,
      'saving on below the threshold records one attempt',
    );
    assertEqual([attempt.outcome, attempt.amount], ['succeeded', money(expected)], 'the target-mode recharge charged');
    assertEqual(attempt.targetBalance, money(target), 'the attempt’s targetBalance');
    assertEqual(await balanceOf(client), balance + expected, 'the balance after the target-mode recharge');
  });

  it('a save without mode (a client from before target mode) is a fixed recharge', async () => {
    const client = await fresh();
    const { account, cardId, settings } = await withCard(client);
    const target = valid(
      AutoRechargeSettingsSchema,
      await client.saveAutoRecharge({
        ...autoRechargeOn(account, cardId, settings.version),
        enabled: false,
        mode: 'target',
        targetBalance: { amount: account.topUpLimits.maximum.amount, currency: account.currency },
      }),
      'saveAutoRecharge in target mode',
    );
    const old = autoRechargeOn(account, cardId, target.version);
    const saved = valid(
      AutoRechargeSettingsSchema,
      await client.saveAutoRecharge({ ...old, enabled: false }),
      'saveAutoRecharge without mode',
    );
    assertEqual(saved.mode ?? 'fixed', 'fixed', 'the mode after a save without one');
    assertEqual(saved.rechargeAmount, old.rechargeAmount, 'the recharge amount after a save without mode');
  });
}

// runBillingClientContract: one behaviour suite any BillingClient (mock, HTTP, a host's own) must pass, under mocha, node:test or vitest.
import type { BillingClient } from '../client/billing-client.js';
import {
  AccountSchema,
  AutoRechargeSettingsSchema,
  PaymentMethodListSchema,
  PaymentMethodSchema,
  RateListSchema,
  TopUpSchema,
  USAGE_SORTS,
  UsageEntrySchema,
  UsagePageSchema,
  UsageSummarySchema,
  type CreateTopUpRequest,
} from '../client/schemas.js';
import { assert, assertEqual, describeValue, rejectsWith, valid } from './contract-assertions.js';
import {
  TEST_CARD,
  allUsage,
  autoRechargeOn,
  balanceOf,
  cardToken,
  createTopUp,
  freshIdempotencyKey,
  ids,
  newCardTopUp,
  settled,
  sortKey,
  sumPrices,
  topUpAmount,
} from './contract-client.js';
import { autoRechargeTargetChecks } from './contract-auto-recharge.js';
import { paymentMethodChangeChecks } from './contract-payment-methods.js';
import { topUpHistoryChecks } from './contract-top-up-history.js';
import { usageOffsetChecks } from './contract-usage-offset.js';
import { usageSeriesChecks } from './contract-usage-series.js';

/** `describe` of mocha, node:test, vitest or jasmine: (name, body) registering a group. */
export type ContractDescribe = (name: string, body: () => void) => unknown;
/** `it` of the same runner: (name, async test) registering one test. */
export type ContractIt = (name: string, test: () => Promise<void>) => unknown;

export interface BillingClientContractOptions {
  /** Defaults to globalThis.describe (mocha, vitest globals, jasmine). node:test users pass its own. */
  describe?: ContractDescribe;
  /** Defaults to globalThis.it. */
  it?: ContractIt;
  /** Added to the suite name, e.g. "MockBillingClient" or "HTTP against server/app.ts". */
  label?: string;
  /** How many pages listUsage may take at limit 10 before the kit gives up. Default 200 (2,000 entries). */
  maxPages?: number;
  /**
   * Check target-balance auto-recharge (`mode: 'target'`, `targetBalance`). Default true; pass false for a backend
   * without target mode (its settings then carry no mode, and the widgets offer the fixed amount only).
   */
  autoRechargeTargetMode?: boolean;
  /**
   * Check listTopUps, the top-up history (optional in the contract). Default true; pass false for a backend without one
   * (<billing-history> then says the history is unavailable).
   */
  topUpHistory?: boolean;
  /** Check getUsageSeries (spend per day or hour). Default true; pass false for a backend without it (no spend chart is drawn then). */
  usageSeries?: boolean;
}

interface ContractGlobals {
  describe?: ContractDescribe;
  it?: ContractIt;
}

/**
 * Registers the BillingClient contract suite. Each test calls `makeClient()` once and expects a
 * **fresh account** (tests change balances, cards and settings), holding:
 *
 * - a balance (any amount; it may be negative), and top-up limits that allow 10.00 in the
 *   account currency (the kit tops up by 10.00, held within the limits: ¥1,000 on a JPY mock);
 * - at least 30 usage entries over more than one page at limit 10 (and at most ~2,000, see
 *   `maxPages`), ideally of two or more types: the kit checks that type filters partition them;
 * - Stripe's test cards (src/payments/test-cards.ts) accepted as `test_card_<number>` provider
 *   tokens, with the `_3ds_fail` suffix meaning the holder fails 3-D Secure;
 * - a saved card that has expired (MockBillingClient's and the reference server's seed have
 *   Mastercard ••4444): a top-up with it must be declined like any card, as a failed top-up.
 *
 * The reference behaviour is MockBillingClient's. Pricing rule checked on usage: calls are billed
 * per started minute, `billedSeconds` is a multiple of 60 and
 * `price.amount = ratePerMinute.amount × billedSeconds / 60` exactly (integer minor units).
 *
 * Works under mocha and vitest globals as is; node:test users pass `{ describe, it }` from 'node:test'.
 */
export function runBillingClientContract(
  makeClient: () => BillingClient | Promise<BillingClient>,
  options: BillingClientContractOptions = {},
): void {
  const globals = globalThis as ContractGlobals;
  const describe = options.describe ?? globals.describe;
  const it = options.it ?? globals.it;
  if (typeof describe !== 'function' || typeof it !== 'function') {
    throw new TypeError(
      'runBillingClientContract: no describe/it found. Pass them, e.g. runBillingClientContract(make, { describe, it }) with node:test.',
    );
  }
  const maxPages = options.maxPages ?? 200;
  const fresh = async (): Promise<BillingClient> => {
    // A JavaScript caller's factory may resolve with anything.
    const client = (await makeClient()) as BillingClient | null | undefined;
    assert(client && typeof client.getAccount === 'function', 'makeClient() must return a BillingClient');
    return client;
  };

  describe(`BillingClient contract${options.label ? ` (${options.label})` : ''}`, () => {
    describe('account and top-ups', () => {
      it('getAccount returns a valid account whose presets lie within its top-up limits; reading changes nothing', async () => {
        const client = await fresh();
        const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
        assert(topUpAmount(account) > 0, `top-up limits ${describeValue(account.topUpLimits)} leave no positive amount to top up`);
        for (const preset of account.topUpLimits.presets) {
          assert(
            preset.amount >= account.topUpLimits.minimum.amount && preset.amount <= account.topUpLimits.maximum.amount,
            `preset ${preset.amount} lies outside the top-up limits ${describeValue(account.topUpLimits)}`,
          );
        }
        assertEqual(valid(AccountSchema, await client.getAccount(), 'getAccount'), account, 'a second getAccount');
      });

      it('a new-card top-up with 4242 succeeds and raises the balance by exactly the amount', async () => {
        const client = await fresh();
        const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
        const request = newCardTopUp(account, TEST_CARD.succeeds);
        const topUp = await settled(client, await createTopUp(client, request));
        assertEqual(topUp.status, 'succeeded', 'top-up with 4242 status');
        assertEqual(topUp.amount, request.amount, 'top-up amount');
        assertEqual(topUp.idempotencyKey, request.idempotencyKey, 'top-up idempotencyKey');
        const after = await balanceOf(client);
        assertEqual(after, account.balance.amount + request.amount.amount, 'balance after the top-up');
        if (topUp.status === 'succeeded') assertEqual(topUp.balanceAfter.amount, after, 'top-up balanceAfter');
        assertEqual(valid(TopUpSchema, await client.getTopUp(topUp.id), 'getTopUp'), topUp, 'getTopUp of the new top-up');
      });

      it('a replay with the same idempotencyKey returns the same top-up and charges once', async () => {
        const client = await fresh();
        const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
        const request = newCardTopUp(account, TEST_CARD.succeeds);
        const first = await settled(client, await createTopUp(client, request));
        const replay = await settled(client, await createTopUp(client, structuredClone(request)));
        assertEqual(replay.id, first.id, 'the replay’s top-up id');
        assertEqual(replay.status, 'succeeded', 'the replay’s status');
        assertEqual(await balanceOf(client), account.balance.amount + request.amount.amount, 'balance after a top-up and its replay');
      });

      it('a declined card (4000000000009995) gives a failed top-up with insufficient_funds and leaves the balance', async () => {
        const client = await fresh();
        const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
        const topUp = await settled(client, await createTopUp(client, newCardTopUp(account, TEST_CARD.insufficientFunds)));
        assertEqual(topUp.status, 'failed', 'status of a declined top-up (declines resolve, they do not reject)');
        if (topUp.status === 'failed') assertEqual(topUp.failure.code, 'insufficient_funds', 'failure.code');
        assertEqual(await balanceOf(client), account.balance.amount, 'balance after a decline');
      });

      it('an expired saved card gives a failed top-up with expired_card (not a rejection), charges nothing, and a replay answers the same', async () => {
        const client = await fresh();
        const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
        const cards = valid(PaymentMethodListSchema, await client.listPaymentMethods(), 'listPaymentMethods');
        const now = new Date();
        // A card is good through the last day of its expiry month.
        const expired = cards.find((card) => card.expYear * 12 + card.expMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1);
        assert(expired, 'the contract needs a fresh account with an expired saved card (see runBillingClientContract)');
        const request: CreateTopUpRequest = {
          amount: { amount: topUpAmount(account), currency: account.currency },
          source: { type: 'saved_card', paymentMethodId: expired.id },
          idempotencyKey: freshIdempotencyKey(),
        };
        const topUp = await settled(client, await createTopUp(client, request));
        assertEqual(topUp.status, 'failed', 'status of a top-up with an expired card (declines resolve, they do not reject)');
        if (topUp.status === 'failed') assertEqual(topUp.failure.code, 'expired_card', 'failure.code');
        assertEqual(topUp.paymentMethodId, expired.id, 'the declined top-up names the card');
        assertEqual(await balanceOf(client), account.balance.amount, 'balance after an expired card');
        const replay = await settled(client, await createTopUp(client, structuredClone(request)));
        assertEqual(replay, topUp, 'the replay of a declined top-up');
      });

      it('a 3-D Secure card (4000002500003155) requires action, then confirmTopUp succeeds', async () => {
        const client = await fresh();
        const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
        const request = newCardTopUp(account, TEST_CARD.threeDSecure);
        const pending = await createTopUp(client, request);
        assertEqual(pending.status, 'requires_action', 'status before 3-D Secure');
        if (pending.status === 'requires_action') assertEqual(pending.nextAction.type, 'three_d_secure', 'nextAction.type');
        assertEqual(await balanceOf(client), account.balance.amount, 'balance before the payment is confirmed');
        const confirmed = await settled(client, valid(TopUpSchema, await client.confirmTopUp(pending.id), 'confirmTopUp'));
        assertEqual(confirmed.id, pending.id, 'confirmed top-up id');
        assertEqual(confirmed.status, 'succeeded', 'status after 3-D Secure');
        assertEqual(await balanceOf(client), account.balance.amount + request.amount.amount, 'balance after confirmation');
      });

      it('a failed 3-D Secure challenge (_3ds_fail) ends in authentication_failed and no charge', async () => {
        const client = await fresh();
        const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
        const pending = await createTopUp(client, newCardTopUp(account, TEST_CARD.threeDSecure, true));
        assertEqual(pending.status, 'requires_action', 'status before 3-D Secure');
        const confirmed = await settled(client, valid(TopUpSchema, await client.confirmTopUp(pending.id), 'confirmTopUp'));
        assertEqual(confirmed.status, 'failed', 'status after a failed challenge');
        if (confirmed.status === 'failed') assertEqual(confirmed.failure.code, 'authentication_failed', 'failure.code');
        assertEqual(await balanceOf(client), account.balance.amount, 'balance after a failed challenge');
      });

      it('an amount below topUpLimits.minimum is rejected as validation and charges nothing', async () => {
        const client = await fresh();
        const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
        const request = newCardTopUp(account, TEST_CARD.succeeds);
        request.amount = { amount: Math.max(0, account.topUpLimits.minimum.amount - 1), currency: account.currency };
        await rejectsWith(
          client.createTopUp(request),
          'validation',
          `createTopUp of ${request.amount.amount} (minimum ${account.topUpLimits.minimum.amount})`,
        );
        assertEqual(await balanceOf(client), account.balance.amount, 'balance after a refused top-up');
      });

      it('getTopUp of an unknown id rejects with not_found', async () => {
        const client = await fresh();
        await rejectsWith(client.getTopUp('tu_contract_no_such_top_up'), 'not_found', 'getTopUp(unknown id)');
      });
    });

    describe('payment methods', () => {
      it('addPaymentMethod saves a card that listPaymentMethods then lists; makeDefault flips isDefault', async () => {
        const client = await fresh();
        const added = valid(
          PaymentMethodSchema,
          await client.addPaymentMethod({ providerToken: cardToken(TEST_CARD.succeedsMastercard) }),
          'addPaymentMethod',
        );
        assertEqual([added.brand, added.last4], ['mastercard', '4444'], 'brand and last4 of the saved card');
        let methods = valid(PaymentMethodListSchema, await client.listPaymentMethods(), 'listPaymentMethods');
        assertEqual(
          methods.find((method) => method.id === added.id),
          added,
          'the saved card in listPaymentMethods',
        );
        assert(methods.filter((method) => method.isDefault).length <= 1, 'at most one card may be the default');

        const preferred = valid(
          PaymentMethodSchema,
          await client.addPaymentMethod({ providerToken: cardToken(TEST_CARD.succeeds), makeDefault: true }),
          'addPaymentMethod(makeDefault)',
        );
        assertEqual(preferred.isDefault, true, 'isDefault of a card saved with makeDefault');
        methods = valid(PaymentMethodListSchema, await client.listPaymentMethods(), 'listPaymentMethods');
        assertEqual(
          methods.filter((method) => method.isDefault).map((method) => method.id),
          [preferred.id],
          'the default card after makeDefault',
        );
        assertEqual(methods.find((method) => method.id === added.id)?.isDefault, false, 'the earlier card is no longer default');
      });

      it('a top-up with a saved card succeeds and is charged to that card', async () => {
        const client = await fresh();
        const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
        const card = valid(
          PaymentMethodSchema,
          await client.addPaymentMethod({ providerToken: cardToken(TEST_CARD.succeeds) }),
          'addPaymentMethod',
        );
        const request: CreateTopUpRequest = {
          amount: { amount: topUpAmount(account), currency: account.currency },
          source: { type: 'saved_card', paymentMethodId: card.id },
          idempotencyKey: freshIdempotencyKey(),
        };
        const before = await balanceOf(client);
        const topUp = await settled(client, await createTopUp(client, request));
        assertEqual(topUp.status, 'succeeded', 'saved-card top-up status');
        assertEqual(topUp.paymentMethodId, card.id, 'saved-card top-up paymentMethodId');
        assertEqual(await balanceOf(client), before + request.amount.amount, 'balance after a saved-card top-up');
      });

      paymentMethodChangeChecks(it, fresh);
    });

    if (options.topUpHistory !== false) describe('top-up history', () => topUpHistoryChecks(it, fresh));

    describe('auto-recharge', () => {
      it('saveAutoRecharge round-trips through getAutoRecharge; a stale expectedVersion is a conflict with details.current', async () => {
        const client = await fresh();
        const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
        const card = valid(
          PaymentMethodSchema,
          await client.addPaymentMethod({ providerToken: cardToken(TEST_CARD.succeeds) }),
          'addPaymentMethod',
        );
        const original = valid(AutoRechargeSettingsSchema, await client.getAutoRecharge(), 'getAutoRecharge');
        const request = autoRechargeOn(account, card.id, original.version);
        const saved = valid(AutoRechargeSettingsSchema, await client.saveAutoRecharge(request), 'saveAutoRecharge');
        assert(saved.version > original.version, `version must grow on save (was ${original.version}, now ${saved.version})`);
        assertEqual(
          [saved.enabled, saved.thresholdAmount, saved.rechargeAmount, saved.paymentMethodId, saved.monthlyCap],
          [request.enabled, request.thresholdAmount, request.rechargeAmount, request.paymentMethodId, request.monthlyCap],
          'saved settings',
        );
        const reread = valid(AutoRechargeSettingsSchema, await client.getAutoRecharge(), 'getAutoRecharge');
        assertEqual(reread, saved, 'getAutoRecharge after saving');
        const { mode, targetBalance, ...summary } = valid(AccountSchema, await client.getAccount(), 'getAccount').autoRecharge;
        assertEqual(
          summary,
          {
            enabled: saved.enabled,
            thresholdAmount: saved.thresholdAmount,
            rechargeAmount: saved.rechargeAmount,
            paymentMethodId: saved.paymentMethodId,
          },
          'the account’s auto-recharge summary',
        );
        // Backends without target mode send neither; one that sends them agrees with its settings.
        if (mode !== undefined || saved.mode !== undefined) {
          assertEqual(
            [mode ?? 'fixed', targetBalance ?? null],
            [saved.mode ?? 'fixed', saved.targetBalance ?? null],
            'the summary’s mode and targetBalance',
          );
        }

        const conflict = await rejectsWith(
          client.saveAutoRecharge({ ...request, enabled: false }),
          'conflict',
          'saveAutoRecharge with a stale expectedVersion',
        );
        const current = valid(AutoRechargeSettingsSchema, conflict.details['current'], 'the conflict’s details.current');
        assertEqual(current, reread, 'details.current of the conflict');
        assertEqual(
          valid(AutoRechargeSettingsSchema, await client.getAutoRecharge(), 'getAutoRecharge'),
          reread,
          'settings after a refused save',
        );
      });

      if (options.autoRechargeTargetMode !== false) autoRechargeTargetChecks(it, fresh);
    });

    describe('usage', () => {
      it('listUsage pages at limit 10 without overlap or gaps, with a constant totalCount', async () => {
        const client = await fresh();
        const all = await allUsage(client, {}, undefined, maxPages);
        assert(all.totalCount >= 30, `the contract needs at least 30 usage entries on a fresh account, found ${all.totalCount}`);
        assert(all.pages > 1, 'the usage entries must span more than one page at limit 10');
        // The default order is newest first.
        for (let index = 1; index < all.entries.length; index++) {
          const previous = all.entries[index - 1];
          const entry = all.entries[index];
          assert(
            previous && entry && Date.parse(previous.occurredAt) >= Date.parse(entry.occurredAt),
            `default order must be newest first: ${previous?.id} then ${entry?.id}`,
          );
        }
      });

      it('every sort is honoured across pages and lists the same entries', async () => {
        const client = await fresh();
        const reference = ids((await allUsage(client, {}, undefined, maxPages)).entries);
        for (const sort of USAGE_SORTS) {
          const { entries } = await allUsage(client, {}, sort, maxPages);
          assertEqual(ids(entries), reference, `sort ${sort} must list the same entries`);
          const descending = sort.endsWith('_desc');
          for (let index = 1; index < entries.length; index++) {
            const previous = entries[index - 1];
            const entry = entries[index];
            if (!previous || !entry) continue;
            const step = sortKey(entry, sort) - sortKey(previous, sort);
            assert(descending ? step <= 0 : step >= 0, `sort ${sort}: ${previous.id} then ${entry.id} are out of order`);
          }
        }
      });

      it('getUsageSummary totals equal the sum over the listed entries, per type and overall', async () => {
        const client = await fresh();
        const { entries } = await allUsage(client, {}, undefined, maxPages);
        const summary = valid(UsageSummarySchema, await client.getUsageSummary({}), 'getUsageSummary');
        assertEqual(summary.total.amount, sumPrices(entries), 'summary total over all entries');
        const types = [...new Set(entries.map((entry) => entry.type))].sort();
        assertEqual(summary.types.map((type) => type.type).sort(), types, 'summary types');
        for (const type of summary.types) {
          const ofType = entries.filter((entry) => entry.type === type.type);
          assertEqual([type.count, type.total.amount], [ofType.length, sumPrices(ofType)], `summary count and total of ${type.type}`);
        }
        const userIds = new Set(summary.users.map((user) => user.id));
        for (const entry of entries) assert(userIds.has(entry.user.id), `summary.users lacks ${entry.user.id}, who has usage`);
      });

      it('a type filter lists only that type and its summary matches; an unknown type lists nothing', async () => {
        const client = await fresh();
        const { entries, totalCount } = await allUsage(client, {}, undefined, maxPages);
        const types = [...new Set(entries.map((entry) => entry.type))];
        let partition = 0;
        for (const type of types) {
          const filtered = await allUsage(client, { type }, undefined, maxPages);
          assert(
            filtered.entries.every((entry) => entry.type === type),
            `listUsage({ type: ${type} }) returned other types`,
          );
          assertEqual(ids(filtered.entries), ids(entries.filter((entry) => entry.type === type)), `entries of type ${type}`);
          const summary = valid(UsageSummarySchema, await client.getUsageSummary({ type }), 'getUsageSummary');
          assertEqual(summary.total.amount, sumPrices(filtered.entries), `summary total for type ${type}`);
          assertEqual(
            summary.types.map((row) => [row.type, row.count]),
            [[type, filtered.totalCount]],
            `summary rows for type ${type}`,
          );
          partition += filtered.totalCount;
        }
        assertEqual(partition, totalCount, 'type filters must partition the entries');

        const none = valid(UsagePageSchema, await client.listUsage({ type: 'contract_no_such_type', limit: 10 }), 'listUsage');
        assertEqual([none.entries.length, none.totalCount, none.nextCursor], [0, 0, null], 'listUsage of an unknown type');
        const noneSummary = valid(UsageSummarySchema, await client.getUsageSummary({ type: 'contract_no_such_type' }), 'getUsageSummary');
        assertEqual([noneSummary.types.length, noneSummary.total.amount], [0, 0], 'summary of an unknown type');
      });

      it('a time window (from inclusive, to exclusive) lists exactly the entries inside it, and the summary agrees', async () => {
        const client = await fresh();
        const { entries } = await allUsage(client, {}, 'date_asc', maxPages);
        const from = entries[Math.floor(entries.length / 4)]?.occurredAt;
        const to = entries[Math.floor((entries.length * 3) / 4)]?.occurredAt;
        assert(from && to && Date.parse(from) < Date.parse(to), 'the usage entries must span more than one instant');
        const inside = entries.filter(
          (entry) => Date.parse(entry.occurredAt) >= Date.parse(from) && Date.parse(entry.occurredAt) < Date.parse(to),
        );
        const windowed = await allUsage(client, { from, to }, 'date_asc', maxPages);
        assertEqual(ids(windowed.entries), ids(inside), `entries in [${from}, ${to})`);
        const summary = valid(UsageSummarySchema, await client.getUsageSummary({ from, to }), 'getUsageSummary');
        assertEqual(summary.total.amount, sumPrices(inside), 'summary total for the window');
        assertEqual(
          summary.types.reduce((count, row) => count + row.count, 0),
          inside.length,
          'summary count for the window',
        );
      });

      if (options.usageSeries !== false) usageSeriesChecks(it, fresh, maxPages);
      usageOffsetChecks(it, fresh, maxPages);

      it('getUsageEntry of a listed id equals the listed entry; an unknown id is not_found', async () => {
        const client = await fresh();
        const page = valid(UsagePageSchema, await client.listUsage({ limit: 10 }), 'listUsage');
        assert(page.entries.length > 0, 'a fresh account must have usage');
        for (const listed of [page.entries[0], page.entries.at(-1)]) {
          if (!listed) continue;
          assertEqual(
            valid(UsageEntrySchema, await client.getUsageEntry(listed.id), 'getUsageEntry'),
            listed,
            `getUsageEntry(${listed.id})`,
          );
        }
        await rejectsWith(client.getUsageEntry('use_contract_no_such_entry'), 'not_found', 'getUsageEntry(unknown id)');
      });

      it('listRates is non-empty and usage is priced per started minute at the entry’s rate', async () => {
        const client = await fresh();
        const account = valid(AccountSchema, await client.getAccount(), 'getAccount');
        const rates = valid(RateListSchema, await client.listRates(), 'listRates');
        assert(rates.length > 0, 'listRates must not be empty');
        const countries = new Set<string>();
        for (const rate of rates) {
          assert(!countries.has(rate.destinationCountry), `listRates lists ${rate.destinationCountry} twice`);
          countries.add(rate.destinationCountry);
          assertEqual(rate.ratePerMinute.currency, account.currency, `rate currency for ${rate.destinationCountry}`);
          assert(rate.ratePerMinute.amount > 0, `rate for ${rate.destinationCountry} must be positive`);
          // Optional fields, checked when a backend sends them: a scheduled change comes after the rate it replaces,
          // in the same currency.
          const next = rate.nextRate;
          if (next) {
            assertEqual(next.ratePerMinute.currency, account.currency, `next rate currency for ${rate.destinationCountry}`);
            if (rate.effectiveFrom !== undefined) {
              assert(
                Date.parse(next.effectiveFrom) > Date.parse(rate.effectiveFrom),
                `${rate.destinationCountry}: nextRate.effectiveFrom must be after effectiveFrom`,
              );
            }
          }
        }
        const { entries } = await allUsage(client, {}, undefined, maxPages);
        for (const entry of entries) {
          assertEqual(entry.billedSeconds % 60, 0, `${entry.id}: billedSeconds must be whole started minutes`);
          assertEqual(entry.price.currency, account.currency, `${entry.id}: price currency`);
          assertEqual(entry.ratePerMinute.currency, account.currency, `${entry.id}: rate currency`);
          assertEqual(
            entry.price.amount,
            (entry.ratePerMinute.amount * entry.billedSeconds) / 60,
            `${entry.id}: price = rate × billed minutes`,
          );
        }
      });
    });
  });
}

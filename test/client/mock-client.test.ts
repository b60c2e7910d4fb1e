// Tests for MockBillingClient (a real in-memory ledger) and the shared Stripe test-card table.
import { expect } from '@open-wc/testing';
import type * as z from 'zod/mini';
import type { BillingError } from '../../src/client/errors.js';
import {
  AccountSchema,
  AutoRechargeSettingsSchema,
  BillingChangeSchema,
  PaymentMethodListSchema,
  PaymentMethodSchema,
  RateListSchema,
  TopUpSchema,
  UsageEntrySchema,
  UsagePageSchema,
  UsageSeriesSchema,
  UsageSummarySchema,
  USAGE_SORTS,
  type AutoRechargeSettings,
  type BillingChange,
  type CreateTopUpRequest,
  type SaveAutoRechargeRequest,
  type UsageEntry,
  type UsageFilters,
  type UsageQuery,
  type UsageSort,
} from '../../src/client/schemas.js';
import { MockBillingClient, type MockBillingClientOptions } from '../../src/client/mock/mock-client.js';
import { ManualClock } from '../../src/client/mock/clock.js';
import { TEST_CARDS, resolveTestCardToken, testCardOutcomeForToken, testCardToken } from '../../src/payments/test-cards.js';
import { rejectionOf, billingErrorOf } from '../helpers/rejection.js';

const NOW = '2025-03-15T12:00:00.000Z';
const DAY = 86_400_000;
const VISA = 'pm_visa_4242';
const MASTERCARD = 'pm_mastercard_4444';

function usd(amount: number): { amount: number; currency: string } {
  return { amount, currency: 'USD' };
}

function setup(options: MockBillingClientOptions = {}): { client: MockBillingClient; clock: ManualClock } {
  const clock = new ManualClock(NOW);
  return { client: new MockBillingClient({ clock: clock.now, ...options }), clock };
}

/** Parses with a contract schema and fails the test with zod's issues when the payload does not fit. */
function conforms<S extends z.ZodMiniType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`schema mismatch: ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

let keyCounter = 0;
function topUpWithSavedCard(amount: number, paymentMethodId = VISA, idempotencyKey?: string): CreateTopUpRequest {
  keyCounter += 1;
  return {
    amount: usd(amount),
    source: { type: 'saved_card', paymentMethodId },
    idempotencyKey: idempotencyKey ?? `test-key-${String(keyCounter).padStart(6, '0')}`,
  };
}

function topUpWithNewCard(amount: number, providerToken: string, saveCard = false): CreateTopUpRequest {
  keyCounter += 1;
  return {
    amount: usd(amount),
    source: { type: 'new_card', providerToken, saveCard },
    idempotencyKey: `test-key-${String(keyCounter).padStart(6, '0')}`,
  };
}

function autoRechargeRequest(current: AutoRechargeSettings, changes: Partial<SaveAutoRechargeRequest> = {}): SaveAutoRechargeRequest {
  return {
    enabled: current.enabled,
    thresholdAmount: current.thresholdAmount,
    rechargeAmount: current.rechargeAmount,
    paymentMethodId: current.paymentMethodId,
    monthlyCap: current.monthlyCap,
    expectedVersion: current.version,
    ...changes,
  };
}

async function enableAutoRecharge(
  client: MockBillingClient,
  changes: Partial<SaveAutoRechargeRequest> = {},
): Promise<AutoRechargeSettings> {
  const current = await client.getAutoRecharge();
  return client.saveAutoRecharge(autoRechargeRequest(current, { enabled: true, ...changes }));
}

async function balanceOf(client: MockBillingClient): Promise<number> {
  return (await client.getAccount()).balance.amount;
}

/** A call that costs exactly `minutes` × the GB rate ($0.02/min). */
function gbCall(minutes: number): { destinationCountry: string; durationSeconds: number } {
  return { destinationCountry: 'GB', durationSeconds: minutes * 60 };
}

/** A 2-hour call to the UAE: 120 × $0.45 = $54.00. */
const EXPENSIVE_CALL = { destinationCountry: 'AE', durationSeconds: 7200 } as const;

async function allPages(client: MockBillingClient, query: UsageQuery): Promise<{ entries: UsageEntry[]; pages: number }> {
  const entries: UsageEntry[] = [];
  let cursor: string | null = query.cursor ?? null;
  let pages = 0;
  do {
    const page = await client.listUsage({ ...query, cursor });
    conforms(UsagePageSchema, page);
    entries.push(...page.entries);
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 10_000) throw new Error('pagination does not terminate');
  } while (cursor !== null);
  return { entries, pages };
}

function compareForSort(sort: UsageSort): (a: UsageEntry, b: UsageEntry) => number {
  return (a, b) => {
    const byDate = sort === 'date_asc' || sort === 'date_desc';
    const primary = byDate ? Date.parse(a.occurredAt) - Date.parse(b.occurredAt) : a.price.amount - b.price.amount;
    const ascending = primary !== 0 ? primary : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return sort.endsWith('_desc') ? -ascending : ascending;
  };
}

describe('test cards', () => {
  it('maps each published card to its outcome', () => {
    expect(testCardOutcomeForToken('test_card_4242424242424242')).to.deep.equal({ status: 'succeeded' });
    expect(testCardOutcomeForToken('test_card_4000002500003155')).to.deep.equal({
      status: 'requires_action',
      authentication: 'succeeds',
    });
    expect(testCardOutcomeForToken('test_card_4000002500003155_3ds_fail')).to.deep.equal({
      status: 'requires_action',
      authentication: 'fails',
    });
    expect(testCardOutcomeForToken('test_card_4000000000009995')).to.deep.include({
      status: 'declined',
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
    expect(testCardOutcomeForToken('test_card_4000000000000002')).to.deep.include({ declineCode: 'generic_decline' });
    expect(testCardOutcomeForToken('test_card_4000000000000069')).to.deep.include({ declineCode: 'expired_card' });
  });

  it('rejects tokens that name no test card, and builds tokens from typed numbers', () => {
    expect(testCardOutcomeForToken('tok_visa')).to.equal(null);
    expect(testCardOutcomeForToken('test_card_1234567812345678')).to.equal(null);
    expect(testCardOutcomeForToken('test_card_4242424242424242_extra')).to.equal(null);
    expect(testCardToken('4000 0025 0000 3155', { failAuthentication: true })).to.equal('test_card_4000002500003155_3ds_fail');
    expect(resolveTestCardToken(testCardToken('5555 5555 5555 4444'))?.card.brand).to.equal('mastercard');
    for (const card of TEST_CARDS) expect(card.number.endsWith(card.last4)).to.equal(true);
  });
});

describe('MockBillingClient', () => {
  describe('seed', () => {
    it('is deterministic for the same seed and clock, and differs for another seed', async () => {
      const first = setup({ seed: 7 }).client;
      const second = setup({ seed: 7 }).client;
      const other = setup({ seed: 8 }).client;
      const query: UsageQuery = { limit: 500, sort: 'date_asc' };
      const firstPage = await first.listUsage(query);
      expect(await second.listUsage(query)).to.deep.equal(firstPage);
      expect(await second.getAccount()).to.deep.equal(await first.getAccount());
      expect(second.ledger).to.deep.equal(first.ledger);
      expect((await other.listUsage(query)).entries).not.to.deep.equal(firstPage.entries);
    });

    it('holds the documented account, cards, auto-recharge defaults and rates', async () => {
      const { client } = setup();
      const account = conforms(AccountSchema, await client.getAccount());
      expect(account.name).to.equal('Northwind Telecom');
      expect(account.currency).to.equal('USD');
      expect(account.balance).to.deep.equal(usd(4250));
      expect(account.lowBalanceThreshold).to.deep.equal(usd(1000));
      expect(account.topUpLimits).to.deep.equal({
        minimum: usd(1000),
        maximum: usd(100000),
        presets: [usd(2500), usd(5000), usd(10000), usd(25000)],
      });
      expect(account.autoRecharge).to.deep.equal({
        enabled: false,
        thresholdAmount: usd(1000),
        rechargeAmount: usd(5000),
        mode: 'fixed',
        targetBalance: null,
        paymentMethodId: VISA,
      });

      const cards = conforms(PaymentMethodListSchema, await client.listPaymentMethods());
      expect(cards.map((card) => [card.id, card.brand, card.last4, card.isDefault])).to.deep.equal([
        [VISA, 'visa', '4242', true],
        [MASTERCARD, 'mastercard', '4444', false],
      ]);
      const now = new Date(NOW);
      const month = (card: { expYear: number; expMonth: number }): number => card.expYear * 12 + card.expMonth;
      const current = now.getUTCFullYear() * 12 + now.getUTCMonth() + 1;
      expect(month(cards[0]!)).to.be.greaterThan(current);
      expect(month(cards[1]!)).to.be.lessThan(current);

      const rates = conforms(RateListSchema, await client.listRates());
      expect(rates).to.have.length(15);
      expect(rates.find((rate) => rate.destinationCountry === 'GB')?.ratePerMinute).to.deep.equal(usd(2));
      for (const rate of rates) expect(rate.ratePerMinute.amount).to.be.within(2, 45);
    });

    it('lays 300 calls over the 90 days before the clock, with a ledger that never went negative', async () => {
      const { client } = setup();
      const { entries } = await allPages(client, { limit: 500, sort: 'date_asc' });
      expect(entries).to.have.length(300);
      const now = Date.parse(NOW);
      for (const entry of entries) {
        const at = Date.parse(entry.occurredAt);
        expect(at).to.be.lessThan(now);
        expect(at).to.be.at.least(now - 91 * DAY);
        expect(entry.type).to.equal('outbound_international_call');
        expect(entry.typeLabel).to.equal('Outbound International Call');
        // Billed per started minute at the destination's rate.
        expect(entry.billedSeconds % 60).to.equal(0);
        expect(entry.price.amount).to.equal(entry.ratePerMinute.amount * (entry.billedSeconds / 60));
      }
      expect(new Set(entries.map((entry) => entry.user.id)).size).to.be.within(5, 8);

      const ledger = client.ledger;
      expect(ledger.filter((entry) => entry.kind === 'usage')).to.have.length(300);
      for (let index = 1; index < ledger.length; index++) {
        const entry = ledger[index]!;
        expect(entry.balanceAfter.amount).to.equal(ledger[index - 1]!.balanceAfter.amount + entry.amount.amount);
        expect(entry.balanceAfter.amount).to.be.at.least(0);
      }
      expect(ledger.at(-1)?.balanceAfter).to.deep.equal(usd(4250));
      expect((await client.getAccount()).balanceUpdatedAt).to.equal(ledger.at(-1)?.at);
    });

    it('scales amounts with the currency digits (JPY 0, KWD 3)', async () => {
      const yen = conforms(AccountSchema, await setup({ currency: 'JPY' }).client.getAccount());
      expect(yen.balance).to.deep.equal({ amount: 4250, currency: 'JPY' });
      expect(yen.topUpLimits.minimum).to.deep.equal({ amount: 1000, currency: 'JPY' });
      const dinar = setup({ currency: 'KWD' }).client;
      const dinarAccount = conforms(AccountSchema, await dinar.getAccount());
      expect(dinarAccount.balance).to.deep.equal({ amount: 42500, currency: 'KWD' });
      expect(dinarAccount.topUpLimits.maximum).to.deep.equal({ amount: 1000000, currency: 'KWD' });
      const page = conforms(UsagePageSchema, await dinar.listUsage({ limit: 20 }));
      for (const entry of page.entries) expect(entry.price.currency).to.equal('KWD');
      const error = await billingErrorOf(dinar.createTopUp(topUpWithSavedCard(2500)));
      expect(error.code).to.equal('validation');
      expect(error.message).to.contain('KWD');
    });
  });

  describe('schemas', () => {
    it('every response type parses with the contract schemas', async () => {
      const { client } = setup({ processingPolls: 1 });
      const changes: BillingChange[] = [];
      client.subscribe((change) => changes.push(change));

      conforms(AccountSchema, await client.getAccount());
      conforms(PaymentMethodListSchema, await client.listPaymentMethods());
      conforms(PaymentMethodSchema, await client.addPaymentMethod({ providerToken: 'test_card_5555555555554444' }));
      const processing = conforms(TopUpSchema, await client.createTopUp(topUpWithSavedCard(2500)));
      expect(processing.status).to.equal('processing');
      conforms(TopUpSchema, await client.getTopUp(processing.id));
      expect(conforms(TopUpSchema, await client.getTopUp(processing.id)).status).to.equal('succeeded');
      const pending = conforms(TopUpSchema, await client.createTopUp(topUpWithNewCard(2500, 'test_card_4000002500003155')));
      expect(pending.status).to.equal('requires_action');
      conforms(TopUpSchema, await client.confirmTopUp(pending.id));
      const failed = conforms(TopUpSchema, await client.createTopUp(topUpWithNewCard(2500, 'test_card_4000000000000002')));
      expect(failed.status).to.equal('failed');

      client.setCardBehaviour(VISA, 'generic_decline');
      await enableAutoRecharge(client, { monthlyCap: usd(20000) });
      client.simulateUsage([EXPENSIVE_CALL, EXPENSIVE_CALL]);
      const settings = conforms(AutoRechargeSettingsSchema, await client.getAutoRecharge());
      expect(settings.recentAttempts).to.have.length(1);

      conforms(UsagePageSchema, await client.listUsage({}));
      for (const sort of USAGE_SORTS) conforms(UsagePageSchema, await client.listUsage({ sort, limit: 3 }));
      conforms(UsageSummarySchema, await client.getUsageSummary({}));
      const entry = (await client.listUsage({ limit: 1 })).entries[0]!;
      conforms(UsageEntrySchema, await client.getUsageEntry(entry.id));
      conforms(RateListSchema, await client.listRates());

      expect(changes.map((change) => change.type)).to.include.members(['balance', 'account', 'auto_recharge', 'usage']);
      for (const change of changes) conforms(BillingChangeSchema, change);
    });

    it('returns copies, never its own state', async () => {
      const { client } = setup();
      const account = await client.getAccount();
      (account.balance as { amount: number }).amount = 1;
      const settings = await client.getAutoRecharge();
      settings.recentAttempts.push({
        id: 'x',
        at: NOW,
        amount: usd(1),
        paymentMethodId: null,
        outcome: 'failed',
        failureMessage: null,
      });
      expect(await balanceOf(client)).to.equal(4250);
      expect((await client.getAutoRecharge()).recentAttempts).to.have.length(0);
    });
  });

  describe('top-ups', () => {
    it('a saved-card top-up raises the balance, charges once and is in the ledger', async () => {
      const { client } = setup();
      const topUp = await client.createTopUp(topUpWithSavedCard(2500));
      expect(topUp.status).to.equal('succeeded');
      if (topUp.status === 'succeeded') expect(topUp.balanceAfter).to.deep.equal(usd(6750));
      expect(await balanceOf(client)).to.equal(6750);
      expect(client.charges).to.have.length(1);
      expect(client.charges[0]).to.deep.include({ topUpId: topUp.id, paymentMethodId: VISA, kind: 'manual' });
      expect(client.charges[0]?.amount).to.deep.equal(usd(2500));
      expect(client.ledger.at(-1)).to.deep.include({ kind: 'top_up', topUpId: topUp.id });
      expect(await client.getTopUp(topUp.id)).to.deep.equal(topUp);
    });

    it('a replay with the same idempotency key returns the same top-up and charges once', async () => {
      const { client } = setup();
      const request = topUpWithSavedCard(5000);
      const [first, second] = await Promise.all([client.createTopUp(request), client.createTopUp(request)]);
      const third = await client.createTopUp(request);
      expect(second).to.deep.equal(first);
      expect(third).to.deep.equal(first);
      expect(client.charges).to.have.length(1);
      expect(await balanceOf(client)).to.equal(9250);
    });

    it('after a lost response, a retry with the same key gets the same top-up and no second charge', async () => {
      const { client } = setup();
      const request = topUpWithSavedCard(2500);
      client.dropNextResponse('createTopUp');
      const lost = await billingErrorOf(client.createTopUp(request));
      expect(lost.code).to.equal('network');
      expect(lost.retryable).to.equal(true);
      expect(client.charges).to.have.length(1);
      const retried = await client.createTopUp(request);
      expect(retried.status).to.equal('succeeded');
      expect(retried.id).to.equal(client.charges[0]?.topUpId);
      expect(client.charges).to.have.length(1);
      expect(await balanceOf(client)).to.equal(6750);
    });

    it('the same key with a different amount is a conflict', async () => {
      const { client } = setup();
      const request = topUpWithSavedCard(2500);
      await client.createTopUp(request);
      const error = await billingErrorOf(client.createTopUp({ ...request, amount: usd(5000) }));
      expect(error.code).to.equal('conflict');
      expect(client.charges).to.have.length(1);
    });

    it('validates amounts against the limits and the currency', async () => {
      const { client } = setup();
      const low = await billingErrorOf(client.createTopUp(topUpWithSavedCard(999)));
      expect(low.code).to.equal('validation');
      expect(low.message).to.contain('$10.00');
      const high = await billingErrorOf(client.createTopUp(topUpWithSavedCard(100001)));
      expect(high.code).to.equal('validation');
      expect(high.message).to.contain('$1,000.00');
      const euros = await billingErrorOf(client.createTopUp({ ...topUpWithSavedCard(2500), amount: { amount: 2500, currency: 'EUR' } }));
      expect(euros.code).to.equal('validation');
      const shortKey = await billingErrorOf(client.createTopUp(topUpWithSavedCard(2500, VISA, 'short')));
      expect(shortKey.code).to.equal('validation');
      // Both edges are allowed.
      expect((await client.createTopUp(topUpWithSavedCard(1000))).status).to.equal('succeeded');
      expect((await client.createTopUp(topUpWithSavedCard(100000))).status).to.equal('succeeded');
      expect(client.charges).to.have.length(2);
    });

    it('refuses an unknown saved card, and reports an expired or declining one as a failed top-up', async () => {
      const { client } = setup();
      expect((await billingErrorOf(client.createTopUp(topUpWithSavedCard(2500, 'pm_nope')))).code).to.equal('validation');
      const expiredRequest = topUpWithSavedCard(2500, MASTERCARD);
      const expired = await client.createTopUp(expiredRequest);
      expect(expired.status).to.equal('failed');
      expect(expired.paymentMethodId).to.equal(MASTERCARD);
      if (expired.status === 'failed') {
        expect(expired.failure.code).to.equal('expired_card');
        expect(expired.failure.message).to.contain('Mastercard ••4444');
      }
      expect(await client.createTopUp(expiredRequest)).to.deep.equal(expired);

      client.setCardBehaviour(VISA, 'insufficient_funds');
      const declined = await client.createTopUp(topUpWithSavedCard(2500));
      expect(declined.status).to.equal('failed');
      if (declined.status === 'failed') {
        expect(declined.failure).to.deep.equal({ code: 'insufficient_funds', message: 'Your card has insufficient funds.' });
      }
      expect(client.charges).to.have.length(0);
      expect(await balanceOf(client)).to.equal(4250);
    });

    it('new test cards: success (and saving), declines in plain words, unknown tokens refused', async () => {
      const { client } = setup();
      const saved = await client.createTopUp(topUpWithNewCard(2500, 'test_card_4242424242424242', true));
      expect(saved.status).to.equal('succeeded');
      const methods = await client.listPaymentMethods();
      expect(methods).to.have.length(3);
      expect(saved.paymentMethodId).to.equal(methods.find((card) => card.id.startsWith('pm_card_'))?.id);

      const unsaved = await client.createTopUp(topUpWithNewCard(2500, 'test_card_5555555555554444'));
      expect(unsaved.paymentMethodId).to.equal(null);
      expect(await client.listPaymentMethods()).to.have.length(3);

      const expectations: Array<[string, string, string]> = [
        ['test_card_4000000000009995', 'insufficient_funds', 'Your card has insufficient funds.'],
        ['test_card_4000000000000002', 'generic_decline', 'Your card was declined.'],
        ['test_card_4000000000000069', 'expired_card', 'Your card has expired.'],
      ];
      for (const [token, code, message] of expectations) {
        const topUp = await client.createTopUp(topUpWithNewCard(2500, token, true));
        expect(topUp.status, token).to.equal('failed');
        if (topUp.status === 'failed') expect(topUp.failure).to.deep.equal({ code, message });
      }
      expect(await client.listPaymentMethods()).to.have.length(3);
      expect(client.charges).to.have.length(2);
      expect(await balanceOf(client)).to.equal(4250 + 5000);

      const unknown = await billingErrorOf(client.createTopUp(topUpWithNewCard(2500, 'tok_visa')));
      expect(unknown.code).to.equal('validation');
    });

    it('a 3-D Secure card requires action, then confirm settles it (and the _3ds_fail variant fails)', async () => {
      const { client } = setup();
      const pending = await client.createTopUp(topUpWithNewCard(2500, 'test_card_4000002500003155', true));
      expect(pending.status).to.equal('requires_action');
      if (pending.status === 'requires_action') {
        expect(pending.nextAction.type).to.equal('three_d_secure');
        expect(pending.nextAction.clientSecret).to.contain(pending.id);
      }
      expect(client.charges).to.have.length(0);
      expect(await balanceOf(client)).to.equal(4250);

      const confirmed = await client.confirmTopUp(pending.id);
      expect(confirmed.status).to.equal('succeeded');
      expect(confirmed.paymentMethodId).to.match(/^pm_card_/);
      expect(client.charges).to.have.length(1);
      expect(await balanceOf(client)).to.equal(6750);
      // Confirming again reports the state and charges nothing more.
      expect(await client.confirmTopUp(pending.id)).to.deep.equal(confirmed);
      expect(client.charges).to.have.length(1);

      const failing = await client.createTopUp(topUpWithNewCard(2500, 'test_card_4000002500003155_3ds_fail', true));
      expect(failing.status).to.equal('requires_action');
      const failed = await client.confirmTopUp(failing.id);
      expect(failed.status).to.equal('failed');
      if (failed.status === 'failed') expect(failed.failure.code).to.equal('authentication_failed');
      expect(client.charges).to.have.length(1);
      expect(await client.listPaymentMethods()).to.have.length(3);

      expect((await billingErrorOf(client.confirmTopUp('tu_missing'))).code).to.equal('not_found');
    });

    it('reports "processing" for the configured number of polls before "succeeded"', async () => {
      const { client } = setup({ processingPolls: 2 });
      const created = await client.createTopUp(topUpWithSavedCard(2500));
      expect(created.status).to.equal('processing');
      expect((await client.getTopUp(created.id)).status).to.equal('processing');
      expect((await client.getTopUp(created.id)).status).to.equal('processing');
      expect(await balanceOf(client)).to.equal(4250);
      const settled = await client.getTopUp(created.id);
      expect(settled.status).to.equal('succeeded');
      if (settled.status === 'succeeded') expect(settled.balanceAfter).to.deep.equal(usd(6750));
      expect((await client.getTopUp(created.id)).status).to.equal('succeeded');
      expect(await balanceOf(client)).to.equal(6750);
      expect(client.charges).to.have.length(1);
    });
  });

  describe('payment methods', () => {
    it('adds a test card (optionally as default) and refuses declining ones', async () => {
      const { client } = setup();
      const added = await client.addPaymentMethod({ providerToken: 'test_card_5555555555554444', makeDefault: true });
      expect(added).to.deep.include({ brand: 'mastercard', last4: '4444', isDefault: true });
      const methods = await client.listPaymentMethods();
      expect(methods[0]?.id).to.equal(added.id);
      expect(methods.filter((card) => card.isDefault)).to.have.length(1);

      for (const token of ['test_card_4000000000009995', 'test_card_4000000000000069', 'test_card_4000002500003155_3ds_fail']) {
        const error = await billingErrorOf(client.addPaymentMethod({ providerToken: token }));
        expect(error.code, token).to.equal('card_declined');
      }
      expect(await client.listPaymentMethods()).to.have.length(3);
    });
  });

  describe('automatic recharge', () => {
    it('rejects a stale version with the current settings, and bumps the version on every save', async () => {
      const { client } = setup();
      const original = await client.getAutoRecharge();
      const saved = await client.saveAutoRecharge(autoRechargeRequest(original, { rechargeAmount: usd(2500) }));
      expect(saved.version).to.equal(original.version + 1);
      const error = await billingErrorOf(client.saveAutoRecharge(autoRechargeRequest(original, { rechargeAmount: usd(10000) })));
      expect(error.code).to.equal('conflict');
      const current = conforms(AutoRechargeSettingsSchema, error.details['current']);
      expect(current).to.deep.equal(saved);
      expect((await client.getAutoRecharge()).rechargeAmount).to.deep.equal(usd(2500));
      const account = await client.getAccount();
      expect(account.autoRecharge.rechargeAmount).to.deep.equal(usd(2500));
    });

    it('validates what it will be asked to charge', async () => {
      const { client } = setup();
      const current = await client.getAutoRecharge();
      const attempt = (changes: Partial<SaveAutoRechargeRequest>): Promise<BillingError> =>
        billingErrorOf(client.saveAutoRecharge(autoRechargeRequest(current, { enabled: true, ...changes })));
      expect((await attempt({ rechargeAmount: usd(0) })).details['fieldErrors']).to.have.property('rechargeAmount');
      expect((await attempt({ rechargeAmount: usd(100001) })).details['fieldErrors']).to.have.property('rechargeAmount');
      expect((await attempt({ paymentMethodId: MASTERCARD })).message).to.contain('expired');
      expect((await attempt({ paymentMethodId: null })).details['fieldErrors']).to.have.property('paymentMethodId');
      expect((await attempt({ monthlyCap: usd(4999) })).details['fieldErrors']).to.have.property('monthlyCap');
      expect((await client.getAutoRecharge()).version).to.equal(current.version);

      const { client: noCaps } = setup({ monthlyCapSupported: false });
      const noCapSettings = await noCaps.getAutoRecharge();
      expect(noCapSettings.monthlyCapSupported).to.equal(false);
      const capError = await billingErrorOf(
        noCaps.saveAutoRecharge(autoRechargeRequest(noCapSettings, { enabled: true, monthlyCap: usd(50000) })),
      );
      expect(capError.code).to.equal('validation');
    });

    it('enabling while the balance is already below the threshold recharges once, right away', async () => {
      const { client } = setup({ startingBalance: 900 });
      const settings = await enableAutoRecharge(client);
      expect(client.charges.map((charge) => charge.kind)).to.deep.equal(['auto_recharge']);
      expect(settings.recentAttempts[0]).to.deep.include({ outcome: 'succeeded', failureMessage: null });
      expect(await balanceOf(client)).to.equal(5900);
    });

    it('a burst that crosses the threshold triggers exactly one recharge, even if still below afterwards', async () => {
      const { client } = setup({ startingBalance: 1500 });
      await enableAutoRecharge(client);
      expect(client.charges).to.have.length(0);

      client.simulateUsage([EXPENSIVE_CALL, gbCall(1), gbCall(2), gbCall(3), gbCall(4)]);
      // 1500 − 5400 − 20 = −3920; one recharge of 5000.
      expect(client.charges).to.have.length(1);
      expect(await balanceOf(client)).to.equal(1080);
      const tail = client.ledger.slice(-6).map((entry) => entry.kind);
      expect(tail).to.deep.equal(['usage', 'usage', 'usage', 'usage', 'usage', 'top_up']);

      client.simulateUsage(Array.from({ length: 4 }, () => EXPENSIVE_CALL));
      // 1080 − 21600 = −20520; one recharge leaves −15520, still below, and no second charge.
      expect(client.charges).to.have.length(2);
      expect(await balanceOf(client)).to.equal(-15520);
      expect(conforms(AccountSchema, await client.getAccount()).balance.amount).to.equal(-15520);
    });

    it('a balance exactly at the threshold does not trigger; one unit below does', async () => {
      const { client } = setup({ startingBalance: 1100 });
      await enableAutoRecharge(client);
      client.simulateUsage([gbCall(50)]);
      expect(await balanceOf(client)).to.equal(1000);
      expect(client.charges).to.have.length(0);
      // Saving while at the threshold does not fire either.
      await enableAutoRecharge(client);
      expect(client.charges).to.have.length(0);
      client.simulateUsage([{ destinationCountry: 'GB', durationSeconds: 1 }]);
      expect(client.charges).to.have.length(1);
      expect(await balanceOf(client)).to.equal(998 + 5000);
    });

    it('three failed payments in a row turn it off with a reason', async () => {
      const { client } = setup({ startingBalance: 1500 });
      const enabled = await enableAutoRecharge(client);
      client.setCardBehaviour(VISA, 'insufficient_funds');
      for (let burst = 0; burst < 3; burst++) client.simulateUsage([EXPENSIVE_CALL]);
      const settings = await client.getAutoRecharge();
      expect(settings.enabled).to.equal(false);
      expect(settings.disabledReason).to.equal(
        'Automatic recharge was turned off after 3 failed payments with Visa ••4242. Update the card and turn it back on.',
      );
      expect(settings.version).to.equal(enabled.version + 1);
      expect(settings.recentAttempts.map((attempt) => attempt.outcome)).to.deep.equal(['failed', 'failed', 'failed']);
      expect(settings.recentAttempts[0]?.failureMessage).to.equal('Your card has insufficient funds.');
      // Codes beside the English, as the reference server sends them, for the widgets to word in their language.
      expect(settings.disabledCause).to.deep.equal({ code: 'repeated_failures', params: { count: 3, card: 'Visa ••4242' } });
      expect(settings.recentAttempts[0]?.failureReason).to.deep.equal({ code: 'insufficient_funds', params: {} });
      expect(Date.parse(settings.recentAttempts[0]!.at)).to.be.at.least(Date.parse(settings.recentAttempts[2]!.at));
      expect((await client.getAccount()).autoRecharge.enabled).to.equal(false);

      client.simulateUsage([EXPENSIVE_CALL]);
      expect((await client.getAutoRecharge()).recentAttempts).to.have.length(3);
      expect(client.charges).to.have.length(0);

      // Fixing the card and turning it back on clears the reason and recharges (the balance is low).
      client.setCardBehaviour(VISA, 'succeeds');
      const back = await enableAutoRecharge(client);
      expect(back.disabledReason).to.equal(null);
      expect(back.disabledCause).to.equal(null);
      expect(back.recentAttempts[0]?.outcome).to.equal('succeeded');
      expect(client.charges).to.have.length(1);
    });

    it('keeps only the last 10 attempts, newest first', async () => {
      const { client } = setup({ startingBalance: 0 });
      await enableAutoRecharge(client);
      for (let burst = 0; burst < 12; burst++) client.simulateUsage(Array.from({ length: 2 }, () => EXPENSIVE_CALL));
      const settings = await client.getAutoRecharge();
      expect(settings.recentAttempts).to.have.length(10);
      expect(settings.recentAttempts[0]!.id > settings.recentAttempts[9]!.id).to.equal(true);
    });

    it('skips a recharge that would pass the monthly cap, and recharges again next month', async () => {
      const { client, clock } = setup({ startingBalance: 1500 });
      await enableAutoRecharge(client, { monthlyCap: usd(10000) });
      client.simulateUsage([EXPENSIVE_CALL]); // 1500 − 5400 → recharge → 1100
      client.simulateUsage([EXPENSIVE_CALL]); // 1100 − 5400 → recharge (10000 = cap) → 700
      expect(client.charges).to.have.length(2);
      client.simulateUsage([EXPENSIVE_CALL]); // 700 − 5400 → would be 15000 this month: skipped
      expect(client.charges).to.have.length(2);
      let settings = await client.getAutoRecharge();
      expect(settings.enabled).to.equal(true);
      expect(settings.recentAttempts[0]?.outcome).to.equal('skipped');
      expect(settings.recentAttempts[0]?.failureMessage).to.contain('monthly cap');
      expect(await balanceOf(client)).to.equal(-4700);
      // A skip is not a payment failure: it never counts toward turning recharge off. It is recorded once for the
      // stretch below the threshold, not again on every call.
      client.simulateUsage([EXPENSIVE_CALL]);
      client.simulateUsage([EXPENSIVE_CALL]);
      settings = await client.getAutoRecharge();
      expect(settings.recentAttempts.slice(0, 3).map((attempt) => attempt.outcome)).to.deep.equal(['skipped', 'succeeded', 'succeeded']);
      expect(settings.enabled).to.equal(true);
      expect(settings.disabledReason).to.equal(null);
      expect(await balanceOf(client)).to.equal(-4700 - 2 * 5400);

      clock.set('2025-04-01T00:00:00.000Z');
      // The minute costs the GB rate in force next month (the seed schedules a change on the 1st).
      const gbMinute = (await client.listRates()).find((rate) => rate.destinationCountry === 'GB')!.ratePerMinute.amount;
      client.simulateUsage([gbCall(1)]);
      expect(client.charges).to.have.length(3);
      settings = await client.getAutoRecharge();
      expect(settings.recentAttempts[0]?.outcome).to.equal('succeeded');
      expect(await balanceOf(client)).to.equal(-4700 - 2 * 5400 - gbMinute + 5000);
    });
  });

  describe('usage', () => {
    it('pages through every entry exactly once, for each sort, when the page size divides the count', async () => {
      const { client } = setup();
      for (const sort of USAGE_SORTS) {
        for (const limit of [50, 7, 300]) {
          const { entries, pages } = await allPages(client, { sort, limit });
          expect(pages, `${sort}/${limit}`).to.equal(Math.ceil(300 / limit));
          expect(new Set(entries.map((entry) => entry.id)).size).to.equal(300);
          const sorted = [...entries].sort(compareForSort(sort));
          expect(entries.map((entry) => entry.id)).to.deep.equal(sorted.map((entry) => entry.id));
        }
      }
      const firstPage = await client.listUsage({ limit: 50 });
      expect(firstPage.totalCount).to.equal(300);
      const lastPage = await client.listUsage({ limit: 300 });
      expect(lastPage.nextCursor).to.equal(null);
    });

    it('defaults to newest first, 50 a page, and refuses bad limits and foreign cursors', async () => {
      const { client } = setup();
      const page = await client.listUsage({});
      expect(page.entries).to.have.length(50);
      const dates = page.entries.map((entry) => Date.parse(entry.occurredAt));
      expect(dates).to.deep.equal([...dates].sort((a, b) => b - a));
      expect((await billingErrorOf(client.listUsage({ limit: 501 }))).code).to.equal('validation');
      const foreign = await billingErrorOf(client.listUsage({ sort: 'price_asc', cursor: page.nextCursor }));
      expect(foreign.code).to.equal('validation');
      expect((await billingErrorOf(client.listUsage({ cursor: 'garbage!' }))).code).to.equal('validation');
    });

    it('does not repeat or skip an entry at a page edge when usage arrives between pages', async () => {
      const { client, clock } = setup();
      const first = await client.listUsage({ limit: 100 });
      clock.advance(60_000);
      client.simulateUsage(5);
      const rest = await allPages(client, { limit: 100, cursor: first.nextCursor });
      const ids = [...first.entries, ...rest.entries].map((entry) => entry.id);
      expect(ids).to.have.length(300);
      expect(new Set(ids).size).to.equal(300);
      expect((await client.listUsage({ limit: 1 })).totalCount).to.equal(305);
    });

    it('filters from inclusive, to exclusive, by user and by type', async () => {
      const { client } = setup();
      const { entries } = await allPages(client, { sort: 'date_asc', limit: 500 });
      const pivot = entries[150]!;
      const from = await allPages(client, { from: pivot.occurredAt, sort: 'date_asc', limit: 500 });
      expect(from.entries[0]?.id).to.equal(pivot.id);
      const to = await allPages(client, { to: pivot.occurredAt, sort: 'date_asc', limit: 500 });
      expect(to.entries.map((entry) => entry.id)).not.to.include(pivot.id);
      expect(from.entries.length + to.entries.length).to.equal(300);

      const userId = pivot.user.id;
      const mine = await allPages(client, { userId, limit: 500 });
      expect(mine.entries.every((entry) => entry.user.id === userId)).to.equal(true);
      expect(mine.entries).to.have.length(entries.filter((entry) => entry.user.id === userId).length);
      expect((await client.listUsage({ type: 'sms' })).totalCount).to.equal(0);
      expect((await client.listUsage({ type: 'outbound_international_call' })).totalCount).to.equal(300);
    });

    it('summary totals equal the sum of the itemised list for the same filters', async () => {
      const { client } = setup();
      client.simulateUsage(10);
      const now = Date.parse(NOW);
      const filterSets: UsageFilters[] = [
        {},
        { userId: 'usr_dana_whitfield' },
        { from: new Date(now - 30 * DAY).toISOString(), to: new Date(now - 10 * DAY).toISOString() },
        { type: 'outbound_international_call', userId: 'usr_kenji_watanabe', from: new Date(now - 60 * DAY).toISOString() },
        { type: 'sms' },
        { userId: 'usr_nobody' },
      ];
      for (const filters of filterSets) {
        const summary = conforms(UsageSummarySchema, await client.getUsageSummary(filters));
        const { entries } = await allPages(client, { ...filters, limit: 500 });
        const itemised = entries.reduce((sum, entry) => sum + entry.price.amount, 0);
        const label = JSON.stringify(filters);
        expect(summary.total.amount, label).to.equal(itemised);
        expect(
          summary.types.reduce((sum, type) => sum + type.count, 0),
          label,
        ).to.equal(entries.length);
        expect(
          summary.types.reduce((sum, type) => sum + type.total.amount, 0),
          label,
        ).to.equal(itemised);
        for (const entry of entries) expect(summary.users.map((user) => user.id)).to.include(entry.user.id);
      }
      const everyone = await client.getUsageSummary({ userId: 'usr_dana_whitfield' });
      expect(everyone.users.length).to.be.greaterThan(1);
    });

    it('series: every day of the window in the zone, totals equal the summary for the same filters; refusals name the field', async () => {
      const { client } = setup();
      client.simulateUsage(10);
      const now = Date.parse(NOW);
      for (const filters of [{}, { userId: 'usr_dana_whitfield' }, { type: 'sms' }]) {
        const window = { ...filters, from: new Date(now - 30 * DAY).toISOString(), to: new Date(now + DAY).toISOString() };
        const series = conforms(UsageSeriesSchema, await client.getUsageSeries({ ...window, timeZone: 'Asia/Kolkata', bucket: 'day' }));
        const summary = await client.getUsageSummary(window);
        expect(series.total, JSON.stringify(filters)).to.deep.equal(summary.total);
        expect(series.points.reduce((sum, point) => sum + point.spend.amount, 0)).to.equal(summary.total.amount);
        expect(series.points.length).to.be.within(31, 32);
        // Kolkata's midnight is 18:30 UTC.
        for (const point of series.points) expect(point.start.slice(11)).to.equal('18:30:00.000Z');
      }
      const from = new Date(now - DAY).toISOString();
      const zone = await billingErrorOf(client.getUsageSeries({ from, to: NOW, timeZone: 'Nowhere/Land', bucket: 'day' }));
      expect([zone.code, zone.details['field']]).to.deep.equal(['validation', 'timeZone']);
      const long = await billingErrorOf(
        client.getUsageSeries({ from, to: new Date(now + 9 * DAY).toISOString(), timeZone: 'UTC', bucket: 'hour' }),
      );
      expect([long.code, long.details['field']]).to.deep.equal(['validation', 'to']);
      client.failNext('getUsageSeries', 1, 'unavailable');
      expect((await billingErrorOf(client.getUsageSeries({ from, to: NOW, timeZone: 'UTC', bucket: 'hour' }))).code).to.equal(
        'unavailable',
      );
    });

    it('finds one entry by id, or says not_found', async () => {
      const { client } = setup();
      const entry = (await client.listUsage({ limit: 1 })).entries[0]!;
      expect(await client.getUsageEntry(entry.id)).to.deep.equal(entry);
      expect((await billingErrorOf(client.getUsageEntry('use_99999999'))).code).to.equal('not_found');
      expect((await billingErrorOf(client.getUsageEntry('nope'))).code).to.equal('not_found');
    });

    it('simulated usage is priced per started minute and debits the balance', async () => {
      const { client } = setup();
      const [entry] = client.simulateUsage([{ destinationCountry: 'PH', durationSeconds: 61, userId: 'usr_priya_raman' }]);
      expect(entry).to.deep.include({ billedSeconds: 120, destinationName: 'Philippines' });
      expect(entry?.price).to.deep.equal(usd(30));
      expect(entry?.user.name).to.equal('Priya Raman');
      expect(await balanceOf(client)).to.equal(4220);
      expect((await client.listUsage({ limit: 1 })).entries[0]?.id).to.equal(entry?.id);
    });

    it('builds 100,000 entries quickly and pages them without re-sorting', async () => {
      const started = performance.now();
      const { client } = setup({ usageEntryCount: 100_000 });
      const built = performance.now() - started;
      expect(built).to.be.lessThan(1000);

      const firstStarted = performance.now();
      const first = await client.listUsage({ sort: 'price_desc', limit: 500, userId: 'usr_dana_whitfield' });
      const firstTook = performance.now() - firstStarted;
      const secondStarted = performance.now();
      const second = await client.listUsage({
        sort: 'price_desc',
        limit: 500,
        userId: 'usr_dana_whitfield',
        cursor: first.nextCursor,
      });
      const secondTook = performance.now() - secondStarted;
      expect(firstTook).to.be.lessThan(1000);
      expect(secondTook).to.be.lessThan(50);
      expect(first.totalCount).to.equal(second.totalCount);
      expect(first.totalCount).to.be.greaterThan(10_000);
      const boundary = compareForSort('price_desc')(first.entries.at(-1)!, second.entries[0]!);
      expect(boundary).to.be.lessThan(0);

      const summary = await client.getUsageSummary({});
      expect(summary.types[0]?.count).to.equal(100_000);
      expect(client.ledger.at(-1)?.balanceAfter).to.deep.equal(usd(4250));
      expect(client.ledger.every((entry) => entry.balanceAfter.amount >= 0)).to.equal(true);
    });
  });

  describe('faults, abort and change feed', () => {
    it('honours an AbortSignal before and during the simulated latency, applying nothing', async () => {
      const { client } = setup({ latencyMs: 30 });
      const aborted = AbortSignal.abort();
      const before = await rejectionOf(client.createTopUp(topUpWithSavedCard(2500), { signal: aborted }));
      expect(before).to.be.instanceOf(DOMException);
      expect((before as DOMException).name).to.equal('AbortError');

      const controller = new AbortController();
      const pending = client.createTopUp(topUpWithSavedCard(2500), { signal: controller.signal });
      setTimeout(() => controller.abort(), 5);
      const during = await rejectionOf(pending);
      expect((during as DOMException).name).to.equal('AbortError');

      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(client.charges).to.have.length(0);
      client.setLatency(0);
      expect(await balanceOf(client)).to.equal(4250);
    });

    it('failNext rejects the next N calls with the given error before applying anything', async () => {
      const { client } = setup();
      client.failNext('createTopUp', 2, 'unavailable', 'Down for maintenance.');
      const request = topUpWithSavedCard(2500);
      const first = await billingErrorOf(client.createTopUp(request));
      expect(first.code).to.equal('unavailable');
      expect(first.message).to.equal('Down for maintenance.');
      expect((await billingErrorOf(client.createTopUp(request))).code).to.equal('unavailable');
      expect(client.charges).to.have.length(0);
      expect((await client.createTopUp(request)).status).to.equal('succeeded');
      expect(client.charges).to.have.length(1);

      client.failNext('getAccount', 1, 'unauthorized');
      expect((await billingErrorOf(client.getAccount())).code).to.equal('unauthorized');
      expect((await client.getAccount()).balance.amount).to.equal(6750);
    });

    it('a lost saveAutoRecharge response still saved the settings', async () => {
      const { client } = setup();
      const current = await client.getAutoRecharge();
      client.dropNextResponse('saveAutoRecharge');
      const lost = await billingErrorOf(client.saveAutoRecharge(autoRechargeRequest(current, { enabled: true })));
      expect(lost.code).to.equal('network');
      const after = await client.getAutoRecharge();
      expect(after.enabled).to.equal(true);
      expect(after.version).to.equal(current.version + 1);
    });

    it('pushes balance, usage and auto-recharge changes until unsubscribed', async () => {
      const { client } = setup({ startingBalance: 1500 });
      const changes: BillingChange[] = [];
      const unsubscribe = client.subscribe((change) => changes.push(change));
      await client.createTopUp(topUpWithSavedCard(2500));
      expect(changes).to.deep.equal([{ type: 'balance', balance: usd(4000), at: NOW }]);

      changes.length = 0;
      await enableAutoRecharge(client);
      expect(changes).to.deep.equal([{ type: 'auto_recharge' }]);

      changes.length = 0;
      client.simulateUsage([EXPENSIVE_CALL]);
      const balances = changes.filter((change) => change.type === 'balance');
      expect(changes.map((change) => change.type)).to.include.members(['usage', 'auto_recharge']);
      expect(balances.map((change) => change.balance.amount)).to.deep.equal([4000 - 5400, 4000 - 5400 + 5000]);

      unsubscribe();
      changes.length = 0;
      client.simulateUsage(1);
      await client.createTopUp(topUpWithSavedCard(2500));
      expect(changes).to.have.length(0);
    });
  });
});

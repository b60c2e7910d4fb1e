// Money under concurrency: one charge per idempotency key, settlement credits once, one recharge per burst, failures and the monthly cap.
import { describe, it, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { ManualClock } from '../../src/client/mock/clock.js';
import { migrate } from '../../server/db/migrate.js';
import { toSafeInteger } from '../../server/db/integers.js';
import { settleTopUp } from '../../server/top-up-settlement.js';
import { createApp } from '../../server/app.js';
import { BillingError } from '../../src/client/errors.js';
import type { ChargeRequest, ChargeResult, PaymentProcessor, SavedCardDetails } from '../../server/payments/processor.js';
import { enableAutoRecharge, openFixture, ROUTES, topUpBody, type BillingServerFixture } from './billing-server.fixture.js';

let keyCount = 0;
const freshKey = () => `ledger-${process.pid}-${++keyCount}-${Math.random().toString(36).slice(2)}`;

describe('reference server ledger under concurrency', () => {
  let f: BillingServerFixture;
  before(async () => {
    f = await openFixture({ topUpRateLimit: { max: 1000, windowMs: 60_000 } });
  });
  after(async () => {
    await f.close();
  });

  async function balanceOf(token: string): Promise<number> {
    return (await f.call(ROUTES.getAccount, token)).body.balance.amount;
  }

  async function ledgerOf(accountId: string) {
    const result = await f.db.query<{ kind: string; amount: unknown; balance_after: unknown; top_up_id: string | null }>(
      `SELECT kind, amount, balance_after, top_up_id FROM ledger_entries WHERE account_id = $1 ORDER BY id`,
      [accountId],
    );
    return result.rows.map((row) => ({
      kind: row.kind,
      amount: toSafeInteger(row.amount, 'amount'),
      balanceAfter: toSafeInteger(row.balance_after, 'balance_after'),
      topUpId: row.top_up_id,
    }));
  }

  /** Every entry's balance_after is the previous one plus its amount, and the last is the account balance. */
  async function assertLedgerAddsUp(accountId: string, token: string) {
    const ledger = await ledgerOf(accountId);
    let running = 0;
    for (const entry of ledger) {
      running += entry.amount;
      assert.equal(entry.balanceAfter, running);
    }
    assert.equal(running, await balanceOf(token));
  }

  async function providerIdOfCard(accountId: string, last4: string): Promise<string> {
    const result = await f.db.query<{ provider_payment_method_id: string }>(
      `SELECT provider_payment_method_id FROM payment_methods WHERE account_id = $1 AND last4 = $2`,
      [accountId, last4],
    );
    const id = result.rows[0]?.provider_payment_method_id;
    assert.ok(id);
    return id;
  }

  const call = (token: string, destinationCountry: string, durationSeconds: number) =>
    f.raw('POST', '/v1/dev/usage', token, { body: { calls: [{ destinationCountry, durationSeconds }] } });

  it('charges once for 50 parallel requests with one key, and all of them get that top-up', async () => {
    const { token, accountId } = await f.newAccount({ startingBalance: 4250, usageEntryCount: 0 });
    const body = topUpBody(2500, { providerToken: 'test_card_4242424242424242' }, freshKey());
    const chargesBefore = f.processor.chargeCount;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => f.call(ROUTES.createTopUp, token, { body, headers: { 'Idempotency-Key': body.idempotencyKey } })),
    );
    assert.deepEqual(
      answers.map((answer) => answer.status).sort((a, b) => a - b),
      [...Array<number>(49).fill(200), 201],
    );
    const ids = new Set(answers.map((answer) => answer.body.id));
    assert.equal(ids.size, 1);
    for (const answer of answers) assert.equal(answer.body.status, 'succeeded');
    assert.equal(f.processor.chargeCount - chargesBefore, 1);
    const credits = (await ledgerOf(accountId)).filter((entry) => entry.topUpId === [...ids][0]);
    assert.equal(credits.length, 1);
    assert.equal(await balanceOf(token), 6750);
    await assertLedgerAddsUp(accountId, token);
  });

  it('settleTopUp credits exactly once when called twice and concurrently, and a late failure changes nothing', async () => {
    const { token, accountId } = await f.newAccount({ startingBalance: 4250, usageEntryCount: 0 });
    const key = freshKey();
    const started = await f.call(ROUTES.createTopUp, token, {
      body: topUpBody(2500, { providerToken: 'test_card_4000002500003155' }, key),
      headers: { 'Idempotency-Key': key },
    });
    assert.equal(started.body.status, 'requires_action');
    const providerRow = await f.db.query<{ provider_payment_id: string }>(`SELECT provider_payment_id FROM top_ups WHERE id = $1`, [
      started.body.id,
    ]);
    const providerPaymentId = providerRow.rows[0]?.provider_payment_id;
    assert.ok(providerPaymentId);

    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => settleTopUp(f.db, { topUpId: started.body.id, outcome: 'succeeded' })),
      ...Array.from({ length: 5 }, () => settleTopUp(f.db, { providerPaymentId, outcome: 'succeeded' })),
    ]);
    assert.equal(results.filter((result) => result?.changed).length, 1);
    for (const result of results) assert.equal(result?.topUp.status, 'succeeded');
    const again = await settleTopUp(f.db, { topUpId: started.body.id, outcome: 'succeeded' });
    assert.equal(again?.changed, false);
    const lateFailure = await settleTopUp(f.db, { providerPaymentId, outcome: { failed: { code: 'generic_decline', message: 'no' } } });
    assert.equal(lateFailure?.changed, false);
    assert.equal(lateFailure.topUp.status, 'succeeded');

    assert.equal(await balanceOf(token), 6750);
    assert.equal((await ledgerOf(accountId)).filter((entry) => entry.topUpId === started.body.id).length, 1);
    assert.equal(await settleTopUp(f.db, { topUpId: 'tu_unknown', outcome: 'succeeded' }), null);
    // The widget's confirm after the webhook already settled it is a harmless repeat.
    const confirmed = await f.call(ROUTES.confirmTopUp, token, { params: { topUpId: started.body.id } });
    assert.equal(confirmed.body.status, 'succeeded');
    assert.equal(await balanceOf(token), 6750);
    await assertLedgerAddsUp(accountId, token);
  });

  it('credits nothing when a top-up would take the balance past 2^53, and keeps the claim for a person to settle', async () => {
    const { token, accountId } = await f.newAccount({ startingBalance: 0, usageEntryCount: 0 });
    const nearLimit = Number.MAX_SAFE_INTEGER - 100;
    await f.db.query(`UPDATE accounts SET balance = $2 WHERE id = $1`, [accountId, nearLimit]);
    const key = freshKey();
    const answer = await f.call(ROUTES.createTopUp, token, {
      body: topUpBody(2500, { providerToken: 'test_card_4242424242424242' }, key),
      headers: { 'Idempotency-Key': key },
    });
    assert.ok(answer.status >= 500, `status ${answer.status}`);
    assert.equal(await balanceOf(token), nearLimit);
    const rows = await f.db.query<{ status: string; id: string }>(`SELECT status, id FROM top_ups WHERE account_id = $1`, [accountId]);
    assert.deepEqual(
      rows.rows.map((row) => row.status),
      ['charging'],
    );
    assert.deepEqual(
      (await ledgerOf(accountId)).filter((entry) => entry.topUpId !== null),
      [],
    );
  });

  it('starts exactly one automatic recharge when 20 concurrent debits cross the threshold', async () => {
    const { token, accountId } = await f.newAccount({ startingBalance: 1100, usageEntryCount: 0 });
    await enableAutoRecharge(f, token);
    const chargesBefore = f.processor.chargeCount;
    // 20 × $0.45 takes $11.00 down to $2.00: the third debit crosses the $10.00 threshold.
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(token, 'AE', 60)));
    for (const answer of answers) assert.equal(answer.status, 201);
    assert.equal(f.processor.chargeCount - chargesBefore, 1);
    const settings = await f.call(ROUTES.getAutoRecharge, token);
    assert.deepEqual(
      settings.body.recentAttempts.map((attempt) => attempt.outcome),
      ['succeeded'],
    );
    const recharges = (await ledgerOf(accountId)).filter((entry) => entry.kind === 'auto_recharge');
    assert.deepEqual(
      recharges.map((entry) => entry.amount),
      [5000],
    );
    assert.equal(await balanceOf(token), 1100 - 20 * 45 + 5000);
    await assertLedgerAddsUp(accountId, token);
  });

  it('turns auto-recharge off after three failed payments, as MockBillingClient does', async () => {
    const { token, accountId } = await f.newAccount({ startingBalance: 1000, usageEntryCount: 0 });
    f.processor.setSavedCardOutcome(await providerIdOfCard(accountId, '4242'), 'insufficient_funds');
    const saved = await enableAutoRecharge(f, token);
    for (let index = 0; index < 4; index++) assert.equal((await call(token, 'AE', 60)).status, 201);
    const settings = (await f.call(ROUTES.getAutoRecharge, token)).body;

    const mock = new MockBillingClient({ startingBalance: 1000, usageEntryCount: 0, clock: new ManualClock(f.clock.now).now });
    mock.setCardBehaviour('pm_visa_4242', 'insufficient_funds');
    const mockCurrent = await mock.getAutoRecharge();
    await mock.saveAutoRecharge({
      enabled: true,
      thresholdAmount: { amount: 1000, currency: 'USD' },
      rechargeAmount: { amount: 5000, currency: 'USD' },
      paymentMethodId: 'pm_visa_4242',
      monthlyCap: null,
      expectedVersion: mockCurrent.version,
    });
    for (let index = 0; index < 4; index++) mock.simulateUsage([{ destinationCountry: 'AE', durationSeconds: 60 }]);
    const expected = await mock.getAutoRecharge();

    assert.equal(settings.enabled, false);
    assert.equal(settings.disabledReason, expected.disabledReason);
    assert.match(settings.disabledReason ?? '', /after 3 failed payments with Visa ••4242/);
    // Beside the English, the codes and values the widgets word in the reader's language.
    assert.deepEqual(settings.disabledCause, { code: 'repeated_failures', params: { count: 3, card: 'Visa ••4242' } });
    assert.deepEqual(settings.disabledCause, expected.disabledCause, 'the same code and values as MockBillingClient');
    assert.deepEqual(
      settings.recentAttempts.map((attempt) => attempt.failureReason),
      expected.recentAttempts.map((attempt) => attempt.failureReason),
    );
    assert.deepEqual(
      settings.recentAttempts.map((attempt) => attempt.failureReason?.code),
      ['insufficient_funds', 'insufficient_funds', 'insufficient_funds'],
    );
    assert.equal(settings.version, saved.version + 1);
    assert.equal(expected.version, 3);
    assert.deepEqual(
      settings.recentAttempts.map((attempt) => [attempt.outcome, attempt.failureMessage]),
      expected.recentAttempts.map((attempt) => [attempt.outcome, attempt.failureMessage]),
    );
    assert.equal(settings.recentAttempts.length, 3);
    assert.equal((await f.call(ROUTES.getAccount, token)).body.autoRecharge.enabled, false);
    assert.equal(await balanceOf(token), 1000 - 4 * 45);
    await assertLedgerAddsUp(accountId, token);

    // Turning it back on starts the count afresh and clears the reason.
    f.processor.setSavedCardOutcome(await providerIdOfCard(accountId, '4242'), 'succeeds');
    const back = await enableAutoRecharge(f, token);
    assert.equal(back.disabledReason, null);
    assert.equal(back.disabledCause, null);
    assert.equal(back.enabled, true);
    // Saving it on below the threshold recharges at once.
    assert.equal(back.recentAttempts[0]?.outcome, 'succeeded');
    assert.equal(await balanceOf(token), 1000 - 4 * 45 + 5000);
  });

  it('skips a recharge that would pass the monthly cap, and charges again next month', async () => {
    const { token, accountId } = await f.newAccount({ startingBalance: 1000, usageEntryCount: 0 });
    const start = new Date(f.clock.now);
    try {
      await enableAutoRecharge(f, token, { monthlyCap: 5000 });
      assert.equal((await call(token, 'AE', 60)).status, 201); // 955: recharge → 5955
      assert.equal(await balanceOf(token), 5955);
      assert.equal((await call(token, 'AE', 7200)).status, 201); // 120 min × 45 = 5400 → 555: over the cap
      let settings = (await f.call(ROUTES.getAutoRecharge, token)).body;
      assert.deepEqual(
        settings.recentAttempts.map((attempt) => attempt.outcome),
        ['skipped', 'succeeded'],
      );
      assert.match(settings.recentAttempts[0]?.failureMessage ?? '', /monthly cap/);
      assert.deepEqual(settings.recentAttempts[0]?.failureReason, {
        code: 'monthly_cap',
        params: { rechargeAmount: { amount: 5000, currency: 'USD' }, monthlyCap: { amount: 5000, currency: 'USD' } },
      });
      assert.equal(settings.recentAttempts[1]?.failureReason, null);
      assert.equal(settings.enabled, true, 'a skip is not a failure');
      assert.equal(await balanceOf(token), 555);

      f.clock.now = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 2));
      // The minute costs the GB rate in force next month (the seed schedules a change on the 1st).
      const gbMinute = (await f.call(ROUTES.listRates, token)).body.find((rate) => rate.destinationCountry === 'GB')!.ratePerMinute.amount;
      assert.equal((await call(token, 'GB', 60)).status, 201);
      settings = (await f.call(ROUTES.getAutoRecharge, token)).body;
      assert.deepEqual(
        settings.recentAttempts.map((attempt) => attempt.outcome),
        ['succeeded', 'skipped', 'succeeded'],
      );
      assert.equal(await balanceOf(token), 555 - gbMinute + 5000);
      await assertLedgerAddsUp(accountId, token);
    } finally {
      f.clock.now = start;
    }
  });

  it('credits a processing payment only when it settles (webhook or a poll), retries after a processor outage, and holds auto-recharge while one is pending', async () => {
    /** A processor like Stripe with an asynchronous capture: charges answer "processing"; confirm says how they ended. */
    class AsyncCaptureProcessor implements PaymentProcessor {
      readonly name = 'stripe' as const;
      readonly finished = new Map<string, ChargeResult>();
      charges = 0;
      failNextCharge = false;
      async saveCard(): Promise<SavedCardDetails> {
        throw new BillingError('validation');
      }
      async charge(request: ChargeRequest): Promise<ChargeResult> {
        if (this.failNextCharge) {
          this.failNextCharge = false;
          throw new BillingError('unavailable', { message: 'The card processor is unavailable.' });
        }
        this.charges += 1;
        return { status: 'processing', providerPaymentId: `pi_${request.idempotencyKey.slice(-12)}` };
      }
      async confirm(providerPaymentId: string): Promise<ChargeResult> {
        return this.finished.get(providerPaymentId) ?? { status: 'processing', providerPaymentId };
      }
    }
    const processor = new AsyncCaptureProcessor();
    const asyncApp = createApp({ db: f.db, processor, devRoutes: true, now: () => new Date(f.clock.now) });
    try {
      const { token, accountId } = await f.newAccount({ startingBalance: 4250, usageEntryCount: 0 });
      const visa = (await f.call(ROUTES.listPaymentMethods, token)).body[0];
      assert.ok(visa);
      const post = async (key: string) => {
        const response = await asyncApp.app.request(ROUTES.createTopUp.path, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key, 'Content-Type': 'application/json' },
          body: JSON.stringify(topUpBody(2500, { paymentMethodId: visa.id }, key)),
        });
        const body = (await response.json()) as { id: string; status: string };
        return { status: response.status, body };
      };
      const get = async (topUpId: string) => {
        const response = await asyncApp.app.request(`/v1/top-ups/${topUpId}`, { headers: { Authorization: `Bearer ${token}` } });
        return ROUTES.getTopUp.response.parse(await response.json());
      };

      // A processor outage answers 503 and keeps the claim (the charge may have gone through): the
      // same key then replays the charge with it, as a replay of the first request (200).
      const key = freshKey();
      processor.failNextCharge = true;
      assert.equal((await post(key)).status, 503);
      const started = await post(key);
      assert.deepEqual([started.status, started.body.status], [200, 'processing']);
      assert.equal(await balanceOf(token), 4250);
      assert.equal((await get(started.body.id)).status, 'processing');

      // The webhook's path.
      const row = await f.db.query<{ provider_payment_id: string }>(`SELECT provider_payment_id FROM top_ups WHERE id = $1`, [
        started.body.id,
      ]);
      const settled = await settleTopUp(f.db, { providerPaymentId: row.rows[0]?.provider_payment_id ?? '', outcome: 'succeeded' });
      assert.equal(settled?.changed, true);
      assert.equal(await balanceOf(token), 6750);

      // A poll finds a payment that finished without its webhook.
      const second = await post(freshKey());
      const secondRow = await f.db.query<{ provider_payment_id: string }>(`SELECT provider_payment_id FROM top_ups WHERE id = $1`, [
        second.body.id,
      ]);
      const secondPayment = secondRow.rows[0]?.provider_payment_id ?? '';
      processor.finished.set(secondPayment, { status: 'succeeded', providerPaymentId: secondPayment });
      assert.equal((await get(second.body.id)).status, 'succeeded');
      assert.equal(await balanceOf(token), 9250);
      assert.equal(processor.charges, 2);
      await assertLedgerAddsUp(accountId, token);

      // An automatic recharge still processing blocks another one until it settles.
      const low = await f.newAccount({ startingBalance: 1000, usageEntryCount: 0 });
      await enableAutoRecharge(f, low.token);
      const debit = () =>
        asyncApp.app.request('/v1/dev/usage', {
          method: 'POST',
          headers: { Authorization: `Bearer ${low.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ calls: [{ destinationCountry: 'AE', durationSeconds: 60 }] }),
        });
      assert.equal((await debit()).status, 201);
      assert.equal((await debit()).status, 201);
      assert.equal(processor.charges, 3);
      assert.deepEqual((await f.call(ROUTES.getAutoRecharge, low.token)).body.recentAttempts, [], 'a pending attempt is not listed yet');
      const pending = await f.db.query<{ provider_payment_id: string }>(
        `SELECT provider_payment_id FROM top_ups WHERE account_id = $1 AND kind = 'auto_recharge'`,
        [low.accountId],
      );
      assert.equal(pending.rows.length, 1);
      await settleTopUp(f.db, { providerPaymentId: pending.rows[0]?.provider_payment_id ?? '', outcome: 'succeeded' });
      const attempts = (await f.call(ROUTES.getAutoRecharge, low.token)).body.recentAttempts;
      assert.deepEqual(
        attempts.map((attempt) => attempt.outcome),
        ['succeeded'],
      );
      assert.equal(await balanceOf(low.token), 1000 - 90 + 5000);
    } finally {
      asyncApp.close();
    }
  });

  it('keeps the seeded history consistent: ledger adds up to the balance', async () => {
    const { token, accountId } = await f.newAccount({ startingBalance: 4250, usageEntryCount: 150 });
    assert.equal(await balanceOf(token), 4250);
    await assertLedgerAddsUp(accountId, token);
    const usage = await f.call(ROUTES.getUsageSummary, token);
    const debits = (await ledgerOf(accountId)).filter((entry) => entry.kind === 'usage');
    assert.equal(debits.length, 150);
    assert.equal(-debits.reduce((sum, entry) => sum + entry.amount, 0), usage.body.total.amount);
  });

  it('refuses to change or delete ledger entries, and migrations are idempotent', async () => {
    const { accountId } = await f.newAccount({ usageEntryCount: 1 });
    await assert.rejects(f.db.query(`UPDATE ledger_entries SET amount = 0 WHERE account_id = $1`, [accountId]), /append-only/);
    await assert.rejects(f.db.query(`DELETE FROM ledger_entries WHERE account_id = $1`, [accountId]), /append-only/);
    assert.deepEqual(await migrate(f.db), []);
  });

  it('refuses a second ledger entry for one top-up or one call, whatever writes it', async () => {
    const { token, accountId } = await f.newAccount({ usageEntryCount: 1 });
    const body = topUpBody(2500, { providerToken: 'test_card_4242424242424242' }, freshKey());
    const paid = await f.call(ROUTES.createTopUp, token, { body, headers: { 'Idempotency-Key': body.idempotencyKey } });
    assert.equal(paid.body.status, 'succeeded');
    const entries = await f.db.query<{ top_up_id: string | null; usage_entry_id: string | null }>(
      `SELECT top_up_id, usage_entry_id FROM ledger_entries WHERE account_id = $1 ORDER BY id`,
      [accountId],
    );
    const credit = entries.rows.find((row) => row.top_up_id === paid.body.id);
    const debit = entries.rows.find((row) => row.usage_entry_id !== null);
    assert.ok(credit && debit);
    const again = (column: 'top_up_id' | 'usage_entry_id', id: string, amount: number) =>
      f.db.query(
        `INSERT INTO ledger_entries (account_id, kind, amount, balance_after, currency, ${column}, at) VALUES ($1, $2, $3, 0, 'USD', $4, now())`,
        [accountId, column === 'top_up_id' ? 'top_up' : 'usage', amount, id],
      );
    await assert.rejects(again('top_up_id', paid.body.id, 1), { code: '23505' });
    await assert.rejects(again('usage_entry_id', debit.usage_entry_id as string, -1), { code: '23505' });
    await assertLedgerAddsUp(accountId, token);
  });
});

// MockBillingClient and the reference server turn auto-recharge off after the same number of failed payments in a
// row, FAILURES_BEFORE_DISABLE of src/rules/, and word an automatic payment the bank wants confirmed the same way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/client/mock/clock.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import type { AutoRechargeSettings } from '../../src/client/schemas.js';
import type { TestCardOutcome } from '../../src/payments/test-cards.js';
import { offSessionAuthenticationFailure } from '../../src/rules/api-messages.js';
import { capSkipStands, FAILURES_BEFORE_DISABLE, failuresDisableRecharge } from '../../src/rules/auto-recharge-rules.js';
import { enableAutoRecharge, openFixture, ROUTES, type BillingServerFixture } from '../server/billing-server.fixture.js';

/** More low-balance debits than any sensible threshold: a backend that never turns off fails the test, not hangs. */
const MAX_DEBITS = 10;
const CALL = { destinationCountry: 'AE', durationSeconds: 60 };

/** How auto-recharge stood when it turned itself off, and after how many failed payments in a row. */
interface TurnedOff {
  failures: number;
  settings: AutoRechargeSettings;
}

/** Debits below the threshold one at a time until the backend turns auto-recharge off. */
async function debitUntilOff(debit: () => Promise<void>, read: () => Promise<AutoRechargeSettings>): Promise<TurnedOff> {
  for (let debits = 1; debits <= MAX_DEBITS; debits++) {
    await debit();
    const settings = await read();
    const failures = settings.recentAttempts.filter((attempt) => attempt.outcome === 'failed').length;
    assert.equal(failures, debits, 'each debit below the threshold is one failed payment');
    if (!settings.enabled) return { failures, settings };
  }
  assert.fail(`auto-recharge still on after ${MAX_DEBITS} failed payments`);
}

describe('auto-recharge turns itself off after FAILURES_BEFORE_DISABLE failed payments, on the mock and the server', () => {
  let opened: BillingServerFixture | undefined;
  const fixture = () => {
    assert.ok(opened, 'before() opened the fixture');
    return opened;
  };
  before(async () => {
    opened = await openFixture();
  });
  after(async () => {
    await opened?.close();
  });

  async function onMock(outcome: TestCardOutcome): Promise<TurnedOff> {
    const mock = new MockBillingClient({ startingBalance: 1000, usageEntryCount: 0, clock: new ManualClock(fixture().clock.now).now });
    mock.setCardBehaviour('pm_visa_4242', outcome);
    const current = await mock.getAutoRecharge();
    await mock.saveAutoRecharge({
      enabled: true,
      thresholdAmount: { amount: 1000, currency: 'USD' },
      rechargeAmount: { amount: 5000, currency: 'USD' },
      paymentMethodId: 'pm_visa_4242',
      monthlyCap: null,
      expectedVersion: current.version,
    });
    return debitUntilOff(
      () => {
        mock.simulateUsage([CALL]);
        return Promise.resolve();
      },
      () => mock.getAutoRecharge(),
    );
  }

  async function onServer(outcome: TestCardOutcome): Promise<TurnedOff> {
    const f = fixture();
    const { token, accountId } = await f.newAccount({ startingBalance: 1000, usageEntryCount: 0 });
    const card = await f.db.query<{ provider_payment_method_id: string }>(
      `SELECT provider_payment_method_id FROM payment_methods WHERE account_id = $1 AND last4 = '4242'`,
      [accountId],
    );
    const providerId = card.rows[0]?.provider_payment_method_id;
    assert.ok(providerId, 'the seeded Visa 4242 is saved');
    f.processor.setSavedCardOutcome(providerId, outcome);
    await enableAutoRecharge(f, token);
    return debitUntilOff(
      async () => {
        const debited = await f.raw('POST', '/v1/dev/usage', token, { body: { calls: [CALL] } });
        assert.equal(debited.status, 201, JSON.stringify(debited.body));
      },
      async () => (await f.call(ROUTES.getAutoRecharge, token)).body,
    );
  }

  it('the rule: the failure that makes FAILURES_BEFORE_DISABLE in a row turns it off, not one before', () => {
    assert.equal(failuresDisableRecharge(FAILURES_BEFORE_DISABLE - 1), false);
    assert.equal(failuresDisableRecharge(FAILURES_BEFORE_DISABLE), true);
  });

  it('a declining card: both turn it off at the same failure, with the same cause', async () => {
    const mock = await onMock('insufficient_funds');
    const server = await onServer('insufficient_funds');
    assert.equal(mock.failures, FAILURES_BEFORE_DISABLE, 'MockBillingClient');
    assert.equal(server.failures, FAILURES_BEFORE_DISABLE, 'the reference server');
    assert.deepEqual(server.settings.disabledCause, mock.settings.disabledCause);
    assert.equal(mock.settings.disabledCause?.params?.['count'], FAILURES_BEFORE_DISABLE);
    assert.equal(server.settings.disabledReason, mock.settings.disabledReason);
  });

  it('a card whose bank wants every payment confirmed: each automatic payment fails with the same sentence on both', async () => {
    const mock = await onMock('requires_authentication');
    const server = await onServer('requires_authentication');
    const { code, message } = offSessionAuthenticationFailure();
    for (const [backend, { failures, settings }] of [
      ['MockBillingClient', mock],
      ['the reference server', server],
    ] as const) {
      assert.equal(failures, FAILURES_BEFORE_DISABLE, backend);
      for (const attempt of settings.recentAttempts) {
        assert.equal(attempt.failureMessage, message, backend);
        assert.equal(attempt.failureReason?.code, code, backend);
      }
    }
  });
});

describe('capSkipStands: a cap skip once per stretch below the threshold', () => {
  const now = Date.UTC(2026, 11, 15, 12);
  const skip = { outcome: 'skipped' as const, atMs: Date.UTC(2026, 11, 15, 11) };
  const since = { nowMs: now, settingsSavedAtMs: Date.UTC(2026, 11, 1), creditedSinceLatest: false };

  it('stands for the latest skip of this month with no credit and no save since', () => {
    assert.equal(capSkipStands(skip, since), true);
  });

  it('records anew after a credit, a save, in a new month, or after another outcome', () => {
    assert.equal(capSkipStands(skip, { ...since, creditedSinceLatest: true }), false);
    assert.equal(capSkipStands(skip, { ...since, settingsSavedAtMs: skip.atMs + 1 }), false);
    assert.equal(capSkipStands(skip, { ...since, nowMs: Date.UTC(2027, 0, 1) }), false);
    assert.equal(capSkipStands({ ...skip, outcome: 'succeeded' }, since), false);
    assert.equal(capSkipStands({ ...skip, outcome: 'failed' }, since), false);
    assert.equal(capSkipStands(null, since), false);
    assert.equal(capSkipStands(undefined, since), false);
  });
});

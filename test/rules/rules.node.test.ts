// The business rules module (src/rules/): each rule's edges, on integer minor units.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkAutoRecharge, rechargeIsDue, withinMonthlyCap, type AutoRechargeRuleInput } from '../../src/rules/auto-recharge-rules.js';
import { checkTopUpAmount, isWithinTopUpBounds } from '../../src/rules/top-up-rules.js';
import { billedSecondsFor, callPrice } from '../../src/rules/pricing.js';
import { autoRechargeProblem, monthlyCapSkipReason, rechargeReason, topUpAmountProblem } from '../../src/rules/api-messages.js';
import { isCardExpiredUtc } from '../../src/rules/card-rules.js';

const limits = { minimum: 1000, maximum: 100000 };
const valid: AutoRechargeRuleInput = {
  enabled: true,
  thresholdAmount: 1000,
  rechargeAmount: 5000,
  monthlyCap: null,
  card: 'usable',
  limits,
  monthlyCapSupported: true,
};
const check = (changes: Partial<AutoRechargeRuleInput>) => checkAutoRecharge({ ...valid, ...changes });

describe('top-up limits', () => {
  it('accepts both ends and refuses one minor unit beyond either', () => {
    assert.equal(checkTopUpAmount(1000, limits), null);
    assert.equal(checkTopUpAmount(100000, limits), null);
    assert.deepEqual(checkTopUpAmount(999, limits), { field: 'amount', code: 'below_minimum', minimum: 1000 });
    assert.deepEqual(checkTopUpAmount(100001, limits), { field: 'amount', code: 'above_maximum', maximum: 100000 });
    assert.equal(isWithinTopUpBounds(1000, limits), true);
    assert.equal(isWithinTopUpBounds(999, limits), false);
  });
  it('refuses zero as below the minimum, or as not positive when the minimum is zero', () => {
    assert.equal(checkTopUpAmount(0, limits)?.code, 'below_minimum');
    assert.deepEqual(checkTopUpAmount(0, { minimum: 0, maximum: 10 }), { field: 'amount', code: 'not_positive' });
  });
});

describe('auto-recharge validity', () => {
  it('accepts a valid configuration, and the limits at both ends', () => {
    assert.deepEqual(check({}), []);
    assert.deepEqual(check({ thresholdAmount: 100000, rechargeAmount: 1000 }), []);
  });
  it('refuses a recharge of zero as not positive, and one outside the limits with both limits', () => {
    assert.deepEqual(check({ rechargeAmount: 0 }), [{ field: 'rechargeAmount', code: 'not_positive' }]);
    assert.deepEqual(check({ rechargeAmount: 999 }), [{ field: 'rechargeAmount', code: 'outside_limits', minimum: 1000, maximum: 100000 }]);
    assert.deepEqual(check({ rechargeAmount: 100001 }), [
      { field: 'rechargeAmount', code: 'outside_limits', minimum: 1000, maximum: 100000 },
    ]);
  });
  it('refuses a threshold outside the limits', () => {
    assert.deepEqual(check({ thresholdAmount: 999 }), [
      { field: 'thresholdAmount', code: 'outside_limits', minimum: 1000, maximum: 100000 },
    ]);
    assert.deepEqual(
      check({ thresholdAmount: 100001 }).map((p) => p.code),
      ['outside_limits'],
    );
  });
  it('needs a usable card when on: none, gone, expired', () => {
    assert.deepEqual(check({ card: 'none' }), [{ field: 'paymentMethodId', code: 'card_required' }]);
    assert.deepEqual(check({ card: 'missing' }), [{ field: 'paymentMethodId', code: 'card_missing' }]);
    assert.deepEqual(check({ card: 'expired' }), [{ field: 'paymentMethodId', code: 'card_expired' }]);
  });
  it('keeps an off configuration for later: bad amounts, no card or an expired one pass; a card that is gone does not', () => {
    assert.deepEqual(check({ enabled: false, rechargeAmount: 0, thresholdAmount: 5, card: 'none' }), []);
    assert.deepEqual(check({ enabled: false, card: 'expired' }), []);
    assert.deepEqual(check({ enabled: false, card: 'missing' }), [{ field: 'paymentMethodId', code: 'card_missing' }]);
  });
  it('does not check again an amount the caller already refused (null)', () => {
    assert.deepEqual(check({ rechargeAmount: null, thresholdAmount: null, monthlyCap: 1 }), []);
  });
  it('monthly cap: at least the recharge (equal passes), checked when off too, refused when unsupported', () => {
    assert.deepEqual(check({ monthlyCap: 5000 }), []);
    assert.deepEqual(check({ monthlyCap: 4999 }), [{ field: 'monthlyCap', code: 'cap_below_recharge', rechargeAmount: 5000 }]);
    assert.deepEqual(
      check({ enabled: false, monthlyCap: 4999 }).map((p) => p.code),
      ['cap_below_recharge'],
    );
    assert.deepEqual(check({ monthlyCap: 50000, monthlyCapSupported: false }), [{ field: 'monthlyCap', code: 'cap_not_supported' }]);
  });
  it('reports in the order a backend does: a missing card first, then recharge, threshold, card, cap', () => {
    const fields = check({ card: 'missing', rechargeAmount: 999, thresholdAmount: 1, monthlyCap: 10 }).map((p) => p.field);
    assert.deepEqual(fields, ['paymentMethodId', 'rechargeAmount', 'thresholdAmount', 'monthlyCap']);
    const onlyOn = check({ card: 'none', rechargeAmount: 0, thresholdAmount: 1 }).map((p) => p.field);
    assert.deepEqual(onlyOn, ['rechargeAmount', 'thresholdAmount', 'paymentMethodId']);
  });
});

describe('immediate charge and monthly cap', () => {
  it('charges now only when on and strictly below the threshold', () => {
    assert.equal(rechargeIsDue(true, 999, 1000), true);
    assert.equal(rechargeIsDue(true, 1000, 1000), false);
    assert.equal(rechargeIsDue(false, 0, 1000), false);
  });
  it('allows a recharge that reaches the cap exactly, not one that passes it; no cap always allows', () => {
    assert.equal(withinMonthlyCap(5000, 5000, 10000), true);
    assert.equal(withinMonthlyCap(5001, 5000, 10000), false);
    assert.equal(withinMonthlyCap(Number.MAX_SAFE_INTEGER - 1, 1, null), true);
  });
});

describe('pricing per started minute', () => {
  it('bills each started minute in full', () => {
    assert.equal(billedSecondsFor(0), 0);
    assert.equal(billedSecondsFor(1), 60);
    assert.equal(billedSecondsFor(60), 60);
    assert.equal(billedSecondsFor(61), 120);
    assert.equal(callPrice(3, billedSecondsFor(61)), 6);
  });
  it('refuses what it cannot price exactly', () => {
    assert.throws(() => billedSecondsFor(-1), RangeError);
    assert.throws(() => billedSecondsFor(1.5), RangeError);
    assert.throws(() => callPrice(3, 90), RangeError);
    assert.throws(() => callPrice(2.5, 60), RangeError);
    assert.throws(() => callPrice(-1, 60), RangeError);
    assert.throws(() => callPrice(Number.MAX_SAFE_INTEGER, 120), RangeError);
  });
});

describe('API messages (one English wording for the mock and the server)', () => {
  const usd = (amount: number) => `$${(amount / 100).toFixed(2)}`;
  it('words each code with its parameters', () => {
    assert.deepEqual(topUpAmountProblem({ field: 'amount', code: 'below_minimum', minimum: 1000 }, 'USD', usd), {
      message: 'The minimum top-up is $10.00.',
      messageKey: 'problems.topUpBelowMinimum',
      params: { minimum: { amount: 1000, currency: 'USD' } },
    });
    assert.equal(
      topUpAmountProblem({ field: 'amount', code: 'above_maximum', maximum: 100000 }, 'USD', usd).message,
      'The maximum top-up is $1000.00.',
    );
    assert.equal(
      autoRechargeProblem({ field: 'thresholdAmount', code: 'outside_limits', minimum: 1000, maximum: 100000 }, 'USD', usd, '').message,
      'The balance threshold must be between $10.00 and $1000.00.',
    );
    assert.equal(
      autoRechargeProblem({ field: 'rechargeAmount', code: 'outside_limits', minimum: 1000, maximum: 100000 }, 'USD', usd, '').message,
      'The recharge amount must be between $10.00 and $1000.00.',
    );
    assert.equal(
      autoRechargeProblem({ field: 'paymentMethodId', code: 'card_expired' }, 'USD', usd, 'Mastercard ending in 4444').message,
      'Mastercard ending in 4444 has expired. Choose another card or add a new one.',
    );
    assert.equal(
      autoRechargeProblem({ field: 'monthlyCap', code: 'cap_below_recharge', rechargeAmount: 5000 }, 'USD', usd, '').message,
      'The monthly cap must be at least the recharge amount ($50.00).',
    );
    assert.deepEqual(monthlyCapSkipReason(5000, 8000, 'USD', usd), {
      reason: {
        code: 'monthly_cap',
        params: { rechargeAmount: { amount: 5000, currency: 'USD' }, monthlyCap: { amount: 8000, currency: 'USD' } },
      },
      message: "Another $50.00 would take this month's automatic recharges past the $80.00 monthly cap.",
    });
    assert.deepEqual(rechargeReason('repeated_failures', { count: 3, card: 'Visa ••4242' }, usd), {
      reason: { code: 'repeated_failures', params: { count: 3, card: 'Visa ••4242' } },
      message: 'Automatic recharge was turned off after 3 failed payments with Visa ••4242. Update the card and turn it back on.',
    });
  });
});

describe('card expiry (backends, UTC)', () => {
  it('a card is good through the last day of its expiry month, in UTC', () => {
    const card = { expMonth: 11, expYear: 2026 };
    assert.equal(isCardExpiredUtc(card, new Date('2026-11-30T23:59:59.999Z')), false);
    assert.equal(isCardExpiredUtc(card, new Date('2026-12-01T00:00:00.000Z')), true);
    assert.equal(isCardExpiredUtc({ expMonth: 12, expYear: 2026 }, new Date('2027-01-01T00:00:00Z')), true);
    assert.equal(isCardExpiredUtc({ expMonth: 1, expYear: 2027 }, new Date('2026-12-31T23:00:00Z')), false);
  });
});

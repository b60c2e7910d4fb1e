// Target-balance auto-recharge rules (src/rules/auto-recharge-rules.ts): what a target configuration must satisfy and
// what one due recharge charges in each mode, on integer minor units.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  checkAutoRecharge,
  rechargeCharge,
  type AutoRechargeRuleInput,
  type RechargeChargeInput,
} from '../../src/rules/auto-recharge-rules.js';
import { AutoRechargeSummarySchema } from '../../src/client/schemas.js';
import { autoRechargeProblem } from '../../src/rules/api-messages.js';

const limits = { minimum: 500, maximum: 100000 };
const valid: AutoRechargeRuleInput = {
  enabled: true,
  mode: 'target',
  thresholdAmount: 1000,
  rechargeAmount: 5000,
  targetBalance: 5000,
  monthlyCap: null,
  card: 'usable',
  limits,
  monthlyCapSupported: true,
};
const check = (changes: Partial<AutoRechargeRuleInput>) => checkAutoRecharge({ ...valid, ...changes });

describe('target mode validity', () => {
  it('accepts a target above the threshold, without looking at the recharge amount', () => {
    assert.deepEqual(check({}), []);
    assert.deepEqual(check({ rechargeAmount: 0 }), []);
    assert.deepEqual(check({ targetBalance: 1001 }), []);
  });
  it('refuses a target at or below the threshold, naming the threshold', () => {
    const problem = { field: 'targetBalance', code: 'target_not_above_threshold', thresholdAmount: 1000 };
    assert.deepEqual(check({ targetBalance: 1000 }), [problem]);
    assert.deepEqual(check({ targetBalance: 0 }), [problem]);
  });
  it('needs a target, within the top-up limits', () => {
    assert.deepEqual(check({ targetBalance: null }), [{ field: 'targetBalance', code: 'target_required' }]);
    assert.deepEqual(check({ targetBalance: undefined }), [{ field: 'targetBalance', code: 'target_required' }]);
    assert.deepEqual(check({ targetBalance: 100001 }), [{ field: 'targetBalance', code: 'outside_limits', minimum: 500, maximum: 100000 }]);
  });
  it('a cap below the recharge amount is fine in target mode (it shortens the charge) and refused in fixed mode', () => {
    assert.deepEqual(check({ monthlyCap: 1000 }), []);
    assert.deepEqual(
      check({ mode: 'fixed', monthlyCap: 1000 }).map((p) => p.code),
      ['cap_below_recharge'],
    );
  });
  it('no mode is fixed: the target is not read, the recharge amount is', () => {
    assert.deepEqual(check({ mode: undefined, targetBalance: null }), []);
    assert.deepEqual(
      check({ mode: undefined, rechargeAmount: 0 }).map((p) => p.code),
      ['not_positive'],
    );
  });
  it('an off configuration keeps a bad target for later, but not none at all', () => {
    assert.deepEqual(check({ enabled: false, targetBalance: 10 }), []);
    assert.deepEqual(check({ enabled: false, targetBalance: null }), [{ field: 'targetBalance', code: 'target_required' }]);
  });
  it('the backends word each new problem by its own key', () => {
    const describe = (amount: number) => `$${(amount / 100).toFixed(2)}`;
    const worded = check({ targetBalance: 900 }).map((problem) => autoRechargeProblem(problem, 'USD', describe, ''));
    assert.deepEqual(
      worded.map((w) => [w.messageKey, w.message]),
      [['problems.targetNotAboveThreshold', 'The target balance must be more than the threshold ($10.00).']],
    );
    assert.equal(
      autoRechargeProblem({ field: 'targetBalance', code: 'target_required' }, 'USD', describe, '').messageKey,
      'problems.targetRequired',
    );
    assert.equal(
      autoRechargeProblem({ field: 'targetBalance', code: 'outside_limits', minimum: 1, maximum: 2 }, 'USD', describe, '').messageKey,
      'problems.targetOutsideLimits',
    );
  });
});

const due: RechargeChargeInput = {
  mode: 'target',
  rechargeAmount: 5000,
  targetBalance: 5000,
  balance: 900,
  limits,
  monthlyCap: null,
  spentThisMonth: 0,
};
const charge = (changes: Partial<RechargeChargeInput>) => rechargeCharge({ ...due, ...changes });

describe('what one recharge charges', () => {
  it('target: exactly the gap to the target, from a negative balance too', () => {
    assert.deepEqual(charge({}), { kind: 'charge', amount: 4100, limitedBy: null });
    assert.deepEqual(charge({ balance: -2500 }), { kind: 'charge', amount: 7500, limitedBy: null });
  });
  it('target: a gap below the smallest payment is raised to it; above the largest, cut to it', () => {
    assert.deepEqual(charge({ balance: 4800 }), { kind: 'charge', amount: 500, limitedBy: null });
    assert.deepEqual(charge({ targetBalance: 100000, balance: -50000 }), { kind: 'charge', amount: 100000, limitedBy: 'maximum' });
  });
  it('target: the monthly cap shortens the charge to what is left, and skips when less than a payment is left', () => {
    assert.deepEqual(charge({ monthlyCap: 10000, spentThisMonth: 8000 }), { kind: 'charge', amount: 2000, limitedBy: 'monthly_cap' });
    assert.deepEqual(charge({ monthlyCap: 10000, spentThisMonth: 5900 }), { kind: 'charge', amount: 4100, limitedBy: null });
    assert.deepEqual(charge({ monthlyCap: 10000, spentThisMonth: 9600 }), { kind: 'skip', reason: 'monthly_cap', wanted: 4100 });
    assert.deepEqual(charge({ monthlyCap: 10000, spentThisMonth: 12000 }), { kind: 'skip', reason: 'monthly_cap', wanted: 4100 });
  });
  it('never charges zero or less: a balance at or above the target charges nothing', () => {
    assert.deepEqual(charge({ balance: 5000 }), { kind: 'none' });
    assert.deepEqual(charge({ balance: 7000 }), { kind: 'none' });
    assert.deepEqual(charge({ mode: 'fixed', rechargeAmount: 0 }), { kind: 'none' });
    assert.deepEqual(charge({ limits: { minimum: 0, maximum: 0 } }), { kind: 'none' });
  });
  it('fixed (or no mode): the recharge amount whatever the balance, skipped when it would pass the cap', () => {
    assert.deepEqual(charge({ mode: 'fixed' }), { kind: 'charge', amount: 5000, limitedBy: null });
    assert.deepEqual(charge({ mode: undefined, balance: 4999 }), { kind: 'charge', amount: 5000, limitedBy: null });
    assert.deepEqual(charge({ mode: 'fixed', monthlyCap: 10000, spentThisMonth: 5000 }), { kind: 'charge', amount: 5000, limitedBy: null });
    assert.deepEqual(charge({ mode: 'fixed', monthlyCap: 10000, spentThisMonth: 5001 }), {
      kind: 'skip',
      reason: 'monthly_cap',
      wanted: 5000,
    });
  });
  it('target mode without a target (a hostile store) charges as fixed, never NaN', () => {
    assert.deepEqual(charge({ targetBalance: null }), { kind: 'charge', amount: 5000, limitedBy: null });
  });
});

describe('the account summary in target mode', () => {
  it('needs its target, as the settings do: an account saying target mode without one is unreadable', () => {
    const summary = {
      enabled: true,
      thresholdAmount: { amount: 1000, currency: 'USD' },
      rechargeAmount: { amount: 5000, currency: 'USD' },
      paymentMethodId: 'pm_1',
    };
    assert.equal(AutoRechargeSummarySchema.safeParse({ ...summary, mode: 'target', targetBalance: null }).success, false);
    assert.equal(AutoRechargeSummarySchema.safeParse({ ...summary, mode: 'target' }).success, false);
    assert.equal(
      AutoRechargeSummarySchema.safeParse({ ...summary, mode: 'target', targetBalance: { amount: 7500, currency: 'USD' } }).success,
      true,
    );
    assert.equal(AutoRechargeSummarySchema.safeParse(summary).success, true);
  });
});

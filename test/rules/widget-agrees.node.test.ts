// The auto-recharge form refuses exactly what MockBillingClient refuses (both ask src/rules/), field by field,
// so Save is offered only when the backend will accept it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BillingError } from '../../src/client/errors.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { validateDraft, type AutoRechargeDraft } from '../../src/components/auto-recharge-settings/validation.js';

const drafts: Record<string, (ids: { usable: string; expired: string }) => Partial<AutoRechargeDraft>> = {
  'a valid configuration': () => ({}),
  'both limits exactly': () => ({ thresholdText: '1000.00', rechargeText: '10.00' }),
  'a recharge of zero': () => ({ rechargeText: '0' }),
  'a recharge one cent below the minimum': () => ({ rechargeText: '9.99' }),
  'a threshold one cent above the maximum': () => ({ thresholdText: '1000.01' }),
  'no card': () => ({ paymentMethodId: null }),
  'an expired card': (ids) => ({ paymentMethodId: ids.expired }),
  'a card that is not saved, on': () => ({ paymentMethodId: 'pm_not_saved' }),
  'a cap equal to the recharge': () => ({ capEnabled: true, capText: '50.00' }),
  'a cap one cent below the recharge': () => ({ capEnabled: true, capText: '49.99' }),
  'off with bad amounts and no card': () => ({ enabled: false, rechargeText: '0', thresholdText: '0.01', paymentMethodId: null }),
  'off with a cap below the recharge': () => ({ enabled: false, capEnabled: true, capText: '1.00' }),
  'target mode above the threshold': () => ({ mode: 'target', targetText: '50.00' }),
  'target mode at the threshold': () => ({ mode: 'target', targetText: '10.00' }),
  'target mode one cent above the maximum': () => ({ mode: 'target', targetText: '1000.01' }),
  'target mode without a target': () => ({ mode: 'target', targetText: '' }),
  'target mode with a zero recharge (not in use)': () => ({ mode: 'target', targetText: '50.00', rechargeText: '0' }),
  'target mode with a cap below the recharge (it shortens, not refuses)': () => ({
    mode: 'target',
    targetText: '50.00',
    capEnabled: true,
    capText: '20.00',
  }),
  'off in target mode with a target below the threshold': () => ({ enabled: false, mode: 'target', targetText: '5.00' }),
};

describe('the auto-recharge form and the mock agree on what is refused', () => {
  for (const [name, changes] of Object.entries(drafts)) {
    it(name, async () => {
      const client = new MockBillingClient({ seed: 7, usageEntryCount: 10, latencyMs: 0 });
      const [account, methods, settings] = await Promise.all([client.getAccount(), client.listPaymentMethods(), client.getAutoRecharge()]);
      const usable = methods.find((method) => method.last4 === '4242')?.id;
      const expired = methods.find((method) => method.last4 === '4444')?.id;
      assert.ok(usable && expired);
      const draft: AutoRechargeDraft = {
        enabled: true,
        mode: 'fixed',
        thresholdText: '10.00',
        rechargeText: '50.00',
        targetText: '',
        paymentMethodId: usable,
        capEnabled: false,
        capText: '',
        ...changes({ usable, expired }),
      };
      const validation = validateDraft(draft, {
        currency: account.currency,
        locale: 'en-US',
        limits: account.topUpLimits,
        paymentMethods: methods,
        monthlyCapSupported: settings.monthlyCapSupported,
        balance: account.balance,
        now: new Date(),
        saved: settings,
      });
      const usd = (text: string) => ({ amount: Math.round(Number(text) * 100), currency: account.currency });
      let refused: string[] = [];
      try {
        await client.saveAutoRecharge({
          enabled: draft.enabled,
          thresholdAmount: usd(draft.thresholdText),
          rechargeAmount: usd(draft.rechargeText),
          mode: draft.mode,
          targetBalance: draft.targetText === '' ? null : usd(draft.targetText),
          paymentMethodId: draft.paymentMethodId,
          monthlyCap: draft.capEnabled ? usd(draft.capText) : null,
          expectedVersion: settings.version,
        });
      } catch (error) {
        assert.ok(error instanceof BillingError && error.code === 'validation', String(error));
        refused = Object.keys(error.details['fieldErrors'] as Record<string, string>).sort();
      }
      assert.deepEqual(Object.keys(validation.problems).sort(), refused);
      assert.equal(validation.values !== null, refused.length === 0);
    });
  }
});

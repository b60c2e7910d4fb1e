// isCardExpired: the one expiry rule the add-funds dialog and the auto-recharge form both use.
import { expect } from '@open-wc/testing';
import { isCardExpired } from '../../src/payments/card-expiry.js';

describe('isCardExpired', () => {
  const midMarch2026 = new Date(2026, 2, 15);

  it('keeps a card good through the last day of its expiry month', () => {
    expect(isCardExpired({ expMonth: 3, expYear: 2026 }, midMarch2026)).to.equal(false);
    expect(isCardExpired({ expMonth: 3, expYear: 2026 }, new Date(2026, 2, 31, 23, 59))).to.equal(false);
    expect(isCardExpired({ expMonth: 3, expYear: 2026 }, new Date(2026, 3, 1))).to.equal(true);
  });

  it('compares months across years', () => {
    expect(isCardExpired({ expMonth: 12, expYear: 2025 }, midMarch2026)).to.equal(true);
    expect(isCardExpired({ expMonth: 1, expYear: 2027 }, midMarch2026)).to.equal(false);
    expect(isCardExpired({ expMonth: 2, expYear: 2026 }, midMarch2026)).to.equal(true);
  });

  it('defaults to now', () => {
    const now = new Date();
    expect(isCardExpired({ expMonth: now.getMonth() + 1, expYear: now.getFullYear() })).to.equal(false);
    expect(isCardExpired({ expMonth: now.getMonth() + 1, expYear: now.getFullYear() - 1 })).to.equal(true);
  });
});

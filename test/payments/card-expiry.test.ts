// card-expiry: the one expiry rule (UTC, as the backends decide it) and the one expiry format every widget uses.
import { expect } from '@open-wc/testing';
import { cardExpiryState, formatCardExpiry, isCardExpired } from '../../src/payments/card-expiry.js';
import { isCardExpiredUtc } from '../../src/rules/card-rules.js';

describe('isCardExpired', () => {
  const midMarch2026 = new Date(Date.UTC(2026, 2, 15));

  it('keeps a card good through the last day of its expiry month', () => {
    expect(isCardExpired({ expMonth: 3, expYear: 2026 }, midMarch2026)).to.equal(false);
    expect(isCardExpired({ expMonth: 3, expYear: 2026 }, new Date(Date.UTC(2026, 2, 31, 23, 59, 59, 999)))).to.equal(false);
    expect(isCardExpired({ expMonth: 3, expYear: 2026 }, new Date(Date.UTC(2026, 3, 1)))).to.equal(true);
  });

  it('judges the month boundary in UTC, as the mock and the server do, whatever the viewer’s time zone', () => {
    // 1 April 00:30 UTC is still 31 March in New York and already 1 April in Tokyo: the card has expired for everyone.
    const justAfter = new Date(Date.UTC(2026, 3, 1, 0, 30));
    const justBefore = new Date(Date.UTC(2026, 2, 31, 23, 30));
    const card = { expMonth: 3, expYear: 2026 };
    expect(isCardExpired(card, justAfter)).to.equal(true);
    expect(isCardExpired(card, justBefore)).to.equal(false);
    for (const now of [justAfter, justBefore]) expect(isCardExpired(card, now)).to.equal(isCardExpiredUtc(card, now));
  });

  it('compares months across years', () => {
    expect(isCardExpired({ expMonth: 12, expYear: 2025 }, midMarch2026)).to.equal(true);
    expect(isCardExpired({ expMonth: 1, expYear: 2027 }, midMarch2026)).to.equal(false);
    expect(isCardExpired({ expMonth: 2, expYear: 2026 }, midMarch2026)).to.equal(true);
    expect(isCardExpired({ expMonth: 12, expYear: 2026 }, new Date(Date.UTC(2027, 0, 1)))).to.equal(true);
    expect(isCardExpired({ expMonth: 12, expYear: 2026 }, new Date(Date.UTC(2026, 11, 31, 23, 59)))).to.equal(false);
  });

  it('defaults to now', () => {
    const now = new Date();
    expect(isCardExpired({ expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() })).to.equal(false);
    expect(isCardExpired({ expMonth: now.getUTCMonth() + 1, expYear: now.getUTCFullYear() - 1 })).to.equal(true);
  });
});

describe('cardExpiryState', () => {
  it('says "expiring" within 60 days of the end of the expiry month, and "expired" after it', () => {
    const card = { expMonth: 3, expYear: 2026 }; // works until 1 April 2026 00:00 UTC
    expect(cardExpiryState(card, new Date(Date.UTC(2026, 0, 30)))).to.equal('valid'); // 61 days before
    expect(cardExpiryState(card, new Date(Date.UTC(2026, 0, 31)))).to.equal('expiring'); // 60 days before
    expect(cardExpiryState(card, new Date(Date.UTC(2026, 2, 31, 23, 59)))).to.equal('expiring');
    expect(cardExpiryState(card, new Date(Date.UTC(2026, 3, 1)))).to.equal('expired');
  });
});

describe('formatCardExpiry', () => {
  it('writes month and year with four digits, the same in every widget', () => {
    expect(formatCardExpiry({ expMonth: 12, expYear: 2029 }, 'en')).to.equal('12/2029');
    expect(formatCardExpiry({ expMonth: 3, expYear: 2030 }, 'en')).to.equal('03/2030');
  });

  it('follows the locale and never shifts the month with the time zone', () => {
    expect(formatCardExpiry({ expMonth: 12, expYear: 2029 }, 'ja')).to.equal('2029/12');
    // January in UTC would read as December in any zone west of Greenwich if the zone were the viewer's.
    for (const locale of ['en', 'de', 'fr', 'ja', 'ar']) {
      const text = formatCardExpiry({ expMonth: 1, expYear: 2030 }, locale);
      expect(text, locale).to.match(/2030|٢٠٣٠/);
      expect(text, locale).to.match(/01|٠١/);
    }
  });

  it('falls back to English for a locale Intl cannot read', () => {
    expect(formatCardExpiry({ expMonth: 12, expYear: 2029 }, 'not a locale!')).to.equal('12/2029');
  });
});

// The widgets' expiry rule agrees with the backends' (UTC) in a viewer's time zone far from UTC, at the month boundary.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cardExpiryState, formatCardExpiry, isCardExpired } from '../../src/payments/card-expiry.js';
import { isCardExpiredUtc } from '../../src/rules/card-rules.js';

const zoneBefore = process.env['TZ'];
after(() => {
  if (zoneBefore === undefined) Reflect.deleteProperty(process.env, 'TZ');
  else process.env['TZ'] = zoneBefore;
});

describe('card expiry in the viewer’s time zone', () => {
  const card = { expMonth: 3, expYear: 2026 };
  // 1 April 2026 00:30 UTC: still 31 March in New York, already 1 April in Tokyo.
  const justAfter = new Date(Date.UTC(2026, 3, 1, 0, 30));
  // 31 March 2026 23:30 UTC: still March in New York, already 1 April in Tokyo.
  const justBefore = new Date(Date.UTC(2026, 2, 31, 23, 30));

  for (const zone of ['America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
    it(`judges the boundary as the backends do in ${zone}`, () => {
      process.env['TZ'] = zone;
      assert.equal(isCardExpired(card, justAfter), true);
      assert.equal(isCardExpired(card, justBefore), false);
      assert.equal(isCardExpired(card, justAfter), isCardExpiredUtc(card, justAfter));
      assert.equal(cardExpiryState(card, justAfter), 'expired');
      assert.equal(cardExpiryState(card, justBefore), 'expiring');
      assert.equal(formatCardExpiry(card, 'en'), '03/2026');
    });
  }
});

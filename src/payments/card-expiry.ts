// When a saved card stops being usable, and how its expiry is written: one rule and one format for every widget.
import type { PaymentMethod } from '../client/schemas.js';
import { isCardExpiredUtc } from '../rules/card-rules.js';
import { dateTimeFormat } from '../money/intl-cache.js';

type CardExpiry = Pick<PaymentMethod, 'expMonth' | 'expYear'>;

/** How near "Expires soon" starts: a card that stops working within this many days. */
export const EXPIRES_SOON_DAYS = 60;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A card is good through the last day of its expiry month. The month is read in UTC, as the mock and the server
 * decide it, so a widget never offers a card the backend refuses (or hides one it accepts) around midnight.
 */
export function isCardExpired(card: CardExpiry, now: Date = new Date()): boolean {
  return isCardExpiredUtc(card, now);
}

/** `expired`; `expiring` when it stops working within {@link EXPIRES_SOON_DAYS} days; else `valid`. */
export function cardExpiryState(card: CardExpiry, now: Date = new Date()): 'valid' | 'expiring' | 'expired' {
  if (isCardExpiredUtc(card, now)) return 'expired';
  // The first instant it no longer works: the start of the month after its expiry month, UTC.
  const end = Date.UTC(card.expYear, card.expMonth, 1);
  return end - now.getTime() <= EXPIRES_SOON_DAYS * DAY_MS ? 'expiring' : 'valid';
}

function expiryFormat(locale: string): Intl.DateTimeFormat {
  try {
    return dateTimeFormat(locale, { month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  } catch {
    // A malformed locale from a host must not break a card list.
    return dateTimeFormat('en', { month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  }
}

/**
 * The expiry month as the locale writes a month and a year: "12/2029" in English, "2029/12" in Japanese. Every widget
 * shows expiry through this, so one card reads the same everywhere.
 */
export function formatCardExpiry(card: CardExpiry, locale: string): string {
  return expiryFormat(locale).format(new Date(Date.UTC(card.expYear, card.expMonth - 1, 1)));
}

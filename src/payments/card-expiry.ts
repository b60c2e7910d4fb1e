// When a saved card stops being usable: one rule for every widget that offers or checks a card.
import type { PaymentMethod } from '../client/schemas.js';

/** A card is good through the last day of its expiry month, in the viewer's calendar. */
export function isCardExpired(card: Pick<PaymentMethod, 'expMonth' | 'expYear'>, now: Date = new Date()): boolean {
  return card.expYear * 12 + card.expMonth < now.getFullYear() * 12 + now.getMonth() + 1;
}

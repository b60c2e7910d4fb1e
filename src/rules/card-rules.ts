// When a saved card stops being usable, as the backends decide it (UTC calendar).

/** A card is good through the last day of its expiry month; the month is read in UTC, as the mock and the server both do. */
export function isCardExpiredUtc(card: { expMonth: number; expYear: number }, now: Date): boolean {
  return card.expYear * 12 + (card.expMonth - 1) < now.getUTCFullYear() * 12 + now.getUTCMonth();
}

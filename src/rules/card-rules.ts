// When a saved card stops being usable, as the backends decide it (UTC calendar).

/** A card is good through the last day of its expiry month; the month is read in UTC, as the mock and the server both do. */
export function isCardExpiredUtc(card: { expMonth: number; expYear: number }, now: Date): boolean {
  return card.expYear * 12 + (card.expMonth - 1) < now.getUTCFullYear() * 12 + now.getUTCMonth();
}

/**
 * The card that becomes the default once `removed` is gone: none changes when the removed card was not the default (or
 * another is flagged); otherwise the most recently added card left that has not expired at `now`. No expired card is
 * made the default: the dialog would preselect a card it cannot charge. `remaining` is in the order the cards were added.
 */
export function defaultAfterRemoval<T extends { readonly isDefault: boolean; readonly expMonth: number; readonly expYear: number }>(
  removed: T,
  remaining: readonly T[],
  now: Date,
): T | null {
  if (!removed.isDefault || remaining.some((card) => card.isDefault)) return null;
  return remaining.findLast((card) => !isCardExpiredUtc(card, now)) ?? null;
}

/** What removing a card does to automatic recharge. */
export type RechargeAfterRemoval =
  /** Auto-recharge charges another card (or none): nothing changes. */
  | 'unchanged'
  /** Auto-recharge names the card but is off: it forgets the card and stays off, with no new cause. */
  | 'forget_card'
  /**
   * Auto-recharge is on with this card: it turns off (enabled false, no card, cause payment_method_removed, version
   * bumped) rather than silently charging another card the person never chose for it.
   */
  | 'turn_off';

export function rechargeAfterCardRemoval(
  settings: { enabled: boolean; paymentMethodId: string | null },
  removedId: string,
): RechargeAfterRemoval {
  if (settings.paymentMethodId !== removedId) return 'unchanged';
  return settings.enabled ? 'turn_off' : 'forget_card';
}

/** The reason code auto-recharge's disabledCause carries when the card it charged was removed. */
export const PAYMENT_METHOD_REMOVED = 'payment_method_removed';

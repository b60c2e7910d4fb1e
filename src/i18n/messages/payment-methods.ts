// The message interface of <payment-methods>: in i18n/, the bottom layer, so the catalog never imports a widget.
// The English defaults stay with the element (src/components/payment-methods/messages.ts).

/** Every string <payment-methods> shows or speaks; set `messages` to replace any of them. `card` is "Visa ••4242". */
export interface PaymentMethodsMessages {
  heading: string;
  description: string;
  loading: string;
  retry: string;
  /** The list's accessible name. */
  listLabel: string;
  empty: string;
  /** `expiry`: month and year as the locale writes them ("12/2029"). */
  expires: (expiry: string) => string;
  expired: (expiry: string) => string;
  expiringTag: string;
  expiredTag: string;
  defaultTag: string;
  /** The tag on the card automatic recharge charges. */
  autoRechargeTag: string;
  makeDefault: string;
  makingDefault: string;
  remove: string;
  removing: string;
  confirmRemoveTitle: (card: string) => string;
  confirmRemoveBody: string;
  /** Removing the default card: which card takes its place. */
  confirmRemoveDefault: string;
  /** Removing the card automatic recharge charges: what happens to automatic recharge. */
  confirmRemoveAutoRecharge: (card: string) => string;
  confirmRemoveButton: string;
  cancel: string;
  addCard: string;
  addCardTitle: string;
  addCardHint: string;
  saveCard: string;
  savingCard: string;
  cardAdded: (card: string) => string;
  cardRemoved: (card: string) => string;
  autoRechargeTurnedOff: string;
  defaultChanged: (card: string) => string;
  removeFailed: (card: string) => string;
  defaultFailed: (card: string) => string;
  /** Shown with Try again when a change takes longer than usual. */
  slow: string;
}

// The message interface of <billing-history>: in i18n/, the bottom layer, so the catalog never imports a widget.
// The English defaults stay with the element (src/components/billing-history/messages.ts).

/** Every string <billing-history> and its receipts show or speak; set `messages` to replace any of them. */
export interface BillingHistoryMessages {
  title: string;
  description: string;
  /** The list's accessible name. */
  listLabel: string;
  dateColumn: string;
  amountColumn: string;
  cardColumn: string;
  statusColumn: string;
  /** A top-up a person made ("Add funds"). */
  kindManual: string;
  /** A top-up automatic recharge made. */
  kindAutomatic: string;
  statusSucceeded: string;
  statusPending: string;
  statusFailed: string;
  /**
   * A failed top-up's reason: `reason` is the decline in words ("Your card has insufficient funds."), or why an
   * automatic recharge failed before any charge ("Visa ••4242 has expired.").
   */
  failedBecause: (reason: string) => string;
  /** An automatic recharge held back before any charge, when the backend gives no reason. */
  statusSkipped: string;
  /** An automatic recharge held back before any charge: `reason` in words (the monthly cap's sentence). */
  skippedBecause: (reason: string) => string;
  /** A status this version of the widget has no words for (a newer backend's). */
  statusUnknown: string;
  /** The top-up's card is not known (a new card that was not saved, or a backend that does not say). */
  cardUnknown: string;
  /** An amount the widget cannot show (a backend sent something it cannot format). */
  amountUnavailable: string;
  /** The button that opens a succeeded top-up's receipt. */
  receiptButton: string;
  /** Its accessible name: `amount` and `date` as shown in the row. */
  receiptButtonLabel: (amount: string, date: string) => string;
  loadMore: string;
  loadingMore: string;
  /** How many top-ups are listed so far: `formatted` is `count` in the locale's digits. */
  shown: (formatted: string, count: number) => string;
  /** Every page is listed: `formatted` is `count` in the locale's digits. */
  allShown: (formatted: string, count: number) => string;
  loading: string;
  empty: string;
  /** The billing service has no top-up history (its client has no listTopUps). */
  unavailable: string;
  /** The service sent a page it had already sent (a cursor loop): the list stops rather than repeat forever. */
  pageRepeated: string;
  retry: string;
  receiptTitle: string;
  /** The receipt's one-line explanation under its title. */
  receiptIntro: string;
  receiptAccount: string;
  receiptDate: string;
  receiptType: string;
  receiptCard: string;
  receiptPaymentId: string;
  /** The amount added to the balance. */
  receiptAmount: string;
  printReceipt: string;
  closeReceipt: string;
}

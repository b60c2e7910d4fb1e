// The words <add-funds-dialog> and its top-up attempts speak in English: small and eager, so the i18n catalog and the element's shell need not load the payment flow.

/** Every string <add-funds-dialog> shows or speaks; set `messages` to replace any of them. */
export interface AddFundsDialogMessages {
  title: string;
  close: string;
  testMode: string;
  loading: string;
  retry: string;
  amountLegend: string;
  customAmount: string;
  amountLimits: (minimum: string, maximum: string) => string;
  amountRequired: string;
  amountBelowMinimum: (minimum: string) => string;
  amountAboveMaximum: (maximum: string) => string;
  amountNotANumber: string;
  amountExponent: string;
  amountNegative: string;
  amountTooManyDecimals: (currency: string, digits: number) => string;
  currentBalance: (balance: string) => string;
  newBalance: (balance: string) => string;
  methodLegend: string;
  loadingCards: string;
  cardsError: string;
  cardLabel: (brand: string, last4: string) => string;
  expires: (month: string, year: string) => string;
  expired: string;
  defaultCard: string;
  newCard: string;
  /** A new card in a sentence, before the payment provider names it: "Paying $50.00 with a new card…". */
  newCardSource: string;
  saveCard: string;
  loadingCardEntry: string;
  chooseCard: string;
  pay: (amount: string) => string;
  payDisabled: string;
  processing: string;
  cancel: string;
  /** Replaces Cancel while a payment is in flight: closing does not stop it. */
  closeWhilePaying: string;
  statusSubmitting: (amount: string, card: string) => string;
  statusAuthenticating: string;
  statusConfirming: string;
  statusProcessing: string;
  /** After Escape while paying; `close` is the label of the button that closes the dialog (`closeWhilePaying`). */
  stillProcessing: (close: string) => string;
  declinedTitle: string;
  declinedHint: string;
  interruptedTitle: string;
  interruptedHint: string;
  unconfirmedTitle: (amount: string) => string;
  unconfirmedHint: string;
  checkAgain: string;
  checking: string;
  payDifferently: string;
  payDifferentlyWarning: (amount: string) => string;
  payDifferentlyConfirm: string;
  payDifferentlyBack: string;
  /**
   * Before a second top-up of the same amount soon after one succeeded: `when` is a relative time from
   * Intl.RelativeTimeFormat ("1 minute ago", "vor 3 Minuten").
   */
  repeatQuestion: (amount: string, when: string) => string;
  /** Pays the repeated amount after that question. */
  repeatConfirm: (amount: string) => string;
  /** Back to the form from that question, nothing charged. */
  repeatBack: string;
  earlierUnconfirmed: (amount: string, card: string) => string;
  earlierSucceeded: (amount: string) => string;
  earlierFailed: (amount: string) => string;
  successTitle: string;
  successBody: (amount: string, card: string) => string;
  successBalance: string;
  done: string;
  /** The payment form's code could not be downloaded (offline, or the file is gone); "Try again" fetches it again. */
  flowUnavailable: string;
  /** Opened before the payment form's code arrived (a slow first download). */
  loadingForm: string;
}

export const defaultAddFundsDialogMessages: AddFundsDialogMessages = {
  title: 'Add funds',
  close: 'Close',
  testMode: 'Test mode',
  loading: 'Loading your account…',
  retry: 'Try again',
  amountLegend: 'Amount',
  customAmount: 'Other amount',
  amountLimits: (minimum, maximum) => `From ${minimum} to ${maximum}`,
  amountRequired: 'Choose an amount or enter one.',
  amountBelowMinimum: (minimum) => `The minimum top-up is ${minimum}.`,
  amountAboveMaximum: (maximum) => `The maximum top-up is ${maximum}.`,
  amountNotANumber: 'Enter the amount as a number.',
  amountExponent: 'Write the amount out in full, without an exponent.',
  amountNegative: 'The amount cannot be negative.',
  amountTooManyDecimals: (currency, digits) =>
    digits === 0
      ? `${currency} amounts have no decimal places.`
      : `${currency} amounts have at most ${digits} decimal place${digits === 1 ? '' : 's'}.`,
  currentBalance: (balance) => `Current balance: ${balance}`,
  newBalance: (balance) => `New balance: ${balance}`,
  methodLegend: 'Payment method',
  loadingCards: 'Loading your saved cards…',
  cardsError: "We couldn't load your saved cards.",
  cardLabel: (brand, last4) => `${brand} ending in ${last4}`,
  expires: (month, year) => `Expires ${month}/${year}`,
  expired: 'Expired',
  defaultCard: 'Default',
  newCard: 'Use a new card',
  newCardSource: 'a new card',
  saveCard: 'Save this card for future payments',
  loadingCardEntry: 'Loading secure card entry…',
  chooseCard: 'Choose a card to pay with.',
  pay: (amount) => `Pay ${amount}`,
  payDisabled: 'Pay',
  processing: 'Processing…',
  cancel: 'Cancel',
  closeWhilePaying: 'Close — the payment continues',
  statusSubmitting: (amount, card) => `Paying ${amount} with ${card}…`,
  statusAuthenticating: 'Your bank wants to confirm this payment. Follow the steps shown.',
  statusConfirming: 'Confirming with your bank…',
  statusProcessing: "We're confirming your payment. This can take a moment.",
  stillProcessing: (close) => `Your payment is still processing. You can close this window with “${close}”; the payment carries on.`,
  declinedTitle: 'Payment declined.',
  declinedHint: 'Nothing was charged. Try another card, or try again.',
  interruptedTitle: "We couldn't confirm your payment.",
  interruptedHint: 'Press Pay to check again. You will not be charged twice.',
  unconfirmedTitle: (amount) => `We couldn't confirm your payment of ${amount}.`,
  unconfirmedHint: 'Check again before paying again.',
  checkAgain: 'Check again',
  checking: 'Checking your payment…',
  payDifferently: 'Pay a different way',
  payDifferentlyWarning: (amount) =>
    `Your payment of ${amount} may have gone through. If it did, a new payment charges you again. Continue only if you want to pay again anyway; you can still check the first payment later.`,
  payDifferentlyConfirm: 'Start a new payment',
  payDifferentlyBack: 'Go back',
  repeatQuestion: (amount, when) => `You added ${amount} ${when}. Add another ${amount}?`,
  repeatConfirm: (amount) => `Add another ${amount}`,
  repeatBack: 'Go back',
  earlierUnconfirmed: (amount, card) => `Your earlier payment of ${amount} with ${card} is still unconfirmed.`,
  earlierSucceeded: (amount) => `Your earlier payment of ${amount} went through.`,
  earlierFailed: (amount) => `Your earlier payment of ${amount} did not go through. Nothing was charged for it.`,
  successTitle: 'Funds added',
  successBody: (amount, card) => `${amount} was added to your balance with ${card}.`,
  successBalance: 'New balance',
  done: 'Done',
  flowUnavailable: "The payment form couldn't load. Check your connection and try again.",
  loadingForm: 'Loading the payment form…',
};

/**
 * The errors an attempt words itself. They are raised in English (what events and logs carry); a widget
 * shows them in its language through the catalog's `topUpAttempt` section (see localizeErrorMessage).
 */
export interface TopUpAttemptMessages {
  /** The bank asked for 3-D Secure, but no payment provider is there to run it. */
  authenticationUnavailable: string;
  /** The payment is still processing after the last poll: resumable, never charged twice. */
  stillConfirming: string;
}

export const defaultTopUpAttemptMessages: TopUpAttemptMessages = {
  authenticationUnavailable: 'Your bank asked to confirm this payment, but card checks are unavailable here.',
  stillConfirming: 'We are still confirming your payment with the bank. Check again in a moment; you will not be charged twice.',
};

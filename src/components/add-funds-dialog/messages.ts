// The English of the words only the payment form <billing-add-funds-form> shows: imported by the form, so it travels in
// the form's chunk (the dialog's frame has its own, shell-messages.ts). Also every English word of <add-funds-dialog>
// in one object, for the public entry. The interfaces, and the top-up attempts' English (which the catalog matches),
// live in src/i18n/messages/.
import type { AddFundsDialogMessages, AddFundsFormMessages } from '../../i18n/messages/add-funds-dialog.js';
import { defaultAddFundsDialogShellMessages } from './shell-messages.js';

export const defaultAddFundsFormMessages: AddFundsFormMessages = {
  loading: 'Loading your account…',
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
  expires: (expiry) => `Expires ${expiry}`,
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
};

/** Every word <add-funds-dialog> and its form show, in English: what a host's `messages` and catalogs replace. */
export const defaultAddFundsDialogMessages: AddFundsDialogMessages = {
  ...defaultAddFundsDialogShellMessages,
  ...defaultAddFundsFormMessages,
};

export { defaultTopUpAttemptMessages, type TopUpAttemptMessages } from '../../i18n/messages/top-up-attempt.js';
export type { AddFundsDialogMessages } from '../../i18n/messages/add-funds-dialog.js';

// The English of every error and decline the library words itself. In i18n/, the bottom layer: the client
// (errors.ts, response-check.ts) and the payments (payment-provider.ts, test-cards.ts) raise errors with these
// texts, and the catalog matches a raised text back to its key to show it in the widget's language.

/** Default text of each BillingError code (client/errors.ts checks that the keys are exactly its codes). */
export const defaultErrorCodeMessages = {
  network: 'We could not reach the billing service. Check your connection and try again.',
  unauthorized: 'Your session has expired. Sign in again to continue.',
  forbidden: 'You do not have permission to manage billing for this account.',
  not_found: 'We could not find that billing record.',
  validation: 'Some details were not accepted. Check them and try again.',
  conflict: 'Someone else changed these settings a moment ago.',
  card_declined: 'The card was declined.',
  authentication_required: 'Your bank needs you to confirm this payment.',
  rate_limited: 'Too many requests in a short time. Wait a moment and try again.',
  unavailable: 'The billing service is temporarily unavailable. Try again in a moment.',
  unknown: 'Something went wrong with the billing service.',
} as const;

/** A BillingError code, as the catalog knows it (the same union as client/errors.ts's BillingErrorCode). */
export type ErrorCode = keyof typeof defaultErrorCodeMessages;

/** The English text of an unreadable response; the widgets show the catalog's wording for it (by `details.issues`). */
export const UNREADABLE_RESPONSE_MESSAGE = "The billing service sent data we couldn't read.";

/** The payment provider's card entry could not load. */
export const CARD_ENTRY_UNAVAILABLE_MESSAGE = 'Card entry is unavailable right now. You can still pay with a saved card.';

/** Text for a BillingError the widgets raise themselves (by code), plus two texts of the library's own. */
export interface BillingErrorMessages extends Record<ErrorCode, string> {
  /** A response the schemas refused (an `unknown` error carrying `details.issues`). */
  unreadable: string;
  /** The payment provider's card entry could not load. */
  cardEntryUnavailable: string;
}

/** Plain-words messages for each decline code, written for the person paying (payments/test-cards.ts's DECLINE_MESSAGES). */
export const defaultDeclineMessages = {
  insufficient_funds: 'Your card has insufficient funds.',
  generic_decline: 'Your card was declined.',
  expired_card: 'Your card has expired.',
  // Only the reason: the widget that shows it adds what to do next (the dialog: "Nothing was charged. Try another card, or try again.").
  authentication_failed: 'Your bank could not confirm this payment.',
  authentication_required:
    'Your bank asked to confirm this payment, which cannot be done automatically. Make a manual top-up or use another card.',
} as const;

/** A decline code the library words itself (the same union as payments/test-cards.ts's TestCardDeclineCode). */
export type DeclineCode = keyof typeof defaultDeclineMessages;

/** Text for a card decline the library itself words (test cards, the mock), by decline code. */
export type DeclineMessages = Record<DeclineCode, string>;

/** What the catalog reads of a BillingError: structural, so i18n needs nothing from the client layer. */
export interface LocalizableError {
  readonly code: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

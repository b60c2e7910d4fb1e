// The English of every error and decline the library words itself. In i18n/, the bottom layer: the client
// (errors.ts, response-check.ts, http-client.ts) and the payments (payment-provider.ts, test-cards.ts) raise
// errors with these texts and their key (`errors.<name>`), and the catalog looks a widget's language up by that key.

/** An amount of integer minor units, as a message parameter (the shape of money/'s Money). */
export interface MessageAmount {
  readonly amount: number;
  readonly currency: string;
}

/** One value a keyed message is built from: text as is, a number or an amount formatted in the reader's locale. */
export type MessageParam = string | number | MessageAmount;

/** The values a keyed message is built from, by name (`{ seconds: 15 }`). */
export type MessageParams = Readonly<Record<string, MessageParam>>;

/** The values as a catalog's message function receives them: each already written for the reader's locale. */
export type FormattedParams = Readonly<Record<string, string>>;

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

/** The sign-in hook a host gave the HTTP client failed. */
export const SIGN_IN_UNAVAILABLE_MESSAGE = 'We could not get your sign-in details to call the billing service. Sign in again to continue.';

/** A change sent once lost its connection before any answer: nobody can tell whether it was saved. */
export const CONNECTION_UNSAVED_MESSAGE =
  'The connection failed before the billing service answered, so this change may or may not have been saved. Reload to check before trying again.';

/** Waited out a read's timeout (`seconds`): worth another try. */
export function timeoutMessage(params: FormattedParams): string {
  return `The billing service did not answer within ${params['seconds']} seconds. Check your connection and try again.`;
}

/** Waited out a change's timeout (`seconds`): it may have been saved. */
export function timeoutUnsavedMessage(params: FormattedParams): string {
  return `The billing service did not answer within ${params['seconds']} seconds, so this change may or may not have been saved. Reload to check before trying again.`;
}

/** Text for a BillingError the widgets raise themselves (by code), plus the texts of the library's own errors, by key. */
export interface BillingErrorMessages extends Record<ErrorCode, string> {
  /** A response the schemas refused (an `unknown` error carrying `details.issues`). */
  unreadable: string;
  /** The payment provider's card entry could not load. */
  cardEntryUnavailable: string;
  /** The host's sign-in hook failed before a request. */
  signInUnavailable: string;
  /** A change's connection failed before any answer. */
  connectionUnsaved: string;
  /** A read timed out; `seconds` is the timeout. */
  timeout: (params: FormattedParams) => string;
  /** A change timed out; `seconds` is the timeout. */
  timeoutUnsaved: (params: FormattedParams) => string;
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
  /** `section.name` in the catalog (`errors.network`); absent when the text is a backend's own. */
  readonly messageKey?: string | undefined;
  readonly params?: MessageParams | undefined;
}

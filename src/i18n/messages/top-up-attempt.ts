// The errors a top-up attempt (src/components/add-funds-dialog/top-up-attempt.ts) words itself, with their English:
// in i18n/ because the catalog matches an error's English text to its key (localizeErrorMessage).

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

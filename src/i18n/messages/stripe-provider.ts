// The message interface of the Stripe payment provider (src/payments/stripe-provider.ts): in i18n/, the bottom layer, so the catalog never imports a widget or provider.
// The English defaults stay with the element or provider that speaks them.

/**
 * What the provider says itself (Stripe words its own fields and errors through the `locale` option).
 * English here; the shipped catalogs' `stripeProvider` section has the other languages.
 */
export interface StripeProviderMessages {
  /** Stripe could not be reached. */
  network: string;
  /** Anything else that went wrong with Stripe (its own message is written for developers). */
  unknown: string;
  /** Tokenizing after the card entry was destroyed. */
  closed: string;
  /** The Payment Element failed after it had loaded. */
  stoppedWorking: string;
  /** Stripe.js could not load to run 3-D Secure. */
  challengeUnavailable: string;
  /** A validation error without Stripe's own message. */
  checkDetails: string;
  /** A card error without Stripe's own message. */
  declined: string;
}

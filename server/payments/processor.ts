// The card-processor seam of the reference server: TestCardProcessor (default) or the Stripe one (STRIPE_SECRET_KEY).

export interface SavedCardDetails {
  /** The processor's id for the saved card (pm_… on Stripe, a test card id otherwise). */
  providerPaymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** The processor's id for the card number itself (Stripe's card.fingerprint), where it has one: the same card saved twice has the same. */
  fingerprint?: string;
}

/**
 * The card a payment was made with, as the processor names it: kept on the top-up, so its history and receipt name the
 * card even when it was a new card that was not saved (or was declined).
 */
export interface ChargedCard {
  brand: string;
  last4: string;
}

/** `card`: the card charged, where the processor knows it (absent from processors or answers that do not say). */
export type ChargeResult =
  /** Money captured now; the server credits the balance in the same transaction as recording the top-up. */
  (
    | { status: 'succeeded'; providerPaymentId: string }
    /** Captured later; the balance is credited when settleTopUp is called (Stripe: by the webhook). */
    | { status: 'processing'; providerPaymentId: string }
    /** 3-D Secure: the widget's PaymentProvider completes it with clientSecret, then calls confirm. */
    | { status: 'requires_action'; providerPaymentId: string; clientSecret: string }
    /** declineCode: a TestCardDeclineCode from the test processor, Stripe's decline_code (or error code) from Stripe. */
    | { status: 'failed'; providerPaymentId: string | null; declineCode: string; message: string }
  ) & { card?: ChargedCard };

export interface ChargeRequest {
  amount: { amount: number; currency: string };
  /** The top-up's Idempotency-Key, passed on so the processor never charges twice either. */
  idempotencyKey: string;
  /** On-session (a person paying in the dialog) or off-session (auto-recharge). */
  offSession: boolean;
  /** Exactly one of: a saved card, or a token from the widget's PaymentProvider. */
  providerPaymentMethodId?: string;
  providerToken?: string;
  /** Save the new card for later (and for auto-recharge). */
  saveCard?: boolean;
}

export interface PaymentProcessor {
  readonly name: 'test-cards' | 'stripe';
  /** Saves a card from a provider token without charging it. Rejects (BillingError card_declined) for a card that cannot be saved. */
  saveCard(providerToken: string): Promise<SavedCardDetails>;
  /** Charges once per idempotencyKey; a repeat with the same key returns the first result. */
  charge(request: ChargeRequest): Promise<ChargeResult & { savedCard?: SavedCardDetails }>;
  /** After 3-D Secure: the payment's final state (succeeded, failed) or still processing. */
  confirm(providerPaymentId: string): Promise<ChargeResult>;
  /**
   * How a payment stands, read without acting on it: unlike confirm, a payment still waiting for
   * 3-D Secure is reported requires_action, never taken as authenticated. The recovery sweep uses
   * it to end top-ups whose challenge was abandoned; a processor without it leaves them be.
   */
  paymentStatus?(providerPaymentId: string): Promise<ChargeResult>;
  /**
   * The payment a charge request made, looked up by its idempotency key without charging; null when
   * the processor knows of none. Asked when replaying the request gives no usable answer either.
   */
  findPayment?(request: ChargeRequest): Promise<ChargeResult | null>;
  /**
   * Forgets a saved card at the processor, so nothing can charge it again (Stripe: detaches the PaymentMethod from its
   * Customer). Called once the account has removed the card; a card the processor no longer holds is already forgotten.
   * A processor without it keeps nothing to forget: the test-card processor names a saved card by its public number,
   * one id for every account that saved it.
   */
  detachCard?(providerPaymentMethodId: string): Promise<void>;
}

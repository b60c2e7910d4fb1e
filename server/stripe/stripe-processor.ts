// StripeProcessor: the PaymentProcessor over Stripe PaymentIntents (top-ups, auto-recharge) and SetupIntents (saved cards).
//
// How it meets the widget: StripePaymentProvider (src/payments/stripe-provider.ts) runs the
// Payment Element in the deferred-intent flow with `paymentMethodCreation: 'manual'` and hands
// the backend a ConfirmationToken id (`ctoken_…`) as providerToken. Here that token confirms a
// PaymentIntent created on the server (`confirm: true, confirmation_token`), or a SetupIntent
// when a card is only saved. When the person ticked "save card" the widget already set
// `setupFutureUsage: 'off_session'` on its Elements, and the PaymentIntent must say the same or
// Stripe refuses the confirmation.
//
// Saved cards need a Customer to be charged again off-session. The processor seam carries no
// account, so each saved card gets its own Customer and a later charge reads it back from the
// PaymentMethod (one extra GET per saved-card charge, nothing kept in memory).
import type Stripe from 'stripe';
import { BillingError } from '../../src/client/errors.js';
import type { ChargeRequest, ChargeResult, ChargedCard, PaymentProcessor, SavedCardDetails } from '../payments/processor.js';

/**
 * The part of the Stripe SDK this processor calls; `new Stripe(secretKey)` satisfies it and tests
 * pass a fake object, so nothing here needs the network to be exercised.
 */
export interface StripeApi {
  paymentIntents: {
    create(params: Stripe.PaymentIntentCreateParams, options?: Stripe.RequestOptions): Promise<Stripe.PaymentIntent>;
    retrieve(id: string, params?: Stripe.PaymentIntentRetrieveParams, options?: Stripe.RequestOptions): Promise<Stripe.PaymentIntent>;
    /** Finds a payment whose create's answer was lost by its metadata (see findPayment); optional for fakes. */
    search?(params: Stripe.PaymentIntentSearchParams, options?: Stripe.RequestOptions): Promise<{ data: Stripe.PaymentIntent[] }>;
  };
  setupIntents: {
    create(params: Stripe.SetupIntentCreateParams, options?: Stripe.RequestOptions): Promise<Stripe.SetupIntent>;
  };
  customers: {
    create(params?: Stripe.CustomerCreateParams, options?: Stripe.RequestOptions): Promise<Stripe.Customer>;
  };
  paymentMethods: {
    retrieve(id: string, params?: Stripe.PaymentMethodRetrieveParams, options?: Stripe.RequestOptions): Promise<Stripe.PaymentMethod>;
    detach(id: string, params?: Stripe.PaymentMethodDetachParams, options?: Stripe.RequestOptions): Promise<Stripe.PaymentMethod>;
  };
}

export interface StripeProcessorOptions {
  stripe: StripeApi;
  /** The PaymentIntent description shown in the Stripe dashboard; defaults to 'Prepaid credit top-up'. */
  description?: string;
}

const DECLINED_MESSAGE = 'Your card was declined.';
const AUTHENTICATION_REQUIRED_MESSAGE =
  'Your bank asked to confirm this payment, which cannot be done automatically. Make a manual top-up or use another card.';

// Messages the person paying can act on, for the decline codes Stripe documents most often;
// anything else falls back to Stripe's own message (written for cardholders too).
const DECLINE_MESSAGES: Readonly<Record<string, string>> = {
  insufficient_funds: 'Your card has insufficient funds.',
  generic_decline: DECLINED_MESSAGE,
  card_declined: DECLINED_MESSAGE,
  expired_card: 'Your card has expired.',
  incorrect_cvc: 'The security code is incorrect.',
  processing_error: 'The card could not be processed. Try again in a moment.',
  authentication_required: AUTHENTICATION_REQUIRED_MESSAGE,
  // The reason only, as src/payments/test-cards.ts words it: the dialog adds what to do next.
  payment_intent_authentication_failure: 'Your bank could not confirm this payment.',
};

export class StripeProcessor implements PaymentProcessor {
  readonly name = 'stripe' as const;
  readonly #stripe: StripeApi;
  readonly #description: string;

  constructor(options: StripeProcessorOptions) {
    this.#stripe = options.stripe;
    this.#description = options.description ?? 'Prepaid credit top-up';
  }

  async saveCard(providerToken: string): Promise<SavedCardDetails> {
    const customer = await this.#call(() => this.#stripe.customers.create({ description: 'Billing account card' }));
    let setupIntent: Stripe.SetupIntent;
    try {
      setupIntent = await this.#stripe.setupIntents.create({
        customer: customer.id,
        confirm: true,
        confirmation_token: providerToken,
        usage: 'off_session',
        allowed_payment_method_types: ['card'],
        expand: ['payment_method'],
      });
    } catch (error) {
      if (isCardError(error)) {
        const code = error.decline_code ?? error.code ?? 'card_declined';
        throw new BillingError('card_declined', { message: declineMessage(code, error.message), details: { declineCode: code } });
      }
      throw toProcessorError(error);
    }
    if (setupIntent.status === 'succeeded') {
      const details = cardDetails(setupIntent.payment_method);
      if (details) return details;
      return this.#savedCardDetails(idOf(setupIntent.payment_method));
    }
    if (setupIntent.status === 'requires_action') {
      // addPaymentMethod has no next-action step in the contract; the person can save the card
      // by ticking "save card" on a top-up instead, where 3-D Secure is supported.
      throw new BillingError('authentication_required', {
        message: 'Your bank wants to confirm this card. Save it while making a top-up instead.',
      });
    }
    const code = setupIntent.last_setup_error?.decline_code ?? setupIntent.last_setup_error?.code ?? 'card_declined';
    throw new BillingError('card_declined', {
      message: declineMessage(code, setupIntent.last_setup_error?.message),
      details: { declineCode: code },
    });
  }

  async charge(request: ChargeRequest): Promise<ChargeResult & { savedCard?: SavedCardDetails }> {
    const hasSaved = request.providerPaymentMethodId !== undefined;
    const hasToken = request.providerToken !== undefined;
    if (hasSaved === hasToken) {
      throw new BillingError('validation', { message: 'A charge needs exactly one of a saved card or a new card token.' });
    }
    const base: Stripe.PaymentIntentCreateParams = {
      amount: request.amount.amount,
      currency: request.amount.currency.toLowerCase(),
      confirm: true,
      allowed_payment_method_types: ['card'],
      description: this.#description,
      metadata: { idempotency_key: request.idempotencyKey, kind: request.offSession ? 'auto_recharge' : 'top_up' },
      expand: ['payment_method'],
    };

    let params: Stripe.PaymentIntentCreateParams;
    if (request.providerPaymentMethodId !== undefined) {
      const paymentMethod = await this.#call(() => this.#stripe.paymentMethods.retrieve(request.providerPaymentMethodId as string));
      const customer = idOf(paymentMethod.customer);
      params = {
        ...base,
        payment_method: paymentMethod.id,
        ...(customer ? { customer } : {}),
        ...(request.offSession ? { off_session: true } : {}),
      };
    } else {
      params = { ...base, confirmation_token: request.providerToken };
      if (request.saveCard) {
        // The same idempotency family as the charge, so a retried top-up reuses its Customer.
        const customer = await this.#call(() =>
          this.#stripe.customers.create({ description: 'Billing account card' }, { idempotencyKey: `${request.idempotencyKey}:customer` }),
        );
        params.customer = customer.id;
        params.setup_future_usage = 'off_session';
      }
    }

    let paymentIntent: Stripe.PaymentIntent;
    try {
      paymentIntent = await this.#stripe.paymentIntents.create(params, { idempotencyKey: request.idempotencyKey });
    } catch (error) {
      // With confirm: true a decline (and, off-session, a card that needs 3-D Secure) is thrown
      // as a card error; the PaymentIntent it carries is the record of the attempt.
      if (isCardError(error)) {
        const code = error.decline_code ?? error.code ?? 'card_declined';
        // A card error carries the PaymentMethod it involved (Stripe's error object: payment_method), else its PaymentIntent's.
        const card = cardOf(error.payment_method) ?? (error.payment_intent ? chargedCard(error.payment_intent) : null);
        return {
          status: 'failed',
          providerPaymentId: error.payment_intent?.id ?? null,
          declineCode: code,
          message: declineMessage(code, error.message),
          ...(card ? { card } : {}),
        };
      }
      throw toProcessorError(error);
    }

    const result = chargeResult(paymentIntent);
    const saved = request.saveCard && result.status !== 'failed' ? cardDetails(paymentIntent.payment_method) : null;
    return saved ? { ...result, savedCard: saved } : result;
  }

  async confirm(providerPaymentId: string): Promise<ChargeResult> {
    // Expanded so the answer names the card charged (a webhook's or a plain retrieve's PaymentIntent has only its id).
    const paymentIntent = await this.#call(() => this.#stripe.paymentIntents.retrieve(providerPaymentId, { expand: ['payment_method'] }));
    return chargeResult(paymentIntent);
  }

  /**
   * The PaymentIntent a charge request made, found by the idempotency key in its metadata; null when
   * Stripe's search shows none (or is not available). For when replaying the create cannot tell:
   * Stripe keeps a create's first answer for its key, and when that answer was a 500 every replay
   * gets the 500 again, though the PaymentIntent may exist. Search lags writes by up to a minute,
   * which the sweep's 30 s age and its repeats cover.
   */
  async findPayment(request: ChargeRequest): Promise<ChargeResult | null> {
    const search = this.#stripe.paymentIntents.search?.bind(this.#stripe.paymentIntents);
    if (!search) return null;
    const key = request.idempotencyKey.replace(/['\\]/g, '');
    const found = await this.#call(() => search({ query: `metadata['idempotency_key']:'${key}'`, limit: 2 }));
    const matches = found.data.filter((intent) => intent.metadata['idempotency_key'] === request.idempotencyKey);
    // One key makes one PaymentIntent; two would be someone else's doing: leave it to a person.
    return matches.length === 1 && matches[0] ? chargeResult(matches[0]) : null;
  }

  /** Stripe's confirm is already a read (the bank, not this call, decides 3-D Secure). */
  paymentStatus(providerPaymentId: string): Promise<ChargeResult> {
    return this.confirm(providerPaymentId);
  }

  async detachCard(providerPaymentMethodId: string): Promise<void> {
    try {
      await this.#stripe.paymentMethods.detach(providerPaymentMethodId);
    } catch (error) {
      // Stripe refuses to detach a PaymentMethod twice (a retried removal, or one detached in the dashboard): a card
      // it says is attached to no one, or that it doesn't know, is already forgotten. Anything else is tried again later.
      if ((error as { type?: unknown } | null)?.type !== 'StripeInvalidRequestError') throw toProcessorError(error);
      const current = await this.#stripe.paymentMethods.retrieve(providerPaymentMethodId).catch((lookup: unknown) => {
        if ((lookup as { statusCode?: unknown } | null)?.statusCode === 404) return null;
        throw toProcessorError(lookup);
      });
      if (current && idOf(current.customer)) throw toProcessorError(error);
    }
  }

  async #savedCardDetails(paymentMethodId: string | null): Promise<SavedCardDetails> {
    if (!paymentMethodId) throw new BillingError('unknown', { message: 'Stripe saved the card without a payment method.' });
    const paymentMethod = await this.#call(() => this.#stripe.paymentMethods.retrieve(paymentMethodId));
    const details = cardDetails(paymentMethod);
    if (!details) throw new BillingError('validation', { message: 'Only cards can be saved.' });
    return details;
  }

  async #call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toProcessorError(error);
    }
  }
}

/** What a PaymentIntent's status means for a top-up, with the card it charged when the PaymentIntent shows it. */
export function chargeResult(paymentIntent: Stripe.PaymentIntent): ChargeResult {
  const result = statusResult(paymentIntent);
  const card = chargedCard(paymentIntent);
  return card ? { ...result, card } : result;
}

/**
 * The card a PaymentIntent charged, from whichever of its fields is expanded: payment_method (cleared by Stripe after a
 * failed attempt), last_payment_error.payment_method (that failed attempt's), or latest_charge.payment_method_details.
 */
export function chargedCard(paymentIntent: Stripe.PaymentIntent): ChargedCard | null {
  const fromMethod = cardOf(paymentIntent.payment_method) ?? cardOf(paymentIntent.last_payment_error?.payment_method);
  if (fromMethod) return fromMethod;
  const charge = paymentIntent.latest_charge;
  const details = charge && typeof charge === 'object' ? charge.payment_method_details?.card : undefined;
  return details ? checkedCard(details.brand, details.last4) : null;
}

function cardOf(paymentMethod: string | Stripe.PaymentMethod | null | undefined): ChargedCard | null {
  if (!paymentMethod || typeof paymentMethod === 'string' || !paymentMethod.card) return null;
  return checkedCard(paymentMethod.card.brand, paymentMethod.card.last4);
}

/** Only what the history can show: a brand name and four digits; anything else is not recorded. */
function checkedCard(brand: string | null | undefined, last4: string | null | undefined): ChargedCard | null {
  if (typeof brand !== 'string' || brand.length === 0 || brand.length > 40) return null;
  return typeof last4 === 'string' && /^\d{4}$/.test(last4) ? { brand, last4 } : null;
}

function statusResult(paymentIntent: Stripe.PaymentIntent): ChargeResult {
  switch (paymentIntent.status) {
    case 'succeeded':
      return { status: 'succeeded', providerPaymentId: paymentIntent.id };
    case 'requires_action':
      if (paymentIntent.client_secret) {
        return { status: 'requires_action', providerPaymentId: paymentIntent.id, clientSecret: paymentIntent.client_secret };
      }
      return failed(paymentIntent, 'authentication_required', AUTHENTICATION_REQUIRED_MESSAGE);
    case 'requires_payment_method':
    case 'canceled': {
      // requires_payment_method after a confirmation is Stripe's "this attempt failed".
      const lastError = paymentIntent.last_payment_error;
      const code = lastError?.decline_code ?? lastError?.code ?? (paymentIntent.status === 'canceled' ? 'canceled' : 'card_declined');
      return failed(paymentIntent, code, declineMessage(code, lastError?.message));
    }
    case 'processing':
    case 'requires_capture':
    case 'requires_confirmation':
      // Money not (yet) captured; payment_intent.succeeded / payment_failed settles it.
      return { status: 'processing', providerPaymentId: paymentIntent.id };
    default:
      return { status: 'processing', providerPaymentId: paymentIntent.id };
  }
}

function failed(paymentIntent: Stripe.PaymentIntent, declineCode: string, message: string): ChargeResult {
  return { status: 'failed', providerPaymentId: paymentIntent.id, declineCode, message };
}

function declineMessage(code: string, stripeMessage: string | undefined | null): string {
  return DECLINE_MESSAGES[code] ?? (stripeMessage?.trim() || DECLINED_MESSAGE);
}

function cardDetails(paymentMethod: string | Stripe.PaymentMethod | null | undefined): SavedCardDetails | null {
  if (!paymentMethod || typeof paymentMethod === 'string' || !paymentMethod.card) return null;
  const { card } = paymentMethod;
  return {
    providerPaymentMethodId: paymentMethod.id,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.exp_month,
    expYear: card.exp_year,
    ...(card.fingerprint ? { fingerprint: card.fingerprint } : {}),
  };
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

interface CardErrorLike {
  type: 'StripeCardError';
  message: string;
  code?: string;
  decline_code?: string;
  payment_intent?: Stripe.PaymentIntent;
  payment_method?: Stripe.PaymentMethod;
}

function isCardError(error: unknown): error is CardErrorLike {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'StripeCardError';
}

/** Stripe's error classes mapped to the contract's codes; the cause is kept for the server log. */
export function toProcessorError(error: unknown): BillingError {
  if (error instanceof BillingError) return error;
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  const message = error instanceof Error ? error.message : String(error);
  switch (type) {
    case 'StripeCardError':
      return new BillingError('card_declined', { message: DECLINED_MESSAGE, cause: error });
    case 'StripeRateLimitError':
      return new BillingError('rate_limited', { cause: error });
    case 'StripeConnectionError':
    case 'StripeAPIError':
      return new BillingError('unavailable', { message: 'The card processor is unavailable. Try again in a moment.', cause: error });
    case 'StripeIdempotencyError':
      return new BillingError('conflict', { message: 'This payment was already started with different details.', cause: error });
    case 'StripeInvalidRequestError':
      return new BillingError('validation', {
        message: 'The card processor refused the request.',
        cause: error,
        details: { stripeMessage: message.slice(0, 300) },
      });
    default:
      return new BillingError('unknown', { cause: error });
  }
}

// A stand-in for the Stripe SDK object (StripeApi) that records every call and answers like Stripe's test mode: no network.
import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import type { StripeApi } from '../../server/stripe/stripe-processor.js';

export interface RecordedCall {
  method: string;
  params: unknown;
  options?: Stripe.RequestOptions;
}

/** How the fake answers a PaymentIntent confirmation, chosen per ConfirmationToken or PaymentMethod id. */
export type FakeOutcome =
  'succeeded' | 'processing' | 'requires_action' | { decline: string; code?: string } | { offSessionAuthenticationRequired: true };

export class FakeStripe implements StripeApi {
  readonly calls: RecordedCall[] = [];
  /** Outcome by confirmation token or payment method id; 'succeeded' when absent. */
  readonly outcomes = new Map<string, FakeOutcome>();
  /** PaymentIntents by id, as `retrieve` returns them; tests move them along (e.g. after 3-D Secure). */
  readonly paymentIntents_ = new Map<string, Stripe.PaymentIntent>();
  readonly #byIdempotencyKey = new Map<string, Stripe.PaymentIntent>();
  readonly #paymentMethods = new Map<string, Stripe.PaymentMethod>();
  readonly #detached = new Set<string>();
  #sequence = 0;
  /** In every id, as Stripe's ids are unique: a PostgreSQL test database outlives one run, and a repeated pi_fake_1 would name an old top-up. */
  readonly #instance = randomBytes(4).toString('hex');
  /**
   * How many of the next PaymentIntent creates do all their work (the PaymentIntent is created and
   * confirmed, the card charged) and then lose the answer: a StripeConnectionError is thrown, as
   * when the connection drops on the way back. A replay with the same key returns the original.
   */
  loseAnswers = 0;
  /** While true, every PaymentIntent call fails before reaching Stripe (a StripeConnectionError; nothing is created). */
  down = false;
  /**
   * How many of the next PaymentIntent creates make the PaymentIntent and then answer 500
   * (StripeAPIError). Stripe keeps that answer for the key: every replay gets the 500 again.
   */
  answerServerErrors = 0;
  readonly #storedErrors = new Map<string, Error>();

  readonly paymentIntents = {
    create: async (params: Stripe.PaymentIntentCreateParams, options?: Stripe.RequestOptions): Promise<Stripe.PaymentIntent> => {
      this.calls.push({ method: 'paymentIntents.create', params, options });
      const key = options?.idempotencyKey;
      if (this.down) throw connectionError();
      const storedError = key ? this.#storedErrors.get(key) : undefined;
      if (storedError) throw storedError;
      const replay = key ? this.#byIdempotencyKey.get(key) : undefined;
      if (replay) return replay;
      if (this.answerServerErrors > 0) {
        this.answerServerErrors -= 1;
        await this.paymentIntents.create(params, options);
        this.calls.pop(); // the inner call is this same request: recorded once
        const error = Object.assign(new Error('An unknown error occurred'), { type: 'StripeAPIError', statusCode: 500 });
        if (key) this.#storedErrors.set(key, error);
        throw error;
      }
      if (this.loseAnswers > 0) {
        this.loseAnswers -= 1;
        try {
          await this.paymentIntents.create(params, options);
        } catch {
          // A decline's answer is lost the same way.
        }
        this.calls.pop(); // the inner call is this same request: recorded once
        throw connectionError();
      }
      const source = params.confirmation_token ?? params.payment_method ?? '';
      const outcome = this.outcomes.get(source) ?? 'succeeded';
      const paymentMethod = this.#paymentMethodFor(source, params.customer ?? null);
      if (this.#detached.has(paymentMethod.id)) {
        // Stripe: a detached PaymentMethod can't be used again.
        throw Object.assign(new Error(`The PaymentMethod ${source} was detached from its customer and cannot be used.`), {
          type: 'StripeInvalidRequestError',
          statusCode: 400,
        });
      }
      const id = `pi_fake_${this.#instance}_${++this.#sequence}`;
      const base = {
        id,
        object: 'payment_intent',
        amount: params.amount,
        currency: params.currency,
        client_secret: `${id}_secret_fake`,
        customer: params.customer ?? null,
        payment_method: params.expand?.includes('payment_method') ? paymentMethod : paymentMethod.id,
        last_payment_error: null,
        metadata: params.metadata ?? {},
        setup_future_usage: params.setup_future_usage ?? null,
      } as unknown as Stripe.PaymentIntent;
      let intent: Stripe.PaymentIntent;
      // As Stripe: a failed attempt clears the PaymentIntent's payment_method; its last_payment_error and the card
      // error keep the PaymentMethod it tried (always expanded there).
      if (typeof outcome === 'object' && 'offSessionAuthenticationRequired' in outcome && params.off_session) {
        intent = {
          ...base,
          status: 'requires_payment_method',
          payment_method: null,
          last_payment_error: { code: 'authentication_required', message: 'Your card was declined.', payment_method: paymentMethod },
        } as unknown as Stripe.PaymentIntent;
        this.#remember(intent, key);
        throw cardError('authentication_required', undefined, intent, paymentMethod);
      } else if (typeof outcome === 'object' && 'decline' in outcome) {
        intent = {
          ...base,
          status: 'requires_payment_method',
          payment_method: null,
          last_payment_error: {
            code: outcome.code ?? 'card_declined',
            decline_code: outcome.decline,
            message: 'Your card was declined.',
            payment_method: paymentMethod,
          },
        } as unknown as Stripe.PaymentIntent;
        this.#remember(intent, key);
        throw cardError(outcome.code ?? 'card_declined', outcome.decline, intent, paymentMethod);
      } else if (outcome === 'requires_action' && !params.off_session) {
        intent = { ...base, status: 'requires_action' };
      } else if (outcome === 'processing') {
        intent = { ...base, status: 'processing' };
      } else {
        intent = { ...base, status: 'succeeded' };
      }
      this.#remember(intent, key);
      return intent;
    },
    /** Stripe's search, for the one query the processor makes: metadata['idempotency_key']:'…'. */
    search: async (params: Stripe.PaymentIntentSearchParams): Promise<{ data: Stripe.PaymentIntent[] }> => {
      this.calls.push({ method: 'paymentIntents.search', params });
      if (this.down) throw connectionError();
      const key = /^metadata\['idempotency_key'\]:'([^']*)'$/.exec(params.query)?.[1];
      if (key === undefined)
        throw Object.assign(new Error(`The fake cannot search ${params.query}`), { type: 'StripeInvalidRequestError' });
      return { data: this.paymentIntentsFor(key).map((intent) => this.#asRead(intent, false)) };
    },
    /** As Stripe: payment_method is an id unless `expand: ['payment_method']` asks for the object. */
    retrieve: async (id: string, params?: Stripe.PaymentIntentRetrieveParams): Promise<Stripe.PaymentIntent> => {
      this.calls.push({ method: 'paymentIntents.retrieve', params: id });
      if (this.down) throw connectionError();
      const intent = this.paymentIntents_.get(id);
      if (!intent) throw Object.assign(new Error(`No such payment_intent: '${id}'`), { type: 'StripeInvalidRequestError' });
      return this.#asRead(intent, params?.expand?.includes('payment_method') ?? false);
    },
  };

  readonly setupIntents = {
    create: async (params: Stripe.SetupIntentCreateParams, options?: Stripe.RequestOptions): Promise<Stripe.SetupIntent> => {
      this.calls.push({ method: 'setupIntents.create', params, options });
      const source = params.confirmation_token ?? '';
      const outcome = this.outcomes.get(source) ?? 'succeeded';
      const paymentMethod = this.#paymentMethodFor(source, params.customer ?? null);
      const id = `seti_fake_${this.#instance}_${++this.#sequence}`;
      if (typeof outcome === 'object' && 'decline' in outcome) {
        throw Object.assign(cardError(outcome.code ?? 'card_declined', outcome.decline), {
          setup_intent: { id, status: 'requires_payment_method' },
        });
      }
      return {
        id,
        object: 'setup_intent',
        status: outcome === 'requires_action' ? 'requires_action' : 'succeeded',
        customer: params.customer ?? null,
        payment_method: params.expand?.includes('payment_method') ? paymentMethod : paymentMethod.id,
        last_setup_error: null,
      } as unknown as Stripe.SetupIntent;
    },
  };

  readonly customers = {
    create: async (params?: Stripe.CustomerCreateParams, options?: Stripe.RequestOptions): Promise<Stripe.Customer> => {
      this.calls.push({ method: 'customers.create', params, options });
      return { id: `cus_fake_${this.#instance}_${++this.#sequence}`, object: 'customer' } as Stripe.Customer;
    },
  };

  readonly paymentMethods = {
    retrieve: async (id: string): Promise<Stripe.PaymentMethod> => {
      this.calls.push({ method: 'paymentMethods.retrieve', params: id });
      const paymentMethod = this.#paymentMethods.get(id);
      if (!paymentMethod)
        throw Object.assign(new Error(`No such PaymentMethod: '${id}'`), { type: 'StripeInvalidRequestError', statusCode: 404 });
      return paymentMethod;
    },
    /** As Stripe: detaching a PaymentMethod attached to no one is refused; a detached one can't be charged with a customer again. */
    detach: async (id: string): Promise<Stripe.PaymentMethod> => {
      this.calls.push({ method: 'paymentMethods.detach', params: id });
      if (this.down) throw connectionError();
      const paymentMethod = this.#paymentMethods.get(id);
      if (!paymentMethod)
        throw Object.assign(new Error(`No such PaymentMethod: '${id}'`), { type: 'StripeInvalidRequestError', statusCode: 404 });
      if (!paymentMethod.customer) {
        throw Object.assign(new Error('The payment method you provided is not attached to a customer so detachment is impossible.'), {
          type: 'StripeInvalidRequestError',
          statusCode: 400,
        });
      }
      const detached = { ...paymentMethod, customer: null } as Stripe.PaymentMethod;
      this.#paymentMethods.set(id, detached);
      this.#detached.add(id);
      return detached;
    },
  };

  /** The PaymentIntents created with this idempotency key's metadata (each processor key should have at most one). */
  paymentIntentsFor(processorIdempotencyKey: string): Stripe.PaymentIntent[] {
    return [...this.paymentIntents_.values()].filter((intent) => intent.metadata['idempotency_key'] === processorIdempotencyKey);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Moves a PaymentIntent to a new status, as Stripe does after 3-D Secure or a late settlement. */
  setStatus(
    id: string,
    status: Stripe.PaymentIntent.Status,
    lastPaymentError?: { code: string; decline_code?: string; message: string },
  ): void {
    const intent = this.paymentIntents_.get(id);
    if (!intent) throw new Error(`unknown PaymentIntent ${id}`);
    const updated = { ...intent, status, last_payment_error: lastPaymentError ?? null } as Stripe.PaymentIntent;
    this.paymentIntents_.set(id, updated);
    for (const [key, value] of this.#byIdempotencyKey) if (value.id === id) this.#byIdempotencyKey.set(key, updated);
  }

  /** A stored PaymentIntent as a read returns it: payment_method an id, or the object when expanded. */
  #asRead(intent: Stripe.PaymentIntent, expand: boolean): Stripe.PaymentIntent {
    const method = intent.payment_method;
    const methodId = typeof method === 'string' ? method : (method?.id ?? null);
    const expanded = methodId === null ? null : (this.#paymentMethods.get(methodId) ?? null);
    return { ...intent, payment_method: expand ? expanded : methodId };
  }

  #remember(intent: Stripe.PaymentIntent, key: string | undefined): void {
    this.paymentIntents_.set(intent.id, intent);
    if (key) this.#byIdempotencyKey.set(key, intent);
  }

  /** The PaymentMethod a token turns into (one per token), or the saved one a pm_ id names. */
  #paymentMethodFor(source: string, customer: string | null): Stripe.PaymentMethod {
    const existing = this.#paymentMethods.get(source);
    if (existing) return existing;
    const id = source.startsWith('pm_') ? source : `pm_fake_${this.#instance}_${++this.#sequence}`;
    const last4 = /(\d{4})$/.exec(source)?.[1] ?? '4242';
    const paymentMethod = {
      id,
      object: 'payment_method',
      type: 'card',
      customer,
      card: { brand: 'visa', last4, exp_month: 12, exp_year: 2034 },
    } as unknown as Stripe.PaymentMethod;
    this.#paymentMethods.set(id, paymentMethod);
    return paymentMethod;
  }
}

function connectionError(): Error {
  return Object.assign(new Error('An error occurred with our connection to Stripe. Request was retried 1 times.'), {
    type: 'StripeConnectionError',
  });
}

function cardError(code: string, declineCode?: string, paymentIntent?: Stripe.PaymentIntent, paymentMethod?: Stripe.PaymentMethod): Error {
  return Object.assign(new Error('Your card was declined.'), {
    type: 'StripeCardError',
    code,
    decline_code: declineCode,
    payment_intent: paymentIntent,
    payment_method: paymentMethod,
  });
}

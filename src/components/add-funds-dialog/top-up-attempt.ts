// TopUpAttempt: one press of Pay for one amount and card, driven to an outcome with one idempotency key (retries, 3-D Secure, polling).
import type { BillingClient } from '../../client/billing-client.js';
import { BillingError, isAbortError, toBillingError } from '../../client/errors.js';
import type { TopUp, TopUpPaymentSource } from '../../client/schemas.js';
import type { Money } from '../../money/money.js';
import { describeCard } from '../../payments/card-brand.js';
import type { CardEntry, PaymentProvider } from '../../payments/payment-provider.js';
import type { ActiveTopUp, TopUpOutcome } from '../../store/billing-store.js';
import { defaultTopUpAttemptMessages } from '../../i18n/messages/top-up-attempt.js';
import { DEFAULT_TOP_UP_TIMING, type TopUpTiming } from './top-up-timing.js';

// The English words and the default waits live in small modules that the i18n catalog and the element's shell import
// without this class; re-exported here so whoever uses the attempt (the public entry, tests) finds them beside it.
export { defaultTopUpAttemptMessages, type TopUpAttemptMessages } from './messages.js';
export { DEFAULT_TOP_UP_TIMING, type TopUpTiming } from './top-up-timing.js';

/**
 * - `submitting`: tokenizing a new card and asking the backend to charge.
 * - `authenticating`: the bank's 3-D Secure check is open.
 * - `confirming`: telling the backend the check passed.
 * - `processing`: the backend said "processing"; polling until it settles.
 * - `succeeded`, `declined`: outcomes.
 * - `interrupted`: the backend could not be reached. Resuming asks again with the same idempotency
 *   key, so it can never charge twice. When a charging request may have reached the backend without
 *   an answer, {@link TopUpAttempt.outcomeUnknown} says so: the money may have moved.
 */
export type TopUpAttemptStatus = 'submitting' | 'authenticating' | 'confirming' | 'processing' | 'succeeded' | 'declined' | 'interrupted';

/** How a payment source was chosen: a saved card by id, or the provider's card entry. */
export type TopUpAttemptSource =
  { type: 'saved_card'; paymentMethodId: string } | { type: 'new_card'; cardEntry: CardEntry; saveCard: boolean };

export interface TopUpAttemptOptions {
  client: BillingClient;
  provider?: PaymentProvider;
  amount: Money;
  source: TopUpAttemptSource;
  /** Describes the card for the screen, e.g. "Visa ••4242", or "a new card" until the provider names it. */
  sourceLabel: string;
  /** Where a provider that draws its own 3-D Secure challenge may draw it. */
  challengeContainer?: () => HTMLElement | undefined;
  /** The widget's locale now, for the words of a 3-D Secure challenge the provider draws. */
  locale?: () => string | undefined;
  timing?: TopUpTiming;
  /** Called on every status change. */
  onChange?: (attempt: TopUpAttempt) => void;
}

const RETRYABLE_CODES = new Set(['network', 'unavailable', 'rate_limited', 'unknown']);

/**
 * Answers that prove the backend refused a request without acting on it. Anything else after a
 * charging request (no response, a 5xx, a body the schemas refuse, a 409 for the key) leaves open
 * whether it charged.
 */
const REFUSED_UNPROCESSED_CODES = new Set([
  'validation',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'card_declined',
  'authentication_required',
]);

function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return `topup_${crypto.randomUUID()}`;
  const random = new Uint32Array(4);
  crypto.getRandomValues(random);
  return `topup_${[...random].map((part) => part.toString(36)).join('')}`;
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * One payment attempt. The idempotency key is created with the attempt and sent with every
 * request it makes, including retries and resumes; a new amount or card needs a new attempt.
 */
export class TopUpAttempt implements ActiveTopUp {
  readonly idempotencyKey = newIdempotencyKey();
  readonly amount: Money;
  readonly source: TopUpAttemptSource;

  #status: TopUpAttemptStatus = 'submitting';
  #topUp?: TopUp;
  #failure?: { code: string; message: string };
  #error?: BillingError;
  /** Kept so a resumed attempt sends exactly the first request again (the backend compares them). */
  #providerToken?: string;
  /** The new card as the provider's card entry reported it when tokenizing. */
  #newCard?: { brand: string; last4: string };
  /** A createTopUp or confirmTopUp got no usable answer, and no top-up came back since: it may have charged. */
  #chargeInDoubt = false;
  /** Interrupted with the charge in doubt, and no outcome known since (re-checks included). */
  #outcomeUnknown = false;
  #running?: Promise<void>;
  readonly #options: TopUpAttemptOptions;
  readonly #timing: TopUpTiming;

  constructor(options: TopUpAttemptOptions) {
    this.#options = options;
    this.amount = options.amount;
    this.source = options.source;
    this.#timing = options.timing ?? DEFAULT_TOP_UP_TIMING;
  }

  /** The card charged, for the screen: the saved card's name, or a new card's once the provider named it on tokenizing. */
  get sourceLabel(): string {
    return this.#newCard ? describeCard(this.#newCard) : this.#options.sourceLabel;
  }

  /** A new card's brand and last four digits, once the payment provider reported them (not every provider does). */
  get newCard(): { readonly brand: string; readonly last4: string } | undefined {
    return this.#newCard;
  }

  get status(): TopUpAttemptStatus {
    return this.#status;
  }

  get settled(): boolean {
    return this.#status === 'succeeded' || this.#status === 'declined' || this.#status === 'interrupted';
  }

  /** The backend's top-up once one is known. */
  get topUp(): TopUp | undefined {
    return this.#topUp;
  }

  /** Why it was declined (bank, 3-D Secure, card details), in plain words. */
  get failure(): { code: string; message: string } | undefined {
    return this.#failure;
  }

  /** Why it was interrupted. Resume when `error.retryable`. */
  get error(): BillingError | undefined {
    return this.#error;
  }

  /**
   * True from an interruption that left it open whether money moved (a lost response to a charge,
   * a payment still processing) until a check learns the outcome. Meanwhile no other top-up should
   * start on the store: a new key could charge a second time.
   */
  get outcomeUnknown(): boolean {
    return this.#outcomeUnknown;
  }

  /**
   * How it ended, for widgets that only read the store (a <credit-balance> announcing it): `failed`
   * when declined, or interrupted with nothing charged; undefined while running or while the outcome is unknown.
   */
  get outcome(): TopUpOutcome | undefined {
    if (this.#status === 'succeeded') return 'succeeded';
    if (this.#status === 'declined' || (this.#status === 'interrupted' && !this.#outcomeUnknown)) return 'failed';
    return undefined;
  }

  get balanceAfter(): Money | undefined {
    return this.#topUp?.status === 'succeeded' ? this.#topUp.balanceAfter : undefined;
  }

  /** Runs (or, after an interruption, resumes) the attempt to an outcome. Never rejects. */
  run(): Promise<void> {
    if (this.#running) return this.#running;
    if (this.#status === 'succeeded' || this.#status === 'declined') return Promise.resolve();
    this.#error = undefined;
    this.#running = this.#drive()
      .catch((error: unknown) => {
        if (error instanceof SettledSignal) return;
        this.#error = toBillingError(error);
        if (this.#chargeInDoubt || this.#topUp?.status === 'processing') this.#outcomeUnknown = true;
        this.#set('interrupted');
      })
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  async #drive(): Promise<void> {
    let topUp: TopUp;
    const resumed = this.#topUp;
    if (resumed) {
      // Resuming: the backend already has this top-up; read where it got to.
      this.#set(resumed.status === 'processing' ? 'processing' : 'submitting');
      topUp = await this.#withRetries(() => this.#options.client.getTopUp(resumed.id));
      // The backend's own record answers whatever a lost confirm did.
      this.#chargeInDoubt = false;
    } else {
      this.#set('submitting');
      const source = await this.#paymentSource();
      if (!source) return;
      // A lost response is retried with the same key: the backend replays the first result.
      topUp = await this.#withRetries(() =>
        this.#charging(() => this.#options.client.createTopUp({ amount: this.amount, source, idempotencyKey: this.idempotencyKey })),
      );
    }
    await this.#follow(topUp);
  }

  async #paymentSource(): Promise<TopUpPaymentSource | null> {
    const source = this.source;
    if (source.type === 'saved_card') return { type: 'saved_card', paymentMethodId: source.paymentMethodId };
    if (!this.#providerToken) {
      const result = await source.cardEntry.tokenize({ saveCard: source.saveCard });
      if (!result.ok) {
        this.#decline({ code: result.code, message: result.message });
        return null;
      }
      this.#providerToken = result.providerToken;
      if (result.card) {
        this.#newCard = { brand: result.card.brand, last4: result.card.last4 };
        // Same status, new words: "Paying $50.00 with Visa ••3155…".
        this.#options.onChange?.(this);
      }
    }
    return { type: 'new_card', providerToken: this.#providerToken, saveCard: source.saveCard };
  }

  async #follow(first: TopUp): Promise<void> {
    let topUp = first;
    let polls = 0;
    for (;;) {
      this.#topUp = topUp;
      switch (topUp.status) {
        case 'succeeded':
          this.#set('succeeded');
          return;
        case 'failed':
          this.#decline(topUp.failure);
          return;
        case 'requires_action': {
          this.#set('authenticating');
          const provider = this.#options.provider;
          if (!provider) {
            throw new BillingError('unknown', {
              message: defaultTopUpAttemptMessages.authenticationUnavailable,
              messageKey: 'topUpAttempt.authenticationUnavailable',
              retryable: false,
            });
          }
          const container = this.#options.challengeContainer?.();
          const locale = this.#options.locale?.();
          const passed = await provider.handleNextAction(topUp.nextAction, {
            ...(container ? { container } : {}),
            ...(locale ? { locale } : {}),
          });
          if (!passed.ok) {
            // The bank refused: nothing was charged, so nothing to confirm.
            this.#decline({ code: passed.code, message: passed.message });
            return;
          }
          this.#set('confirming');
          const id = topUp.id;
          topUp = await this.#withRetries(() => this.#charging(() => this.#options.client.confirmTopUp(id)));
          break;
        }
        case 'processing': {
          this.#set('processing');
          if (polls >= this.#timing.maxPolls) {
            throw new BillingError('unavailable', {
              message: defaultTopUpAttemptMessages.stillConfirming,
              messageKey: 'topUpAttempt.stillConfirming',
            });
          }
          const delays = this.#timing.pollDelaysMs;
          await wait(delays[Math.min(polls, delays.length - 1)] ?? 1000);
          polls += 1;
          const id = topUp.id;
          topUp = await this.#withRetries(() => this.#options.client.getTopUp(id));
          break;
        }
      }
    }
  }

  /** Sends a request that can move money, noting while its effect is unknown. */
  async #charging(request: () => Promise<TopUp>): Promise<TopUp> {
    try {
      const topUp = await request();
      this.#chargeInDoubt = false;
      return topUp;
    } catch (error) {
      // A refusal leaves the doubt as it was: an earlier copy of this request may still have charged.
      if (isAbortError(error) || !REFUSED_UNPROCESSED_CODES.has(toBillingError(error).code)) this.#chargeInDoubt = true;
      throw error;
    }
  }

  async #withRetries<T>(request: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await request();
      } catch (error) {
        if (isAbortError(error)) throw error;
        const billingError = toBillingError(error);
        const delay = this.#timing.retryDelaysMs[attempt];
        if (!RETRYABLE_CODES.has(billingError.code) || !billingError.retryable || delay === undefined) {
          if (billingError.code === 'card_declined') {
            const declineCode = billingError.details['declineCode'];
            this.#decline({ code: typeof declineCode === 'string' ? declineCode : 'card_declined', message: billingError.message });
            throw new SettledSignal();
          }
          throw billingError;
        }
        await wait(delay);
      }
    }
  }

  #decline(failure: { code: string; message: string }): void {
    this.#failure = failure;
    this.#set('declined');
  }

  #set(status: TopUpAttemptStatus): void {
    if (status === 'succeeded' || status === 'declined') this.#outcomeUnknown = false;
    if (this.#status === status) return;
    this.#status = status;
    this.#options.onChange?.(this);
  }
}

/** Thrown past the retry loop when a rejection already settled the attempt (a declined saved card). */
class SettledSignal extends Error {}

// StripePaymentProvider: card entry in Stripe's Payment Element (an iframe) and 3-D Secure through Stripe.js.
//
// How it fits the backend: the Payment Element runs in the deferred-intent flow with
// `paymentMethodCreation: 'manual'`; tokenize() turns what was typed into a ConfirmationToken
// and the backend creates and confirms the PaymentIntent (or SetupIntent) with its id. When the
// bank asks for 3-D Secure the backend answers `requires_action` with the intent's client
// secret, and handleNextAction() lets Stripe run the challenge.
//
// Stripe.js is fetched from js.stripe.com the first time a card entry is mounted, never on
// import: a page that only shows the balance never contacts Stripe.
//
// Content-Security-Policy a host page needs for Stripe (Stripe's security guide has the
// current list; these are the ones the Payment Element cannot work without):
//   script-src   https://js.stripe.com https://*.js.stripe.com
//   frame-src    https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com
//   connect-src  https://api.stripe.com
// (add https://maps.googleapis.com to script-src and connect-src only if address autocomplete
// is turned on through paymentElementOptions).
// A blocked script makes mountCardEntry reject with BillingError('unavailable'); blocked
// frames or requests make the Payment Element fail to load, which rejects the same way.
//
// Shadow DOM: Stripe refuses to mount inside a shadow root ("Elements cannot be mounted in a
// ShadowRoot"), and widgets render their container inside theirs. So the iframe is mounted in
// a light-DOM element appended to the widget's host and projected back into the container
// through a named <slot>, once per shadow boundary.
import type {
  ConfirmationToken,
  CssFontSource,
  CustomFontSource,
  StripeConstructorOptions,
  StripeElementsOptionsMode,
  StripeElementsUpdateOptions,
  StripeError,
  StripePaymentElementChangeEvent,
  StripePaymentElementOptions,
} from '@stripe/stripe-js';
import { isAbortError, throwIfAborted } from '../client/errors.js';
import { loadLocaleMessages, needsLocaleMessages, resolveMessages } from '../i18n/catalog.js';
import { resolveLocale } from '../i18n/locale.js';
import type { Money } from '../money/money.js';
import {
  cardEntryUnavailableError,
  type CardEntry,
  type CardEntryState,
  type CardEntryUpdate,
  type HandleNextActionOptions,
  type MountCardEntryOptions,
  type NextAction,
  type NextActionResult,
  type PaymentProvider,
  type TokenizeOptions,
  type TokenizeResult,
} from './payment-provider.js';
import { nextActionFailure, stripeAppearance, stripeLocale, tokenizeFailure } from './stripe-mapping.js';
import { projectIntoLightDom, withAbortAndTimeout } from './stripe-plumbing.js';
import type { StripeProviderMessages } from '../i18n/messages/stripe-provider.js';

export type { StripeProviderMessages } from '../i18n/messages/stripe-provider.js';
export { stripeAppearance, stripeLocale } from './stripe-mapping.js';

export const defaultStripeProviderMessages: StripeProviderMessages = {
  network: 'We could not reach the card processor. Check your connection and try again.',
  unknown: 'Something went wrong while checking your card. Try again in a moment.',
  closed: 'The card form was closed. Open it again to pay with a new card.',
  stoppedWorking: 'The card form stopped working. Close it and try again.',
  challengeUnavailable: 'Your bank’s check could not be loaded. Try again in a moment.',
  checkDetails: 'Check your card details.',
  declined: 'Your card was declined.',
};

/** The provider's words in a locale (absent: the page's language, then the browser's). */
function messagesFor(locale: string | undefined): StripeProviderMessages {
  return resolveMessages(
    locale ?? resolveLocale(document.documentElement, undefined),
    'stripeProvider',
    defaultStripeProviderMessages,
    undefined,
  );
}

/** Starts fetching the language's catalog; resolves at once when there is none to fetch (English). */
function loadMessages(locale: string | undefined): Promise<void> | undefined {
  const resolved = locale ?? resolveLocale(document.documentElement, undefined);
  return needsLocaleMessages(resolved) ? loadLocaleMessages(resolved) : undefined;
}

/** The Payment Element, as far as this provider uses it. */
export interface StripePaymentElementLike {
  mount(domElement: HTMLElement): void;
  on(eventType: 'change', handler: (event: StripePaymentElementChangeEvent) => void): unknown;
  on(eventType: 'ready', handler: () => void): unknown;
  on(eventType: 'loaderror', handler: (event: { error: StripeError }) => void): unknown;
  focus(): void;
  destroy(): void;
}

/** A Stripe Elements group, as far as this provider uses it. */
export interface StripeElementsLike {
  create(elementType: 'payment', options?: StripePaymentElementOptions): StripePaymentElementLike;
  update(options: StripeElementsUpdateOptions): void;
  submit(): Promise<{ error?: StripeError }>;
}

/**
 * The part of the Stripe object this provider calls. The real one from `loadStripe` satisfies
 * it; tests pass a fake.
 */
export interface StripeLike {
  elements(options: StripeElementsOptionsMode): StripeElementsLike;
  createConfirmationToken(options: { elements: StripeElementsLike }): Promise<{
    /** `payment_method_preview.card` names the card (brand, last4) for the success message; optional for fakes. */
    confirmationToken?: Pick<ConfirmationToken, 'id'> & {
      payment_method_preview?: { card?: { brand?: string; last4?: string | null } | null };
    };
    error?: StripeError;
  }>;
  handleNextAction(options: { clientSecret: string }): Promise<{ error?: StripeError }>;
}

export type LoadStripe = (publishableKey: string, options?: StripeConstructorOptions) => Promise<StripeLike | null>;

export interface StripePaymentProviderOptions {
  /** pk_live_… or pk_test_…; a publishable key is public by design. */
  publishableKey: string;
  /** Connected account id (acct_…) when the platform charges on a connected account's behalf. */
  stripeAccount?: string;
  /** Defaults to `loadStripe` from `@stripe/stripe-js/pure`, imported on first mount. */
  loadStripe?: LoadStripe;
  /**
   * The iframe cannot use the page's web fonts: list the partner's font here (a CSS URL, e.g.
   * Google Fonts) so `--billing-font-family` renders inside the card entry too.
   */
  fonts?: Array<CssFontSource | CustomFontSource>;
  /** Merged over the defaults ({ layout: 'tabs' }). */
  paymentElementOptions?: StripePaymentElementOptions;
  /**
   * How long to wait for Stripe.js and the Payment Element before giving up as unavailable.
   * stripe-js has no timeout of its own, and a dropped connection can hang for minutes.
   */
  loadTimeoutMs?: number;
}

const defaultLoadStripe: LoadStripe = async (publishableKey, options) => {
  const { loadStripe } = await import('@stripe/stripe-js/pure');
  return loadStripe(publishableKey, options);
};

// Per loader, so the default loader shares one Stripe instance per key across providers while
// each test's fake loader gets its own.
const stripeInstances = new WeakMap<LoadStripe, Map<string, Promise<StripeLike>>>();

// The billing contract only knows cards (PaymentMethod.type is 'card'); wallets still work,
// since Apple Pay and Google Pay produce card payment methods.
const PAYMENT_METHOD_TYPES = ['card'];

export class StripePaymentProvider implements PaymentProvider {
  readonly id = 'stripe';
  readonly testMode: boolean;

  readonly #options: StripePaymentProviderOptions;
  readonly #loadStripe: LoadStripe;

  constructor(options: StripePaymentProviderOptions) {
    this.#options = options;
    this.#loadStripe = options.loadStripe ?? defaultLoadStripe;
    this.testMode = options.publishableKey.startsWith('pk_test_');
  }

  async mountCardEntry(container: HTMLElement, options: MountCardEntryOptions): Promise<CardEntry> {
    throwIfAborted(options.signal);
    if (!container.isConnected) throw new Error('mountCardEntry: the container must be connected to the document.');
    if (options.mode === 'payment' && !options.amount) {
      throw new Error("mountCardEntry: mode 'payment' needs an amount.");
    }

    const deadline = this.#options.loadTimeoutMs ?? 20_000;
    // Our own texts' catalog loads alongside Stripe.js (it never rejects: English if it cannot load).
    const catalog = loadMessages(options.locale);
    const stripe = await withAbortAndTimeout(this.#stripe(), options.signal, deadline);

    const elements = stripe.elements(this.#elementsOptions(options));
    const paymentElement = elements.create('payment', { layout: 'tabs', ...this.#options.paymentElementOptions });
    const entry = new StripeCardEntry(stripe, elements, paymentElement, container, options.mode, options.locale);
    try {
      await withAbortAndTimeout(entry.mounted, options.signal, deadline);
      if (catalog) await withAbortAndTimeout(catalog, options.signal);
    } catch (error) {
      entry.destroy();
      throw error;
    }
    return entry;
  }

  async handleNextAction(nextAction: NextAction, options: HandleNextActionOptions = {}): Promise<NextActionResult> {
    throwIfAborted(options.signal);
    const catalog = loadMessages(options.locale);
    const text = async (): Promise<StripeProviderMessages> => {
      if (catalog) await withAbortAndTimeout(catalog, options.signal);
      return messagesFor(options.locale);
    };
    let stripe: StripeLike;
    try {
      stripe = await withAbortAndTimeout(this.#stripe(), options.signal, this.#options.loadTimeoutMs ?? 20_000);
    } catch (error) {
      if (isAbortError(error)) throw error;
      return { ok: false, code: 'unavailable', message: (await text()).challengeUnavailable };
    }
    let result: { error?: StripeError };
    try {
      // Stripe's challenge cannot be cancelled; an abort only stops us waiting for it.
      result = await withAbortAndTimeout(stripe.handleNextAction({ clientSecret: nextAction.clientSecret }), options.signal);
    } catch (error) {
      if (isAbortError(error)) throw error;
      return { ok: false, code: 'unknown', message: (await text()).unknown };
    }
    if (!result.error) return { ok: true };
    return nextActionFailure(result.error, await text());
  }

  #stripe(): Promise<StripeLike> {
    const { publishableKey, stripeAccount } = this.#options;
    const cacheKey = `${publishableKey}\u0000${stripeAccount ?? ''}`;
    let byKey = stripeInstances.get(this.#loadStripe);
    if (!byKey) {
      byKey = new Map();
      stripeInstances.set(this.#loadStripe, byKey);
    }
    const cached = byKey.get(cacheKey);
    if (cached) return cached;

    const loading = (async () => {
      let stripe: StripeLike | null;
      try {
        stripe = await this.#loadStripe(publishableKey, stripeAccount ? { stripeAccount } : undefined);
      } catch (error) {
        throw cardEntryUnavailableError(error);
      }
      if (!stripe) throw cardEntryUnavailableError(new Error('Stripe.js loaded without a Stripe object.'));
      return stripe;
    })();
    byKey.set(cacheKey, loading);
    // Forget a failure so the next mount tries again (the person may be back online).
    loading.catch(() => {
      if (byKey.get(cacheKey) === loading) byKey.delete(cacheKey);
    });
    return loading;
  }

  #elementsOptions(options: MountCardEntryOptions): StripeElementsOptionsMode {
    const common = {
      appearance: stripeAppearance(options.appearance),
      locale: stripeLocale(options.locale),
      paymentMethodCreation: 'manual' as const,
      allowedPaymentMethodTypes: PAYMENT_METHOD_TYPES,
      ...(this.#options.fonts ? { fonts: this.#options.fonts } : {}),
    };
    if (options.mode === 'setup') {
      return { ...common, mode: 'setup', currency: options.currency.toLowerCase() };
    }
    const amount = options.amount as Money;
    return { ...common, mode: 'payment', amount: amount.amount, currency: amount.currency.toLowerCase() };
  }
}

class StripeCardEntry implements CardEntry {
  /** Settles when the Payment Element is ready to type into, or fails to load. */
  readonly mounted: Promise<void>;

  readonly #stripe: StripeLike;
  readonly #elements: StripeElementsLike;
  readonly #paymentElement: StripePaymentElementLike;
  readonly #mode: 'payment' | 'setup';
  /** The locale of our own texts (mountCardEntry's, then the last update's; the page's when absent). */
  #locale: string | undefined;
  readonly #listeners = new Set<(state: CardEntryState) => void>();
  readonly #releaseMountPoint: () => void;
  #state: CardEntryState = { complete: false, error: null };
  #savesCard = false;
  #destroyed = false;

  constructor(
    stripe: StripeLike,
    elements: StripeElementsLike,
    paymentElement: StripePaymentElementLike,
    container: HTMLElement,
    mode: 'payment' | 'setup',
    locale?: string,
  ) {
    this.#stripe = stripe;
    this.#elements = elements;
    this.#paymentElement = paymentElement;
    this.#mode = mode;
    this.#locale = locale;

    let settle: { resolve: () => void; reject: (error: unknown) => void } | null = null;
    this.mounted = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    paymentElement.on('ready', () => {
      settle?.resolve();
      settle = null;
    });
    paymentElement.on('loaderror', (event) => {
      if (settle) {
        settle.reject(cardEntryUnavailableError(event.error));
        settle = null;
      } else {
        this.#emit({ complete: false, error: messagesFor(this.#locale).stoppedWorking });
      }
    });
    paymentElement.on('change', (event) => {
      // The Payment Element shows field errors inside its iframe and does not report them.
      this.#emit({ complete: event.complete, error: null });
    });

    const { mountPoint, release } = projectIntoLightDom(container);
    this.#releaseMountPoint = release;
    try {
      paymentElement.mount(mountPoint);
    } catch (error) {
      settle = null;
      this.mounted = Promise.reject(cardEntryUnavailableError(error));
    }
  }

  async tokenize(options: TokenizeOptions = {}): Promise<TokenizeResult> {
    const { signal } = options;
    throwIfAborted(signal);
    const text = messagesFor(this.#locale);
    if (this.#destroyed) return { ok: false, code: 'unavailable', message: text.closed };

    const savesCard = this.#mode === 'payment' && options.saveCard === true;
    if (savesCard !== this.#savesCard) {
      // Must match the PaymentIntent's setup_future_usage, or Stripe refuses the confirmation.
      this.#elements.update({ setupFutureUsage: savesCard ? 'off_session' : null });
      this.#savesCard = savesCard;
    }

    try {
      const submitted = await withAbortAndTimeout(this.#elements.submit(), signal);
      if (submitted.error) return tokenizeFailure(submitted.error, text);
      const created = await withAbortAndTimeout(this.#stripe.createConfirmationToken({ elements: this.#elements }), signal);
      if (created.error) return tokenizeFailure(created.error, text);
      if (!created.confirmationToken) return { ok: false, code: 'unknown', message: text.unknown };
      const card = created.confirmationToken.payment_method_preview?.card;
      return {
        ok: true,
        providerToken: created.confirmationToken.id,
        ...(card?.brand && card.last4 ? { card: { brand: card.brand, last4: card.last4 } } : {}),
      };
    } catch (error) {
      if (isAbortError(error)) throw error;
      // Stripe throws IntegrationErrors (e.g. the element was unmounted); nothing to show but a retry.
      return { ok: false, code: 'unknown', message: text.unknown };
    }
  }

  onChange(listener: (state: CardEntryState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  update(changes: CardEntryUpdate): void {
    if (this.#destroyed) return;
    const update: StripeElementsUpdateOptions = {};
    if (changes.amount && this.#mode === 'payment') {
      update.amount = changes.amount.amount;
      update.currency = changes.amount.currency.toLowerCase();
    }
    if (changes.appearance) update.appearance = stripeAppearance(changes.appearance);
    if (changes.locale && changes.locale !== this.#locale) {
      this.#locale = changes.locale;
      update.locale = stripeLocale(changes.locale);
      void loadMessages(changes.locale);
    }
    if (Object.keys(update).length > 0) this.#elements.update(update);
  }

  focus(): void {
    if (!this.#destroyed) this.#paymentElement.focus();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#listeners.clear();
    try {
      this.#paymentElement.destroy();
    } finally {
      this.#releaseMountPoint();
    }
  }

  #emit(state: CardEntryState): void {
    if (this.#destroyed) return;
    if (state.complete === this.#state.complete && state.error === this.#state.error) return;
    this.#state = state;
    for (const listener of [...this.#listeners]) listener(state);
  }
}

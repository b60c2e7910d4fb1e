// StripePaymentProvider against a fake Stripe.js: lazy loading, appearance from tokens, tokenizing, 3-D Secure and failure mapping.
import { expect } from '@open-wc/testing';
import type {
  StripeConstructorOptions,
  StripeElementsOptionsMode,
  StripeElementsUpdateOptions,
  StripeError,
  StripePaymentElementChangeEvent,
  StripePaymentElementOptions,
} from '@stripe/stripe-js';
import { BillingError } from '../../src/client/errors.js';
import { appearanceFromTokens } from '../../src/payments/appearance.js';
import { CARD_ENTRY_UNAVAILABLE_MESSAGE, type CardEntryState, type MountCardEntryOptions } from '../../src/payments/payment-provider.js';
import {
  StripePaymentProvider,
  stripeLocale,
  type LoadStripe,
  type StripeElementsLike,
  type StripeLike,
  type StripePaymentElementLike,
} from '../../src/payments/stripe-provider.js';
import { rejectionOf } from '../helpers/rejection.js';
import { containerInShadow } from '../helpers/dom.js';

type Handler = (event: unknown) => void;

interface FakeBehaviour {
  /** Fire 'loaderror' instead of 'ready' after mount. */
  loadError?: StripeError;
  submitError?: StripeError;
  tokenError?: StripeError;
  tokenThrows?: boolean;
  nextActionError?: StripeError;
  /** Keeps createConfirmationToken pending until released. */
  holdToken?: boolean;
  /** The card the confirmation token previews (payment_method_preview.card). */
  tokenCard?: { brand: string; last4: string };
}

/** A Stripe.js stand-in that records every call in order. */
function fakeStripe(behaviour: FakeBehaviour = {}) {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const handlers = new Map<string, Handler[]>();
  let mountedInto: HTMLElement | null = null;
  let releaseToken: () => void = () => {};

  const paymentElement: StripePaymentElementLike = {
    mount(domElement: HTMLElement) {
      calls.push({ method: 'paymentElement.mount', args: [domElement] });
      mountedInto = domElement;
      setTimeout(() => {
        if (behaviour.loadError) emit('loaderror', { elementType: 'payment', error: behaviour.loadError });
        else emit('ready', { elementType: 'payment' });
      }, 0);
    },
    on(eventType: string, handler: (event: never) => void) {
      handlers.set(eventType, [...(handlers.get(eventType) ?? []), handler as Handler]);
      return paymentElement;
    },
    focus() {
      calls.push({ method: 'paymentElement.focus', args: [] });
    },
    destroy() {
      calls.push({ method: 'paymentElement.destroy', args: [] });
    },
  };

  const elements: StripeElementsLike = {
    create(elementType: 'payment', options?: StripePaymentElementOptions) {
      calls.push({ method: 'elements.create', args: [elementType, options] });
      return paymentElement;
    },
    update(options: StripeElementsUpdateOptions) {
      calls.push({ method: 'elements.update', args: [options] });
    },
    submit() {
      calls.push({ method: 'elements.submit', args: [] });
      return Promise.resolve(behaviour.submitError ? { error: behaviour.submitError } : {});
    },
  };

  const stripe: StripeLike = {
    elements(options: StripeElementsOptionsMode) {
      calls.push({ method: 'stripe.elements', args: [options] });
      return elements;
    },
    async createConfirmationToken(options: { elements: StripeElementsLike }) {
      calls.push({ method: 'stripe.createConfirmationToken', args: [options] });
      if (behaviour.holdToken) await new Promise<void>((resolve) => (releaseToken = resolve));
      if (behaviour.tokenThrows) throw new Error('IntegrationError: element was destroyed');
      if (behaviour.tokenError) return { error: behaviour.tokenError };
      const preview = behaviour.tokenCard ? { payment_method_preview: { card: behaviour.tokenCard } } : {};
      return { confirmationToken: { id: 'ctoken_1Abc', ...preview } };
    },
    handleNextAction(options: { clientSecret: string }) {
      calls.push({ method: 'stripe.handleNextAction', args: [options] });
      return Promise.resolve(behaviour.nextActionError ? { error: behaviour.nextActionError } : {});
    },
  };

  function emit(eventType: string, event: unknown): void {
    for (const handler of handlers.get(eventType) ?? []) handler(event);
  }

  const loads: Array<{ publishableKey: string; options: StripeConstructorOptions | undefined }> = [];
  const loadStripe: LoadStripe = (publishableKey, options) => {
    loads.push({ publishableKey, options });
    return Promise.resolve(stripe);
  };

  return {
    stripe,
    loadStripe,
    loads,
    calls,
    methods: () => calls.map((call) => call.method),
    argsOf: (method: string) => calls.find((call) => call.method === method)?.args ?? [],
    emit,
    mountedInto: () => mountedInto,
    releaseToken: () => releaseToken(),
  };
}

/** A stand-in widget: the card entry's container lives in its shadow root, styled by tokens set on the page. */
async function widgetWithContainer(style = ''): Promise<{ widget: HTMLElement; container: HTMLElement }> {
  const mounted = await containerInShadow(style);
  mounted.container.className = 'card-entry';
  return mounted;
}

function paymentOptions(container: HTMLElement, extra: Partial<MountCardEntryOptions> = {}): MountCardEntryOptions {
  return {
    mode: 'payment',
    amount: { amount: 2500, currency: 'EUR' },
    currency: 'EUR',
    appearance: appearanceFromTokens(container),
    ...extra,
  };
}

const changeEvent = (complete: boolean): StripePaymentElementChangeEvent => ({
  elementType: 'payment',
  empty: !complete,
  complete,
  collapsed: false,
  value: { type: 'card' },
});

describe('StripePaymentProvider', () => {
  it('does not load Stripe.js on construction, only when a card entry is first mounted', async () => {
    const fake = fakeStripe();
    const provider = new StripePaymentProvider({ publishableKey: 'pk_test_lazy', loadStripe: fake.loadStripe });
    expect(fake.loads).to.have.length(0);
    const { container } = await widgetWithContainer();
    await provider.mountCardEntry(container, paymentOptions(container));
    expect(fake.loads).to.deep.equal([{ publishableKey: 'pk_test_lazy', options: undefined }]);
  });

  it('with the default loader, importing and constructing add no Stripe script to the page', () => {
    new StripePaymentProvider({ publishableKey: 'pk_test_default' });
    expect(document.querySelector('script[src*="stripe.com"]')).to.equal(null);
  });

  it('reports test mode from the publishable key', () => {
    expect(new StripePaymentProvider({ publishableKey: 'pk_test_123' }).testMode).to.equal(true);
    expect(new StripePaymentProvider({ publishableKey: 'pk_live_123' }).testMode).to.equal(false);
    expect(new StripePaymentProvider({ publishableKey: 'pk_live_123' }).id).to.equal('stripe');
  });

  it('loads one Stripe instance per key and connected account', async () => {
    const fake = fakeStripe();
    const first = new StripePaymentProvider({ publishableKey: 'pk_test_cache', loadStripe: fake.loadStripe });
    const second = new StripePaymentProvider({ publishableKey: 'pk_test_cache', loadStripe: fake.loadStripe });
    const connected = new StripePaymentProvider({
      publishableKey: 'pk_test_cache',
      stripeAccount: 'acct_123',
      loadStripe: fake.loadStripe,
    });
    const { container } = await widgetWithContainer();
    (await first.mountCardEntry(container, paymentOptions(container))).destroy();
    (await first.mountCardEntry(container, paymentOptions(container))).destroy();
    (await second.mountCardEntry(container, paymentOptions(container))).destroy();
    (await connected.mountCardEntry(container, paymentOptions(container))).destroy();
    expect(fake.loads).to.deep.equal([
      { publishableKey: 'pk_test_cache', options: undefined },
      { publishableKey: 'pk_test_cache', options: { stripeAccount: 'acct_123' } },
    ]);
  });

  describe('mountCardEntry', () => {
    it('creates a deferred-intent Payment Element with manual payment method creation', async () => {
      const fake = fakeStripe();
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_opts', loadStripe: fake.loadStripe });
      const { container } = await widgetWithContainer();
      await provider.mountCardEntry(container, paymentOptions(container, { locale: 'fr-CA' }));
      const [elementsOptions] = fake.argsOf('stripe.elements') as [StripeElementsOptionsMode];
      expect(elementsOptions).to.include({
        mode: 'payment',
        amount: 2500,
        currency: 'eur',
        paymentMethodCreation: 'manual',
        locale: 'fr-CA',
      });
      expect(elementsOptions.allowedPaymentMethodTypes).to.deep.equal(['card']);
      expect(fake.argsOf('elements.create')).to.deep.equal(['payment', { layout: 'tabs' }]);
      expect(fake.methods()).to.deep.equal(['stripe.elements', 'elements.create', 'paymentElement.mount']);
    });

    it('in setup mode sends no amount', async () => {
      const fake = fakeStripe();
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_setup', loadStripe: fake.loadStripe });
      const { container } = await widgetWithContainer();
      await provider.mountCardEntry(container, { mode: 'setup', currency: 'GBP', appearance: appearanceFromTokens(container) });
      const [elementsOptions] = fake.argsOf('stripe.elements') as [StripeElementsOptionsMode];
      expect(elementsOptions).to.include({ mode: 'setup', currency: 'gbp' });
      expect(elementsOptions).not.to.have.property('amount');
    });

    it('follows the partner theme: appearance variables come from the --billing-* tokens', async () => {
      const fake = fakeStripe();
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_theme', loadStripe: fake.loadStripe });
      const { container } = await widgetWithContainer(
        [
          '--billing-color-accent: rgb(255 0 0)',
          '--billing-color-text: #102030',
          '--billing-color-text-muted: oklch(0.6 0 0)',
          '--billing-color-surface: white',
          '--billing-color-danger: #c00',
          '--billing-color-border: rgb(0 0 255 / 0.5)',
          '--billing-font-family: "Acme Sans", serif',
          '--billing-font-size: 1rem',
          '--billing-radius: 12px',
          '--billing-space: 0.5rem',
        ].join(';'),
      );
      await provider.mountCardEntry(container, paymentOptions(container));
      const [{ appearance }] = fake.argsOf('stripe.elements') as [StripeElementsOptionsMode];
      expect(appearance?.theme).to.equal('stripe');
      expect(appearance?.variables).to.include({
        colorPrimary: '#ff0000',
        colorText: '#102030',
        colorBackground: '#ffffff',
        colorDanger: '#cc0000',
        fontFamily: '"Acme Sans", serif',
        fontSizeBase: '16px',
        borderRadius: '12px',
        spacingUnit: '4px',
      });
      expect(appearance?.variables?.colorTextSecondary).to.match(/^#([0-9a-f]{2})\1\1$/);
      expect(appearance?.rules?.['.Input']).to.deep.equal({ borderColor: 'rgba(0, 0, 255, 0.5)' });
    });

    it('a dark surface selects Stripe’s night theme', async () => {
      const fake = fakeStripe();
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_dark', loadStripe: fake.loadStripe });
      const { container } = await widgetWithContainer('--billing-color-surface: #161922; --billing-color-text: #e7e9f0');
      await provider.mountCardEntry(container, paymentOptions(container));
      const [{ appearance }] = fake.argsOf('stripe.elements') as [StripeElementsOptionsMode];
      expect(appearance?.theme).to.equal('night');
      expect(appearance?.variables?.colorBackground).to.equal('#161922');
    });

    it('mounts in the light DOM (Stripe refuses shadow roots) and shows it in the container through a slot', async () => {
      const fake = fakeStripe();
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_slot', loadStripe: fake.loadStripe });
      const { widget, container } = await widgetWithContainer();
      const entry = await provider.mountCardEntry(container, paymentOptions(container));
      const mountPoint = fake.mountedInto();
      expect(mountPoint?.getRootNode()).to.equal(document);
      expect(mountPoint?.parentElement).to.equal(widget);
      expect(mountPoint?.assignedSlot?.parentElement).to.equal(container);

      entry.destroy();
      expect(fake.methods()).to.include('paymentElement.destroy');
      expect(widget.children).to.have.length(0);
      expect(container.children).to.have.length(0);
    });

    it('projects through nested shadow roots', async () => {
      const fake = fakeStripe();
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_nested', loadStripe: fake.loadStripe });
      const { widget: outer, container: outerContainer } = await widgetWithContainer();
      const inner = document.createElement('div');
      outerContainer.append(inner);
      const container = document.createElement('div');
      inner.attachShadow({ mode: 'open' }).append(container);
      await provider.mountCardEntry(container, paymentOptions(container));
      const mountPoint = fake.mountedInto();
      expect(mountPoint?.getRootNode()).to.equal(document);
      expect(mountPoint?.parentElement).to.equal(outer);
      // Light DOM → outer shadow root → inner shadow root's container.
      expect(mountPoint?.assignedSlot?.parentElement?.assignedSlot?.parentElement).to.equal(container);
    });

    it('rejects an aborted mount with an AbortError and leaves nothing behind', async () => {
      const fake = fakeStripe();
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_abort', loadStripe: fake.loadStripe });
      const { widget, container } = await widgetWithContainer();
      const controller = new AbortController();
      const pending = provider.mountCardEntry(container, paymentOptions(container, { signal: controller.signal }));
      controller.abort();
      const error = await rejectionOf(pending);
      expect((error as DOMException).name).to.equal('AbortError');
      expect(widget.children).to.have.length(0);
    });
  });

  describe('when Stripe cannot load', () => {
    async function mountError(loadStripe: LoadStripe, options: { loadTimeoutMs?: number } = {}): Promise<unknown> {
      const provider = new StripePaymentProvider({ publishableKey: `pk_test_${Math.random()}`, loadStripe, ...options });
      const { container } = await widgetWithContainer();
      return rejectionOf(provider.mountCardEntry(container, paymentOptions(container)));
    }

    function expectUnavailable(error: unknown): void {
      expect(error).to.be.instanceOf(BillingError);
      expect((error as BillingError).code).to.equal('unavailable');
      expect((error as BillingError).retryable).to.equal(true);
      expect((error as BillingError).message).to.equal(CARD_ENTRY_UNAVAILABLE_MESSAGE);
      expect(CARD_ENTRY_UNAVAILABLE_MESSAGE).to.equal('Card entry is unavailable right now. You can still pay with a saved card.');
    }

    it('a rejected loader (offline, CSP) becomes BillingError("unavailable")', async () => {
      expectUnavailable(await mountError(() => Promise.reject(new Error('Failed to load Stripe.js'))));
    });

    it('a loader that resolves null becomes BillingError("unavailable")', async () => {
      expectUnavailable(await mountError(() => Promise.resolve(null)));
    });

    it('a loader that never answers times out as unavailable', async () => {
      expectUnavailable(await mountError(() => new Promise(() => {}), { loadTimeoutMs: 30 }));
    });

    it('a Payment Element loaderror becomes unavailable and is cleaned up', async () => {
      const fake = fakeStripe({ loadError: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_loaderror', loadStripe: fake.loadStripe });
      const { widget, container } = await widgetWithContainer();
      expectUnavailable(await rejectionOf(provider.mountCardEntry(container, paymentOptions(container))));
      expect(fake.methods()).to.include('paymentElement.destroy');
      expect(widget.children).to.have.length(0);
    });

    it('tries to load again on the next mount after a failure', async () => {
      const fake = fakeStripe();
      let attempts = 0;
      const flaky: LoadStripe = (key, options) => {
        attempts += 1;
        return attempts === 1 ? Promise.reject(new Error('offline')) : fake.loadStripe(key, options);
      };
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_retry', loadStripe: flaky });
      const { container } = await widgetWithContainer();
      expectUnavailable(await rejectionOf(provider.mountCardEntry(container, paymentOptions(container))));
      const entry = await provider.mountCardEntry(container, paymentOptions(container));
      expect(attempts).to.equal(2);
      entry.destroy();
    });
  });

  describe('card entry', () => {
    async function mounted(behaviour: FakeBehaviour = {}) {
      const fake = fakeStripe(behaviour);
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_entry', loadStripe: fake.loadStripe });
      const { container } = await widgetWithContainer();
      const entry = await provider.mountCardEntry(container, paymentOptions(container));
      fake.calls.length = 0;
      return { fake, provider, entry, container };
    }

    it('reports completeness from Stripe’s change events, once per change', async () => {
      const { fake, entry } = await mounted();
      const states: CardEntryState[] = [];
      entry.onChange((state) => states.push(state));
      fake.emit('change', changeEvent(false));
      fake.emit('change', changeEvent(true));
      fake.emit('change', changeEvent(true));
      expect(states).to.deep.equal([{ complete: true, error: null }]);
    });

    it('tokenize submits the elements, then returns the confirmation token id', async () => {
      const { fake, entry } = await mounted();
      expect(await entry.tokenize()).to.deep.equal({ ok: true, providerToken: 'ctoken_1Abc' });
      expect(fake.methods()).to.deep.equal(['elements.submit', 'stripe.createConfirmationToken']);
      const [{ elements }] = fake.argsOf('stripe.createConfirmationToken') as [{ elements: unknown }];
      expect(elements).to.be.an('object').that.has.property('submit');
    });

    it('tokenize reports the card the token previews (brand, last4), so the dialog can name it', async () => {
      const { entry } = await mounted({ tokenCard: { brand: 'visa', last4: '3155' } });
      expect(await entry.tokenize()).to.deep.equal({ ok: true, providerToken: 'ctoken_1Abc', card: { brand: 'visa', last4: '3155' } });
    });

    it('saveCard sets setup_future_usage before submitting, and clears it again', async () => {
      const { fake, entry } = await mounted();
      await entry.tokenize({ saveCard: true });
      await entry.tokenize({ saveCard: true });
      await entry.tokenize({ saveCard: false });
      const updates = fake.calls.filter((call) => call.method === 'elements.update').map((call) => call.args[0]);
      expect(updates).to.deep.equal([{ setupFutureUsage: 'off_session' }, { setupFutureUsage: null }]);
      expect(fake.methods().slice(0, 2)).to.deep.equal(['elements.update', 'elements.submit']);
    });

    it('a validation error from submit comes back in Stripe’s words', async () => {
      const { fake, entry } = await mounted({
        submitError: { type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' },
      });
      expect(await entry.tokenize()).to.deep.equal({
        ok: false,
        code: 'invalid_card_details',
        message: 'Your card number is incomplete.',
      });
      expect(fake.methods()).not.to.include('stripe.createConfirmationToken');
    });

    it('a card error from createConfirmationToken is a decline', async () => {
      const { entry } = await mounted({
        tokenError: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
      });
      expect(await entry.tokenize()).to.deep.equal({
        ok: false,
        code: 'card_declined',
        message: 'Your card was declined.',
      });
    });

    it('a connection error asks the person to check their connection', async () => {
      const { entry } = await mounted({ tokenError: { type: 'api_connection_error', message: 'Failed to fetch' } });
      expect(await entry.tokenize()).to.deep.equal({
        ok: false,
        code: 'network',
        message: 'We could not reach the card processor. Check your connection and try again.',
      });
    });

    it('developer-facing errors and thrown IntegrationErrors become a plain retry message', async () => {
      const developerError = await mounted({
        tokenError: { type: 'invalid_request_error', message: 'No such publishable key: pk_test_…' },
      });
      const thrown = await mounted({ tokenThrows: true });
      for (const { entry } of [developerError, thrown]) {
        const result = await entry.tokenize();
        expect(result).to.deep.equal({
          ok: false,
          code: 'unknown',
          message: 'Something went wrong while checking your card. Try again in a moment.',
        });
      }
    });

    it('aborting a tokenize rejects with an AbortError and drops the late token', async () => {
      const { fake, entry } = await mounted({ holdToken: true });
      const controller = new AbortController();
      const pending = entry.tokenize({ signal: controller.signal });
      await new Promise((resolve) => setTimeout(resolve, 0));
      controller.abort();
      fake.releaseToken();
      const error = await rejectionOf(pending);
      expect((error as DOMException).name).to.equal('AbortError');
    });

    it('update() passes a new amount and appearance on to the elements', async () => {
      const { fake, entry, container } = await mounted();
      entry.update({ amount: { amount: 5000, currency: 'EUR' }, appearance: appearanceFromTokens(container) });
      const [update] = fake.argsOf('elements.update') as [StripeElementsUpdateOptions];
      expect(update).to.include({ amount: 5000, currency: 'eur' });
      expect(update.appearance?.theme).to.equal('stripe');
    });

    it('focus() focuses the Payment Element; after destroy() it does nothing and tokenize fails softly', async () => {
      const { fake, entry } = await mounted();
      entry.focus();
      entry.destroy();
      entry.destroy();
      entry.focus();
      expect(fake.methods()).to.deep.equal(['paymentElement.focus', 'paymentElement.destroy']);
      expect(await entry.tokenize()).to.include({ ok: false, code: 'unavailable' });
    });
  });

  describe('handleNextAction', () => {
    const nextAction = { type: 'three_d_secure', clientSecret: 'pi_3Abc_secret_Def' } as const;

    it('runs Stripe’s handleNextAction with the client secret', async () => {
      const fake = fakeStripe();
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_3ds', loadStripe: fake.loadStripe });
      expect(await provider.handleNextAction(nextAction)).to.deep.equal({ ok: true });
      expect(fake.argsOf('stripe.handleNextAction')).to.deep.equal([{ clientSecret: 'pi_3Abc_secret_Def' }]);
    });

    it('a failed or cancelled challenge maps to authentication_failed', async () => {
      for (const error of [
        {
          type: 'invalid_request_error',
          code: 'payment_intent_authentication_failure',
          message: 'We are unable to authenticate your payment method.',
        },
        { type: 'invalid_request_error', message: 'Authentication failed.' },
      ] satisfies StripeError[]) {
        const fake = fakeStripe({ nextActionError: error });
        const provider = new StripePaymentProvider({ publishableKey: 'pk_test_3ds_fail', loadStripe: fake.loadStripe });
        expect(await provider.handleNextAction(nextAction)).to.deep.equal({
          ok: false,
          code: 'authentication_failed',
          message: 'Your bank could not confirm this payment.',
        });
      }
    });

    it('keeps Stripe’s code for other errors (a decline during authentication)', async () => {
      const fake = fakeStripe({
        nextActionError: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
      });
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_3ds_decline', loadStripe: fake.loadStripe });
      expect(await provider.handleNextAction(nextAction)).to.deep.equal({
        ok: false,
        code: 'card_declined',
        message: 'Your card was declined.',
      });
    });

    it('resolves unavailable when Stripe.js cannot load', async () => {
      const provider = new StripePaymentProvider({
        publishableKey: 'pk_test_3ds_offline',
        loadStripe: () => Promise.reject(new Error('offline')),
      });
      expect(await provider.handleNextAction(nextAction)).to.include({ ok: false, code: 'unavailable' });
    });

    it('rejects with an AbortError when aborted', async () => {
      const fake = fakeStripe();
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_3ds_abort', loadStripe: fake.loadStripe });
      const controller = new AbortController();
      controller.abort();
      const error = await rejectionOf(provider.handleNextAction(nextAction, { signal: controller.signal }));
      expect((error as DOMException).name).to.equal('AbortError');
      expect(fake.methods()).not.to.include('stripe.handleNextAction');
    });
  });

  describe('stripeLocale', () => {
    it('passes supported locales, falls back to the language, then to auto', () => {
      expect(stripeLocale('fr-CA')).to.equal('fr-CA');
      expect(stripeLocale('pt-br')).to.equal('pt-BR');
      expect(stripeLocale('de-AT')).to.equal('de');
      expect(stripeLocale('xx-YY')).to.equal('auto');
      expect(stripeLocale(undefined)).to.equal('auto');
    });
  });
});

describe('appearanceFromTokens', () => {
  it('prefers the widget’s resolved --_billing-* values over the public ones', async () => {
    const { container } = await widgetWithContainer('--billing-color-accent: #00ff00; --_billing-color-accent: #0000ff');
    expect(appearanceFromTokens(container).colorPrimary).to.equal('#0000ff');
  });

  it('falls back to the default light theme when no token is set, and ignores invalid values', async () => {
    const { container } = await widgetWithContainer('--billing-color-accent: not-a-colour; --billing-radius: wide');
    const appearance = appearanceFromTokens(container);
    expect(appearance).to.include({
      colorPrimary: '#4f46e5',
      colorBackground: '#ffffff',
      borderRadius: '8px',
      theme: 'light',
    });
    expect(appearance.fontSizeBase).to.match(/^\d+(\.\d+)?px$/);
  });

  it('leaves nothing in the DOM after measuring', async () => {
    const { container } = await widgetWithContainer('--billing-space: 1em');
    appearanceFromTokens(container);
    expect(container.childNodes).to.have.length(0);
  });
});

// TestCardPaymentProvider: the form a person types test cards into, its validation, and the simulated 3-D Secure challenge.
import { expect, fixture, html } from '@open-wc/testing';
import type { LitElement } from 'lit';
import { sendKeys } from '@web/test-runner-commands';
import { BillingError } from '../../src/client/errors.js';
import { appearanceFromTokens } from '../../src/payments/appearance.js';
import { CARD_ENTRY_UNAVAILABLE_MESSAGE, type CardEntry, type CardEntryState } from '../../src/payments/payment-provider.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { DECLINE_MESSAGES, TEST_CARDS, testCardToken } from '../../src/payments/test-cards.js';
import { containerInShadow } from '../helpers/dom.js';

interface Mounted {
  provider: TestCardPaymentProvider;
  entry: CardEntry;
  /** The widget's element the card entry was mounted in, inside the widget's shadow root. */
  container: HTMLElement;
  /** Stands in for the widget. */
  widget: HTMLElement;
  form: ShadowRoot;
  states: CardEntryState[];
}

/** Mounts like a widget does: into an element inside the widget's shadow root. */
async function mount(provider = new TestCardPaymentProvider()): Promise<Mounted> {
  const { widget, container } = await containerInShadow();
  const entry = await provider.mountCardEntry(container, {
    mode: 'payment',
    amount: { amount: 2000, currency: 'USD' },
    currency: 'USD',
    appearance: appearanceFromTokens(container),
  });
  const form = container.querySelector('.billing-test-card-entry')?.shadowRoot;
  if (!form) throw new Error('the card form was not mounted');
  const states: CardEntryState[] = [];
  entry.onChange((state) => states.push(state));
  return { provider, entry, container, widget, form, states };
}

function input(form: ShadowRoot, label: string): HTMLInputElement {
  const labelElement = [...form.querySelectorAll('label')].find((candidate) => candidate.textContent.trim() === label);
  const field = labelElement ? form.getElementById(labelElement.htmlFor) : null;
  if (!(field instanceof HTMLInputElement)) throw new Error(`no input labelled "${label}"`);
  return field;
}

async function typeInto(field: HTMLInputElement, text: string): Promise<void> {
  field.focus();
  await sendKeys({ type: text });
}

function futureExpiry(): string {
  return `12${String((new Date().getFullYear() + 2) % 100).padStart(2, '0')}`;
}

/** futureExpiry() as the provider token carries it (MM / YY means 20YY). */
function futureExpiryTyped(): { month: number; year: number } {
  return { month: 12, year: 2000 + ((new Date().getFullYear() + 2) % 100) };
}

async function fillCard(form: ShadowRoot, number: string, expiry = futureExpiry(), cvc = '123'): Promise<void> {
  await typeInto(input(form, 'Card number'), number);
  await typeInto(input(form, 'Expiry date (MM / YY)'), expiry);
  await typeInto(input(form, 'Security code (CVC)'), cvc);
}

function errorsShown(form: ShadowRoot): string[] {
  return [...form.querySelectorAll('.error')].map((element) => element.textContent.trim());
}

function challengeButton(root: ParentNode, name: string): HTMLButtonElement {
  const host = root.querySelector('.billing-test-card-challenge');
  const button = [...(host?.shadowRoot?.querySelectorAll('button') ?? [])].find((candidate) => candidate.textContent.trim() === name);
  if (!button) throw new Error(`no challenge button "${name}"`);
  return button;
}

/** The challenge handleNextAction drew in `root`, once it has rendered: it is a Lit element, drawn in a microtask. */
async function challengeDrawn(root: ParentNode): Promise<ShadowRoot> {
  const host = root.querySelector<LitElement>(':scope > .billing-test-card-challenge');
  if (!host) throw new Error('no challenge drawn');
  await host.updateComplete;
  return host.shadowRoot!;
}

const nextAction = { type: 'three_d_secure', clientSecret: 'pi_123_secret_456' } as const;

describe('TestCardPaymentProvider', () => {
  it('is a test-mode provider', () => {
    const provider = new TestCardPaymentProvider();
    expect(provider.id).to.equal('test-cards');
    expect(provider.testMode).to.equal(true);
  });

  describe('card form', () => {
    it('renders labelled numeric inputs with card autocomplete, and the test-mode hint', async () => {
      const { form } = await mount();
      const number = input(form, 'Card number');
      const expiry = input(form, 'Expiry date (MM / YY)');
      const cvc = input(form, 'Security code (CVC)');
      expect([number, expiry, cvc].map((field) => field.getAttribute('inputmode'))).to.deep.equal(['numeric', 'numeric', 'numeric']);
      expect([number, expiry, cvc].map((field) => field.getAttribute('autocomplete'))).to.deep.equal(['cc-number', 'cc-exp', 'cc-csc']);
      const hint = form.querySelector('.test-hint')?.textContent.replace(/\s+/g, ' ') ?? '';
      expect(hint).to.contain('Test mode').and.to.contain('4242 4242 4242 4242');
      const listed = [...form.querySelectorAll('.test-cards .number')].map((element) => element.textContent);
      expect(listed).to.have.length(TEST_CARDS.length);
    });

    it('keeps the form inside its own shadow root, so the widget never holds the card number', async () => {
      const { container, form } = await mount();
      await typeInto(input(form, 'Card number'), '4242424242424242');
      expect(container.querySelectorAll('input')).to.have.length(0);
      expect(container.textContent).not.to.contain('4242');
    });

    for (const card of TEST_CARDS) {
      it(`typing ${card.number} (${card.outcome}) tokenizes as ${testCardToken(card.number)}`, async () => {
        const { entry, form, states } = await mount();
        await fillCard(form, card.number);
        expect(input(form, 'Card number').value).to.equal(card.number.match(/.{4}/g)?.join(' '));
        expect(states.at(-1)).to.deep.equal({ complete: true, error: null });
        const result = await entry.tokenize();
        expect(result).to.deep.equal({
          ok: true,
          providerToken: testCardToken(card.number, { expiry: futureExpiryTyped() }),
          card: { brand: card.brand, last4: card.last4 },
        });
      });
    }

    it('carries the expiry as typed in the token (06 / YY stays 06 / YY), so the saved card shows it', async () => {
      const { entry, form } = await mount();
      const yy = String((new Date().getFullYear() + 3) % 100).padStart(2, '0');
      await fillCard(form, '4242424242424242', `06${yy}`);
      const result = await entry.tokenize();
      expect(result.ok && result.providerToken).to.equal(`test_card_4242424242424242_exp_06${yy}`);
    });

    it('formats the expiry as MM / YY and pads a lone month digit', async () => {
      const { form } = await mount();
      const expiry = input(form, 'Expiry date (MM / YY)');
      await typeInto(expiry, '4');
      expect(expiry.value).to.equal('04');
      await typeInto(expiry, '30');
      expect(expiry.value).to.equal('04 / 30');
    });

    it('keeps the caret in place when a digit is inserted mid-number', async () => {
      const { form } = await mount();
      const number = input(form, 'Card number');
      await typeInto(number, '42424242');
      number.setSelectionRange(2, 2);
      await sendKeys({ type: '9' });
      expect(number.value).to.equal('4294 2424 2');
      expect(number.selectionStart).to.equal(3);
    });

    it('shows an error for a number that fails the Luhn check, and is not complete', async () => {
      const { entry, form, states } = await mount();
      await fillCard(form, '4242424242424241');
      expect(errorsShown(form)).to.deep.equal(['The card number is not valid. Check it and try again.']);
      expect(input(form, 'Card number').getAttribute('aria-invalid')).to.equal('true');
      expect(states.at(-1)).to.deep.equal({
        complete: false,
        error: 'The card number is not valid. Check it and try again.',
      });
      const result = await entry.tokenize();
      expect(result).to.deep.equal({
        ok: false,
        code: 'invalid_card_details',
        message: 'The card number is not valid. Check it and try again.',
      });
    });

    it('refuses a valid card number that is not one of the test cards', async () => {
      const { form, states } = await mount();
      await typeInto(input(form, 'Card number'), '4012888888881881');
      expect(errorsShown(form)).to.deep.equal(['Test mode only accepts the test cards listed below.']);
      expect(states.at(-1)?.complete).to.equal(false);
    });

    it('shows an error for an expired date, and is not complete', async () => {
      const { entry, form, states } = await mount();
      await fillCard(form, '4242424242424242', '0120');
      expect(errorsShown(form)).to.deep.equal(['The card has expired. Check the date, or use another card.']);
      expect(states.at(-1)).to.deep.equal({
        complete: false,
        error: 'The card has expired. Check the date, or use another card.',
      });
      expect((await entry.tokenize()).ok).to.equal(false);
    });

    it('rejects a month outside 01–12', async () => {
      const { form } = await mount();
      await typeInto(input(form, 'Expiry date (MM / YY)'), '1330');
      expect(errorsShown(form)).to.deep.equal(['The expiry month must be from 01 to 12.']);
    });

    it('shows no error while a field is still being typed, and one once it is left', async () => {
      const { form } = await mount();
      await typeInto(input(form, 'Card number'), '4242');
      expect(errorsShown(form)).to.deep.equal([]);
      await typeInto(input(form, 'Security code (CVC)'), '1');
      expect(errorsShown(form)).to.deep.equal(['The card number is incomplete.']);
    });

    it('tokenizing an empty form names every missing field and focuses the first', async () => {
      const { entry, form } = await mount();
      const result = await entry.tokenize();
      expect(result).to.deep.equal({ ok: false, code: 'invalid_card_details', message: 'Enter the card number.' });
      expect(errorsShown(form)).to.deep.equal(['Enter the card number.', 'Enter the expiry date.', 'Enter the security code.']);
      expect(form.activeElement).to.equal(input(form, 'Card number'));
    });

    it('a listed test card can be picked with one click', async () => {
      const { entry, form, states } = await mount();
      const button = [...form.querySelectorAll<HTMLButtonElement>('.test-card')].find((candidate) =>
        candidate.textContent.includes('4000 0025 0000 3155'),
      );
      button?.click();
      expect(states.at(-1)).to.deep.equal({ complete: true, error: null });
      expect(await entry.tokenize()).to.deep.equal({
        ok: true,
        // The one-click card comes with December, three years on.
        providerToken: testCardToken('4000002500003155', { expiry: { month: 12, year: 2000 + ((new Date().getFullYear() + 3) % 100) } }),
        card: { brand: 'visa', last4: '3155' },
      });
    });

    it('rejects with an AbortError when tokenizing with an aborted signal', async () => {
      const { entry, form } = await mount();
      await fillCard(form, '4242424242424242');
      const controller = new AbortController();
      controller.abort();
      const error = await entry.tokenize({ signal: controller.signal }).catch((reason: unknown) => reason);
      expect(error).to.be.instanceOf(DOMException);
      expect((error as DOMException).name).to.equal('AbortError');
    });

    it('aborting during simulated latency rejects and yields no token', async () => {
      const { entry, form } = await mount(new TestCardPaymentProvider({ latencyMs: 200 }));
      await fillCard(form, '4242424242424242');
      const controller = new AbortController();
      const pending = entry.tokenize({ signal: controller.signal });
      controller.abort();
      const error = await pending.catch((reason: unknown) => reason);
      expect((error as DOMException).name).to.equal('AbortError');
    });

    it('focus() moves focus to the card number', async () => {
      const { entry, form } = await mount();
      entry.focus();
      expect(form.activeElement).to.equal(input(form, 'Card number'));
    });

    it('destroy() removes the form and stops reporting changes', async () => {
      const { entry, container } = await mount();
      entry.destroy();
      entry.destroy();
      expect(container.children).to.have.length(0);
      expect(await entry.tokenize()).to.include({ ok: false, code: 'unavailable' });
    });

    it('passes axe when empty', async () => {
      const { container } = await mount();
      await expect(container).to.be.accessible();
    });

    it('passes axe while showing errors', async () => {
      const { entry, container } = await mount();
      await entry.tokenize();
      await expect(container).to.be.accessible();
    });
  });

  describe('unavailable', () => {
    it('rejects mountCardEntry with the same BillingError as Stripe offline', async () => {
      const provider = new TestCardPaymentProvider({ unavailable: true });
      const container = await fixture<HTMLElement>(html`<div></div>`);
      const error = await provider
        .mountCardEntry(container, { mode: 'setup', currency: 'USD', appearance: appearanceFromTokens(container) })
        .catch((reason: unknown) => reason);
      expect(error).to.be.instanceOf(BillingError);
      expect((error as BillingError).code).to.equal('unavailable');
      expect((error as BillingError).message).to.equal(CARD_ENTRY_UNAVAILABLE_MESSAGE);
      expect(container.children).to.have.length(0);
    });
  });

  it('draws its form as the private element <billing-test-card-entry>, defined once', async () => {
    const { container } = await mount();
    await mount();
    const formHost = container.querySelector('.billing-test-card-entry')!;
    expect(formHost.localName).to.equal('billing-test-card-entry');
    expect(formHost).to.be.instanceOf(customElements.get('billing-test-card-entry')!);
  });

  describe('3-D Secure challenge', () => {
    it('is drawn over the card form; "Complete authentication" succeeds', async () => {
      const { provider, container, form } = await mount();
      const pending = provider.handleNextAction(nextAction);
      await challengeDrawn(container);
      const formHost = container.querySelector<HTMLElement>('.billing-test-card-entry');
      expect(formHost?.hidden).to.equal(true);
      const text = container.querySelector('.billing-test-card-challenge')?.shadowRoot?.textContent ?? '';
      expect(text).to.contain('Your bank wants to confirm this payment.');
      challengeButton(container, 'Complete authentication').click();
      expect(await pending).to.deep.equal({ ok: true });
      expect(container.querySelector('.billing-test-card-challenge')).to.equal(null);
      expect(formHost?.hidden).to.equal(false);
      expect(form.querySelector('.card-form')).not.to.equal(null);
    });

    it('"Fail authentication" resolves with authentication_failed', async () => {
      const { provider, container } = await mount();
      const pending = provider.handleNextAction(nextAction);
      await challengeDrawn(container);
      challengeButton(container, 'Fail authentication').click();
      expect(await pending).to.deep.equal({
        ok: false,
        code: 'authentication_failed',
        message: DECLINE_MESSAGES.authentication_failed,
      });
    });

    it('moves focus into the challenge and passes axe', async () => {
      const { provider, container, widget } = await mount();
      const pending = provider.handleNextAction(nextAction);
      await challengeDrawn(container);
      const challenge = container.querySelector('.billing-test-card-challenge')?.shadowRoot;
      expect(challenge?.activeElement?.textContent.trim()).to.equal('Complete authentication');
      await expect(widget).to.be.accessible();
      challengeButton(container, 'Complete authentication').click();
      await pending;
    });

    it('draws in the container it is given', async () => {
      const provider = new TestCardPaymentProvider();
      const place = await fixture<HTMLElement>(html`<div></div>`);
      const pending = provider.handleNextAction(nextAction, { container: place });
      await challengeDrawn(place);
      challengeButton(place, 'Fail authentication').click();
      expect((await pending).ok).to.equal(false);
      expect(place.children).to.have.length(0);
    });

    it('opens a modal dialog when there is no card form (a saved card)', async () => {
      const provider = new TestCardPaymentProvider();
      const pending = provider.handleNextAction(nextAction);
      await challengeDrawn(document.body);
      const host = document.body.querySelector(':scope > .billing-test-card-challenge');
      const dialog = host?.shadowRoot?.querySelector('dialog');
      expect(dialog?.open).to.equal(true);
      expect(dialog?.getAttribute('aria-labelledby')).to.equal('challenge-title');
      challengeButton(document.body, 'Complete authentication').click();
      expect(await pending).to.deep.equal({ ok: true });
      expect(document.body.querySelector(':scope > .billing-test-card-challenge')).to.equal(null);
    });

    it('pressing Escape on the modal fails authentication', async () => {
      const provider = new TestCardPaymentProvider();
      const pending = provider.handleNextAction(nextAction);
      await challengeDrawn(document.body);
      await sendKeys({ press: 'Escape' });
      expect((await pending).ok).to.equal(false);
      expect(document.body.querySelector(':scope > .billing-test-card-challenge')).to.equal(null);
    });

    it('autoCompleteChallenge: "succeed" resolves ok without drawing anything', async () => {
      const { container } = await mount();
      const provider = new TestCardPaymentProvider({ autoCompleteChallenge: 'succeed' });
      expect(await provider.handleNextAction(nextAction, { container })).to.deep.equal({ ok: true });
      expect(container.querySelector('.billing-test-card-challenge')).to.equal(null);
    });

    it('autoCompleteChallenge: "fail" resolves with authentication_failed', async () => {
      const provider = new TestCardPaymentProvider({ autoCompleteChallenge: 'fail' });
      expect(await provider.handleNextAction(nextAction)).to.deep.equal({
        ok: false,
        code: 'authentication_failed',
        message: DECLINE_MESSAGES.authentication_failed,
      });
    });

    it('aborting closes the challenge, restores the form and rejects with an AbortError', async () => {
      const { provider, container } = await mount();
      const controller = new AbortController();
      const pending = provider.handleNextAction(nextAction, { signal: controller.signal });
      expect(container.querySelector('.billing-test-card-challenge')).not.to.equal(null);
      controller.abort();
      const error = await pending.catch((reason: unknown) => reason);
      expect((error as DOMException).name).to.equal('AbortError');
      expect(container.querySelector('.billing-test-card-challenge')).to.equal(null);
      expect(container.querySelector<HTMLElement>('.billing-test-card-entry')?.hidden).to.equal(false);
    });

    it('an already-aborted signal rejects before anything is drawn', async () => {
      const provider = new TestCardPaymentProvider({ autoCompleteChallenge: 'succeed' });
      const controller = new AbortController();
      controller.abort();
      const error = await provider.handleNextAction(nextAction, { signal: controller.signal }).catch((reason: unknown) => reason);
      expect((error as DOMException).name).to.equal('AbortError');
    });

    it('destroying the card form under a challenge fails it instead of leaving it pending', async () => {
      const { provider, entry, container } = await mount();
      const pending = provider.handleNextAction(nextAction);
      entry.destroy();
      expect((await pending).ok).to.equal(false);
      expect(container.children).to.have.length(0);
    });
  });
});

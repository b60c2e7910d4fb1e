// The library's own words outside the widgets: the test-card form and its 3-D Secure challenge, a top-up attempt's errors, the Stripe provider's texts.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import '../../src/define.js';
import type { AddFundsDialog } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import { defaultTopUpAttemptMessages, type TopUpTiming } from '../../src/components/add-funds-dialog/top-up-attempt.js';
import { BillingError } from '../../src/client/errors.js';
import { loadLocaleMessages, registerLocaleMessages, resetRegisteredLocaleMessages } from '../../src/i18n/catalog.js';
import { localizeErrorMessage } from '../../src/i18n/localize.js';
import { appearanceFromTokens } from '../../src/payments/appearance.js';
import type { CardEntry } from '../../src/payments/payment-provider.js';
import { StripePaymentProvider, type LoadStripe, type StripeLike } from '../../src/payments/stripe-provider.js';
import { TestCardPaymentProvider, defaultTestCardEntryMessages } from '../../src/payments/test-card-provider.js';
import { DECLINE_MESSAGES } from '../../src/payments/test-cards.js';
import type { BillingProvider } from '../../src/store/billing-provider.js';
import { VISA, autoRechargeClient, untilPart } from '../../stories/auto-recharge-settings.stories.js';
import type { AutoRechargeSettingsElement } from '../../src/components/auto-recharge-settings/auto-recharge-settings.js';
import { readyClient } from '../../stories/fixtures.js';
import { CATALOGS, LANGUAGES, englishFragments, normalise, settle, until, type ShippedLanguage } from './helpers.js';
import { containerInShadow, part, parts } from '../helpers/dom.js';

const FAST: TopUpTiming = { retryDelaysMs: [5, 10, 20], pollDelaysMs: [5, 10], maxPolls: 20 };
const nextAction = { type: 'three_d_secure', clientSecret: 'pi_123_secret_456' } as const;

interface Mounted {
  provider: TestCardPaymentProvider;
  entry: CardEntry;
  container: HTMLElement;
  /** The form's own host element (its words live in its shadow root). */
  formHost: LitElement;
  form: ShadowRoot;
}

/** Mounts like a widget does, in a container inside a shadow root, with the widget's locale. */
async function mount(locale: string | undefined, provider = new TestCardPaymentProvider()): Promise<Mounted> {
  const { container } = await containerInShadow();
  const entry = await provider.mountCardEntry(container, {
    mode: 'payment',
    amount: { amount: 2000, currency: 'EUR' },
    currency: 'EUR',
    appearance: appearanceFromTokens(container),
    ...(locale ? { locale } : {}),
  });
  const formHost = container.querySelector('.billing-test-card-entry');
  if (!(formHost instanceof LitElement)) expect.fail('the test-card form is a Lit element');
  return { provider, entry, container, formHost, form: formHost.shadowRoot! };
}

/** What a shadow root shows or speaks: text, placeholders and labels. */
function shown(root: ShadowRoot): string {
  const texts = [root.textContent];
  for (const node of root.querySelectorAll('[aria-label], [placeholder]')) {
    texts.push(node.getAttribute('aria-label') ?? '', node.getAttribute('placeholder') ?? '');
  }
  return normalise(texts.join(' \n '));
}

function expectNoEnglish(root: ShadowRoot, language: ShippedLanguage): void {
  const text = shown(root);
  const leaks = englishFragments('testCardEntry', language).filter((fragment) => text.includes(fragment));
  expect(leaks, `English left in the test-card form (${language}): ${text}`).to.deep.equal([]);
}

function labels(form: ShadowRoot): string[] {
  return [...form.querySelectorAll('label')].map((label) => normalise(label.textContent));
}

function challengeRoot(place: ParentNode): ShadowRoot | null {
  return place.querySelector('.billing-test-card-challenge')?.shadowRoot ?? null;
}

function challengeButton(place: ParentNode, name: string): HTMLButtonElement {
  const button = [...(challengeRoot(place)?.querySelectorAll('button') ?? [])].find(
    (candidate) => normalise(candidate.textContent) === name,
  );
  if (!button) throw new Error(`no challenge button "${name}"`);
  return button;
}

/** English a translated challenge must not show. */
const CHALLENGE_ENGLISH = [
  defaultTestCardEntryMessages.testMode,
  defaultTestCardEntryMessages.challengeTitle,
  defaultTestCardEntryMessages.challengeText,
  defaultTestCardEntryMessages.challengeComplete,
  defaultTestCardEntryMessages.challengeFail,
];

afterEach(() => {
  fixtureCleanup();
  resetRegisteredLocaleMessages();
});

describe('test-card form', () => {
  for (const language of ['de', 'ja', 'ar'] as const) {
    it(`mounted with locale ${language} is worded in it, with no English left`, async () => {
      const { entry, form, formHost } = await mount(language);
      const text = CATALOGS[language].testCardEntry;
      expect(labels(form)).to.deep.equal([text.cardNumber, text.expiry, text.cvc]);
      expect(form.querySelector('#card-expiry')!.getAttribute('placeholder')).to.equal(text.expiryPlaceholder);
      expect(normalise(form.querySelector('.badge')?.textContent)).to.equal(text.testMode);
      expect(normalise(form.querySelector('.test-hint')?.textContent)).to.include('4242 4242 4242 4242');
      expect(normalise(form.querySelector('.test-hint')?.textContent)).to.equal(
        normalise(`${text.testMode} ${text.hint('4242 4242 4242 4242')}`),
      );
      expect(normalise(form.querySelector('summary')?.textContent)).to.equal(text.otherCards);
      expect(normalise(form.querySelector('.description')?.textContent)).to.equal(
        normalise(text.cardDescription('Visa', text.outcomes.succeeds)),
      );
      expect(formHost.lang).to.equal(language);
      expect(formHost.dir).to.equal(language === 'ar' ? 'rtl' : 'ltr');
      // Card numbers read left to right, even in Arabic.
      expect(form.querySelector('#card-number')!.getAttribute('dir')).to.equal('ltr');
      expectNoEnglish(form, language);

      // Validation, shown and returned, in the language.
      const result = await entry.tokenize();
      expect(result).to.deep.equal({ ok: false, code: 'invalid_card_details', message: text.numberRequired });
      const errors = [...form.querySelectorAll('.error')].map((element) => normalise(element.textContent));
      expect(errors).to.deep.equal([text.numberRequired, text.expiryRequired, text.cvcRequired]);
      expectNoEnglish(form, language);

      entry.destroy();
      expect(await entry.tokenize()).to.deep.equal({ ok: false, code: 'unavailable', message: text.closed });
    });
  }

  it('loads the language’s catalog itself, like the widgets (French, not loaded by anyone before)', async () => {
    // fr is not used by the tests above: mountCardEntry must fetch it before drawing the form.
    const { form } = await mount('fr-CA');
    expect(labels(form)).to.deep.equal([
      CATALOGS.fr.testCardEntry.cardNumber,
      CATALOGS.fr.testCardEntry.expiry,
      CATALOGS.fr.testCardEntry.cvc,
    ]);
  });

  it('without a locale speaks the nearest lang above its container, across shadow roots', async () => {
    await loadLocaleMessages('de');
    const page = await fixture<HTMLElement>(html`<div lang="de"><div class="widget"></div></div>`);
    const container = document.createElement('div');
    page.querySelector('.widget')!.attachShadow({ mode: 'open' }).append(container);
    const provider = new TestCardPaymentProvider();
    await provider.mountCardEntry(container, { mode: 'setup', currency: 'EUR', appearance: appearanceFromTokens(container) });
    const form = container.querySelector('.billing-test-card-entry')!.shadowRoot!;
    expect(labels(form)[0]).to.equal(CATALOGS.de.testCardEntry.cardNumber);
  });

  it('a host re-words it with registerLocaleMessages, live; a language not shipped falls back to English', async () => {
    const { form, formHost } = await mount('de');
    registerLocaleMessages('de', { testCardEntry: { cardNumber: 'Kreditkartennummer' } });
    // The form is a Lit element: the new words are drawn in its next update.
    await formHost.updateComplete;
    expect(labels(form)[0]).to.equal('Kreditkartennummer');
    expect(labels(form)[1]).to.equal(CATALOGS.de.testCardEntry.expiry);

    const portuguese = await mount('pt-BR');
    expect(labels(portuguese.form)).to.deep.equal(['Card number', 'Expiry date (MM / YY)', 'Security code (CVC)']);
    registerLocaleMessages('pt', { testCardEntry: { cardNumber: 'Número do cartão' } });
    await portuguese.formHost.updateComplete;
    expect(labels(portuguese.form)[0]).to.equal('Número do cartão');
  });

  it('stays in English for English', async () => {
    const { form, entry } = await mount('en-US');
    expect(labels(form)).to.deep.equal(['Card number', 'Expiry date (MM / YY)', 'Security code (CVC)']);
    expect(normalise(form.querySelector('.test-hint')?.textContent)).to.equal(
      'Test mode Use 4242 4242 4242 4242, any future date and any 3-digit code. No real card is charged.',
    );
    expect(normalise(form.querySelector('.description')?.textContent)).to.equal('Visa: the payment succeeds.');
    expect(await entry.tokenize()).to.deep.equal({
      ok: false,
      code: 'invalid_card_details',
      message: 'Enter the card number.',
    });
  });
});

describe('test-card form in <add-funds-dialog>', () => {
  it('speaks the dialog’s language, and follows it when the locale changes', async () => {
    const client = readyClient({ updatedMinutesAgo: 0 });
    const root = await fixture<BillingProvider>(
      html`<billing-provider .client=${client}>
        <add-funds-dialog locale="ja" .paymentProvider=${new TestCardPaymentProvider()} .timing=${FAST} open></add-funds-dialog>
      </billing-provider>`,
    );
    const el = root.querySelector<AddFundsDialog>('add-funds-dialog')!;
    await until(() => parts(el, 'method').length >= 2, 'saved cards listed');
    await settle(el);
    const newCard = parts(el, 'method').find((method) => normalise(method.textContent).includes(CATALOGS.ja.addFundsDialog.newCard))!;
    newCard.querySelector('input')!.click();
    const formHost = (): HTMLElement | null => part(el, 'card-entry')!.querySelector('.billing-test-card-entry');
    await until(() => formHost() !== null, 'card entry mounted');
    expect(labels(formHost()!.shadowRoot!)).to.deep.equal([
      CATALOGS.ja.testCardEntry.cardNumber,
      CATALOGS.ja.testCardEntry.expiry,
      CATALOGS.ja.testCardEntry.cvc,
    ]);
    expectNoEnglish(formHost()!.shadowRoot!, 'ja');

    el.locale = 'ar';
    await until(() => labels(formHost()!.shadowRoot!)[0] === CATALOGS.ar.testCardEntry.cardNumber, 'the form re-worded in Arabic');
    expect([formHost()!.lang, formHost()!.dir]).to.deep.equal(['ar', 'rtl']);
    expectNoEnglish(formHost()!.shadowRoot!, 'ar');
  });
});

describe('test-card form in <auto-recharge-settings>', () => {
  it('speaks the widget’s language, and follows it when the locale changes', async () => {
    const el = await fixture<AutoRechargeSettingsElement>(
      html`<auto-recharge-settings
        locale="de"
        .client=${autoRechargeClient({ enabled: true })}
        .paymentProvider=${new TestCardPaymentProvider()}
      ></auto-recharge-settings>`,
    );
    (await untilPart(el, 'add-card-button')).click();
    const entry = await untilPart(el, 'card-entry');
    const formHost = (): HTMLElement | null => entry.querySelector('.billing-test-card-entry');
    await until(
      () => !!formHost()?.shadowRoot && labels(formHost()!.shadowRoot!)[0] === CATALOGS.de.testCardEntry.cardNumber,
      'the form in German',
    );
    expectNoEnglish(formHost()!.shadowRoot!, 'de');

    el.locale = 'ja';
    await until(() => labels(formHost()!.shadowRoot!)[0] === CATALOGS.ja.testCardEntry.cardNumber, 'the form re-worded in Japanese');
    expectNoEnglish(formHost()!.shadowRoot!, 'ja');
  });
});

describe('3-D Secure challenge of the test cards', () => {
  it('drawn over a French form is French, and failing it still reports the stock decline (translated by the widget)', async () => {
    const { provider, container } = await mount('fr');
    const text = CATALOGS.fr.testCardEntry;
    const pending = provider.handleNextAction(nextAction);
    await until(() => challengeRoot(container) !== null, 'challenge drawn');
    const root = challengeRoot(container)!;
    expect(normalise(root.querySelector('.title')?.textContent)).to.equal(text.challengeTitle);
    expect(normalise(root.querySelector('.text')?.textContent)).to.equal(text.challengeText);
    expect([...root.querySelectorAll('button')].map((button) => normalise(button.textContent))).to.deep.equal([
      text.challengeComplete,
      text.challengeFail,
    ]);
    const shownText = normalise(root.textContent);
    expect(CHALLENGE_ENGLISH.filter((english) => shownText.includes(english))).to.deep.equal([]);
    expect((root.host as HTMLElement).lang).to.equal('fr');
    challengeButton(container, text.challengeFail).click();
    expect(await pending).to.deep.equal({ ok: false, code: 'authentication_failed', message: DECLINE_MESSAGES.authentication_failed });
  });

  it('follows the locale it is asked for, in the container it is given', async () => {
    const place = await fixture<HTMLElement>(html`<div></div>`);
    const provider = new TestCardPaymentProvider();
    const pending = provider.handleNextAction(nextAction, { container: place, locale: 'fr-FR' });
    await until(() => challengeRoot(place) !== null, 'challenge drawn');
    challengeButton(place, CATALOGS.fr.testCardEntry.challengeComplete).click();
    expect(await pending).to.deep.equal({ ok: true });
  });

  it('as a modal over the page, carries its own lang and dir (Arabic, right to left)', async () => {
    const provider = new TestCardPaymentProvider();
    const pending = provider.handleNextAction(nextAction, { locale: 'ar' });
    await until(() => document.body.querySelector(':scope > .billing-test-card-challenge') !== null, 'modal drawn');
    const host = document.body.querySelector<HTMLElement>(':scope > .billing-test-card-challenge')!;
    expect([host.lang, host.dir]).to.deep.equal(['ar', 'rtl']);
    expect(normalise(host.shadowRoot!.querySelector('.title')?.textContent)).to.equal(CATALOGS.ar.testCardEntry.challengeTitle);
    challengeButton(document.body, CATALOGS.ar.testCardEntry.challengeFail).click();
    expect((await pending).ok).to.equal(false);
  });

  it('<add-funds-dialog> in German draws the challenge of a saved card in German', async () => {
    const client = readyClient({ updatedMinutesAgo: 0 });
    client.setCardBehaviour(VISA, 'requires_authentication');
    const root = await fixture<BillingProvider>(
      html`<div lang="de">
        <billing-provider .client=${client}>
          <add-funds-dialog .paymentProvider=${new TestCardPaymentProvider()} .timing=${FAST} open></add-funds-dialog>
        </billing-provider>
      </div>`,
    );
    const el = root.querySelector<AddFundsDialog>('add-funds-dialog')!;
    await until(() => parts(el, 'method').length >= 2, 'saved cards listed');
    await settle(el);
    part(el, 'pay-button')!.click();
    const place = (): ShadowRoot | null => challengeRoot(part(el, 'challenge')!);
    await until(() => place() !== null, 'challenge drawn in the dialog');
    const text = CATALOGS.de.testCardEntry;
    expect(normalise(place()!.querySelector('.title')?.textContent)).to.equal(text.challengeTitle);
    const shownText = normalise(place()!.textContent);
    expect(CHALLENGE_ENGLISH.filter((english) => shownText.includes(english))).to.deep.equal([]);
    challengeButton(part(el, 'challenge')!, text.challengeComplete).click();
    await until(() => part(el, 'success') !== null, 'payment succeeded');
  });
});

describe('top-up attempt’s own errors', () => {
  before(async () => {
    await Promise.all(LANGUAGES.map((language) => loadLocaleMessages(language)));
  });

  it('are raised in English and shown in the widget’s language', () => {
    const still = new BillingError('unavailable', {
      message: defaultTopUpAttemptMessages.stillConfirming,
      messageKey: 'topUpAttempt.stillConfirming',
    });
    const noChecks = new BillingError('unknown', {
      message: defaultTopUpAttemptMessages.authenticationUnavailable,
      messageKey: 'topUpAttempt.authenticationUnavailable',
      retryable: false,
    });
    for (const language of LANGUAGES) {
      expect(localizeErrorMessage(still, language)).to.equal(CATALOGS[language].topUpAttempt.stillConfirming);
      expect(localizeErrorMessage(noChecks, language)).to.equal(CATALOGS[language].topUpAttempt.authenticationUnavailable);
    }
    expect(localizeErrorMessage(still, 'en-GB')).to.equal(defaultTopUpAttemptMessages.stillConfirming);
    registerLocaleMessages('en', { topUpAttempt: { stillConfirming: 'Still checking with your bank.' } });
    expect(localizeErrorMessage(still, 'en')).to.equal('Still checking with your bank.');
  });
});

describe('Stripe provider’s own texts', () => {
  /** A Stripe.js stand-in just rich enough to mount, fail a token for the network and fail to load. */
  function fakeLoader(options: { failLoad?: boolean } = {}): { loadStripe: LoadStripe; elementsOptions: unknown[]; updates: unknown[] } {
    const elementsOptions: unknown[] = [];
    const updates: unknown[] = [];
    const stripe: StripeLike = {
      elements(elementOptions) {
        elementsOptions.push(elementOptions);
        return {
          create: () => ({
            mount() {},
            on(eventType: string, handler: (event: never) => void) {
              if (eventType === 'ready') setTimeout(() => (handler as () => void)(), 0);
              return undefined;
            },
            focus() {},
            destroy() {},
          }),
          update(update) {
            updates.push(update);
          },
          submit: () => Promise.resolve({}),
        };
      },
      createConfirmationToken: () => Promise.resolve({ error: { type: 'api_connection_error', message: 'Failed to fetch' } as never }),
      handleNextAction: () => Promise.resolve({}),
    };
    return {
      elementsOptions,
      updates,
      loadStripe: () => (options.failLoad ? Promise.reject(new Error('blocked by CSP')) : Promise.resolve(stripe)),
    };
  }

  it('passes the locale to the Payment Element and words its own failures in it', async () => {
    const { loadStripe, elementsOptions } = fakeLoader();
    const provider = new StripePaymentProvider({ publishableKey: 'pk_test_123', loadStripe });
    const { container } = await containerInShadow();
    const entry = await provider.mountCardEntry(container, {
      mode: 'payment',
      amount: { amount: 2000, currency: 'EUR' },
      currency: 'EUR',
      locale: 'de-DE',
      appearance: appearanceFromTokens(container),
    });
    expect(elementsOptions[0]).to.include({ locale: 'de' });
    expect(await entry.tokenize()).to.deep.equal({ ok: false, code: 'network', message: CATALOGS.de.stripeProvider.network });
    entry.destroy();
    expect(await entry.tokenize()).to.deep.equal({ ok: false, code: 'unavailable', message: CATALOGS.de.stripeProvider.closed });
  });

  it('passes a new locale on to the Payment Element and to its own texts', async () => {
    const { loadStripe, updates } = fakeLoader();
    const provider = new StripePaymentProvider({ publishableKey: 'pk_test_789', loadStripe });
    const { container } = await containerInShadow();
    const entry = await provider.mountCardEntry(container, {
      mode: 'setup',
      currency: 'EUR',
      locale: 'en',
      appearance: appearanceFromTokens(container),
    });
    entry.update({ locale: 'fr-FR' });
    expect(updates).to.deep.equal([{ locale: 'fr-FR' }]);
    entry.update({ locale: 'fr-FR' });
    expect(updates, 'the same locale again changes nothing').to.have.length(1);
    await loadLocaleMessages('fr');
    expect(await entry.tokenize()).to.deep.equal({ ok: false, code: 'network', message: CATALOGS.fr.stripeProvider.network });
    entry.destroy();
  });

  it('words a 3-D Secure that could not load in the locale it is asked for', async () => {
    const { loadStripe } = fakeLoader({ failLoad: true });
    const provider = new StripePaymentProvider({ publishableKey: 'pk_test_456', loadStripe });
    expect(await provider.handleNextAction(nextAction, { locale: 'ja' })).to.deep.equal({
      ok: false,
      code: 'unavailable',
      message: CATALOGS.ja.stripeProvider.challengeUnavailable,
    });
  });
});

// <add-funds-dialog> as a person meets it, against the mock ledger's fault injection: every payment test counts the charges.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../../src/define.js';
import type { CreateTopUpRequest } from '../../src/client/schemas.js';
import type { AddFundsDialog } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import { AddFundsDialog as AddFundsDialogElement } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import { BeforePayEvent, FundsAddedEvent, PaymentFailedEvent } from '../../src/components/add-funds-dialog/events.js';
import type { TopUpTiming } from '../../src/components/add-funds-dialog/top-up-attempt.js';
import type { CreditBalance } from '../../src/components/credit-balance/credit-balance.js';
import { CARD_ENTRY_UNAVAILABLE_MESSAGE, type CardEntry, type PaymentProvider } from '../../src/payments/payment-provider.js';
import { StripePaymentProvider } from '../../src/payments/stripe-provider.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { DECLINE_MESSAGES, testCardToken } from '../../src/payments/test-cards.js';
import { BillingStore } from '../../src/store/billing-store.js';
import type { BillingProvider } from '../../src/store/billing-provider.js';
import * as stories from '../../stories/add-funds-dialog.stories.js';
import { readyClient, type FixtureClient, type FixtureOptions } from '../../stories/fixtures.js';
import { normalise, part, partText, parts, until } from '../helpers/dom.js';
import { renderStory } from '../helpers/story.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';

const FAST: TopUpTiming = { retryDelaysMs: [5, 10, 20], pollDelaysMs: [5, 10], maxPolls: 20 };
const VISA = 'pm_visa_4242';

/** The shadow root of the dialog's private form, where the form's own elements are (`part()` finds its exported parts). */
function formRoot(el: AddFundsDialog): ShadowRoot {
  return el.shadowRoot!.querySelector('billing-add-funds-form')!.shadowRoot!;
}

/** What has focus inside the dialog, through the form's shadow root. */
function activeIn(el: AddFundsDialog): Element | null {
  let active = el.shadowRoot!.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function payButton(el: AddFundsDialog): HTMLButtonElement {
  return part(el, 'pay-button') as HTMLButtonElement;
}

/** Records every createTopUp and confirmTopUp that reached the mock. */
function spyOnTopUps(client: FixtureClient): { creates: CreateTopUpRequest[]; confirms: string[] } {
  const creates: CreateTopUpRequest[] = [];
  const confirms: string[] = [];
  const create = client.createTopUp.bind(client);
  const confirm = client.confirmTopUp.bind(client);
  client.createTopUp = (request, options) => {
    creates.push(request);
    return create(request, options);
  };
  client.confirmTopUp = (id, options) => {
    confirms.push(id);
    return confirm(id, options);
  };
  return { creates, confirms };
}

interface Tab {
  client: FixtureClient;
  dialog: AddFundsDialog;
  dialogs: AddFundsDialog[];
  balance: CreditBalance;
  store: BillingStore;
  spy: { creates: CreateTopUpRequest[]; confirms: string[] };
  events: Event[];
}

/** A Billing tab: a balance and the dialog(s) in one provider, dialog open and ready. */
async function renderTab(
  options: { client?: FixtureClient; clientOptions?: FixtureOptions; provider?: PaymentProvider; dialogs?: number; open?: boolean } = {},
): Promise<Tab> {
  const client = options.client ?? readyClient({ updatedMinutesAgo: 0, ...options.clientOptions });
  const spy = spyOnTopUps(client);
  const provider = options.provider ?? new TestCardPaymentProvider({ autoCompleteChallenge: 'succeed' });
  const root = await fixture<BillingProvider>(
    html`<billing-provider .client=${client}>
      <credit-balance></credit-balance>
      ${Array.from(
        { length: options.dialogs ?? 1 },
        () => html`<add-funds-dialog .paymentProvider=${provider} .timing=${FAST}></add-funds-dialog>`,
      )}
    </billing-provider>`,
  );
  const dialogs = [...root.querySelectorAll('add-funds-dialog')];
  const balance = root.querySelector('credit-balance')!;
  const events: Event[] = [];
  for (const name of ['billing-before-pay', 'billing-funds-added', 'billing-payment-failed']) {
    root.addEventListener(name, (event) => events.push(event));
  }
  const tab = { client, dialog: dialogs[0]!, dialogs, balance, store: BillingStore.for(client), spy, events };
  if (options.open !== false) await openDialog(tab.dialog);
  return tab;
}

async function openDialog(dialog: AddFundsDialog): Promise<void> {
  dialog.show();
  await until(() => dialog.shadowRoot!.querySelector('dialog')?.open === true, 'dialog open');
  await until(() => parts(dialog, 'method').length > 0 && part(dialog, 'pay-button') !== null, 'form ready');
  await dialog.updateComplete;
}

function methodRadio(el: AddFundsDialog, label: RegExp): HTMLInputElement {
  const method = parts(el, 'method').find((candidate) => label.test(normalise(candidate.textContent)));
  if (!method) throw new Error(`no payment method ${label}`);
  return method.querySelector('input')!;
}

function choose(input: HTMLInputElement): void {
  input.click();
}

async function typeAmount(el: AddFundsDialog, value: string): Promise<void> {
  const input = part(el, 'custom-amount') as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('blur'));
  await el.updateComplete;
}

/** The frozen payment's terms as read: "Amount: $50.00", "Payment method: Visa ••4242". */
function unconfirmedDetails(el: AddFundsDialog): string[] {
  return [...(part(el, 'unconfirmed')?.querySelectorAll('dl > div') ?? [])].map(
    (row) => `${normalise(row.querySelector('dt')?.textContent)}: ${normalise(row.querySelector('dd')?.textContent)}`,
  );
}

/** Types into the amount field when the form is on screen (it is not while a payment is unconfirmed). */
async function typeAmountIfShown(el: AddFundsDialog, value: string): Promise<void> {
  if (part(el, 'custom-amount')) await typeAmount(el, value);
}

/** The token enterNewCard's card tokenizes as: the number and the expiry it types (12, two years on). */
function newCardToken(number: string): string {
  return testCardToken(number, { expiry: { month: 12, year: 2000 + ((new Date().getFullYear() + 2) % 100) } });
}

/** Picks "Use a new card" and types a test card into the provider's form. */
async function enterNewCard(el: AddFundsDialog, number: string): Promise<void> {
  choose(methodRadio(el, /Use a new card/));
  await until(() => part(el, 'card-entry')!.querySelector('.billing-test-card-entry') !== null, 'card entry mounted');
  const form = part(el, 'card-entry')!.querySelector('.billing-test-card-entry')!.shadowRoot!;
  const fill = (id: string, value: string) => {
    const input = form.getElementById(id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  fill('card-number', number);
  fill('card-expiry', `12${String((new Date().getFullYear() + 2) % 100).padStart(2, '0')}`);
  fill('card-cvc', '123');
  await el.updateComplete;
}

/** Pays $50.00 with the Visa; the charge goes through but its answer and every automatic retry's are lost. */
async function loseEveryAnswer(tab: Tab, el = tab.dialog): Promise<void> {
  tab.client.dropNextResponse('createTopUp');
  tab.client.failNext('createTopUp', FAST.retryDelaysMs.length, 'network');
  await payAndSettle(tab, el);
  await until(() => part(el, 'unconfirmed') !== null, 'the unconfirmed payment shown');
}

function settledAttempt(tab: Tab): boolean {
  return tab.store.activeTopUp?.settled === true;
}

async function payAndSettle(tab: Tab, el = tab.dialog): Promise<void> {
  payButton(el).click();
  await until(() => settledAttempt(tab), 'payment outcome');
  await el.updateComplete;
}

/** Pays the amount just paid again: Pay asks first ("Add another $50.00?"), and "Add another" pays. */
async function payAgainAndSettle(tab: Tab, el = tab.dialog): Promise<void> {
  payButton(el).click();
  await until(() => part(el, 'repeat-confirm-button') !== null, 'the repeat question');
  part(el, 'repeat-confirm-button')!.click();
  await until(() => settledAttempt(tab), 'payment outcome');
  await el.updateComplete;
}

function eventsOf<T extends Event>(tab: Tab, type: string): T[] {
  return tab.events.filter((event) => event.type === type) as T[];
}

describe('<add-funds-dialog>', () => {
  failOnUnhandledRejections(fixtureCleanup);

  describe('the form', () => {
    it('offers the presets, the saved cards (default chosen, expired disabled) and previews the new balance', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      expect(partText(el, 'title')).to.equal('Add funds');
      expect(partText(el, 'test-mode')).to.equal('Test mode');
      expect(parts(el, 'preset').map((input) => normalise(input.parentElement!.textContent))).to.deep.equal([
        '$25.00',
        '$50.00',
        '$100.00',
        '$250.00',
      ]);
      expect(partText(el, 'preview')).to.equal('New balance: $92.50');
      expect(partText(el, 'pay-button')).to.equal('Pay $50.00');
      const visa = methodRadio(el, /Visa ending in 4242/);
      const mastercard = methodRadio(el, /Mastercard ending in 4444/);
      expect(visa.checked).to.equal(true);
      expect(normalise(visa.closest('label')!.textContent)).to.match(/Expires \d\d\/\d{4} Default$/);
      expect(mastercard.disabled).to.equal(true);
      expect(normalise(mastercard.closest('label')!.textContent)).to.match(/Expired$/);
      expect(tab.client.charges).to.have.length(0);
      await expect(el).to.be.accessible();
    });

    it('checks a typed amount against the minimum, the maximum and the currency digits, and charges nothing', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      await typeAmount(el, '20');
      expect(partText(el, 'preview')).to.equal('New balance: $62.50');
      expect(parts(el, 'preset').some((input) => (input as HTMLInputElement).checked)).to.equal(false);
      const cases: Array<[string, string]> = [
        ['5', 'The minimum top-up is $10.00.'],
        ['2000', 'The maximum top-up is $1,000.00.'],
        ['12.345', 'USD amounts have at most 2 decimal places.'],
        ['1e3', 'Write the amount out in full, without an exponent.'],
        ['ten', 'Enter the amount as a number.'],
      ];
      for (const [typed, message] of cases) {
        await typeAmount(el, typed);
        expect(partText(el, 'amount-error'), typed).to.equal(message);
        expect(part(el, 'custom-amount')!.getAttribute('aria-invalid')).to.equal('true');
        payButton(el).click();
        await el.updateComplete;
      }
      await expect(el).to.be.accessible();
      expect(eventsOf(tab, 'billing-before-pay')).to.have.length(0);
      expect(tab.spy.creates).to.have.length(0);
      expect(tab.client.charges).to.have.length(0);
    });

    it('reads amounts in the locale: 123,50 in German', async () => {
      const tab = await renderTab();
      tab.dialog.locale = 'de-DE';
      await typeAmount(tab.dialog, '123,50');
      // German numbers and, since the catalogs (issue 8), German words.
      expect(partText(tab.dialog, 'preview')).to.equal('Neues Guthaben: 166,00 $');
      await payAndSettle(tab);
      expect(tab.client.charges.map((charge) => charge.amount.amount)).to.deep.equal([12350]);
    });
  });

  describe('paying', () => {
    it('charges once, shows the new balance, updates every balance and fires billing-funds-added', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      // The form inside the dialog fires them: the page sees them come from the dialog.
      const targets: Array<[string, EventTarget | null]> = [];
      for (const name of ['billing-before-pay', 'billing-funds-added']) {
        el.parentElement!.addEventListener(name, (event) => targets.push([event.type, event.target]));
      }
      await payAndSettle(tab);
      expect(targets).to.deep.equal([
        ['billing-before-pay', el],
        ['billing-funds-added', el],
      ]);
      expect(tab.client.charges).to.have.length(1);
      expect(tab.client.charges[0]!.amount).to.deep.equal({ amount: 5000, currency: 'USD' });
      expect(tab.client.charges[0]!.paymentMethodId).to.equal(VISA);
      expect(normalise(part(el, 'success')!.textContent)).to.contain('$50.00 was added to your balance with Visa ••4242.');
      expect(normalise(part(el, 'success')!.textContent)).to.contain('New balance $92.50');
      const added = eventsOf<FundsAddedEvent>(tab, 'billing-funds-added');
      expect(added).to.have.length(1);
      expect(added[0]).to.be.instanceOf(FundsAddedEvent);
      expect(added[0]!.amount).to.deep.equal({ amount: 5000, currency: 'USD' });
      expect(added[0]!.balanceAfter).to.deep.equal({ amount: 9250, currency: 'USD' });
      expect(added[0]!.topUp.idempotencyKey).to.equal(tab.client.charges[0]!.idempotencyKey);
      await until(() => normalise(tab.balance.shadowRoot!.querySelector('[part~="amount"]')?.textContent) === '$92.50', 'balance');
      await expect(el).to.be.accessible();
      part(el, 'done-button')!.click();
      await until(() => !el.open, 'closed');
      await openDialog(el);
      expect(part(el, 'success')).to.equal(null);
      expect(partText(el, 'preview')).to.equal('New balance: $142.50');
      expect(tab.client.charges).to.have.length(1);
    });

    it('counts the payment once in "New balance" when its credit reaches the balance before its answer', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      let release!: () => void;
      const answerHeld = new Promise<void>((resolve) => (release = resolve));
      const create = tab.client.createTopUp.bind(tab.client);
      tab.client.createTopUp = async (request, options) => {
        const topUp = await create(request, options);
        await answerHeld;
        return topUp;
      };
      expect(partText(el, 'preview')).to.equal('New balance: $92.50');
      payButton(el).click();
      await until(() => tab.client.charges.length === 1, 'the charge');
      // The change feed brings the credited balance while the payment's own answer is still on its way.
      tab.client.push({ type: 'balance', balance: { amount: 9250, currency: 'USD' }, at: new Date().toISOString() });
      await until(() => normalise(tab.balance.shadowRoot!.querySelector('[part~="amount"]')?.textContent) === '$92.50', 'the credit');
      await el.updateComplete;
      expect(partText(el, 'preview'), 'the preview of the running payment').to.equal('New balance: $92.50');
      release();
      await until(() => settledAttempt(tab), 'payment outcome');
      expect(tab.client.charges).to.have.length(1);
    });

    it('fires a cancelable billing-before-pay; a veto charges nothing', async () => {
      const tab = await renderTab({ open: false });
      const el = tab.dialog;
      const heard: BeforePayEvent[] = [];
      el.addEventListener('billing-before-pay', (event) => {
        heard.push(event);
        event.preventDefault();
      });
      await openDialog(el);
      payButton(el).click();
      await new Promise((resolve) => setTimeout(resolve, 30));
      await el.updateComplete;
      expect(heard).to.have.length(1);
      expect(heard[0]!.cancelable && heard[0]!.composed && heard[0]!.bubbles).to.equal(true);
      expect(heard[0]!.amount).to.deep.equal({ amount: 5000, currency: 'USD' });
      expect(heard[0]!.source).to.deep.equal({ type: 'saved_card', paymentMethodId: VISA, label: 'Visa ••4242' });
      expect(tab.spy.creates).to.have.length(0);
      expect(tab.client.charges).to.have.length(0);
      expect(payButton(el).disabled).to.equal(false);
    });

    it('pays with a new card, saving it when asked', async () => {
      const tab = await renderTab();
      await enterNewCard(tab.dialog, '4242424242424242');
      await payAndSettle(tab);
      expect(tab.client.charges).to.have.length(1);
      expect(tab.spy.creates[0]!.source).to.deep.equal({
        type: 'new_card',
        providerToken: newCardToken('4242424242424242'),
        saveCard: true,
      });
      expect(part(tab.dialog, 'success')).to.not.equal(null);
      expect((await tab.client.listPaymentMethods()).length).to.equal(3);
    });
  });

  describe('3-D Secure', () => {
    it('authenticates, then confirms with the backend: one charge', async () => {
      const tab = await renderTab();
      await enterNewCard(tab.dialog, '4000002500003155');
      await payAndSettle(tab);
      expect(tab.spy.confirms).to.have.length(1);
      expect(tab.client.charges).to.have.length(1);
      expect(part(tab.dialog, 'success')).to.not.equal(null);
    });

    it('on a saved card that asks for it', async () => {
      const tab = await renderTab();
      tab.client.setCardBehaviour(VISA, 'requires_authentication');
      await payAndSettle(tab);
      expect(tab.spy.confirms).to.have.length(1);
      expect(tab.client.charges).to.have.length(1);
    });

    it('shows the bank refusal, never confirms, and charges nothing', async () => {
      const tab = await renderTab({ provider: new TestCardPaymentProvider({ autoCompleteChallenge: 'fail' }) });
      tab.client.setCardBehaviour(VISA, 'requires_authentication');
      await payAndSettle(tab);
      expect(tab.spy.confirms).to.have.length(0);
      expect(tab.client.charges).to.have.length(0);
      expect(partText(tab.dialog, 'error')).to.contain(DECLINE_MESSAGES.authentication_failed);
      const failed = eventsOf<PaymentFailedEvent>(tab, 'billing-payment-failed');
      expect(failed.map((event) => event.code)).to.deep.equal(['authentication_failed']);
      await expect(tab.dialog).to.be.accessible();
    });

    for (const [name, answer, charged] of [
      ['passes', {}, 1],
      ['fails', { error: { type: 'invalid_request_error', code: 'payment_intent_authentication_failure' } }, 0],
    ] as const) {
      it(`with a fake Stripe whose challenge ${name}`, async () => {
        const secrets: string[] = [];
        const fakeStripe = {
          elements: () => {
            throw new Error('not used for a saved card');
          },
          createConfirmationToken: () => Promise.reject(new Error('not used')),
          handleNextAction: (options: { clientSecret: string }) => {
            secrets.push(options.clientSecret);
            return Promise.resolve(answer);
          },
        };
        const stripe = new StripePaymentProvider({
          publishableKey: 'pk_test_fake',
          loadStripe: () => Promise.resolve(fakeStripe as never),
        });
        const tab = await renderTab({ provider: stripe });
        tab.client.setCardBehaviour(VISA, 'requires_authentication');
        await payAndSettle(tab);
        expect(secrets).to.have.length(1);
        expect(secrets[0]).to.match(/_secret_/);
        expect(tab.spy.confirms).to.have.length(charged);
        expect(tab.client.charges).to.have.length(charged);
        if (charged === 0) expect(partText(tab.dialog, 'error')).to.contain('Your bank could not confirm this payment.');
        else expect(part(tab.dialog, 'success')).to.not.equal(null);
      });
    }

    it('draws the test challenge inside the dialog and waits for the person', async () => {
      const tab = await renderTab({ provider: new TestCardPaymentProvider() });
      tab.client.setCardBehaviour(VISA, 'requires_authentication');
      payButton(tab.dialog).click();
      const challenge = () => part(tab.dialog, 'challenge')!.querySelector('.billing-test-card-challenge');
      await until(() => challenge() !== null, 'challenge drawn');
      await tab.dialog.updateComplete;
      expect(partText(tab.dialog, 'status')).to.contain('Your bank wants to confirm this payment');
      expect(tab.client.charges).to.have.length(0);
      const complete = [...challenge()!.shadowRoot!.querySelectorAll('button')].find((button) => /Complete/.test(button.textContent))!;
      complete.click();
      await until(() => settledAttempt(tab), 'outcome');
      expect(tab.client.charges).to.have.length(1);
    });
  });

  describe('declines', () => {
    for (const outcome of ['insufficient_funds', 'generic_decline', 'expired_card'] as const) {
      it(`${outcome}: says why, keeps the amount, fires billing-payment-failed, and another card is one click away`, async () => {
        const tab = await renderTab();
        const el = tab.dialog;
        tab.client.setCardBehaviour(VISA, outcome);
        await typeAmount(el, '75');
        await payAndSettle(tab);
        expect(tab.client.charges).to.have.length(0);
        expect(partText(el, 'error')).to.contain('Payment declined.');
        expect(partText(el, 'error')).to.contain(DECLINE_MESSAGES[outcome]);
        expect((part(el, 'custom-amount') as HTMLInputElement).value).to.equal('75');
        expect(partText(el, 'pay-button')).to.equal('Pay $75.00');
        const failed = eventsOf<PaymentFailedEvent>(tab, 'billing-payment-failed');
        expect(failed).to.have.length(1);
        expect(failed[0]!.code).to.equal(outcome);
        expect(failed[0]!.amount).to.deep.equal({ amount: 7500, currency: 'USD' });
        await expect(el).to.be.accessible();

        await enterNewCard(el, '5555555555554444');
        expect(part(el, 'error')).to.equal(null);
        await payAndSettle(tab);
        expect(tab.client.charges).to.have.length(1);
        expect(tab.client.charges[0]!.amount.amount).to.equal(7500);
        // A new attempt after the edit: a new idempotency key.
        expect(new Set(tab.spy.creates.map((request) => request.idempotencyKey)).size).to.equal(2);
      });
    }

    it('card details the provider refuses never reach the backend', async () => {
      const tab = await renderTab();
      choose(methodRadio(tab.dialog, /Use a new card/));
      await until(() => part(tab.dialog, 'card-entry')!.querySelector('.billing-test-card-entry') !== null, 'mounted');
      await payAndSettle(tab);
      expect(partText(tab.dialog, 'error')).to.equal('Enter the card number.');
      expect(tab.spy.creates).to.have.length(0);
      expect(tab.client.charges).to.have.length(0);
    });

    it('a new card that is declined', async () => {
      const tab = await renderTab();
      await enterNewCard(tab.dialog, '4000000000009995');
      await payAndSettle(tab);
      expect(partText(tab.dialog, 'error')).to.contain(DECLINE_MESSAGES.insufficient_funds);
      expect(tab.client.charges).to.have.length(0);
    });
  });

  describe('never twice', () => {
    it('resends the same key after a lost response: one charge', async () => {
      const tab = await renderTab();
      tab.client.dropNextResponse('createTopUp');
      await payAndSettle(tab);
      expect(tab.spy.creates.length).to.equal(2);
      expect(new Set(tab.spy.creates.map((request) => request.idempotencyKey)).size).to.equal(1);
      expect(tab.client.charges).to.have.length(1);
      expect(part(tab.dialog, 'success')).to.not.equal(null);
    });

    it('when the connection stays down: keeps the payment, and Check again replays the same request', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      await loseEveryAnswer(tab);
      expect(tab.client.charges).to.have.length(1);
      expect(partText(el, 'error')).to.contain("We couldn't confirm your payment of $50.00. Check again before paying again.");
      expect(unconfirmedDetails(el)).to.deep.equal(['Amount: $50.00', 'Payment method: Visa ••4242']);
      expect(part(el, 'success')).to.equal(null);
      expect(eventsOf(tab, 'billing-funds-added')).to.have.length(0);
      expect(activeIn(el)).to.equal(part(el, 'error'));
      await expect(el).to.be.accessible();

      part(el, 'check-again-button')!.click();
      await until(() => part(el, 'success') !== null, 'success');
      // The very same request: the backend replays the first result instead of charging again.
      const [first, ...replays] = tab.spy.creates;
      expect(replays.length).to.be.greaterThan(FAST.retryDelaysMs.length);
      for (const replay of replays) expect(replay).to.deep.equal(first);
      expect(eventsOf(tab, 'billing-before-pay')).to.have.length(1);
      expect(eventsOf(tab, 'billing-funds-added')).to.have.length(1);
      expect(tab.client.charges).to.have.length(1);
    });

    it('retries a 503 and succeeds: one charge', async () => {
      const tab = await renderTab();
      tab.client.failNext('createTopUp', 2, 'unavailable');
      await payAndSettle(tab);
      expect(tab.spy.creates).to.have.length(3);
      expect(new Set(tab.spy.creates.map((request) => request.idempotencyKey)).size).to.equal(1);
      expect(tab.client.charges).to.have.length(1);
      expect(part(tab.dialog, 'success')).to.not.equal(null);
    });

    it('ignores a double click and Enter held down', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      tab.client.setLatency(30);
      const form = formRoot(el).querySelector('form')!;
      payButton(el).click();
      payButton(el).click();
      for (let i = 0; i < 5; i += 1) form.requestSubmit();
      await el.updateComplete;
      expect(payButton(el).disabled).to.equal(true);
      expect(partText(el, 'pay-button')).to.equal('Processing…');
      await until(() => settledAttempt(tab), 'outcome');
      expect(tab.spy.creates).to.have.length(1);
      expect(eventsOf(tab, 'billing-before-pay')).to.have.length(1);
      expect(tab.client.charges).to.have.length(1);
    });

    it('two dialogs on one page: the second shows the first one’s payment and cannot start another', async () => {
      const tab = await renderTab({ dialogs: 2 });
      const [first, second] = tab.dialogs as [AddFundsDialog, AddFundsDialog];
      tab.client.setLatency(40);
      payButton(first).click();
      // Pressed in the same instant in the other dialog.
      formRoot(second).querySelector('form')!.requestSubmit();
      first.close();
      await openDialog(second);
      expect(payButton(second).disabled).to.equal(true);
      expect(partText(second, 'pay-button')).to.equal('Processing…');
      expect(partText(second, 'status')).to.contain('Paying $50.00 with Visa ••4242');
      payButton(second).click();
      await until(() => settledAttempt(tab), 'outcome');
      await second.updateComplete;
      expect(part(second, 'success')).to.not.equal(null);
      expect(tab.spy.creates).to.have.length(1);
      expect(eventsOf(tab, 'billing-funds-added')).to.have.length(1);
      expect(tab.client.charges).to.have.length(1);
    });

    it('keeps paying when closed mid-payment and shows the outcome on reopening', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      tab.client.setLatency(40);
      payButton(el).click();
      el.close();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(false);
      expect(el.hasAttribute('open')).to.equal(false);
      await until(() => settledAttempt(tab), 'outcome');
      expect(tab.client.charges).to.have.length(1);
      el.show();
      await el.updateComplete;
      expect(part(el, 'success')).to.not.equal(null);
      expect(normalise(part(el, 'success')!.textContent)).to.contain('New balance $92.50');
      expect(tab.spy.creates).to.have.length(1);
      expect(tab.client.charges).to.have.length(1);
    });

    it('a slow backend: Processing… until the backend answers, and no second charge meanwhile', async function () {
      this.timeout(20000);
      const tab = await renderTab();
      const el = tab.dialog;
      tab.client.setLatency(2000);
      payButton(el).click();
      await el.updateComplete;
      expect(partText(el, 'pay-button')).to.equal('Processing…');
      expect(partText(el, 'status')).to.contain('Paying $50.00 with Visa ••4242');
      payButton(el).click();
      formRoot(el).querySelector('form')!.requestSubmit();
      expect(part(el, 'success')).to.equal(null);
      await until(() => settledAttempt(tab), 'outcome', 15000);
      await el.updateComplete;
      expect(part(el, 'success')).to.not.equal(null);
      expect(tab.spy.creates).to.have.length(1);
      expect(tab.client.charges).to.have.length(1);
    });

    it("polls a processing top-up and says we're confirming, never success before the backend does", async () => {
      const tab = await renderTab({ clientOptions: { processingPolls: 3 } });
      const el = tab.dialog;
      const getTopUp = tab.client.getTopUp.bind(tab.client);
      let polls = 0;
      let sawConfirming = false;
      tab.client.getTopUp = async (id, options) => {
        polls += 1;
        await el.updateComplete;
        sawConfirming ||= partText(el, 'status').includes("We're confirming your payment");
        expect(part(el, 'success')).to.equal(null);
        return getTopUp(id, options);
      };
      await payAndSettle(tab);
      expect(sawConfirming).to.equal(true);
      expect(polls).to.equal(4);
      expect(part(el, 'success')).to.not.equal(null);
      expect(tab.client.charges).to.have.length(1);
    });
  });

  describe('never twice, when the outcome is unknown', () => {
    it('freezes the payment: no amount or card to edit, and Pay (Enter) only checks again with the same key', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      await loseEveryAnswer(tab);
      // Nothing to edit while the first payment may have gone through.
      expect(part(el, 'custom-amount')).to.equal(null);
      expect(parts(el, 'preset')).to.have.length(0);
      expect(parts(el, 'method')).to.have.length(0);
      expect(part(el, 'pay-button')).to.equal(null);
      const keyBefore = tab.spy.creates[0]!.idempotencyKey;
      formRoot(el).querySelector('form')!.requestSubmit();
      await until(() => part(el, 'success') !== null, 'success');
      expect(tab.spy.creates.every((request) => request.idempotencyKey === keyBefore)).to.equal(true);
      expect(tab.client.charges).to.have.length(1);
    });

    it('the store refuses a new top-up while one may have charged, so no dialog can start one', async () => {
      const tab = await renderTab({ dialogs: 2 });
      const [first, second] = tab.dialogs as [AddFundsDialog, AddFundsDialog];
      await loseEveryAnswer(tab, first);
      first.close();
      await openDialog(second).catch(() => undefined);
      await until(() => part(second, 'unconfirmed') !== null, 'second dialog shows the same payment');
      expect(partText(second, 'error')).to.contain("We couldn't confirm your payment of $50.00.");
      // Another dialog, the store directly: refused while the first outcome is unknown.
      const stranger = { settled: false };
      expect(tab.store.beginTopUp(stranger)).to.equal(false);
      tab.store.clearTopUp(tab.store.activeTopUp!);
      expect(tab.store.activeTopUp).to.not.equal(undefined);
      formRoot(second).querySelector('form')!.requestSubmit();
      await until(() => part(second, 'success') !== null, 'success');
      expect(new Set(tab.spy.creates.map((request) => request.idempotencyKey)).size).to.equal(1);
      expect(tab.client.charges).to.have.length(1);
    });

    it('a payment still processing when polling gives up is kept the same way, and checking reads it: one create, one charge', async () => {
      const tab = await renderTab({ clientOptions: { processingPolls: 4 } });
      const el = tab.dialog;
      el.timing = { ...FAST, maxPolls: 1 };
      // The dialog hands its timing to the form in its next update.
      await el.updateComplete;
      await payAndSettle(tab);
      await until(() => part(el, 'unconfirmed') !== null, 'unconfirmed while processing');
      expect(partText(el, 'error')).to.contain("We couldn't confirm your payment of $50.00.");
      for (let checks = 0; part(el, 'success') === null; checks += 1) {
        expect(checks, 'checks before the backend settles').to.be.below(5);
        await until(
          () => (part(el, 'check-again-button') as HTMLButtonElement | null)?.disabled === false || part(el, 'success') !== null,
          'checkable',
        );
        if (part(el, 'success')) break;
        part(el, 'check-again-button')!.click();
        await until(() => settledAttempt(tab), 'check answered');
        await el.updateComplete;
      }
      expect(tab.spy.creates).to.have.length(1);
      expect(tab.client.charges).to.have.length(1);
      expect(eventsOf(tab, 'billing-funds-added')).to.have.length(1);
    });

    it('reopening the dialog shows the unconfirmed payment again', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      await loseEveryAnswer(tab);
      el.close();
      await until(() => !el.shadowRoot!.querySelector('dialog')!.open, 'closed');
      await typeAmountIfShown(el, '75');
      el.show();
      await until(() => part(el, 'unconfirmed') !== null, 'shown on reopening');
      expect(unconfirmedDetails(el)).to.deep.equal(['Amount: $50.00', 'Payment method: Visa ••4242']);
      expect(tab.client.charges).to.have.length(1);
    });

    it('a check that learns the payment failed lets the person pay again: one charge in all', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      tab.client.setCardBehaviour(VISA, 'insufficient_funds');
      await loseEveryAnswer(tab);
      expect(tab.client.charges).to.have.length(0);
      part(el, 'check-again-button')!.click();
      await until(() => partText(el, 'error').includes('Payment declined.'), 'the decline learned by checking');
      expect(part(el, 'unconfirmed')).to.equal(null);
      tab.client.setCardBehaviour(VISA, 'succeeds');
      await typeAmount(el, '75');
      await payAndSettle(tab);
      await until(() => part(el, 'success') !== null, 'success');
      expect(new Set(tab.spy.creates.map((request) => request.idempotencyKey)).size).to.equal(2);
      expect(tab.client.charges.map((charge) => charge.amount.amount)).to.deep.equal([7500]);
    });

    it('paying a different way takes an explicit confirmation, and the first payment stays remembered', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      // This time the first request never reached the backend, but the dialog cannot know that.
      tab.client.failNext('createTopUp', FAST.retryDelaysMs.length + 1, 'network');
      await payAndSettle(tab);
      await until(() => part(el, 'unconfirmed') !== null, 'unconfirmed');
      const firstKey = tab.spy.creates[0]!.idempotencyKey;

      part(el, 'pay-differently-button')!.click();
      await until(() => part(el, 'pay-differently-warning') !== null, 'warning');
      expect(partText(el, 'pay-differently-warning')).to.contain('Your payment of $50.00 may have gone through.');
      expect(activeIn(el)).to.equal(part(el, 'pay-differently-warning'));
      await expect(el).to.be.accessible();
      part(el, 'pay-differently-back-button')!.click();
      await until(() => part(el, 'pay-differently-warning') === null, 'back');
      expect(part(el, 'unconfirmed')).to.not.equal(null);

      part(el, 'pay-differently-button')!.click();
      await until(() => part(el, 'pay-differently-confirm-button') !== null, 'warning again');
      part(el, 'pay-differently-confirm-button')!.click();
      await until(() => part(el, 'custom-amount') !== null, 'the form, editable');
      expect(partText(el, 'earlier-payment')).to.contain('Your earlier payment of $50.00 with Visa ••4242 is still unconfirmed.');
      // Not replaced yet: it can still be checked from here.
      expect(part(el, 'earlier-payment')!.querySelector('[part~="check-again-button"]')).to.not.equal(null);
      await typeAmount(el, '75');
      await payAndSettle(tab);
      await until(() => part(el, 'success') !== null, 'success');
      expect(tab.client.charges.map((charge) => charge.amount.amount)).to.deep.equal([7500]);
      expect(tab.spy.creates.at(-1)!.idempotencyKey).to.not.equal(firstKey);

      // Remembered in the store, and shown when the dialog is opened again.
      const first = tab.store.unconfirmedTopUps[0] as { idempotencyKey: string; outcomeUnknown: boolean } | undefined;
      expect(first?.idempotencyKey).to.equal(firstKey);
      expect(first?.outcomeUnknown).to.equal(true);
      part(el, 'done-button')!.click();
      await until(() => !el.open, 'closed');
      await openDialog(el);
      expect(partText(el, 'earlier-payment')).to.contain('Your earlier payment of $50.00 with Visa ••4242 is still unconfirmed.');
      // Its create was never answered: replaying it now could charge it on top of the new payment, so no check is offered.
      expect(part(el, 'earlier-payment')!.querySelector('[part~="check-again-button"]')).to.equal(null);
      expect(tab.client.charges).to.have.length(1);
      expect(tab.spy.creates.filter((request) => request.idempotencyKey === firstKey)).to.have.length(FAST.retryDelaysMs.length + 1);
    });
  });

  describe('card entry unavailable', () => {
    it('says so and still pays with a saved card', async () => {
      const tab = await renderTab({ provider: new TestCardPaymentProvider({ unavailable: true }) });
      const el = tab.dialog;
      choose(methodRadio(el, /Use a new card/));
      await until(() => part(el, 'card-entry-error') !== null, 'unavailable message');
      expect(partText(el, 'card-entry-error')).to.equal(CARD_ENTRY_UNAVAILABLE_MESSAGE);
      payButton(el).click();
      await el.updateComplete;
      expect(tab.client.charges).to.have.length(0);
      await expect(el).to.be.accessible();
      choose(methodRadio(el, /Visa ending in 4242/));
      await payAndSettle(tab);
      expect(tab.client.charges).to.have.length(1);
    });

    it('when Stripe.js is blocked', async () => {
      const stripe = new StripePaymentProvider({
        publishableKey: 'pk_test_blocked',
        loadStripe: () => Promise.reject(new Error('blocked by CSP')),
      });
      const tab = await renderTab({ provider: stripe });
      const el = tab.dialog;
      expect(part(el, 'test-mode')).to.not.equal(null);
      choose(methodRadio(el, /Use a new card/));
      await until(() => part(el, 'card-entry-error') !== null, 'unavailable message');
      expect(partText(el, 'card-entry-error')).to.equal(CARD_ENTRY_UNAVAILABLE_MESSAGE);
      choose(methodRadio(el, /Visa ending in 4242/));
      await payAndSettle(tab);
      expect(tab.client.charges).to.have.length(1);
    });
  });

  describe('loading, and Try again', () => {
    it('the saved cards failed: Try again loads them, and focus lands on the chosen card, not on the page', async () => {
      const client = readyClient({ updatedMinutesAgo: 0 });
      client.failNext('listPaymentMethods', 1, 'unavailable');
      const tab = await renderTab({ client });
      await until(() => part(tab.dialog, 'retry-button') !== null, 'the cards error');
      const retry = part(tab.dialog, 'retry-button')!;
      retry.focus();
      retry.click();
      await until(() => part(tab.dialog, 'retry-button') === null && parts(tab.dialog, 'method').length > 1, 'the saved cards');
      await until(
        () => activeIn(tab.dialog) === formRoot(tab.dialog).querySelector('input[name="method"]:checked'),
        'focus on the chosen card',
      );
      expect(tab.client.charges).to.have.length(0);
    });

    it('the saved cards failed again: focus is on the new Try again', async () => {
      const client = readyClient({ updatedMinutesAgo: 0 });
      client.failNext('listPaymentMethods', 2, 'unavailable');
      const tab = await renderTab({ client });
      await until(() => part(tab.dialog, 'retry-button') !== null, 'the cards error');
      const first = part(tab.dialog, 'retry-button')!;
      first.focus();
      first.click();
      await until(() => part(tab.dialog, 'retry-button') !== null && part(tab.dialog, 'retry-button') !== first, 'a new Try again');
      await until(() => activeIn(tab.dialog) === part(tab.dialog, 'retry-button'), 'focus on the new Try again');
    });
  });

  describe('the dialog', () => {
    it('opens from "Add funds" on the balance with no glue code, and gives focus back on Escape', async () => {
      const tab = await renderTab({ open: false });
      const find = () => tab.balance.shadowRoot!.querySelector<HTMLButtonElement>('[part~="add-funds-button"]');
      await until(() => find() !== null, 'button');
      const button = find()!;
      button.focus();
      button.click();
      await until(() => tab.dialog.open && tab.dialog.shadowRoot!.querySelector('dialog')!.open, 'opened');
      await until(() => parts(tab.dialog, 'method').length > 0, 'ready');
      expect(tab.dialog.hasAttribute('open')).to.equal(true);
      expect(activeIn(tab.dialog)).to.not.equal(null);
      await sendKeys({ press: 'Escape' });
      await until(() => !tab.dialog.open, 'closed');
      expect(tab.balance.shadowRoot!.activeElement).to.equal(button);
      expect(tab.client.charges).to.have.length(0);
    });

    it('opens one dialog per request even with two on the store', async () => {
      const tab = await renderTab({ open: false, dialogs: 2 });
      tab.store.requestAddFunds();
      await until(() => tab.dialogs.some((dialog) => dialog.open), 'opened');
      expect(tab.dialogs.filter((dialog) => dialog.open)).to.have.length(1);
    });

    it('stays open on Escape while paying, and says why', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      // Long enough that a loaded machine still presses Escape while the payment runs.
      tab.client.setLatency(2000);
      payButton(el).focus();
      await sendKeys({ press: 'Enter' });
      await until(() => partText(el, 'pay-button') === 'Processing…', 'paying');
      await sendKeys({ press: 'Escape' });
      // The notice is drawn by the form, a sub-element: wait for its render, not only the dialog's.
      await until(() => partText(el, 'status').includes('Your payment is still processing.'), 'the notice');
      expect(el.open).to.equal(true);
      expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
      await until(() => settledAttempt(tab), 'outcome', 10_000);
      expect(tab.client.charges).to.have.length(1);
    });

    it('follows the open attribute and close()', async () => {
      const client = readyClient();
      const el = await fixture<AddFundsDialog>(html`<add-funds-dialog open .client=${client}></add-funds-dialog>`);
      await until(() => el.shadowRoot!.querySelector('dialog')?.open === true, 'open');
      el.close();
      await el.updateComplete;
      expect(el.hasAttribute('open')).to.equal(false);
      expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(false);
      el.setAttribute('open', '');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
      expect(client.charges).to.have.length(0);
    });

    it('offers only saved cards without a payment provider', async () => {
      const client = readyClient();
      const el = await fixture<AddFundsDialog>(html`<add-funds-dialog open .client=${client} .timing=${FAST}></add-funds-dialog>`);
      await until(() => parts(el, 'method').length > 0, 'ready');
      expect(parts(el, 'method').map((method) => normalise(method.textContent))).to.have.length(2);
      expect(part(el, 'test-mode')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    for (const [motion, behavior] of [
      ['reduce', 'auto'],
      ['no-preference', 'smooth'],
    ] as const) {
      it(`brings the new-card form into view on a short screen (reduced motion: ${motion})`, async () => {
        await setViewport({ width: 390, height: 420 });
        await emulateMedia({ reducedMotion: motion });
        const scrolls: Array<ScrollIntoViewOptions | boolean | undefined> = [];
        // The real scrollIntoView is Element.prototype's: this recording one shadows it, and deleting it restores it.
        HTMLElement.prototype.scrollIntoView = function (this: HTMLElement, options?: ScrollIntoViewOptions | boolean) {
          if (this.classList.contains('new-card')) scrolls.push(options);
          Element.prototype.scrollIntoView.call(this, options);
        };
        try {
          const tab = await renderTab();
          const el = tab.dialog;
          const body = formRoot(el).querySelector<HTMLElement>('.body')!;
          expect(body.scrollTop).to.equal(0);
          expect(scrolls).to.have.length(0);
          choose(methodRadio(el, /Use a new card/));
          await until(() => part(el, 'card-entry')!.querySelector('.billing-test-card-entry') !== null, 'card entry mounted');
          await el.updateComplete;
          expect(scrolls.length).to.be.greaterThan(0);
          for (const options of scrolls) expect(options).to.deep.include({ block: 'nearest', behavior });
          if (motion === 'reduce') {
            // Instant: already in view, within the dialog's scrolling body.
            const newCard = formRoot(el).querySelector('.new-card')!.getBoundingClientRect();
            const view = body.getBoundingClientRect();
            expect(body.scrollTop).to.be.greaterThan(0);
            expect(newCard.bottom <= view.bottom + 1 || newCard.top <= view.top + 1).to.equal(true);
            expect(newCard.top).to.be.at.least(view.top - 1);
          }
        } finally {
          Reflect.deleteProperty(HTMLElement.prototype, 'scrollIntoView');
          await emulateMedia({ reducedMotion: 'no-preference' });
          await setViewport({ width: 800, height: 600 });
        }
      });
    }

    it('is a full-height sheet at phone width', async () => {
      await setViewport({ width: 390, height: 844 });
      try {
        const tab = await renderTab();
        const box = tab.dialog.shadowRoot!.querySelector('dialog')!.getBoundingClientRect();
        expect(Math.round(box.width)).to.equal(390);
        expect(Math.round(box.height)).to.equal(844);
        const pay = payButton(tab.dialog).getBoundingClientRect();
        expect(pay.bottom).to.be.at.most(844);
        await expect(tab.dialog).to.be.accessible();
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });
  });

  describe('the payment form, loaded on demand', () => {
    /** A dialog whose payment form cannot be downloaded while `offline`: what a lost connection or a missing chunk does. */
    class OfflineAddFundsDialog extends AddFundsDialogElement {
      offline = true;
      loads: Array<Promise<unknown>> = [];
      protected override loadFlow(): ReturnType<AddFundsDialogElement['loadFlow']> {
        const load = this.offline ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : super.loadFlow();
        this.loads.push(load);
        return load;
      }
    }
    if (!customElements.get('offline-add-funds-dialog')) customElements.define('offline-add-funds-dialog', OfflineAddFundsDialog);

    it('says so in an open dialog when the form cannot load, charges nothing, and Try again loads the real form', async () => {
      const client = readyClient();
      const el = await fixture<OfflineAddFundsDialog>(
        html`<offline-add-funds-dialog
          .client=${client}
          .paymentProvider=${new TestCardPaymentProvider()}
          .timing=${FAST}
        ></offline-add-funds-dialog>`,
      );
      el.show();
      await el.updateComplete;
      const dialog = el.shadowRoot!.querySelector('dialog')!;
      expect(dialog.open, 'a modal dialog is shown').to.equal(true);
      expect(el.open).to.equal(true);
      expect(partText(el, 'error')).to.equal("The payment form couldn't load. Check your connection and try again.");
      expect(partText(el, 'title')).to.equal('Add funds');
      expect(part(el, 'close-button')?.getAttribute('aria-label')).to.equal('Close');
      expect(partText(el, 'retry-button')).to.equal('Try again');
      expect(activeIn(el), 'focus on Try again').to.equal(part(el, 'retry-button'));
      expect(payButton(el)).to.equal(null);
      await expect(el).to.be.accessible();

      el.offline = false;
      part(el, 'retry-button')!.click();
      await el.updateComplete;
      const real = await import('../../src/components/add-funds-dialog/add-funds-form.js');
      expect(await el.loads.at(-1), 'Try again resolved with the payment flow').to.equal(real);
      expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
      await until(() => parts(el, 'method').length > 0 && part(el, 'pay-button') !== null, 'form ready');
      expect(partText(el, 'error')).to.equal('');
      expect(part(el, 'preset')).to.not.equal(null);
      // The dialog is styled as the modal panel with the form in it.
      expect(getComputedStyle(el.shadowRoot!.querySelector('dialog')!).display).to.equal('flex');
      expect(client.charges).to.have.length(0);
    });

    it('closing the load-failure dialog closes the element and gives focus back; opening again tries again', async () => {
      const client = readyClient();
      const opener = await fixture<HTMLButtonElement>(html`<button>Add funds</button>`);
      const el = await fixture<OfflineAddFundsDialog>(html`<offline-add-funds-dialog .client=${client}></offline-add-funds-dialog>`);
      opener.focus();
      el.show();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
      part(el, 'close-button')!.click();
      await el.updateComplete;
      expect(el.open).to.equal(false);
      expect(el.hasAttribute('open')).to.equal(false);
      expect(el.shadowRoot!.querySelector('dialog')?.open ?? false).to.equal(false);
      expect(document.activeElement).to.equal(opener);

      const loadsBefore = el.loads.length;
      el.offline = false;
      el.open = true;
      await el.updateComplete;
      expect(el.loads.length, 'opening again fetched again').to.be.greaterThan(loadsBefore);
      expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
      expect(partText(el, 'error')).to.not.contain("couldn't load");
    });

    it('opened while the form is still downloading says it is on its way in an open dialog, then shows the form', async () => {
      /** A dialog whose payment form arrives when the test says so: a slow first download. */
      class SlowAddFundsDialog extends AddFundsDialogElement {
        release!: () => void;
        protected override loadFlow(): ReturnType<AddFundsDialogElement['loadFlow']> {
          return new Promise<void>((resolve) => (this.release = resolve)).then(() => super.loadFlow());
        }
      }
      if (!customElements.get('slow-add-funds-dialog')) customElements.define('slow-add-funds-dialog', SlowAddFundsDialog);
      const client = readyClient();
      const el = await fixture<SlowAddFundsDialog>(
        html`<slow-add-funds-dialog
          .client=${client}
          .paymentProvider=${new TestCardPaymentProvider()}
          .timing=${FAST}
        ></slow-add-funds-dialog>`,
      );
      el.show();
      // Not updateComplete: it waits for the form, which is the point here.
      await until(() => el.shadowRoot!.querySelector('dialog')?.open === true, 'a dialog opened at once');
      expect(partText(el, 'loading')).to.equal('Loading the payment form…');
      expect(partText(el, 'title')).to.equal('Add funds');
      expect(payButton(el)).to.equal(null);
      await expect(el).to.be.accessible();

      el.release();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('dialog')!.open).to.equal(true);
      await until(() => part(el, 'pay-button') !== null, 'form ready');
      expect(partText(el, 'loading')).to.equal('');
      expect(activeIn(el) === formRoot(el).querySelector('input[name="preset"]:checked'), 'focus in the amount').to.equal(true);
      expect(client.charges).to.have.length(0);
    });

    it('opened with show() right after it was created, before any idle prefetch, shows the amount form once updateComplete resolves', async () => {
      const tab = await renderTab({ open: false });
      await until(() => tab.store.account.value !== undefined, 'account loaded');
      const el = document.createElement('add-funds-dialog');
      el.timing = FAST;
      tab.dialog.parentElement!.append(el);
      el.show();
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('dialog')?.open).to.equal(true);
      expect(parts(el, 'preset').length).to.be.greaterThan(0);
      expect(part(el, 'custom-amount')).to.not.equal(null);
      expect(partText(el, 'preview')).to.match(/^New balance: /);
      expect(activeIn(el), 'focus in the amount').to.equal(formRoot(el).querySelector('input[name="preset"]:checked'));
      expect(tab.client.charges).to.have.length(0);
    });
  });

  // Reported from an end-to-end run: after one payment with a new card, "Use a new card" showed an empty box.
  describe('the card entry, mounted again', () => {
    interface CountedEntry {
      entry: CardEntry;
      destroyed: number;
    }

    /** Wraps a provider to count each card entry's destroy() calls: 0 once it left the page is a leak. */
    function countingEntries(inner: PaymentProvider): { provider: PaymentProvider; entries: CountedEntry[] } {
      const entries: CountedEntry[] = [];
      const provider: PaymentProvider = {
        id: inner.id,
        testMode: inner.testMode,
        async mountCardEntry(container, options) {
          const entry = await inner.mountCardEntry(container, options);
          const counted = { entry, destroyed: 0 };
          entries.push(counted);
          const destroy = entry.destroy.bind(entry);
          entry.destroy = () => {
            counted.destroyed += 1;
            destroy();
          };
          return entry;
        },
        handleNextAction: (nextAction, options) => inner.handleNextAction(nextAction, options),
      };
      return { provider, entries };
    }

    /** The test card forms a person can see in the card-entry box. */
    function shownTestCardForms(el: AddFundsDialog): Element[] {
      return [...part(el, 'card-entry')!.querySelectorAll('.billing-test-card-entry')].filter((form) => form.getClientRects().length > 0);
    }

    /** A Stripe.js stand-in for the Payment Element's life cycle: each element's field, and how often it was destroyed. */
    function fakeStripeElements(): { provider: StripePaymentProvider; mounted: Array<{ field: HTMLElement; destroyed: number }> } {
      const mounted: Array<{ field: HTMLElement; destroyed: number }> = [];
      const stripe = {
        elements: () => ({
          create: () => {
            const handlers = new Map<string, Array<() => void>>();
            const record = { field: document.createElement('div'), destroyed: 0 };
            record.field.className = 'fake-payment-element';
            record.field.style.blockSize = '40px';
            const paymentElement = {
              mount(mountPoint: HTMLElement) {
                mountPoint.append(record.field);
                mounted.push(record);
                setTimeout(() => handlers.get('ready')?.forEach((handler) => handler()), 0);
              },
              on(eventType: string, handler: () => void) {
                handlers.set(eventType, [...(handlers.get(eventType) ?? []), handler]);
                return paymentElement;
              },
              focus() {},
              destroy() {
                record.destroyed += 1;
                record.field.remove();
              },
            };
            return paymentElement;
          },
          update: () => {},
          submit: () => Promise.resolve({}),
        }),
        // The mock backend accepts test card tokens only.
        createConfirmationToken: () => Promise.resolve({ confirmationToken: { id: 'test_card_4242424242424242' } }),
        handleNextAction: () => Promise.resolve({}),
      };
      const provider = new StripePaymentProvider({ publishableKey: 'pk_test_fake', loadStripe: () => Promise.resolve(stripe as never) });
      return { provider, mounted };
    }

    it('after a payment with a new card, reopening and choosing "Use a new card" shows a new card entry that pays', async () => {
      const { provider, entries } = countingEntries(new TestCardPaymentProvider({ autoCompleteChallenge: 'succeed' }));
      const tab = await renderTab({ provider });
      const el = tab.dialog;
      await enterNewCard(el, '4242424242424242');
      await payAndSettle(tab);
      expect(part(el, 'success')).to.not.equal(null);
      part(el, 'done-button')!.click();
      await until(() => !el.open, 'closed');
      await openDialog(el);
      await enterNewCard(el, '5555555555554444');
      expect(shownTestCardForms(el)).to.have.length(1);
      expect(entries.map((counted) => counted.destroyed)).to.deep.equal([1, 0]);
      await payAgainAndSettle(tab);
      expect(part(el, 'success')).to.not.equal(null);
      expect(tab.spy.creates.map((request) => request.source)).to.deep.equal([
        { type: 'new_card', providerToken: newCardToken('4242424242424242'), saveCard: true },
        { type: 'new_card', providerToken: newCardToken('5555555555554444'), saveCard: true },
      ]);
      expect(tab.client.charges).to.have.length(2);
      // The success view has no card form: that entry goes too, once.
      await until(() => entries[1]!.destroyed > 0, 'the second card entry destroyed');
      expect(entries.map((counted) => counted.destroyed)).to.deep.equal([1, 1]);
    });

    it('a saved card, then "Use a new card" again: the same card entry, with what was typed', async () => {
      const { provider, entries } = countingEntries(new TestCardPaymentProvider());
      const tab = await renderTab({ provider });
      const el = tab.dialog;
      await enterNewCard(el, '4242424242424242');
      choose(methodRadio(el, /Visa ending in 4242/));
      await el.updateComplete;
      expect(shownTestCardForms(el)).to.have.length(0);
      choose(methodRadio(el, /Use a new card/));
      await el.updateComplete;
      const forms = shownTestCardForms(el);
      expect(forms).to.have.length(1);
      expect((forms[0]!.shadowRoot!.getElementById('card-number') as HTMLInputElement).value).to.equal('4242 4242 4242 4242');
      expect(entries.map((counted) => counted.destroyed)).to.deep.equal([0]);
      await payAndSettle(tab);
      expect(tab.spy.creates[0]!.source).to.deep.include({ type: 'new_card', providerToken: newCardToken('4242424242424242') });
      expect(tab.client.charges).to.have.length(1);
    });

    it('closing with the card entry shown destroys it once; reopening mounts a new one, and removing the dialog destroys that', async () => {
      const { provider, entries } = countingEntries(new TestCardPaymentProvider());
      const tab = await renderTab({ provider });
      const el = tab.dialog;
      await enterNewCard(el, '4242424242424242');
      el.close();
      await until(() => entries[0]?.destroyed === 1, 'the card entry destroyed on closing');
      expect(part(el, 'card-entry')!.querySelector('.billing-test-card-entry')).to.equal(null);
      await openDialog(el);
      choose(methodRadio(el, /Use a new card/));
      await until(() => shownTestCardForms(el).length === 1, 'a card entry shown again');
      expect(entries.map((counted) => counted.destroyed)).to.deep.equal([1, 0]);
      // Nothing typed before closing is kept.
      expect((shownTestCardForms(el)[0]!.shadowRoot!.getElementById('card-number') as HTMLInputElement).value).to.equal('');
      await enterNewCard(el, '4242424242424242');
      await payAndSettle(tab);
      expect(tab.client.charges).to.have.length(1);
      el.remove();
      expect(entries.map((counted) => counted.destroyed)).to.deep.equal([1, 1]);
    });

    it('paying a different way after an unconfirmed new-card payment shows a new card entry', async () => {
      const { provider, entries } = countingEntries(new TestCardPaymentProvider());
      const tab = await renderTab({ provider });
      const el = tab.dialog;
      await enterNewCard(el, '4242424242424242');
      tab.client.failNext('createTopUp', FAST.retryDelaysMs.length + 1, 'network');
      await payAndSettle(tab);
      await until(() => part(el, 'unconfirmed') !== null, 'unconfirmed');
      part(el, 'pay-differently-button')!.click();
      await until(() => part(el, 'pay-differently-confirm-button') !== null, 'warning');
      part(el, 'pay-differently-confirm-button')!.click();
      await until(() => part(el, 'custom-amount') !== null, 'the form again');
      await enterNewCard(el, '5555555555554444');
      expect(shownTestCardForms(el)).to.have.length(1);
      expect(entries.map((counted) => counted.destroyed)).to.deep.equal([1, 0]);
      await payAndSettle(tab);
      await until(() => part(el, 'success') !== null, 'success');
      expect(tab.spy.creates.at(-1)!.source).to.deep.include({ providerToken: newCardToken('5555555555554444') });
      expect(tab.client.charges).to.have.length(1);
      await until(() => entries[1]!.destroyed > 0, 'the second card entry destroyed');
      expect(entries.map((counted) => counted.destroyed)).to.deep.equal([1, 1]);
    });

    it('with Stripe: a new Payment Element after a payment, shown through a slot in the card-entry box; the old one and its outlet are gone', async () => {
      const { provider, mounted } = fakeStripeElements();
      const tab = await renderTab({ provider });
      const el = tab.dialog;
      const shown = () => mounted.filter((record) => record.field.getClientRects().length > 0);
      choose(methodRadio(el, /Use a new card/));
      await until(() => part(el, 'save-card') !== null, 'Payment Element ready');
      expect(shown()).to.have.length(1);
      await payAndSettle(tab);
      expect(part(el, 'success')).to.not.equal(null);
      part(el, 'done-button')!.click();
      await until(() => !el.open, 'closed');
      await openDialog(el);
      choose(methodRadio(el, /Use a new card/));
      await until(() => mounted.length === 2 && part(el, 'save-card') !== null, 'a second Payment Element ready');
      expect(mounted.map((record) => record.destroyed)).to.deep.equal([1, 0]);
      expect(shown()).to.have.length(1);
      expect(shown()[0]).to.equal(mounted[1]);
      const outlets = [...el.querySelectorAll('.billing-card-entry-outlet')];
      expect(outlets).to.have.length(1);
      // The outlet on the page is slotted into one in the form's light DOM, which is slotted into the card-entry box.
      const inner = outlets[0]!.assignedSlot!.closest('.billing-card-entry-outlet')!;
      expect(el.shadowRoot!.contains(inner)).to.equal(true);
      expect(part(el, 'card-entry')!.contains(inner.assignedSlot)).to.equal(true);
      await payAgainAndSettle(tab);
      expect(tab.client.charges).to.have.length(2);
      el.remove();
      expect(mounted.map((record) => record.destroyed)).to.deep.equal([1, 1]);
      expect(el.querySelectorAll('.billing-card-entry-outlet')).to.have.length(0);
    });
  });
});

describe('<add-funds-dialog> (issue 13)', () => {
  failOnUnhandledRejections(fixtureCleanup);

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** The "Add funds" button on the balance, once drawn. */
  async function addFundsButton(tab: Tab): Promise<HTMLButtonElement> {
    const find = () => tab.balance.shadowRoot!.querySelector<HTMLButtonElement>('[part~="add-funds-button"]');
    await until(() => find() !== null, 'the Add funds button');
    return find()!;
  }

  /** The element that has focus, through shadow roots. */
  function focused(): Element | null {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  }

  describe('Enter pays only from the amount field or Pay', () => {
    it('typing 13.13 and pressing Enter 12 times, 250 ms apart, makes one top-up', async function () {
      this.timeout(20000);
      const tab = await renderTab({ open: false });
      const el = tab.dialog;
      tab.client.setLatency(20);
      (await addFundsButton(tab)).focus();
      await sendKeys({ press: 'Enter' });
      await until(() => el.shadowRoot!.querySelector('dialog')?.open === true && part(el, 'pay-button') !== null, 'the dialog open');
      await until(() => parts(el, 'method').some((method) => method.querySelector('input')!.checked), 'a card chosen');
      (part(el, 'custom-amount') as HTMLInputElement).focus();
      await sendKeys({ type: '13.13' });
      await el.updateComplete;
      expect(partText(el, 'pay-button')).to.equal('Pay $13.13');
      for (let press = 0; press < 12; press += 1) {
        await sendKeys({ press: 'Enter' });
        await sleep(250);
      }
      await until(() => tab.store.activeTopUp?.settled !== false, 'nothing in flight');
      // The chain: Enter pays → Done → Enter closes → Add funds → Enter reopens on a preset → Enter there pays nothing.
      expect(tab.spy.creates.map((request) => request.amount.amount)).to.deep.equal([1313]);
      expect(tab.client.charges.map((charge) => charge.amount.amount)).to.deep.equal([1313]);
      expect(el.open).to.equal(true);
      expect(focused()?.getAttribute('name')).to.equal('preset');
    });

    it('Enter on a card radio or the "save" checkbox never submits', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      methodRadio(el, /Visa ending in 4242/).focus();
      await sendKeys({ press: 'Enter' });
      await enterNewCard(el, '4242424242424242');
      await until(() => part(el, 'save-card') !== null, 'save checkbox');
      part(el, 'save-card')!.querySelector('input')!.focus();
      await sendKeys({ press: 'Enter' });
      await sleep(50);
      expect(eventsOf(tab, 'billing-before-pay')).to.have.length(0);
      expect(tab.spy.creates).to.have.length(0);
      // Enter in the amount field still pays.
      (part(el, 'custom-amount') as HTMLInputElement).focus();
      await sendKeys({ press: 'Enter' });
      await until(() => settledAttempt(tab), 'payment outcome');
      expect(tab.client.charges).to.have.length(1);
    });
  });

  describe('the same amount again soon after', () => {
    it('asks "You added $50.00 1 minute ago. Add another $50.00?" in the dialog, and charges nothing until confirmed', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      await payAndSettle(tab);
      part(el, 'done-button')!.click();
      await until(() => !el.open, 'closed');
      await openDialog(el);
      payButton(el).click();
      await until(() => part(el, 'repeat-warning') !== null, 'the question');
      await el.updateComplete;
      expect(partText(el, 'repeat-warning')).to.equal('You added $50.00 1 minute ago. Add another $50.00?');
      expect(partText(el, 'repeat-confirm-button')).to.equal('Add another $50.00');
      expect(partText(el, 'repeat-back-button')).to.equal('Go back');
      expect(payButton(el)).to.equal(null);
      // Focus on the question, not its button: an Enter still repeating answers nothing.
      expect(activeIn(el)).to.equal(part(el, 'repeat-warning'));
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Enter' });
      await sleep(30);
      expect(tab.spy.creates).to.have.length(1);
      expect(eventsOf(tab, 'billing-before-pay')).to.have.length(1);

      part(el, 'repeat-back-button')!.click();
      await el.updateComplete;
      expect(part(el, 'repeat-warning')).to.equal(null);
      expect(partText(el, 'pay-button')).to.equal('Pay $50.00');
      expect(activeIn(el)?.getAttribute('name')).to.equal('preset');
      expect(tab.spy.creates).to.have.length(1);

      // Another amount is not a repeat; the last one again asks, and once confirmed pays.
      await typeAmount(el, '75');
      payButton(el).click();
      await until(() => settledAttempt(tab), 'the $75.00 payment');
      part(el, 'done-button')!.click();
      await until(() => !el.open, 'closed');
      await openDialog(el);
      await typeAmount(el, '75');
      await payAgainAndSettle(tab);
      expect(tab.client.charges.map((charge) => charge.amount.amount)).to.deep.equal([5000, 7500, 7500]);
    });

    it('holds for a second dialog on the store, words the time in the locale, ends with repeatWindow, and repeat-window="0" turns it off', async () => {
      const tab = await renderTab({ dialogs: 2 });
      const [first, second] = tab.dialogs as [AddFundsDialog, AddFundsDialog];
      await payAndSettle(tab, first);
      part(first, 'done-button')!.click();
      await until(() => !first.open, 'closed');
      await openDialog(second);
      payButton(second).click();
      await until(() => part(second, 'repeat-warning') !== null, 'the question in the second dialog');
      part(second, 'repeat-back-button')!.click();
      await second.updateComplete;
      expect(tab.client.charges).to.have.length(1);

      second.locale = 'de';
      tab.store.noteSucceededTopUp({ amount: 5000, currency: 'USD' }, Date.now() - 3 * 60_000);
      payButton(second).click();
      await until(() => part(second, 'repeat-warning') !== null, 'the question in German');
      await second.updateComplete;
      expect(partText(second, 'repeat-warning')).to.equal('Sie haben vor 3 Minuten 50,00 $ aufgeladen. Noch einmal 50,00 $ aufladen?');
      part(second, 'repeat-back-button')!.click();
      await second.updateComplete;

      // Older than the window (10 minutes by default): no question.
      tab.store.noteSucceededTopUp({ amount: 5000, currency: 'USD' }, Date.now() - 11 * 60_000);
      payButton(second).click();
      await until(() => settledAttempt(tab), 'the second payment');
      expect(tab.client.charges).to.have.length(2);
      part(second, 'done-button')!.click();
      await until(() => !second.open, 'closed');

      // An unreadable window keeps the default: still asked.
      second.setAttribute('repeat-window', 'soon');
      await openDialog(second);
      payButton(second).click();
      await until(() => part(second, 'repeat-warning') !== null, 'asked with repeat-window="soon"');
      part(second, 'repeat-back-button')!.click();
      await second.updateComplete;
      expect(tab.client.charges).to.have.length(2);
      second.close();
      await second.updateComplete;

      second.setAttribute('repeat-window', '0');
      await openDialog(second);
      expect(second.repeatWindow).to.equal(0);
      payButton(second).click();
      await until(() => settledAttempt(tab), 'the third payment');
      expect(tab.client.charges).to.have.length(3);
    });
  });

  describe('closing while a payment is in flight', () => {
    it('offers no Cancel, only "Close — the payment continues"; Escape names that button; the payment stays in the store', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      // The backend answers when the test says so (axe takes its time).
      let answer!: () => void;
      const answered = new Promise<void>((resolve) => (answer = resolve));
      const create = tab.client.createTopUp.bind(tab.client);
      tab.client.createTopUp = async (request, options) => {
        await answered;
        return create(request, options);
      };
      payButton(el).click();
      await el.updateComplete;
      expect(part(el, 'cancel-button')).to.equal(null);
      expect(partText(el, 'close-while-paying-button')).to.equal('Close — the payment continues');
      // The × says the same to a screen reader (and on hover).
      expect(part(el, 'close-button')!.getAttribute('aria-label')).to.equal('Close — the payment continues');
      await sendKeys({ press: 'Escape' });
      await el.updateComplete;
      expect(el.open).to.equal(true);
      expect(partText(el, 'status')).to.contain(
        `You can close this window with “${partText(el, 'close-while-paying-button')}”; the payment carries on.`,
      );
      await expect(el).to.be.accessible();

      part(el, 'close-while-paying-button')!.click();
      await until(() => !el.open, 'closed');
      const inFlight = tab.store.activeTopUp;
      expect(inFlight?.settled).to.equal(false);
      expect(tab.client.charges).to.have.length(0);
      answer();
      await until(() => settledAttempt(tab), 'outcome');
      // Kept, with its outcome, for whoever shows it next (the balance, or the dialog reopened).
      expect(tab.store.activeTopUp).to.equal(inFlight);
      expect(tab.client.charges).to.have.length(1);
      expect(eventsOf(tab, 'billing-funds-added')).to.have.length(1);
    });

    it('while checking an unconfirmed payment again: the same way out instead of "Pay a different way"', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      await loseEveryAnswer(tab);
      tab.client.setLatency(300);
      part(el, 'check-again-button')!.click();
      await el.updateComplete;
      expect(part(el, 'pay-differently-button')).to.equal(null);
      expect(partText(el, 'close-while-paying-button')).to.equal('Close — the payment continues');
      await until(() => part(el, 'success') !== null, 'success');
      expect(tab.client.charges).to.have.length(1);
    });
  });

  describe('the card charged', () => {
    it('a new card reads "Visa ••3155" (from the test-card entry), before and after paying', async () => {
      const tab = await renderTab();
      const el = tab.dialog;
      tab.client.setLatency(100);
      await enterNewCard(el, '4000002500003155');
      payButton(el).click();
      await until(() => partText(el, 'status').includes('Visa ••3155'), 'the status names the card');
      await until(() => settledAttempt(tab), 'outcome');
      await el.updateComplete;
      expect(normalise(part(el, 'success')!.textContent)).to.contain('$50.00 was added to your balance with Visa ••3155.');
      expect(normalise(part(el, 'success')!.textContent)).not.to.contain('Use a new card');
    });

    it('a provider that reports no card: the saved card the backend charged, else "a new card"', async () => {
      const inner = new TestCardPaymentProvider({ autoCompleteChallenge: 'succeed' });
      const quiet: PaymentProvider = {
        id: 'quiet',
        testMode: true,
        handleNextAction: (action, options) => inner.handleNextAction(action, options),
        mountCardEntry: async (container, options) => {
          const entry = await inner.mountCardEntry(container, options);
          return Object.assign(Object.create(entry) as CardEntry, {
            tokenize: async (tokenizeOptions?: Parameters<CardEntry['tokenize']>[0]) => {
              const result = await entry.tokenize(tokenizeOptions);
              return result.ok ? { ok: true as const, providerToken: result.providerToken } : result;
            },
            onChange: entry.onChange.bind(entry),
            update: entry.update.bind(entry),
            focus: entry.focus.bind(entry),
            destroy: entry.destroy.bind(entry),
          });
        },
      };
      const tab = await renderTab({ provider: quiet });
      const el = tab.dialog;
      await enterNewCard(el, '5555555555554444');
      await payAndSettle(tab);
      await until(() => normalise(part(el, 'success')?.textContent).includes('with Mastercard ••4444.'), 'the saved card named');
      part(el, 'done-button')!.click();
      await until(() => !el.open, 'closed');
      await openDialog(el);
      await typeAmount(el, '20');
      await enterNewCard(el, '4242424242424242');
      (part(el, 'save-card')!.querySelector('input') as HTMLInputElement).click();
      await el.updateComplete;
      await payAndSettle(tab);
      expect(normalise(part(el, 'success')!.textContent)).to.contain('$20.00 was added to your balance with a new card.');
    });
  });

  describe('a failed 3-D Secure check', () => {
    for (const locale of ['en', 'de', 'fr', 'ja', 'ar']) {
      it(`says what to do once (${locale})`, async () => {
        const tab = await renderTab({ provider: new TestCardPaymentProvider({ autoCompleteChallenge: 'fail' }) });
        const el = tab.dialog;
        el.locale = locale;
        await el.updateComplete;
        tab.client.setCardBehaviour(VISA, 'requires_authentication');
        await payAndSettle(tab);
        const text = partText(el, 'error');
        if (locale === 'en') {
          expect(text).to.equal(
            'Payment declined. Your bank could not confirm this payment. Nothing was charged. Try another card, or try again.',
          );
        }
        // The title, the bank's reason, "nothing was charged", what to do: four sentences, none said twice.
        const sentences = text.split(/(?<=[.。])\s*/).filter((sentence) => sentence.trim() !== '');
        expect(sentences, text).to.have.length(4);
        expect(tab.client.charges).to.have.length(0);
      });
    }
  });
});

describe('<add-funds-dialog> stories show the state they are named after', () => {
  afterEach(() => fixtureCleanup());

  const expectations: Array<[keyof typeof stories, (el: AddFundsDialog) => boolean]> = [
    ['Presets', (el) => partText(el, 'preview') === 'New balance: $92.50'],
    ['CustomAmount', (el) => partText(el, 'preview') === 'New balance: $62.50'],
    ['ValidationError', (el) => partText(el, 'amount-error') === 'The minimum top-up is $10.00.'],
    ['SavedCards', (el) => parts(el, 'method').length === 4],
    ['NewCard', (el) => part(el, 'card-entry')!.querySelector('.billing-test-card-entry') !== null],
    [
      'Processing',
      (el) => partText(el, 'pay-button') === 'Processing…' && partText(el, 'close-while-paying-button') === 'Close — the payment continues',
    ],
    ['ProcessingAfterEscape', (el) => partText(el, 'status').includes('You can close this window with “Close — the payment continues”')],
    ['RepeatConfirm', (el) => partText(el, 'repeat-warning') === 'You added $50.00 1 minute ago. Add another $50.00?'],
    ['ThreeDSecure', (el) => part(el, 'challenge')!.querySelector('.billing-test-card-challenge') !== null],
    ['Declined', (el) => partText(el, 'error').includes(DECLINE_MESSAGES.insufficient_funds)],
    ['Success', (el) => part(el, 'success') !== null],
    ['StripeUnavailable', (el) => partText(el, 'card-entry-error') === CARD_ENTRY_UNAVAILABLE_MESSAGE],
  ];
  for (const [name, shows] of expectations) {
    it(name, async () => {
      const container = await fixture<HTMLDivElement>(html`<div></div>`);
      await renderStory(stories.default as Meta, stories[name] as StoryObj, name, container);
      const el = container.querySelector('add-funds-dialog')!;
      await until(() => el.shadowRoot?.querySelector('dialog')?.open === true && shows(el), `${name} state`);
    });
  }
});

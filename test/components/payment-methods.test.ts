// <payment-methods> as a person meets it: the list and its tags, remove with confirmation (and the auto-recharge warning),
// make default, add a card without a charge, one request per press, failures with Try again, keyboard, a hostile backend.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { RequestOptions } from '../../src/client/billing-client.js';
import type { PaymentMethod } from '../../src/client/schemas.js';
import {
  DefaultPaymentMethodChangedEvent,
  PaymentMethodAddedEvent,
  PaymentMethodRemovedEvent,
} from '../../src/components/payment-methods/events.js';
import type { PaymentMethodsElement } from '../../src/components/payment-methods/payment-methods.js';
import { formatCardExpiry } from '../../src/payments/card-expiry.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import type { AutoRechargeFixtureClient } from '../../stories/auto-recharge-settings.stories.js';
import { VISA_ID, part, paymentMethodsClient, untilCard, untilPart } from '../../stories/payment-methods.stories.js';
import { normalise, until } from '../helpers/dom.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';

async function render(client: AutoRechargeFixtureClient, locale = 'en-US'): Promise<PaymentMethodsElement> {
  const el = await fixture<PaymentMethodsElement>(
    html`<payment-methods locale=${locale} .client=${client} .paymentProvider=${new TestCardPaymentProvider()}></payment-methods>`,
  );
  await untilPart(el, 'list');
  return el;
}

function rowText(row: HTMLElement): string {
  return normalise(row.querySelector('.card-main')?.textContent);
}

function liveRegion(el: PaymentMethodsElement): string {
  return normalise(el.shadowRoot!.querySelector('[aria-live="polite"]')?.textContent);
}

function button(row: ParentNode, name: string): HTMLElement {
  const found = row.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

function activePart(el: PaymentMethodsElement): string | null {
  return el.shadowRoot!.activeElement?.getAttribute('part') ?? null;
}

/** Counts calls of a client method and can hold its answers until released. */
function spy(client: AutoRechargeFixtureClient, method: 'removePaymentMethod' | 'setDefaultPaymentMethod') {
  const original = client[method].bind(client);
  const state = { calls: 0, hold: undefined as Promise<void> | undefined };
  client[method] = async (id: string, options?: RequestOptions) => {
    state.calls += 1;
    if (state.hold) await state.hold;
    return original(id, options);
  };
  return state;
}

describe('<payment-methods>', () => {
  failOnUnhandledRejections(() => fixtureCleanup());

  it('lists each card with brand, last 4, one expiry format, the default, the auto-recharge card, "Expires soon" and "Expired"', async () => {
    const el = await render(paymentMethodsClient({ enabled: true }));
    const visa = await untilCard(el, '4242');
    const soon = await untilCard(el, '3155');
    const expired = await untilCard(el, '4444');
    const cards = await el.client!.listPaymentMethods();
    const expiry = (last4: string) =>
      formatCardExpiry(
        cards.find((card) => card.last4 === last4)!,
        'en-US',
      );
    expect(rowText(visa)).to.equal(`Visa ••4242 Expires ${expiry('4242')} Default Automatic recharge Remove`);
    expect(rowText(soon)).to.equal(`Visa ••3155 Expires ${expiry('3155')} Expires soon Make default Remove`);
    expect(rowText(expired)).to.equal(`Mastercard ••4444 Expired ${expiry('4444')} Expired Remove`);
    expect(expiry('4242')).to.match(/^\d\d\/\d{4}$/);
    await expect(el).to.be.accessible();
  });

  it('does not tag a card for automatic recharge while automatic recharge is off', async () => {
    const el = await render(paymentMethodsClient({ enabled: false }));
    await untilCard(el, '4242');
    expect(part(el, 'auto-recharge-tag')).to.equal(null);
  });

  it('asks before removing, puts focus on Cancel, and Cancel removes nothing', async () => {
    const client = paymentMethodsClient({ enabled: true });
    const calls = spy(client, 'removePaymentMethod');
    const el = await render(client);
    button(await untilCard(el, '3155'), 'remove-button').click();
    const confirm = await untilPart(el, 'confirm');
    expect(normalise(confirm.textContent)).to.contain('Remove Visa ••3155? You can add it again later.');
    expect(part(el, 'confirm-warning')).to.equal(null);
    await until(() => activePart(el) === 'cancel-button', 'focus on Cancel');
    await expect(el).to.be.accessible();
    button(confirm, 'cancel-button').click();
    await until(() => part(el, 'confirm') === null, 'confirmation closed');
    await until(() => activePart(el) === 'remove-button', 'focus back on Remove');
    expect(calls.calls).to.equal(0);
    expect(await client.listPaymentMethods()).to.have.length(3);
  });

  it('removes a card once confirmed: the list, the event and the live region say so', async () => {
    const client = paymentMethodsClient({ enabled: true });
    const el = await render(client);
    const events: PaymentMethodRemovedEvent[] = [];
    el.addEventListener('billing-payment-method-removed', (event) => events.push(event));
    button(await untilCard(el, '3155'), 'remove-button').click();
    button(await untilPart(el, 'confirm'), 'confirm-remove-button').click();
    await until(() => el.shadowRoot!.querySelectorAll('[part~="card"]').length === 2, 'two cards left');
    expect(events).to.have.length(1);
    expect(events[0]).to.be.instanceOf(PaymentMethodRemovedEvent);
    expect(events[0]!.paymentMethod.last4).to.equal('3155');
    expect(events[0]!.autoRechargeTurnedOff).to.equal(false);
    expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    expect(liveRegion(el)).to.equal('Visa ••3155 removed.');
    expect((await client.listPaymentMethods()).map((card) => card.last4)).to.not.include('3155');
  });

  it('warns before removing the auto-recharge card, and automatic recharge is off afterwards, in every widget', async () => {
    const client = paymentMethodsClient({ enabled: true });
    const el = await fixture<PaymentMethodsElement>(
      html`<billing-provider .client=${client}>
        <payment-methods locale="en-US"></payment-methods>
        <auto-recharge-settings locale="en-US"></auto-recharge-settings>
      </billing-provider>`,
    ).then((provider) => provider.querySelector('payment-methods')!);
    const events: PaymentMethodRemovedEvent[] = [];
    el.addEventListener('billing-payment-method-removed', (event) => events.push(event));
    button(await untilCard(el, '4242'), 'remove-button').click();
    const warning = await untilPart(el, 'confirm-warning');
    expect(normalise(warning.textContent)).to.equal(
      'Automatic recharge uses Visa ••4242. If you remove it, automatic recharge will be turned off until you choose another card for it.',
    );
    expect(normalise(part(el, 'confirm')!.textContent)).to.contain('the most recently added card left becomes the default');
    await expect(el).to.be.accessible();
    button(part(el, 'confirm')!, 'confirm-remove-button').click();
    await until(() => events.length === 1, 'removed');
    expect(events[0]!.autoRechargeTurnedOff).to.equal(true);
    const settings = await client.getAutoRecharge();
    expect(settings.enabled).to.equal(false);
    expect(settings.disabledCause?.code).to.equal('payment_method_removed');
    expect(liveRegion(el)).to.equal('Visa ••4242 removed. Automatic recharge is now off.');
    // The other widget hears it through the store: its switch is off.
    const autoRecharge = el.parentElement!.querySelector('auto-recharge-settings')!;
    await until(() => autoRecharge.shadowRoot?.querySelector('[part~="switch"]')?.getAttribute('aria-checked') === 'false', 'switch off');
    // The most recently added card left (Visa ••3155) is the default now.
    await until(() => rowText(el.shadowRoot!.querySelector('[part~="card"]')!).includes('Default'), 'a new default');
    expect(normalise(part(el, 'default-tag')!.closest('[part~="card"]')!.querySelector('[part~="card-name"]')!.textContent)).to.equal(
      'Visa ••3155',
    );
  });

  it('makes another card the default: one request, the tag moves, the event names it', async () => {
    const client = paymentMethodsClient({ enabled: true });
    const calls = spy(client, 'setDefaultPaymentMethod');
    const el = await render(client);
    const events: DefaultPaymentMethodChangedEvent[] = [];
    el.addEventListener('billing-default-payment-method-changed', (event) => events.push(event));
    button(await untilCard(el, '3155'), 'make-default-button').click();
    await until(() => events.length === 1, 'changed');
    expect(calls.calls).to.equal(1);
    expect(events[0]!.paymentMethod.last4).to.equal('3155');
    expect(events[0]!.paymentMethod.isDefault).to.equal(true);
    expect(rowText(await untilCard(el, '3155'))).to.contain('Default');
    expect(rowText(await untilCard(el, '4242'))).to.not.contain('Default');
    expect(liveRegion(el)).to.equal('Visa ••3155 is now your default card.');
  });

  it('sends one request for a double click and for repeated presses while a change runs, and shows progress', async () => {
    const client = paymentMethodsClient({ enabled: true });
    const removes = spy(client, 'removePaymentMethod');
    const defaults = spy(client, 'setDefaultPaymentMethod');
    let release = () => {};
    removes.hold = new Promise<void>((resolve) => (release = resolve));
    const el = await render(client);
    button(await untilCard(el, '3155'), 'remove-button').click();
    const confirmButton = button(await untilPart(el, 'confirm'), 'confirm-remove-button');
    confirmButton.click();
    confirmButton.click();
    confirmButton.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    await el.updateComplete;
    // While the removal runs, no other change starts either.
    button(await untilCard(el, '4242'), 'remove-button').click();
    (await untilCard(el, '4444')).querySelector<HTMLElement>('[part~="make-default-button"]')?.click();
    await el.updateComplete;
    expect(normalise(confirmButton.textContent)).to.equal('Removing…');
    expect((await untilCard(el, '3155')).getAttribute('aria-busy')).to.equal('true');
    expect(removes.calls).to.equal(1);
    expect(defaults.calls).to.equal(0);
    // A slow backend: after a few seconds the row says so.
    await untilPart(el, 'progress', 5000);
    expect(normalise(part(el, 'progress')!.textContent)).to.equal('This is taking longer than usual…');
    release();
    await until(() => el.shadowRoot!.querySelectorAll('[part~="card"]').length === 2, 'removed');
    expect(removes.calls).to.equal(1);
    expect(part(el, 'progress')).to.equal(null);
  });

  it('says why a change failed, keeps the card, and Try again sends the same change', async () => {
    const client = paymentMethodsClient({ enabled: true });
    client.failNext('removePaymentMethod', 1, 'network');
    const el = await render(client);
    button(await untilCard(el, '3155'), 'remove-button').click();
    button(await untilPart(el, 'confirm'), 'confirm-remove-button').click();
    const error = await untilPart(el, 'error');
    expect(normalise(error.textContent)).to.match(/^We couldn't remove Visa ••3155\. .+ Try again$/);
    expect(normalise(error.textContent)).to.not.contain('NaN');
    expect(rowText(await untilCard(el, '3155'))).to.contain('Visa ••3155');
    await until(() => activePart(el) === 'retry-button', 'focus on Try again');
    await expect(el).to.be.accessible();
    button(error, 'retry-button').click();
    await until(() => el.shadowRoot!.querySelectorAll('[part~="card"]').length === 2, 'removed on retry');
    expect(part(el, 'error')).to.equal(null);
  });

  it('shows the cards as they are now when a change fails because the card was removed elsewhere', async () => {
    const client = paymentMethodsClient({ enabled: true });
    // A backend without a change feed: nothing tells the widget about the removal below.
    client.subscribe = () => () => undefined;
    const el = await render(client);
    const row = await untilCard(el, '3155');
    // Someone removes it in another tab: this widget still lists it.
    const cards = await client.listPaymentMethods();
    await client.removePaymentMethod(cards.find((card) => card.last4 === '3155')!.id);
    button(row, 'make-default-button').click();
    await until(() => el.shadowRoot!.querySelectorAll('[part~="card"]').length === 2, 'the list as it is now');
    expect(rowText(await untilCard(el, '4242'))).to.contain('Default');
    expect(part(el, 'error')).to.equal(null);
  });

  it('works from the keyboard alone: Enter opens the confirmation, a second Enter only cancels, Escape closes, Enter confirms', async () => {
    const client = paymentMethodsClient({ enabled: true });
    const removes = spy(client, 'removePaymentMethod');
    const el = await render(client);
    const remove = button(await untilCard(el, '3155'), 'remove-button');
    remove.focus();
    await sendKeys({ press: 'Enter' });
    await untilPart(el, 'confirm');
    await until(() => activePart(el) === 'cancel-button', 'focus on Cancel');
    // Pressing Enter again (a double press) lands on Cancel: nothing is removed.
    await sendKeys({ press: 'Enter' });
    await until(() => part(el, 'confirm') === null, 'closed by Enter on Cancel');
    await until(() => activePart(el) === 'remove-button', 'focus back on Remove');
    expect(removes.calls).to.equal(0);
    await sendKeys({ press: 'Space' });
    await untilPart(el, 'confirm');
    await sendKeys({ press: 'Escape' });
    await until(() => part(el, 'confirm') === null, 'closed by Escape');
    await sendKeys({ press: 'Enter' });
    await until(() => activePart(el) === 'cancel-button', 'focus on Cancel again');
    await sendKeys({ press: 'Shift+Tab' });
    expect(activePart(el)).to.equal('confirm-remove-button');
    await sendKeys({ press: 'Enter' });
    await until(() => el.shadowRoot!.querySelectorAll('[part~="card"]').length === 2, 'removed');
    expect(removes.calls).to.equal(1);
    // Focus stays in the list: on the card that took the removed one's place.
    await until(() => activePart(el) === 'remove-button', 'focus on the next card');
  });

  it('adds a card without charging it and says so', async () => {
    const client = paymentMethodsClient({ enabled: true });
    const el = await render(client);
    const added: PaymentMethodAddedEvent[] = [];
    el.addEventListener('billing-payment-method-added', (event) => added.push(event));
    (await untilPart(el, 'add-card-button')).click();
    const entry = await untilPart(el, 'card-entry');
    await until(() => !!entry.querySelector('.billing-test-card-entry')?.shadowRoot?.querySelector('.test-card'));
    const form = entry.querySelector('.billing-test-card-entry')!.shadowRoot!;
    [...form.querySelectorAll<HTMLButtonElement>('.test-card')]
      .find((each) => normalise(each.textContent).includes('5555 5555 5555 4444'))!
      .click();
    const save = await untilPart(el, 'save-card-button');
    await until(() => save.getAttribute('aria-disabled') === 'false', 'Save card enabled');
    save.click();
    save.click();
    await until(() => added.length === 1, 'added');
    await until(() => part(el, 'card-entry') === null, 'entry closed');
    expect(client.charges).to.have.length(0);
    expect((await client.listPaymentMethods()).filter((card) => card.last4 === '4444')).to.have.length(2);
    expect(el.shadowRoot!.querySelectorAll('[part~="card"]')).to.have.length(4);
    expect(liveRegion(el)).to.equal('Mastercard ••4444 saved.');
  });

  describe('a hostile backend', () => {
    it('shows markup in a brand as text and one default among several flagged', async () => {
      const client = paymentMethodsClient();
      client.listPaymentMethods = () =>
        Promise.resolve([
          {
            id: 'pm_markup',
            type: 'card',
            brand: '<img src=x onerror=alert(1)>',
            last4: '0000',
            expMonth: 1,
            expYear: 2200,
            isDefault: true,
          },
          { id: 'pm_b', type: 'card', brand: 'visa', last4: '1234', expMonth: 12, expYear: 2000, isDefault: true },
        ] satisfies PaymentMethod[]);
      const el = await render(client);
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
      expect(el.shadowRoot!.querySelectorAll('[part~="default-tag"]')).to.have.length(1);
      expect(normalise(part(el, 'card-name')!.textContent)).to.equal('<img src=x onerror=alert(1)> ••0000');
      await expect(el).to.be.accessible();
    });

    it('turns a list that breaks the contract into an error with Try again, never NaN', async () => {
      const client = paymentMethodsClient();
      let broken = true;
      const answer = client.listPaymentMethods.bind(client);
      client.listPaymentMethods = (options?: RequestOptions) =>
        broken
          ? Promise.resolve([
              { id: 'x', type: 'card', brand: 'visa', last4: '42', expMonth: 13, expYear: Number.NaN, isDefault: 'yes' },
            ] as unknown as PaymentMethod[])
          : answer(options);
      const el = await fixture<PaymentMethodsElement>(html`<payment-methods locale="en-US" .client=${client}></payment-methods>`);
      const retry = await untilPart(el, 'retry-button');
      expect(normalise(el.shadowRoot!.textContent)).to.not.match(/NaN|undefined/);
      broken = false;
      retry.click();
      await untilPart(el, 'list');
      expect(el.shadowRoot!.querySelectorAll('[part~="card"]')).to.have.length(3);
    });

    it('keeps the list when a change answers garbage, and says it failed', async () => {
      const client = paymentMethodsClient({ enabled: true });
      client.setDefaultPaymentMethod = () => Promise.resolve({ cards: 'gone' } as unknown as PaymentMethod[]);
      const el = await render(client);
      button(await untilCard(el, '3155'), 'make-default-button').click();
      const error = await untilPart(el, 'error');
      expect(normalise(error.textContent)).to.match(/^We couldn't make Visa ••3155 your default card\. .+ Try again$/);
      expect(el.shadowRoot!.querySelectorAll('[part~="card"]')).to.have.length(3);
      expect(rowText(await untilCard(el, '4242'))).to.contain('Default');
    });
  });

  it('writes expiry as the locale writes a month and year, the same way the add-funds dialog does', async () => {
    const el = await render(paymentMethodsClient(), 'ja');
    const row = await untilCard(el, '4242');
    const card = (await el.client!.listPaymentMethods()).find((each) => each.last4 === '4242')!;
    const expiry = normalise(row.querySelector('[part~="expiry"]')!.textContent);
    expect(expiry).to.equal(`有効期限 ${String(card.expYear)}/${String(card.expMonth).padStart(2, '0')}`);
  });

  it('speaks the page language, right to left in Arabic', async () => {
    const el = await render(paymentMethodsClient({ enabled: true }), 'ar');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(normalise(part(el, 'heading')!.textContent)).to.equal('طرق الدفع');
    expect(normalise((await untilCard(el, '4242')).textContent)).to.contain('الشحن التلقائي');
    expect(VISA_ID).to.equal('pm_visa_4242');
  });
});

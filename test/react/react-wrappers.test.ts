// billing-widgets/react in React 19 (no JSX): each wrapper passes its props to the element as properties and calls its event props.
import { expect } from '@open-wc/testing';
import { createElement, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import {
  AddFundsDialog,
  AutoRechargeSettings,
  BalanceUsageTable,
  BillingProvider,
  CreditBalance,
  PaymentMethods,
  reactEventProps,
} from '../../src/react/index.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { CreditBalance as CreditBalanceElement } from '../../src/components/credit-balance/credit-balance.js';
import { AddFundsDialog as AddFundsDialogElement } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import { AutoRechargeSettingsElement } from '../../src/components/auto-recharge-settings/auto-recharge-settings.js';
import { BalanceUsageTable as BalanceUsageTableElement } from '../../src/components/balance-usage-table/balance-usage-table.js';
import { BillingProvider as BillingProviderElement } from '../../src/store/billing-provider.js';
import { AddFundsRequestedEvent } from '../../src/components/credit-balance/events.js';
import { BeforePayEvent, FundsAddedEvent } from '../../src/components/add-funds-dialog/events.js';
import { AutoRechargeSavedEvent } from '../../src/components/auto-recharge-settings/events.js';
import { UsageQueryChangeEvent } from '../../src/components/balance-usage-table/events.js';
import { DefaultPaymentMethodChangedEvent } from '../../src/components/payment-methods/events.js';
import type { TopUpTiming } from '../../src/components/add-funds-dialog/top-up-attempt.js';
import { normalise, part, until } from '../helpers/dom.js';

const FAST: TopUpTiming = { retryDelaysMs: [5, 10, 20], pollDelaysMs: [5, 10], maxPolls: 20 };

/** A listener that records what it was called with. */
function recorder<T>(): ((event: T) => void) & { calls: T[] } {
  const calls: T[] = [];
  return Object.assign((event: T) => void calls.push(event), { calls });
}

let container: HTMLDivElement;
let root: Root;

/** Renders synchronously, so the elements exist (with their properties set) when it returns. */
function render(element: ReactElement): void {
  flushSync(() => root.render(element));
}

function only<K extends keyof HTMLElementTagNameMap>(tag: K): HTMLElementTagNameMap[K] {
  const found = container.querySelectorAll(tag);
  expect(found.length, `one <${tag}>`).to.equal(1);
  return found[0]!;
}

describe('billing-widgets/react', () => {
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });

  afterEach(async () => {
    root.unmount();
    container.remove();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('registers the default tags with the element classes the wrappers describe', () => {
    expect(customElements.get('billing-provider')).to.equal(BillingProviderElement);
    expect(customElements.get('credit-balance')).to.equal(CreditBalanceElement);
    expect(customElements.get('add-funds-dialog')).to.equal(AddFundsDialogElement);
    expect(customElements.get('auto-recharge-settings')).to.equal(AutoRechargeSettingsElement);
    expect(customElements.get('balance-usage-table')).to.equal(BalanceUsageTableElement);
  });

  it('names every wrapper event prop on + the event name without billing-', () => {
    expect(reactEventProps['credit-balance']).to.deep.equal({ onAddFundsRequested: 'billing-add-funds-requested' });
    expect(reactEventProps['add-funds-dialog']).to.deep.equal({
      onBeforePay: 'billing-before-pay',
      onFundsAdded: 'billing-funds-added',
      onPaymentFailed: 'billing-payment-failed',
    });
  });

  it('<BillingProvider client> shares one store; <CreditBalance locale> formats in that locale and calls onAddFundsRequested', async () => {
    const client = new MockBillingClient();
    const onAddFundsRequested = recorder<AddFundsRequestedEvent>();
    render(createElement(BillingProvider, { client }, createElement(CreditBalance, { locale: 'de-DE', onAddFundsRequested })));
    const provider = only('billing-provider');
    const balance = only('credit-balance');
    expect(provider.client).to.equal(client);
    expect(provider.store).to.not.equal(undefined);
    expect(balance.locale).to.equal('de-DE');
    expect(balance.hasAttribute('client'), 'client is a property, never an attribute').to.equal(false);
    await until(() => normalise(part(balance, 'amount')?.textContent) === '42,50 $', 'balance in German');

    part(balance, 'add-funds-button')!.click();
    expect(onAddFundsRequested.calls).to.have.length(1);
    expect(onAddFundsRequested.calls[0]).to.be.instanceOf(AddFundsRequestedEvent);
    expect(onAddFundsRequested.calls[0]!.account.balance).to.deep.equal({ amount: 4250, currency: 'USD' });

    // A new handler replaces the old one; after unmounting, neither hears anything.
    const replacement = recorder<AddFundsRequestedEvent>();
    render(createElement(BillingProvider, { client }, createElement(CreditBalance, { locale: 'en-US', onAddFundsRequested: replacement })));
    await until(() => normalise(part(balance, 'amount')?.textContent) === '$42.50', 'balance in English');
    expect(only('credit-balance'), 'the same element, re-rendered').to.equal(balance);
    part(balance, 'add-funds-button')!.click();
    expect(onAddFundsRequested.calls).to.have.length(1);
    expect(replacement.calls).to.have.length(1);
  });

  it('<AddFundsDialog> takes client, paymentProvider, open and timing, and calls onBeforePay then onFundsAdded', async () => {
    const client = new MockBillingClient();
    const paymentProvider = new TestCardPaymentProvider({ autoCompleteChallenge: 'succeed' });
    const order: string[] = [];
    const onBeforePay = recorder<BeforePayEvent>();
    const onFundsAdded = recorder<FundsAddedEvent>();
    render(
      createElement(AddFundsDialog, {
        client,
        paymentProvider,
        open: true,
        timing: FAST,
        onBeforePay: (event: BeforePayEvent) => {
          order.push('before-pay');
          onBeforePay(event);
        },
        onFundsAdded: (event: FundsAddedEvent) => {
          order.push('funds-added');
          onFundsAdded(event);
        },
      }),
    );
    const dialog = only('add-funds-dialog');
    expect(dialog.client).to.equal(client);
    expect(dialog.paymentProvider).to.equal(paymentProvider);
    expect(dialog.timing).to.equal(FAST);
    await until(() => dialog.shadowRoot!.querySelector('dialog')?.open === true, 'dialog open');
    await until(() => part(dialog, 'pay-button') !== null && part(dialog, 'method') !== null, 'form ready');
    await dialog.updateComplete;
    (part(dialog, 'pay-button') as HTMLButtonElement).click();
    await until(() => onFundsAdded.calls.length > 0, 'onFundsAdded');
    expect(order).to.deep.equal(['before-pay', 'funds-added']);
    expect(onBeforePay.calls[0]).to.be.instanceOf(BeforePayEvent);
    expect(onFundsAdded.calls[0]).to.be.instanceOf(FundsAddedEvent);
    expect(onFundsAdded.calls[0]!.balanceAfter.amount).to.equal(4250 + onFundsAdded.calls[0]!.amount.amount);
    expect((await client.getAccount()).balance).to.deep.equal(onFundsAdded.calls[0]!.balanceAfter);
  });

  it('<AutoRechargeSettings> takes client and locale, and calls onAutoRechargeSaved', async () => {
    const client = new MockBillingClient();
    const onAutoRechargeSaved = recorder<AutoRechargeSavedEvent>();
    render(createElement(AutoRechargeSettings, { client, locale: 'en-US', onAutoRechargeSaved }));
    const settings = only('auto-recharge-settings');
    expect(settings.client).to.equal(client);
    expect(settings.locale).to.equal('en-US');
    await until(() => part(settings, 'switch') !== null, 'settings loaded');
    part(settings, 'switch')!.click();
    await until(
      () => part(settings, 'save-button') !== null && !(part(settings, 'save-button') as HTMLButtonElement).disabled,
      'Save enabled',
    );
    part(settings, 'save-button')!.click();
    await until(() => onAutoRechargeSaved.calls.length > 0, 'onAutoRechargeSaved');
    expect(onAutoRechargeSaved.calls[0]).to.be.instanceOf(AutoRechargeSavedEvent);
    expect(onAutoRechargeSaved.calls[0]!.settings.enabled).to.equal(true);
    expect((await client.getAutoRecharge()).version).to.equal(onAutoRechargeSaved.calls[0]!.settings.version);
  });

  it('<BalanceUsageTable> takes client, query, locale and timeZone, and calls onUsageQueryChange', async () => {
    const client = new MockBillingClient({ usageEntryCount: 40 });
    const onUsageQueryChange = recorder<UsageQueryChangeEvent>();
    const query = { period: 'last_30_days' as const };
    render(createElement(BalanceUsageTable, { client, query, locale: 'en-US', timeZone: 'America/New_York', onUsageQueryChange }));
    const table = only('balance-usage-table');
    expect(table.client).to.equal(client);
    expect(table.timeZone).to.equal('America/New_York');
    expect(table.currentQuery.period).to.equal('last_30_days');
    await until(
      () => table.shadowRoot!.querySelector('select') !== null && !table.shadowRoot!.querySelector('[aria-busy="true"]'),
      'table loaded',
    );
    const period = [...table.shadowRoot!.querySelectorAll<HTMLSelectElement>('select')].find((select) =>
      [...select.options].some((option) => option.value === 'this_month'),
    )!;
    period.value = 'this_month';
    period.dispatchEvent(new Event('change', { bubbles: true }));
    expect(onUsageQueryChange.calls).to.have.length(1);
    expect(onUsageQueryChange.calls[0]).to.be.instanceOf(UsageQueryChangeEvent);
    expect(onUsageQueryChange.calls[0]!.query.period).to.equal('this_month');
  });

  it('<PaymentMethods> takes client and locale, and calls onDefaultPaymentMethodChanged', async () => {
    const client = new MockBillingClient();
    await client.addPaymentMethod({ providerToken: 'test_card_5555555555554444' });
    const onDefaultPaymentMethodChanged = recorder<DefaultPaymentMethodChangedEvent>();
    render(createElement(PaymentMethods, { client, locale: 'en-US', onDefaultPaymentMethodChanged }));
    const section = only('payment-methods');
    expect(section.client).to.equal(client);
    expect(reactEventProps['payment-methods']).to.deep.equal({
      onPaymentMethodAdded: 'billing-payment-method-added',
      onPaymentMethodRemoved: 'billing-payment-method-removed',
      onDefaultPaymentMethodChanged: 'billing-default-payment-method-changed',
    });
    await until(() => part(section, 'make-default-button') !== null, 'a card to make the default');
    part(section, 'make-default-button')!.click();
    await until(() => onDefaultPaymentMethodChanged.calls.length > 0, 'onDefaultPaymentMethodChanged');
    expect(onDefaultPaymentMethodChanged.calls[0]).to.be.instanceOf(DefaultPaymentMethodChangedEvent);
    expect(onDefaultPaymentMethodChanged.calls[0]!.paymentMethod.last4).to.equal('4444');
  });
});

// Storybook stories for <payment-methods>: one per state; each also a fixture for the story tests and the component tests.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '../src/define.js';
import type { RequestOptions } from '../src/client/billing-client.js';
import type { PaymentMethod } from '../src/client/schemas.js';
import type { PaymentMethodsElement } from '../src/components/payment-methods/payment-methods.js';
import { TestCardPaymentProvider } from '../src/payments/test-card-provider.js';
import { testCardToken } from '../src/payments/test-cards.js';
import { autoRechargeClient, type AutoRechargeFixtureClient, type AutoRechargeFixtureOptions } from './auto-recharge-settings.stories.js';

/** The seeded default card, which auto-recharge charges when on. */
export const VISA_ID = 'pm_visa_4242';

export interface PaymentMethodsFixtureOptions extends AutoRechargeFixtureOptions {
  /** Add a Visa ••3155 expiring at the end of this month (UTC): "Expires soon". Default true. */
  expiringCard?: boolean;
  /** Remove every card before the widget reads them. */
  empty?: boolean;
}

/**
 * The seeded account's cards (Visa ••4242 default, an expired Mastercard ••4444) plus a Visa ••3155 that expires at the
 * end of this month; with `enabled`, automatic recharge is on and charges the Visa ••4242.
 */
export function paymentMethodsClient(options: PaymentMethodsFixtureOptions = {}): AutoRechargeFixtureClient {
  const { expiringCard = true, empty = false, ...rest } = options;
  const client = autoRechargeClient(rest);
  const ready = client.whenReady;
  // Read before whenReady is replaced below: the read waits for the settings' setup only, not for this one.
  const seeded = empty ? client.listPaymentMethods() : Promise.resolve([]);
  client.whenReady = (async () => {
    await ready;
    for (const card of await seeded) await client.removePaymentMethod(card.id);
    if (empty || !expiringCard) return;
    const now = new Date();
    const expiry = { month: now.getUTCMonth() + 1, year: now.getUTCFullYear() };
    await client.addPaymentMethod({ providerToken: testCardToken('4000002500003155', { expiry }) });
  })();
  return client;
}

// ---------------------------------------------------------------- driving a story into a state

export function part(el: PaymentMethodsElement, name: string): HTMLElement | null {
  return el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
}

export async function untilPart(el: PaymentMethodsElement, selector: string, timeoutMs = 10000): Promise<HTMLElement> {
  const started = Date.now();
  const css = selector.startsWith('[') ? selector : `[part~="${selector}"]`;
  for (;;) {
    await el.updateComplete;
    const found = el.shadowRoot?.querySelector<HTMLElement>(css);
    if (found) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`<payment-methods> never showed ${css}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The row of the card whose name contains `last4`. */
export async function untilCard(el: PaymentMethodsElement, last4: string): Promise<HTMLElement> {
  const started = Date.now();
  for (;;) {
    await el.updateComplete;
    const rows = [...(el.shadowRoot?.querySelectorAll<HTMLElement>('[part~="card"]') ?? [])];
    const row = rows.find((each) => each.querySelector('[part~="card-name"]')?.textContent.includes(last4));
    if (row) return row;
    if (Date.now() - started > 10000) throw new Error(`<payment-methods> never listed a card ••${last4}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function play(steps: (el: PaymentMethodsElement) => Promise<void>): Story['play'] {
  return async ({ canvasElement }) => {
    await customElements.whenDefined('payment-methods');
    const element = canvasElement.querySelector<PaymentMethodsElement>('payment-methods');
    if (!element) throw new Error('the story rendered no <payment-methods>');
    await steps(element);
  };
}

async function pressRemove(el: PaymentMethodsElement, last4: string): Promise<void> {
  const row = await untilCard(el, last4);
  row.querySelector<HTMLElement>('[part~="remove-button"]')?.click();
  await untilPart(el, 'confirm');
}

// ---------------------------------------------------------------- stories

interface PaymentMethodsArgs {
  locale: string;
}

function section(args: PaymentMethodsArgs, client: AutoRechargeFixtureClient, frame: { width?: string } = {}): TemplateResult {
  return html`<div style="max-inline-size: ${frame.width ?? '40rem'}">
    <billing-provider .client=${client}>
      <payment-methods
        locale=${args.locale || nothing}
        .paymentProvider=${new TestCardPaymentProvider()}
        @billing-payment-method-added=${(event: Event) => console.info('billing-payment-method-added', event)}
        @billing-payment-method-removed=${(event: Event) => console.info('billing-payment-method-removed', event)}
        @billing-default-payment-method-changed=${(event: Event) => console.info('billing-default-payment-method-changed', event)}
      ></payment-methods>
    </billing-provider>
  </div>`;
}

const meta: Meta<PaymentMethodsArgs> = {
  title: 'Widgets/Payment methods',
  component: 'payment-methods',
  // The fixtures and helpers exported for the tests are not stories.
  excludeStories: ['VISA_ID', 'paymentMethodsClient', 'part', 'untilPart', 'untilCard'],
  args: { locale: '' },
  argTypes: { locale: { control: 'text', description: 'BCP 47 locale; empty follows the page.' } },
  render: (args) => section(args, paymentMethodsClient({ enabled: true })),
};

export default meta;

type Story = StoryObj<PaymentMethodsArgs>;

/** The saved cards: the default one, the one automatic recharge charges, one that expires soon and one that expired. */
export const Cards: Story = {
  parameters: { billingState: { part: 'expiring-tag' } },
  render: (args) => section(args, paymentMethodsClient({ enabled: true })),
};

/** Automatic recharge off: no card carries its tag, and removing one warns about nothing but the default. */
export const AutoRechargeOff: Story = {
  parameters: { billingState: { part: 'default-tag' } },
  render: (args) => section(args, paymentMethodsClient({ enabled: false })),
};

/** Loading: placeholders shaped like two cards. */
export const Loading: Story = {
  parameters: { billingState: { part: 'skeleton' } },
  render: (args) => {
    const client = paymentMethodsClient();
    client.listPaymentMethods = () => new Promise<PaymentMethod[]>(() => undefined);
    return section(args, client);
  },
};

/** No saved cards: a sentence saying so, and "Add a card". */
export const Empty: Story = {
  parameters: { billingState: { part: 'empty' } },
  render: (args) => section(args, paymentMethodsClient({ empty: true })),
};

/** Adding a card: the payment provider's card entry, saved without a charge. */
export const Adding: Story = {
  parameters: { billingState: { part: 'card-entry' } },
  render: (args) => section(args, paymentMethodsClient({ enabled: true })),
  play: play(async (el) => {
    (await untilPart(el, 'add-card-button')).click();
    await untilPart(el, 'card-entry');
  }),
};

/** Remove asks first, under the card; Cancel has focus. */
export const ConfirmRemove: Story = {
  parameters: { billingState: { part: 'confirm' } },
  render: (args) => section(args, paymentMethodsClient({ enabled: true })),
  play: play((el) => pressRemove(el, '3155')),
};

/** Removing the card automatic recharge charges warns that automatic recharge will be turned off. */
export const ConfirmRemoveAutoRechargeCard: Story = {
  parameters: { billingState: { part: 'confirm-warning' } },
  render: (args) => section(args, paymentMethodsClient({ enabled: true })),
  play: play((el) => pressRemove(el, '4242')),
};

/** Removing: the confirmation's button shows progress, and no other change can start. */
export const Removing: Story = {
  parameters: { billingState: { selector: '[part~="confirm-remove-button"] .spinner' } },
  render: (args) => {
    const client = paymentMethodsClient({ enabled: true });
    client.removePaymentMethod = () => new Promise<PaymentMethod[]>(() => undefined);
    return section(args, client);
  },
  play: play(async (el) => {
    await pressRemove(el, '3155');
    (await untilPart(el, 'confirm-remove-button')).click();
    await untilPart(el, '[part~="confirm-remove-button"] .spinner');
  }),
};

/** A change failed: the card stays, the reason is given, and Try again sends the same change. */
export const ChangeFailed: Story = {
  parameters: { billingState: { part: 'error' } },
  render: (args) => {
    const client = paymentMethodsClient({ enabled: true });
    client.failNext('setDefaultPaymentMethod', 1_000_000, 'network');
    return section(args, client);
  },
  play: play(async (el) => {
    const row = await untilCard(el, '3155');
    row.querySelector<HTMLElement>('[part~="make-default-button"]')?.click();
    await untilPart(el, 'error');
  }),
};

/** The cards could not be read: the reason and Try again. */
export const LoadError: Story = {
  parameters: { billingState: { part: 'retry-button' } },
  render: (args) => {
    const client = paymentMethodsClient();
    client.failNext('listPaymentMethods', 1_000_000, 'unavailable');
    return section(args, client);
  },
};

/** A backend that sends odd but valid cards: markup as a brand (shown as text), an unknown brand, two defaults. */
export const HostileCards: Story = {
  parameters: { billingState: { part: 'card' } },
  render: (args) => {
    const client = paymentMethodsClient();
    client.listPaymentMethods = (options?: RequestOptions) =>
      Promise.resolve().then(() => {
        options?.signal?.throwIfAborted();
        return [
          {
            id: 'pm_markup',
            type: 'card',
            brand: '<img src=x onerror=alert(1)>',
            last4: '0000',
            expMonth: 1,
            expYear: 2200,
            isDefault: true,
          },
          { id: 'pm_weird', type: 'card', brand: 'zorblaxcard', last4: '1234', expMonth: 12, expYear: 2000, isDefault: true },
        ] satisfies PaymentMethod[];
      });
    return section(args, client);
  },
};

/** A backend whose answer breaks the contract (a month 13, a float): an error with Try again, never "NaN". */
export const MalformedResponse: Story = {
  parameters: { billingState: { part: 'error' } },
  render: (args) => {
    const client = paymentMethodsClient();
    client.listPaymentMethods = () =>
      Promise.resolve([
        { id: 'pm_bad', type: 'card', brand: 'visa', last4: '42', expMonth: 13, expYear: 2030.5, isDefault: 'yes' },
      ] as unknown as PaymentMethod[]);
    return section(args, client);
  },
};

/** Phone width, in Arabic: right to left, tags and buttons wrap under the card. */
export const PhoneArabic: Story = {
  parameters: { billingState: { part: 'auto-recharge-tag' } },
  render: (args) => section({ ...args, locale: args.locale || 'ar' }, paymentMethodsClient({ enabled: true }), { width: '22rem' }),
};

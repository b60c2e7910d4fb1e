// Storybook stories for <add-funds-dialog>: every state of the manual top-up, each shown open (also axe-checked fixtures).
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '../src/define.js';
import type { AddFundsDialog } from '../src/components/add-funds-dialog/add-funds-dialog.js';
import type { PaymentProvider } from '../src/payments/payment-provider.js';
import { TestCardPaymentProvider } from '../src/payments/test-card-provider.js';
import { BillingStore } from '../src/store/billing-store.js';
import { readyClient, type FixtureClient } from './fixtures.js';

interface AddFundsDialogArgs {
  locale: string;
}

type Step = (dialog: AddFundsDialog) => void;

/** The dialog's body, a private sub-element: the amount, the cards and Pay are in its shadow root. */
function formRoot(dialog: AddFundsDialog): ShadowRoot | null | undefined {
  return dialog.shadowRoot?.querySelector('billing-add-funds-form')?.shadowRoot;
}

/** What a step acts on in the form; a missing one fails the story with its selector rather than a TypeError on null. */
function inForm<T extends Element>(dialog: AddFundsDialog, selector: string, type: new () => T): T {
  const found = formRoot(dialog)?.querySelector(selector);
  if (!(found instanceof type)) throw new Error(`<billing-add-funds-form> shows no ${type.name} matching ${selector}`);
  return found;
}

/**
 * A story's `play`: waits until the dialog shows its form (its code, the account and the cards loaded; a cold dev
 * server may take seconds), then does what a person would (type, choose, press Pay). Storybook runs it after the render
 * and waits for it, and so do the story tests; a form that never comes fails the story instead of a step.
 */
function drive(steps: Step[]): Story['play'] {
  return async ({ canvasElement }) => {
    await customElements.whenDefined('add-funds-dialog');
    const dialog = canvasElement.querySelector<AddFundsDialog>('add-funds-dialog');
    if (!dialog) throw new Error('the story rendered no <add-funds-dialog>');
    const deadline = Date.now() + 15_000;
    for (;;) {
      const root = formRoot(dialog);
      if (root?.querySelector('[part~="pay-button"]') && root.querySelector('[part~="method"] input:checked')) break;
      if (Date.now() > deadline) throw new Error('<add-funds-dialog> never showed its form with a card chosen');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const step of steps) {
      step(dialog);
      await dialog.updateComplete;
    }
  };
}

const typeAmount =
  (value: string): Step =>
  (dialog) => {
    const input = inForm(dialog, '[part~="custom-amount"]', HTMLInputElement);
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  };

const useNewCard: Step = (dialog) => {
  const methods = [...(formRoot(dialog)?.querySelectorAll<HTMLElement>('[part~="method"]') ?? [])];
  methods
    .find((method) => /new card/.test(method.textContent))
    ?.querySelector('input')
    ?.click();
};

const pressPay: Step = (dialog) => {
  inForm(dialog, '[part~="pay-button"]', HTMLButtonElement).click();
};

/** Escape, as a person presses it in the open dialog. */
const pressEscape: Step = (dialog) => {
  const native = dialog.shadowRoot?.querySelector('dialog');
  if (!native) throw new Error('<add-funds-dialog> renders no <dialog>');
  native.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
};

interface Setup {
  client?: FixtureClient;
  provider?: PaymentProvider;
  width?: string;
}

/** The dialog open inside a provider, next to the balance it tops up. */
function dialogStory(args: AddFundsDialogArgs, setup: Setup = {}): TemplateResult {
  const client = setup.client ?? readyClient();
  const provider = setup.provider ?? new TestCardPaymentProvider({ autoCompleteChallenge: 'succeed' });
  return html`<div style="max-inline-size: ${setup.width ?? '28rem'}">
    <billing-provider .client=${client}>
      <credit-balance locale=${args.locale || nothing}></credit-balance>
      <add-funds-dialog open locale=${args.locale || nothing} .paymentProvider=${provider}></add-funds-dialog>
    </billing-provider>
  </div>`;
}

const meta: Meta<AddFundsDialogArgs> = {
  title: 'Widgets/Add funds dialog',
  component: 'add-funds-dialog',
  args: { locale: '' },
  argTypes: { locale: { control: 'text', description: 'BCP 47 locale; empty follows the page.' } },
  // Each story is an open modal: give each its own frame in the docs page.
  parameters: { docs: { story: { inline: false, iframeHeight: 760 } } },
  render: (args) => dialogStory(args),
};

export default meta;

type Story = StoryObj<AddFundsDialogArgs>;

/** Preset amounts from the account's configuration; the second is chosen; the new balance previewed. */
export const Presets: Story = {
  parameters: { billingState: { part: 'preset-chip' } },
  render: (args) => dialogStory(args),
};

/** A typed amount: $20.00 on a $42.50 balance reads "New balance: $62.50". */
export const CustomAmount: Story = {
  parameters: { billingState: { part: 'preview' } },
  render: (args) => dialogStory(args),
  play: drive([typeAmount('20')]),
};

/** Below the account's minimum: the message names the limit. */
export const ValidationError: Story = {
  parameters: { billingState: { part: 'amount-error' } },
  render: (args) => dialogStory(args),
  play: drive([typeAmount('5'), pressPay]),
};

/** Three saved cards: the default chosen, the expired one shown but not selectable. */
export const SavedCards: Story = {
  parameters: { billingState: { part: 'method' } },
  render: (args) => {
    const client = readyClient();
    client.whenReady = client.addPaymentMethod({ providerToken: 'test_card_5555555555554444' });
    return dialogStory(args, { client });
  },
};

/** "Use a new card": the provider's card entry (here the test-card form) with "save this card". */
export const NewCard: Story = {
  parameters: { billingState: { part: 'card-entry' } },
  render: (args) => dialogStory(args),
  play: drive([useNewCard]),
};

/**
 * Pay pressed and the backend has not answered: Pay is disabled and reads "Processing…"; there is no Cancel, only
 * "Close — the payment continues" (closing does not stop the payment).
 */
export const Processing: Story = {
  parameters: { billingState: { part: 'close-while-paying-button' } },
  render: (args) => {
    const client = readyClient();
    client.createTopUp = () => new Promise(() => {});
    return dialogStory(args, { client });
  },
  play: drive([pressPay]),
};

/** Escape while paying: the dialog stays and says how to close it, naming the button that is there. */
export const ProcessingAfterEscape: Story = {
  parameters: { billingState: { part: 'close-while-paying-button' } },
  render: (args) => {
    const client = readyClient();
    client.createTopUp = () => new Promise(() => {});
    return dialogStory(args, { client });
  },
  play: drive([pressPay, pressEscape]),
};

/**
 * $50.00 again a minute after $50.00 went through: the dialog asks first ("Add another $50.00" or "Go back");
 * nothing is charged until the person confirms. The window is the `repeatWindow` property.
 */
export const RepeatConfirm: Story = {
  parameters: { billingState: { part: 'repeat-warning' } },
  render: (args) => {
    const client = readyClient();
    BillingStore.for(client).noteSucceededTopUp({ amount: 5000, currency: 'USD' }, Date.now() - 60_000);
    return dialogStory(args, { client });
  },
  play: drive([pressPay]),
};

/** The bank asks for 3-D Secure: the test provider draws its challenge inside the dialog. */
export const ThreeDSecure: Story = {
  parameters: { billingState: { part: 'challenge' } },
  render: (args) => {
    const client = readyClient();
    client.setCardBehaviour('pm_visa_4242', 'requires_authentication');
    return dialogStory(args, { client, provider: new TestCardPaymentProvider() });
  },
  play: drive([pressPay]),
};

/** Declined for insufficient funds: the reason in plain words, the amount kept, another card one click away. */
export const Declined: Story = {
  parameters: { billingState: { part: 'error' } },
  render: (args) => {
    const client = readyClient();
    client.setCardBehaviour('pm_visa_4242', 'insufficient_funds');
    return dialogStory(args, { client });
  },
  play: drive([pressPay]),
};

/** Paid: the new balance, and the balance behind the dialog already shows it. */
export const Success: Story = {
  parameters: { billingState: { part: 'success' } },
  render: (args) => dialogStory(args),
  play: drive([pressPay]),
};

/** Card entry could not load (Stripe blocked): said plainly, saved cards still work. */
export const StripeUnavailable: Story = {
  parameters: { billingState: { part: 'card-entry-error' } },
  render: (args) => dialogStory(args, { provider: new TestCardPaymentProvider({ unavailable: true }) }),
  play: drive([useNewCard]),
};

/**
 * The payment form's code could not be downloaded (offline, or a deploy removed the chunk): said in the dialog, with
 * Try again; nothing was charged. Here the download is made to fail.
 */
export const FormCouldNotLoad: Story = {
  parameters: { billingState: { part: 'retry-button' } },
  render: (args) => {
    const dialog = document.createElement('add-funds-dialog');
    // What a failed import() rejects with; set before the element connects, so even its idle prefetch fails.
    Object.assign(dialog, {
      loadFlow: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
      paymentProvider: new TestCardPaymentProvider(),
      open: true,
    });
    if (args.locale) dialog.locale = args.locale;
    return html`<div style="max-inline-size: 28rem">
      <billing-provider .client=${readyClient()}>
        <credit-balance locale=${args.locale || nothing}></credit-balance>
        ${dialog}
      </billing-provider>
    </div>`;
  },
};

/** A phone: the dialog becomes a full-height sheet with Pay always in reach. */
export const PhoneWidth: Story = {
  parameters: { billingState: { part: 'pay-button' }, viewport: { defaultViewport: 'mobile1' } },
  render: (args) => dialogStory(args, { width: '100%' }),
};

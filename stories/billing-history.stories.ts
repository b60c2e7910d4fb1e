// Storybook stories for <billing-history>: every state a designer (and the story test) should see.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '../src/define.js';
import type { BillingClient } from '../src/client/billing-client.js';
import {
  emptyHistoryClient,
  failedHistoryClient,
  failingHistoryClient,
  hangingHistoryClient,
  historyClient,
  hostileHistoryClient,
  loopingHistoryClient,
  manyPagesHistoryClient,
  noHistoryClient,
  unchargedRechargesHistoryClient,
  unknownStatusHistoryClient,
} from './history-fixtures.js';

interface BillingHistoryArgs {
  locale: string;
  pageSize: number;
}

function history(
  args: BillingHistoryArgs,
  client: BillingClient,
  frame: { width?: string; dir?: 'ltr' | 'rtl'; lang?: string } = {},
): TemplateResult {
  return html`<div style="max-inline-size: ${frame.width ?? '48rem'}" dir=${frame.dir ?? nothing} lang=${frame.lang ?? nothing}>
    <billing-provider .client=${client}>
      <billing-history
        locale=${args.locale || nothing}
        page-size=${args.pageSize}
        time-zone="UTC"
        @billing-receipt-opened=${(event: Event) => console.info('billing-receipt-opened', event)}
        @billing-before-receipt-print=${(event: Event) => console.info('billing-before-receipt-print', event)}
      ></billing-history>
    </billing-provider>
  </div>`;
}

/** Opens the first receipt, as a person clicking "Receipt" does. */
async function openFirstReceipt({ canvasElement }: { canvasElement: HTMLElement }): Promise<void> {
  const element = canvasElement.querySelector('billing-history');
  for (let tries = 0; tries < 200; tries += 1) {
    const button = element?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="receipt-button"]');
    if (button) {
      button.click();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  console.error('openFirstReceipt: no Receipt button appeared');
}

const meta: Meta<BillingHistoryArgs> = {
  title: 'Widgets/Billing history',
  component: 'billing-history',
  args: { locale: '', pageSize: 10 },
  argTypes: {
    locale: { control: 'text', description: 'BCP 47 locale; empty follows the page.' },
    pageSize: { control: { type: 'number', min: 1, max: 100 } },
  },
  render: (args) => history(args, historyClient()),
};

export default meta;

type Story = StoryObj<BillingHistoryArgs>;

/** Paid, pending, an automatic recharge, a decline with its reason, and a top-up whose card was not saved. */
export const Ready: Story = { parameters: { billingState: { part: 'row' } } };

/** 45 top-ups, ten a page: "Show more" follows the cursor. */
export const ManyPages: Story = {
  render: (args) => history(args, manyPagesHistoryClient()),
  parameters: { billingState: { part: 'load-more-button' } },
};

/** Declined top-ups, each with its reason in words. */
export const FailedTopUps: Story = {
  render: (args) => history(args, failedHistoryClient()),
  parameters: { billingState: { part: 'status' } },
};

/**
 * Automatic recharges that never reached a charge: one skipped by the monthly cap, one refused for an expired card, one
 * with no card left, each with its reason and no receipt; and a top-up paid with a new card that was not saved.
 */
export const UnchargedRecharges: Story = {
  render: (args) => history(args, unchargedRechargesHistoryClient()),
  parameters: { billingState: { part: 'status' } },
};

/** The same on a phone. */
export const UnchargedRechargesPhone: Story = {
  render: (args) => history(args, unchargedRechargesHistoryClient(), { width: '22rem' }),
  parameters: { billingState: { part: 'status' } },
};

/** A paid top-up's receipt, open: account, date, type, card, payment id and amount. */
export const Receipt: Story = {
  play: openFirstReceipt,
  parameters: { billingState: { part: 'print-button' } },
};

/** A receipt with the tax line a host's backend sent. */
export const ReceiptWithTax: Story = {
  render: (args) => history(args, historyClient({ tax: true })),
  play: openFirstReceipt,
  parameters: { billingState: { part: 'print-button' } },
};

/** No top-up yet. */
export const Empty: Story = {
  render: (args) => history(args, emptyHistoryClient()),
  parameters: { billingState: { part: 'empty' } },
};

/** Waiting for the first page. */
export const Loading: Story = {
  render: (args) => history(args, hangingHistoryClient()),
  parameters: { billingState: { part: 'skeleton' } },
};

/** The history could not be loaded: the error and Try again. */
export const LoadError: Story = {
  render: (args) => history(args, failingHistoryClient()),
  parameters: { billingState: { part: 'retry-button' } },
};

/** A backend sending a NaN amount, a float, a card without digits and markup for an id: an error, never NaN or a blank. */
export const HostileBackend: Story = {
  render: (args) => history(args, hostileHistoryClient()),
  parameters: { billingState: { part: 'error' } },
};

/** A backend newer than the widget sends a status it has no words for: a clear error, never a blank status. */
export const UnknownStatus: Story = {
  render: (args) => history(args, unknownStatusHistoryClient()),
  parameters: { billingState: { part: 'error' } },
};

/** A backend that sends the same cursor again: the list says so and stops. */
export const RepeatedPage: Story = {
  args: { pageSize: 2 },
  render: (args) => history(args, loopingHistoryClient()),
  play: async ({ canvasElement }) => {
    const element = canvasElement.querySelector('billing-history');
    for (let tries = 0; tries < 200; tries += 1) {
      const more = element?.shadowRoot?.querySelector<HTMLButtonElement>('[part~="load-more-button"]');
      if (more) {
        more.click();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    console.error('RepeatedPage: no Show more button appeared');
  },
  parameters: { billingState: { part: 'count' } },
};

/** A billing service without a top-up history (no listTopUps). */
export const Unavailable: Story = {
  render: (args) => history(args, noHistoryClient()),
  parameters: { billingState: { part: 'empty' } },
};

/** A phone: each top-up a small card. */
export const Phone: Story = {
  render: (args) => history(args, historyClient(), { width: '22rem' }),
  parameters: { billingState: { part: 'row' } },
};

/** Arabic, right to left. */
export const Arabic: Story = {
  args: { locale: 'ar' },
  render: (args) => history(args, historyClient({ tax: true }), { dir: 'rtl', lang: 'ar' }),
  parameters: { billingState: { part: 'row' } },
};

/** German, with its receipt open. */
export const GermanReceipt: Story = {
  args: { locale: 'de' },
  render: (args) => history(args, historyClient({ tax: true }), { lang: 'de' }),
  play: openFirstReceipt,
  parameters: { billingState: { part: 'print-button' } },
};

// Storybook stories for <credit-balance>: every state a designer (and the story test) should see.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '../src/define.js';
import type { BillingClient } from '../src/client/billing-client.js';
import { TestCardPaymentProvider } from '../src/payments/test-card-provider.js';
import { BillingStore } from '../src/store/billing-store.js';
import {
  autoRechargeOnClient,
  FixtureClient,
  failingClient,
  hangingClient,
  hostileClient,
  lowBalanceClient,
  negativeBalanceClient,
  readyClient,
  staleRefreshClient,
  withAutoRechargeOn,
} from './fixtures.js';
import { failingSpendClient, garbageSpendClient, hangingSpendClient, spendAutoRechargeClient, spendClient } from './forecast-fixtures.js';

interface CreditBalanceArgs {
  variant: 'full' | 'compact';
  locale: string;
  hideAddFunds: boolean;
  hideForecast: boolean;
}

/** Renders the widget inside a provider, at a width a Billing tab would give it. */
function balance(
  args: CreditBalanceArgs,
  client: BillingClient,
  frame: { width?: string; dir?: 'ltr' | 'rtl'; lang?: string } = {},
): TemplateResult {
  return html`<div
    style="max-inline-size: ${frame.width ?? (args.variant === 'compact' ? '100%' : '28rem')}"
    dir=${frame.dir ?? nothing}
    lang=${frame.lang ?? nothing}
  >
    <billing-provider .client=${client}>
      <credit-balance
        variant=${args.variant}
        locale=${args.locale || nothing}
        ?hide-add-funds=${args.hideAddFunds}
        ?hide-forecast=${args.hideForecast}
        @billing-add-funds-requested=${(event: Event) => console.info('billing-add-funds-requested', event)}
      ></credit-balance>
    </billing-provider>
  </div>`;
}

const meta: Meta<CreditBalanceArgs> = {
  title: 'Widgets/Credit balance',
  component: 'credit-balance',
  args: { variant: 'full', locale: '', hideAddFunds: false, hideForecast: false },
  argTypes: {
    variant: { control: 'inline-radio', options: ['full', 'compact'] },
    locale: { control: 'text', description: 'BCP 47 locale; empty follows the page.' },
    hideAddFunds: { control: 'boolean' },
    hideForecast: { control: 'boolean' },
  },
  render: (args) => balance(args, readyClient()),
};

export default meta;

type Story = StoryObj<CreditBalanceArgs>;

/** $42.50, above the $10.00 threshold, auto-recharge off. */
export const Ready: Story = {};

/** $7.50: below the low-balance threshold. The warning is text and an icon, not colour alone. */
export const LowBalance: Story = {
  render: (args) => balance(args, lowBalanceClient()),
};

/** −$12.34: usage overdrew the credit. */
export const NegativeBalance: Story = {
  render: (args) => balance(args, negativeBalanceClient()),
};

/** Auto-recharge on: the badge says what it adds and when. */
export const AutoRechargeOn: Story = {
  render: (args) => balance(args, autoRechargeOnClient()),
};

/** Auto-recharge on in target mode: the badge says the balance it brings the account back up to ($75.00 below $10.00). */
export const AutoRechargeToTarget: Story = {
  render: (args) =>
    balance(args, withAutoRechargeOn(new FixtureClient(), { mode: 'target', targetBalance: { amount: 7500, currency: 'USD' } })),
};

/** Low balance with auto-recharge on: both facts at once. */
export const LowBalanceWithAutoRecharge: Story = {
  render: (args) => balance(args, autoRechargeOnClient({ startingBalance: 1200, updatedMinutesAgo: 0 })),
};

/** One line for a portal header: label, balance, warning chip and Add funds. */
export const Compact: Story = {
  args: { variant: 'compact' },
  render: (args) =>
    html`<div style="display: flex; flex-direction: column; gap: 1.5rem">
      ${balance(args, readyClient())} ${balance(args, lowBalanceClient())} ${balance(args, negativeBalanceClient())}
    </div>`,
};

/** Waiting for getAccount: a skeleton of the final size (aria-busy). */
export const Loading: Story = {
  render: (args) => balance(args, hangingClient()),
};

/** Compact while loading. */
export const CompactLoading: Story = {
  args: { variant: 'compact' },
  render: (args) => balance(args, hangingClient()),
};

/** getAccount fails: the BillingError's message and "Try again" (which succeeds here after 3 failures). */
export const LoadError: Story = {
  render: (args) => balance(args, failingClient('unavailable', 3)),
};

/** Compact error: short text, full message for assistive technology and as a tooltip. */
export const CompactError: Story = {
  args: { variant: 'compact' },
  render: (args) => balance(args, failingClient('network')),
};

/** A refresh failed after the balance was shown: the last amount stays, with a notice. */
export const StaleRefreshFailed: Story = {
  render: (args) => balance(args, staleRefreshClient({ pushAfterMs: 20 })),
};

/** The backend sent NaN and markup: refused at the boundary, shown as an error, never as "NaN". */
export const HostileBackend: Story = {
  render: (args) =>
    balance(args, hostileClient({ balance: { amount: Number.NaN, currency: 'USD' }, name: '<img src=x onerror=alert(1)>' })),
};

/** Markup in a text field is valid data: it stays text and never becomes an element. */
export const MarkupInAccountName: Story = {
  render: (args) => balance(args, hostileClient({ name: '<img src=x onerror=alert(1)>' })),
};

/** A phone: 320px wide, everything wraps, nothing scrolls sideways. */
export const PhoneWidth: Story = {
  render: (args) => balance(args, autoRechargeOnClient({ startingBalance: 750 }), { width: '320px' }),
  parameters: { viewport: { defaultViewport: 'mobile1' } },
};

/** EUR in German: "42,50 €". */
export const EuroGerman: Story = {
  args: { locale: 'de-DE' },
  render: (args) => balance(args, readyClient({ currency: 'EUR' }), { lang: 'de-DE' }),
};

/** USD in German: "42,50 $". */
export const DollarGerman: Story = {
  args: { locale: 'de-DE' },
  render: (args) => balance(args, readyClient(), { lang: 'de-DE' }),
};

/** JPY has no minor unit: "¥4,250". */
export const Yen: Story = {
  args: { locale: 'ja-JP' },
  render: (args) => balance(args, readyClient({ currency: 'JPY' }), { lang: 'ja-JP' }),
};

/** Arabic (Egypt), right to left: logical properties mirror the layout. */
export const ArabicRightToLeft: Story = {
  args: { locale: 'ar-EG' },
  render: (args) => balance(args, lowBalanceClient({ currency: 'EGP' }), { dir: 'rtl', lang: 'ar-EG' }),
};

/** White-label: a partner's accent, font and radius through the --billing-* roles, and their own wording. */
export const WhiteLabel: Story = {
  render: (args) =>
    html`<div
      style="max-inline-size: 28rem; --billing-color-accent: #0f766e; --billing-radius: 2px; --billing-font-family: Georgia, serif; --billing-balance-amount-size: 2.5rem"
    >
      <billing-provider .client=${autoRechargeOnClient()}>
        <credit-balance variant=${args.variant} .messages=${{ addFunds: 'Buy credits', label: 'Prepaid credit' }}>
          <span slot="note">Credit covers calls outside the US and Canada. Your plan is billed monthly.</span>
        </credit-balance>
      </billing-provider>
    </div>`,
};

/** Forced dark theme from an ancestor's data-billing-theme, whatever the OS says. */
export const DarkTheme: Story = {
  render: (args) =>
    html`<div data-billing-theme="dark" style="padding: 1.5rem; background: #0b0d12; border-radius: 12px">
      ${balance(args, lowBalanceClient())}
    </div>`,
};

/**
 * A payment still in flight on the store (as <add-funds-dialog> leaves it when closed mid-payment):
 * "Payment of $50.00 in progress…" with a spinner that stands still under reduced motion.
 */
export const PaymentInProgress: Story = {
  render: (args) => {
    const client = readyClient();
    BillingStore.for(client).beginTopUp({ settled: false, amount: { amount: 5000, currency: 'USD' } });
    return balance(args, client);
  },
};

/**
 * The header line while a payment is in flight and while its outcome is unconfirmed: the spinner or warning sign alone
 * beside the balance (its sentence is read out and shown on hover), so Add funds stays on the same line.
 */
export const CompactPaymentPending: Story = {
  args: { variant: 'compact' },
  render: (args) => {
    const paying = readyClient();
    BillingStore.for(paying).beginTopUp({ settled: false, amount: { amount: 5000, currency: 'USD' } });
    const unconfirmed = readyClient();
    BillingStore.for(unconfirmed).beginTopUp({ settled: true, outcomeUnknown: true, amount: { amount: 5000, currency: 'USD' } });
    return html`<div style="display: flex; flex-direction: column; gap: 1.5rem">
      ${balance(args, paying)} ${balance(args, unconfirmed)}
    </div>`;
  },
};

/** A payment whose answer was lost: it may have charged, so the card says it is not confirmed yet, never "added". */
export const PaymentUnconfirmed: Story = {
  render: (args) => {
    const client = readyClient();
    BillingStore.for(client).beginTopUp({ settled: true, outcomeUnknown: true, amount: { amount: 5000, currency: 'USD' } });
    return balance(args, client);
  },
};

/**
 * The whole path, on a backend that takes 2 s per request: press Add funds, Pay, then close the dialog.
 * The card shows the payment in progress, then the new balance, and its live region says
 * "$50.00 added to your balance. Balance updated: $92.50" (a screen reader hears it; nothing moves focus).
 */
export const PaymentSettlesAfterDialogCloses: Story = {
  render: (args) => {
    const client = readyClient({ updatedMinutesAgo: 0, latencyMs: 2000 });
    return html`<billing-provider .client=${client}>
      <div style="max-inline-size: 28rem">
        <credit-balance variant=${args.variant} locale=${args.locale || nothing}></credit-balance>
      </div>
      <add-funds-dialog .paymentProvider=${new TestCardPaymentProvider()} locale=${args.locale || nothing}></add-funds-dialog>
    </billing-provider>`;
  },
};

/** Two widgets, one provider: one request, one store, both update together. */
export const SharedProvider: Story = {
  render: () => {
    const client = readyClient();
    return html`<billing-provider .client=${client}>
      <div style="display: grid; gap: 1.5rem; max-inline-size: 28rem">
        <credit-balance variant="compact"></credit-balance>
        <credit-balance></credit-balance>
      </div>
    </billing-provider>`;
  },
};

/** Runway forecast, the example: $50.40 spent in the last 7 days ($7.20 a day) and $45.00 left: about 6 days. */
export const Forecast: Story = {
  render: (args) => balance(args, spendClient()),
};

/** Auto-recharge on ($50.00 below $10.00): how often it adds its amount at $7.20 a day (about every 7 days). */
export const ForecastAutoRecharge: Story = {
  render: (args) => balance(args, spendAutoRechargeClient()),
};

/** Target mode ($75.00 when below $10.00) at $7.20 a day: each recharge adds about $65.00, so about every 9 days. */
export const ForecastAutoRechargeToTarget: Story = {
  render: (args) => balance(args, withAutoRechargeOn(spendClient(), { mode: 'target', targetBalance: { amount: 7500, currency: 'USD' } })),
};

/** Nothing spent in the last week, $60.00 in the last 30 days: the 30-day average ($2.00 a day), and the sentence says so. */
export const ForecastFromLast30Days: Story = {
  render: (args) => balance(args, spendClient({ last7: 0, last30: 6000 })),
};

/** $0.10 a day against $45.00: "more than a year", not "about 450 days". */
export const ForecastOverAYear: Story = {
  render: (args) => balance(args, spendClient({ last7: 70, last30: 300 })),
};

/** $100.00 a day against $45.00: "less than a day". */
export const ForecastUnderADay: Story = {
  render: (args) => balance(args, spendClient({ last7: 70000, last30: 300000 })),
};

/** −$12.34 with spend going on: the balance is used up, no days are counted. */
export const ForecastUsedUp: Story = {
  render: (args) => balance(args, spendClient(undefined, { startingBalance: -1234 })),
};

/** No usage in the last 30 days (zero spend): no forecast, and nothing said; the line's room stays so the card does not move. */
export const ForecastNoSpend: Story = {
  render: (args) => balance(args, spendClient({ last7: 0, last30: 0, firstUsageDaysAgo: 120 })),
};

/** First usage 3 days ago: too little history to forecast from (a week is needed), so nothing is said; the room stays. */
export const ForecastShortHistory: Story = {
  render: (args) => balance(args, spendClient({ last7: 1500, last30: 1500, firstUsageDaysAgo: 3 })),
};

/** The balance loaded; the spend reads have not answered yet: the forecast's line is held by a placeholder. */
export const ForecastLoading: Story = {
  render: (args) => balance(args, hangingSpendClient()),
};

/**
 * The spend reads fail, answer a negative total, or NaN and markup: the balance stays, the forecast says it can't
 * forecast right now (as a backend that never answers does after 10 s).
 */
export const ForecastUnavailable: Story = {
  render: (args) =>
    html`<div style="display: grid; gap: 1.5rem">
      ${balance(args, failingSpendClient())}
      ${balance(args, garbageSpendClient({ types: [], users: [], total: { amount: -5000, currency: 'USD' } }))}
      ${balance(args, garbageSpendClient({ types: [], users: [], total: { amount: Number.NaN, currency: '<b>USD</b>' } }))}
    </div>`,
};

/** hide-forecast: the host turned the forecast off; its spend is never requested. */
export const ForecastHidden: Story = {
  args: { hideForecast: true },
  render: (args) => balance(args, spendClient()),
};

/** The forecast on a 320px phone: the sentence wraps inside the line held for it. */
export const ForecastPhone: Story = {
  render: (args) => balance(args, spendAutoRechargeClient(), { width: '320px' }),
  parameters: { viewport: { defaultViewport: 'mobile1' } },
};

/** German, EUR: "Bei Ihren aktuellen Ausgaben (etwa 7,20 € pro Tag in den letzten 7 Tagen) reicht Ihr Guthaben etwa 6 Tage." */
export const ForecastGerman: Story = {
  args: { locale: 'de-DE' },
  render: (args) => balance(args, spendClient(undefined, { currency: 'EUR' }), { lang: 'de-DE' }),
};

/** Arabic (Egypt), right to left, with auto-recharge on. */
export const ForecastArabic: Story = {
  args: { locale: 'ar-EG' },
  render: (args) => balance(args, spendAutoRechargeClient(undefined, { currency: 'EGP' }), { dir: 'rtl', lang: 'ar-EG' }),
};

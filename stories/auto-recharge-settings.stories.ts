// Storybook stories for <auto-recharge-settings>: one per state; each also a fixture for the story test and the component tests.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '../src/define.js';
import type { RequestOptions } from '../src/client/billing-client.js';
import type { AutoRechargeSettings, SaveAutoRechargeRequest } from '../src/client/schemas.js';
import type { AutoRechargeSettingsElement } from '../src/components/auto-recharge-settings/auto-recharge-settings.js';
import { TestCardPaymentProvider } from '../src/payments/test-card-provider.js';
import { FixtureClient, type FixtureOptions } from './fixtures.js';

export const VISA = 'pm_visa_4242';
/** Costs $54.00 at the UAE rate: enough to cross any seeded threshold in one call. */
const EXPENSIVE_CALL = { destinationCountry: 'AE', durationSeconds: 7200 } as const;

export interface AutoRechargeFixtureOptions extends FixtureOptions {
  /** Turn automatic recharge on before the widget reads anything. */
  enabled?: boolean;
  monthlyCap?: number | null;
  /** Recharge up to this balance (target mode) instead of adding the fixed amount. */
  target?: number;
  /** Recent attempts to lay down first: `failures` failed payments after one success; 3 turns it off. */
  history?: { succeeded?: number; failures?: number };
}

/** A FixtureClient whose auto-recharge reads also wait for the setup, so a widget never sees the state before it. */
export class AutoRechargeFixtureClient extends FixtureClient {
  override async getAutoRecharge(options?: RequestOptions): Promise<AutoRechargeSettings> {
    await this.whenReady;
    return super.getAutoRecharge(options);
  }

  /** Saves as another person would (from another browser), starting from the settings as they are now. */
  async saveAsSomeoneElse(changes: Partial<SaveAutoRechargeRequest>): Promise<AutoRechargeSettings> {
    const current = await super.getAutoRecharge();
    // The class's own method, not the instance's: a story or test may have replaced that one.
    return super.saveAutoRecharge({
      enabled: current.enabled,
      thresholdAmount: current.thresholdAmount,
      rechargeAmount: current.rechargeAmount,
      mode: current.mode,
      targetBalance: current.targetBalance,
      paymentMethodId: current.paymentMethodId,
      monthlyCap: current.monthlyCap,
      expectedVersion: current.version,
      ...changes,
    });
  }
}

/** USD, $42.50, threshold $10.00, recharge $50.00, Visa ••4242 (and an expired Mastercard ••4444). */
export function autoRechargeClient(options: AutoRechargeFixtureOptions = {}): AutoRechargeFixtureClient {
  const { enabled = false, monthlyCap = null, target, history, ...rest } = options;
  const client = new AutoRechargeFixtureClient(rest);
  client.whenReady = (async () => {
    if (!enabled && !history && target === undefined && monthlyCap === null) return;
    // Off with a target or a cap only: saved off, ready for the person to turn on.
    await client.saveAsSomeoneElse({
      enabled: enabled || history !== undefined,
      monthlyCap: monthlyCap === null ? null : { amount: monthlyCap, currency: client.currency },
      ...(target === undefined ? {} : { mode: 'target', targetBalance: { amount: target, currency: client.currency } }),
    });
    if (!history) return;
    for (let index = 0; index < (history.succeeded ?? 0); index += 1) client.simulateUsage([EXPENSIVE_CALL]);
    if (history.failures) {
      client.setCardBehaviour(VISA, 'insufficient_funds');
      for (let index = 0; index < history.failures; index += 1) client.simulateUsage([EXPENSIVE_CALL]);
      client.setCardBehaviour(VISA, 'succeeds');
    }
    if (!enabled && (history.failures ?? 0) < 3) await client.saveAsSomeoneElse({ enabled: false });
  })();
  return client;
}

// ---------------------------------------------------------------- driving a story into a state

export function part(el: AutoRechargeSettingsElement, name: string): HTMLElement | null {
  return el.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null;
}

export async function untilPart(el: AutoRechargeSettingsElement, name: string, timeoutMs = 10000): Promise<HTMLElement> {
  const started = Date.now();
  for (;;) {
    await el.updateComplete;
    const found = part(el, name);
    if (found) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`<auto-recharge-settings> never showed part "${name}"`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Types into a money field as a person would: the value, then an input event. */
export async function typeAmount(
  el: AutoRechargeSettingsElement,
  field: 'thresholdAmount' | 'rechargeAmount' | 'targetBalance' | 'monthlyCap',
  value: string,
): Promise<void> {
  const form = await untilPart(el, 'form');
  const input = form.querySelector<HTMLInputElement>(`input[name="${field}"]`);
  if (!input) throw new Error(`<auto-recharge-settings> shows no ${field} field`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('blur'));
  await el.updateComplete;
}

/**
 * A story's `play`: the person's input that brings the widget into the story's state. Storybook runs it after the
 * render and waits for it (its a11y panel and test tooling look afterwards), and so do the story tests.
 */
function play(steps: (el: AutoRechargeSettingsElement) => Promise<void>): Story['play'] {
  return async ({ canvasElement }) => {
    await customElements.whenDefined('auto-recharge-settings');
    const element = canvasElement.querySelector<AutoRechargeSettingsElement>('auto-recharge-settings');
    if (!element) throw new Error('the story rendered no <auto-recharge-settings>');
    await steps(element);
  };
}

// ---------------------------------------------------------------- stories

interface AutoRechargeArgs {
  locale: string;
}

function settings(args: AutoRechargeArgs, client: AutoRechargeFixtureClient, frame: { width?: string } = {}): TemplateResult {
  return html`<div style="max-inline-size: ${frame.width ?? '40rem'}">
    <billing-provider .client=${client}>
      <auto-recharge-settings
        locale=${args.locale || nothing}
        .paymentProvider=${new TestCardPaymentProvider()}
        @billing-auto-recharge-saved=${(event: Event) => console.info('billing-auto-recharge-saved', event)}
      ></auto-recharge-settings>
    </billing-provider>
  </div>`;
}

const meta: Meta<AutoRechargeArgs> = {
  title: 'Widgets/Auto-recharge settings',
  component: 'auto-recharge-settings',
  // The fixtures and helpers exported for the tests are not stories (Storybook would fail on the VISA string).
  excludeStories: ['VISA', 'AutoRechargeFixtureClient', 'autoRechargeClient', 'part', 'untilPart', 'typeAmount'],
  args: { locale: '' },
  argTypes: { locale: { control: 'text', description: 'BCP 47 locale; empty follows the page.' } },
  render: (args) => settings(args, autoRechargeClient()),
};

export default meta;

type Story = StoryObj<AutoRechargeArgs>;

/** Off: the switch, a sentence saying so, and no fields to fill in. */
export const Off: Story = {
  parameters: { billingState: { part: 'switch' } },
  render: (args) => settings(args, autoRechargeClient()),
};

/** On: the summary sentence, both amounts, the card (the expired one listed but not selectable) and a monthly cap. */
export const On: Story = {
  parameters: { billingState: { part: 'summary' } },
  render: (args) => settings(args, autoRechargeClient({ enabled: true, monthlyCap: 20000 })),
};

/** Invalid: a recharge below the account minimum and a threshold with too many decimals, each naming its limit. */
export const Invalid: Story = {
  parameters: { billingState: { part: 'field-error' } },
  render: (args) => settings(args, autoRechargeClient({ enabled: true })),
  play: play(async (el) => {
    await typeAmount(el, 'rechargeAmount', '5');
    await typeAmount(el, 'thresholdAmount', '10.001');
  }),
};

/** The balance ($7.50) is already below the threshold: turning it on warns that saving charges the card now. */
export const ImmediateChargeWarning: Story = {
  parameters: { billingState: { part: 'warning' } },
  render: (args) => settings(args, autoRechargeClient({ startingBalance: 750 })),
  play: play(async (el) => {
    (await untilPart(el, 'switch')).click();
    await untilPart(el, 'warning');
  }),
};

/** Target mode: "bring it back up to $50.00", its capped attempt ("to reach $50.00 · limited by the monthly cap") and the cap's own hint. */
export const TargetBalance: Story = {
  parameters: { billingState: { part: 'attempt' } },
  render: (args) =>
    settings(args, autoRechargeClient({ enabled: true, target: 5000, monthlyCap: 4000, startingBalance: 1500, history: { succeeded: 1 } })),
};

/** Target mode with a target that is not above the threshold: the field says so, and Save stays off. */
export const TargetNotAboveThreshold: Story = {
  parameters: { billingState: { part: 'field-error' } },
  render: (args) => settings(args, autoRechargeClient({ enabled: true, target: 5000 })),
  play: play(async (el) => {
    await typeAmount(el, 'targetBalance', '8');
  }),
};

/** Chosen with the mode radios: the balance ($7.50) is below the threshold, so saving charges what brings it to the target. */
export const ImmediateChargeToTarget: Story = {
  parameters: { billingState: { part: 'warning' } },
  render: (args) => settings(args, autoRechargeClient({ startingBalance: 750 })),
  play: play(async (el) => {
    (await untilPart(el, 'switch')).click();
    (await untilPart(el, 'mode')).querySelector<HTMLInputElement>('input[value="target"]')?.click();
    await typeAmount(el, 'targetBalance', '50');
    await untilPart(el, 'warning');
  }),
};

/** Target mode whose charge the monthly cap shortens: the warning says so and gives the balance it leaves. */
export const ImmediateChargeCapLimited: Story = {
  parameters: { billingState: { part: 'warning' } },
  render: (args) => settings(args, autoRechargeClient({ startingBalance: 750, target: 5000, monthlyCap: 2000 })),
  play: play(async (el) => {
    (await untilPart(el, 'switch')).click();
    await untilPart(el, 'warning');
  }),
};

/** A fixed $50.00 on a balance of −$60.00: the warning adds that the balance will still be below the threshold. */
export const ImmediateChargeStillBelow: Story = {
  parameters: { billingState: { part: 'warning' } },
  render: (args) => settings(args, autoRechargeClient({ startingBalance: -6000 })),
  play: play(async (el) => {
    (await untilPart(el, 'switch')).click();
    await untilPart(el, 'warning');
  }),
};

/** Target mode in Arabic, right to left: the mode radios, the target field and the summary. */
export const TargetRightToLeft: Story = {
  args: { locale: 'ar' },
  render: (args) => html`<div dir="rtl" lang="ar">${settings(args, autoRechargeClient({ enabled: true, target: 5000 }))}</div>`,
};

/** Someone else saved while this form had edits: both versions side by side, "Keep mine" or "Use theirs". */
export const Conflict: Story = {
  parameters: { billingState: { part: 'conflict' } },
  render: (args) => settings(args, autoRechargeClient({ enabled: true })),
  play: play(async (el) => {
    await typeAmount(el, 'rechargeAmount', '75');
    const client = el.client ?? el.closest('billing-provider')?.client;
    if (!(client instanceof AutoRechargeFixtureClient)) throw new Error('the story needs its fixture client');
    await client.saveAsSomeoneElse({ rechargeAmount: { amount: 2500, currency: 'USD' } });
    (await untilPart(el, 'save-button')).click();
    await untilPart(el, 'conflict');
  }),
};

/** Saving: the button shows progress and the fields wait. */
export const Saving: Story = {
  parameters: { billingState: { selector: '[part~="save-button"] .spinner' } },
  render: (args) => {
    const client = autoRechargeClient({ enabled: true });
    client.saveAutoRecharge = () => new Promise<AutoRechargeSettings>(() => undefined);
    return settings(args, client);
  },
  play: play(async (el) => {
    await typeAmount(el, 'rechargeAmount', '75');
    (await untilPart(el, 'save-button')).click();
    await el.updateComplete;
  }),
};

/** Saved: a confirmation on screen and in the live region. */
export const Saved: Story = {
  parameters: { billingState: { part: 'saved-notice' } },
  render: (args) => settings(args, autoRechargeClient({ enabled: true })),
  play: play(async (el) => {
    await typeAmount(el, 'rechargeAmount', '75');
    (await untilPart(el, 'save-button')).click();
    await untilPart(el, 'saved-notice');
  }),
};

/** Two declined recharges after a good one: still on, each attempt with its time, card, amount and reason. */
export const FailedAttempts: Story = {
  parameters: { billingState: { part: 'attempt' } },
  render: (args) => settings(args, autoRechargeClient({ enabled: true, startingBalance: 1500, history: { succeeded: 1, failures: 2 } })),
};

/** Three declines in a row: the backend turned it off; the banner says why and how to fix it. */
export const AutoDisabled: Story = {
  parameters: { billingState: { part: 'disabled-banner' } },
  render: (args) => settings(args, autoRechargeClient({ startingBalance: 1500, history: { failures: 3 } })),
};

/** Loading: a skeleton of the card while the settings are read. */
export const Loading: Story = {
  parameters: { billingState: { part: 'skeleton' } },
  render: (args) => {
    const client = autoRechargeClient();
    client.whenReady = new Promise(() => undefined);
    return settings(args, client);
  },
};

/** The settings could not be read: the error and "Try again". */
export const LoadError: Story = {
  parameters: { billingState: { part: 'retry-button' } },
  render: (args) => {
    const client = autoRechargeClient();
    client.failNext('getAutoRecharge', 1_000_000, 'unavailable');
    return settings(args, client);
  },
};

/** A phone: 320px wide with attempts; everything wraps, nothing scrolls sideways. */
export const PhoneWidth: Story = {
  render: (args) =>
    settings(args, autoRechargeClient({ enabled: true, startingBalance: 1500, history: { succeeded: 1, failures: 1 } }), {
      width: '320px',
    }),
  parameters: { viewport: { defaultViewport: 'mobile1' } },
};

/** Kuwaiti dinar (three decimals) in Arabic, right to left. */
export const DinarRightToLeft: Story = {
  args: { locale: 'ar-KW' },
  render: (args) => html`<div dir="rtl" lang="ar-KW">${settings(args, autoRechargeClient({ enabled: true, currency: 'KWD' }))}</div>`,
};

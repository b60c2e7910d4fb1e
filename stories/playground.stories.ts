// Playground: all four widgets in a Billing tab on one MockBillingClient whose latency, size and faults are Storybook controls.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import '../src/define.js';
import { BILLING_ERROR_CODES, type BillingErrorCode } from '../src/client/errors.js';
import { MockBillingClient, type BillingClientMethodName } from '../src/client/mock/mock-client.js';
import { TestCardPaymentProvider } from '../src/payments/test-card-provider.js';
import type { TestCardOutcome } from '../src/payments/test-cards.js';
import { allHistoryQuery } from './usage-fixtures.js';

/** Every method a fault can target, in the order a Billing tab calls them. */
const METHODS = [
  'getAccount',
  'listPaymentMethods',
  'addPaymentMethod',
  'createTopUp',
  'getTopUp',
  'confirmTopUp',
  'getAutoRecharge',
  'saveAutoRecharge',
  'listUsage',
  'getUsageSummary',
  'getUsageEntry',
  'listRates',
] as const satisfies readonly BillingClientMethodName[];

const ENTRY_COUNTS = [10, 100, 1_000, 10_000, 100_000] as const;
const CARD_OUTCOMES = [
  'succeeds',
  'insufficient_funds',
  'generic_decline',
  'expired_card',
  'requires_authentication',
] as const satisfies readonly TestCardOutcome[];

/** The saved default card of the mock's seed; its behaviour is what "Decline the saved card" changes. */
const DEFAULT_CARD = 'pm_visa_4242';

export interface PlaygroundArgs {
  /** Simulated round trip of every client call, in ms. */
  latencyMs: number;
  /** Seeded usage entries over the last 90 days. */
  usageEntries: (typeof ENTRY_COUNTS)[number];
  /** The next call of this method rejects with `failCode` (none: no fault). */
  failMethod: 'none' | BillingClientMethodName;
  failCode: BillingErrorCode;
  /** The next call of this method takes effect, then its response is lost (a "network" error). */
  dropResponseOf: 'none' | BillingClientMethodName;
  /** What charging the saved Visa ••4242 does (manual top-ups and automatic recharges). */
  savedCard: TestCardOutcome;
}

interface PlaygroundSession {
  readonly client: MockBillingClient;
  readonly provider: TestCardPaymentProvider;
  /** Faults already armed for these settings, so a re-render for another control does not arm them again. */
  armed: { fail: string; drop: string };
  log: string[];
}

// One session per story and data size: changing latency or a fault keeps the ledger (a top-up
// stays paid); changing the number of entries starts a new mock.
const sessions = new Map<string, PlaygroundSession>();

function sessionFor(storyId: string, args: PlaygroundArgs): PlaygroundSession {
  const key = `${storyId}:${args.usageEntries}`;
  let session = sessions.get(key);
  if (!session) {
    session = {
      client: new MockBillingClient({ usageEntryCount: args.usageEntries, seed: 7 }),
      provider: new TestCardPaymentProvider({ autoCompleteChallenge: 'succeed' }),
      armed: { fail: 'none', drop: 'none' },
      log: [],
    };
    sessions.set(key, session);
  }
  return session;
}

function armFail(session: PlaygroundSession, method: BillingClientMethodName, code: BillingErrorCode): void {
  session.client.failNext(method, 1, code);
  session.log = [`Next ${method} fails with "${code}".`, ...session.log].slice(0, 4);
}

function armDrop(session: PlaygroundSession, method: BillingClientMethodName): void {
  session.client.dropNextResponse(method);
  session.log = [`Next ${method} takes effect, then its response is lost.`, ...session.log].slice(0, 4);
}

/** Applies the controls to the session's mock; faults are armed once per change of their control. */
function applyControls(session: PlaygroundSession, args: PlaygroundArgs): void {
  session.client.setLatency(Math.max(0, args.latencyMs || 0));
  session.client.setCardBehaviour(DEFAULT_CARD, args.savedCard);
  const fail = args.failMethod === 'none' ? 'none' : `${args.failMethod}:${args.failCode}`;
  if (fail !== session.armed.fail) {
    session.armed.fail = fail;
    if (args.failMethod !== 'none') armFail(session, args.failMethod, args.failCode);
  }
  if (args.dropResponseOf !== session.armed.drop) {
    session.armed.drop = args.dropResponseOf;
    if (args.dropResponseOf !== 'none') armDrop(session, args.dropResponseOf);
  }
}

function billingTab(args: PlaygroundArgs, storyId: string): TemplateResult {
  const session = sessionFor(storyId, args);
  applyControls(session, args);
  const rerender = (event: Event) => {
    // The log lives outside Lit's state; re-render just the panel's list by hand.
    const list = (event.currentTarget as HTMLElement).closest('.playground-faults')?.querySelector('ul');
    if (list && session.log.length) {
      list.replaceChildren(...session.log.map((line) => Object.assign(document.createElement('li'), { textContent: line })));
    }
  };
  return html`<style>
      .playground {
        display: grid;
        gap: 1.5rem;
        max-inline-size: 72rem;
      }
      .playground-top {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
        gap: 1.5rem;
        align-items: start;
      }
      .playground-faults {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        font:
          0.8125rem/1.4 system-ui,
          sans-serif;
      }
      .playground-faults ul {
        margin: 0;
        padding-inline-start: 1.25rem;
      }
    </style>
    <div class="playground">
      <section class="playground-faults" aria-label="Fault injection">
        <strong>Faults</strong> (set them in Controls):
        <button
          type="button"
          ?disabled=${args.failMethod === 'none'}
          @click=${(event: Event) => {
            if (args.failMethod !== 'none') armFail(session, args.failMethod, args.failCode);
            rerender(event);
          }}
        >
          Fail the next ${args.failMethod === 'none' ? 'call' : args.failMethod} again
        </button>
        <button
          type="button"
          ?disabled=${args.dropResponseOf === 'none'}
          @click=${(event: Event) => {
            if (args.dropResponseOf !== 'none') armDrop(session, args.dropResponseOf);
            rerender(event);
          }}
        >
          Drop the next ${args.dropResponseOf === 'none' ? '' : `${args.dropResponseOf} `}response again
        </button>
        <ul aria-live="polite">
          ${session.log.length ? session.log.map((line) => html`<li>${line}</li>`) : html`<li>None armed.</li>`}
        </ul>
      </section>
      <billing-provider .client=${session.client}>
        <div class="playground">
          <div class="playground-top">
            <credit-balance></credit-balance>
            <auto-recharge-settings .paymentProvider=${session.provider}></auto-recharge-settings>
          </div>
          <balance-usage-table .query=${allHistoryQuery()}></balance-usage-table>
          <add-funds-dialog .paymentProvider=${session.provider}></add-funds-dialog>
        </div>
      </billing-provider>
    </div>`;
}

const meta: Meta<PlaygroundArgs> = {
  title: 'Playground',
  tags: ['!autodocs'],
  args: {
    latencyMs: 300,
    usageEntries: 1_000,
    failMethod: 'none',
    failCode: 'unavailable',
    dropResponseOf: 'none',
    savedCard: 'succeeds',
  },
  argTypes: {
    latencyMs: {
      name: 'Latency (ms)',
      control: { type: 'range', min: 0, max: 5_000, step: 50 },
      description: 'Simulated round trip of every call.',
    },
    usageEntries: {
      name: 'Usage entries',
      control: 'select',
      options: ENTRY_COUNTS,
      description: 'Seeded usage over the last 90 days. Changing it starts a fresh mock.',
    },
    failMethod: {
      name: 'Fail next call of',
      control: 'select',
      options: ['none', ...METHODS],
      description: 'Armed when chosen: the next call of this method rejects with the code below.',
    },
    failCode: {
      name: 'Failure code',
      control: 'select',
      options: BILLING_ERROR_CODES,
    },
    dropResponseOf: {
      name: 'Drop next response of',
      control: 'select',
      options: ['none', ...METHODS],
      description: 'The call takes effect (a top-up is charged) and then its response is lost.',
    },
    savedCard: {
      name: 'Saved Visa ••4242',
      control: 'select',
      options: CARD_OUTCOMES,
      description: 'What charging the default saved card does. For a new card, type a decline test card such as 4000 0000 0000 0002.',
    },
  },
  parameters: { layout: 'fullscreen', docs: { story: { inline: false, iframeHeight: 900 } } },
  render: (args, context) => billingTab(args, context.id),
};

export default meta;

type Story = StoryObj<PlaygroundArgs>;

/** The whole Billing tab on a mock with 300 ms latency and 1,000 usage entries. Turn the controls. */
export const BillingTab: Story = {};

/** A slow backend (2 s per call): every widget shows its loading state first. */
export const SlowBackend: Story = {
  args: { latencyMs: 2_000 },
};

/** A flaky backend: the first auto-recharge read fails with "unavailable" (retry recovers). */
export const FlakyAutoRecharge: Story = {
  args: { latencyMs: 0, failMethod: 'getAutoRecharge', failCode: 'unavailable' },
};

/** The saved card is declined for insufficient funds: press Add funds and Pay to see the decline. */
export const DecliningCard: Story = {
  args: { latencyMs: 0, savedCard: 'insufficient_funds' },
};

/** 100,000 usage entries: the itemised list stays fast (windowed rows, paged reads). */
export const HundredThousandEntries: Story = {
  args: { latencyMs: 0, usageEntries: 100_000 },
};

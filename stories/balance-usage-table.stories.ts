// Storybook stories for <balance-usage-table>: every state a designer (and the story test) should see.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { ifDefined } from 'lit/directives/if-defined.js';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import '../src/define.js';
import { abortableDelay } from '../src/client/abort.js';
import type { MockBillingClient } from '../src/client/mock/mock-client.js';
import type { BalanceUsageTable } from '../src/components/balance-usage-table/balance-usage-table.js';
import {
  allHistoryQuery,
  failingUsageClient,
  hangingUsageClient,
  hostileUsageClient,
  overcountedUsageClient,
  repeatingCursorUsageClient,
  usageClient,
} from './usage-fixtures.js';
import { usageTable, usageTableArgs, usageTableArgTypes, type UsageTableArgs } from './usage-table-story.js';

const meta: Meta<UsageTableArgs> = {
  title: 'Widgets/Balance usage table',
  component: 'balance-usage-table',
  args: usageTableArgs,
  argTypes: usageTableArgTypes,
  render: (args) => usageTable(args, usageClient(300)),
};

export default meta;

type Story = StoryObj<UsageTableArgs>;

/** One row per usage type with its count and total spend, and the period's total. */
export const Summary: Story = {
  render: (args) => usageTable(args, usageClient(300)),
};

/** The itemised list for Outbound International Call: date and time with the zone, destination, duration, user, price. */
export const Details: Story = {
  render: (args) => usageTable(args, usageClient(300), allHistoryQuery({ view: 'details', type: 'outbound_international_call' })),
};

/** Filtered to one user, sorted by price: the totals are those of the filter. */
export const Filtered: Story = {
  render: (args) => usageTable(args, usageClient(300), allHistoryQuery({ view: 'details', userId: 'usr_priya_raman', sort: 'price_desc' })),
};

/** The client has not answered yet: skeleton rows. */
export const Loading: Story = {
  render: (args) => usageTable(args, hangingUsageClient()),
};

/** No usage in the period. */
export const Empty: Story = {
  render: (args) => usageTable(args, usageClient(0), { period: 'this_month' }),
};

/** The usage service failed: the message and "Try again". */
export const ErrorWithRetry: Story = {
  render: (args) => usageTable(args, failingUsageClient()),
};

/**
 * "View details" pressed while the itemised list's code could not be downloaded (offline, or a deploy removed the
 * chunk): the totals and Back still work, the list says so with "Try again". Here the download is made to fail.
 */
export const ItemisedListCouldNotLoad: Story = {
  render: (args) => {
    const element = document.createElement('balance-usage-table');
    // What a failed import() rejects with; set before the element connects, so even its idle prefetch fails.
    Object.assign(element, {
      loadDetails: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
      query: allHistoryQuery({ view: 'details', type: 'outbound_international_call' }),
      timeZone: args.timeZone || 'America/New_York',
    });
    if (args.locale) element.locale = args.locale;
    return html`<div style="max-inline-size: 60rem">
      <billing-provider .client=${usageClient(300)}>${element}</billing-provider>
    </div>`;
  },
};

/** A short list: the last row is on screen, so the end-of-list line shows. */
export const EndOfList: Story = {
  render: (args) => usageTable(args, usageClient(6), allHistoryQuery({ view: 'details' })),
};

/** 375 px: rows become cards, filters fold into a disclosure, nothing scrolls sideways. */
export const PhoneWidth: Story = {
  render: (args) => usageTable(args, usageClient(300), allHistoryQuery({ view: 'details' }), '375px'),
};

/** Ten entries. */
export const TenEntries: Story = {
  render: (args) => usageTable(args, usageClient(10), allHistoryQuery({ view: 'details' })),
};

/** 100,000 entries: only the rows in view are in the DOM; pages load as you scroll. */
export const HundredThousandEntries: Story = {
  render: (args) => usageTable(args, usageClient(100_000), allHistoryQuery({ view: 'details' })),
};

/** User names with markup, formulas, quotes and newlines: shown as text, never as HTML. */
export const HostileText: Story = {
  render: (args) => usageTable(args, hostileUsageClient(), allHistoryQuery({ view: 'details' })),
};

// ------------------------------------------------------------------ export in progress and canceled

/**
 * 100,000 entries; the first `fastPages` usage pages answer at once and every later one after
 * `slowPageMs`: an export caught part of the way, with its progress moving slowly.
 */
function slowExportClient(fastPages = 4, slowPageMs = 1_500): MockBillingClient {
  const client = usageClient(100_000);
  const listUsage = client.listUsage.bind(client);
  let pages = 0;
  client.listUsage = async (query, options) => {
    pages += 1;
    if (pages > fastPages) await abortableDelay(slowPageMs, options?.signal);
    return listUsage(query, options);
  };
  return client;
}

/**
 * Presses "Export CSV" as soon as the summary allows it, and "Cancel" once `cancelAfter` entries
 * are written, as a person would. Stops polling when the story is taken off the page.
 */
function pressExport(container: Element | undefined, cancelAfter?: number): void {
  if (!container) return;
  let seenConnected = false;
  const step = async (tries: number): Promise<void> => {
    const usageTable = container.querySelector<BalanceUsageTable>('balance-usage-table');
    if (usageTable?.isConnected) seenConnected = true;
    else if (seenConnected || tries > 500) return;
    const shadow = usageTable?.shadowRoot;
    const exportButton = shadow?.querySelector<HTMLButtonElement>('[part~="export-button"]');
    const progress = shadow?.querySelector<HTMLElement>('[part~="export-progress"]');
    if (!progress && exportButton && !exportButton.disabled && !container.hasAttribute('data-export-started')) {
      container.setAttribute('data-export-started', '');
      exportButton.click();
      if (cancelAfter === undefined) return;
    } else if (progress && cancelAfter !== undefined && (progress.querySelector('progress')?.value ?? 0) >= cancelAfter) {
      progress.querySelector<HTMLButtonElement>('button')?.click();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    return step(tries + 1);
  };
  void step(0);
}

/** A CSV export of 100,000 entries under way: the progress bar, "Exporting 2,000 of 100,000 entries…" and Cancel. */
export const ExportInProgress: Story = {
  render: (args) => html`<div ${ref((element) => pressExport(element))}>${usageTable(args, slowExportClient())}</div>`,
};

/** The same export after Cancel was pressed part of the way: no more pages are fetched and no file is offered. */
export const ExportCanceled: Story = {
  render: (args) => html`<div ${ref((element) => pressExport(element, 1_000))}>${usageTable(args, slowExportClient(2))}</div>`,
};

// ------------------------------------------------------------------ a backend whose pages lie

/** The service counted 120 calls but its pages hold 37: the list shrinks to the 37 and says so under them, quietly. */
export const FewerRowsThanCounted: Story = {
  render: (args) => usageTable(args, overcountedUsageClient(37, 120), allHistoryQuery({ view: 'details' })),
};

/**
 * Scrolls the itemised list to `row` once it shows, as a person would. Stops polling when the story is taken off the
 * page or the list is gone (replaced by an error).
 */
function scrollListTo(container: Element | undefined, row: number): void {
  if (!container) return;
  const step = async (tries: number): Promise<void> => {
    const grid = container.querySelector('balance-usage-table')?.shadowRoot?.querySelector('billing-usage-grid');
    const scroller = grid?.shadowRoot?.querySelector<HTMLElement>('[role="grid"]');
    if (scroller && scroller.querySelector('[role="row"][data-index]:not(.row--loading)')) {
      scroller.scrollTop = row * 48;
      return;
    }
    if (!container.isConnected && tries > 0) return;
    if (tries > 500) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return step(tries + 1);
  };
  void step(0);
}

/**
 * The service answers every page with the same nextCursor. Scrolling past the first page asks for the second; its
 * cursor was already seen, so the list stops with the error and "Try again" (which reads the query from its start).
 */
export const RepeatingCursor: Story = {
  render: (args) =>
    html`<div ${ref((element) => scrollListTo(element, 150))}>
      ${usageTable(args, repeatingCursorUsageClient(500), allHistoryQuery({ view: 'details' }))}
    </div>`,
};

// ------------------------------------------------------------------ the link to the rate table

/** Opens the first call's details once the list shows it, as a person tapping it would. */
function openFirstCall(container: Element | undefined, tries = 0): void {
  if (!container || tries > 500) return;
  const grid = container.querySelector('balance-usage-table')?.shadowRoot?.querySelector('billing-usage-grid');
  const row = grid?.shadowRoot?.querySelector<HTMLElement>('[part~="row"]:not(.row--loading)');
  if (row && !grid?.shadowRoot?.querySelector('[part~="detail-panel"]')) row.click();
  else if (!row) setTimeout(() => openFirstCall(container, tries + 1), 20);
}

/** `rates-href` set: a call's details link its rate, "Rate for Mexico", firing billing-show-rates first. */
export const CallDetailsWithRatesLink: Story = {
  render: (args) =>
    html`<div style="max-inline-size: 60rem" ${ref(openFirstCall)}>
      <billing-provider .client=${usageClient(300)}>
        <balance-usage-table
          rates-href="#rates"
          .query=${allHistoryQuery({ view: 'details' })}
          locale=${ifDefined(args.locale || undefined)}
          time-zone=${args.timeZone || 'America/New_York'}
          @billing-show-rates=${(event: Event) => console.info('billing-show-rates', event)}
        ></balance-usage-table>
      </billing-provider>
    </div>`,
  parameters: { billingState: { part: 'rates-link' } },
};

// Storybook stories for <usage-rates>: every state a designer (and the story test) should see.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import '../src/define.js';
import type { BillingClient } from '../src/client/billing-client.js';
import {
  demoRatesClient,
  emptyRatesClient,
  failingRatesClient,
  hangingRatesClient,
  hostileRatesClient,
  plainRatesClient,
  worldRatesClient,
} from './rates-fixtures.js';

interface UsageRatesArgs {
  locale: string;
  country: string;
  search: string;
  sort: 'name' | 'price';
}

function rates(
  args: UsageRatesArgs,
  client: BillingClient,
  frame: { width?: string; dir?: 'ltr' | 'rtl'; lang?: string } = {},
): TemplateResult {
  return html`<div style="max-inline-size: ${frame.width ?? '44rem'}" dir=${frame.dir ?? nothing} lang=${frame.lang ?? nothing}>
    <billing-provider .client=${client}>
      <usage-rates
        locale=${args.locale || nothing}
        country=${args.country || nothing}
        .search=${args.search}
        sort=${args.sort}
        time-zone="UTC"
        @billing-rates-query-change=${(event: Event) => console.info('billing-rates-query-change', event)}
      ></usage-rates>
    </billing-provider>
  </div>`;
}

const meta: Meta<UsageRatesArgs> = {
  title: 'Widgets/Usage rates',
  component: 'usage-rates',
  args: { locale: '', country: '', search: '', sort: 'name' },
  argTypes: {
    locale: { control: 'text', description: 'BCP 47 locale; empty follows the page.' },
    country: { control: 'text', description: 'ISO code of a country to highlight, e.g. NG.' },
    search: { control: 'text' },
    sort: { control: 'inline-radio', options: ['name', 'price'] },
  },
  render: (args) => rates(args, demoRatesClient()),
};

export default meta;

type Story = StoryObj<UsageRatesArgs>;

/** The demo account's rates: since when each applies, three with a change scheduled for the first of next month. */
export const Ready: Story = { parameters: { billingState: { part: 'table' } } };

/** Nigeria highlighted, as the usage table's "Rate for Nigeria" link leaves it. */
export const HighlightedCountry: Story = {
  args: { country: 'NG' },
  parameters: { billingState: { part: 'row-highlighted' } },
};

/** Sorted by price, lowest first. */
export const SortedByPrice: Story = { args: { sort: 'price' }, parameters: { billingState: { part: 'table' } } };

/** A search by dialling code. */
export const SearchByPrefix: Story = { args: { search: '+234' }, parameters: { billingState: { part: 'row' } } };

/** A search that matches nothing: it says so and offers to clear it. */
export const NoMatches: Story = {
  args: { search: 'Atlantis' },
  parameters: { billingState: { part: 'clear-search-button' } },
};

/** 250 destinations. */
export const ManyCountries: Story = {
  render: (args) => rates(args, worldRatesClient(250)),
  parameters: { billingState: { part: 'table' } },
};

/** A backend that keeps no rate history: "In force now", no prefixes. */
export const WithoutHistory: Story = {
  render: (args) => rates(args, plainRatesClient()),
  parameters: { billingState: { part: 'table' } },
};

/** No rates published yet. */
export const Empty: Story = {
  render: (args) => rates(args, emptyRatesClient()),
  parameters: { billingState: { part: 'empty' } },
};

/** Waiting for the rates. */
export const Loading: Story = {
  render: (args) => rates(args, hangingRatesClient()),
  parameters: { billingState: { part: 'skeleton' } },
};

/** The rates could not be loaded: the error and Try again. */
export const LoadError: Story = {
  render: (args) => rates(args, failingRatesClient()),
  parameters: { billingState: { part: 'retry-button' } },
};

/** A backend sending a NaN amount, a float and markup: an error, never NaN or a blank. */
export const HostileData: Story = {
  render: (args) => rates(args, hostileRatesClient()),
  parameters: { billingState: { part: 'error' } },
};

/** A phone: each rate a small card. */
export const Phone: Story = {
  render: (args) => rates(args, demoRatesClient(), { width: '22rem' }),
  parameters: { billingState: { part: 'table' } },
};

/** Arabic, right to left, country names from the browser in Arabic. */
export const Arabic: Story = {
  args: { locale: 'ar' },
  render: (args) => rates(args, demoRatesClient(), { dir: 'rtl', lang: 'ar' }),
  parameters: { billingState: { part: 'table' } },
};

/** French, searched without the accent: "emirats" finds "Émirats arabes unis". */
export const FrenchSearch: Story = {
  args: { locale: 'fr', search: 'emirats' },
  parameters: { billingState: { part: 'row' } },
};

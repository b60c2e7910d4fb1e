// Storybook stories for <balance-usage-table>'s spend chart: every state of the chart under the summary.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { TemplateResult } from 'lit';
import '../src/define.js';
import type { BillingClient } from '../src/client/billing-client.js';
import type { UsageTableQuery } from '../src/components/balance-usage-table/usage-query.js';
import {
  failingSeriesClient,
  garbageSeriesClient,
  hangingSeriesClient,
  hugeSeriesClient,
  recentDaysQuery,
  yesterdayQuery,
  shuffledSeriesClient,
  zeroSeriesClient,
} from './spend-chart-fixtures.js';
import { usageClient } from './usage-fixtures.js';
import { usageTable, usageTableArgs, usageTableArgTypes, type UsageTableArgs } from './usage-table-story.js';

/** The table over the last 30 days by default: the chart draws the summary's period. */
function table(
  args: UsageTableArgs,
  client: BillingClient,
  query: Partial<UsageTableQuery> = recentDaysQuery(30),
  width?: string,
): TemplateResult {
  return usageTable(args, client, query, width);
}

const meta: Meta<UsageTableArgs> = {
  title: 'Widgets/Balance usage table/Spend chart',
  component: 'balance-usage-table',
  args: usageTableArgs,
  argTypes: usageTableArgTypes,
  render: (args) => table(args, usageClient(300)),
};

export default meta;

type Story = StoryObj<UsageTableArgs>;

/** Spend per day over 30 days under the summary; each bar is a keyboard stop that says its day, spend and calls. */
export const PerDay: Story = {};

/** A period of one day is drawn by the hour. */
export const PerHour: Story = {
  render: (args) => table(args, usageClient(3000), yesterdayQuery()),
};

/** One call in the whole period: one bar among empty days. */
export const OneBar: Story = {
  render: (args) => table(args, usageClient(1), recentDaysQuery(92)),
};

/** The series has not answered yet: a placeholder of the chart's size, so nothing moves when it arrives. */
export const Loading: Story = {
  render: (args) => table(args, hangingSeriesClient()),
};

/** Calls that cost nothing: no bars to draw, and a sentence says so. */
export const NoSpend: Story = {
  render: (args) => table(args, zeroSeriesClient()),
};

/** The series failed: the message and Try again (the summary above is unaffected). */
export const Failed: Story = {
  render: (args) => table(args, failingSeriesClient()),
};

/** A negative spend, a count that is not a number and another currency: the answer is refused with a clear message. */
export const HostileValues: Story = {
  render: (args) => table(args, garbageSeriesClient()),
};

/** Points out of order, one twice and some days left out: sorted, the twin left out, and both said. */
export const HostileOrderAndGaps: Story = {
  render: (args) => table(args, shuffledSeriesClient()),
};

/** One day near the largest amount a number holds exactly: the labels still read. */
export const HugeValue: Story = {
  render: (args) => table(args, hugeSeriesClient()),
};

/** Longer than the 400 days the series answers: a sentence instead of the chart. */
export const PeriodTooLong: Story = {
  render: (args) => table(args, usageClient(300), { period: 'custom', from: '2025-01-01', to: '2026-12-31' }),
};

/** Arabic: time runs right to left, so the first day is on the right and the arrow keys follow. */
export const Arabic: Story = {
  args: { locale: 'ar' },
};

/** At phone width. */
export const PhoneWidth: Story = {
  render: (args) => table(args, usageClient(300), recentDaysQuery(30), '22rem'),
};

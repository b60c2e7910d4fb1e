// The English of the words only <balance-usage-table>'s itemised list <billing-usage-grid> shows (its columns, rows and
// call details): imported by the grid, so it travels in the grid's chunk. Also every English word of the table in one
// object, for the public entry.
import type { BalanceUsageTableMessages, UsageGridMessages } from '../../i18n/messages/balance-usage-table.js';
import { defaultBalanceUsageTableShellMessages } from './messages.js';
import { defaultSpendChartMessages } from './spend-chart-messages.js';

export const defaultUsageGridMessages: UsageGridMessages = {
  dateColumn: 'Date and time',
  destinationColumn: 'Destination',
  durationColumn: 'Duration',
  priceColumn: 'Price',
  userColumn: 'User',
  duration: (minutes, seconds, formatted) =>
    seconds === 0 ? `${formatted.minutes} min` : `${formatted.minutes} min ${formatted.seconds} s`,
  gridHint: 'Use the arrow keys to move between calls; press Enter to see the rate and call ID.',
  loadingRow: 'Loading…',
  endOfList: (formattedCount, count) =>
    count === 1 ? 'End of list: the only call is shown.' : `End of list: all ${formattedCount} calls shown.`,
  countMismatch: (held, counted, count) =>
    count === 1 ? `The list holds 1 call, not the ${counted} counted.` : `The list holds ${held} calls, not the ${counted} counted.`,
  detailsTitle: 'Call details',
  callId: 'Call ID',
  ratePerMinute: (rate) => `${rate} per minute`,
  rateLabel: 'Rate',
  billedDuration: 'Billed duration',
  destination: 'Destination',
  closeDetails: 'Close details',
};

/** Every word <balance-usage-table> and its itemised list show, in English: what a host's `messages` and catalogs replace. */
export const defaultBalanceUsageTableMessages: BalanceUsageTableMessages = {
  ...defaultBalanceUsageTableShellMessages,
  ...defaultUsageGridMessages,
  ...defaultSpendChartMessages,
};

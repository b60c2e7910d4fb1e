// The English of the words only <balance-usage-table>'s spend chart <billing-spend-chart> shows: imported by the chart,
// so it travels in the chart's chunk, and by grid-messages.ts for the table's complete English.
import type { SpendChartMessages } from '../../i18n/messages/balance-usage-table.js';

export const defaultSpendChartMessages: SpendChartMessages = {
  chartTitle: { day: 'Spend per day', hour: 'Spend per hour' },
  chartPoint: (when, spend, calls) => `${when}: ${spend}, ${calls}`,
  chartHint: 'Use the arrow keys to move between bars; Home and End go to the first and last.',
  chartLoading: 'Loading the spend chart…',
  chartEmpty: 'No spend in this period.',
  chartError: 'The spend chart could not be loaded.',
  chartTooLong: (days) => `The chart covers at most ${days} days. Choose a shorter period to see it.`,
  chartDropped: (formatted, count) =>
    count === 1
      ? 'One value from the billing service could not be read and is left out.'
      : `${formatted} values from the billing service could not be read and are left out.`,
  chartGaps: 'The billing service left out some periods; the chart shows the ones it sent.',
  chartTable: 'Show the values as a table',
  chartBucketColumn: { day: 'Day', hour: 'Hour' },
  chartSpendColumn: 'Spend',
  chartCountColumn: 'Calls',
};

// <balance-usage-table chart="off">: the spend chart's code is never fetched (the table's idle prefetch skips it), while
// a table that shows the chart fetches it once the browser is idle. Its own file: the chart's module is one per page.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { recentDaysQuery } from '../../stories/spend-chart-fixtures.js';
import { usageClient } from '../../stories/usage-fixtures.js';
import { until } from '../helpers/dom.js';

const idle = () => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 50), { timeout: 3000 }));
/** Whether the page fetched the chart's module (spend-chart.ts), which defines the chart's element when it runs. */
const chartFetched = () => customElements.get('billing-spend-chart') !== undefined;

describe('<balance-usage-table> spend chart prefetch', () => {
  it('chart="off" never fetches the chart; chart="on" fetches it when idle', async () => {
    expect(chartFetched(), 'fetched before any table').to.equal(false);
    await fixture(
      html`<billing-provider .client=${usageClient(50)}>
        <balance-usage-table chart="off" .query=${recentDaysQuery(30)} time-zone="UTC"></balance-usage-table>
      </billing-provider>`,
    );
    await idle();
    await idle();
    expect(chartFetched()).to.equal(false);
    await fixture(
      html`<billing-provider .client=${usageClient(50)}>
        <balance-usage-table .query=${recentDaysQuery(30)} time-zone="UTC"></balance-usage-table>
      </billing-provider>`,
    );
    await until(chartFetched, 'the chart fetched', 5000);
  });
});

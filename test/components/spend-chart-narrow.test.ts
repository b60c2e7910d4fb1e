// The spend chart on a phone-narrow table (320px), by the hour, in French and Arabic: the readout and the table's summary
// take two lines there, and the chart still keeps the 16rem held for it whichever bar is focused (nothing below moves
// as the person moves along the bars, and the table does not grow when the chart arrives).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BalanceUsageTable } from '../../src/components/balance-usage-table/balance-usage-table.js';
import { yesterdayQuery } from '../../stories/spend-chart-fixtures.js';
import { usageClient } from '../../stories/usage-fixtures.js';
import { parts, until } from '../helpers/dom.js';

const rem = () => parseFloat(getComputedStyle(document.documentElement).fontSize);

describe('<balance-usage-table> spend chart at 320px', () => {
  for (const locale of ['fr-FR', 'ar-EG']) {
    it(`${locale}, by the hour: the chart keeps its 16rem whichever bar is focused`, async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="inline-size: 320px" dir=${locale === 'ar-EG' ? 'rtl' : 'ltr'}>
          <billing-provider .client=${usageClient(300)}>
            <balance-usage-table .query=${yesterdayQuery()} time-zone="UTC" locale=${locale}></balance-usage-table>
          </billing-provider>
        </div>`,
      );
      const table = wrapper.querySelector<BalanceUsageTable>('balance-usage-table')!;
      await until(() => parts(table, 'chart-bar').length === 24, 'hourly bars', 8000);
      const chart = table.shadowRoot!.querySelector<HTMLElement & { updateComplete: Promise<boolean> }>('billing-spend-chart')!;
      const heights = new Set<number>();
      for (const bar of parts(table, 'chart-bar')) {
        (bar as unknown as HTMLOrSVGElement).focus();
        await chart.updateComplete;
        heights.add(Math.round(chart.getBoundingClientRect().height));
      }
      expect([...heights]).to.deep.equal([16 * rem()]);
    });
  }
});

// <balance-usage-table> at 10,000,000 rows on a backend that pages by offset: the scrollbar dragged to the middle shows
// the right rows after a handful of requests, not the ~10,000 walk steps of cursors alone.
import { expect, fixtureCleanup } from '@open-wc/testing';
import '../../src/define.js';
import type { RequestOptions } from '../../src/client/billing-client.js';
import type { UsagePage, UsageQuery } from '../../src/client/schemas.js';
import type { BalanceUsageTable } from '../../src/components/balance-usage-table/balance-usage-table.js';
import { SyntheticUsageClient } from '../../bench/usage-table.synthetic.js';
import { until } from '../helpers/dom.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';
import { renderUsageList, scroller, shadow } from './usage-grid-helpers.js';

failOnUnhandledRejections(fixtureCleanup);

/** The synthetic ledger (whose cursors are row numbers) answering `offset` as the contract says, and counting requests. */
class OffsetLedger extends SyntheticUsageClient {
  readonly asked: UsageQuery[] = [];

  override async listUsage(query: UsageQuery, options?: RequestOptions): Promise<UsagePage> {
    this.asked.push(query);
    if (query.offset === undefined) return super.listUsage(query, options);
    const { offset, ...rest } = query;
    return { ...(await super.listUsage({ ...rest, cursor: offset === 0 ? null : btoa(String(offset)) }, options)), offset };
  }
}

/** The loaded rows drawn now, by list index. */
const loadedRows = (table: BalanceUsageTable): Map<number, HTMLElement> =>
  new Map(
    [...shadow(table).querySelectorAll<HTMLElement>('.body [role="row"]:not(.row--loading)')].map((row) => [
      Number(row.getAttribute('aria-rowindex')) - 2,
      row,
    ]),
  );

describe('<balance-usage-table> by offset at 10,000,000 rows', () => {
  it('dragged to the middle, shows the right rows after a handful of requests', async () => {
    const total = 10_000_000;
    const client = new OffsetLedger(total);
    const table = await renderUsageList(client);
    await until(() => loadedRows(table).has(0), 'the first row', 10_000);
    expect(scroller(table).getAttribute('aria-rowcount')).to.equal(String(total + 1));
    const before = client.asked.length;

    const element = scroller(table);
    element.scrollTop = (element.scrollHeight - element.clientHeight) / 2;
    await until(
      () => [...loadedRows(table).keys()].some((index) => index > total / 2 - 100 && index < total / 2 + 100),
      'rows in the middle',
      20_000,
    );
    const asked = client.asked.slice(before);
    expect(asked.length, JSON.stringify(asked)).to.be.at.most(5);
    expect(asked.some((query) => query.offset !== undefined)).to.equal(true);
    for (const [index, row] of loadedRows(table)) {
      if (index < total / 4) continue;
      expect(row.querySelector('.cell--user')!.textContent, `row ${index}`).to.equal(client.entry(index).user.name);
    }
  }).timeout(60_000);
});

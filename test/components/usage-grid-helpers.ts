// What the tests of <balance-usage-table>'s itemised list share: the table mounted at a Billing tab's width showing every
// call, and its private <billing-usage-grid>, scroller and rows as a person's screen has them.
import { fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BillingClient } from '../../src/client/billing-client.js';
import type { BalanceUsageTable } from '../../src/components/balance-usage-table/balance-usage-table.js';
import type { BillingUsageGrid } from '../../src/components/balance-usage-table/usage-grid.js';
import { allHistoryQuery } from '../../stories/usage-fixtures.js';
import { until } from '../helpers/dom.js';

export const gridOf = (table: BalanceUsageTable): BillingUsageGrid | null | undefined =>
  table.shadowRoot?.querySelector<BillingUsageGrid>('billing-usage-grid');
export const shadow = (table: BalanceUsageTable): ShadowRoot => gridOf(table)!.shadowRoot!;
export const scroller = (table: BalanceUsageTable): HTMLElement => shadow(table).querySelector<HTMLElement>('[role="grid"]')!;

/** The table on `client` listing every call (details view, UTC), once its first loaded row is drawn. */
export async function renderUsageList(client: BillingClient): Promise<BalanceUsageTable> {
  const table = await mountUsageList(client);
  await until(() => !!gridOf(table)?.shadowRoot?.querySelector('.body [role="row"]:not(.row--loading)'), 'the first rows', 10_000);
  return table;
}

/** The same table, just put on the page (in `timeZone`, UTC unless given). */
export async function mountUsageList(client: BillingClient, timeZone = 'UTC'): Promise<BalanceUsageTable> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="inline-size: 60rem">
      <balance-usage-table
        .client=${client}
        .query=${allHistoryQuery({ view: 'details' })}
        locale="en-US"
        time-zone=${timeZone}
      ></balance-usage-table>
    </div>`,
  );
  return wrapper.querySelector('balance-usage-table')!;
}

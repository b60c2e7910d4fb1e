// "Rate for Nigeria" in <balance-usage-table>'s call details: a link to `rates-href` that first fires a cancelable,
// composed billing-show-rates; no link without `rates-href`; the demo's wiring highlights the country in <usage-rates>.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BalanceUsageTable } from '../../src/components/balance-usage-table/balance-usage-table.js';
import { ShowRatesEvent } from '../../src/components/balance-usage-table/events.js';
import type { UsageRates } from '../../src/components/usage-rates/usage-rates.js';
import { allHistoryQuery, usageClient } from '../../stories/usage-fixtures.js';
import { normalise, part, parts, until } from '../helpers/dom.js';

async function openDetails(ratesHref?: string, locale = 'en'): Promise<BalanceUsageTable> {
  const el = await fixture<BalanceUsageTable>(
    html`<div style="inline-size: 60rem">
      <balance-usage-table
        locale=${locale}
        rates-href=${ratesHref ?? ''}
        .client=${usageClient(40)}
        .query=${allHistoryQuery({ view: 'details' })}
      ></balance-usage-table>
    </div>`,
  ).then((wrapper) => wrapper.querySelector('balance-usage-table')!);
  if (!ratesHref) el.removeAttribute('rates-href');
  await until(() => parts(el, 'row').some((row) => !row.classList.contains('row--loading')), 'rows');
  part(el, 'row')!.click();
  await until(() => part(el, 'detail-panel') !== null, 'the detail panel');
  // The table's words wait for its language's catalog; the list redraws with them.
  await el.updateComplete;
  await (el.shadowRoot!.querySelector('billing-usage-grid') as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return el;
}

afterEach(() => fixtureCleanup());

describe('"Rate for <country>" in the usage table’s call details', () => {
  it('links to rates-href, named in the table’s language, after a composed cancelable billing-show-rates', async () => {
    const el = await openDetails('#rates');
    const link = part(el, 'rates-link') as HTMLAnchorElement;
    const destination = normalise(part(el, 'row')!.querySelector('.cell--destination')!.textContent);
    expect(normalise(link.textContent)).to.equal(`Rate for ${destination}`);
    expect(link.getAttribute('href')).to.equal('#rates');
    const seen: ShowRatesEvent[] = [];
    const onShow = (event: ShowRatesEvent): void => {
      seen.push(event);
      event.preventDefault();
    };
    document.addEventListener('billing-show-rates', onShow);
    const hashBefore = location.hash;
    try {
      link.click();
    } finally {
      document.removeEventListener('billing-show-rates', onShow);
    }
    expect(seen).to.have.length(1);
    expect(seen[0]!.country).to.match(/^[A-Z]{2}$/);
    expect(seen[0]!.composed && seen[0]!.cancelable).to.equal(true);
    // Retargeted: the page sees the public element, never the private list.
    expect(seen[0]!.target).to.equal(el);
    expect(location.hash, 'canceled: the link is not followed').to.equal(hashBefore);
  });

  it('is followed when nobody cancels the event', async () => {
    const el = await openDetails('#rates-followed');
    (part(el, 'rates-link') as HTMLAnchorElement).click();
    expect(location.hash).to.equal('#rates-followed');
    history.replaceState(null, '', location.pathname + location.search);
  });

  it('shows the rate as plain text, with no link, without rates-href', async () => {
    const el = await openDetails();
    expect(part(el, 'rates-link')).to.equal(null);
    expect(normalise(part(el, 'detail-panel')!.textContent)).to.match(/per minute/);
  });

  it('is worded in the table’s language (German)', async () => {
    const el = await openDetails('#rates', 'de');
    expect(normalise(part(el, 'rates-link')!.textContent)).to.match(/^Tarif für \S/);
  });

  it('a host wiring it to <usage-rates> highlights and focuses the country’s row', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div>
        <div style="inline-size: 60rem">
          <balance-usage-table
            rates-href="#rates"
            .client=${usageClient(40)}
            .query=${allHistoryQuery({ view: 'details' })}
          ></balance-usage-table>
        </div>
        <usage-rates id="rates" .client=${usageClient(40)}></usage-rates>
      </div>`,
    );
    const table = wrapper.querySelector('balance-usage-table')!;
    const rates = wrapper.querySelector<UsageRates>('usage-rates')!;
    wrapper.addEventListener('billing-show-rates', (event) => {
      event.preventDefault();
      rates.country = event.country;
    });
    await until(() => part(rates, 'table') !== null, 'rates');
    await until(() => parts(table, 'row').some((row) => !row.classList.contains('row--loading')), 'rows');
    part(table, 'row')!.click();
    await until(() => part(table, 'rates-link') !== null, 'the link');
    part(table, 'rates-link')!.click();
    await rates.updateComplete;
    const highlighted = part(rates, 'row-highlighted')!;
    expect(highlighted.dataset['country']).to.equal(rates.country);
    expect(rates.shadowRoot!.activeElement).to.equal(highlighted);
  });
});

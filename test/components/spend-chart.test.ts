// <balance-usage-table>'s spend chart: bars for the table's filters in its zone, values spoken per bar, keyboard (roving
// tabindex, arrows mirrored in Arabic, Home/End), the table fallback, every state, hostile answers, and chart="off".
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BillingClient } from '../../src/client/billing-client.js';
import type { UsageSeriesQuery } from '../../src/client/schemas.js';
import type { BalanceUsageTable } from '../../src/components/balance-usage-table/balance-usage-table.js';
import { chartRange, readSeries } from '../../src/components/balance-usage-table/spend-chart-data.js';
import type { UsageTableQuery } from '../../src/components/balance-usage-table/usage-query.js';
import {
  failingSeriesClient,
  garbageSeriesClient,
  recentDaysQuery,
  yesterdayQuery,
  shuffledSeriesClient,
  zeroSeriesClient,
} from '../../stories/spend-chart-fixtures.js';
import { usageClient } from '../../stories/usage-fixtures.js';
import { normalise, part, parts, until } from '../helpers/dom.js';

async function mount(
  client: BillingClient,
  query: Partial<UsageTableQuery> = recentDaysQuery(30),
  attrs: { locale?: string; chart?: string } = {},
) {
  const el = await fixture<BalanceUsageTable>(
    html`<billing-provider .client=${client}>
      <balance-usage-table
        .query=${query}
        time-zone="America/New_York"
        locale=${attrs.locale ?? 'en'}
        chart=${attrs.chart ?? 'on'}
      ></balance-usage-table>
    </billing-provider>`,
  );
  return el.querySelector('balance-usage-table') as BalanceUsageTable;
}

const bars = (table: Element) => parts(table, 'chart-bar');
const focused = (table: Element) => table.shadowRoot?.querySelector('billing-spend-chart')?.shadowRoot?.activeElement;

afterEach(() => fixtureCleanup());

describe('spend chart data', () => {
  it('takes hours up to two days and days beyond; longer than 400 days is refused', () => {
    const from = '2026-03-01T05:00:00.000Z';
    expect(chartRange({ from, to: '2026-03-03T05:00:00.000Z' })).to.include({ bucket: 'hour' });
    expect(chartRange({ from, to: '2026-03-03T06:00:00.000Z' })).to.include({ bucket: 'day' });
    expect(chartRange({ from, to: '2027-06-01T00:00:00.000Z' })).to.deep.equal({ tooLong: true });
    expect(chartRange({})).to.equal(undefined);
  });

  it('reads a hostile answer into sorted, unique, finite bars and counts what it left out', () => {
    const money = (amount: number, currency = 'USD') => ({ amount, currency });
    const day = (d: number) => `2026-03-0${d}T05:00:00.000Z`;
    const series = readSeries(
      {
        total: money(700),
        points: [
          { start: day(3), spend: money(300), count: 3 },
          { start: day(1), spend: money(400), count: 4 },
          { start: day(1), spend: money(400), count: 4 },
          { start: day(2), spend: money(-1), count: 1 },
          { start: day(2), spend: money(Number.NaN), count: 1 },
          { start: day(2), spend: money(5, 'EUR'), count: 1 },
          { start: 'yesterday', spend: money(5), count: 1 },
          { start: day(4), spend: money(5), count: 1.5 },
        ],
      },
      Date.parse(day(1)),
      Date.parse('2026-03-05T05:00:00.000Z'),
      'day',
    );
    expect(series.bars.map((bar) => bar.spend.amount)).to.deep.equal([400, 300]);
    expect(series.dropped).to.equal(6);
    expect(series.gaps).to.equal(true);
    expect(series.maxAmount).to.equal(400);
    expect(() => readSeries({ points: 'none' }, 0, 1, 'day')).to.throw(TypeError);
  });
});

describe('<balance-usage-table> spend chart', () => {
  it('draws one bar per day of the filters in the table zone, each saying its day, spend and calls, and sums to the summary', async () => {
    const client = usageClient(300);
    const asked: UsageSeriesQuery[] = [];
    const original = client.getUsageSeries.bind(client);
    client.getUsageSeries = (query, options) => {
      asked.push(query);
      return original(query, options);
    };
    const table = await mount(client);
    await until(() => bars(table).length > 0, 'the bars', 8000);
    expect(bars(table)).to.have.length(30);
    expect(asked[0]).to.include({ timeZone: 'America/New_York', bucket: 'day' });
    const labels = bars(table).map((bar) => normalise(bar.getAttribute('aria-label')));
    expect(
      labels.every((label) => /^[A-Z][a-z]{2} \d{1,2}: \$[\d,.]+, (1 call|[\d,]+ calls)$/.test(label)),
      labels.join('\n'),
    ).to.equal(true);
    const answer = await original(asked[0] as UsageSeriesQuery);
    const summary = await client.getUsageSummary({ from: asked[0]?.from, to: asked[0]?.to });
    expect(answer.total).to.deep.equal(summary.total);
    // The table fallback lists the same values.
    expect(part(table, 'chart-table')?.querySelectorAll('tbody tr')).to.have.length(30);
  });

  it('roving tabindex: one stop, arrows move by a bar, Home and End to the ends; in Arabic the arrows mirror', async () => {
    for (const locale of ['en', 'ar']) {
      const table = await mount(usageClient(300), recentDaysQuery(30), { locale });
      await until(() => bars(table).length === 30, 'the bars', 8000);
      const all = bars(table);
      expect(all.filter((bar) => bar.getAttribute('tabindex') === '0')).to.have.length(1);
      const last = all[29] as HTMLElement;
      expect(last.getAttribute('tabindex')).to.equal('0');
      last.focus();
      const press = async (key: string) => {
        focused(table)?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
        await table.updateComplete;
        await new Promise((resolve) => requestAnimationFrame(resolve));
      };
      await press(locale === 'ar' ? 'ArrowRight' : 'ArrowLeft');
      expect(focused(table)).to.equal(bars(table)[28]);
      await press('Home');
      expect(focused(table)).to.equal(bars(table)[0]);
      await press(locale === 'ar' ? 'ArrowRight' : 'ArrowLeft');
      expect(focused(table)).to.equal(bars(table)[0]);
      await press('End');
      expect(focused(table)).to.equal(bars(table)[29]);
      expect(bars(table).filter((bar) => bar.getAttribute('tabindex') === '0')).to.deep.equal([bars(table)[29]]);
      // Time runs with the reading direction: the first bar is at the inline start.
      const x = (bar: Element | undefined) => bar?.getBoundingClientRect().left ?? 0;
      expect(x(bars(table)[0]) < x(bars(table)[29])).to.equal(locale === 'en');
      fixtureCleanup();
    }
  });

  it('a period of one day is drawn by the hour', async () => {
    const table = await mount(usageClient(3000), yesterdayQuery());
    await until(() => bars(table).length > 0, 'the bars', 8000);
    expect(bars(table).length).to.be.within(23, 25);
  });

  it('states: failed with Try again, no spend, hostile values refused, gaps and twins said; never NaN', async () => {
    const failing = failingSeriesClient(1);
    let table = await mount(failing);
    await until(
      () => part(table, 'retry-button') !== null && normalise(part(table, 'spend-chart')?.textContent).includes('could not be loaded'),
      'the error',
      8000,
    );
    (parts(table, 'retry-button').at(-1) as HTMLElement).click();
    await until(() => bars(table).length === 30, 'the bars after Try again', 8000);
    fixtureCleanup();

    table = await mount(zeroSeriesClient());
    await until(() => normalise(part(table, 'spend-chart')?.textContent).includes('No spend in this period.'), 'the empty sentence', 8000);
    fixtureCleanup();

    table = await mount(garbageSeriesClient());
    await until(
      () =>
        part(table, 'spend-chart')?.querySelector('[part~="error"]') !== null ||
        normalise(part(table, 'spend-chart')?.textContent).includes('could not be loaded'),
      'the refusal',
      8000,
    );
    expect(normalise(part(table, 'spend-chart')?.textContent)).not.to.match(/NaN/);
    fixtureCleanup();

    table = await mount(shuffledSeriesClient());
    await until(() => bars(table).length > 0, 'the bars', 8000);
    const notes = parts(table, 'chart-note').map((note) => normalise(note.textContent));
    expect(notes).to.include('The billing service left out some periods; the chart shows the ones it sent.');
    expect(notes).to.include('One value from the billing service could not be read and is left out.');
    const starts = [...(part(table, 'chart-table')?.querySelectorAll('tbody th') ?? [])].map((cell) => cell.textContent);
    expect(starts).to.have.length(25);
    expect(normalise(part(table, 'spend-chart')?.textContent)).not.to.match(/NaN/);
  });

  it('chart="off" reads no series and draws nothing; a backend without getUsageSeries gets no chart', async () => {
    const client = usageClient(300);
    let asked = 0;
    const original = client.getUsageSeries.bind(client);
    client.getUsageSeries = (query, options) => {
      asked++;
      return original(query, options);
    };
    const table = await mount(client, recentDaysQuery(30), { chart: 'off' });
    await until(() => parts(table, 'summary-table').length > 0, 'the summary', 8000);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect([asked, part(table, 'spend-chart')]).to.deep.equal([0, null]);
    fixtureCleanup();

    const without = usageClient(300) as BillingClient;
    Object.defineProperty(without, 'getUsageSeries', { value: undefined });
    const plain = await mount(without);
    await until(() => parts(plain, 'summary-table').length > 0, 'the summary', 8000);
    expect(plain.shadowRoot?.querySelector('billing-spend-chart')).to.equal(null);
  });
});

// <balance-usage-table> and its pure modules: periods across DST, paging, CSV export, totals, sort, virtual rows, keyboard, hostile text, states.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { PropertyValues } from 'lit';
import '../../src/define.js';
import type { BillingClient } from '../../src/client/billing-client.js';
import { HttpBillingClient } from '../../src/client/http-client.js';
import type { MockBillingClient } from '../../src/client/mock/mock-client.js';
import type { UsageEntry, UsageFilters, UsagePage, UsageSort } from '../../src/client/schemas.js';
import { BalanceUsageTable as BalanceUsageTableElement } from '../../src/components/balance-usage-table/balance-usage-table.js';
import type { BalanceUsageTable } from '../../src/components/balance-usage-table/balance-usage-table.js';
import { csvField, exportUsageCsv, USAGE_CSV_COLUMNS } from '../../src/components/balance-usage-table/csv-export.js';
import { UsageExportEvent, UsageQueryChangeEvent } from '../../src/components/balance-usage-table/events.js';
import { UsagePager } from '../../src/components/balance-usage-table/usage-pager.js';
import { UsagePagingError } from '../../src/components/balance-usage-table/usage-paging-error.js';
import {
  formatUsageTime,
  isoWithOffset,
  normaliseUsageQuery,
  periodRange,
  startOfDay,
  usageFilters,
  type UsageTableQuery,
} from '../../src/components/balance-usage-table/usage-query.js';
import { visibleWindow } from '../../src/components/balance-usage-table/virtual-window.js';
import { formatMoney } from '../../src/money/money.js';
import {
  allHistoryQuery,
  failingUsageClient,
  HOSTILE_USER_NAMES,
  hostileUsageClient,
  overcountedUsageClient,
  repeatingCursorUsageClient,
  usageClient,
} from '../../stories/usage-fixtures.js';
import * as usageStories from '../../stories/balance-usage-table.stories.js';
import { part, until } from '../helpers/dom.js';
import { mountUsageList } from './usage-grid-helpers.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';

const NY = 'America/New_York';
const at = (iso: string) => Date.parse(iso);

/** Waits for a condition; the itemised tests page through large fixtures, so longer than the shared default. */
const waitFor = (predicate: () => boolean, what: string, timeoutMs = 8000): Promise<void> => until(predicate, what, timeoutMs);

function normalise(text: string | null | undefined): string {
  return (text ?? '')
    .replace(/[\u2066-\u2069]/g, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every entry for the filters, straight from the client, in `sort` order. */
async function allEntries(client: BillingClient, filters: UsageFilters, sort: UsageSort = 'date_desc'): Promise<UsageEntry[]> {
  const entries: UsageEntry[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await client.listUsage({ ...filters, sort, cursor, limit: 500 });
    entries.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

/** A small RFC 4180 reader, enough to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else field += char;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

async function renderTable(client: BillingClient, query: Partial<UsageTableQuery>, width = '60rem'): Promise<BalanceUsageTable> {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="inline-size: ${width}">
      <balance-usage-table .client=${client} .query=${query} locale="en-US" time-zone=${NY}></balance-usage-table>
    </div>`,
  );
  const table = wrapper.querySelector('balance-usage-table')!;
  await table.updateComplete; // the first render has a task of its own (BillingElement.scheduleUpdate)
  await waitFor(() => !table.shadowRoot!.querySelector('[aria-busy="true"]'), 'the summary');
  return table;
}

/**
 * What a person sees of the table, queried as one: its shadow root and, once rendered, the shadow root of its itemised
 * level (<billing-usage-grid>); `activeElement` is the focused element in whichever holds it.
 */
function root(table: BalanceUsageTable) {
  const roots = (): ShadowRoot[] => {
    const outer = table.shadowRoot!;
    const inner = outer.querySelector('billing-usage-grid')?.shadowRoot;
    return inner ? [outer, inner] : [outer];
  };
  return {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- ParentNode.querySelector's own signature
    querySelector<E extends Element = HTMLElement>(selector: string): E | null {
      for (const shadow of roots()) {
        const found = shadow.querySelector<E>(selector);
        if (found) return found;
      }
      return null;
    },
    querySelectorAll<E extends Element = HTMLElement>(selector: string): E[] {
      return roots().flatMap((shadow) => [...shadow.querySelectorAll<E>(selector)]);
    },
    get activeElement(): Element | null {
      const outer = table.shadowRoot!.activeElement;
      return outer?.shadowRoot?.activeElement ?? outer;
    },
    get textContent(): string {
      return roots()
        .map((shadow) => shadow.textContent)
        .join(' ');
    },
  };
}
const dataRows = (table: BalanceUsageTable) =>
  [...root(table).querySelectorAll('.body [role="row"]')].filter((row) => !row.classList.contains('row--loading'));
const findGrid = (table: BalanceUsageTable) => root(table).querySelector('[role="grid"]');
const grid = (table: BalanceUsageTable) => findGrid(table)!;

async function rowsLoaded(table: BalanceUsageTable): Promise<void> {
  await waitFor(() => !!findGrid(table) && dataRows(table).length > 0 && !root(table).querySelector('.row--loading'), 'rows');
}

failOnUnhandledRejections(fixtureCleanup);

describe('usage periods (pure, explicit time zone)', () => {
  it('starts days at local midnight on both sides of the March 2026 DST change in New York', () => {
    expect(startOfDay({ year: 2026, month: 3, day: 8 }, NY)).to.equal(at('2026-03-08T05:00:00Z'));
    expect(startOfDay({ year: 2026, month: 3, day: 9 }, NY)).to.equal(at('2026-03-09T04:00:00Z'));
    // The day the clocks spring forward has 23 hours; the one they fall back, 25.
    expect(startOfDay({ year: 2026, month: 3, day: 9 }, NY) - startOfDay({ year: 2026, month: 3, day: 8 }, NY)).to.equal(23 * 3_600_000);
    expect(startOfDay({ year: 2026, month: 11, day: 1 }, NY)).to.equal(at('2026-11-01T04:00:00Z'));
    expect(startOfDay({ year: 2026, month: 11, day: 2 }, NY)).to.equal(at('2026-11-02T05:00:00Z'));
  });

  it('gives this month, last month and the last 30 days as whole local days', () => {
    expect(periodRange(normaliseUsageQuery({ period: 'this_month' }), at('2026-03-15T12:00:00Z'), NY)).to.deep.equal({
      fromMs: at('2026-03-01T05:00:00Z'),
      toMs: at('2026-04-01T04:00:00Z'),
    });
    expect(periodRange(normaliseUsageQuery({ period: 'last_month' }), at('2026-11-15T12:00:00Z'), NY)).to.deep.equal({
      fromMs: at('2026-10-01T04:00:00Z'),
      toMs: at('2026-11-01T04:00:00Z'),
    });
    // 00:30 UTC on 1 December is still 30 November in New York.
    expect(periodRange(normaliseUsageQuery({ period: 'this_month' }), at('2026-12-01T00:30:00Z'), NY).fromMs).to.equal(
      at('2026-11-01T04:00:00Z'),
    );
    expect(periodRange(normaliseUsageQuery({ period: 'last_30_days' }), at('2026-03-20T12:00:00Z'), NY)).to.deep.equal({
      fromMs: at('2026-02-19T05:00:00Z'),
      toMs: at('2026-03-21T04:00:00Z'),
    });
    const custom = normaliseUsageQuery({ period: 'custom', from: '2026-11-01', to: '2026-10-31' });
    expect([custom.from, custom.to]).to.deep.equal(['2026-10-31', '2026-11-01']);
    expect(periodRange(custom, at('2026-11-20T00:00:00Z'), NY)).to.deep.equal({
      fromMs: at('2026-10-31T04:00:00Z'),
      toMs: at('2026-11-02T05:00:00Z'),
    });
    expect(normaliseUsageQuery({ period: 'custom', from: '2026-02-30', to: '2026-03-01' }).period).to.equal('last_30_days');
  });

  it('writes times with the offset in force at that instant and names the zone', () => {
    expect(isoWithOffset(at('2026-03-08T06:59:59Z'), NY)).to.equal('2026-03-08T01:59:59-05:00');
    expect(isoWithOffset(at('2026-03-08T07:00:00Z'), NY)).to.equal('2026-03-08T03:00:00-04:00');
    expect(isoWithOffset(at('2026-11-01T05:30:00Z'), NY)).to.equal('2026-11-01T01:30:00-04:00');
    expect(isoWithOffset(at('2026-11-01T06:30:00Z'), NY)).to.equal('2026-11-01T01:30:00-05:00');
    expect(isoWithOffset(at('2026-06-01T12:00:00Z'), 'Asia/Kolkata')).to.equal('2026-06-01T17:30:00+05:30');
    expect(formatUsageTime(at('2026-03-08T06:59:59Z'), 'en-US', NY)).to.match(/Mar 8, 2026.*1:59\sAM EST/);
    expect(formatUsageTime(at('2026-03-08T07:00:00Z'), 'en-US', NY)).to.match(/Mar 8, 2026.*3:00\sAM EDT/);
  });

  it('keeps at most the cap of rows in the window, whatever the viewport', () => {
    const window = visibleWindow({ scrollTop: 0, viewportHeight: 100_000, rowHeight: 48, rowCount: 100_000, overscan: 8, maxRows: 59 });
    expect(window.end - window.start).to.equal(59);
    const end = visibleWindow({ scrollTop: 99_999 * 48, viewportHeight: 480, rowHeight: 48, rowCount: 100_000, overscan: 8, maxRows: 59 });
    expect(end.end).to.equal(100_000);
  });
});

describe('UsagePager: random access over cursor pages', () => {
  it('reads every entry exactly once, page edges included, whether walked or jumped to', async () => {
    const client = usageClient(1_037);
    const filters = usageFilters(normaliseUsageQuery(allHistoryQuery()), Date.now(), NY);
    const expected = (await allEntries(client, filters, 'price_asc')).map((entry) => entry.id);
    expect(expected.length).to.equal(1_037);

    const pager = new UsagePager(client, { filters, sort: 'price_asc', pageSize: 100, maxCachedPages: 3, walkSize: 300 });
    // Straight to the last page first: the pager walks there, keeping only cursors.
    await pager.ensure(1_030, 1_037);
    expect(pager.entryAt(1_036)?.id).to.equal(expected[1_036]);
    expect(pager.totalCount).to.equal(1_037);
    const seen: string[] = [];
    for (let start = 0; start < 1_037; start += 50) {
      await pager.ensure(start, Math.min(1_037, start + 50));
      for (let index = start; index < Math.min(1_037, start + 50); index++) seen.push(pager.entryAt(index)?.id ?? 'missing');
      expect(pager.cachedPageCount).to.be.at.most(3);
    }
    expect(seen).to.deep.equal(expected);
    expect(new Set(seen).size).to.equal(1_037);
    // The entries either side of a page edge are two different entries.
    expect(seen[99]).not.to.equal(seen[100]);
  });

  it('reads the last pages from the opposite sort instead of walking every page before them', async () => {
    const client = usageClient(5_000);
    const filters = usageFilters(normaliseUsageQuery(allHistoryQuery()), Date.now(), NY);
    const expected = (await allEntries(client, filters, 'date_desc')).map((entry) => entry.id);
    let requests = 0;
    const listUsage = client.listUsage.bind(client);
    client.listUsage = (query, options) => {
      requests += 1;
      return listUsage(query, options);
    };
    const pager = new UsagePager(client, { filters, sort: 'date_desc', pageSize: 100 });
    await pager.ensure(0, 20);
    await pager.ensure(4_950, 5_000);
    expect(requests).to.be.at.most(3);
    const tail: string[] = [];
    for (let index = 4_850; index < 5_000; index++) {
      if (!pager.entryAt(index)) await pager.ensure(index, Math.min(5_000, index + 50));
      tail.push(pager.entryAt(index)?.id ?? 'missing');
    }
    expect(tail).to.deep.equal(expected.slice(4_850));
    // A page edge in a range read from the end (4,899 | 4,900) holds two different entries, each once.
    expect(new Set(tail).size).to.equal(150);
  });
});

describe('UsagePager against backends that bend the contract', () => {
  const filters = () => usageFilters(normaliseUsageQuery(allHistoryQuery()), Date.now(), NY);

  it('walks a backend that caps limit at whole pages (200 where 500 were asked) to the right rows', async () => {
    const client = usageClient(1_037);
    const expected = (await allEntries(client, filters(), 'date_desc')).map((entry) => entry.id);
    const listUsage = client.listUsage.bind(client);
    client.listUsage = (query, options) => listUsage({ ...query, limit: Math.min(query.limit ?? 100, 200) }, options);
    const pager = new UsagePager(client, { filters: filters(), sort: 'date_desc', pageSize: 100, walkSize: 500, mirrorSorts: false });
    await pager.ensure(700, 760);
    const ids: string[] = [];
    for (let index = 700; index < 760; index++) ids.push(pager.entryAt(index)?.id ?? 'missing');
    expect(ids).to.deep.equal(expected.slice(700, 760));
    expect(pager.totalCount).to.equal(1_037);
  });

  it('a totalCount above the pages gives way to the rows read once the last page is seen', async () => {
    const pager = new UsagePager(overcountedUsageClient(20, 500), { filters: filters(), sort: 'date_desc', pageSize: 100 });
    await pager.ensure(0, 19);
    expect([pager.totalCount, pager.countedTotal, pager.endKnown, pager.answerCount]).to.deep.equal([20, 500, true, 1]);
    // Rows past the end: resolves without asking again, and nothing there.
    await pager.ensure(100, 150);
    expect(pager.answerCount).to.equal(1);
    expect(pager.entryAt(120)).to.equal(undefined);
  });
});

describe('CSV export', () => {
  it('neutralises formula starts and quotes per RFC 4180', () => {
    expect(csvField('plain')).to.equal('plain');
    expect(csvField('a,b')).to.equal('"a,b"');
    expect(csvField('say "hi"')).to.equal('"say ""hi"""');
    expect(csvField('line\nbreak')).to.equal('"line\nbreak"');
    expect(csvField('=1+1')).to.equal("'=1+1");
    expect(csvField('+1 555')).to.equal("'+1 555");
    expect(csvField('-2')).to.equal("'-2");
    expect(csvField('@SUM(A1)')).to.equal("'@SUM(A1)");
    expect(csvField('\tx')).to.equal("'\tx");
    expect(csvField('\rx')).to.equal('"\'\rx"');
    expect(csvField('=HYPERLINK("x","y")')).to.equal('"\'=HYPERLINK(""x"",""y"")"');
  });

  it('exports every page of the filtered range, hostile text included, with decimals, currency and offsets', async () => {
    const client = hostileUsageClient(40);
    const filters = usageFilters(normaliseUsageQuery(allHistoryQuery()), Date.now(), NY);
    const progress: number[] = [];
    const file = await exportUsageCsv(client, {
      filters,
      timeZone: NY,
      pageSize: 7,
      onProgress: ({ done, total }) => {
        progress.push(done);
        expect(total).to.equal(40);
      },
    });
    expect(file.type).to.equal('text/csv;charset=utf-8');
    expect(progress).to.deep.equal([7, 14, 21, 28, 35, 40]);
    const text = await file.text();
    expect(text.endsWith('\r\n')).to.equal(true);
    const rows = parseCsv(text.replace(/^\ufeff/, ''));
    expect(rows[0]).to.deep.equal([...USAGE_CSV_COLUMNS]);
    const body = rows.slice(1);
    const expected = await allEntries(client, filters, 'date_asc');
    expect(body.map((row) => row[0])).to.deep.equal(expected.map((entry) => entry.id));
    for (const [index, row] of body.entries()) {
      const entry = expected[index]!;
      expect(row).to.have.length(USAGE_CSV_COLUMNS.length);
      expect(row[1]).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      expect(Date.parse(row[1]!)).to.equal(Date.parse(entry.occurredAt));
      expect(row[8]).to.match(/^\d+\.\d{2}$/);
      expect(Math.round(Number(row[8]) * 100)).to.equal(entry.price.amount);
      expect(row[9]).to.equal('USD');
      const name = entry.user.name;
      expect(row[11]).to.equal(/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);
    }
    const names = new Set(body.map((row) => row[11]));
    expect(names.has(`'${HOSTILE_USER_NAMES.usr_marcus_oyelaran}`)).to.equal(true);
    expect(names.has(HOSTILE_USER_NAMES.usr_priya_raman)).to.equal(true);
    expect(names.has(HOSTILE_USER_NAMES.usr_dana_whitfield)).to.equal(true);
    // No cell a spreadsheet would run as a formula.
    for (const row of body) for (const cell of row) expect(cell).not.to.match(/^[=+\-@\t\r]/);
  });

  it('stops when cancelled', async () => {
    const client = usageClient(300);
    const controller = new AbortController();
    const filters = usageFilters(normaliseUsageQuery(allHistoryQuery()), Date.now(), NY);
    let pages = 0;
    const exported = exportUsageCsv(client, {
      filters,
      timeZone: NY,
      pageSize: 10,
      signal: controller.signal,
      onProgress: () => {
        pages += 1;
        if (pages === 2) controller.abort();
      },
    });
    let failure: unknown;
    await exported.catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(DOMException);
    expect(pages).to.equal(2);
  });
});

describe('<balance-usage-table>', () => {
  it('shows one row per type with count and total, and View details opens the itemised level', async () => {
    const client = usageClient(120);
    const table = await renderTable(client, allHistoryQuery());
    const summary = await client.getUsageSummary(usageFilters(table.currentQuery, Date.now(), NY));
    const text = normalise(root(table).querySelector('[part="summary-table"]')?.textContent);
    expect(text).to.include('Outbound International Call');
    expect(text).to.include('120 calls');
    expect(text).to.include(`Total for the period 120 calls ${formatMoney(summary.total, 'en-US')}`);
    const changes: UsageTableQuery[] = [];
    table.addEventListener('billing-usage-query-change', (event: UsageQueryChangeEvent) => changes.push(event.query));
    root(table).querySelector<HTMLButtonElement>('[part="view-details-button"]')!.click();
    expect(changes.at(-1)).to.include({ view: 'details', type: 'outbound_international_call' });
    await rowsLoaded(table);
    expect(grid(table).getAttribute('aria-rowcount')).to.equal('121');
    await expect(table).to.be.accessible();
  });

  for (const [name, patch] of [
    ['all history', {}],
    ['one user', { userId: 'usr_priya_raman' }],
    ['last 30 days', { period: 'last_30_days' as const }],
    ['this month and one user', { period: 'this_month' as const, userId: 'usr_dana_whitfield' }],
  ] as const) {
    it(`shows totals equal to the itemised sum: ${name}`, async () => {
      const client = usageClient(400);
      const query = patch.period ? { view: 'details' as const, ...patch } : allHistoryQuery({ view: 'details', ...patch });
      const table = await renderTable(client, query);
      const entries = await allEntries(client, usageFilters(table.currentQuery, Date.now(), NY));
      const sum = entries.reduce((total, entry) => total + entry.price.amount, 0);
      if (entries.length === 0) {
        expect(normalise(root(table).textContent)).to.include('No usage in this period');
        return;
      }
      const totals = normalise(root(table).querySelector('[part="totals"]')?.textContent);
      expect(totals).to.include(formatMoney({ amount: sum, currency: 'USD' }, 'en-US'));
      expect(totals).to.include(entries.length === 1 ? '1 call' : `${entries.length.toLocaleString('en-US')} calls`);
      expect(grid(table).getAttribute('aria-rowcount')).to.equal(String(entries.length + 1));
    });
  }

  it('filters by user from the filter bar, fires the query change and shows that user only', async () => {
    const client = usageClient(300);
    const table = await renderTable(client, allHistoryQuery({ view: 'details' }));
    await rowsLoaded(table);
    const changes: UsageTableQuery[] = [];
    table.addEventListener('billing-usage-query-change', (event) => changes.push(event.query));
    const select = [...root(table).querySelectorAll<HTMLSelectElement>('select')].find((candidate) =>
      [...candidate.options].some((option) => option.value === 'usr_kenji_watanabe'),
    )!;
    select.value = 'usr_kenji_watanabe';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(changes).to.have.length(1);
    expect(changes[0]).to.include({ view: 'details', userId: 'usr_kenji_watanabe', period: 'custom' });
    const entries = await allEntries(client, usageFilters(table.currentQuery, Date.now(), NY));
    await waitFor(() => findGrid(table)?.getAttribute('aria-rowcount') === String(entries.length + 1), 'the filtered list');
    await rowsLoaded(table);
    const users = new Set(dataRows(table).map((row) => row.querySelector('.cell--user')?.textContent));
    expect([...users]).to.deep.equal(['Kenji Watanabe']);
    const sum = entries.reduce((total, entry) => total + entry.price.amount, 0);
    expect(normalise(root(table).querySelector('[part="totals"]')?.textContent)).to.include(
      formatMoney({ amount: sum, currency: 'USD' }, 'en-US'),
    );
  });

  it('sorts by price and by date from the column headers, with aria-sort', async () => {
    const client = usageClient(200);
    const table = await renderTable(client, allHistoryQuery({ view: 'details', sort: 'price_desc' }));
    await rowsLoaded(table);
    const prices = () =>
      dataRows(table)
        .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
        .map((row) => Number(normalise(row.querySelector('.cell--price')?.textContent).replace(/[^\d.]/g, '')));
    const descending = prices();
    expect(descending.length).to.be.greaterThan(5);
    expect([...descending].sort((a, b) => b - a)).to.deep.equal(descending);
    const headers = [...root(table).querySelectorAll('[role="columnheader"]')];
    expect(headers[4]!.getAttribute('aria-sort')).to.equal('descending');
    expect(headers[0]!.getAttribute('aria-sort')).to.equal('none');

    headers[4]!.querySelector('button')!.click();
    await waitFor(() => table.currentQuery.sort === 'price_asc', 'price ascending');
    await rowsLoaded(table);
    await waitFor(() => prices()[0]! <= prices().at(-1)!, 'ascending rows');
    expect([...prices()].sort((a, b) => a - b)).to.deep.equal(prices());

    root(table).querySelectorAll('[role="columnheader"]')[0]!.querySelector('button')!.click();
    await waitFor(() => table.currentQuery.sort === 'date_desc', 'date descending');
    // The list reads its new order while the summary loads: its rows, not the price-sorted ones still in place.
    await table.updateComplete;
    await rowsLoaded(table);
    const expected = (await allEntries(client, usageFilters(table.currentQuery, Date.now(), NY), 'date_desc')).slice(0, 3);
    const firstRow = root(table).querySelector('[aria-rowindex="2"]')!;
    expect(normalise(firstRow.textContent)).to.include(expected[0]!.destinationName);
    expect(root(table).querySelectorAll('[role="columnheader"]')[0]!.getAttribute('aria-sort')).to.equal('descending');
  });

  it('keeps at most 60 rows in the DOM for 100,000 entries and reaches the last row by scrolling', async () => {
    const client = usageClient(100_000);
    const table = await renderTable(client, allHistoryQuery({ view: 'details' }));
    await rowsLoaded(table);
    const scroller = grid(table);
    expect(scroller.getAttribute('aria-rowcount')).to.equal('100001');
    expect(root(table).querySelectorAll('[role="row"]').length).to.be.at.most(60);
    scroller.scrollTop = scroller.scrollHeight / 2;
    await waitFor(() => !!root(table).querySelector('[aria-rowindex="50001"]:not(.row--loading)'), 'the middle row', 20_000);
    expect(root(table).querySelectorAll('[role="row"]').length).to.be.at.most(60);
    scroller.scrollTop = scroller.scrollHeight;
    await waitFor(() => !!root(table).querySelector('[aria-rowindex="100001"]:not(.row--loading)'), 'the last row', 30_000);
    expect(root(table).querySelectorAll('[role="row"]').length).to.be.at.most(60);
    const last = await client.listUsage({ ...usageFilters(table.currentQuery, Date.now(), NY), sort: 'date_asc', limit: 1 });
    const lastRow = root(table).querySelector('[aria-rowindex="100001"]')!;
    expect(normalise(lastRow.textContent)).to.include(last.entries[0]!.user.name);
    expect(normalise(root(table).querySelector('[part="end-of-list"]')?.textContent)).to.include('100,000');
    // Every rendered row's index matches its place: rowindex = position + 2.
    for (const row of root(table).querySelectorAll('.body [role="row"]')) {
      expect(Number(row.getAttribute('aria-rowindex'))).to.equal(Number(row.dataset.index) + 2);
    }
  }).timeout(60_000);

  it('moves between rows with the arrow keys, Home and End, and opens a row with Enter', async () => {
    const client = usageClient(300);
    const table = await renderTable(client, allHistoryQuery({ view: 'details' }));
    await rowsLoaded(table);
    const focused = () => root(table).activeElement as HTMLElement | null;
    const press = async (key: string) => {
      focused()!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
      await table.updateComplete;
      await waitFor(() => !!focused(), `focus after ${key}`);
    };
    const first = root(table).querySelector('[aria-rowindex="2"]')!;
    expect(first.tabIndex).to.equal(0);
    first.focus();
    await press('ArrowDown');
    expect(focused()!.getAttribute('aria-rowindex')).to.equal('3');
    await press('ArrowUp');
    expect(focused()!.getAttribute('aria-rowindex')).to.equal('2');
    await press('End');
    await waitFor(() => focused()?.getAttribute('aria-rowindex') === '301', 'the last row focused');
    await waitFor(() => !root(table).querySelector('[aria-rowindex="301"].row--loading'), 'the last row loaded');
    expect([...root(table).querySelectorAll('[role="row"][tabindex="0"]')]).to.have.length(1);
    await press('Enter');
    const entries = await allEntries(client, usageFilters(table.currentQuery, Date.now(), NY));
    await waitFor(() => !!root(table).querySelector('[part="detail-panel"]'), 'the detail panel');
    const panel = normalise(root(table).querySelector('[part="detail-panel"]')!.textContent);
    expect(panel).to.include(entries.at(-1)!.id);
    expect(panel).to.include('per minute');
    await press('Home');
    await waitFor(() => focused()?.getAttribute('aria-rowindex') === '2', 'the first row focused');
  });

  it('renders hostile user names as text, never as markup', async () => {
    const table = await renderTable(hostileUsageClient(40), allHistoryQuery({ view: 'details' }));
    await rowsLoaded(table);
    expect(root(table).querySelector('img')).to.equal(null);
    const users = dataRows(table).map((row) => row.querySelector('.cell--user')?.textContent);
    expect(users).to.include(HOSTILE_USER_NAMES.usr_dana_whitfield);
    const options = [...root(table).querySelectorAll('option')].map((option) => option.textContent);
    expect(options).to.include(HOSTILE_USER_NAMES.usr_dana_whitfield);
  });

  it('says when there is no usage in the period', async () => {
    const table = await renderTable(usageClient(0), { period: 'this_month' });
    expect(normalise(root(table).querySelector('[part="empty"]')?.textContent)).to.include('No usage in this period');
    expect(root(table).querySelector<HTMLButtonElement>('[part="export-button"]')!.disabled).to.equal(true);
    await expect(table).to.be.accessible();
  });

  it('shows an error with a retry that loads again', async () => {
    const table = await renderTable(failingUsageClient(1), allHistoryQuery());
    expect(normalise(root(table).querySelector('[part="error"]')?.textContent)).to.not.equal('');
    root(table).querySelector<HTMLButtonElement>('[part="retry-button"]')!.focus();
    root(table).querySelector<HTMLButtonElement>('[part="retry-button"]')!.click();
    await waitFor(() => !!root(table).querySelector('[part="summary-table"]'), 'the summary after retry');
    expect(normalise(root(table).textContent)).to.include('50 calls');
    // The button that had focus is gone: focus stays in the table instead of falling to the page.
    await waitFor(() => root(table).activeElement === root(table).querySelector('[part~="base"]'), 'focus on the table');
  });

  it('puts focus back on Try again when loading fails again', async () => {
    const table = await renderTable(failingUsageClient(2), allHistoryQuery());
    const first = root(table).querySelector<HTMLButtonElement>('[part="retry-button"]')!;
    first.focus();
    first.click();
    await waitFor(() => root(table).querySelector('[part="retry-button"]') !== first, 'a new Try again');
    await waitFor(() => root(table).activeElement === root(table).querySelector('[part="retry-button"]'), 'focus on Try again');
  });

  it('a query change while the summary loads aborts that request (its signal) and shows only the newest answer', async () => {
    const client = usageClient(120);
    const getUsageSummary = client.getUsageSummary.bind(client);
    const requests: { filters: UsageFilters; signal?: AbortSignal; release: () => void }[] = [];
    // A backend that answers even after the abort: only the widget can keep a stale answer off the screen.
    client.getUsageSummary = async (filters, options) => {
      const index = requests.length;
      const gate = new Promise<void>((release) => requests.push({ filters, signal: options?.signal, release }));
      await gate;
      const summary = await getUsageSummary(filters);
      return { ...summary, types: summary.types.map((type) => ({ ...type, label: `Answer ${index}: ${type.label}` })) };
    };
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="inline-size: 60rem">
        <balance-usage-table .client=${client} .query=${allHistoryQuery()} locale="en-US" time-zone=${NY}></balance-usage-table>
      </div>`,
    );
    const table = wrapper.querySelector('balance-usage-table')!;
    await table.updateComplete;
    const changes: UsageTableQuery[] = [];
    table.addEventListener('billing-usage-query-change', (event) => changes.push(event.query));
    const choosePeriod = async (period: string) => {
      const select = root(table).querySelector<HTMLSelectElement>('[part="filters"] select')!;
      select.value = period;
      select.dispatchEvent(new Event('change'));
      await table.updateComplete;
    };
    await waitFor(() => requests.length === 1, 'the first summary request');
    await choosePeriod('last_month');
    await choosePeriod('last_30_days');
    expect(changes.map((query) => query.period)).to.deep.equal(['last_month', 'last_30_days']);
    expect(requests.map((request) => request.signal?.aborted)).to.deep.equal([true, true, false]);
    // The first stale answer arrives while the newest is still loading: the skeleton stays.
    requests[0]!.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await table.updateComplete;
    expect(root(table).querySelector('[aria-busy="true"]')).to.not.equal(null);
    expect(normalise(root(table).textContent)).to.not.include('Answer 0');
    requests[2]!.release();
    await waitFor(() => !!root(table).querySelector('[part="summary-table"]'), 'the newest summary');
    // The other stale answer arrives after the newest: it replaces nothing.
    requests[1]!.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await table.updateComplete;
    const text = normalise(root(table).querySelector('[part="summary-table"]')?.textContent);
    expect(text).to.include('Answer 2:');
    expect(text).to.not.include('Answer 0:');
    expect(text).to.not.include('Answer 1:');
    // One request per query: none repeated.
    expect(requests).to.have.length(3);
    expect(requests[2]!.filters).to.deep.equal(usageFilters(table.currentQuery, Date.now(), NY));
  });

  it('taken off the page mid-load, aborts the summary request; put back, loads it again instead of staying on the skeleton', async () => {
    const client = usageClient(120);
    const getUsageSummary = client.getUsageSummary.bind(client);
    const signals: (AbortSignal | undefined)[] = [];
    client.getUsageSummary = (filters, options) => {
      signals.push(options?.signal);
      return signals.length === 1
        ? new Promise((_, reject) => options?.signal?.addEventListener('abort', () => reject(options.signal!.reason), { once: true }))
        : getUsageSummary(filters, options);
    };
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="inline-size: 60rem">
        <balance-usage-table .client=${client} .query=${allHistoryQuery()} locale="en-US" time-zone=${NY}></balance-usage-table>
      </div>`,
    );
    const table = wrapper.querySelector('balance-usage-table')!;
    await table.updateComplete;
    await waitFor(() => signals.length === 1, 'the first summary request');
    table.remove();
    expect(signals[0]!.aborted).to.equal(true);
    // Off the page, nothing is asked for, even after the aborted request settles.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(signals).to.have.length(1);
    wrapper.append(table);
    await waitFor(() => !!root(table).querySelector('[part="summary-table"]'), 'the summary back on the page');
    expect(signals).to.have.length(2);
    expect(normalise(root(table).textContent)).to.include('120 calls');
  });

  it('refreshes in place when usage is pushed', async () => {
    const client = usageClient(300);
    const table = await renderTable(client, allHistoryQuery({ view: 'details' }));
    await rowsLoaded(table);
    expect(grid(table).getAttribute('aria-rowcount')).to.equal('301');
    const scroller = grid(table);
    scroller.scrollTop = 2_000;
    await waitFor(() => !!root(table).querySelector('[aria-rowindex="50"]:not(.row--loading)'), 'rows further down');
    client.simulateUsage([{ destinationCountry: 'GB', durationSeconds: 120, userId: 'usr_priya_raman' }]);
    await waitFor(() => findGrid(table)?.getAttribute('aria-rowcount') === '302', 'the pushed call');
    expect(normalise(root(table).querySelector('[part="totals"]')?.textContent)).to.include('301 calls');
    // The same scroller, still where the person left it.
    expect(grid(table)).to.equal(scroller);
    expect(scroller.scrollTop).to.equal(2_000);
  });

  it('exports the filtered range as CSV through the event, with progress', async () => {
    const client = usageClient(1_200);
    const table = await renderTable(client, allHistoryQuery());
    const exported = new Promise<UsageExportEvent>((resolve) =>
      table.addEventListener('billing-usage-export', (event) => {
        event.preventDefault();
        resolve(event);
      }),
    );
    root(table).querySelector<HTMLButtonElement>('[part="export-button"]')!.click();
    const event = await exported;
    expect(event.entryCount).to.equal(1_200);
    const lines = (await event.file.text()).split('\r\n').filter(Boolean);
    expect(lines).to.have.length(1_201);
    await waitFor(() => normalise(root(table).textContent).includes('Exported 1,200 entries.'), 'the done message');
  });

  it('at phone width shows cards, folds the filters into a disclosure, and nothing scrolls sideways', async () => {
    const table = await renderTable(usageClient(100), allHistoryQuery({ view: 'details' }), '375px');
    await waitFor(() => !!root(table).querySelector('.card--narrow'), 'the narrow layout');
    await rowsLoaded(table);
    expect(root(table).querySelector('details[part="filters"]')).to.not.equal(null);
    const row = dataRows(table)[0]!;
    expect(row.offsetHeight).to.be.greaterThan(80);
    const base = root(table).querySelector('[part="base"]')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth);
    expect(grid(table).scrollWidth).to.be.at.most(grid(table).clientWidth);
    await expect(table).to.be.accessible();
  });
});

describe('<balance-usage-table> export progress and Cancel', () => {
  it('Cancel mid-export stops fetching pages and offers no file', async () => {
    const client = usageClient(20_000);
    client.setLatency(15);
    const table = await renderTable(client, allHistoryQuery());
    let listUsageCalls = 0;
    const listUsage = client.listUsage.bind(client);
    client.listUsage = (query, options) => {
      listUsageCalls += 1;
      return listUsage(query, options);
    };
    const exports: UsageExportEvent[] = [];
    table.addEventListener('billing-usage-export', (event) => exports.push(event));
    let objectUrls = 0;
    const createObjectURL = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (file: Blob | MediaSource) => {
      objectUrls += 1;
      return createObjectURL(file);
    };
    try {
      root(table).querySelector<HTMLButtonElement>('[part~="export-button"]')!.click();
      const progress = () => root(table).querySelector('[part~="export-progress"]');
      await waitFor(() => normalise(progress()?.textContent).includes('Exporting 1,000 of 20,000 entries'), 'two pages written');
      expect(progress()!.querySelector('progress')!.value).to.equal(1_000);
      const cancel = [...progress()!.querySelectorAll('button')].find((button) => normalise(button.textContent) === 'Cancel')!;
      cancel.click();
      const callsAtCancel = listUsageCalls;
      await waitFor(() => progress() === null, 'the progress line gone');
      expect(normalise(root(table).querySelector('[part~="export-status"]')?.textContent)).to.equal(
        'Export canceled. Nothing was downloaded.',
      );
      // Several latencies later: the request in flight was the last one.
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(listUsageCalls).to.equal(callsAtCancel);
      expect(listUsageCalls).to.be.lessThan(20_000 / 500);
      expect(exports).to.have.length(0);
      expect(objectUrls).to.equal(0);
      expect(root(table).querySelector('a[download]')).to.equal(null);
      expect(root(table).querySelector('[part~="error"]')).to.equal(null);
      const exportButton = root(table).querySelector<HTMLButtonElement>('[part~="export-button"]');
      expect(exportButton?.disabled).to.equal(false);
      await expect(table).to.be.accessible();
    } finally {
      URL.createObjectURL = createObjectURL;
    }
  });

  it('the ExportInProgress story shows the progress bar, the count and Cancel, and stops when taken off the page', async () => {
    const story = usageStories.ExportInProgress as { render: (args: { locale: string; timeZone: string }) => ReturnType<typeof html> };
    const wrapper = await fixture<HTMLDivElement>(html`<div>${story.render({ locale: 'en-US', timeZone: NY })}</div>`);
    const table = wrapper.querySelector('balance-usage-table')!;
    const progress = () => table.shadowRoot!.querySelector<HTMLElement>('[part~="export-progress"]');
    await waitFor(() => normalise(progress()?.textContent).includes('Exporting 2,000 of 100,000 entries'), 'the export under way');
    expect(progress()!.querySelector('progress')!.max).to.equal(100_000);
    expect([...progress()!.querySelectorAll('button')].map((button) => normalise(button.textContent))).to.deep.equal(['Cancel']);
    await expect(table).to.be.accessible();
  });

  it('the ExportCanceled story ends with the export stopped and Export CSV offered again', async () => {
    const story = usageStories.ExportCanceled as { render: (args: { locale: string; timeZone: string }) => ReturnType<typeof html> };
    const wrapper = await fixture<HTMLDivElement>(html`<div>${story.render({ locale: 'en-US', timeZone: NY })}</div>`);
    const table = wrapper.querySelector('balance-usage-table')!;
    await waitFor(() => wrapper.firstElementChild!.hasAttribute('data-export-started'), 'the export pressed');
    await waitFor(
      () =>
        table.shadowRoot!.querySelector('[part~="export-progress"]') === null &&
        table.shadowRoot!.querySelector('[part~="export-button"]') !== null,
      'the export canceled',
    );
    expect(table.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
    expect(table.shadowRoot!.querySelector('[part~="export-status"]')?.textContent).to.contain('Export canceled');
  });
});

describe('<balance-usage-table> itemised level, loaded on demand', () => {
  /** A table whose itemised level cannot be downloaded while `offline`: what a lost connection or a missing chunk does. */
  class OfflineUsageTable extends BalanceUsageTableElement {
    offline = true;
    loads: Array<Promise<unknown>> = [];
    protected override loadDetails(): ReturnType<BalanceUsageTableElement['loadDetails']> {
      const load = this.offline ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : super.loadDetails();
      this.loads.push(load);
      return load;
    }
  }
  if (!customElements.get('offline-usage-table')) customElements.define('offline-usage-table', OfflineUsageTable);

  /** A table whose itemised level takes a while to arrive (a slow network), so a test can tell waiting for it from not. */
  class SlowUsageTable extends BalanceUsageTableElement {
    protected override loadDetails(): ReturnType<BalanceUsageTableElement['loadDetails']> {
      return new Promise((resolve) => setTimeout(resolve, 300)).then(() => super.loadDetails());
    }
  }
  if (!customElements.get('slow-usage-table')) customElements.define('slow-usage-table', SlowUsageTable);

  /** A table whose own import() of the itemised level never settles: only code already on the page can draw the list. */
  class StalledImportUsageTable extends BalanceUsageTableElement {
    protected override loadDetails(): ReturnType<BalanceUsageTableElement['loadDetails']> {
      return new Promise(() => undefined);
    }
  }
  if (!customElements.get('stalled-import-usage-table')) customElements.define('stalled-import-usage-table', StalledImportUsageTable);

  it('draws the list with the grid code already on the page, without waiting for its own import() to resolve', async () => {
    await import('../../src/components/balance-usage-table/usage-grid.js');
    const client = usageClient(120);
    const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: 60rem"></div>`);
    const table = new StalledImportUsageTable();
    table.client = client;
    table.query = allHistoryQuery({ view: 'details' });
    table.locale = 'en-US';
    table.timeZone = NY;
    wrapper.append(table);
    await waitFor(() => findGrid(table) !== null, 'the grid');
    await rowsLoaded(table);
    expect(grid(table).getAttribute('aria-rowcount')).to.equal('121');
    expect(normalise(root(table).querySelector('[role="columnheader"]')?.textContent)).to.equal('Date and time');
  });

  it('says so with Try again when the list cannot load, shows the grid after Try again, and Back works throughout', async () => {
    const client = usageClient(120);
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="inline-size: 60rem">
        <offline-usage-table .client=${client} .query=${allHistoryQuery()} locale="en-US" time-zone=${NY}></offline-usage-table>
      </div>`,
    );
    const table = wrapper.querySelector<OfflineUsageTable>('offline-usage-table')!;
    await waitFor(() => part(table, 'summary-table') !== null, 'the summary');

    part(table, 'view-details-button')!.click();
    await table.updateComplete;
    expect(table.currentQuery.view).to.equal('details');
    expect(normalise(part(table, 'error')?.textContent)).to.equal("The detailed list couldn't load. Check your connection and try again.");
    expect(normalise(part(table, 'retry-button')?.textContent)).to.equal('Try again');
    expect(part(table, 'back-button')).to.not.equal(null);
    expect(findGrid(table)).to.equal(null);
    await expect(table).to.be.accessible();

    // Back works while the list cannot load; choosing "View details" again tries again.
    part(table, 'back-button')!.click();
    await table.updateComplete;
    expect(table.currentQuery.view).to.equal('summary');
    await waitFor(() => part(table, 'summary-table') !== null, 'the summary again');
    expect(part(table, 'error')).to.equal(null);
    const loadsBefore = table.loads.length;
    part(table, 'view-details-button')!.click();
    await table.updateComplete;
    expect(table.loads.length, 'View details fetched again').to.be.greaterThan(loadsBefore);
    expect(normalise(part(table, 'error')?.textContent)).to.contain('Check your connection');

    table.offline = false;
    part(table, 'retry-button')!.click();
    await table.updateComplete;
    const real = await import('../../src/components/balance-usage-table/usage-grid.js');
    expect(await table.loads.at(-1), 'Try again resolved with the itemised level').to.equal(real);
    await rowsLoaded(table);
    const entries = await allEntries(client, usageFilters(table.currentQuery, Date.now(), NY));
    expect(grid(table).getAttribute('aria-rowcount')).to.equal(String(entries.length + 1));
    expect(part(table, 'error')).to.equal(null);
    expect(normalise(part(table, 'totals')?.textContent)).to.include(`${entries.length} calls`);

    part(table, 'back-button')!.click();
    await table.updateComplete;
    await waitFor(() => part(table, 'summary-table') !== null, 'the summary after the grid');
    expect(findGrid(table)).to.equal(null);
  });

  it('created on the details level, shows the grid once updateComplete resolves, without waiting for the idle prefetch', async () => {
    const client = usageClient(120);
    const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: 60rem"></div>`);
    const table = new SlowUsageTable();
    table.client = client;
    table.query = allHistoryQuery({ view: 'details' });
    table.locale = 'en-US';
    table.timeZone = NY;
    wrapper.append(table);
    await table.updateComplete;
    // Read at once: the grid must be the real one now, not the loading state waiting for the code.
    expect(findGrid(table), 'the grid').to.not.equal(null);
    expect(root(table).querySelectorAll('.body [role="row"]').length).to.be.greaterThan(0);
    expect(part(table, 'error')).to.equal(null);
    await rowsLoaded(table);
    expect(grid(table).getAttribute('aria-rowcount')).to.equal('121');
    const entries = await allEntries(client, usageFilters(table.currentQuery, Date.now(), NY));
    const firstRow = root(table).querySelector('[aria-rowindex="2"]')!;
    expect(normalise(firstRow.textContent)).to.include(entries[0]!.destinationName);
  });
});

describe('<balance-usage-table> against a usage backend whose pages lie', () => {
  /** Renders past this many are a render loop: the guard below stops paging there, so the loop ends and the test fails instead of freezing the runner. */
  const RUNAWAY_UPDATES = 300;
  /** listUsage calls past this many are a request loop: the counting client rejects them, which ends it. */
  const RUNAWAY_CALLS = 40;
  const ROW = 48;

  /** Updates of each itemised grid (where the rows are drawn and asked for); past RUNAWAY_UPDATES it no longer updates. */
  const gridUpdates = new WeakMap<Element, number>();
  let restoreGrid: (() => void) | undefined;
  before(async () => {
    const { BillingUsageGrid } = await import('../../src/components/balance-usage-table/usage-grid.js');
    const prototype = BillingUsageGrid.prototype as unknown as { shouldUpdate: (this: Element, changed: PropertyValues) => boolean };
    const shouldUpdate = prototype.shouldUpdate;
    prototype.shouldUpdate = function (this: Element, changed: PropertyValues) {
      const updates = (gridUpdates.get(this) ?? 0) + 1;
      gridUpdates.set(this, updates);
      return updates <= RUNAWAY_UPDATES && shouldUpdate.call(this, changed);
    };
    restoreGrid = () => (prototype.shouldUpdate = shouldUpdate);
  });
  after(() => restoreGrid?.());
  /** The table, with the updates of its grid. */
  type GuardedUsageTable = BalanceUsageTable & { readonly updates: number };

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Wraps `client.listUsage` to record each query; rejects past RUNAWAY_CALLS. */
  function countListUsage<T extends BillingClient>(client: T): T & { queries: Array<{ cursor?: string | null }> } {
    const queries: Array<{ cursor?: string | null }> = [];
    const listUsage = client.listUsage.bind(client);
    client.listUsage = (query, options) => {
      queries.push({ cursor: query.cursor });
      if (queries.length > RUNAWAY_CALLS) return Promise.reject(new Error(`runaway: ${queries.length} listUsage calls`));
      return listUsage(query, options);
    };
    return Object.assign(client, { queries });
  }

  async function renderGuarded(client: BillingClient): Promise<GuardedUsageTable> {
    const table = Object.defineProperty(await mountUsageList(client, NY), 'updates', {
      get(this: BalanceUsageTable) {
        const grid = this.shadowRoot!.querySelector('billing-usage-grid');
        return grid ? (gridUpdates.get(grid) ?? 0) : 0;
      },
    }) as GuardedUsageTable;
    await waitFor(() => !!findGrid(table) || !!part(table, 'error'), 'the grid');
    return table;
  }

  /** Scrolls to where the counted rows would be, then lets 400 ms pass: the updates and requests in that time are the figures. */
  async function scrollAndWatch(table: GuardedUsageTable, client: { queries: unknown[] }, row: number) {
    const updates = table.updates;
    const calls = client.queries.length;
    grid(table).scrollTop = row * ROW;
    await pause(400);
    return { updates: table.updates - updates, calls: client.queries.length - calls };
  }

  /** What a list that counted 500 but holds 20 must look like, however the pages arrived. */
  async function expectShrunkList(table: GuardedUsageTable): Promise<void> {
    expect(table.updates, 'updates in all').to.be.below(RUNAWAY_UPDATES);
    expect(grid(table).getAttribute('aria-rowcount')).to.equal('21');
    expect(root(table).querySelector('.body')!.style.blockSize).to.equal(`${20 * ROW}px`);
    expect(grid(table).scrollHeight, 'the scroll height of 20 rows and the header').to.be.below(22 * ROW);
    expect(root(table).querySelector('[aria-rowindex="21"]:not(.row--loading)'), 'the 20th row, loaded').to.not.equal(null);
    expect(root(table).querySelector('[aria-rowindex="22"]')).to.equal(null);
    expect(root(table).querySelector('.row--loading')).to.equal(null);
    expect(normalise(part(table, 'count-note')?.textContent)).to.equal('The list holds 20 calls, not the 500 counted.');
    expect(normalise(part(table, 'end-of-list')?.textContent)).to.equal('End of list: all 20 calls shown.');
    expect(part(table, 'error')).to.equal(null);
    await expect(table).to.be.accessible();
  }

  it('a totalCount of 500 over 20 entries: the list shrinks to 20, says so quietly, and paging stops (one render per answer)', async () => {
    const client = countListUsage(overcountedUsageClient(20, 500));
    const table = await renderGuarded(client);
    await rowsLoaded(table);
    // Before the fix the rows past 20 were asked for after every render, and every ask redrew at once: the tab froze.
    const { updates, calls } = await scrollAndWatch(table, client, 100);
    expect(updates, 'updates after scrolling').to.be.at.most(6);
    expect(calls, 'listUsage calls after scrolling').to.equal(0);
    expect(client.queries.length, 'listUsage calls in all').to.equal(1);
    await expectShrunkList(table);
  });

  it('a nextCursor already seen: an error with Try again, which reads the query again from its first page', async () => {
    const client = countListUsage(repeatingCursorUsageClient(500));
    const table = await renderGuarded(client);
    await rowsLoaded(table);
    grid(table).scrollTop = 150 * ROW;
    await waitFor(() => part(table, 'error') !== null, 'the paging error');
    expect(normalise(part(table, 'error')!.textContent)).to.equal(
      'The usage service sent a page it had already sent, so reading stopped before the end.',
    );
    expect(normalise(part(table, 'retry-button')?.textContent)).to.equal('Try again');
    await pause(300);
    expect(client.queries.length, 'listUsage calls: the first page and the one that repeated').to.equal(2);
    expect(table.updates).to.be.below(RUNAWAY_UPDATES);
    await expect(table).to.be.accessible();

    client.repeating = false;
    const before = client.queries.length;
    part(table, 'retry-button')!.click();
    await rowsLoaded(table);
    expect(client.queries[before]?.cursor ?? null, 'Try again starts without a cursor').to.equal(null);
    expect(part(table, 'error')).to.equal(null);
    expect(grid(table).scrollTop).to.equal(0);
    expect(grid(table).getAttribute('aria-rowcount')).to.equal('501');
    const entries = await allEntries(client, usageFilters(table.currentQuery, Date.now(), NY));
    expect(normalise(root(table).querySelector('[aria-rowindex="2"]')?.textContent)).to.include(entries[0]!.destinationName);
  });

  it('a page of 20 entries where 100 were asked for, saying more follow: an error instead of rows that never load', async () => {
    const client = countListUsage(usageClient(500));
    const listUsage = client.listUsage.bind(client);
    client.listUsage = async (query, options) => {
      const page = await listUsage(query, options);
      return { ...page, entries: page.entries.slice(0, 20) };
    };
    const table = await renderGuarded(client);
    await waitFor(() => part(table, 'error') !== null, 'the paging error');
    expect(normalise(part(table, 'error')!.textContent)).to.equal(
      'The usage service sent a page of the wrong size, so reading stopped before the end.',
    );
    const updates = table.updates;
    await pause(400);
    expect(table.updates - updates, 'updates once the error shows').to.be.at.most(2);
    expect(client.queries.length, 'listUsage calls').to.equal(1);
    expect(part(table, 'retry-button')).to.not.equal(null);
  });

  it('CSV export stops at a repeated cursor with its error instead of fetching the same page for ever', async () => {
    const client = countListUsage(repeatingCursorUsageClient(300));
    const filters = usageFilters(normaliseUsageQuery(allHistoryQuery()), Date.now(), NY);
    let failure: unknown;
    await exportUsageCsv(client, { filters, timeZone: NY, pageSize: 100 }).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(UsagePagingError);
    expect((failure as UsagePagingError).fault).to.equal('repeated_cursor');
    expect(client.queries.length).to.equal(2);
  });

  it('Export CSV from a backend that repeats its cursor: the export stops with that reason, in the table language, and offers no file', async () => {
    const client = countListUsage(repeatingCursorUsageClient(300));
    const table = await renderTable(client, allHistoryQuery());
    table.locale = 'de';
    await table.updateComplete;
    const exports: UsageExportEvent[] = [];
    table.addEventListener('billing-usage-export', (event) => exports.push(event));
    part(table, 'export-button')!.click();
    await waitFor(() => part(table, 'error') !== null, 'the export error');
    expect(normalise(part(table, 'error')!.textContent)).to.contain(
      'Der Verbrauchsdienst hat eine bereits gesendete Seite erneut gesendet; das Lesen wurde vor dem Ende angehalten.',
    );
    expect(client.queries.length).to.equal(2);
    expect(exports).to.have.length(0);
  });

  it('the FewerRowsThanCounted story: 37 rows and the note that 120 were counted', async () => {
    const story = usageStories.FewerRowsThanCounted as { render: (args: { locale: string; timeZone: string }) => ReturnType<typeof html> };
    const wrapper = await fixture<HTMLDivElement>(html`<div>${story.render({ locale: 'en-US', timeZone: NY })}</div>`);
    const table = wrapper.querySelector('balance-usage-table')!;
    await waitFor(() => part(table, 'count-note') !== null, 'the note');
    expect(normalise(part(table, 'count-note')!.textContent)).to.equal('The list holds 37 calls, not the 120 counted.');
    expect(grid(table).getAttribute('aria-rowcount')).to.equal('38');
    expect(normalise(part(table, 'totals')?.textContent)).to.include('120 calls');
    await expect(table).to.be.accessible();
  });

  it('the RepeatingCursor story: scrolled past the first page, the list stops with the error and Try again', async () => {
    const story = usageStories.RepeatingCursor as { render: (args: { locale: string; timeZone: string }) => ReturnType<typeof html> };
    const wrapper = await fixture<HTMLDivElement>(html`<div>${story.render({ locale: 'en-US', timeZone: NY })}</div>`);
    const table = wrapper.querySelector('balance-usage-table')!;
    await waitFor(() => part(table, 'error') !== null, 'the paging error');
    expect(normalise(part(table, 'error')!.textContent)).to.contain('a page it had already sent');
    expect(normalise(part(table, 'retry-button')?.textContent)).to.equal('Try again');
    await expect(table).to.be.accessible();
  });

  describe('through HttpBillingClient (a fetch that answers the lying pages)', () => {
    /** A REST backend over a mock for the summary, whose /v1/usage answers `page(query)`. Anything else (the change feed) never answers. */
    function lyingFetch(mock: MockBillingClient, page: (query: Record<string, string>) => Promise<UsagePage>) {
      const usageQueries: Array<Record<string, string>> = [];
      const impl = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
        const url = new URL(input instanceof Request ? input.url : input);
        const query = Object.fromEntries(url.searchParams);
        const json = (body: unknown) =>
          new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
        if (url.pathname.endsWith('/v1/usage/summary')) return json(await mock.getUsageSummary(query));
        if (url.pathname.endsWith('/v1/usage')) {
          usageQueries.push(query);
          if (usageQueries.length > RUNAWAY_CALLS) throw new TypeError('runaway');
          return json(await page(query));
        }
        return new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
        });
      };
      return Object.assign(impl, { usageQueries });
    }
    /** The filters and sort of a /v1/usage request, for the mock (the lying backend ignores the cursor). */
    const mockQuery = (query: Record<string, string>, limit: number) => ({
      from: query['from'],
      to: query['to'],
      ...(query['type'] ? { type: query['type'] } : {}),
      ...(query['userId'] ? { userId: query['userId'] } : {}),
      sort: query['sort'] as UsageSort,
      limit,
    });
    const http = (fetchImpl: typeof fetch) => new HttpBillingClient({ baseUrl: 'https://billing.test/api', fetch: fetchImpl, retries: 0 });

    it('totalCount 500 with 20 entries and no next page: the list shrinks to 20, without a render loop', async () => {
      const mock = usageClient(500);
      const fetchImpl = lyingFetch(mock, async (query) => {
        const page = await mock.listUsage(mockQuery(query, 20));
        return { entries: page.entries, nextCursor: null, totalCount: 500 };
      });
      const table = await renderGuarded(http(fetchImpl));
      await rowsLoaded(table);
      const { updates } = await scrollAndWatch(table, { queries: fetchImpl.usageQueries }, 100);
      expect(updates).to.be.at.most(6);
      expect(fetchImpl.usageQueries).to.have.length(1);
      await expectShrunkList(table);
    });

    it('the same nextCursor on every page: the error and Try again', async () => {
      const mock = usageClient(500);
      const fetchImpl = lyingFetch(mock, async (query) => {
        const page = await mock.listUsage(mockQuery(query, Number(query['limit'])));
        return { ...page, nextCursor: 'the-same-cursor' };
      });
      const table = await renderGuarded(http(fetchImpl));
      await rowsLoaded(table);
      grid(table).scrollTop = 150 * ROW;
      await waitFor(() => part(table, 'error') !== null, 'the paging error');
      expect(normalise(part(table, 'error')!.textContent)).to.contain('a page it had already sent');
      await pause(300);
      expect(fetchImpl.usageQueries.map((query) => query['cursor'] ?? null)).to.deep.equal([null, 'the-same-cursor']);
      expect(table.updates).to.be.below(RUNAWAY_UPDATES);
    });
  });
});

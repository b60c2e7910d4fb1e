// The itemised grid's scrolling at any size: scroll position outside Lit's reactive state (no render of the element per
// scrolled frame), rows keyed by their place in the window, and scaled scrolling past the browser's height limit so
// 1,000,000 and 10,000,000 rows keep their last row reachable by scrolling and by keyboard.
import { expect, fixtureCleanup } from '@open-wc/testing';
import '../../src/define.js';
import type { BalanceUsageTable } from '../../src/components/balance-usage-table/balance-usage-table.js';
import { BillingError } from '../../src/client/errors.js';
import type { BillingUsageGrid } from '../../src/components/balance-usage-table/usage-grid.js';
import { UsagePager } from '../../src/components/balance-usage-table/usage-pager.js';
import { normaliseUsageQuery, usageFilters } from '../../src/components/balance-usage-table/usage-query.js';
import { listOffset, MAX_SPACER_HEIGHT } from '../../src/components/balance-usage-table/virtual-scroll.js';
import { visibleWindow } from '../../src/components/balance-usage-table/virtual-window.js';
import { allHistoryQuery, usageClient } from '../../stories/usage-fixtures.js';
import { SyntheticUsageClient } from '../../bench/usage-table.synthetic.js';
import { until } from '../helpers/dom.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';
import { gridOf, mountUsageList, renderUsageList, scroller, shadow } from './usage-grid-helpers.js';

const ROW = 48;
const waitFor = (predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> => until(predicate, what, timeoutMs);
const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

failOnUnhandledRejections(fixtureCleanup);

const row = (table: BalanceUsageTable, index: number): HTMLElement | null =>
  shadow(table).querySelector<HTMLElement>(`.body [role="row"][aria-rowindex="${index + 2}"]`);
const loaded = (table: BalanceUsageTable, index: number): boolean => {
  const found = row(table, index);
  return !!found && !found.classList.contains('row--loading');
};

/** The row lies wholly inside the scroller's box, under its sticky header. */
function drawnInView(table: BalanceUsageTable, index: number): boolean {
  const found = row(table, index);
  if (!found) return false;
  const box = found.getBoundingClientRect();
  const view = scroller(table).getBoundingClientRect();
  const head = shadow(table).querySelector('.head')!.getBoundingClientRect();
  return box.height === ROW && box.top >= head.bottom - 1 && box.bottom <= view.bottom + 1;
}

async function press(table: BalanceUsageTable, key: string): Promise<void> {
  const focused = shadow(table).activeElement!;
  focused.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
  await table.updateComplete;
}

/** Counts the grid element's updates (each render of it). */
function countUpdates(grid: BillingUsageGrid): () => number {
  let updates = 0;
  const target = grid as unknown as { update(changed: unknown): void };
  const update = target.update.bind(grid);
  target.update = (changed) => {
    updates += 1;
    update(changed);
  };
  return () => updates;
}

describe('usage grid: windowing and scaled scrolling (pure)', () => {
  it('keeps the window one size wherever it is, so a row leaving makes room for exactly one entering', () => {
    const sizes = [0, 5, 100, 99_990, 99_999].map((first) => {
      const window = visibleWindow({
        scrollTop: first * ROW,
        viewportHeight: 480,
        rowHeight: ROW,
        rowCount: 100_000,
        overscan: 8,
        maxRows: 59,
      });
      return window.end - window.start;
    });
    expect(new Set(sizes).size).to.equal(1);
  });

  it('maps each end of a capped spacer to that end of the list, a wheel step 1:1, a drag linearly', () => {
    const listHeight = 10_000_000 * ROW;
    const spacer = MAX_SPACER_HEIGHT;
    const base = { listHeight, spacerHeight: spacer, viewportHeight: 480 };
    expect(listOffset({ ...base, scrollTop: spacer - 480, previousTop: 0, previousOffset: 0 })).to.equal(listHeight - 480);
    expect(listOffset({ ...base, scrollTop: 0, previousTop: 100, previousOffset: 5_000 })).to.equal(0);
    // A wheel step of 100 px from the middle moves the list 100 px, not 100 × the scale.
    expect(listOffset({ ...base, scrollTop: 7_000_100, previousTop: 7_000_000, previousOffset: 123_456_789 })).to.equal(123_456_889);
    // The scrollbar dragged half-way: half-way through the list.
    expect(listOffset({ ...base, scrollTop: (spacer - 480) / 2, previousTop: 0, previousOffset: 0 })).to.equal((listHeight - 480) / 2);
  });
});

describe('usage grid: scrolling without re-rendering the element', () => {
  it('moves the rows for a scroll without one update of the grid element, and keeps the DOM node of a row that stays', async () => {
    const table = await renderUsageList(usageClient(300));
    const grid = gridOf(table)!;
    const updates = countUpdates(grid);
    const node = row(table, 10)!;
    const text = node.textContent;
    expect(row(table, 30)).to.equal(null);
    // Twenty small scrolls, one a frame, within the first page (already loaded): 12 rows down in all.
    for (let step = 1; step <= 20; step++) {
      scroller(table).scrollTop = (step * 12 * ROW) / 20;
      await frame();
    }
    await frame();
    await waitFor(() => loaded(table, 30), 'row 30 drawn');
    expect(updates()).to.equal(0);
    // Keyed by place: row 10's node is the same element, with the same call in it.
    expect(row(table, 10)).to.equal(node);
    expect(node.isConnected).to.equal(true);
    expect(node.textContent).to.equal(text);
  });
});

describe('usage grid: the first rows', () => {
  it('reads its first page while the summary is still on its way', async () => {
    const client = usageClient(300);
    // A summary that takes its time (never answers here): the rows need not wait for the totals.
    client.getUsageSummary = () => new Promise(() => undefined);
    const table = await renderUsageList(client);
    expect(scroller(table).getAttribute('aria-rowcount')).to.equal('301');
    expect(loaded(table, 0)).to.equal(true);
    expect(table.shadowRoot!.querySelector('[part~="totals"]')?.textContent ?? '').not.to.include('300');
  });
});

describe('usage grid: the first paint', () => {
  it('draws only the rows in view when the first page arrives, and those beyond the view once that frame is painted', async () => {
    const client = usageClient(300);
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const listUsage = client.listUsage.bind(client);
    client.listUsage = async (query, options) => {
      await answered;
      return listUsage(query, options);
    };
    const table = await mountUsageList(client);
    await waitFor(() => !!gridOf(table)?.shadowRoot?.querySelector('.window [role="row"]'), 'the placeholder rows');
    const rows = shadow(table).querySelector('.window')!;
    const loadedRows = () => rows.querySelectorAll('[role="row"]:not(.row--loading)').length;
    // Read in the microtask after the rows are drawn: before any frame or task could add more.
    let firstDrawn = 0;
    const observer = new MutationObserver(() => {
      firstDrawn ||= loadedRows();
    });
    observer.observe(rows, { subtree: true, childList: true, attributes: true });
    answer();
    await waitFor(() => firstDrawn > 0, 'the first rows');
    observer.disconnect();
    const head = shadow(table).querySelector<HTMLElement>('.head')!.offsetHeight;
    const inView = Math.ceil((scroller(table).clientHeight - head) / ROW) + 1;
    expect(firstDrawn).to.equal(inView);
    // Then 8 rows of overscan beyond each edge: at the top, all 16 go below.
    await waitFor(() => loadedRows() === inView + 16, 'the rows beyond the view');
    expect(row(table, inView + 15)).to.not.equal(null);
  });
});

describe('usage grid: the first page already here', () => {
  it('draws its first rows loaded, never as placeholders, when the first page arrived before the grid', async () => {
    type Grid = { drawRows: (this: Grid) => void; shadowRoot: ShadowRoot };
    const proto = customElements.get('billing-usage-grid')!.prototype as unknown as Grid;
    const drawRows = proto.drawRows;
    const draws: Array<{ loading: number; loaded: number }> = [];
    proto.drawRows = function (this: Grid) {
      drawRows.call(this);
      const rows = [...this.shadowRoot.querySelectorAll('.window [role="row"]')];
      draws.push({ loading: rows.filter((row) => row.classList.contains('row--loading')).length, loaded: rows.length });
    };
    try {
      const client = usageClient(300);
      const listUsage = client.listUsage.bind(client);
      let answered = false;
      client.listUsage = async (query, options) => {
        const page = await listUsage(query, options);
        answered = true;
        return page;
      };
      const table = await mountUsageList(client);
      await waitFor(() => loaded(table, 0), 'the first rows');
      expect(answered).to.equal(true);
      expect(draws[0]?.loaded).to.be.above(0);
      expect(draws[0]?.loading).to.equal(0);
    } finally {
      proto.drawRows = drawRows;
    }
  });
});

describe('usage grid: the first page asked for beside the summary', () => {
  it('asks for the first page once, before the summary, not after the grid’s code and element are here', async () => {
    const client = usageClient(300);
    const calls: string[] = [];
    const listUsage = client.listUsage.bind(client);
    client.listUsage = (query, options) => {
      calls.push(`list ${query.cursor ?? 'first'} ${String(query.limit)}`);
      return listUsage(query, options);
    };
    const getUsageSummary = client.getUsageSummary.bind(client);
    client.getUsageSummary = (filters, options) => {
      calls.push('summary');
      return getUsageSummary(filters, options);
    };
    const table = await renderUsageList(client);
    expect(calls.slice(0, 2)).to.deep.equal(['list first 100', 'summary']);
    expect(calls.filter((call) => call.startsWith('list first'))).to.have.length(1);
    expect(loaded(table, 0)).to.equal(true);
  });

  it('takes that answer in the pager; asks again only when the request was aborted, and shows any other failure', async () => {
    const client = usageClient(250);
    const filters = usageFilters(normaliseUsageQuery(allHistoryQuery()), Date.now(), 'UTC');
    let requests = 0;
    const listUsage = client.listUsage.bind(client);
    client.listUsage = (query, options) => {
      requests += 1;
      return listUsage(query, options);
    };
    const pagerWith = (firstPage: ReturnType<typeof listUsage>) =>
      new UsagePager(client, { filters, sort: 'date_desc', pageSize: 100, firstPage });

    const asked = listUsage({ ...filters, sort: 'date_desc', limit: 100 });
    const taken = pagerWith(asked);
    await taken.ensure(0, 20);
    expect([requests, taken.entryAt(0)?.id]).to.deep.equal([0, (await asked).entries[0]?.id]);

    const aborted = pagerWith(Promise.reject(new DOMException('A newer query', 'AbortError')));
    await aborted.ensure(0, 20);
    expect([requests, aborted.entryAt(0)?.id]).to.deep.equal([1, (await asked).entries[0]?.id]);

    const failed = pagerWith(Promise.reject(new BillingError('unavailable', { message: 'Down for a moment.' })));
    const error = await failed.ensure(0, 20).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect([requests, (error as BillingError | undefined)?.code]).to.deep.equal([1, 'unavailable']);
    // Try again asks for real: the failed answer is not kept.
    await failed.ensure(0, 20);
    expect([requests, failed.entryAt(0)?.id]).to.deep.equal([2, (await asked).entries[0]?.id]);
  });
});

describe('usage grid: the last row at 1,000,000 and 10,000,000 rows', () => {
  it('addresses every row at 1,000,000: aria-rowcount, aria-rowindex of the last row, End and scrollTop at its end', async () => {
    const total = 1_000_000;
    const table = await renderUsageList(new SyntheticUsageClient(total));
    expect(scroller(table).getAttribute('aria-rowcount')).to.equal(String(total + 1));
    // The spacer is capped under the browsers' height limits; the list is 48,000,000 px.
    expect(parseFloat(shadow(table).querySelector<HTMLElement>('.body')!.style.blockSize)).to.equal(MAX_SPACER_HEIGHT);

    row(table, 0)!.focus();
    await press(table, 'End');
    await waitFor(() => loaded(table, total - 1) && drawnInView(table, total - 1), 'the last row after End', 20_000);
    const focused = shadow(table).activeElement as HTMLElement;
    expect(focused.getAttribute('aria-rowindex')).to.equal(String(total + 1));
    await press(table, 'Home');
    await waitFor(() => loaded(table, 0) && drawnInView(table, 0), 'the first row after Home');

    // The scrollbar dragged to its end.
    const element = scroller(table);
    element.scrollTop = element.scrollHeight;
    await waitFor(() => loaded(table, total - 1) && drawnInView(table, total - 1), 'the last row at the end of the scroller', 20_000);
    const last = row(table, total - 1)!.getBoundingClientRect();
    expect(Math.abs(last.bottom - element.getBoundingClientRect().bottom)).to.be.lessThan(2);
    expect(shadow(table).querySelector('[part="end-of-list"]')?.textContent).to.include('1,000,000');
  }).timeout(60_000);

  it('reaches the last row of 10,000,000 by End and ArrowUp from there, and a wheel step moves one step', async () => {
    const total = 10_000_000;
    const client = new SyntheticUsageClient(total);
    const table = await renderUsageList(client);
    expect(scroller(table).getAttribute('aria-rowcount')).to.equal(String(total + 1));
    // A wheel-sized scroll from the top moves the rows by as many pixels: row 2 is at the top, not row 60.
    scroller(table).scrollTop = 2 * ROW;
    await waitFor(() => drawnInView(table, 2) && !drawnInView(table, 1), 'rows 2 and on at the top');

    row(table, 2)!.focus();
    await press(table, 'End');
    await waitFor(() => loaded(table, total - 1) && drawnInView(table, total - 1), 'the last row after End', 20_000);
    expect((shadow(table).activeElement as HTMLElement).getAttribute('aria-rowindex')).to.equal(String(total + 1));
    expect(row(table, total - 1)!.querySelector('.cell--user')!.textContent).to.equal(client.entry(total - 1).user.name);
    await press(table, 'ArrowUp');
    await waitFor(
      () => (shadow(table).activeElement as HTMLElement | null)?.getAttribute('aria-rowindex') === String(total),
      'the row before',
    );
    expect(drawnInView(table, total - 2)).to.equal(true);
  }).timeout(60_000);
});

// <balance-usage-table> as a new user first meets it: the zone named for the whole year, the call details brought into
// view on a phone, a Type filter that shows its longest option, and the CSV export's name and totals row.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/define.js';
import type { BillingClient } from '../../src/client/billing-client.js';
import type { UsageEntry, UsagePage } from '../../src/client/schemas.js';
import type { BalanceUsageTable } from '../../src/components/balance-usage-table/balance-usage-table.js';
import { exportUsageCsv, usageCsvFileName } from '../../src/components/balance-usage-table/csv-export.js';
import type { UsageExportEvent } from '../../src/components/balance-usage-table/events.js';
import { usageFilters, type UsageTableQuery } from '../../src/components/balance-usage-table/usage-query.js';
import { allHistoryQuery, usageClient } from '../../stories/usage-fixtures.js';
import { until } from '../helpers/dom.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';

const BERLIN = 'Europe/Berlin';

function normalise(text: string | null | undefined): string {
  return (text ?? '')
    .replace(/[\u2066-\u2069]/g, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface TableSetup {
  query?: Partial<UsageTableQuery>;
  locale?: string;
  timeZone?: string;
  width?: string;
}

async function renderTable(client: BillingClient, { query = {}, locale = 'en-US', timeZone = BERLIN, width = '60rem' }: TableSetup) {
  const wrapper = await fixture<HTMLDivElement>(
    html`<div style="inline-size: ${width}">
      <balance-usage-table .client=${client} .query=${query} locale=${locale} time-zone=${timeZone}></balance-usage-table>
    </div>`,
  );
  const table = wrapper.querySelector('balance-usage-table')!;
  await table.updateComplete;
  await until(() => !table.shadowRoot!.querySelector('[aria-busy="true"]'), 'the summary', 8000);
  return table;
}

/** The grid's shadow root (the details level), once drawn. */
function gridRoot(table: BalanceUsageTable): ShadowRoot | null {
  return table.shadowRoot!.querySelector('billing-usage-grid')?.shadowRoot ?? null;
}

async function rowsLoaded(table: BalanceUsageTable): Promise<HTMLElement[]> {
  await until(() => !!gridRoot(table)?.querySelector('[role="row"][data-index]:not(.row--loading)'), 'rows', 8000);
  return [...gridRoot(table)!.querySelectorAll<HTMLElement>('[role="row"][data-index]:not(.row--loading)')];
}

function subtitle(table: BalanceUsageTable): string {
  return normalise(table.shadowRoot!.querySelector('[part="subtitle"]')?.textContent);
}

describe('<balance-usage-table> for a new user', () => {
  failOnUnhandledRejections(fixtureCleanup);

  describe('time-zone label', () => {
    it('names a zone that changes its clocks without "standard" or "summer", in every language', async () => {
      const expected: Record<string, string> = {
        'en-US': 'Times in Central European Time',
        de: 'Zeitzone: Mitteleuropäische Zeit',
        fr: 'heure d’Europe centrale',
        ja: '中央ヨーロッパ時間',
        ar: 'توقيت وسط أوروبا',
      };
      for (const [locale, words] of Object.entries(expected)) {
        const table = await renderTable(usageClient(20), { locale });
        expect(subtitle(table), locale).to.contain(words);
        expect(subtitle(table), locale).to.not.match(/standard|summer|Normalzeit|Sommerzeit|heure normale|heure d’été|標準時|夏時間/i);
      }
      const newYork = await renderTable(usageClient(20), { timeZone: 'America/New_York' });
      expect(subtitle(newYork)).to.contain('Times in Eastern Time');
    });

    it('keeps the long name of a zone on one offset all year (no bare "GMT+00:00")', async () => {
      expect(subtitle(await renderTable(usageClient(20), { timeZone: 'UTC' }))).to.contain('Times in Coordinated Universal Time');
      expect(subtitle(await renderTable(usageClient(20), { timeZone: 'Asia/Tokyo' }))).to.contain('Times in Japan Standard Time');
      expect(subtitle(await renderTable(usageClient(20), { timeZone: 'Asia/Tokyo', locale: 'de' }))).to.contain(
        'Zeitzone: Japanische Normalzeit',
      );
    });
  });

  describe('call details on a phone', () => {
    afterEach(async () => {
      await emulateMedia({ reducedMotion: 'no-preference' });
      await setViewport({ width: 800, height: 600 });
    });

    for (const motion of ['reduce', 'no-preference'] as const) {
      it(`brings the details into view and focuses them when a call is tapped (reduced motion: ${motion})`, async () => {
        await setViewport({ width: 390, height: 600 });
        await emulateMedia({ reducedMotion: motion });
        const table = await renderTable(usageClient(60), { query: allHistoryQuery({ view: 'details' }), width: '375px' });
        await until(() => !!table.shadowRoot!.querySelector('.card--narrow'), 'the narrow layout');
        const rows = await rowsLoaded(table);
        rows[2]!.scrollIntoView({ block: 'start' });
        const scrolls: Array<ScrollIntoViewOptions | boolean | undefined> = [];
        // Recorded on the way through: which behaviour the panel's scroll asked for (smooth, or not when motion is reduced).
        const native = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollIntoView')!.value as Element['scrollIntoView'];
        HTMLElement.prototype.scrollIntoView = function (this: HTMLElement, options?: ScrollIntoViewOptions | boolean) {
          if (this.matches('[part="detail-panel"]')) scrolls.push(options);
          native.call(this, options);
        };
        try {
          rows[2]!.click();
          await until(() => !!gridRoot(table)?.querySelector('[part="detail-panel"]'), 'the detail panel');
          const panel = gridRoot(table)!.querySelector<HTMLElement>('[part="detail-panel"]')!;
          await until(() => {
            const box = panel.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
          }, 'the detail panel in view');
          expect(gridRoot(table)!.activeElement).to.equal(panel);
          expect(scrolls).to.have.length(1);
          expect(scrolls[0]).to.include({ block: 'nearest', behavior: motion === 'reduce' ? 'auto' : 'smooth' });
        } finally {
          Reflect.deleteProperty(HTMLElement.prototype, 'scrollIntoView');
        }
        await expect(table).to.be.accessible();
      });
    }

    it('on a wide screen keeps focus on the row (arrow keys go on through the calls)', async () => {
      const table = await renderTable(usageClient(60), { query: allHistoryQuery({ view: 'details' }) });
      const rows = await rowsLoaded(table);
      rows[1]!.focus();
      rows[1]!.click();
      await until(() => !!gridRoot(table)?.querySelector('[part="detail-panel"]'), 'the detail panel');
      await table.updateComplete;
      expect(gridRoot(table)!.activeElement).to.equal(rows[1]);
    });
  });

  describe('call details and Escape', () => {
    it('closes the details with Escape from inside them, focus back on the call', async () => {
      const table = await renderTable(usageClient(60), { query: allHistoryQuery({ view: 'details' }) });
      const rows = await rowsLoaded(table);
      rows[2]!.focus();
      rows[2]!.click();
      await until(() => !!gridRoot(table)?.querySelector('[part="detail-panel"]'), 'the detail panel');
      const close = gridRoot(table)!.querySelector<HTMLButtonElement>('[part="close-details-button"]')!;
      close.focus();
      await sendKeys({ press: 'Escape' });
      await until(() => !gridRoot(table)?.querySelector('[part="detail-panel"]'), 'the details to close');
      await table.updateComplete;
      expect(gridRoot(table)!.activeElement?.getAttribute('aria-rowindex')).to.equal(rows[2]!.getAttribute('aria-rowindex'));
    });
  });

  describe('Type filter', () => {
    it('is as wide as its longest option in every language, and the filter row never scrolls sideways', async () => {
      for (const locale of ['en-US', 'de', 'fr', 'ja', 'ar']) {
        const table = await renderTable(usageClient(60), {
          query: allHistoryQuery({ view: 'details', type: 'outbound_international_call' }),
          locale,
          // The card's width in the demo at 1280 px.
          width: '48rem',
        });
        await rowsLoaded(table);
        const select = table.shadowRoot!.querySelector<HTMLSelectElement>('select:has(option[value="outbound_international_call"])')!;
        const shown = select.getBoundingClientRect().width;
        // Its own width when nothing constrains it: what the longest option needs.
        select.style.cssText = 'inline-size: max-content; max-inline-size: none';
        const needed = select.getBoundingClientRect().width;
        select.style.cssText = '';
        expect(shown, `${locale}: ${select.selectedOptions[0]?.textContent ?? ''}`).to.be.at.least(needed - 0.5);
        const fields = table.shadowRoot!.querySelector<HTMLElement>('.filter-fields')!;
        expect(fields.scrollWidth, locale).to.be.at.most(fields.clientWidth);
      }
    });
  });
  describe('CSV export', () => {
    /** The rows of a file the export wrote (no field of these fixtures holds a comma, quote or line break). */
    async function csvRows(file: Blob): Promise<string[][]> {
      return (await file.text())
        .replace(/^\ufeff/, '')
        .split('\r\n')
        .filter(Boolean)
        .map((line) => line.split(','));
    }

    async function exportFromTable(table: BalanceUsageTable, totals: boolean): Promise<UsageExportEvent> {
      const box = table.shadowRoot!.querySelector<HTMLInputElement>('input[name="export-totals"]');
      if (totals) {
        expect(box, 'the totals option').to.not.equal(null);
        box!.click();
      }
      const exported = new Promise<UsageExportEvent>((resolve) =>
        table.addEventListener(
          'billing-usage-export',
          (event) => {
            event.preventDefault();
            resolve(event);
          },
          { once: true },
        ),
      );
      table.shadowRoot!.querySelector<HTMLButtonElement>('[part="export-button"]')!.click();
      return exported;
    }

    it('names the file after the type and user filters too, in safe characters only', async () => {
      expect(usageCsvFileName('2026-03-01', '2026-03-31')).to.equal('usage-2026-03-01-to-2026-03-31.csv');
      expect(usageCsvFileName('2026-03-01', '2026-03-31', { type: 'outbound_international_call', userId: 'usr_dana' })).to.equal(
        'usage-2026-03-01-to-2026-03-31-outbound_international_call-usr_dana.csv',
      );
      expect(usageCsvFileName('2026-03-01', '2026-03-31', { userId: '../../etc/pass wd\u0000"<x>' })).to.equal(
        'usage-2026-03-01-to-2026-03-31-_etc_pass_wd_x_.csv',
      );
      expect(usageCsvFileName('2026-03-01', '2026-03-31', { type: 'x'.repeat(300) })).to.have.length.below(90);

      const client = usageClient(60);
      const table = await renderTable(client, {
        query: allHistoryQuery({ view: 'details', type: 'outbound_international_call', userId: 'usr_dana_whitfield' }),
      });
      const event = await exportFromTable(table, false);
      expect(event.fileName).to.match(/^usage-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}-outbound_international_call-usr_dana_whitfield\.csv$/);
      const rows = await csvRows(event.file);
      expect(rows.slice(1).every((row) => row[2] === 'outbound_international_call' && row[10] === 'usr_dana_whitfield')).to.equal(true);
      expect(rows.some((row) => row[2] === 'total')).to.equal(false);
    });

    it('ends with a totals row when the person asks for one: billed seconds and price summed from minor units', async () => {
      const client = usageClient(60);
      const query = allHistoryQuery();
      const table = await renderTable(client, { query });
      const event = await exportFromTable(table, true);
      const rows = await csvRows(event.file);
      const entries = rows.slice(1, -1);
      expect(entries).to.have.length(event.entryCount);
      const last = rows.at(-1)!;
      const cents = entries.reduce((sum, row) => sum + Math.round(Number(row[8]) * 100), 0);
      const seconds = entries.reduce((sum, row) => sum + Number(row[6]), 0);
      expect(last).to.deep.equal(['', '', 'total', '', '', '', String(seconds), '', (cents / 100).toFixed(2), 'USD', '', '']);
      const summary = await client.getUsageSummary(usageFilters(table.currentQuery, Date.now(), BERLIN));
      expect(last[8]).to.equal((summary.total.amount / 100).toFixed(2));
      // The box comes back unticked with the button: the next export is a plain one unless asked again.
      await until(() => !!table.shadowRoot!.querySelector('[part="export-button"]'), 'the export button back');
      expect(table.shadowRoot!.querySelector<HTMLInputElement>('input[name="export-totals"]')!.checked).to.equal(false);
      await expect(table).to.be.accessible();
    });

    it("sums exactly past 2^53 and per currency, in each currency's digits", async () => {
      const [template] = (await usageClient(1).listUsage({ from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', limit: 1 })).entries;
      const entry = (id: string, amount: number, currency: string, billedSeconds: number): UsageEntry => ({
        ...template!,
        id,
        billedSeconds,
        price: { amount, currency },
        ratePerMinute: { amount: 1, currency },
      });
      const entries = [
        entry('a', Number.MAX_SAFE_INTEGER, 'USD', 60),
        entry('b', Number.MAX_SAFE_INTEGER, 'USD', 30),
        entry('c', 1500, 'JPY', 15),
        entry('d', 1234, 'KWD', 5),
        entry('e', -34, 'KWD', 5),
      ];
      const page: UsagePage = { entries, nextCursor: null, totalCount: entries.length };
      const client = { listUsage: () => Promise.resolve(page) } as unknown as BillingClient;
      const filters = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };
      const plain = await csvRows(await exportUsageCsv(client, { filters, timeZone: 'UTC' }));
      expect(plain).to.have.length(1 + entries.length);
      const rows = await csvRows(await exportUsageCsv(client, { filters, timeZone: 'UTC', totals: true }));
      expect(rows.slice(-3)).to.deep.equal([
        ['', '', 'total', '', '', '', '15', '', '1500', 'JPY', '', ''],
        ['', '', 'total', '', '', '', '10', '', '1.200', 'KWD', '', ''],
        ['', '', 'total', '', '', '', '90', '', '180143985094819.82', 'USD', '', ''],
      ]);
    });
  });
});

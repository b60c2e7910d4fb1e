// The shared Intl cache: one instance per kind, locale and options; and a usage page of 100 rows, rendered and scrolled
// through, builds no Intl formatter once the locale and zone have been seen.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BalanceUsageTable } from '../../src/components/balance-usage-table/balance-usage-table.js';
import { collator, dateTimeFormat, isKnownTimeZone, numberFormat, pluralRules, relativeTimeFormat } from '../../src/money/intl-cache.js';
import { formatMoney } from '../../src/money/money.js';
import { zonedParts } from '../../src/money/zoned-time.js';
import { allHistoryQuery, usageClient } from '../../stories/usage-fixtures.js';
import { until } from '../helpers/dom.js';

type Counted = 'NumberFormat' | 'DateTimeFormat' | 'RelativeTimeFormat' | 'PluralRules' | 'Collator' | 'DisplayNames' | 'Locale';
const COUNTED: readonly Counted[] = [
  'NumberFormat',
  'DateTimeFormat',
  'RelativeTimeFormat',
  'PluralRules',
  'Collator',
  'DisplayNames',
  'Locale',
];

/** Every Intl constructor builds with `new`; some also without (`Intl.DateTimeFormat()`). */
type IntlConstructor = { new (...args: unknown[]): object; (...args: unknown[]): unknown };

/** Runs `body` with every Intl constructor wrapped to count what it builds (with or without `new`). */
async function countIntl(body: () => Promise<void> | void): Promise<Record<Counted, number>> {
  const counts = Object.fromEntries(COUNTED.map((name) => [name, 0])) as Record<Counted, number>;
  const intl = Intl as unknown as Record<Counted, unknown>;
  const originals = Object.fromEntries(COUNTED.map((name) => [name, intl[name]])) as Record<Counted, unknown>;
  for (const name of COUNTED) {
    intl[name] = new Proxy(originals[name] as IntlConstructor, {
      construct(target, args, newTarget) {
        counts[name]++;
        return Reflect.construct(target, args, newTarget) as object;
      },
      apply(target, thisArg, args) {
        counts[name]++;
        return Reflect.apply<unknown, unknown[], unknown>(target, thisArg, args);
      },
    });
  }
  try {
    await body();
  } finally {
    for (const name of COUNTED) intl[name] = originals[name];
  }
  return counts;
}

describe('the shared Intl cache', () => {
  it('returns the same instance for the same kind, locale and options, and another for other options', () => {
    expect(numberFormat('de-DE', { style: 'currency', currency: 'EUR' })).to.equal(
      numberFormat('de-DE', { style: 'currency', currency: 'EUR' }),
    );
    expect(numberFormat('de-DE', { style: 'currency', currency: 'USD' })).not.to.equal(
      numberFormat('de-DE', { style: 'currency', currency: 'EUR' }),
    );
    expect(numberFormat('de-DE')).not.to.equal(numberFormat('fr-FR'));
    expect(dateTimeFormat('ja', { timeZone: 'Asia/Tokyo' })).to.equal(dateTimeFormat('ja', { timeZone: 'Asia/Tokyo' }));
    expect(dateTimeFormat('ja', { timeZone: 'Asia/Tokyo' })).not.to.equal(dateTimeFormat('ja', { timeZone: 'UTC' }));
    expect(relativeTimeFormat('ar', { numeric: 'auto' })).to.equal(relativeTimeFormat('ar', { numeric: 'auto' }));
    expect(pluralRules('ar')).to.equal(pluralRules('ar'));
    expect(collator(['fr', 'en'], { numeric: true })).to.equal(collator(['fr', 'en'], { numeric: true }));
    // A kind never answers for another with the same locale and options.
    expect(numberFormat('en')).not.to.equal(dateTimeFormat('en'));
  });

  it('formats as a new instance would', () => {
    const options: Intl.NumberFormatOptions = { style: 'currency', currency: 'KWD' };
    expect(numberFormat('ar-EG', options).format(1234.5)).to.equal(new Intl.NumberFormat('ar-EG', options).format(1234.5));
  });

  it('throws what the constructor throws for a bad zone, and remembers that the zone is unknown', async () => {
    expect(() => dateTimeFormat('en', { timeZone: 'Not/A_Zone' })).to.throw(RangeError);
    expect(isKnownTimeZone('Europe/Berlin')).to.equal(true);
    expect(isKnownTimeZone('Not/A_Zone')).to.equal(false);
    expect(isKnownTimeZone(undefined)).to.equal(false);
    const counts = await countIntl(() => {
      for (let i = 0; i < 100; i++) expect([isKnownTimeZone('Not/A_Zone'), isKnownTimeZone('Europe/Berlin')]).to.deep.equal([false, true]);
    });
    expect(counts.DateTimeFormat).to.equal(0);
  });

  it('tests a zone with the formatter that reads its wall clock: one build for both', async () => {
    const counts = await countIntl(() => {
      expect(isKnownTimeZone('Pacific/Chatham')).to.equal(true);
      expect(zonedParts(Date.UTC(2026, 0, 1), 'Pacific/Chatham').hour).to.equal(13);
    });
    expect(counts.DateTimeFormat).to.equal(1);
  });

  it('formatMoney builds nothing after the first call for a locale and currency', async () => {
    formatMoney({ amount: 1, currency: 'JPY' }, 'ja-JP');
    const counts = await countIntl(() => {
      for (let amount = 0; amount < 1000; amount++) formatMoney({ amount, currency: 'JPY' }, 'ja-JP');
    });
    expect(counts.NumberFormat).to.equal(0);
  });
});

describe('a usage page of 100 rows', () => {
  afterEach(fixtureCleanup);

  async function renderAllRows(): Promise<BalanceUsageTable> {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="inline-size: 60rem">
        <balance-usage-table
          .client=${usageClient(100)}
          .query=${allHistoryQuery({ view: 'details' })}
          locale="de-DE"
          time-zone="Europe/Berlin"
        ></balance-usage-table>
      </div>`,
    );
    const table = wrapper.querySelector('balance-usage-table')!;
    const grid = () => table.shadowRoot!.querySelector('billing-usage-grid')?.shadowRoot?.querySelector<HTMLElement>('[role="grid"]');
    const row = (index: number) => grid()?.querySelector(`[aria-rowindex="${index}"]:not(.row--loading)`);
    await until(() => !!row(2), 'the first rows', 10_000);
    // Scroll to the end in steps, so every one of the 100 rows is rendered once.
    for (let top = 0; !row(101); top += 480) {
      grid()!.scrollTop = top;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await table.updateComplete;
      if (top > 100 * 48 * 2) throw new Error('row 101 never rendered');
    }
    return table;
  }

  it('renders and scrolls through every row without building an Intl formatter, once its locale and zone were seen', async () => {
    await renderAllRows(); // the first page in this locale and zone builds what it needs, once
    fixtureCleanup();
    const counts = await countIntl(async () => {
      const table = await renderAllRows();
      // Renders of the whole element (a scroll frame, a re-render) reuse them too.
      for (let i = 0; i < 20; i++) {
        table.requestUpdate();
        await table.updateComplete;
      }
    });
    expect(counts).to.deep.equal(Object.fromEntries(COUNTED.map((name) => [name, 0])));
  });
});

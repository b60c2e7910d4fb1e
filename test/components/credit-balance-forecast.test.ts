// <credit-balance>'s runway forecast as a person meets it: the sentence for each seeded history (the issue's example,
// auto-recharge, the 30-day fallback, a negative balance), nothing at all on zero spend or a short history, in German
// and Arabic, switched off, read with one series or the three older reads, and against a hostile backend (errors,
// garbage, huge amounts, no answer): the balance always shows first and stays, the forecast is a sentence, says it
// can't forecast, or keeps its room empty; never NaN.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BillingClient } from '../../src/client/billing-client.js';
import { loadValidator } from '../../src/client/load-validator.js';
import { CreditBalance } from '../../src/components/credit-balance/credit-balance.js';
import { forecastTiming } from '../../src/components/credit-balance/forecast-controller.js';
import { hangingClient, readyClient } from '../../stories/fixtures.js';
import {
  failingSpendClient,
  garbageSpendClient,
  hangingSpendClient,
  hangSpendReads,
  noSeriesSpendClient,
  spendAutoRechargeClient,
  spendClient,
} from '../../stories/forecast-fixtures.js';
import { normalise, part, partText, until } from '../helpers/dom.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';

const forecastOf = (el: CreditBalance) => part(el, 'forecast')?.getAttribute('data-forecast');
const hasAnswer = (el: CreditBalance) => ![undefined, null, 'loading'].includes(forecastOf(el));
const height = (el: Element | null) => Math.round(el?.getBoundingClientRect().height ?? -1);
/** What a person sees of the forecast line (innerText leaves out what is not visible). */
const seenText = (el: CreditBalance) => normalise(part(el, 'forecast')?.innerText ?? '');

async function render(client: BillingClient, options: { locale?: string; width?: string; hideForecast?: boolean } = {}) {
  const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: ${options.width ?? '28rem'}"></div>`);
  const el = document.createElement('credit-balance');
  el.client = client;
  el.locale = options.locale ?? 'en-US';
  el.hideForecast = options.hideForecast ?? false;
  wrapper.append(el);
  await until(() => part(el, 'amount') !== null, 'balance shown');
  return el;
}

async function forecast(client: BillingClient, options: Parameters<typeof render>[1] = {}) {
  const el = await render(client, options);
  await until(() => hasAnswer(el), 'forecast answered');
  await el.updateComplete;
  return el;
}

describe('<credit-balance> runway forecast', () => {
  before(() => loadValidator());
  failOnUnhandledRejections(() => fixtureCleanup());
  const defaultTimeout = forecastTiming.timeoutMs;
  afterEach(() => (forecastTiming.timeoutMs = defaultTimeout));

  it("says the issue's example: $7.20 a day over the last 7 days, $45.00 lasts about 6 days", async () => {
    const el = await forecast(spendClient());
    expect(forecastOf(el)).to.equal('lasts');
    expect(partText(el, 'forecast')).to.equal(
      'At your recent spend (about $7.20 a day over the last 7 days), your balance lasts about 6 days.',
    );
    await expect(el).to.be.accessible();
  });

  it('with auto-recharge on, says how often it adds its amount', async () => {
    const el = await forecast(spendAutoRechargeClient());
    expect(partText(el, 'forecast')).to.equal(
      'At your recent spend (about $7.20 a day over the last 7 days), auto-recharge will add $50.00 about every 7 days.',
    );
  });

  it('falls back to the last 30 days when the last week had no spend, and says so', async () => {
    const el = await forecast(spendClient({ last7: 0, last30: 6000 }));
    // $60.00 / 30 = $2.00 a day; $45.00 lasts 22.5 days, rounded down.
    expect(partText(el, 'forecast')).to.equal(
      'At your recent spend (about $2.00 a day over the last 30 days), your balance lasts about 22 days.',
    );
  });

  it('says "more than a year" and "less than a day" at the ends', async () => {
    const slow = await forecast(spendClient({ last7: 70, last30: 300 }));
    expect(partText(slow, 'forecast')).to.equal(
      'At your recent spend (about $0.10 a day over the last 7 days), your balance lasts more than a year.',
    );
    const fast = await forecast(spendClient({ last7: 70000, last30: 300000 }));
    expect(partText(fast, 'forecast')).to.equal(
      'At your recent spend (about $100.00 a day over the last 7 days), your balance lasts less than a day.',
    );
  });

  /** The line says nothing, to the eye or a screen reader, and keeps the placeholder's room so the card does not move. */
  async function expectSaysNothing(el: CreditBalance) {
    expect(forecastOf(el)).to.equal('too-little-data');
    const line = part(el, 'forecast')!;
    expect(seenText(el)).to.equal('');
    expect(getComputedStyle(line).visibility).to.equal('hidden');
    expect(line.getAttribute('aria-hidden')).to.equal('true');
    expect(el.shadowRoot!.querySelector('billing-balance-forecast')!.shadowRoot!.querySelector('[part~="skeleton"]')).to.equal(null);
    const loading = await render(hangingSpendClient({ updatedMinutesAgo: 0 }));
    expect(height(line)).to.equal(height(part(loading, 'forecast')));
    expect(height(line)).to.be.above(10);
    await expect(el).to.be.accessible();
  }

  it("says nothing on zero spend, keeping the line's room", async () => {
    for (const client of [readyClient(), spendClient({ last7: 0, last30: 0, firstUsageDaysAgo: 120 })]) {
      await expectSaysNothing(await forecast(client));
    }
  });

  it("says nothing on less than a week of history, keeping the line's room", async () => {
    await expectSaysNothing(await forecast(spendClient({ last7: 1500, last30: 1500, firstUsageDaysAgo: 3 })));
    await expectSaysNothing(await forecast(noSeriesSpendClient({ last7: 1500, last30: 1500, firstUsageDaysAgo: 3 })));
  });

  it('reads the spend with one getUsageSeries where the client has it, else with two summaries and the oldest entry', async () => {
    const sentence = 'At your recent spend (about $7.20 a day over the last 7 days), your balance lasts about 6 days.';
    const series = spendClient();
    expect(partText(await forecast(series), 'forecast')).to.equal(sentence);
    expect([series.spendReads, series.seriesReads]).to.deep.equal([1, 1]);
    const older = noSeriesSpendClient();
    expect(partText(await forecast(older), 'forecast')).to.equal(sentence);
    expect([older.spendReads, older.seriesReads]).to.deep.equal([3, 0]);
    // The 30-day fallback reads the same from either.
    for (const client of [spendClient({ last7: 0, last30: 6000 }), noSeriesSpendClient({ last7: 0, last30: 6000 })]) {
      expect(partText(await forecast(client), 'forecast')).to.contain('about $2.00 a day over the last 30 days');
    }
  });

  it('says a negative balance is used up, beside the negative-balance warning', async () => {
    const el = await forecast(spendClient(undefined, { startingBalance: -1234 }));
    expect(partText(el, 'amount')).to.equal('-$12.34');
    expect(part(el, 'status')).to.not.equal(null);
    expect(forecastOf(el)).to.equal('used-up');
    expect(partText(el, 'forecast')).to.equal('Your balance is used up: add funds to keep paying for usage.');
    await expect(el).to.be.accessible();
  });

  it('speaks German and Arabic (right to left), with the numbers in the locale', async () => {
    const de = await forecast(spendClient(undefined, { currency: 'EUR' }), { locale: 'de-DE' });
    expect(partText(de, 'forecast')).to.equal(
      'Bei Ihren aktuellen Ausgaben (etwa 7,20 € pro Tag in den letzten 7 Tagen) reicht Ihr Guthaben etwa 6 Tage.',
    );
    const ar = await forecast(spendAutoRechargeClient(undefined, { currency: 'EGP' }), { locale: 'ar-EG' });
    expect(ar.getAttribute('dir')).to.equal('rtl');
    const text = partText(ar, 'forecast');
    expect(text).to.contain('الشحن التلقائي');
    expect(text).to.contain(new Intl.NumberFormat('ar-EG').format(7));
    expect(text).to.not.match(/NaN|undefined|[A-Za-z]{3,}/);
  });

  it('hide-forecast and the compact form show none and never read the spend', async () => {
    const hidden = spendClient();
    const el = await render(hidden, { hideForecast: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(part(el, 'forecast')).to.equal(null);
    expect(hidden.spendReads).to.equal(0);

    const compactClient = spendClient();
    const compact = await fixture<CreditBalance>(html`<credit-balance variant="compact" .client=${compactClient}></credit-balance>`);
    await until(() => part(compact, 'amount') !== null, 'compact balance');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(part(compact, 'forecast')).to.equal(null);
    expect(compactClient.spendReads).to.equal(0);
  });

  it("hide-forecast and the compact form never fetch the forecast's code; the full form fetches it when idle", async () => {
    let loads = 0;
    class CountingLoads extends CreditBalance {
      protected override loadForecast() {
        loads += 1;
        return super.loadForecast();
      }
    }
    customElements.define('credit-balance-counting-loads', CountingLoads);
    const idle = () => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 50), { timeout: 3000 }));
    // The account never loads, so only the idle prefetch could fetch the code.
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <credit-balance-counting-loads hide-forecast .client=${hangingClient()}></credit-balance-counting-loads>
        <credit-balance-counting-loads variant="compact" .client=${hangingClient()}></credit-balance-counting-loads>
      </div>`,
    );
    await idle();
    await idle();
    expect(loads).to.equal(0);
    page.append(Object.assign(document.createElement('credit-balance-counting-loads'), { client: hangingClient() }));
    await until(() => loads === 1, 'the full form prefetches', 5000);
  });

  it('reads the spend once and follows a new balance without reading it again', async () => {
    const client = spendClient();
    const el = await forecast(client);
    const reads = client.spendReads;
    client.simulateUsage([{ destinationCountry: 'DE', durationSeconds: 60 * 60 * 10 }]);
    await el['billing'].store!.refresh();
    await el.updateComplete;
    expect(partText(el, 'amount')).to.not.equal('$45.00');
    expect(client.spendReads).to.equal(reads);
    expect(partText(el, 'forecast')).to.match(/your balance lasts about [1-5] days?\.$/);
  });

  describe('a hostile backend', () => {
    it('failing spend reads: the balance stays, the forecast says it cannot forecast', async () => {
      const el = await forecast(failingSpendClient());
      expect(partText(el, 'amount')).to.equal('$45.00');
      expect(forecastOf(el)).to.equal('unavailable');
      expect(partText(el, 'forecast')).to.equal("We can't forecast how long your balance lasts right now.");
      await expect(el).to.be.accessible();
    });

    for (const [name, summary] of [
      ['a negative spend', { types: [], users: [], total: { amount: -5000, currency: 'USD' } }],
      ['NaN and markup', { types: [], users: [], total: { amount: Number.NaN, currency: '<b>USD</b>' } }],
      ['a float', { types: [], users: [], total: { amount: 12.5, currency: 'USD' } }],
      ['another currency', { types: [], users: [], total: { amount: 5000, currency: 'EUR' } }],
      ['no total at all', { garbage: true }],
    ] as const) {
      it(`${name}: no forecast, never NaN`, async () => {
        const el = await forecast(garbageSpendClient(summary));
        expect(partText(el, 'amount')).to.equal('$45.00');
        expect(forecastOf(el)).to.equal('unavailable');
        expect(normalise(el.shadowRoot!.textContent)).to.not.match(/NaN|undefined|Infinity|<b>/);
      });
    }

    it('a series whose days do not add up to its total, or lie outside the asked days: no forecast', async () => {
      const yesterday = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000).toISOString();
      const usd = (amount: number) => ({ amount, currency: 'USD' });
      for (const series of [
        { bucket: 'day', timeZone: 'UTC', points: [{ start: yesterday, spend: usd(5040), count: 3 }], total: usd(99_999) },
        { bucket: 'day', timeZone: 'UTC', points: [{ start: '2001-01-01T00:00:00.000Z', spend: usd(5040), count: 3 }], total: usd(5040) },
      ]) {
        const client = spendClient();
        client.getUsageSeries = () => Promise.resolve(series as never);
        const el = await forecast(client);
        expect(forecastOf(el)).to.equal('unavailable');
        expect(partText(el, 'amount')).to.equal('$45.00');
      }
    });

    it('a huge spend and a huge balance stay whole numbers', async () => {
      const max = Number.MAX_SAFE_INTEGER;
      const spender = await forecast(spendClient({ last7: max, last30: max }));
      expect(partText(spender, 'forecast')).to.match(/^At your recent spend \(about \$12,867,427,506,772\.84 a day .*less than a day\.$/);
      const rich = await forecast(spendClient({ last7: 700, last30: 3000 }, { startingBalance: max }));
      expect(partText(rich, 'forecast')).to.contain('more than a year');
    });

    it('spend reads that never answer (and ignore their signal): the balance shows at once, then "can\'t forecast"', async () => {
      forecastTiming.timeoutMs = 150;
      const el = await render(hangingSpendClient());
      expect(partText(el, 'amount')).to.equal('$45.00');
      expect(forecastOf(el)).to.equal('loading');
      expect(part(el, 'forecast')!.getAttribute('aria-hidden')).to.equal('true');
      await until(() => hasAnswer(el), 'gave up waiting', 3000);
      expect(forecastOf(el)).to.equal('unavailable');
    });
  });

  it("a forecast chunk that fails to load: the balance stays, the line says it can't forecast", async () => {
    class NoForecastCode extends CreditBalance {
      protected override loadForecast(): Promise<never> {
        return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
      }
    }
    customElements.define('credit-balance-no-forecast-code', NoForecastCode);
    const warn = console.warn;
    console.warn = () => {};
    try {
      const el = await fixture<CreditBalance>(
        html`<credit-balance-no-forecast-code .client=${spendClient()} locale="en-US"></credit-balance-no-forecast-code>`,
      );
      await until(() => forecastOf(el) === 'unavailable', 'unavailable');
      expect(partText(el, 'amount')).to.equal('$45.00');
      expect(partText(el, 'forecast')).to.equal("We can't forecast how long your balance lasts right now.");
    } finally {
      console.warn = warn;
    }
  });

  describe('layout', () => {
    const hang = hangSpendReads;

    for (const width of ['28rem', '320px', '48rem']) {
      it(`the forecast's answer moves nothing at ${width}: its placeholder takes the lines the sentence will`, async () => {
        forecastTiming.timeoutMs = 60_000;
        for (const [name, make] of [
          ['auto-recharge off', () => spendClient(undefined, { updatedMinutesAgo: 0 })],
          ['auto-recharge on', () => spendAutoRechargeClient(undefined, { updatedMinutesAgo: 0 })],
        ] as const) {
          const loading = await render(hang(make()), { width });
          await until(() => forecastOf(loading) === 'loading', 'placeholder');
          const ready = await forecast(make(), { width });
          expect(height(part(ready, 'forecast')), name).to.equal(height(part(loading, 'forecast')));
          expect(height(ready), name).to.equal(height(loading));
        }
        // Too little data keeps exactly the placeholder's room; a can't-forecast sentence is shorter, never taller.
        const loading = await render(hang(spendClient(undefined, { updatedMinutesAgo: 0 })), { width });
        const noSpend = await forecast(spendClient({ last7: 0, last30: 0 }, { updatedMinutesAgo: 0 }), { width });
        expect(height(part(noSpend, 'forecast'))).to.equal(height(part(loading, 'forecast')));
        expect(height(noSpend)).to.equal(height(loading));
        const failed = await forecast(failingSpendClient({ updatedMinutesAgo: 0 }), { width });
        expect(height(part(failed, 'forecast'))).to.be.at.most(height(part(loading, 'forecast')));
      });
    }

    it('the card skeleton holds the forecast line before the account is known', async () => {
      const el = await fixture<CreditBalance>(html`<credit-balance .client=${hangingClient()}></credit-balance>`);
      await until(() => part(el, 'skeleton') !== null, 'skeleton');
      expect(forecastOf(el)).to.equal('loading');
      expect(height(part(el, 'forecast'))).to.be.above(10);
      const hidden = await fixture<CreditBalance>(html`<credit-balance hide-forecast .client=${hangingClient()}></credit-balance>`);
      await until(() => part(hidden, 'skeleton') !== null, 'skeleton');
      expect(part(hidden, 'forecast')).to.equal(null);
    });
  });
});

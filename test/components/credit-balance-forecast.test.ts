// <credit-balance>'s runway forecast as a person meets it: the sentence for each seeded history (the issue's example,
// auto-recharge, the 30-day fallback, zero spend, a short history, a negative balance), in German and Arabic, switched
// off, and against a hostile backend (errors, garbage, huge amounts, no answer): the balance always shows first and
// stays, the forecast is a sentence or says it can't forecast, never NaN and never a blank line.
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
  spendAutoRechargeClient,
  spendClient,
} from '../../stories/forecast-fixtures.js';
import { normalise, part, partText, until } from '../helpers/dom.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';

const forecastOf = (el: CreditBalance) => part(el, 'forecast')?.getAttribute('data-forecast');
const hasAnswer = (el: CreditBalance) => ![undefined, null, 'loading'].includes(forecastOf(el));

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

  it('makes no forecast on zero spend, and says why, muted', async () => {
    for (const client of [readyClient(), spendClient({ last7: 0, last30: 0, firstUsageDaysAgo: 120 })]) {
      const el = await forecast(client);
      expect(forecastOf(el)).to.equal('too-little-data');
      expect(partText(el, 'forecast')).to.equal('No usage in the last 30 days, so there is no spend to forecast from.');
      expect(part(el, 'forecast')!.classList.contains('forecast--muted')).to.equal(true);
    }
  });

  it('makes no forecast on less than a week of history', async () => {
    const el = await forecast(spendClient({ last7: 1500, last30: 1500, firstUsageDaysAgo: 3 }));
    expect(partText(el, 'forecast')).to.equal('Not enough usage history yet to forecast how long your balance lasts.');
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
    /** `client` with spend reads that never answer: the forecast stays on its placeholder. */
    const hang = <C extends BillingClient>(client: C): C => Object.assign(client, { getUsageSummary: () => new Promise(() => {}) });
    const height = (el: Element | null) => Math.round(el?.getBoundingClientRect().height ?? -1);

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
        // A can't-forecast sentence is shorter: it never takes more room than the placeholder held.
        const loading = await render(hang(spendClient(undefined, { updatedMinutesAgo: 0 })), { width });
        const noSpend = await forecast(spendClient({ last7: 0, last30: 0 }, { updatedMinutesAgo: 0 }), { width });
        expect(height(part(noSpend, 'forecast'))).to.be.at.most(height(part(loading, 'forecast')));
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

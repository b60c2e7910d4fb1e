// Fixture clients for <usage-rates>: the demo rates, 250 countries, loading, failing and hostile answers.
import type { RequestOptions } from '../src/client/billing-client.js';
import type { Rate } from '../src/client/schemas.js';
import { FixtureClient, type FixtureOptions } from './fixtures.js';

/** A client whose listRates answers `rates` (checked by the store like any answer) and counts its calls. */
export class RatesClient extends FixtureClient {
  rateCalls = 0;
  constructor(
    private readonly rates?: () => unknown[],
    options: FixtureOptions = {},
  ) {
    super(options);
  }

  override async listRates(options?: RequestOptions): Promise<Rate[]> {
    this.rateCalls += 1;
    if (!this.rates) return super.listRates(options);
    await Promise.resolve();
    return this.rates() as Rate[];
  }
}

const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/**
 * `count` destinations with names the browser knows (up to ~250), deterministic: prices from 1 to 97 cents, a dialling
 * prefix on every third, a scheduled change on every seventh.
 */
export function worldRates(count = 250): Rate[] {
  const rates: Rate[] = [];
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const first of letters) {
    for (const second of letters) {
      const code = `${first}${second}`;
      const name = names.of(code);
      if (!name || name === code || rates.length >= count) continue;
      const index = rates.length;
      rates.push({
        destinationCountry: code,
        destinationName: name,
        ratePerMinute: { amount: 1 + ((index * 37) % 97), currency: 'USD' },
        effectiveFrom: '2026-01-01T00:00:00.000Z',
        ...(index % 7 === 0
          ? { nextRate: { ratePerMinute: { amount: 2 + ((index * 37) % 97), currency: 'USD' }, effectiveFrom: '2027-01-01T00:00:00.000Z' } }
          : {}),
        ...(index % 3 === 0 ? { dialingPrefix: `+${String(200 + index)}` } : {}),
      });
    }
  }
  return rates;
}

/** The demo account's rates (the mock's, with effectiveFrom, prefixes and three scheduled changes). */
export function demoRatesClient(options: FixtureOptions = {}): RatesClient {
  return new RatesClient(undefined, options);
}

/** 250 destinations. */
export function worldRatesClient(count = 250): RatesClient {
  return new RatesClient(() => worldRates(count));
}

/** A backend without rate history: no effectiveFrom, no next rate, no prefix. */
export function plainRatesClient(): RatesClient {
  return new RatesClient(() =>
    worldRates(12).map((rate) => ({
      destinationCountry: rate.destinationCountry,
      destinationName: rate.destinationName,
      ratePerMinute: rate.ratePerMinute,
    })),
  );
}

/** No rates published. */
export function emptyRatesClient(): RatesClient {
  return new RatesClient(() => []);
}

/** listRates never answers (until aborted): the loading state. */
export function hangingRatesClient(): RatesClient {
  const client = new RatesClient();
  client.listRates = (options?: RequestOptions) => {
    client.rateCalls += 1;
    return new Promise<Rate[]>((_resolve, reject) => {
      const signal = options?.signal;
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    });
  };
  return client;
}

/** listRates fails `times` times with "unavailable", then answers. */
export function failingRatesClient(times = 1_000_000): RatesClient {
  const client = new RatesClient();
  client.failNext('listRates', times, 'unavailable');
  return client;
}

/** A hostile backend: one rate's amount is NaN, another a float, a name is markup. */
export function hostileRatesClient(): RatesClient {
  return new RatesClient(() => [
    ...worldRates(5),
    { destinationCountry: 'NG', destinationName: '<img src=x onerror=alert(1)>', ratePerMinute: { amount: Number.NaN, currency: 'USD' } },
    { destinationCountry: 'GH', destinationName: 'Ghana', ratePerMinute: { amount: 12.5, currency: 'USD' } },
  ]);
}

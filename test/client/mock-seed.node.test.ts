// The mock's seed helpers: a currency's digits are looked up once, not by building an Intl.NumberFormat per call
// (building the demo's MockBillingClient spent 60 ms of page load in currencyFractionDigits).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { currencyFractionDigits, scaleSeedAmount } from '../../src/client/mock/seed.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';

/** Counts `new Intl.NumberFormat(…)` while `body` runs. */
function numberFormatsBuilt(body: () => void): number {
  const original = Intl.NumberFormat;
  let built = 0;
  Intl.NumberFormat = new Proxy(original, {
    construct(target, args: ConstructorParameters<typeof Intl.NumberFormat>) {
      built++;
      return new target(...args);
    },
  });
  try {
    body();
  } finally {
    Intl.NumberFormat = original;
  }
  return built;
}

describe('mock seed currencies', () => {
  it("knows each currency's digits (JPY 0, USD 2, KWD 3) and scales seed amounts by them", () => {
    assert.equal(currencyFractionDigits('JPY'), 0);
    assert.equal(currencyFractionDigits('USD'), 2);
    assert.equal(currencyFractionDigits('KWD'), 3);
    assert.equal(scaleSeedAmount(4250, 'KWD'), 42500);
    assert.equal(scaleSeedAmount(4250, 'JPY'), 4250);
  });

  it('refuses a code that is not a currency with a RangeError', () => {
    assert.throws(() => currencyFractionDigits('usd'), RangeError);
    assert.throws(() => currencyFractionDigits('NOPE'), RangeError);
    assert.throws(() => new MockBillingClient({ currency: 'QQQ' }), RangeError);
  });

  it('builds no Intl.NumberFormat per amount: at most one per currency', () => {
    currencyFractionDigits('EUR'); // warm, as a page that formats euros would be
    assert.equal(
      numberFormatsBuilt(() => {
        for (let i = 0; i < 1000; i++) scaleSeedAmount(i, 'EUR');
      }),
      0,
    );
    assert.ok(numberFormatsBuilt(() => currencyFractionDigits('CHF')) <= 1);
  });

  it('builds a 2,000-entry mock without a NumberFormat per entry', () => {
    const built = numberFormatsBuilt(() => new MockBillingClient({ currency: 'SEK', usageEntryCount: 2000 }));
    assert.ok(built <= 2, `${built} NumberFormats built for one mock`);
  });
});

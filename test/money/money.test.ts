// Tests for src/money/money.ts: currency digits, exact formatting, locale-aware parsing and format→parse round trips.
import { expect } from '@open-wc/testing';
import * as fc from 'fast-check';
import {
  addMoney,
  compareMoney,
  currencyDigits,
  formatMoney,
  fromDecimalString,
  isKnownCurrency,
  isSameCurrency,
  isSameMoney,
  moneyInputPlaceholder,
  parseMoney,
  subtractMoney,
  toDecimalString,
  type Money,
  type MoneyParseFailure,
  type MoneyParseResult,
} from '../../src/money/money.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';
const RLM = '\u200f';
const MAX = Number.MAX_SAFE_INTEGER;

const usd = (amount: number): Money => ({ amount, currency: 'USD' });

function expectAmount(result: MoneyParseResult, amount: number, currency: string): void {
  expect(result, JSON.stringify(result)).to.deep.equal({ ok: true, money: { amount, currency } });
}

function expectRefusal(result: MoneyParseResult, reason: MoneyParseFailure): void {
  expect(result.ok, JSON.stringify(result)).to.equal(false);
  if (!result.ok) {
    expect(result.reason).to.equal(reason);
    expect(result.message).to.be.a('string').and.not.equal('');
  }
}

describe('money: currencies', () => {
  it('knows ISO 4217 codes that Intl supports, upper case only', () => {
    expect(isKnownCurrency('USD')).to.equal(true);
    expect(isKnownCurrency('KWD')).to.equal(true);
    expect(isKnownCurrency('usd')).to.equal(false);
    expect(isKnownCurrency('XYZ')).to.equal(false);
    expect(isKnownCurrency('')).to.equal(false);
    expect(isKnownCurrency('USDX')).to.equal(false);
  });

  it('takes minor-unit digits from Intl', () => {
    expect(currencyDigits('JPY')).to.equal(0);
    expect(currencyDigits('USD')).to.equal(2);
    expect(currencyDigits('EUR')).to.equal(2);
    expect(currencyDigits('KWD')).to.equal(3);
    expect(currencyDigits('KWD')).to.equal(3); // cached path
  });

  it('throws a clear error for an unknown currency', () => {
    expect(() => currencyDigits('XYZ')).to.throw(/Unknown currency "XYZ"/);
  });
});

describe('money: formatMoney', () => {
  it('formats en-US', () => {
    expect(formatMoney(usd(123450), 'en-US')).to.equal('$1,234.50');
    expect(formatMoney(usd(0), 'en-US')).to.equal('$0.00');
    expect(formatMoney(usd(5), 'en-US')).to.equal('$0.05');
    expect(formatMoney({ amount: 1200, currency: 'JPY' }, 'en-US')).to.equal('¥1,200');
    expect(formatMoney({ amount: 1234567, currency: 'KWD' }, 'en-US')).to.equal(`KWD${NBSP}1,234.567`);
  });

  it('formats de-DE, fr-FR, ja-JP, hi-IN and ar-EG', () => {
    expect(formatMoney({ amount: 123450, currency: 'EUR' }, 'de-DE')).to.equal(`1.234,50${NBSP}€`);
    expect(formatMoney({ amount: 123450, currency: 'EUR' }, 'fr-FR')).to.equal(`1${NNBSP}234,50${NBSP}€`);
    expect(formatMoney({ amount: 123450, currency: 'USD' }, 'fr-FR')).to.equal(`1${NNBSP}234,50${NBSP}$US`);
    expect(formatMoney({ amount: 1200, currency: 'JPY' }, 'ja-JP')).to.equal('￥1,200');
    expect(formatMoney({ amount: 12345678, currency: 'USD' }, 'hi-IN')).to.equal('$1,23,456.78');
    expect(formatMoney({ amount: 123450, currency: 'USD' }, 'ar-EG')).to.equal(`${RLM}١٬٢٣٤٫٥٠${NBSP}US$`);
    expect(formatMoney({ amount: 1234567, currency: 'KWD' }, 'ar-EG')).to.equal(`${RLM}١٬٢٣٤٫٥٦٧${NBSP}د.ك.${RLM}`);
  });

  it('formats negatives with a minus sign and honours signDisplay', () => {
    expect(formatMoney(usd(-5), 'en-US')).to.equal('-$0.05');
    expect(formatMoney({ amount: -123450, currency: 'EUR' }, 'de-DE')).to.equal(`-1.234,50${NBSP}€`);
    expect(formatMoney(usd(500), 'en-US', { signDisplay: 'always' })).to.equal('+$5.00');
    expect(formatMoney(usd(0), 'en-US', { signDisplay: 'exceptZero' })).to.equal('$0.00');
    expect(formatMoney(usd(-0), 'en-US')).to.equal('$0.00');
  });

  it('formats Number.MAX_SAFE_INTEGER minor units exactly', () => {
    expect(formatMoney(usd(MAX), 'en-US')).to.equal('$90,071,992,547,409.91');
    expect(formatMoney(usd(-MAX), 'en-US')).to.equal('-$90,071,992,547,409.91');
    expect(formatMoney({ amount: MAX, currency: 'JPY' }, 'en-US')).to.equal('¥9,007,199,254,740,991');
    expect(formatMoney({ amount: MAX, currency: 'KWD' }, 'en-US')).to.equal(`KWD${NBSP}9,007,199,254,740.991`);
  });

  it('throws instead of printing NaN', () => {
    expect(() => formatMoney(usd(1.5), 'en-US')).to.throw(/safe integer/);
    expect(() => formatMoney(usd(Number.NaN), 'en-US')).to.throw(/safe integer/);
    expect(() => formatMoney(usd(MAX + 1), 'en-US')).to.throw(/safe integer/);
    expect(() => formatMoney({ amount: 1, currency: 'XYZ' }, 'en-US')).to.throw(/Unknown currency/);
  });
});

describe('money: parseMoney', () => {
  it('parses en-US and ja-JP', () => {
    expectAmount(parseMoney('1,234', 'USD', 'en-US'), 123400, 'USD');
    expectAmount(parseMoney('1.5', 'USD', 'en-US'), 150, 'USD');
    expectAmount(parseMoney('  $1,234.56  ', 'USD', 'en-US'), 123456, 'USD');
    expectAmount(parseMoney('1234.56 USD', 'USD', 'en-US'), 123456, 'USD');
    expectAmount(parseMoney('usd 7', 'USD', 'en-US'), 700, 'USD');
    expectAmount(parseMoney('12.50', 'USD', 'en-US'), 1250, 'USD');
    expectAmount(parseMoney('0', 'USD', 'en-US'), 0, 'USD');
    expectAmount(parseMoney('1.234', 'KWD', 'en-US'), 1234, 'KWD');
    expectAmount(parseMoney('￥1,200', 'JPY', 'ja-JP'), 1200, 'JPY');
    expectAmount(parseMoney('¥1,200', 'JPY', 'ja-JP'), 1200, 'JPY');
    expectAmount(parseMoney('１，２００', 'JPY', 'ja-JP'), 1200, 'JPY');
  });

  it('parses de-DE without confusing group and decimal separators', () => {
    expectAmount(parseMoney('1.234,5', 'USD', 'de-DE'), 123450, 'USD');
    expectAmount(parseMoney('1,5', 'USD', 'de-DE'), 150, 'USD');
    expectAmount(parseMoney('1.234', 'USD', 'de-DE'), 123400, 'USD');
    expectAmount(parseMoney(`1.234,50${NBSP}€`, 'EUR', 'de-DE'), 123450, 'EUR');
    expectRefusal(parseMoney('1,5', 'USD', 'en-US'), 'not_a_number');
    expectRefusal(parseMoney('1.5', 'USD', 'de-DE'), 'not_a_number');
  });

  it('parses fr-FR with any of the spaces people use for grouping', () => {
    expectAmount(parseMoney(`1${NNBSP}234,50${NBSP}€`, 'EUR', 'fr-FR'), 123450, 'EUR');
    expectAmount(parseMoney(`1${NBSP}234,5`, 'EUR', 'fr-FR'), 123450, 'EUR');
    expectAmount(parseMoney('1 234,50 €', 'EUR', 'fr-FR'), 123450, 'EUR');
    expectAmount(parseMoney('12 $US', 'USD', 'fr-FR'), 1200, 'USD');
    expectAmount(parseMoney('12 $', 'USD', 'fr-FR'), 1200, 'USD');
  });

  it('parses hi-IN Indian grouping', () => {
    expectAmount(parseMoney('1,23,456.78', 'USD', 'hi-IN'), 12345678, 'USD');
    expectAmount(parseMoney('₹1,23,456.78', 'INR', 'hi-IN'), 12345678, 'INR');
  });

  it('parses ar-EG Arabic-Indic digits and separators, and Latin digits too', () => {
    expectAmount(parseMoney('١٬٢٣٤٫٥٠', 'USD', 'ar-EG'), 123450, 'USD');
    expectAmount(parseMoney(`${RLM}١٬٢٣٤٫٥٠${NBSP}US$`, 'USD', 'ar-EG'), 123450, 'USD');
    expectAmount(parseMoney(`${RLM}١٫٢٣٤${NBSP}د.ك.${RLM}`, 'KWD', 'ar-EG'), 1234, 'KWD');
    expectAmount(parseMoney('1234٫5', 'USD', 'ar-EG'), 123450, 'USD');
    expectAmount(parseMoney('1,234.50', 'USD', 'ar-EG'), 123450, 'USD');
  });

  it('refuses empty input', () => {
    expectRefusal(parseMoney('', 'USD', 'en-US'), 'empty');
    expectRefusal(parseMoney('   ', 'USD', 'en-US'), 'empty');
  });

  it('refuses exponents', () => {
    expectRefusal(parseMoney('1e3', 'USD', 'en-US'), 'exponent');
    expectRefusal(parseMoney('1.5E-2', 'USD', 'en-US'), 'exponent');
    expectRefusal(parseMoney('1e3', 'EUR', 'de-DE'), 'exponent');
  });

  it('refuses more fraction digits than the currency has, trailing zeros included', () => {
    const usd3 = parseMoney('12.345', 'USD', 'en-US');
    expectRefusal(usd3, 'too_many_decimals');
    expect(usd3.ok ? '' : usd3.message).to.equal('USD amounts have at most 2 decimal places.');
    expectRefusal(parseMoney('12.500', 'USD', 'en-US'), 'too_many_decimals');
    expectRefusal(parseMoney('12,345', 'EUR', 'de-DE'), 'too_many_decimals');
    expectRefusal(parseMoney('1.2345', 'KWD', 'en-US'), 'too_many_decimals');
    const jpy = parseMoney('12.5', 'JPY', 'en-US');
    expectRefusal(jpy, 'too_many_decimals');
    expect(jpy.ok ? '' : jpy.message).to.match(/JPY/);
    expectRefusal(parseMoney('1.000', 'JPY', 'ja-JP'), 'too_many_decimals');
  });

  it('refuses negatives', () => {
    expectRefusal(parseMoney('-1', 'USD', 'en-US'), 'negative');
    expectRefusal(parseMoney('-$1.00', 'USD', 'en-US'), 'negative');
    expectRefusal(parseMoney('$-1.00', 'USD', 'en-US'), 'negative');
    expectRefusal(parseMoney('(1.00)', 'USD', 'en-US'), 'negative');
    expectRefusal(parseMoney('($1.00)', 'USD', 'en-US'), 'negative');
    expectRefusal(parseMoney('\u22121,5', 'EUR', 'de-DE'), 'negative');
    expectRefusal(parseMoney(formatMoney(usd(-5), 'ar-EG'), 'USD', 'ar-EG'), 'negative');
  });

  it('refuses amounts beyond Number.MAX_SAFE_INTEGER minor units', () => {
    expectAmount(parseMoney('90,071,992,547,409.91', 'USD', 'en-US'), MAX, 'USD');
    const tooLarge = parseMoney('90,071,992,547,409.92', 'USD', 'en-US');
    expectRefusal(tooLarge, 'too_large');
    expect(tooLarge.ok ? '' : tooLarge.message).to.contain('90,071,992,547,409.91');
    expectAmount(parseMoney('9007199254740991', 'JPY', 'en-US'), MAX, 'JPY');
    expectRefusal(parseMoney('9007199254740992', 'JPY', 'en-US'), 'too_large');
    expectAmount(parseMoney('9.007.199.254.740,991', 'KWD', 'de-DE'), MAX, 'KWD');
    expectRefusal(parseMoney('99999999999999999999999999', 'USD', 'en-US'), 'too_large');
  });

  it('refuses an unknown currency', () => {
    expectRefusal(parseMoney('12', 'XYZ', 'en-US'), 'unknown_currency');
    expectRefusal(parseMoney('12', 'usd', 'en-US'), 'unknown_currency');
  });

  it('refuses anything else as not a number', () => {
    for (const [input, locale] of [
      ['12abc', 'en-US'],
      ['1..2', 'en-US'],
      ['--1', 'en-US'],
      ['١٢x', 'ar-EG'],
      ['$', 'en-US'],
      ['.', 'en-US'],
      ['€12', 'en-US'],
      ['1,2345', 'en-US'],
      ['12,34', 'en-US'],
      ['1 234', 'en-US'],
      ['1,234.5.6', 'en-US'],
      ['12$50', 'en-US'],
      ['NaN', 'en-US'],
      ['Infinity', 'en-US'],
      ['0x10', 'en-US'],
      ['1²', 'en-US'],
    ] as const) {
      expectRefusal(parseMoney(input, 'USD', locale), 'not_a_number');
    }
  });

  it('round-trips MAX_SAFE_INTEGER through every test locale', () => {
    for (const locale of ['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'ar-EG', 'hi-IN']) {
      for (const currency of ['USD', 'EUR', 'JPY', 'KWD']) {
        expectAmount(parseMoney(formatMoney({ amount: MAX, currency }, locale), currency, locale), MAX, currency);
      }
    }
  });
});

describe('money: helpers', () => {
  it('adds, subtracts and compares in one currency', () => {
    expect(addMoney(usd(150), usd(250))).to.deep.equal(usd(400));
    expect(subtractMoney(usd(150), usd(250))).to.deep.equal(usd(-100));
    expect(compareMoney(usd(1), usd(2))).to.equal(-1);
    expect(compareMoney(usd(2), usd(2))).to.equal(0);
    expect(compareMoney(usd(3), usd(2))).to.equal(1);
    expect(isSameCurrency(usd(1), { amount: 1, currency: 'EUR' })).to.equal(false);
    expect(isSameMoney(usd(5000), usd(5000))).to.equal(true);
    expect(isSameMoney(usd(5000), usd(5001))).to.equal(false);
    expect(isSameMoney(usd(5000), { amount: 5000, currency: 'EUR' })).to.equal(false);
  });

  it('throws on currency mismatch and on leaving the safe integer range', () => {
    const eur: Money = { amount: 1, currency: 'EUR' };
    expect(() => addMoney(usd(1), eur)).to.throw(/USD and EUR/);
    expect(() => subtractMoney(usd(1), eur)).to.throw(/USD and EUR/);
    expect(() => compareMoney(usd(1), eur)).to.throw(/USD and EUR/);
    expect(() => addMoney(usd(MAX), usd(1))).to.throw(/safe integer/);
    expect(() => subtractMoney(usd(-MAX), usd(2))).to.throw(/safe integer/);
    expect(addMoney(usd(MAX - 1), usd(1))).to.deep.equal(usd(MAX));
  });

  it('writes machine decimal strings', () => {
    expect(toDecimalString(usd(123450))).to.equal('1234.50');
    expect(toDecimalString(usd(-5))).to.equal('-0.05');
    expect(toDecimalString(usd(-0))).to.equal('0.00');
    expect(toDecimalString({ amount: 1200, currency: 'JPY' })).to.equal('1200');
    expect(toDecimalString({ amount: 7, currency: 'KWD' })).to.equal('0.007');
    expect(toDecimalString(usd(MAX))).to.equal('90071992547409.91');
  });

  it('reads machine decimal strings strictly', () => {
    expectAmount(fromDecimalString('1234.50', 'USD'), 123450, 'USD');
    expectAmount(fromDecimalString('-0.05', 'USD'), -5, 'USD');
    expectAmount(fromDecimalString('12.3', 'USD'), 1230, 'USD');
    expectAmount(fromDecimalString('1200', 'JPY'), 1200, 'JPY');
    expectAmount(fromDecimalString('-90071992547409.91', 'USD'), -MAX, 'USD');
    expectRefusal(fromDecimalString('', 'USD'), 'empty');
    expectRefusal(fromDecimalString('1,234.50', 'USD'), 'not_a_number');
    expectRefusal(fromDecimalString(' 1', 'USD'), 'not_a_number');
    expectRefusal(fromDecimalString('+1', 'USD'), 'not_a_number');
    expectRefusal(fromDecimalString('1e3', 'USD'), 'exponent');
    expectRefusal(fromDecimalString('12.500', 'USD'), 'too_many_decimals');
    expectRefusal(fromDecimalString('1200.0', 'JPY'), 'too_many_decimals');
    expectRefusal(fromDecimalString('90071992547409.92', 'USD'), 'too_large');
    expectRefusal(fromDecimalString('1', 'XYZ'), 'unknown_currency');
  });

  it('localises the input placeholder', () => {
    expect(moneyInputPlaceholder('USD', 'en-US')).to.equal('0.00');
    expect(moneyInputPlaceholder('EUR', 'de-DE')).to.equal('0,00');
    expect(moneyInputPlaceholder('JPY', 'ja-JP')).to.equal('0');
    expect(moneyInputPlaceholder('KWD', 'ar-EG')).to.equal('٠٫٠٠٠');
  });
});

describe('money: properties', () => {
  const LOCALES = ['en-US', 'de-DE', 'fr-FR', 'ja-JP', 'ar-EG', 'hi-IN'] as const;
  const CURRENCIES = ['USD', 'EUR', 'JPY', 'KWD'] as const;
  // Bias towards the edges: zero, small amounts (fraction padding) and the top of the safe range.
  const nonNegativeAmount = fc.oneof(
    fc.constantFrom(0, 1, 9, 10, 99, 100, 999, 1000, MAX - 1, MAX),
    fc.integer({ min: 0, max: 100_000 }),
    fc.maxSafeNat(),
  );

  it('parseMoney(formatMoney(m, locale), currency, locale) gives back every non-negative amount', () => {
    fc.assert(
      fc.property(
        nonNegativeAmount,
        fc.constantFrom(...CURRENCIES),
        fc.constantFrom(...LOCALES),
        fc.constantFrom('auto', 'always', 'exceptZero'),
        (amount, currency, locale, signDisplay) => {
          const formatted = formatMoney({ amount, currency }, locale, { signDisplay });
          const parsed = parseMoney(formatted, currency, locale);
          expect(parsed, `${locale} ${currency} ${JSON.stringify(formatted)}`).to.deep.equal({
            ok: true,
            money: { amount, currency },
          });
        },
      ),
      { numRuns: 2400 },
    );
  });

  it('every combination of currency and locale round-trips (200 runs each)', () => {
    for (const currency of CURRENCIES) {
      for (const locale of LOCALES) {
        fc.assert(
          fc.property(nonNegativeAmount, (amount) => {
            const parsed = parseMoney(formatMoney({ amount, currency }, locale), currency, locale);
            return parsed.ok && parsed.money.amount === amount && parsed.money.currency === currency;
          }),
          { numRuns: 200 },
        );
      }
    }
  });

  it('formatted negative amounts are refused as negative, never misread', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -MAX, max: -1 }),
        fc.constantFrom(...CURRENCIES),
        fc.constantFrom(...LOCALES),
        (amount, currency, locale) => {
          const parsed = parseMoney(formatMoney({ amount, currency }, locale), currency, locale);
          return !parsed.ok && parsed.reason === 'negative';
        },
      ),
      { numRuns: 500 },
    );
  });

  it('toDecimalString and fromDecimalString are inverse for every safe integer', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -MAX, max: MAX })),
        fc.constantFrom(...CURRENCIES),
        (amount, currency) => {
          const result = fromDecimalString(toDecimalString({ amount, currency }), currency);
          return result.ok && result.money.amount === amount;
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('formatted amounts never contain NaN and agree with the exact decimal string', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX, max: MAX }), fc.constantFrom(...CURRENCIES), (amount, currency) => {
        const formatted = formatMoney({ amount, currency }, 'en-US');
        const digitsOnly = formatted.replace(/[^0-9.-]/g, '');
        return !formatted.includes('NaN') && digitsOnly === toDecimalString({ amount, currency });
      }),
      { numRuns: 500 },
    );
  });
});

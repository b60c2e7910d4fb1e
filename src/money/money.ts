// Money: integer minor units plus an ISO 4217 currency; formatting and exact, locale-aware parsing via Intl.
import { numberFormat } from './intl-cache.js';

export interface Money {
  /** Integer count of the currency's minor units (cents for USD, yen for JPY, fils for KWD). */
  readonly amount: number;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
}

export type MoneyParseFailure = 'empty' | 'not_a_number' | 'exponent' | 'too_many_decimals' | 'negative' | 'too_large' | 'unknown_currency';

export type MoneyParseResult = { ok: true; money: Money } | { ok: false; reason: MoneyParseFailure; message: string };

export type MoneySignDisplay = 'auto' | 'always' | 'exceptZero';

// ---------------------------------------------------------------------------------------------
// Currencies

let knownCurrencies: ReadonlySet<string> | null | undefined;
const digitsCache = new Map<string, number>();

export function isKnownCurrency(currency: string): boolean {
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return false;
  if (knownCurrencies === undefined) {
    knownCurrencies = typeof Intl.supportedValuesOf === 'function' ? new Set(Intl.supportedValuesOf('currency')) : null;
  }
  if (knownCurrencies) return knownCurrencies.has(currency);
  // Without supportedValuesOf (older engines) the best available test is whether Intl accepts the code at all.
  try {
    numberFormat('en', { style: 'currency', currency });
    return true;
  } catch {
    return false;
  }
}

function assertKnownCurrency(currency: string): void {
  if (!isKnownCurrency(currency)) {
    throw new Error(`Unknown currency ${JSON.stringify(currency)}: expected an upper-case ISO 4217 code such as "USD".`);
  }
}

/** Number of minor-unit digits of a currency as Intl knows it (JPY 0, USD 2, KWD 3). Throws for an unknown currency. */
export function currencyDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  assertKnownCurrency(currency);
  const digits = numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  if (digits === undefined) throw new Error(`Intl reports no fraction digits for ${currency}.`);
  digitsCache.set(currency, digits);
  return digits;
}

function assertMoney(money: Money): void {
  if (!Number.isSafeInteger(money.amount)) {
    throw new Error(`Money amount must be a safe integer count of minor units, got ${String(money.amount)}.`);
  }
  assertKnownCurrency(money.currency);
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

export function isSameCurrency(a: Money, b: Money): boolean {
  return a.currency === b.currency;
}

/** The same amount in the same currency (no throw on different currencies: they are simply not equal). */
export function isSameMoney(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

function assertSameCurrency(a: Money, b: Money, operation: string): void {
  assertMoney(a);
  assertMoney(b);
  if (!isSameCurrency(a, b)) throw new Error(`Cannot ${operation} ${a.currency} and ${b.currency} amounts.`);
}

function checkedResult(amount: number, currency: string, operation: string): Money {
  // Any exact result beyond the safe range lands on an unsafe float, so this also catches lost precision.
  if (!Number.isSafeInteger(amount)) throw new Error(`${operation} overflows the safe integer range of ${currency} minor units.`);
  return { amount, currency };
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'add');
  return checkedResult(a.amount + b.amount, a.currency, 'Adding');
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b, 'subtract');
  return checkedResult(a.amount - b.amount, a.currency, 'Subtracting');
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b, 'compare');
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Machine decimal strings (CSV export, APIs)

/** Exact decimal string of an amount in major units: "1234.50", "-0.05", "1200" for JPY. */
export function toDecimalString(money: Money): string {
  assertMoney(money);
  const digits = currencyDigits(money.currency);
  // Math.abs of a safe integer is exact and String() never uses an exponent below 1e21; -0 becomes "0".
  const sign = money.amount < 0 ? '-' : '';
  const units = String(Math.abs(money.amount));
  if (digits === 0) return sign + units;
  const padded = units.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/**
 * Strict inverse of toDecimalString: "-?digits(.digits)?", nothing else. Unlike parseMoney it accepts
 * negatives, because stored data (refunds, usage) can be negative; the fraction must not exceed the
 * currency's digits, trailing zeros included, so a value is never silently reinterpreted.
 */
export function fromDecimalString(input: string, currency: string): MoneyParseResult {
  if (!isKnownCurrency(currency)) return failure('unknown_currency', currency);
  if (input === '') return failure('empty', currency);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(input);
  if (!match) {
    return failure(/^-?\d+(?:\.\d+)?[eE][+-]?\d+$/.test(input) ? 'exponent' : 'not_a_number', currency);
  }
  const units = toMinorUnits(match[2] ?? '', match[3] ?? '', currency);
  if (typeof units !== 'bigint') return units;
  // Number(-0n) is 0, so "-0" and "-0.00" come back as a plain zero.
  return { ok: true, money: { amount: Number(match[1] === '-' ? -units : units), currency } };
}

// ---------------------------------------------------------------------------------------------
// Formatting

function currencyFormat(locale: string | undefined, currency: string, signDisplay: MoneySignDisplay): Intl.NumberFormat {
  const digits = currencyDigits(currency);
  return numberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay });
}

/** Localised currency string. Throws (rather than print "NaN") for a non-safe-integer amount or unknown currency. */
export function formatMoney(money: Money, locale?: string, options?: { signDisplay?: MoneySignDisplay }): string {
  assertMoney(money);
  // A decimal string keeps Intl on its exact decimal path: no float ever holds the major-unit value.
  const decimal = toDecimalString(money) as `${number}`;
  return currencyFormat(locale, money.currency, options?.signDisplay ?? 'auto').format(decimal);
}

/** Zero in the locale's digits with the currency's decimals ("0.00", "0,00", "٠٫٠٠", "0" for JPY), for input placeholders. */
export function moneyInputPlaceholder(currency: string, locale?: string): string {
  const digits = currencyDigits(currency);
  return numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(0);
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface Separators {
  readonly decimal: string;
  readonly groups: ReadonlySet<string>;
}

interface LocaleNumbers {
  /** The locale's own separators first; then, for non-Latin numbering systems, the locale's Latin-digit separators. */
  readonly separators: readonly Separators[];
  /** Every accepted digit character (Latin and the locale's own) mapped to its Latin digit. */
  readonly digits: ReadonlyMap<string, string>;
  readonly exponentSeparators: readonly string[];
}

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SPACE_GROUPS = [' ', '\u00a0', '\u202f', '\u2009'];
const APOSTROPHE_GROUPS = ["'", '\u2019'];
const MINUS_SIGNS = new Set(['-', '\u2212', '\u2010', '\u2011', '\u2012', '\u2013', '\ufe63']);
const PLUS_SIGNS = new Set(['+', '\ufb29']);

/** Digits are read one code point at a time (as splitNumber's for…of does): some numbering systems' digits lie outside the BMP. */
function codePoints(text: string): string[] {
  return Array.from(text);
}

const localeCache = new Map<string, LocaleNumbers>();
const currencyTokenCache = new Map<string, readonly string[]>();

// Japanese IMEs often produce full-width digits, separators and "￥"; folding just that block to ASCII
// (not NFKC, which would also turn "²" into "2") keeps such input parseable without inventing digits.
function normalise(text: string): string {
  return text
    .replace(BIDI_CONTROLS, '')
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\uffe5/g, '\u00a5')
    .trim();
}

function separatorsOf(nf: Intl.NumberFormat): Separators {
  const parts = nf.formatToParts(1234567.5);
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const group = parts.find((p) => p.type === 'group')?.value;
  // People type a plain space or apostrophe where the locale prints a no-break space or a typographic quote.
  const aliases =
    group === undefined
      ? []
      : SPACE_GROUPS.includes(group)
        ? SPACE_GROUPS
        : APOSTROPHE_GROUPS.includes(group)
          ? APOSTROPHE_GROUPS
          : [group];
  return { decimal, groups: new Set(aliases) };
}

function localeNumbers(locale: string | undefined): LocaleNumbers {
  const key = locale ?? '';
  const cached = localeCache.get(key);
  if (cached) return cached;

  const nf = numberFormat(locale);
  const primary = separatorsOf(nf);
  const separators: Separators[] = [primary];
  if (nf.resolvedOptions().numberingSystem !== 'latn') {
    const latin = separatorsOf(numberFormat(locale, { numberingSystem: 'latn' }));
    const primaryChars = new Set([primary.decimal, ...primary.groups]);
    // Only a disjoint set is safe: otherwise one character could mean "decimal" in one set and "group" in the other.
    if (![latin.decimal, ...latin.groups].some((c) => primaryChars.has(c))) separators.push(latin);
  }

  const digits = new Map<string, string>();
  const plain = numberFormat(locale, { useGrouping: false });
  for (let d = 0; d <= 9; d++) {
    digits.set(String(d), String(d));
    const local = normalise(plain.format(d));
    if (codePoints(local).length === 1) digits.set(local, String(d));
  }

  const exponent = numberFormat(locale, { notation: 'scientific' })
    .formatToParts(1500)
    .find((p) => p.type === 'exponentSeparator')?.value;
  const exponentSeparators = ['e', 'E', ...(exponent ? [normalise(exponent)] : [])].filter((s) => s !== '');

  const info: LocaleNumbers = { separators, digits, exponentSeparators };
  localeCache.set(key, info);
  return info;
}

function currencyTokens(currency: string, locale: string | undefined): readonly string[] {
  const key = `${locale ?? ''}|${currency}`;
  const cached = currencyTokenCache.get(key);
  if (cached) return cached;
  const tokens = new Set<string>([currency]);
  for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
    const part = numberFormat(locale, { style: 'currency', currency, currencyDisplay })
      .formatToParts(1)
      .find((p) => p.type === 'currency');
    if (part) tokens.add(normalise(part.value));
  }
  tokens.delete('');
  // Longest first so "US$" is stripped whole rather than leaving "US" behind after "$".
  const sorted = [...tokens].sort((a, b) => b.length - a.length);
  currencyTokenCache.set(key, sorted);
  return sorted;
}

// Case-insensitive so "usd 5" works; comparing equal-length slices keeps offsets right whatever the case mapping does.
function sameText(a: string, b: string): boolean {
  return a === b || a.toUpperCase() === b.toUpperCase();
}

function stripPrefix(text: string, tokens: readonly string[]): string | null {
  for (const token of tokens) if (sameText(text.slice(0, token.length), token)) return text.slice(token.length).trim();
  return null;
}

function stripSuffix(text: string, tokens: readonly string[]): string | null {
  for (const token of tokens) {
    if (text.length > token.length && sameText(text.slice(-token.length), token)) return text.slice(0, -token.length).trim();
  }
  return null;
}

/** Splits a number body into Latin integer and fraction digits, or null if it is not a well-formed number. */
function splitNumber(body: string, sep: Separators, digitMap: ReadonlyMap<string, string>): { int: string; frac: string } | null {
  let shape = '';
  for (const char of body) {
    const digit = digitMap.get(char);
    if (digit !== undefined) shape += digit;
    else if (char === sep.decimal) shape += '.';
    else if (sep.groups.has(char)) shape += ',';
    else return null;
  }
  // Group sizes are lenient (3, or Indian 2 before the last 3), but the last group must be exactly 3 digits:
  // that is what keeps "1,5" in en-US or "1.5" in de-DE from being read as fifteen.
  const match = /^(\d*|\d{1,3}(?:,\d{2,3})*,\d{3})(?:\.(\d*))?$/.exec(shape);
  if (!match) return null;
  const int = (match[1] ?? '').replace(/,/g, '');
  const frac = match[2] ?? '';
  if (int === '' && frac === '') return null;
  return { int, frac };
}

function looksLikeExponent(body: string, info: LocaleNumbers): boolean {
  for (const marker of info.exponentSeparators) {
    const at = body.indexOf(marker);
    if (at <= 0) continue;
    const mantissa = body.slice(0, at);
    let power = body.slice(at + marker.length);
    const first = power[0];
    if (first !== undefined && (MINUS_SIGNS.has(first) || PLUS_SIGNS.has(first))) power = power.slice(1);
    const powerIsDigits = power !== '' && codePoints(power).every((c) => info.digits.has(c));
    if (powerIsDigits && info.separators.some((sep) => splitNumber(mantissa, sep, info.digits))) return true;
  }
  return false;
}

const MAX_MINOR_UNITS = BigInt(Number.MAX_SAFE_INTEGER);

function failure(reason: MoneyParseFailure, currency: string): Extract<MoneyParseResult, { ok: false }> {
  return { ok: false, reason, message: failureMessage(reason, currency) };
}

function failureMessage(reason: MoneyParseFailure, currency: string): string {
  switch (reason) {
    case 'empty':
      return 'Enter an amount.';
    case 'not_a_number':
      return 'Enter the amount as a number.';
    case 'exponent':
      return 'Write the amount out in full, without an exponent.';
    case 'negative':
      return 'The amount cannot be negative.';
    case 'unknown_currency':
      return `Unknown currency ${JSON.stringify(currency)}.`;
    case 'too_many_decimals': {
      const digits = currencyDigits(currency);
      if (digits === 0) return `${currency} amounts have no decimal places.`;
      return `${currency} amounts have at most ${digits} decimal place${digits === 1 ? '' : 's'}.`;
    }
    case 'too_large': {
      const max = toDecimalString({ amount: Number.MAX_SAFE_INTEGER, currency }) as `${number}`;
      const digits = currencyDigits(currency);
      const shown = numberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(max);
      return `${currency} amounts can be at most ${shown}.`;
    }
  }
}

/** Exact magnitude in minor units, or the refusal; the sign is the caller's business. */
function toMinorUnits(int: string, frac: string, currency: string): bigint | Extract<MoneyParseResult, { ok: false }> {
  const digits = currencyDigits(currency);
  // Strict on purpose, trailing zeros included: refusing "1.000" for USD (or "1.0" for JPY) catches someone
  // who meant a thousands separator, where accepting it would silently record a thousandth of their intent.
  if (frac.length > digits) return failure('too_many_decimals', currency);
  const units = BigInt(int === '' ? '0' : int) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
  if (units > MAX_MINOR_UNITS) return failure('too_large', currency);
  return units;
}

/**
 * Parses what a person typed, exactly (never rounds), in the locale's conventions: its decimal and group
 * separators, its own digits as well as Latin ones, and the currency's symbol or ISO code before or after
 * the number. Refuses negatives: an amount typed here is always a payment or a limit. An invalid locale
 * tag throws a RangeError from Intl, as it is a programming error rather than bad input.
 */
export function parseMoney(input: string, currency: string, locale?: string): MoneyParseResult {
  if (!isKnownCurrency(currency)) return failure('unknown_currency', currency);
  let text = normalise(input);
  if (text === '') return failure('empty', currency);

  const info = localeNumbers(locale);
  const tokens = currencyTokens(currency, locale);

  let negative = false;
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  // Symbol and sign may come in either order ("-$5", "$-5", "-5 $"), each at most once.
  let sawCurrency = false;
  let sawSign = false;
  for (let i = 0; i < 2; i++) {
    const withoutCurrency = sawCurrency ? null : stripPrefix(text, tokens);
    if (withoutCurrency !== null) {
      text = withoutCurrency;
      sawCurrency = true;
      continue;
    }
    const first = text[0];
    if (!sawSign && first !== undefined && (MINUS_SIGNS.has(first) || PLUS_SIGNS.has(first))) {
      negative ||= MINUS_SIGNS.has(first);
      sawSign = true;
      text = text.slice(1).trim();
    }
  }
  if (!sawCurrency) text = stripSuffix(text, tokens) ?? text;

  for (const sep of info.separators) {
    const parts = splitNumber(text, sep, info.digits);
    if (!parts) continue;
    if (negative) return failure('negative', currency);
    const units = toMinorUnits(parts.int, parts.frac, currency);
    return typeof units === 'bigint' ? { ok: true, money: { amount: Number(units), currency } } : units;
  }
  return failure(looksLikeExponent(text, info) ? 'exponent' : 'not_a_number', currency);
}

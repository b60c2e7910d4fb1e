// <usage-rates>' rows: each rate named, formatted and made searchable once per rate list and locale, then filtered and
// sorted per keystroke with nothing but string compares. Intl objects are built once per locale (and zone) and cached.
import type { Rate } from '../../client/schemas.js';
import { formatMoney } from '../../money/money.js';
import { collator, dateTimeFormat, isKnownTimeZone } from '../../money/intl-cache.js';
import type { UsageRatesMessages } from '../../i18n/messages/usage-rates.js';

export type RateSort = 'name' | 'price';
export const RATE_SORTS: readonly RateSort[] = ['name', 'price'];

export interface RateRow {
  readonly code: string;
  /** The country's name in the widget's locale (Intl.DisplayNames), else the backend's. */
  readonly name: string;
  /** The shown name folded for search: accents and case removed. */
  readonly searchKey: string;
  readonly dialingPrefix?: string;
  /** Digits of the dialling prefix, for a search by "+234" or "234". */
  readonly prefixDigits: string;
  /** Minor units, for the price sort; undefined when the rate cannot be shown (sorted last). */
  readonly amount?: number;
  /** "$0.24 per minute", or undefined when the amount cannot be formatted. */
  readonly rateText?: string;
  readonly since?: { readonly iso: string; readonly text: string };
  readonly next?: { readonly iso: string; readonly text: string };
}

function rateCollator(locale: string): Intl.Collator {
  return collator(locale, { sensitivity: 'base', numeric: true });
}

/** A date format for the locale and zone (the viewer's zone for one the runtime does not know). */
function dateFormat(locale: string, timeZone: string | undefined): Intl.DateTimeFormat {
  return dateTimeFormat(locale, { dateStyle: 'medium', ...(isKnownTimeZone(timeZone) ? { timeZone } : {}) });
}

/** Lower case without accents, compatibility forms folded (full-width digits, ligatures): "Côte" and "cote" match. */
export function foldForSearch(text: string, locale: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase(locale)
    .trim();
}

/** Wraps an interpolated value in Unicode isolates so an amount or date keeps its order in a right-to-left sentence. */
function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

function dateText(iso: string, locale: string, timeZone: string | undefined): { iso: string; text: string } | undefined {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return undefined;
  return { iso, text: dateFormat(locale, timeZone).format(at) };
}

function moneyText(rate: Rate['ratePerMinute'], locale: string): string | undefined {
  try {
    return formatMoney(rate, locale);
  } catch {
    return undefined;
  }
}

/** The rows of a rate list in a locale: names, texts and search keys made once, not per render or keystroke. */
export function rateRows(
  rates: readonly Rate[],
  locale: string,
  timeZone: string | undefined,
  text: UsageRatesMessages,
  nameOf: (code: string, fallback: string) => string,
): RateRow[] {
  return rates.map((rate) => {
    const name = nameOf(rate.destinationCountry, rate.destinationName);
    const amount = moneyText(rate.ratePerMinute, locale);
    const since = rate.effectiveFrom === undefined ? undefined : dateText(rate.effectiveFrom, locale, timeZone);
    const nextAt = rate.nextRate ? dateText(rate.nextRate.effectiveFrom, locale, timeZone) : undefined;
    const nextAmount = rate.nextRate ? moneyText(rate.nextRate.ratePerMinute, locale) : undefined;
    return {
      code: rate.destinationCountry,
      name,
      searchKey: foldForSearch(name, locale),
      ...(rate.dialingPrefix ? { dialingPrefix: rate.dialingPrefix } : {}),
      prefixDigits: rate.dialingPrefix?.replace(/\D/g, '') ?? '',
      ...(amount === undefined ? {} : { amount: rate.ratePerMinute.amount, rateText: text.ratePerMinute(isolate(amount)) }),
      ...(since ? { since: { iso: since.iso, text: text.since(isolate(since.text)) } } : {}),
      ...(nextAt && nextAmount ? { next: { iso: nextAt.iso, text: text.changesOn(isolate(nextAmount), isolate(nextAt.text)) } } : {}),
    };
  });
}

/** The rows a search keeps: by name (accent- and case-insensitive, anywhere in it), ISO code, or dialling prefix. */
export function filterRates(rows: readonly RateRow[], search: string, locale: string): readonly RateRow[] {
  const query = foldForSearch(search, locale);
  if (!query) return rows;
  const digits = /^(\+|00)?[\d\s-]+$/.test(query) ? query.replace(/^(\+|00)/, '').replace(/\D/g, '') : '';
  const code = query.length === 2 ? query.toUpperCase() : '';
  return rows.filter((row) => row.searchKey.includes(query) || row.code === code || (digits !== '' && row.prefixDigits.startsWith(digits)));
}

/** Sorted by name in the locale's collation, or by price (lowest first, then name); rows that cannot be shown last. */
export function sortRates(rows: readonly RateRow[], sort: RateSort, locale: string): RateRow[] {
  const byName = rateCollator(locale).compare;
  const sorted = [...rows];
  if (sort === 'price') {
    sorted.sort((a, b) => (a.amount ?? Number.POSITIVE_INFINITY) - (b.amount ?? Number.POSITIVE_INFINITY) || byName(a.name, b.name));
  } else {
    sorted.sort((a, b) => byName(a.name, b.name));
  }
  return sorted;
}

/** The earliest scheduled change after `now` (epoch ms), or undefined when none is ahead. */
export function nextChangeAt(rates: readonly Rate[], now: number): number | undefined {
  let next: number | undefined;
  for (const rate of rates) {
    const at = rate.nextRate ? Date.parse(rate.nextRate.effectiveFrom) : Number.NaN;
    if (at > now && (next === undefined || at < next)) next = at;
  }
  return next;
}

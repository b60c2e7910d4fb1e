// One shared cache of Intl objects, keyed by kind, locale and options. Building one costs tens of microseconds to
// milliseconds (a zone's rules, a locale's data) and they are immutable once built, so nothing on a render, scroll,
// per-row or per-call path builds its own: it asks here. The widgets, money/, i18n/ and the mock all share it.

type Locales = string | readonly string[] | undefined;

/** Enough for every locale × zone × style a page uses; a hostile stream of distinct zones only empties it. */
const MAX_ENTRIES = 500;
const cache = new Map<string, object>();

function cached<T extends object>(kind: string, locales: Locales, options: object | undefined, build: () => T): T {
  const key = `${kind}|${typeof locales === 'object' ? locales.join(',') : (locales ?? '')}|${options ? JSON.stringify(options) : ''}`;
  let found = cache.get(key) as T | undefined;
  if (!found) {
    // A RangeError (unknown locale, zone or currency) propagates and caches nothing, as the constructor would.
    found = build();
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, found);
  }
  return found;
}

const list = (locales: Locales): string | string[] | undefined => (typeof locales === 'object' ? [...locales] : locales);

export const numberFormat = (locales?: Locales, options?: Intl.NumberFormatOptions): Intl.NumberFormat =>
  cached('NumberFormat', locales, options, () => new Intl.NumberFormat(list(locales), options));

export const dateTimeFormat = (locales?: Locales, options?: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached('DateTimeFormat', locales, options, () => new Intl.DateTimeFormat(list(locales), options));

export const relativeTimeFormat = (locales?: Locales, options?: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat =>
  cached('RelativeTimeFormat', locales, options, () => new Intl.RelativeTimeFormat(list(locales), options));

export const pluralRules = (locales?: Locales, options?: Intl.PluralRulesOptions): Intl.PluralRules =>
  cached('PluralRules', locales, options, () => new Intl.PluralRules(list(locales), options));

export const collator = (locales?: Locales, options?: Intl.CollatorOptions): Intl.Collator =>
  cached('Collator', locales, options, () => new Intl.Collator(list(locales), options));

export const displayNames = (locales: Locales, options: Intl.DisplayNamesOptions): Intl.DisplayNames =>
  cached('DisplayNames', locales, options, () => new Intl.DisplayNames(list(locales), options));

export const intlLocale = (tag: string): Intl.Locale => cached('Locale', tag, undefined, () => new Intl.Locale(tag));

const invalidZones = new Set<string>();

/** The formatter that reads a zone's wall clock (zoned-time.ts): numeric fields, 24-hour, in en-US. */
export const zonedPartsFormat = (timeZone: string): Intl.DateTimeFormat =>
  dateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });

/**
 * Whether the runtime knows this IANA zone; asked on every render, so both answers are remembered. The test builds the
 * zone's wall-clock formatter, which periods and buckets read next, rather than a formatter of its own: a first build
 * costs a millisecond or more (about 5 ms in the usage table's first update in Chromium).
 */
export function isKnownTimeZone(timeZone: string | undefined): timeZone is string {
  if (!timeZone || invalidZones.has(timeZone)) return false;
  try {
    zonedPartsFormat(timeZone);
    return true;
  } catch {
    if (invalidZones.size >= MAX_ENTRIES) invalidZones.clear();
    invalidZones.add(timeZone);
    return false;
  }
}

// Words looked up by key: an error's `messageKey`, a decline's code, a recharge reason's code, a usage type's code,
// a country's ISO code. Never by comparing English: what is not in the catalog shows the text the caller was sent.
import { formatMoney } from '../money/money.js';
import { displayNames, numberFormat } from '../money/intl-cache.js';
import { catalogEntry, type KeyedSection } from './catalog.js';
import type { FormattedParams, LocalizableError, MessageParams } from './messages/errors.js';
import type { ReasonCode } from './messages/reasons.js';

export type { ReasonCode };

const KEYED_SECTIONS: ReadonlySet<string> = new Set<KeyedSection>([
  'errors',
  'declines',
  'topUpAttempt',
  'rechargeReasons',
  'usageTypes',
  'problems',
]);

const countryNames = new Map<string, Intl.DisplayNames | null>();

/** Every value written for the reader: numbers with the locale's digits and separators, amounts as money. */
export function formatParams(params: MessageParams | undefined, locale: string): FormattedParams {
  const formatted: Record<string, string> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    if (typeof value === 'number') formatted[name] = numberFormat(locale).format(value);
    else if (typeof value === 'string') formatted[name] = value;
    else formatted[name] = formatMoney(value, locale);
  }
  return formatted;
}

function render(entry: unknown, params: MessageParams | undefined, locale: string): string | undefined {
  if (typeof entry === 'string') return entry || undefined;
  if (typeof entry === 'function') return (entry as (values: FormattedParams) => string)(formatParams(params, locale));
  return undefined;
}

/**
 * The words for a message key (`errors.timeout`, `rechargeReasons.monthly_cap`) in a locale, built from `params`;
 * `fallback` (the text the caller was sent) when the locale's catalogs do not have the key.
 */
export function localizeMessage(key: string, params: MessageParams | undefined, locale: string, fallback: string): string {
  const dot = key.indexOf('.');
  const section = key.slice(0, dot);
  if (dot < 1 || !KEYED_SECTIONS.has(section)) return fallback;
  return render(catalogEntry(locale, section as KeyedSection, key.slice(dot + 1)), params, locale) ?? fallback;
}

/**
 * What to show for a BillingError in a locale: the catalog's words for its `messageKey`, or for a card decline its
 * decline code's; the error's own text otherwise (a backend's words, which only it knows).
 */
export function localizeErrorMessage(error: LocalizableError, locale: string): string {
  if (error.messageKey) return localizeMessage(error.messageKey, error.params, locale, error.message);
  const declineCode = error.details['declineCode'];
  if (error.code === 'card_declined' && typeof declineCode === 'string') {
    return localizeDeclineMessage({ code: declineCode, message: error.message }, locale);
  }
  return error.message;
}

/** A card decline in a locale, by its decline code; the backend's text for a code the catalog does not know. */
export function localizeDeclineMessage(failure: { code: string; message: string }, locale: string): string {
  return localizeMessage(`declines.${failure.code}`, undefined, locale, failure.message);
}

/**
 * Why a recharge was skipped, failed or turned off, by the reason's code (a decline code is worded as a decline);
 * `fallback`, the backend's text, when there is no code or the catalog does not know it.
 */
export function localizeReason(reason: ReasonCode | null | undefined, locale: string, fallback: string): string {
  if (!reason) return fallback;
  const known = localizeMessage(`rechargeReasons.${reason.code}`, reason.params, locale, '');
  return known || localizeDeclineMessage({ code: reason.code, message: fallback }, locale);
}

/** A usage type's name in a locale, by its code; the backend's label for a type the catalog does not know. */
export function localizeUsageType(type: string, label: string, locale: string): string {
  return localizeMessage(`usageTypes.${type}`, undefined, locale, label);
}

/**
 * A country's name in a locale from its ISO 3166-1 code (`Intl.DisplayNames`, one per locale); undefined where the
 * runtime has no names for the locale or the code, so the caller shows the backend's name.
 */
export function countryName(code: string, locale: string): string | undefined {
  let names = countryNames.get(locale);
  if (names === undefined) {
    try {
      names = displayNames([locale], { type: 'region', fallback: 'none' });
    } catch {
      names = null;
    }
    countryNames.set(locale, names);
  }
  try {
    return names?.of(code) ?? undefined;
  } catch {
    return undefined;
  }
}

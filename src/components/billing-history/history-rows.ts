// What each top-up row and receipt says, in the reader's locale and time zone: its date, amount, card and status.
// Made once per answer, locale, zone and wording; nothing here formats on a render path.
import type { TopUpHistoryEntry } from '../../client/schemas.js';
import type { BillingHistoryMessages } from '../../i18n/messages/billing-history.js';
import { formatMoney, type Money } from '../../money/money.js';
import { dateTimeFormat, isKnownTimeZone } from '../../money/intl-cache.js';
import { describeCard } from '../../payments/card-brand.js';

export interface HistoryRow {
  readonly entry: TopUpHistoryEntry;
  /** ISO instant, for `<time datetime>`. */
  readonly iso: string;
  readonly dateText: string;
  readonly amountText: string;
  readonly cardText: string;
  readonly kindText: string;
  /** The badge's look: the entry's status, or `unknown` for one this version has no words for. */
  readonly statusClass: 'succeeded' | 'pending' | 'failed' | 'skipped' | 'unknown';
  readonly statusText: string;
  /** The tax line's amount, when the backend sent one. */
  readonly taxText?: string;
}

/** An amount in the locale's words, or the "unavailable" text for one that cannot be shown: never NaN, never blank. */
export function moneyText(money: Money, locale: string, unavailable: string): string {
  try {
    return formatMoney(money, locale);
  } catch {
    return unavailable;
  }
}

function dateText(iso: string, locale: string, timeZone: string | undefined): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...(isKnownTimeZone(timeZone) ? { timeZone } : {}) }).format(at);
}

export interface RowWords {
  locale: string;
  timeZone: string | undefined;
  text: BillingHistoryMessages;
  /**
   * Why a top-up failed or was skipped, `{ code, message, params }`, in the reader's language: the catalog's words for a
   * recharge reason or a decline by its code, else the backend's text.
   */
  reason: (failure: NonNullable<TopUpHistoryEntry['failure']>) => string;
}

export function historyRow(entry: TopUpHistoryEntry, words: RowWords): HistoryRow {
  const { locale, timeZone, text } = words;
  let statusText: string;
  let statusClass: HistoryRow['statusClass'] = entry.status;
  // The schema admits only these; a host's client used without the store's checks may send anything, and a row still says something.
  const status: string = entry.status;
  switch (status) {
    case 'succeeded':
      statusText = text.statusSucceeded;
      break;
    case 'pending':
      statusText = text.statusPending;
      break;
    case 'failed':
      statusText = entry.failure ? text.failedBecause(words.reason(entry.failure)) : text.statusFailed;
      break;
    case 'skipped':
      statusText = entry.failure ? text.skippedBecause(words.reason(entry.failure)) : text.statusSkipped;
      break;
    default:
      statusClass = 'unknown';
      statusText = text.statusUnknown;
  }
  return {
    entry,
    iso: entry.createdAt,
    dateText: dateText(entry.createdAt, locale, timeZone),
    amountText: moneyText(entry.amount, locale, text.amountUnavailable),
    cardText: entry.card ? describeCard(entry.card) : text.cardUnknown,
    kindText: entry.kind === 'auto_recharge' ? text.kindAutomatic : text.kindManual,
    statusClass,
    statusText,
    ...(entry.tax ? { taxText: moneyText(entry.tax.amount, locale, text.amountUnavailable) } : {}),
  };
}

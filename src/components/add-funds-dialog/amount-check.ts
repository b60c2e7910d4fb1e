// The add-funds form's amount: what a person chose or typed, read against the account's limits and said in their words.
import type { Account } from '../../client/schemas.js';
import type { AddFundsDialogMessages } from '../../i18n/messages/add-funds-dialog.js';
import { currencyDigits, formatMoney, parseMoney, type Money, type MoneyParseFailure } from '../../money/money.js';
import { relativeTimeFormat } from '../../money/intl-cache.js';
import { checkTopUpAmount } from '../../rules/top-up-rules.js';

export type AmountCheck = { ok: true; money: Money } | { ok: false; message: string };

/** What the amount section holds: a typed amount wins over the checked preset. */
export interface AmountChoice {
  customText: string;
  presetAmount?: number;
}

/** Keeps an amount's own direction inside a sentence of the other direction. */
export function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

/** The amount to pay, or why it cannot be paid, in the form's language. */
export function checkAmount(choice: AmountChoice, account: Account, text: AddFundsDialogMessages, locale: string): AmountCheck {
  const { minimum, maximum } = account.topUpLimits;
  let money: Money;
  if (choice.customText.trim() !== '') {
    const parsed = parseMoney(choice.customText, account.currency, locale);
    if (!parsed.ok) return { ok: false, message: parseProblem(parsed.reason, parsed.message, account, text, locale) };
    money = parsed.money;
  } else if (choice.presetAmount !== undefined) {
    money = { amount: choice.presetAmount, currency: account.currency };
  } else {
    return { ok: false, message: text.amountRequired };
  }
  const problem = checkTopUpAmount(money.amount, { minimum: minimum.amount, maximum: maximum.amount });
  if (problem?.code === 'above_maximum') return { ok: false, message: text.amountAboveMaximum(isolate(formatMoney(maximum, locale))) };
  // Below the minimum, or zero where the minimum is zero: both are said as "the minimum is …".
  if (problem) return { ok: false, message: text.amountBelowMinimum(isolate(formatMoney(minimum, locale))) };
  return { ok: true, money };
}

/** money.ts explains a refusal in English; the form says it in its own language. */
function parseProblem(reason: MoneyParseFailure, english: string, account: Account, text: AddFundsDialogMessages, locale: string): string {
  switch (reason) {
    case 'empty':
      return text.amountRequired;
    case 'not_a_number':
      return text.amountNotANumber;
    case 'exponent':
      return text.amountExponent;
    case 'negative':
      return text.amountNegative;
    case 'too_many_decimals':
      return text.amountTooManyDecimals(account.currency, currencyDigits(account.currency));
    case 'too_large':
      return text.amountAboveMaximum(isolate(formatMoney(account.topUpLimits.maximum, locale)));
    default:
      return english;
  }
}

// From the shared cache: the repeat question is drawn on every update while it shows.
/** "1 minute ago", "vor 3 Minuten": never "now" or "0 minutes", which would not read as a past payment. */
export function timeAgo(locale: string, at: number): string {
  const format = relativeTimeFormat(locale, { numeric: 'auto' });
  const minutes = Math.max(1, Math.round((Date.now() - at) / 60_000));
  if (minutes < 60) return format.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  return hours < 48 ? format.format(-hours, 'hour') : format.format(-Math.round(hours / 24), 'day');
}

// What <credit-balance> shows, formatted up front and apart from the element: the balance and its tone, the
// threshold, when it was updated ("Updated 2 minutes ago"), the auto-recharge badge, and the phase of the store's
// top-up. Pure functions on the account and the widget's words; a formatting fault throws instead of showing "NaN".
import type { Account } from '../../client/schemas.js';
import type { CreditBalanceShellMessages } from '../../i18n/messages/credit-balance.js';
import { formatMoney } from '../../money/money.js';
import { dateTimeFormat, relativeTimeFormat } from '../../money/intl-cache.js';
import type { ActiveTopUp } from '../../store/billing-store.js';

export type BalanceTone = 'ok' | 'low' | 'negative';

/**
 * Where the store's top-up is, as this widget tells it: `paying`; `checking` (running again while it may
 * already have charged); `unconfirmed` (stopped, and nobody knows yet whether it charged); an outcome;
 * or `ended` (settled without an outcome this widget can word).
 */
export type TopUpPhase = 'paying' | 'checking' | 'unconfirmed' | 'succeeded' | 'failed' | 'ended';

export function phaseOf(topUp: ActiveTopUp): TopUpPhase {
  if (!topUp.settled) return topUp.outcomeUnknown ? 'checking' : 'paying';
  if (topUp.outcomeUnknown) return 'unconfirmed';
  return topUp.outcome ?? 'ended';
}

/** Phases with the status line on screen; an outcome after one of them is announced. */
export const UNSETTLED_PHASES: ReadonlySet<TopUpPhase> = new Set(['paying', 'checking', 'unconfirmed']);

/** Everything the ready state shows, formatted up front so one failure becomes the error state, never "NaN". */
export interface BalanceView {
  amount: string;
  tone: BalanceTone;
  threshold: string;
  updatedIso: string;
  updatedFull: string;
  updatedText: string;
  autoRecharge: { on: boolean; text: string };
}

export const MINUTE = 60_000;
const RELATIVE_UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 60 * MINUTE],
  ['month', 30 * 24 * 60 * MINUTE],
  ['week', 7 * 24 * 60 * MINUTE],
  ['day', 24 * 60 * MINUTE],
  ['hour', 60 * MINUTE],
  ['minute', MINUTE],
];

// From the shared cache: the clock re-renders every minute.
const relativeFormat = (locale: string): Intl.RelativeTimeFormat => relativeTimeFormat(locale, { numeric: 'auto' });
const dateFormat = (locale: string): Intl.DateTimeFormat => dateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });

/** Throws instead of letting a formatting fault reach the screen. */
export function checked(text: string): string {
  if (!text || /NaN|undefined|Invalid Date|Infinity/.test(text)) throw new RangeError(`unreadable formatted value: ${text}`);
  return text;
}

/**
 * Wraps a value interpolated into a sentence in Unicode isolates (FSI … PDI), so an amount like
 * "US$ 10.00" keeps its order inside a right-to-left sentence and vice versa.
 */
export function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

export function toneOf(account: Account | undefined): BalanceTone {
  if (!account) return 'ok';
  if (account.balance.amount < 0) return 'negative';
  return account.balance.amount < account.lowBalanceThreshold.amount ? 'low' : 'ok';
}

/** Everything the ready state shows for `account`, in `locale`. Throws when any part cannot be formatted. */
export function describeBalance(account: Account, locale: string, text: CreditBalanceShellMessages): BalanceView {
  const updatedAt = new Date(account.balanceUpdatedAt);
  if (Number.isNaN(updatedAt.getTime())) throw new RangeError('unreadable balanceUpdatedAt');
  const auto = account.autoRecharge;
  return {
    amount: checked(formatMoney(account.balance, locale)),
    tone: toneOf(account),
    threshold: isolate(checked(formatMoney(account.lowBalanceThreshold, locale))),
    updatedIso: updatedAt.toISOString(),
    updatedFull: checked(dateFormat(locale).format(updatedAt)),
    updatedText: relativeUpdate(updatedAt, locale, text),
    autoRecharge: auto.enabled
      ? {
          on: true,
          text:
            auto.mode === 'target' && auto.targetBalance
              ? text.autoRechargeToTarget(
                  isolate(checked(formatMoney(auto.targetBalance, locale))),
                  isolate(checked(formatMoney(auto.thresholdAmount, locale))),
                )
              : text.autoRechargeOn(
                  isolate(checked(formatMoney(auto.rechargeAmount, locale))),
                  isolate(checked(formatMoney(auto.thresholdAmount, locale))),
                ),
        }
      : { on: false, text: text.autoRechargeOff },
  };
}

function relativeUpdate(updatedAt: Date, locale: string, text: CreditBalanceShellMessages): string {
  // A server clock slightly ahead of the browser's would otherwise say "in 1 minute".
  const age = Math.max(0, Date.now() - updatedAt.getTime());
  if (age < MINUTE) return text.updatedJustNow;
  for (const [unit, size] of RELATIVE_UNITS) {
    if (age >= size) {
      return text.updated(isolate(checked(relativeFormat(locale).format(-Math.floor(age / size), unit))));
    }
  }
  return text.updatedJustNow;
}

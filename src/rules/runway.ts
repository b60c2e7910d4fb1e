// The runway forecast: how long the balance lasts at the recent spend, and how often auto-recharge tops it up. Pure
// integer arithmetic on minor units (BigInt, so a huge balance or spend never loses precision or becomes NaN).
import type { Money } from '../money/money.js';

export const DAY_MS = 86_400_000;
/** The recent window: its average is used whenever the account has a week of history and spent in it. */
export const RECENT_DAYS = 7;
/** The longer window, for an account that spent nothing in the last week but did before. */
export const LONG_DAYS = 30;
/**
 * Below a week of history a daily average swings with the weekday (a quiet weekend, one busy Monday), so no forecast
 * is made: the first usage must lie at least this many days back.
 */
export const MIN_HISTORY_DAYS = 7;
/** Past a year the figure says more about the averaging than about the account: "more than a year". */
export const MAX_FORECAST_DAYS = 365;

/** What the backend said about the account's spend, read at `asOf` (ms since the epoch). */
export interface SpendHistory {
  /** Total spent in [asOf − 7 days, asOf). */
  last7: Money;
  /** Total spent in [asOf − 30 days, asOf). */
  last30: Money;
  /** When the account's first usage happened (ISO 8601), or null when it never used anything. */
  firstUsageAt: string | null;
  asOf: number;
}

/** The recent daily spend: `total` over the last `periodDays` days, and its average per day. */
export interface SpendRate {
  periodDays: number;
  total: Money;
  /** total ÷ periodDays rounded half up to the minor unit, and at least 1 minor unit (a spend never shows as 0.00). */
  perDay: Money;
}

/** A span of days, rounded as the caller says, or beyond either end of what is worth saying. */
export type DaySpan = { kind: 'days'; days: number } | { kind: 'under-a-day' } | { kind: 'over-a-year' };

export type TooLittleData = 'no-spend' | 'short-history';

export type RunwayForecast =
  /** Nothing to forecast from: no usage in the last 30 days, or less than a week of history. */
  | { kind: 'too-little-data'; reason: TooLittleData }
  /** The balance is zero or negative: no days are left to count. */
  | { kind: 'used-up' }
  /** The balance lasts `runway` at `rate` (days rounded down: never promise a day the money does not cover). */
  | { kind: 'lasts'; rate: SpendRate; runway: DaySpan }
  /** Auto-recharge adds `added` about every `every` at `rate` (days rounded to the nearest). */
  | { kind: 'auto-recharge'; rate: SpendRate; added: Money; every: DaySpan };

/** The auto-recharge settings the forecast reads (the account summary's or the full settings' fields). */
export interface RechargePlan {
  enabled: boolean;
  thresholdAmount: Money;
  rechargeAmount: Money;
  /** `target`: each recharge brings the balance back up to targetBalance. Absent: fixed. */
  mode?: 'fixed' | 'target';
  targetBalance?: Money | null;
}

/**
 * What one recharge adds in steady use: the fixed amount, or in target mode what lifts a balance that just fell below
 * the threshold back to the target (target − threshold; a little more, by the last call's price, in practice).
 */
function addedPerRecharge(plan: RechargePlan): number {
  if (plan.mode === 'target' && plan.targetBalance) return plan.targetBalance.amount - plan.thresholdAmount.amount;
  return plan.rechargeAmount.amount;
}

/** a × b ÷ c in integers, rounded down or half up; c > 0. */
function mulDiv(a: number, b: number, c: number, rounding: 'down' | 'nearest'): bigint {
  const product = BigInt(a) * BigInt(b);
  const divisor = BigInt(c);
  return rounding === 'down' ? product / divisor : (2n * product + divisor) / (2n * divisor);
}

/** A count of days as a span: under one is "under a day", past MAX_FORECAST_DAYS "over a year". */
function span(days: bigint): DaySpan {
  if (days < 1n) return { kind: 'under-a-day' };
  if (days > BigInt(MAX_FORECAST_DAYS)) return { kind: 'over-a-year' };
  return { kind: 'days', days: Number(days) };
}

function isCount(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount >= 0;
}

/**
 * The daily spend to forecast from: the last 7 days' average when the account has a week of history and spent in that
 * week; else, when it spent in the last 30 days, the average over those 30 days (or over its whole history when that is
 * shorter, so a three-week-old account is not averaged over days it did not exist).
 */
export function spendRate(history: SpendHistory): SpendRate | TooLittleData {
  const { last7, last30, firstUsageAt, asOf } = history;
  if (!isCount(last7.amount) || !isCount(last30.amount) || last7.currency !== last30.currency) {
    throw new RangeError('unreadable spend totals');
  }
  const firstUsage = firstUsageAt === null ? Number.NaN : Date.parse(firstUsageAt);
  if (last30.amount === 0 || Number.isNaN(firstUsage)) return 'no-spend';
  const historyDays = Math.floor((asOf - firstUsage) / DAY_MS);
  if (historyDays < MIN_HISTORY_DAYS) return 'short-history';
  const [periodDays, total] = last7.amount > 0 ? [RECENT_DAYS, last7] : [Math.min(LONG_DAYS, historyDays), last30];
  const perDay = Number(mulDiv(total.amount, 1, periodDays, 'nearest'));
  return { periodDays, total, perDay: { amount: Math.max(1, perDay), currency: total.currency } };
}

/**
 * How often auto-recharge tops up at `rate`: each recharge adds addedPerRecharge, so it comes about every added ÷ daily
 * spend days. Undefined when auto-recharge is off or adds nothing (a target not above the threshold included).
 */
export function autoRechargeCadence(plan: RechargePlan | undefined, rate: SpendRate): { added: Money; every: DaySpan } | undefined {
  if (!plan?.enabled || plan.rechargeAmount.currency !== rate.total.currency) return undefined;
  const added = addedPerRecharge(plan);
  if (!isCount(added) || added === 0) return undefined;
  return {
    added: { amount: added, currency: rate.total.currency },
    every: span(mulDiv(added, rate.periodDays, rate.total.amount, 'nearest')),
  };
}

/** The forecast for `balance` at the spend in `history`, with `plan` when auto-recharge may be on. */
export function forecastRunway(balance: Money, history: SpendHistory, plan?: RechargePlan): RunwayForecast {
  if (!Number.isSafeInteger(balance.amount)) throw new RangeError('unreadable balance');
  if (balance.amount <= 0) return { kind: 'used-up' };
  const rate = spendRate(history);
  if (typeof rate === 'string') return { kind: 'too-little-data', reason: rate };
  if (rate.total.currency !== balance.currency) throw new RangeError('spend and balance in different currencies');
  const cadence = autoRechargeCadence(plan, rate);
  if (cadence) return { kind: 'auto-recharge', rate, ...cadence };
  return { kind: 'lasts', rate, runway: span(mulDiv(balance.amount, rate.periodDays, rate.total.amount, 'down')) };
}

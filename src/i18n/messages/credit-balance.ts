// The message interface of <credit-balance>: in i18n/, the bottom layer, so the catalog never imports a widget or provider.
// The English defaults stay with the element or provider that speaks them.

/** A number of days: `count` picks the plural form, `formatted` is the number written in the reader's locale. */
export interface DayCount {
  count: number;
  formatted: string;
}

/** Every string <credit-balance> shows or speaks; set `messages` to replace any of them. */
export interface CreditBalanceMessages {
  label: string;
  compactLabel: string;
  addFunds: string;
  loading: string;
  lowBalanceTitle: string;
  lowBalance: (thresholdAmount: string) => string;
  lowBalanceShort: string;
  negativeBalanceTitle: string;
  negativeBalance: string;
  negativeBalanceShort: string;
  autoRechargeOn: (rechargeAmount: string, thresholdAmount: string) => string;
  /** Auto-recharge in target mode: the balance it brings the account back up to. */
  autoRechargeToTarget: (targetBalance: string, thresholdAmount: string) => string;
  autoRechargeOff: string;
  updatedJustNow: string;
  updated: (relativeTime: string) => string;
  refreshFailed: string;
  retry: string;
  compactError: string;
  displayError: string;
  balanceChanged: (amount: string) => string;
  paymentInProgress: (amount: string) => string;
  paymentChecking: (amount: string) => string;
  paymentUnconfirmed: (amount: string) => string;
  paymentSucceeded: (amount: string) => string;
  paymentFailed: (amount: string, reason: string) => string;
  note: string;
  /**
   * "At your recent spend (about $7.20 a day over the last 7 days), your balance lasts about 6 days." `periodDays`: the
   * days the average is over (7, else up to 30); `days`: from 1 to 365. Each count comes as a number (for plural
   * forms) and written in the reader's locale.
   */
  forecastLasts: (dailySpend: string, periodDays: DayCount, days: DayCount) => string;
  forecastLastsUnderADay: (dailySpend: string, periodDays: DayCount) => string;
  forecastLastsOverAYear: (dailySpend: string, periodDays: DayCount) => string;
  /** "At your recent spend (about $7.20 a day over the last 7 days), auto-recharge will add $50.00 about every 7 days." */
  forecastAutoRecharge: (dailySpend: string, periodDays: DayCount, rechargeAmount: string, days: DayCount) => string;
  forecastAutoRechargeDaily: (dailySpend: string, periodDays: DayCount, rechargeAmount: string) => string;
  forecastAutoRechargeYearly: (dailySpend: string, periodDays: DayCount, rechargeAmount: string) => string;
  /** The balance is zero or below: no days to count. */
  forecastUsedUp: string;
  /** The spend could not be read (error, garbage, no answer in time). */
  forecastUnavailable: string;
}

/** The forecast's words that load with its code; the element carries the English of the rest itself. */
export type CreditBalanceForecastKey =
  'forecastLastsUnderADay' | 'forecastLastsOverAYear' | 'forecastAutoRechargeDaily' | 'forecastAutoRechargeYearly' | 'forecastUsedUp';
export type CreditBalanceForecastMessages = Pick<CreditBalanceMessages, CreditBalanceForecastKey>;
/** What `<credit-balance>`'s own code says in English: all but the forecast's rarer sentences. */
export type CreditBalanceShellMessages = Omit<CreditBalanceMessages, CreditBalanceForecastKey>;

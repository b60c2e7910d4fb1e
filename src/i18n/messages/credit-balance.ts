// The message interface of <credit-balance>: in i18n/, the bottom layer, so the catalog never imports a widget or provider.
// The English defaults stay with the element or provider that speaks them.

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
}

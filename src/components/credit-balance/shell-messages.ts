// The English of the words <credit-balance>'s own code shows: eager. The forecast's rarer sentences (used up, the ends
// of the range) load with the forecast's code (forecast-view.ts); messages.ts joins both.
import type { CreditBalanceShellMessages, DayCount } from '../../i18n/messages/credit-balance.js';

/** "7 days", "1 day". */
export const days = ({ count, formatted }: DayCount): string => (count === 1 ? `${formatted} day` : `${formatted} days`);
/** The start of every forecast sentence. */
export const spend = (dailySpend: string, periodDays: DayCount): string =>
  `At your recent spend (about ${dailySpend} a day over the last ${days(periodDays)})`;

export const defaultCreditBalanceShellMessages: CreditBalanceShellMessages = {
  label: 'Available balance',
  compactLabel: 'Balance',
  addFunds: 'Add funds',
  loading: 'Loading your balance…',
  lowBalanceTitle: 'Low balance.',
  lowBalance: (thresholdAmount) => `Your balance is below ${thresholdAmount}.`,
  lowBalanceShort: 'Low balance',
  negativeBalanceTitle: 'Negative balance.',
  negativeBalance: 'Usage has overdrawn your credit. Add funds to bring it above zero.',
  negativeBalanceShort: 'Negative balance',
  autoRechargeOn: (rechargeAmount, thresholdAmount) => `Auto-recharge on: adds ${rechargeAmount} when below ${thresholdAmount}`,
  autoRechargeToTarget: (targetBalance, thresholdAmount) => `Auto-recharge on: back up to ${targetBalance} when below ${thresholdAmount}`,
  autoRechargeOff: 'Auto-recharge off',
  updatedJustNow: 'Updated just now',
  updated: (relativeTime) => `Updated ${relativeTime}`,
  refreshFailed: "We couldn't refresh your balance. Showing the last amount we received.",
  retry: 'Try again',
  compactError: 'Balance unavailable',
  displayError: "We couldn't display your balance.",
  balanceChanged: (amount) => `Balance updated: ${amount}`,
  paymentInProgress: (amount) => `Payment of ${amount} in progress…`,
  paymentChecking: (amount) => `Checking whether your payment of ${amount} went through…`,
  paymentUnconfirmed: (amount) => `We couldn't confirm yet whether your payment of ${amount} went through.`,
  paymentSucceeded: (amount) => `${amount} added to your balance.`,
  paymentFailed: (amount, reason) => `Payment of ${amount} failed: ${reason}`,
  note: 'Your credit balance pays only for metered usage such as international calls. Subscription fees are charged separately to the card on file.',
  forecastLasts: (dailySpend, periodDays, count) => `${spend(dailySpend, periodDays)}, your balance lasts about ${days(count)}.`,
  forecastAutoRecharge: (dailySpend, periodDays, rechargeAmount, count) =>
    `${spend(dailySpend, periodDays)}, auto-recharge will add ${rechargeAmount} about every ${count.count === 1 ? 'day' : days(count)}.`,
  forecastUnavailable: "We can't forecast how long your balance lasts right now.",
};

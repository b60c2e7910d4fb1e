// Why a backend refused a payment or auto-recharge settings (a `validation` error), by the code of the rule that
// refused it (src/rules/). The mock and the reference server send the English below as the error's message, with
// `messageKey: 'problems.<code>'` and the values, so a widget words the refusal in its reader's language. The widgets
// never need this English themselves: it is the error's own message, so it stays out of their bundle.
import type { FormattedParams } from './errors.js';

export interface ProblemMessages {
  /** A top-up below the account's `minimum`. */
  topUpBelowMinimum: (params: FormattedParams) => string;
  /** A top-up above the account's `maximum`. */
  topUpAboveMaximum: (params: FormattedParams) => string;
  /** A top-up of zero or less. */
  topUpNotPositive: string;
  /** An amount in another currency than the account's `currency`. */
  wrongCurrency: (params: FormattedParams) => string;
  /** The chosen saved card is not (or no longer) on the account. */
  cardMissing: string;
  /** The chosen `card` ("Visa ending in 4242") has expired. */
  cardExpired: (params: FormattedParams) => string;
  /** Auto-recharge is on and no card is chosen. */
  cardRequired: string;
  /** An automatic recharge of zero or less. */
  rechargeNotPositive: string;
  /** The recharge amount outside `minimum`–`maximum`. */
  rechargeOutsideLimits: (params: FormattedParams) => string;
  /** The balance threshold outside `minimum`–`maximum`. */
  thresholdOutsideLimits: (params: FormattedParams) => string;
  /** Target mode without a target balance. */
  targetRequired: string;
  /** A target balance at or below the `thresholdAmount`. */
  targetNotAboveThreshold: (params: FormattedParams) => string;
  /** The target balance outside `minimum`–`maximum`. */
  targetOutsideLimits: (params: FormattedParams) => string;
  /** A monthly cap on an account that has none. */
  capNotSupported: string;
  /** A monthly cap below the `rechargeAmount`. */
  capBelowRecharge: (params: FormattedParams) => string;
}

export type ProblemCode = keyof ProblemMessages;

export const defaultProblemMessages: ProblemMessages = {
  topUpBelowMinimum: (p) => `The minimum top-up is ${p['minimum']}.`,
  topUpAboveMaximum: (p) => `The maximum top-up is ${p['maximum']}.`,
  topUpNotPositive: 'Enter an amount greater than zero.',
  wrongCurrency: (p) => `Amounts for this account are in ${p['currency']}.`,
  cardMissing: 'That card is no longer saved on this account. Choose another card.',
  cardExpired: (p) => `${p['card']} has expired. Choose another card or add a new one.`,
  cardRequired: 'Choose a card for automatic recharges.',
  rechargeNotPositive: 'The recharge amount must be more than zero.',
  rechargeOutsideLimits: (p) => `The recharge amount must be between ${p['minimum']} and ${p['maximum']}.`,
  thresholdOutsideLimits: (p) => `The balance threshold must be between ${p['minimum']} and ${p['maximum']}.`,
  targetRequired: 'Enter the balance to recharge up to.',
  targetNotAboveThreshold: (p) => `The target balance must be more than the threshold (${p['thresholdAmount']}).`,
  targetOutsideLimits: (p) => `The target balance must be between ${p['minimum']} and ${p['maximum']}.`,
  capNotSupported: 'A monthly cap is not available for this account.',
  capBelowRecharge: (p) => `The monthly cap must be at least the recharge amount (${p['rechargeAmount']}).`,
};

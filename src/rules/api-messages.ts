// The English sentences an API error carries for a rule's code (BillingError.message, fieldErrors). One
// formatter for MockBillingClient and the reference server, so both send the same text for the same request.
// Widgets do not use it: they word the codes through their own messages, in the reader's language.
import type { MessageParams } from '../i18n/messages/errors.js';
import { defaultRechargeReasonMessages, type RechargeReasonCode } from '../i18n/messages/reasons.js';
import type { AutoRechargeProblem } from './auto-recharge-rules.js';
import type { TopUpAmountProblem } from './top-up-rules.js';

/** How the caller writes an amount of minor units of the account currency for people ("$10.00"). */
export type DescribeAmount = (amount: number) => string;

export function topUpAmountMessage(problem: TopUpAmountProblem, describe: DescribeAmount): string {
  switch (problem.code) {
    case 'below_minimum':
      return `The minimum top-up is ${describe(problem.minimum)}.`;
    case 'above_maximum':
      return `The maximum top-up is ${describe(problem.maximum)}.`;
    case 'not_positive':
      return 'Enter an amount greater than zero.';
  }
}

/** `cardName` names the chosen card ("Visa ending in 4242") for card_expired. */
export function autoRechargeMessage(problem: AutoRechargeProblem, describe: DescribeAmount, cardName: string): string {
  switch (problem.code) {
    case 'not_positive':
      return 'The recharge amount must be more than zero.';
    case 'outside_limits': {
      const subject = problem.field === 'rechargeAmount' ? 'The recharge amount' : 'The balance threshold';
      return `${subject} must be between ${describe(problem.minimum)} and ${describe(problem.maximum)}.`;
    }
    case 'card_required':
      return 'Choose a card for automatic recharges.';
    case 'card_missing':
      return 'That card is no longer saved on this account. Choose another card.';
    case 'card_expired':
      return `${cardName} has expired. Choose another card or add a new one.`;
    case 'cap_not_supported':
      return 'A monthly cap is not available for this account.';
    case 'cap_below_recharge':
      return `The monthly cap must be at least the recharge amount (${describe(problem.rechargeAmount)}).`;
  }
}

/** A recharge reason's code and values, and the English sentence the backends send beside them (the fallback text). */
export interface WordedReason {
  readonly reason: { readonly code: RechargeReasonCode; readonly params: MessageParams };
  readonly message: string;
}

/** Words a skipped or failed recharge's reason, or why recharge was turned off, in English; amounts in the account currency. */
export function rechargeReason(code: RechargeReasonCode, params: MessageParams, describe: DescribeAmount): WordedReason {
  const english: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) english[name] = typeof value === 'object' ? describe(value.amount) : String(value);
  const entry = defaultRechargeReasonMessages[code];
  return { reason: { code, params }, message: typeof entry === 'string' ? entry : entry(english) };
}

/** The reason an automatic recharge skipped by the monthly cap records. */
export function monthlyCapSkipReason(rechargeAmount: number, monthlyCap: number, currency: string, describe: DescribeAmount): WordedReason {
  return rechargeReason(
    'monthly_cap',
    { rechargeAmount: { amount: rechargeAmount, currency }, monthlyCap: { amount: monthlyCap, currency } },
    describe,
  );
}

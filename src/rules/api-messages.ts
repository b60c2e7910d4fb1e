// The English sentences an API error carries for a rule's code (BillingError.message, fieldErrors), with the catalog
// key and values beside them. One formatter for MockBillingClient and the reference server, so both send the same
// error for the same request; the widgets word it by its key in the reader's language.
import { defaultDeclineMessages, type MessageParams } from '../i18n/messages/errors.js';
import { defaultProblemMessages, type ProblemCode } from '../i18n/messages/problems.js';
import { defaultRechargeReasonMessages, type RechargeReasonCode } from '../i18n/messages/reasons.js';
import { FAILURES_BEFORE_DISABLE, type AutoRechargeProblem } from './auto-recharge-rules.js';
import type { TopUpAmountProblem } from './top-up-rules.js';

/** How the caller writes an amount of minor units of the account currency for people ("$10.00"). */
export type DescribeAmount = (amount: number) => string;

/** A refusal as a backend sends it: the English sentence, and the catalog key and values a widget words it by. */
export interface WordedProblem {
  readonly message: string;
  readonly messageKey: `problems.${ProblemCode}`;
  readonly params: MessageParams;
}

function worded(code: ProblemCode, params: MessageParams, describe: DescribeAmount): WordedProblem {
  const english: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) english[name] = typeof value === 'object' ? describe(value.amount) : String(value);
  const entry = defaultProblemMessages[code];
  return { message: typeof entry === 'string' ? entry : entry(english), messageKey: `problems.${code}`, params };
}

/** Why a top-up's amount is refused; amounts in `currency`, the account's. */
export function topUpAmountProblem(problem: TopUpAmountProblem, currency: string, describe: DescribeAmount): WordedProblem {
  switch (problem.code) {
    case 'below_minimum':
      return worded('topUpBelowMinimum', { minimum: { amount: problem.minimum, currency } }, describe);
    case 'above_maximum':
      return worded('topUpAboveMaximum', { maximum: { amount: problem.maximum, currency } }, describe);
    case 'not_positive':
      return worded('topUpNotPositive', {}, describe);
  }
}

/** An amount sent in another currency than the account's. */
export function wrongCurrencyProblem(currency: string): WordedProblem {
  return worded('wrongCurrency', { currency }, String);
}

/** The saved card chosen for a payment is not on the account. */
export function cardMissingProblem(): WordedProblem {
  return worded('cardMissing', {}, String);
}

/** Why auto-recharge settings are refused; `cardName` names the chosen card ("Visa ending in 4242") for card_expired. */
export function autoRechargeProblem(
  problem: AutoRechargeProblem,
  currency: string,
  describe: DescribeAmount,
  cardName: string,
): WordedProblem {
  const limits = (minimum: number, maximum: number): MessageParams => ({
    minimum: { amount: minimum, currency },
    maximum: { amount: maximum, currency },
  });
  switch (problem.code) {
    case 'not_positive':
      return worded('rechargeNotPositive', {}, describe);
    case 'outside_limits':
      return worded(
        problem.field === 'rechargeAmount'
          ? 'rechargeOutsideLimits'
          : problem.field === 'targetBalance'
            ? 'targetOutsideLimits'
            : 'thresholdOutsideLimits',
        limits(problem.minimum, problem.maximum),
        describe,
      );
    case 'target_required':
      return worded('targetRequired', {}, describe);
    case 'target_not_above_threshold':
      return worded('targetNotAboveThreshold', { thresholdAmount: { amount: problem.thresholdAmount, currency } }, describe);
    case 'card_required':
      return worded('cardRequired', {}, describe);
    case 'card_missing':
      return worded('cardMissing', {}, describe);
    case 'card_expired':
      return worded('cardExpired', { card: cardName }, describe);
    case 'cap_not_supported':
      return worded('capNotSupported', {}, describe);
    case 'cap_below_recharge':
      return worded('capBelowRecharge', { rechargeAmount: { amount: problem.rechargeAmount, currency } }, describe);
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

/** Why auto-recharge turned itself off after FAILURES_BEFORE_DISABLE failed payments in a row with `cardName`. */
export function repeatedFailuresReason(cardName: string): WordedReason {
  return rechargeReason('repeated_failures', { count: FAILURES_BEFORE_DISABLE, card: cardName }, String);
}

/** An automatic recharge whose bank asked for 3-D Secure fails: off-session nobody is there to answer the challenge. */
export function offSessionAuthenticationFailure(): { readonly code: 'authentication_required'; readonly message: string } {
  return { code: 'authentication_required', message: defaultDeclineMessages.authentication_required };
}

// Automatic recharge: what a configuration must satisfy, when saving it charges at once, and what the
// monthly cap allows. Pure functions on integer minor units; results are codes and parameters, never sentences.
import { isWithinTopUpBounds, type TopUpBounds } from './top-up-rules.js';

export type AutoRechargeField = 'thresholdAmount' | 'rechargeAmount' | 'paymentMethodId' | 'monthlyCap';

/** After this many failed automatic payments in a row, auto-recharge turns itself off. */
export const FAILURES_BEFORE_DISABLE = 3;

/** Whether a failed automatic payment that makes `consecutiveFailures` failures in a row turns auto-recharge off. */
export function failuresDisableRecharge(consecutiveFailures: number): boolean {
  return consecutiveFailures >= FAILURES_BEFORE_DISABLE;
}

/** The state of the card a configuration names, as the caller found it. */
export type AutoRechargeCardState =
  /** No card chosen (paymentMethodId null). */
  | 'none'
  /** A card id that is not (or no longer) saved on the account. */
  | 'missing'
  /** A saved card past the end of its expiry month. */
  | 'expired'
  | 'usable';

export type AutoRechargeProblem =
  | { field: 'rechargeAmount'; code: 'not_positive' }
  | { field: 'rechargeAmount' | 'thresholdAmount'; code: 'outside_limits'; minimum: number; maximum: number }
  | { field: 'paymentMethodId'; code: 'card_required' | 'card_missing' | 'card_expired' }
  | { field: 'monthlyCap'; code: 'cap_not_supported' }
  | { field: 'monthlyCap'; code: 'cap_below_recharge'; rechargeAmount: number };

export interface AutoRechargeRuleInput {
  enabled: boolean;
  /** Minor units; null when absent or already refused by the caller (unreadable, wrong currency): not checked again. */
  thresholdAmount: number | null;
  rechargeAmount: number | null;
  /** null: no cap asked for. */
  monthlyCap: number | null;
  card: AutoRechargeCardState;
  limits: TopUpBounds;
  monthlyCapSupported: boolean;
}

/**
 * Every problem with a configuration, at most one per field, in the order a backend reports them
 * (the first one is the error's message). A configuration that is off is only kept for later, so it need
 * not be usable yet: amounts and card are checked only when turning it on; a card that is gone and the
 * monthly cap are checked either way.
 */
export function checkAutoRecharge(input: AutoRechargeRuleInput): AutoRechargeProblem[] {
  const problems: AutoRechargeProblem[] = [];
  const { enabled, thresholdAmount: threshold, rechargeAmount: recharge, monthlyCap: cap, card, limits } = input;
  const checkLimits = (field: 'rechargeAmount' | 'thresholdAmount', amount: number | null): void => {
    if (amount !== null && !isWithinTopUpBounds(amount, limits)) {
      problems.push({ field, code: 'outside_limits', minimum: limits.minimum, maximum: limits.maximum });
    }
  };

  if (card === 'missing') problems.push({ field: 'paymentMethodId', code: 'card_missing' });
  if (enabled) {
    if (recharge !== null && recharge <= 0) problems.push({ field: 'rechargeAmount', code: 'not_positive' });
    else checkLimits('rechargeAmount', recharge);
    checkLimits('thresholdAmount', threshold);
    if (card === 'none' || card === 'expired') {
      problems.push({ field: 'paymentMethodId', code: card === 'none' ? 'card_required' : 'card_expired' });
    }
  }
  if (cap !== null) {
    if (!input.monthlyCapSupported) problems.push({ field: 'monthlyCap', code: 'cap_not_supported' });
    else if (recharge !== null && cap < recharge)
      problems.push({ field: 'monthlyCap', code: 'cap_below_recharge', rechargeAmount: recharge });
  }
  return problems;
}

/**
 * Whether saving (or a debit) charges the card now: recharge is on and the balance is strictly below the
 * threshold. A balance exactly at the threshold is not charged.
 */
export function rechargeIsDue(enabled: boolean, balance: number, threshold: number): boolean {
  return enabled && balance < threshold;
}

/**
 * Whether one more recharge of `rechargeAmount` fits this month's cap, given what was already recharged
 * (`spentThisMonth`). Reaching the cap exactly is allowed; no cap (null) always allows.
 */
export function withinMonthlyCap(spentThisMonth: number, rechargeAmount: number, monthlyCap: number | null): boolean {
  return monthlyCap === null || spentThisMonth + rechargeAmount <= monthlyCap;
}

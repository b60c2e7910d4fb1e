// Automatic recharge: what a configuration must satisfy, when saving it charges at once, and what the
// monthly cap allows. Pure functions on integer minor units; results are codes and parameters, never sentences.
import { isWithinTopUpBounds, type TopUpBounds } from './top-up-rules.js';

export type AutoRechargeField = 'thresholdAmount' | 'rechargeAmount' | 'targetBalance' | 'paymentMethodId' | 'monthlyCap';

/**
 * How much a recharge adds: `fixed` adds the recharge amount; `target` adds what brings the balance back up to the
 * target balance. A backend or request that names no mode means `fixed` (the contract before target mode).
 */
export type AutoRechargeMode = 'fixed' | 'target';
export const AUTO_RECHARGE_MODES: readonly AutoRechargeMode[] = ['fixed', 'target'];

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
  | { field: 'rechargeAmount' | 'thresholdAmount' | 'targetBalance'; code: 'outside_limits'; minimum: number; maximum: number }
  | { field: 'targetBalance'; code: 'target_required' }
  | { field: 'targetBalance'; code: 'target_not_above_threshold'; thresholdAmount: number }
  | { field: 'paymentMethodId'; code: 'card_required' | 'card_missing' | 'card_expired' }
  | { field: 'monthlyCap'; code: 'cap_not_supported' }
  | { field: 'monthlyCap'; code: 'cap_below_recharge'; rechargeAmount: number };

export interface AutoRechargeRuleInput {
  enabled: boolean;
  /** Minor units; null when absent or already refused by the caller (unreadable, wrong currency): not checked again. */
  thresholdAmount: number | null;
  rechargeAmount: number | null;
  /** Absent: fixed. */
  mode?: AutoRechargeMode | undefined;
  /** The balance a target-mode recharge brings the account back up to; only read in target mode. */
  targetBalance?: number | null | undefined;
  /** null: no cap asked for. */
  monthlyCap: number | null;
  card: AutoRechargeCardState;
  limits: TopUpBounds;
  monthlyCapSupported: boolean;
}

/**
 * Every problem with a configuration, at most one per field, in the order a backend reports them
 * (the first one is the error's message). A configuration that is off is only kept for later, so it need
 * not be usable yet: amounts and card are checked only when turning it on; a card that is gone, the
 * monthly cap and target mode's need of a target are checked either way.
 */
export function checkAutoRecharge(input: AutoRechargeRuleInput): AutoRechargeProblem[] {
  const problems: AutoRechargeProblem[] = [];
  const { enabled, thresholdAmount: threshold, rechargeAmount: recharge, monthlyCap: cap, card, limits } = input;
  const target = input.mode === 'target';
  const checkLimits = (field: 'rechargeAmount' | 'thresholdAmount' | 'targetBalance', amount: number | null): void => {
    if (amount !== null && !isWithinTopUpBounds(amount, limits)) {
      problems.push({ field, code: 'outside_limits', minimum: limits.minimum, maximum: limits.maximum });
    }
  };

  if (card === 'missing') problems.push({ field: 'paymentMethodId', code: 'card_missing' });
  // Even off: a target-mode configuration without its target says nothing about what a recharge would add.
  if (target && (input.targetBalance === null || input.targetBalance === undefined)) {
    problems.push({ field: 'targetBalance', code: 'target_required' });
  }
  if (enabled) {
    // Each mode is held to its own amount only: the other one is kept for switching back.
    if (!target) {
      if (recharge !== null && recharge <= 0) problems.push({ field: 'rechargeAmount', code: 'not_positive' });
      else checkLimits('rechargeAmount', recharge);
    }
    checkLimits('thresholdAmount', threshold);
    if (target && input.targetBalance !== null && input.targetBalance !== undefined) {
      const targetBalance = input.targetBalance;
      if (threshold !== null && targetBalance <= threshold) {
        // A target at or below the threshold could never lift the balance out of the range that triggers a recharge.
        problems.push({ field: 'targetBalance', code: 'target_not_above_threshold', thresholdAmount: threshold });
      } else checkLimits('targetBalance', targetBalance);
    }
    if (card === 'none' || card === 'expired') {
      problems.push({ field: 'paymentMethodId', code: card === 'none' ? 'card_required' : 'card_expired' });
    }
  }
  if (cap !== null) {
    if (!input.monthlyCapSupported) problems.push({ field: 'monthlyCap', code: 'cap_not_supported' });
    // In target mode the cap shortens a recharge instead of skipping it, so any cap is usable.
    else if (!target && recharge !== null && cap < recharge)
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

/** The account's latest automatic recharge attempt, as far as a repeated cap skip needs it. */
export interface LatestRechargeAttempt {
  outcome: 'succeeded' | 'failed' | 'skipped' | 'pending';
  atMs: number;
}

/**
 * Whether a debit that the monthly cap holds back needs no new skipped attempt: the latest attempt is already a skip of
 * this calendar month (UTC), and since it nothing credited the balance and nobody saved the settings. So a skip is
 * recorded, listed in the history and sent to the host (auto_recharge.skipped) once per stretch below the threshold,
 * not once for every call a busy account makes until the month turns.
 */
export function capSkipStands(
  latest: LatestRechargeAttempt | null | undefined,
  since: { nowMs: number; settingsSavedAtMs: number; creditedSinceLatest: boolean },
): boolean {
  if (!latest || latest.outcome !== 'skipped' || since.creditedSinceLatest) return false;
  const now = new Date(since.nowMs);
  const monthStartMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  return latest.atMs >= monthStartMs && latest.atMs >= since.settingsSavedAtMs;
}

/** What a due recharge charges, with the settings, the balance under the account's lock and this month's recharges. */
export interface RechargeChargeInput {
  mode?: AutoRechargeMode | undefined;
  rechargeAmount: number;
  targetBalance?: number | null | undefined;
  /** The balance at the moment of the recharge, read under the account's lock. */
  balance: number;
  limits: TopUpBounds;
  /** null: no cap (or none supported). */
  monthlyCap: number | null;
  /** Automatic recharges already charged (or charging) this calendar month. */
  spentThisMonth: number;
}

export type RechargeCharge =
  /** `limitedBy`: what made a target-mode charge smaller than the gap to the target (null: it reaches the target). */
  | { kind: 'charge'; amount: number; limitedBy: 'monthly_cap' | 'maximum' | null }
  /** The monthly cap leaves too little for a charge; `wanted` is what would have been charged. */
  | { kind: 'skip'; reason: 'monthly_cap'; wanted: number }
  /** Nothing to add: the balance already stands at or above the target. */
  | { kind: 'none' };

/**
 * The amount one due recharge charges. Fixed mode charges the recharge amount, or skips when it would pass the monthly
 * cap. Target mode charges target − balance, raised to the smallest payment the provider takes (the balance then lands
 * a little above the target) and cut to the largest and to what is left of the monthly cap; when the cap leaves less
 * than the smallest payment it skips. Never a charge of zero or less. A target-mode configuration without a target
 * (only a hostile store can hold one) charges as fixed.
 */
export function rechargeCharge(input: RechargeChargeInput): RechargeCharge {
  const { limits, monthlyCap: cap, spentThisMonth: spent } = input;
  const targetBalance = input.targetBalance ?? null;
  if (input.mode !== 'target' || targetBalance === null) {
    if (input.rechargeAmount <= 0) return { kind: 'none' };
    return withinMonthlyCap(spent, input.rechargeAmount, cap)
      ? { kind: 'charge', amount: input.rechargeAmount, limitedBy: null }
      : { kind: 'skip', reason: 'monthly_cap', wanted: input.rechargeAmount };
  }
  const gap = targetBalance - input.balance;
  if (gap <= 0) return { kind: 'none' };
  const smallest = Math.max(1, limits.minimum);
  let amount = Math.max(gap, smallest);
  let limitedBy: 'monthly_cap' | 'maximum' | null = null;
  if (amount > limits.maximum) {
    amount = limits.maximum;
    limitedBy = 'maximum';
  }
  if (amount <= 0) return { kind: 'none' };
  if (cap !== null && spent + amount > cap) {
    const left = cap - spent;
    if (left < smallest) return { kind: 'skip', reason: 'monthly_cap', wanted: amount };
    amount = left;
    limitedBy = 'monthly_cap';
  }
  return { kind: 'charge', amount, limitedBy };
}

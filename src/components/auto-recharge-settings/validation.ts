// Pure rules for the auto-recharge form: the draft a person edits, what is wrong with it, and whether it differs from what is saved.
import type { AutoRechargeMode, AutoRechargeSettings, PaymentMethod, TopUpLimits } from '../../client/schemas.js';
import { currencyDigits, parseMoney, toDecimalString, type Money } from '../../money/money.js';
import { numberFormat } from '../../money/intl-cache.js';
import { isCardExpired } from '../../payments/card-expiry.js';
import {
  checkAutoRecharge,
  rechargeCharge,
  rechargeIsDue,
  type AutoRechargeField,
  type RechargeCharge,
} from '../../rules/auto-recharge-rules.js';

/** What the form holds: the amounts as typed (so "12.345" can be refused, not rounded), the card and the switch. */
export interface AutoRechargeDraft {
  enabled: boolean;
  mode: AutoRechargeMode;
  thresholdText: string;
  rechargeText: string;
  targetText: string;
  paymentMethodId: string | null;
  capEnabled: boolean;
  capText: string;
}

export type { AutoRechargeField };

/** Why a field is refused, with the limit it broke, so the message can name it in any language. */
export type FieldProblem =
  | { kind: 'required' }
  | { kind: 'not_a_number' }
  | { kind: 'negative' }
  | { kind: 'too_many_decimals'; currency: string; digits: number }
  | { kind: 'not_positive' }
  | { kind: 'outside_limits'; minimum: Money; maximum: Money }
  | { kind: 'card_required' }
  | { kind: 'card_missing' }
  | { kind: 'card_expired'; card: PaymentMethod }
  | { kind: 'cap_below_recharge'; rechargeAmount: Money }
  | { kind: 'target_not_above_threshold'; thresholdAmount: Money };

export interface AutoRechargeValues {
  enabled: boolean;
  mode: AutoRechargeMode;
  thresholdAmount: Money;
  /** In target mode, the fixed amount kept for switching back (what was typed if it reads, else what is saved). */
  rechargeAmount: Money;
  /** In fixed mode, the target kept for switching back: what was typed if it reads, else what is saved (null: none). */
  targetBalance: Money | null;
  paymentMethodId: string | null;
  monthlyCap: Money | null;
}

export interface ValidationContext {
  currency: string;
  locale: string;
  limits: TopUpLimits;
  paymentMethods: readonly PaymentMethod[];
  monthlyCapSupported: boolean;
  /** The account balance now, for the "saving will charge now" warning. */
  balance: Money;
  /** What is saved: the amount of the mode not in use is sent back unchanged when its field does not read. */
  saved: Pick<AutoRechargeSettings, 'rechargeAmount' | 'targetBalance'>;
  /**
   * Automatic recharges this calendar month as far as the listed attempts show (a backend lists only the latest), for
   * what the monthly cap leaves of a charge-now; 0 when unknown.
   */
  spentThisMonth?: number;
  now: Date;
}

export interface AutoRechargeValidation {
  problems: Partial<Record<AutoRechargeField, FieldProblem>>;
  /** Set when there is no problem: exactly what Save sends (without expectedVersion). */
  values: AutoRechargeValues | null;
  /** Saving turns recharge on while the balance is already strictly below the threshold: the card is charged now. */
  chargesNow: boolean;
  /** When chargesNow: what that recharge charges (or why it charges nothing), sized as the backend sizes it. */
  chargeNow: RechargeCharge | null;
}

// Re-exported: the settings element reads the expiry rule from here with the rest of its validation.
export { isCardExpired };

/** The amount as a person would type it in this locale, without currency symbol or grouping ("50.00", "50,00", "5000"). */
export function formatMoneyInput(money: Money, locale: string): string {
  const digits = currencyDigits(money.currency);
  return numberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  }).format(toDecimalString(money) as `${number}`);
}

export function draftFrom(settings: AutoRechargeSettings, locale: string): AutoRechargeDraft {
  return {
    enabled: settings.enabled,
    thresholdText: formatMoneyInput(settings.thresholdAmount, locale),
    rechargeText: formatMoneyInput(settings.rechargeAmount, locale),
    mode: settings.mode ?? 'fixed',
    targetText: settings.targetBalance ? formatMoneyInput(settings.targetBalance, locale) : '',
    paymentMethodId: settings.paymentMethodId,
    capEnabled: settings.monthlyCap !== null,
    capText: settings.monthlyCap === null ? '' : formatMoneyInput(settings.monthlyCap, locale),
  };
}

function parseAmount(text: string, currency: string, locale: string): { money: Money } | { problem: FieldProblem } {
  const parsed = parseMoney(text, currency, locale);
  if (parsed.ok) return { money: parsed.money };
  if (parsed.reason === 'too_many_decimals') {
    return { problem: { kind: 'too_many_decimals', currency, digits: currencyDigits(currency) } };
  }
  return { problem: { kind: parsed.reason === 'empty' ? 'required' : parsed.reason === 'negative' ? 'negative' : 'not_a_number' } };
}

/**
 * Checks a draft the way the backend will, so Save is only offered when it would be accepted.
 * A form that is off only keeps its values for later: it is checked for readability alone.
 */
export function validateDraft(draft: AutoRechargeDraft, context: ValidationContext): AutoRechargeValidation {
  const problems: AutoRechargeValidation['problems'] = {};
  const { currency, locale, limits } = context;

  const target = draft.mode === 'target';
  const threshold = parseAmount(draft.thresholdText, currency, locale);
  const recharge = parseAmount(draft.rechargeText, currency, locale);
  const targetBalance = parseAmount(draft.targetText, currency, locale);
  if ('problem' in threshold) problems.thresholdAmount = threshold.problem;
  // Only the mode in use is held to its field; the other is kept for switching back.
  if (!target && 'problem' in recharge) problems.rechargeAmount = recharge.problem;
  if (target && 'problem' in targetBalance) problems.targetBalance = targetBalance.problem;

  const card = context.paymentMethods.find((method) => method.id === draft.paymentMethodId);
  const cap = context.monthlyCapSupported && draft.capEnabled ? parseAmount(draft.capText, currency, locale) : null;
  if (cap && 'problem' in cap) problems.monthlyCap = cap.problem;
  const monthlyCap: Money | null = cap && 'money' in cap ? cap.money : null;

  const problemsOfRules = checkAutoRecharge({
    enabled: draft.enabled,
    thresholdAmount: 'money' in threshold ? threshold.money.amount : null,
    rechargeAmount: 'money' in recharge ? recharge.money.amount : null,
    mode: draft.mode,
    // A target that does not read is already refused above (target_required is for a missing one).
    targetBalance: 'money' in targetBalance ? targetBalance.money.amount : target ? -1 : null,
    monthlyCap: monthlyCap && monthlyCap.amount,
    // As before this module: a form that is off is not held to its card (the backends refuse one that is gone even then).
    card:
      !draft.enabled || draft.paymentMethodId === null
        ? 'none'
        : !card
          ? 'missing'
          : isCardExpired(card, context.now)
            ? 'expired'
            : 'usable',
    limits: { minimum: limits.minimum.amount, maximum: limits.maximum.amount },
    // The cap is only read when supported (above), so cap_not_supported cannot come back.
    monthlyCapSupported: true,
  });
  for (const problem of problemsOfRules) {
    problems[problem.field] ??= fieldProblem(problem, limits, {
      recharge: 'money' in recharge ? recharge.money : null,
      threshold: 'money' in threshold ? threshold.money : null,
      card,
    });
  }

  // The amount of the mode not in use travels back as typed when it reads (and is positive), else as saved.
  const kept = (parsed: { money: Money } | { problem: FieldProblem }, saved: Money | null | undefined): Money | null =>
    'money' in parsed && parsed.money.amount > 0 ? parsed.money : (saved ?? null);
  const rechargeAmount = target ? kept(recharge, context.saved.rechargeAmount) : 'money' in recharge ? recharge.money : null;
  const targetValue = target ? ('money' in targetBalance ? targetBalance.money : null) : kept(targetBalance, context.saved.targetBalance);
  const valid = Object.keys(problems).length === 0 && 'money' in threshold && rechargeAmount !== null && (!target || targetValue !== null);
  const values: AutoRechargeValues | null = valid
    ? {
        enabled: draft.enabled,
        mode: draft.mode,
        thresholdAmount: threshold.money,
        rechargeAmount,
        targetBalance: targetValue,
        paymentMethodId: draft.paymentMethodId,
        monthlyCap,
      }
    : null;
  // Strictly below, as the contract fires: a balance exactly at the threshold is not charged.
  const chargesNow = values !== null && rechargeIsDue(values.enabled, context.balance.amount, values.thresholdAmount.amount);
  return {
    problems,
    values,
    chargesNow,
    chargeNow:
      values && chargesNow
        ? rechargeCharge({
            mode: values.mode,
            rechargeAmount: values.rechargeAmount.amount,
            targetBalance: values.targetBalance?.amount ?? null,
            balance: context.balance.amount,
            limits: { minimum: limits.minimum.amount, maximum: limits.maximum.amount },
            monthlyCap: values.monthlyCap?.amount ?? null,
            spentThisMonth: context.spentThisMonth ?? 0,
          })
        : null,
  };
}

/** True when saving would change something: amounts are compared as money, so "50" equals "50.00"; one that does not read is a change. */
export function isDraftChanged(draft: AutoRechargeDraft, saved: AutoRechargeSettings, context: ValidationContext): boolean {
  const differs = (text: string, money: Money | null): boolean => {
    const parsed = parseMoney(text, context.currency, context.locale);
    return !parsed.ok || parsed.money.amount !== money?.amount || parsed.money.currency !== money.currency;
  };
  return (
    draft.enabled !== saved.enabled ||
    draft.paymentMethodId !== saved.paymentMethodId ||
    differs(draft.thresholdText, saved.thresholdAmount) ||
    draft.mode !== (saved.mode ?? 'fixed') ||
    // Only the amount of the mode in use counts: the other one is kept, not edited.
    (draft.mode === 'target'
      ? differs(draft.targetText, saved.targetBalance ?? null)
      : differs(draft.rechargeText, saved.rechargeAmount)) ||
    (context.monthlyCapSupported &&
      (draft.capEnabled !== (saved.monthlyCap !== null) || (draft.capEnabled && differs(draft.capText, saved.monthlyCap))))
  );
}

/** The values a save request carries for settings as stored (used to turn recharge off without touching the rest). */
export function valuesOf(settings: AutoRechargeSettings): AutoRechargeValues {
  return {
    enabled: settings.enabled,
    thresholdAmount: settings.thresholdAmount,
    rechargeAmount: settings.rechargeAmount,
    mode: settings.mode ?? 'fixed',
    targetBalance: settings.targetBalance ?? null,
    paymentMethodId: settings.paymentMethodId,
    monthlyCap: settings.monthlyCap,
  };
}

/** A rule's problem as the form words it: amounts as money, the card itself. */
function fieldProblem(
  problem: ReturnType<typeof checkAutoRecharge>[number],
  limits: TopUpLimits,
  parsed: { recharge: Money | null; threshold: Money | null; card: PaymentMethod | undefined },
): FieldProblem {
  switch (problem.code) {
    case 'outside_limits':
      return { kind: 'outside_limits', minimum: limits.minimum, maximum: limits.maximum };
    case 'cap_below_recharge':
      return { kind: 'cap_below_recharge', rechargeAmount: parsed.recharge as Money };
    case 'card_expired':
      return { kind: 'card_expired', card: parsed.card as PaymentMethod };
    case 'target_not_above_threshold':
      return { kind: 'target_not_above_threshold', thresholdAmount: parsed.threshold as Money };
    case 'target_required':
      return { kind: 'required' };
    case 'cap_not_supported':
      // Not reachable: the form reads the cap only when supported. Worded as a bad amount rather than thrown.
      return { kind: 'not_a_number' };
    default:
      return { kind: problem.code };
  }
}

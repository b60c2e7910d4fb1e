// Pure rules for the auto-recharge form: the draft a person edits, what is wrong with it, and whether it differs from what is saved.
import type { AutoRechargeSettings, PaymentMethod, TopUpLimits } from '../../client/schemas.js';
import { currencyDigits, parseMoney, toDecimalString, type Money } from '../../money/money.js';
import { isCardExpired } from '../../payments/card-expiry.js';
import { checkAutoRecharge, rechargeIsDue } from '../../rules/auto-recharge-rules.js';

/** What the form holds: the amounts as typed (so "12.345" can be refused, not rounded), the card and the switch. */
export interface AutoRechargeDraft {
  enabled: boolean;
  thresholdText: string;
  rechargeText: string;
  paymentMethodId: string | null;
  capEnabled: boolean;
  capText: string;
}

export type AutoRechargeField = 'thresholdAmount' | 'rechargeAmount' | 'paymentMethodId' | 'monthlyCap';

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
  | { kind: 'cap_below_recharge'; rechargeAmount: Money };

export interface AutoRechargeValues {
  enabled: boolean;
  thresholdAmount: Money;
  rechargeAmount: Money;
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
  now: Date;
}

export interface AutoRechargeValidation {
  problems: Partial<Record<AutoRechargeField, FieldProblem>>;
  /** Set when there is no problem: exactly what Save sends (without expectedVersion). */
  values: AutoRechargeValues | null;
  /** Saving turns recharge on while the balance is already strictly below the threshold: the card is charged now. */
  chargesNow: boolean;
}

// Re-exported: the settings element reads the expiry rule from here with the rest of its validation.
export { isCardExpired };

/** The amount as a person would type it in this locale, without currency symbol or grouping ("50.00", "50,00", "5000"). */
export function formatMoneyInput(money: Money, locale: string): string {
  const digits = currencyDigits(money.currency);
  return new Intl.NumberFormat(locale, {
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
    paymentMethodId: settings.paymentMethodId,
    capEnabled: settings.monthlyCap !== null,
    capText: settings.monthlyCap === null ? '' : formatMoneyInput(settings.monthlyCap, locale),
  };
}

function parseAmount(text: string, currency: string, locale: string): { money: Money } | { problem: FieldProblem } {
  const parsed = parseMoney(text, currency, locale);
  if (parsed.ok) return { money: parsed.money };
  switch (parsed.reason) {
    case 'empty':
      return { problem: { kind: 'required' } };
    case 'negative':
      return { problem: { kind: 'negative' } };
    case 'too_many_decimals':
      return { problem: { kind: 'too_many_decimals', currency, digits: currencyDigits(currency) } };
    default:
      return { problem: { kind: 'not_a_number' } };
  }
}

/**
 * Checks a draft the way the backend will, so Save is only offered when it would be accepted.
 * A form that is off only keeps its values for later: it is checked for readability alone.
 */
export function validateDraft(draft: AutoRechargeDraft, context: ValidationContext): AutoRechargeValidation {
  const problems: AutoRechargeValidation['problems'] = {};
  const { currency, locale, limits } = context;

  const threshold = parseAmount(draft.thresholdText, currency, locale);
  const recharge = parseAmount(draft.rechargeText, currency, locale);
  if ('problem' in threshold) problems.thresholdAmount = threshold.problem;
  if ('problem' in recharge) problems.rechargeAmount = recharge.problem;

  const card = context.paymentMethods.find((method) => method.id === draft.paymentMethodId);
  const cap = context.monthlyCapSupported && draft.capEnabled ? parseAmount(draft.capText, currency, locale) : null;
  if (cap && 'problem' in cap) problems.monthlyCap = cap.problem;
  const monthlyCap: Money | null = cap && 'money' in cap ? cap.money : null;

  const ruleProblems = checkAutoRecharge({
    enabled: draft.enabled,
    thresholdAmount: 'money' in threshold ? threshold.money.amount : null,
    rechargeAmount: 'money' in recharge ? recharge.money.amount : null,
    monthlyCap: monthlyCap?.amount ?? null,
    // As before this module: a form that is off is not held to its card (the backends refuse one that is gone even then).
    card: !draft.enabled || draft.paymentMethodId === null ? 'none' : !card ? 'missing' : isCardExpired(card, context.now) ? 'expired' : 'usable',
    limits: { minimum: limits.minimum.amount, maximum: limits.maximum.amount },
    monthlyCapSupported: context.monthlyCapSupported,
  });
  const money = (amount: number): Money => ({ amount, currency });
  for (const problem of ruleProblems) {
    if (problems[problem.field]) continue;
    switch (problem.code) {
      case 'outside_limits':
        problems[problem.field] = { kind: 'outside_limits', minimum: limits.minimum, maximum: limits.maximum };
        break;
      case 'cap_below_recharge':
        problems[problem.field] = { kind: 'cap_below_recharge', rechargeAmount: money(problem.rechargeAmount) };
        break;
      case 'card_expired':
        if (card) problems[problem.field] = { kind: 'card_expired', card };
        break;
      case 'cap_not_supported':
        break; // the cap is not read at all when unsupported
      default:
        problems[problem.field] = { kind: problem.code };
    }
  }

  const valid = Object.keys(problems).length === 0 && 'money' in threshold && 'money' in recharge;
  const values: AutoRechargeValues | null = valid
    ? {
        enabled: draft.enabled,
        thresholdAmount: threshold.money,
        rechargeAmount: recharge.money,
        paymentMethodId: draft.paymentMethodId,
        monthlyCap,
      }
    : null;
  return {
    problems,
    values,
    // Strictly below, as the contract fires: a balance exactly at the threshold is not charged.
    chargesNow: values !== null && rechargeIsDue(values.enabled, context.balance.amount, values.thresholdAmount.amount),
  };
}

function sameMoney(a: Money | null, b: Money | null): boolean {
  if (a === null || b === null) return a === b;
  return a.currency === b.currency && a.amount === b.amount;
}

/** True when saving would change something: amounts are compared as money, so "50" equals "50.00". */
export function isDraftChanged(draft: AutoRechargeDraft, saved: AutoRechargeSettings, context: ValidationContext): boolean {
  if (draft.enabled !== saved.enabled || draft.paymentMethodId !== saved.paymentMethodId) return true;
  const amountOf = (text: string): Money | undefined => {
    const parsed = parseMoney(text, context.currency, context.locale);
    return parsed.ok ? parsed.money : undefined;
  };
  const threshold = amountOf(draft.thresholdText);
  const recharge = amountOf(draft.rechargeText);
  if (!threshold || !sameMoney(threshold, saved.thresholdAmount)) return true;
  if (!recharge || !sameMoney(recharge, saved.rechargeAmount)) return true;
  if (context.monthlyCapSupported) {
    if (draft.capEnabled !== (saved.monthlyCap !== null)) return true;
    if (draft.capEnabled) {
      const cap = amountOf(draft.capText);
      if (!cap || !sameMoney(cap, saved.monthlyCap)) return true;
    }
  }
  return false;
}

/** The values a save request carries for settings as stored (used to turn recharge off without touching the rest). */
export function valuesOf(settings: AutoRechargeSettings): AutoRechargeValues {
  return {
    enabled: settings.enabled,
    thresholdAmount: settings.thresholdAmount,
    rechargeAmount: settings.rechargeAmount,
    paymentMethodId: settings.paymentMethodId,
    monthlyCap: settings.monthlyCap,
  };
}

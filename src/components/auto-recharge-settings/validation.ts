// Pure rules for the auto-recharge form: the draft a person edits, what is wrong with it, and whether it differs from what is saved.
import type { AutoRechargeSettings, PaymentMethod, TopUpLimits } from '../../client/schemas.js';
import { compareMoney, currencyDigits, parseMoney, toDecimalString, type Money } from '../../money/money.js';
import { isCardExpired } from '../../payments/card-expiry.js';

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
  const inLimits = (money: Money): boolean =>
    compareMoney(money, limits.minimum) >= 0 && compareMoney(money, limits.maximum) <= 0;

  const threshold = parseAmount(draft.thresholdText, currency, locale);
  const recharge = parseAmount(draft.rechargeText, currency, locale);
  if ('problem' in threshold) problems.thresholdAmount = threshold.problem;
  if ('problem' in recharge) problems.rechargeAmount = recharge.problem;

  const card = context.paymentMethods.find((method) => method.id === draft.paymentMethodId);
  if (draft.enabled) {
    if ('money' in recharge) {
      if (recharge.money.amount <= 0) problems.rechargeAmount = { kind: 'not_positive' };
      else if (!inLimits(recharge.money)) {
        problems.rechargeAmount = { kind: 'outside_limits', minimum: limits.minimum, maximum: limits.maximum };
      }
    }
    if ('money' in threshold && !inLimits(threshold.money)) {
      problems.thresholdAmount = { kind: 'outside_limits', minimum: limits.minimum, maximum: limits.maximum };
    }
    if (draft.paymentMethodId === null) problems.paymentMethodId = { kind: 'card_required' };
    else if (!card) problems.paymentMethodId = { kind: 'card_missing' };
    else if (isCardExpired(card, context.now)) problems.paymentMethodId = { kind: 'card_expired', card };
  }

  let monthlyCap: Money | null = null;
  if (context.monthlyCapSupported && draft.capEnabled) {
    const cap = parseAmount(draft.capText, currency, locale);
    if ('problem' in cap) problems.monthlyCap = cap.problem;
    else {
      monthlyCap = cap.money;
      if ('money' in recharge && compareMoney(cap.money, recharge.money) < 0) {
        problems.monthlyCap = { kind: 'cap_below_recharge', rechargeAmount: recharge.money };
      }
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
    chargesNow: values !== null && values.enabled && compareMoney(context.balance, values.thresholdAmount) < 0,
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

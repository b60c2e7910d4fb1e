// Pure rules for the auto-recharge form: the draft a person edits, what is wrong with it, and whether it differs from what is saved.
import type { AutoRechargeSettings, PaymentMethod, TopUpLimits } from '../../client/schemas.js';
import { currencyDigits, parseMoney, toDecimalString, type Money } from '../../money/money.js';
import { numberFormat } from '../../money/intl-cache.js';
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

  const threshold = parseAmount(draft.thresholdText, currency, locale);
  const recharge = parseAmount(draft.rechargeText, currency, locale);
  if ('problem' in threshold) problems.thresholdAmount = threshold.problem;
  if ('problem' in recharge) problems.rechargeAmount = recharge.problem;

  const card = context.paymentMethods.find((method) => method.id === draft.paymentMethodId);
  const cap = context.monthlyCapSupported && draft.capEnabled ? parseAmount(draft.capText, currency, locale) : null;
  if (cap && 'problem' in cap) problems.monthlyCap = cap.problem;
  const monthlyCap: Money | null = cap && 'money' in cap ? cap.money : null;

  const problemsOfRules = checkAutoRecharge({
    enabled: draft.enabled,
    thresholdAmount: 'money' in threshold ? threshold.money.amount : null,
    rechargeAmount: 'money' in recharge ? recharge.money.amount : null,
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
  for (const { field, code } of problemsOfRules) {
    problems[field] ??=
      code === 'outside_limits'
        ? { kind: code, minimum: limits.minimum, maximum: limits.maximum }
        : code === 'cap_below_recharge'
          ? { kind: code, rechargeAmount: (recharge as { money: Money }).money }
          : code === 'card_expired'
            ? { kind: code, card: card as PaymentMethod }
            : { kind: code as 'not_positive' | 'card_required' | 'card_missing' };
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
    differs(draft.rechargeText, saved.rechargeAmount) ||
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
    paymentMethodId: settings.paymentMethodId,
    monthlyCap: settings.monthlyCap,
  };
}

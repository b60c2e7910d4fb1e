// <auto-recharge-settings>'s sentences built from values: amounts, card names, field problems and the summary.
import type { PaymentMethod } from '../../client/schemas.js';
import type { AutoRechargeSettingsMessages } from '../../i18n/messages/auto-recharge-settings.js';
import { formatMoney, type Money } from '../../money/money.js';
import { describeCard } from '../../payments/card-brand.js';
import { formatCardExpiry } from '../../payments/card-expiry.js';
import type { AutoRechargeDraft, AutoRechargeField, AutoRechargeValidation, AutoRechargeValues, FieldProblem } from './validation.js';
import type { RechargeCharge } from '../../rules/auto-recharge-rules.js';

/** The element's words and the locale its numbers and dates are written in. */
export interface Wording {
  readonly text: AutoRechargeSettingsMessages;
  readonly locale: string;
}

/** Keeps an amount or card name in its own direction inside a sentence (FSI … PDI). */
export function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

export function moneyText(wording: Wording, value: Money): string {
  return isolate(formatMoney(value, wording.locale));
}

export function cardName(wording: Wording, paymentMethodId: string | null, paymentMethods: readonly PaymentMethod[]): string {
  if (paymentMethodId === null) return wording.text.noCard;
  const card = paymentMethods.find((method) => method.id === paymentMethodId);
  return isolate(card ? describeCard(card) : wording.text.removedCard);
}

export function problemText(wording: Wording, field: AutoRechargeField, problem: FieldProblem): string {
  const text = wording.text;
  switch (problem.kind) {
    case 'required':
      return field === 'paymentMethodId' ? text.problemCardRequired : text.problemRequired;
    case 'not_a_number':
      return text.problemNotANumber;
    case 'negative':
      return text.problemNegative;
    case 'too_many_decimals':
      return text.problemTooManyDecimals(problem.currency, problem.digits);
    case 'not_positive':
      return text.problemNotPositive;
    case 'outside_limits':
      return text.problemOutsideLimits(
        (field === 'thresholdAmount' ? text.thresholdLabel : field === 'targetBalance' ? text.targetLabel : text.rechargeLabel).replace(
          /^./,
          (c) => c.toUpperCase(),
        ),
        moneyText(wording, problem.minimum),
        moneyText(wording, problem.maximum),
      );
    case 'card_required':
      return text.problemCardRequired;
    case 'card_missing':
      return text.problemCardMissing;
    case 'card_expired':
      return text.problemCardExpired(isolate(describeCard(problem.card)), formatCardExpiry(problem.card, wording.locale));
    case 'cap_below_recharge':
      return text.problemCapBelowRecharge(moneyText(wording, problem.rechargeAmount));
    case 'target_not_above_threshold':
      return text.problemTargetNotAboveThreshold(moneyText(wording, problem.thresholdAmount));
  }
}

/** What saving the draft would do, in one or two sentences. */
export function summaryText(
  wording: Wording,
  draft: AutoRechargeDraft,
  validation: AutoRechargeValidation,
  paymentMethods: readonly PaymentMethod[],
): string {
  const text = wording.text;
  if (!draft.enabled) return text.summaryOff;
  const values = validation.values;
  if (!values) {
    // The amounts and the card may all be fine with only the ticked cap left to fill: point at what is missing.
    const fields = Object.keys(validation.problems);
    return fields.length === 1 && fields[0] === 'monthlyCap' ? text.summaryCapIncomplete : text.summaryIncomplete;
  }
  const card = cardName(wording, values.paymentMethodId, paymentMethods);
  const sentence =
    values.mode === 'target' && values.targetBalance
      ? text.summaryTarget(moneyText(wording, values.thresholdAmount), moneyText(wording, values.targetBalance), card)
      : text.summaryOn(moneyText(wording, values.thresholdAmount), moneyText(wording, values.rechargeAmount), card);
  return values.monthlyCap ? `${sentence} ${text.summaryCap(moneyText(wording, values.monthlyCap))}` : sentence;
}

/**
 * The "saving will charge your card now" warning for a recharge that is due on saving, in both modes: what is charged
 * and the balance it leaves; what limited it (the monthly cap, the largest payment); and, when the balance would still
 * be below the threshold afterwards, that too. Empty when nothing would be charged for another reason.
 */
export function chargeNowText(
  wording: Wording,
  charge: RechargeCharge,
  values: AutoRechargeValues,
  context: { balance: Money; maximum: Money; paymentMethods: readonly PaymentMethod[] },
): string {
  const text = wording.text;
  const money = (amount: number) => moneyText(wording, { amount, currency: context.balance.currency });
  const balance = moneyText(wording, context.balance);
  const threshold = moneyText(wording, values.thresholdAmount);
  if (charge.kind === 'none') return '';
  if (charge.kind === 'skip') return text.chargeNowCapReached(balance, threshold, money(values.monthlyCap?.amount ?? 0));
  const card = cardName(wording, values.paymentMethodId, context.paymentMethods);
  const after = context.balance.amount + charge.amount;
  const sentences = [
    values.mode === 'target' && values.targetBalance
      ? text.chargeNowTarget(balance, threshold, money(charge.amount), money(after), card)
      : text.chargeNowWarning(balance, threshold, money(charge.amount), card),
  ];
  if (charge.limitedBy === 'monthly_cap') sentences.push(text.chargeNowCapLimited(money(values.monthlyCap?.amount ?? 0)));
  if (charge.limitedBy === 'maximum') sentences.push(text.chargeNowMaximumLimited(moneyText(wording, context.maximum)));
  if (after < values.thresholdAmount.amount) sentences.push(text.chargeNowStillBelow(money(after), threshold));
  return sentences.join(' ');
}

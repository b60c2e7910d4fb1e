// Why an automatic recharge was skipped or failed, and why the backend turned auto-recharge off: the codes the
// backends send beside their English text (AutoRechargeAttempt.failureReason, AutoRechargeSettings.disabledCause),
// with that English. A decline's code (insufficient_funds …) is worded by the `declines` section instead.
import type { FormattedParams, MessageParams } from './errors.js';

/** A code and the values its sentence is built from, as a backend sends them. */
export interface ReasonCode {
  readonly code: string;
  readonly params?: MessageParams | undefined;
}

/** Each reason by code; sentences with values are functions of the values written for the reader (`card`, amounts). */
export interface RechargeReasonMessages {
  /** The attempt's card is no longer saved on the account. */
  card_missing: string;
  /** `card` ("Visa ••4242") has expired. */
  card_expired: (params: FormattedParams) => string;
  /** Skipped on resuming an interrupted recharge: auto-recharge had been turned off meanwhile. */
  recharge_off: string;
  /** Skipped on resuming an interrupted recharge: the balance was back above the threshold. */
  balance_recovered: string;
  /** Skipped: another `rechargeAmount` would pass the `monthlyCap`. */
  monthly_cap: (params: FormattedParams) => string;
  /** Turned off after `count` failed payments in a row with `card`. */
  repeated_failures: (params: FormattedParams) => string;
  /** Turned off because `card`, the card it charged, was removed from the account. */
  payment_method_removed: (params: FormattedParams) => string;
}

export type RechargeReasonCode = keyof RechargeReasonMessages;

export const defaultRechargeReasonMessages: RechargeReasonMessages = {
  card_missing: 'The card for automatic recharge is no longer saved on this account.',
  card_expired: (p) => `${p['card']} has expired.`,
  recharge_off: 'Automatic recharge was turned off before this interrupted recharge could be charged.',
  balance_recovered: 'The balance was back above the threshold when this interrupted recharge was resumed.',
  monthly_cap: (p) => `Another ${p['rechargeAmount']} would take this month's automatic recharges past the ${p['monthlyCap']} monthly cap.`,
  repeated_failures: (p) =>
    `Automatic recharge was turned off after ${p['count']} failed payments with ${p['card']}. Update the card and turn it back on.`,
  payment_method_removed: (p) =>
    `Automatic recharge was turned off because ${p['card']}, the card it charged, was removed. Choose another card and turn it back on.`,
};

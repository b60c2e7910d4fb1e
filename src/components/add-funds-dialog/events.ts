// Events fired by <add-funds-dialog>: one class per event, typed, bubbling out of shadow roots.
import type { TopUp } from '../../client/schemas.js';
import type { Money } from '../../money/money.js';

/** Where the money would come from, as the host may want to show it in a confirmation. */
export type PaymentSourceSummary =
  | { readonly type: 'saved_card'; readonly paymentMethodId: string; readonly label: string }
  | { readonly type: 'new_card'; readonly saveCard: boolean; readonly label: string };

/**
 * Pay was pressed and the amount is valid; nothing has been charged yet. Cancelable: call
 * preventDefault() to veto the payment (e.g. the host wants its own confirmation first).
 */
export class BeforePayEvent extends Event {
  static readonly eventName = 'billing-before-pay' as const;
  readonly amount: Money;
  readonly source: PaymentSourceSummary;

  constructor(amount: Money, source: PaymentSourceSummary) {
    super(BeforePayEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.amount = amount;
    this.source = source;
  }
}

/** The backend said the top-up succeeded: the balance is credited. */
export class FundsAddedEvent extends Event {
  static readonly eventName = 'billing-funds-added' as const;
  readonly topUp: TopUp;
  readonly amount: Money;
  readonly balanceAfter: Money;

  constructor(topUp: TopUp & { status: 'succeeded' }) {
    super(FundsAddedEvent.eventName, { bubbles: true, composed: true });
    this.topUp = topUp;
    this.amount = topUp.amount;
    this.balanceAfter = topUp.balanceAfter;
  }
}

/** The payment did not go through: declined by the bank, failed 3-D Secure, or refused card details. */
export class PaymentFailedEvent extends Event {
  static readonly eventName = 'billing-payment-failed' as const;
  readonly amount: Money;
  /** A decline code such as `insufficient_funds`, `authentication_failed` or `invalid_card_details`. */
  readonly code: string;
  /** The reason in plain words, as shown. */
  readonly message: string;
  /** The backend's top-up, when the backend was reached. */
  readonly topUp: TopUp | undefined;

  constructor(init: { amount: Money; code: string; message: string; topUp?: TopUp }) {
    super(PaymentFailedEvent.eventName, { bubbles: true, composed: true });
    this.amount = init.amount;
    this.code = init.code;
    this.message = init.message;
    this.topUp = init.topUp;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'billing-before-pay': BeforePayEvent;
    'billing-funds-added': FundsAddedEvent;
    'billing-payment-failed': PaymentFailedEvent;
  }
}

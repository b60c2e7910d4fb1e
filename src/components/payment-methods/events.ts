// Events fired by <payment-methods>: one class per event, typed, bubbling out of shadow roots.
import type { PaymentMethod } from '../../client/schemas.js';

/** A card was saved (without a charge). */
export class PaymentMethodAddedEvent extends Event {
  static readonly eventName = 'billing-payment-method-added' as const;

  /** The card as the backend saved it. */
  readonly paymentMethod: PaymentMethod;

  constructor(paymentMethod: PaymentMethod) {
    super(PaymentMethodAddedEvent.eventName, { bubbles: true, composed: true });
    this.paymentMethod = paymentMethod;
  }
}

/** A card was removed. */
export class PaymentMethodRemovedEvent extends Event {
  static readonly eventName = 'billing-payment-method-removed' as const;

  /** The card that was removed, as it was listed. */
  readonly paymentMethod: PaymentMethod;
  /** The cards left, as the backend returned them (a new default among them when the default went). */
  readonly paymentMethods: readonly PaymentMethod[];
  /** Automatic recharge charged this card and was on: the backend turned it off. */
  readonly autoRechargeTurnedOff: boolean;

  constructor(paymentMethod: PaymentMethod, paymentMethods: readonly PaymentMethod[], autoRechargeTurnedOff: boolean) {
    super(PaymentMethodRemovedEvent.eventName, { bubbles: true, composed: true });
    this.paymentMethod = paymentMethod;
    this.paymentMethods = paymentMethods;
    this.autoRechargeTurnedOff = autoRechargeTurnedOff;
  }
}

/** Another card became the default. */
export class DefaultPaymentMethodChangedEvent extends Event {
  static readonly eventName = 'billing-default-payment-method-changed' as const;

  /** The new default card. */
  readonly paymentMethod: PaymentMethod;
  /** Every saved card, as the backend returned them. */
  readonly paymentMethods: readonly PaymentMethod[];

  constructor(paymentMethod: PaymentMethod, paymentMethods: readonly PaymentMethod[]) {
    super(DefaultPaymentMethodChangedEvent.eventName, { bubbles: true, composed: true });
    this.paymentMethod = paymentMethod;
    this.paymentMethods = paymentMethods;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'billing-payment-method-added': PaymentMethodAddedEvent;
    'billing-payment-method-removed': PaymentMethodRemovedEvent;
    'billing-default-payment-method-changed': DefaultPaymentMethodChangedEvent;
  }
}

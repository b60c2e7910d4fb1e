// Events fired by <credit-balance>: one class per event, typed, bubbling out of shadow roots.
import type { Account } from '../../client/schemas.js';

/**
 * The person pressed "Add funds". Cancelable: a host that opens its own flow calls
 * preventDefault() so page-level listeners (such as an add-funds dialog) know it was handled.
 */
export class AddFundsRequestedEvent extends Event {
  static readonly eventName = 'billing-add-funds-requested' as const;

  /** The account as shown when the button was pressed (balance, currency, top-up limits). */
  readonly account: Account;

  constructor(account: Account) {
    super(AddFundsRequestedEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.account = account;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'billing-add-funds-requested': AddFundsRequestedEvent;
  }
}

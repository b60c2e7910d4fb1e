// Events fired by <billing-history>: one class per event, typed, bubbling out of shadow roots.
import type { TopUpHistoryEntry } from '../../client/schemas.js';

/** A succeeded top-up's receipt opened (a host may log it, or show its own receipt instead by listening and closing it). */
export class ReceiptOpenedEvent extends Event {
  static readonly eventName = 'billing-receipt-opened' as const;

  /** The top-up the receipt is for, as the backend listed it. */
  readonly topUp: TopUpHistoryEntry;

  constructor(topUp: TopUpHistoryEntry) {
    super(ReceiptOpenedEvent.eventName, { bubbles: true, composed: true });
    this.topUp = topUp;
  }
}

/**
 * "Print receipt" was pressed; the browser's print dialog opens next unless a listener calls `preventDefault()`, e.g. a
 * host that makes its own PDF receipts and sends the person there.
 */
export class BeforeReceiptPrintEvent extends Event {
  static readonly eventName = 'billing-before-receipt-print' as const;

  readonly topUp: TopUpHistoryEntry;

  constructor(topUp: TopUpHistoryEntry) {
    super(BeforeReceiptPrintEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.topUp = topUp;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'billing-receipt-opened': ReceiptOpenedEvent;
    'billing-before-receipt-print': BeforeReceiptPrintEvent;
  }
}

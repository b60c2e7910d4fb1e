// The shapes BillingStore publishes: resource snapshots, update kinds, and the manual top-up slot widgets share.
import type { BillingError } from '../client/errors.js';
import type { BillingChange } from '../client/schemas.js';
import type { Money } from '../money/money.js';

export type ResourceStatus = 'idle' | 'loading' | 'ready' | 'error';

/** A snapshot of one piece of remote state. Replaced (never mutated) on every change. */
export interface ResourceState<T> {
  readonly status: ResourceStatus;
  /** The last good value; kept while a refresh runs or after a refresh failed. */
  readonly value?: T;
  /** Why the first load failed (status "error"). */
  readonly error?: BillingError;
  /** Why the latest refresh failed while an older value is still shown (status stays "ready"). */
  readonly refreshError?: BillingError;
  /** True while a request runs for a resource that already has a value. */
  readonly refreshing?: boolean;
  /** When the value was last received (ms since epoch, the browser's clock). */
  readonly updatedAt?: number;
}

/** Why listeners were called, so a widget can react to just what it shows (e.g. a usage table to "usage" pushes). */
export type StoreUpdate =
  | { readonly kind: 'account' }
  | { readonly kind: 'payment-methods' }
  | { readonly kind: 'auto-recharge' }
  | { readonly kind: 'change-feed'; readonly change: BillingChange }
  /** The manual top-up in progress (or just finished) changed: see {@link BillingStore.activeTopUp}. */
  | { readonly kind: 'active-top-up' }
  /** A widget asked for the add-funds flow (e.g. "Add funds" on <credit-balance>); an add-funds dialog opens. */
  | { readonly kind: 'add-funds-requested' };

/** How a settled top-up ended: the money was added, or nothing was charged (declined, or stopped before charging). */
export type TopUpOutcome = 'succeeded' | 'failed';

/**
 * A manual top-up a widget started through this store. Kept here, not in the widget, so a second
 * dialog on the page (or the same dialog reopened) shows it instead of charging again, and so any
 * widget on the store (a <credit-balance>) can show it after the dialog that started it closed.
 */
export interface ActiveTopUp {
  /** True once the payment reached an outcome; until then no other top-up may start. */
  readonly settled: boolean;
  /**
   * True while it may have charged but nobody knows (a lost response). Such a top-up blocks a new
   * one like an unsettled one does, until it is checked or the person knowingly pays another way.
   */
  readonly outcomeUnknown?: boolean;
  /** What it charges, for widgets that say "Payment of $50.00 in progress…". */
  readonly amount?: Money;
  /** Once settled with a known outcome; undefined while in flight or while {@link ActiveTopUp.outcomeUnknown}. */
  readonly outcome?: TopUpOutcome;
  /** The balance right after a successful top-up, as the backend reported it. */
  readonly balanceAfter?: Money;
  /** Why it was declined (the bank's, 3-D Secure's or the card form's reason), when it was. */
  readonly failure?: { readonly code: string; readonly message: string };
  /** Why it stopped without charging (the backend refused or could not be reached), when it did. */
  readonly error?: BillingError;
}

export interface BeginTopUpOptions {
  /**
   * The person saw that this top-up's outcome is unknown and chose to pay anyway: the new one may
   * start, and this one is kept in {@link BillingStore.unconfirmedTopUps} until its outcome is known.
   */
  replacingUnknown?: ActiveTopUp;
}

export type StoreListener = (update: StoreUpdate) => void;

export interface LoadOptions {
  /** Stop waiting: the returned promise resolves with the state at that moment. The shared request keeps going for others. */
  signal?: AbortSignal;
}

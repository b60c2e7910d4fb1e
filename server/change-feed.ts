// The change feed: domain modules publish BillingChanges per account after commit; GET /v1/events relays them to the
// subscribers of this process, and a relay (server/change-feed-postgres.ts) carries them to every other process on the database.
import type { BillingChange } from '../src/client/schemas.js';
import type { Database } from './db/database.js';

export type ChangeListener = (change: BillingChange) => void;

/** Sends a change this process published to the other processes (never back to this one). */
export type ChangeRelay = (accountId: string, change: BillingChange) => void;

/**
 * What a subscriber is told when changes from other processes may have been missed (the relay's
 * connection dropped and came back): every resource to read again. The widgets refetch on each,
 * so an open page catches up without reconnecting.
 */
export const READ_EVERYTHING_AGAIN: readonly BillingChange[] = Object.freeze([
  { type: 'account' },
  { type: 'auto_recharge' },
  { type: 'payment_methods' },
  { type: 'usage' },
  { type: 'top_ups' },
]);

export class ChangeFeed {
  readonly #listeners = new Map<string, Set<ChangeListener>>();
  #relay: ChangeRelay | null = null;

  /** Delivers to this process's subscribers at once, and hands the change to the relay for the others. */
  publish(accountId: string, change: BillingChange): void {
    this.deliver(accountId, change);
    try {
      this.#relay?.(accountId, change);
    } catch (error) {
      console.error('billing server: change relay failed', error);
    }
  }

  /** Delivers to this process's subscribers only: a change published here, or one the relay brought from another process. */
  deliver(accountId: string, change: BillingChange): void {
    for (const listener of [...(this.#listeners.get(accountId) ?? [])]) {
      try {
        listener(change);
      } catch (error) {
        // A broken subscriber must not undo or hide a payment that already committed.
        console.error('billing server: change listener failed', error);
      }
    }
  }

  /** Tells every subscriber to read everything again (see READ_EVERYTHING_AGAIN). */
  deliverGap(): void {
    for (const accountId of [...this.#listeners.keys()]) for (const change of READ_EVERYTHING_AGAIN) this.deliver(accountId, change);
  }

  subscribe(accountId: string, listener: ChangeListener): () => void {
    const set = this.#listeners.get(accountId) ?? new Set<ChangeListener>();
    set.add(listener);
    this.#listeners.set(accountId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(accountId);
    };
  }

  listenerCount(accountId: string): number {
    return this.#listeners.get(accountId)?.size ?? 0;
  }

  /** Sets the relay to other processes; returns what removes it. */
  attachRelay(relay: ChangeRelay): () => void {
    this.#relay = relay;
    return () => {
      if (this.#relay === relay) this.#relay = null;
    };
  }
}

const feeds = new WeakMap<Database, ChangeFeed>();

/**
 * One feed per database, so code that only has the database (the Stripe webhook calling
 * settleTopUp) reaches the same subscribers as the routes.
 */
export function changeFeedFor(db: Database): ChangeFeed {
  let feed = feeds.get(db);
  if (!feed) {
    feed = new ChangeFeed();
    feeds.set(db, feed);
  }
  return feed;
}

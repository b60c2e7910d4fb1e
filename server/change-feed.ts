// In-process change feed: domain modules publish BillingChanges per account after commit; GET /v1/events relays them.
import type { BillingChange } from '../src/client/schemas.js';
import type { Database } from './db/database.js';

export type ChangeListener = (change: BillingChange) => void;

export class ChangeFeed {
  readonly #listeners = new Map<string, Set<ChangeListener>>();

  publish(accountId: string, change: BillingChange): void {
    for (const listener of [...(this.#listeners.get(accountId) ?? [])]) {
      try {
        listener(change);
      } catch (error) {
        // A broken subscriber must not undo or hide a payment that already committed.
        console.error('billing server: change listener failed', error);
      }
    }
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

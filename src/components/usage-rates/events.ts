// Events fired by <usage-rates>: one class per event, typed, bubbling out of shadow roots.
import type { RateSort } from './rate-rows.js';

/** The person changed the search or the sort: a host may keep them in its URL and set them back as `search` and `sort`. */
export class RatesQueryChangeEvent extends Event {
  static readonly eventName = 'billing-rates-query-change' as const;

  /** The search as typed. */
  readonly search: string;
  readonly sort: RateSort;

  constructor(search: string, sort: RateSort) {
    super(RatesQueryChangeEvent.eventName, { bubbles: true, composed: true });
    this.search = search;
    this.sort = sort;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'billing-rates-query-change': RatesQueryChangeEvent;
  }
}

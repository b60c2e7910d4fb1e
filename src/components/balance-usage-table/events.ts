// Events fired by <balance-usage-table>: one class per event, typed, bubbling out of shadow roots.
import type { UsageTableQuery } from './usage-query.js';

/** The person changed a filter, the sort or the level (summary / details). A host may mirror `query` in its URL. */
export class UsageQueryChangeEvent extends Event {
  static readonly eventName = 'billing-usage-query-change' as const;

  readonly query: UsageTableQuery;

  constructor(query: UsageTableQuery) {
    super(UsageQueryChangeEvent.eventName, { bubbles: true, composed: true });
    this.query = query;
  }
}

/**
 * A CSV export finished. Cancelable: a host that stores or sends the file itself calls
 * preventDefault(), and the table does not start a download.
 */
export class UsageExportEvent extends Event {
  static readonly eventName = 'billing-usage-export' as const;

  readonly file: Blob;
  readonly fileName: string;
  /** Entries written. */
  readonly entryCount: number;

  constructor(file: Blob, fileName: string, entryCount: number) {
    super(UsageExportEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.file = file;
    this.fileName = fileName;
    this.entryCount = entryCount;
  }
}

/**
 * The person followed "Rate for Nigeria" in a call's details. Cancelable: a host that shows the rates in the page (a
 * `<usage-rates>` given `country`) calls preventDefault(), and the link's `rates-href` is not followed.
 */
export class ShowRatesEvent extends Event {
  static readonly eventName = 'billing-show-rates' as const;

  /** ISO 3166-1 alpha-2 code of the call's destination. */
  readonly country: string;

  constructor(country: string) {
    super(ShowRatesEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.country = country;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'billing-show-rates': ShowRatesEvent;
    'billing-usage-query-change': UsageQueryChangeEvent;
    'billing-usage-export': UsageExportEvent;
  }
}

// The message interface of <usage-rates>: in i18n/, the bottom layer, so the catalog never imports a widget.
// The English defaults stay with the element (src/components/usage-rates/messages.ts).

/** Every string <usage-rates> shows or speaks; set `messages` to replace any of them. */
export interface UsageRatesMessages {
  title: string;
  description: string;
  searchLabel: string;
  searchHint: string;
  sortLabel: string;
  sortByName: string;
  sortByPrice: string;
  countryColumn: string;
  rateColumn: string;
  effectiveColumn: string;
  /** "$0.24 per minute"; `rate` is the formatted amount. */
  ratePerMinute: (rate: string) => string;
  /** The date a rate applies from, as a table cell: "Since 1 Jan 2025". */
  since: (date: string) => string;
  /** Shown where the backend did not say since when a rate applies. */
  sinceUnknown: string;
  /** The mark on a row with a scheduled change. */
  changeBadge: string;
  /** "Changes to $0.21 on 1 Jan 2027". */
  changesOn: (rate: string, date: string) => string;
  /** A rate the widget cannot show (an amount or currency it cannot format). */
  rateUnavailable: string;
  loading: string;
  empty: string;
  /** No country matches the search; `search` is what was typed. */
  noMatches: (search: string) => string;
  clearSearch: string;
  /** How many countries are listed: `formatted` is `count` in the locale's digits. */
  countries: (formatted: string, count: number) => string;
  retry: string;
}

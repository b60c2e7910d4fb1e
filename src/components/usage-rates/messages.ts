// <usage-rates>'s English words: the defaults every other language and `messages` override.
import type { UsageRatesMessages } from '../../i18n/messages/usage-rates.js';

export const defaultUsageRatesMessages: UsageRatesMessages = {
  title: 'Call rates',
  description: 'International calls are charged per started minute at the rate of the destination country when the call starts.',
  searchLabel: 'Search countries',
  searchHint: 'Country name, country code or dialling code',
  sortLabel: 'Sort by',
  sortByName: 'Country name',
  sortByPrice: 'Lowest rate',
  countryColumn: 'Country',
  rateColumn: 'Rate',
  effectiveColumn: 'Applies',
  ratePerMinute: (rate) => `${rate} per minute`,
  since: (date) => `Since ${date}`,
  sinceUnknown: 'In force now',
  changeBadge: 'Rate change',
  changesOn: (rate, date) => `Changes to ${rate} on ${date}`,
  rateUnavailable: 'Rate unavailable',
  loading: 'Loading rates…',
  empty: 'No rates are published yet.',
  noMatches: (search) => `No country matches “${search}”.`,
  clearSearch: 'Clear search',
  countries: (formatted, count) => (count === 1 ? '1 country' : `${formatted} countries`),
  retry: 'Try again',
};

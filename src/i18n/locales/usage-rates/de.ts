// German wording of <usage-rates> (formal "Sie"); part of the German catalog (../de.ts).
import type { UsageRatesMessages } from '../../messages/usage-rates.js';

export const usageRatesDe: UsageRatesMessages = {
  title: 'Gesprächstarife',
  description: 'Auslandsgespräche werden je angefangene Minute zum Tarif des Ziellandes berechnet, der bei Gesprächsbeginn gilt.',
  searchLabel: 'Länder durchsuchen',
  searchHint: 'Ländername, Ländercode oder Vorwahl',
  sortLabel: 'Sortieren nach',
  sortByName: 'Ländername',
  sortByPrice: 'Niedrigster Tarif',
  countryColumn: 'Land',
  rateColumn: 'Tarif',
  effectiveColumn: 'Gültigkeit',
  ratePerMinute: (rate) => `${rate} pro Minute`,
  since: (date) => `Seit ${date}`,
  sinceUnknown: 'Derzeit gültig',
  changeBadge: 'Tarifänderung',
  changesOn: (rate, date) => `Ab ${date}: ${rate}`,
  rateUnavailable: 'Tarif nicht verfügbar',
  loading: 'Tarife werden geladen …',
  empty: 'Es sind noch keine Tarife veröffentlicht.',
  noMatches: (search) => `Kein Land passt zu „${search}“.`,
  clearSearch: 'Suche löschen',
  countries: (formatted, count) => (count === 1 ? '1 Land' : `${formatted} Länder`),
  retry: 'Erneut versuchen',
};

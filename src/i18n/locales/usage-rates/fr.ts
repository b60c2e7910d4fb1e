// French wording of <usage-rates> ("vous"); part of the French catalog (../fr.ts).
import type { UsageRatesMessages } from '../../messages/usage-rates.js';

export const usageRatesFr: UsageRatesMessages = {
  title: 'Tarifs des appels',
  description:
    'Les appels internationaux sont facturés par minute entamée, au tarif du pays de destination en vigueur au début de l’appel.',
  searchLabel: 'Rechercher un pays',
  searchHint: 'Nom du pays, code pays ou indicatif',
  sortLabel: 'Trier par',
  sortByName: 'Nom du pays',
  sortByPrice: 'Tarif le plus bas',
  countryColumn: 'Pays',
  rateColumn: 'Tarif',
  effectiveColumn: 'Validité',
  ratePerMinute: (rate) => `${rate} par minute`,
  since: (date) => `Depuis le ${date}`,
  sinceUnknown: 'En vigueur',
  changeBadge: 'Changement de tarif',
  changesOn: (rate, date) => `Passe à ${rate} le ${date}`,
  rateUnavailable: 'Tarif indisponible',
  loading: 'Chargement des tarifs…',
  empty: 'Aucun tarif n’est encore publié.',
  noMatches: (search) => `Aucun pays ne correspond à « ${search} ».`,
  clearSearch: 'Effacer la recherche',
  countries: (formatted) => `${formatted} pays`,
  retry: 'Réessayer',
};

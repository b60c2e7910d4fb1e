// French wording of <balance-usage-table>'s spend chart ("vous"); part of the French catalog (../fr.ts).
import type { SpendChartMessages } from '../../messages/balance-usage-table.js';

export const spendChartFr: SpendChartMessages = {
  chartTitle: { day: 'Dépenses par jour', hour: 'Dépenses par heure' },
  chartPoint: (when, spend, calls) => `${when} : ${spend}, ${calls}`,
  chartHint: 'Utilisez les flèches pour passer d’une barre à l’autre ; Début et Fin vont à la première et à la dernière.',
  chartLoading: 'Chargement du graphique des dépenses…',
  chartEmpty: 'Aucune dépense sur cette période.',
  chartError: 'Le graphique des dépenses n’a pas pu être chargé.',
  chartTooLong: (days) => `Le graphique couvre au plus ${days} jours. Choisissez une période plus courte pour le voir.`,
  chartDropped: (formatted, count) =>
    count === 1
      ? 'Une valeur du service de facturation était illisible ; elle est omise.'
      : `${formatted} valeurs du service de facturation étaient illisibles ; elles sont omises.`,
  chartGaps: 'Le service de facturation a omis certaines périodes ; le graphique montre celles qu’il a envoyées.',
  chartTable: 'Afficher les valeurs sous forme de tableau',
  chartBucketColumn: { day: 'Jour', hour: 'Heure' },
  chartSpendColumn: 'Dépenses',
  chartCountColumn: 'Appels',
};

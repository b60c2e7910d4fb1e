// German wording of <balance-usage-table>'s spend chart (formal "Sie"); part of the German catalog (../de.ts).
import type { SpendChartMessages } from '../../messages/balance-usage-table.js';

export const spendChartDe: SpendChartMessages = {
  chartTitle: { day: 'Ausgaben pro Tag', hour: 'Ausgaben pro Stunde' },
  chartPoint: (when, spend, calls) => `${when}: ${spend}, ${calls}`,
  chartHint: 'Mit den Pfeiltasten wechseln Sie zwischen den Balken; Pos1 und Ende springen zum ersten und letzten.',
  chartLoading: 'Das Ausgabendiagramm wird geladen …',
  chartEmpty: 'Keine Ausgaben in diesem Zeitraum.',
  chartError: 'Das Ausgabendiagramm konnte nicht geladen werden.',
  chartTooLong: (days) => `Das Diagramm umfasst höchstens ${days} Tage. Wählen Sie einen kürzeren Zeitraum.`,
  chartDropped: (formatted, count) =>
    count === 1
      ? 'Ein Wert des Abrechnungsdienstes war nicht lesbar und wird ausgelassen.'
      : `${formatted} Werte des Abrechnungsdienstes waren nicht lesbar und werden ausgelassen.`,
  chartGaps: 'Der Abrechnungsdienst hat einige Zeiträume ausgelassen; das Diagramm zeigt die gesendeten.',
  chartTable: 'Werte als Tabelle anzeigen',
  chartBucketColumn: { day: 'Tag', hour: 'Stunde' },
  chartSpendColumn: 'Ausgaben',
  chartCountColumn: 'Anrufe',
};

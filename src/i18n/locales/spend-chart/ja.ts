// Japanese wording of <balance-usage-table>'s spend chart; part of the Japanese catalog (../ja.ts).
import type { SpendChartMessages } from '../../messages/balance-usage-table.js';

export const spendChartJa: SpendChartMessages = {
  chartTitle: { day: '日別の利用額', hour: '時間別の利用額' },
  chartPoint: (when, spend, calls) => `${when}：${spend}、${calls}`,
  chartHint: '矢印キーで棒を移動します。ホームキーで最初、エンドキーで最後の棒に移動します。',
  chartLoading: '利用額のグラフを読み込んでいます…',
  chartEmpty: 'この期間の利用額はありません。',
  chartError: '利用額のグラフを読み込めませんでした。',
  chartTooLong: (days) => `グラフに表示できるのは最大 ${days} 日です。短い期間を選んでください。`,
  chartDropped: (formatted) => `請求サービスの値 ${formatted} 件を読み取れなかったため、表示していません。`,
  chartGaps: '請求サービスが一部の期間を送信しませんでした。受け取った期間のみ表示しています。',
  chartTable: '値を表で表示',
  chartBucketColumn: { day: '日付', hour: '時間' },
  chartSpendColumn: '利用額',
  chartCountColumn: '通話数',
};

// Japanese wording of <usage-rates>; part of the Japanese catalog (../ja.ts).
import type { UsageRatesMessages } from '../../messages/usage-rates.js';

export const usageRatesJa: UsageRatesMessages = {
  title: '通話料金',
  description: '国際通話は、通話開始時点の相手国の料金で、開始した1分ごとに課金されます。',
  searchLabel: '国を検索',
  searchHint: '国名、国コード、国番号',
  sortLabel: '並べ替え',
  sortByName: '国名',
  sortByPrice: '料金の安い順',
  countryColumn: '国',
  rateColumn: '料金',
  effectiveColumn: '適用',
  ratePerMinute: (rate) => `1分あたり${rate}`,
  since: (date) => `${date}から`,
  sinceUnknown: '現在適用中',
  changeBadge: '料金改定',
  changesOn: (rate, date) => `${date}から${rate}に変更`,
  rateUnavailable: '料金を表示できません',
  loading: '料金を読み込んでいます…',
  empty: '公開されている料金はまだありません。',
  noMatches: (search) => `「${search}」に一致する国はありません。`,
  clearSearch: '検索をクリア',
  countries: (formatted) => `${formatted}か国`,
  retry: '再試行',
};

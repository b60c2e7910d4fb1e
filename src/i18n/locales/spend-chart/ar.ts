// Arabic wording of <balance-usage-table>'s spend chart; part of the Arabic catalog (../ar.ts).
import type { SpendChartMessages } from '../../messages/balance-usage-table.js';

export const spendChartAr: SpendChartMessages = {
  chartTitle: { day: 'الإنفاق اليومي', hour: 'الإنفاق في الساعة' },
  chartPoint: (when, spend, calls) => `${when}: ${spend}، ${calls}`,
  chartHint: 'استخدم مفاتيح الأسهم للتنقل بين الأعمدة؛ وينقلك مفتاحا البداية والنهاية إلى العمود الأول والأخير.',
  chartLoading: 'جارٍ تحميل مخطط الإنفاق…',
  chartEmpty: 'لا يوجد إنفاق في هذه الفترة.',
  chartError: 'تعذّر تحميل مخطط الإنفاق.',
  chartTooLong: (days) => `يغطي المخطط ${days} يومًا على الأكثر. اختر فترة أقصر لعرضه.`,
  chartDropped: (formatted, count) =>
    count === 1 ? 'تعذّرت قراءة قيمة واحدة من خدمة الفوترة فتم استبعادها.' : `تعذّرت قراءة ${formatted} من قيم خدمة الفوترة فتم استبعادها.`,
  chartGaps: 'أغفلت خدمة الفوترة بعض الفترات؛ يعرض المخطط الفترات التي أرسلتها.',
  chartTable: 'عرض القيم في جدول',
  chartBucketColumn: { day: 'اليوم', hour: 'الساعة' },
  chartSpendColumn: 'الإنفاق',
  chartCountColumn: 'المكالمات',
};

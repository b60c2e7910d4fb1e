// Arabic wording of <usage-rates>; part of the Arabic catalog (../ar.ts).
import type { UsageRatesMessages } from '../../messages/usage-rates.js';
import { plural } from '../../plural.js';

export const usageRatesAr: UsageRatesMessages = {
  title: 'أسعار المكالمات',
  description: 'تُحتسب المكالمات الدولية عن كل دقيقة تبدأ، بسعر بلد الوجهة الساري عند بدء المكالمة.',
  searchLabel: 'البحث عن بلد',
  searchHint: 'اسم البلد أو رمزه أو رمز الاتصال الدولي',
  sortLabel: 'الترتيب حسب',
  sortByName: 'اسم البلد',
  sortByPrice: 'الأقل سعرًا',
  countryColumn: 'البلد',
  rateColumn: 'السعر',
  effectiveColumn: 'السريان',
  ratePerMinute: (rate) => `${rate} للدقيقة`,
  since: (date) => `منذ ${date}`,
  sinceUnknown: 'ساري حاليًا',
  changeBadge: 'تغيير في السعر',
  changesOn: (rate, date) => `يصبح ${rate} في ${date}`,
  rateUnavailable: 'السعر غير متاح',
  loading: 'جارٍ تحميل الأسعار…',
  empty: 'لم تُنشر أي أسعار بعد.',
  noMatches: (search) => `لا يوجد بلد يطابق «${search}».`,
  clearSearch: 'مسح البحث',
  countries: (formatted, count) =>
    plural('ar', count, {
      zero: `${formatted} بلد`,
      one: 'بلد واحد',
      two: 'بلدان',
      few: `${formatted} بلدان`,
      many: `${formatted} بلدًا`,
      other: `${formatted} بلد`,
    }),
  retry: 'إعادة المحاولة',
};

// plural(): the one helper the shipped catalogs (locales/*.ts) use; its own module so they need not import catalog.ts,
// which loads them with import() (a catalog importing the registry that imports it would be a cycle).
import { pluralRules } from '../money/intl-cache.js';

/**
 * Picks the plural form for a count in a language (`one`, `two`, `few`, `many`, `other`, and `zero` for Arabic).
 * Catalogs use it inside their message functions: `plural('ar', count, { zero: …, one: …, two: …, few: …, many: …, other: … })`.
 */
export function plural(language: string, count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  return forms[pluralRules(language).select(count)] ?? forms.other;
}

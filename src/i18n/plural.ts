// plural(): the one helper the shipped catalogs (locales/*.ts) use; its own module so they need not import catalog.ts,
// which loads them with import() (a catalog importing the registry that imports it would be a cycle).

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * Picks the plural form for a count in a language (`one`, `two`, `few`, `many`, `other`, and `zero` for Arabic).
 * Catalogs use it inside their message functions: `plural('ar', count, { zero: …, one: …, two: …, few: …, many: …, other: … })`.
 */
export function plural(language: string, count: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return forms[rules.select(count)] ?? forms.other;
}

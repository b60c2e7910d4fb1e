// Which locale a widget formats for: its own `locale`, else the nearest lang attribute, the page's, the browser's.

function canonicalLocale(candidate: string | null | undefined): string | undefined {
  if (!candidate) return undefined;
  try {
    return Intl.getCanonicalLocales(candidate)[0];
  } catch {
    // A typo in a lang attribute must not break formatting; fall through to the next source.
    return undefined;
  }
}

export function resolveLocale(element: Element, explicitLocale: string | null | undefined): string {
  return (
    canonicalLocale(explicitLocale) ??
    canonicalLocale(element.closest('[lang]')?.getAttribute('lang')) ??
    canonicalLocale(document.documentElement.lang) ??
    canonicalLocale(navigator.language) ??
    'en-US'
  );
}

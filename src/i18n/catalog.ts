// The translation registry: every widget's wording per language, the shipped catalogs loaded on demand, and a host's own words.
//
// Why not @lit/localize: its runtime mode holds one locale for the whole page, configured once
// (configureLocalization may be called only once per page). These widgets are a library embedded in
// host apps that may use @lit/localize themselves, and each element has its own `locale` (a German
// admin page can show one widget in Japanese). So, like Shoelace / Web Awesome, a small registry:
//
//   - Messages are plain objects per widget (`CreditBalanceMessages`, …); strings with values are
//     functions, so word order and plurals belong to each language, never to string concatenation.
//   - English lives in each component (`defaultCreditBalanceMessages`, …) and is always there; so do the words the
//     library writes outside the widgets (`defaultTestCardEntryMessages`, `defaultStripeProviderMessages`,
//     `defaultTopUpAttemptMessages`), which the providers resolve for the locale they are mounted with.
//     The English of words only an on-demand part shows (the add-funds form, the usage grid) travels in that part's
//     chunk: the element resolves it with LocaleController.messages(partEnglish) once the part is here, the same way.
//     German, French, Japanese and Arabic live in src/i18n/locales/*.ts and are fetched with a dynamic
//     `import()` the first time an element resolves to that language: an English page never downloads them.
//   - A host registers words page-wide with `registerLocaleMessages(language, messages)`: a language we do
//     not ship (`'pt'`), or its own wording of one we do (`'en'`, `{ creditBalance: { label: 'Available credits' } }`).
//     Registrations merge, and always beat the shipped catalog of the same language.
//   - Per element, `messages` beats everything: English < registry (`en`, then `pt`, then `pt-BR`) < `element.messages`.
//     A missing key falls back key by key, so a partial catalog never shows a blank.
//   - Each widget's LocaleController starts the catalog's import when the element connects and re-renders when
//     it lands; `updateComplete` waits for it. A host that must never show English first awaits
//     `loadLocaleMessages('de')` before adding the widgets.
//   - Direction follows the language: an Arabic widget on a left-to-right page gets `dir="rtl"` (and `lang`) on
//     itself; the styles use logical properties only, so that is all right-to-left needs.
// Bottom layer: everything here comes from i18n/ itself (message interfaces and the library's English in ./messages/),
// never from a widget, the store, the client or a provider (`npm run lint:deps` checks it); Intl objects come from the
// shared cache in money/intl-cache.ts, a leaf module of the same bottom layer.
import { intlLocale } from '../money/intl-cache.js';
import {
  CARD_ENTRY_UNAVAILABLE_MESSAGE,
  CONNECTION_UNSAVED_MESSAGE,
  SIGN_IN_UNAVAILABLE_MESSAGE,
  UNREADABLE_RESPONSE_MESSAGE,
  defaultDeclineMessages,
  defaultErrorCodeMessages,
  timeoutMessage,
  timeoutUnsavedMessage,
  type BillingErrorMessages,
  type DeclineMessages,
} from './messages/errors.js';
import type { CompleteLocaleMessages, LocaleMessages, WidgetKey, WidgetMessages } from './messages/index.js';

export type { BillingErrorMessages, CompleteLocaleMessages, DeclineMessages, LocaleMessages, WidgetKey, WidgetMessages };
export { plural } from './plural.js';

/** Languages whose catalogs ship with the package (English is built in). */
export const SHIPPED_LANGUAGES = ['en', 'de', 'fr', 'ja', 'ar'] as const;

// Literal import() calls, one per language, so every bundler can split each catalog into its own chunk.
const shippedLoaders: Record<string, () => Promise<{ default: CompleteLocaleMessages }>> = {
  de: () => import('./locales/de.js'),
  fr: () => import('./locales/fr.js'),
  ja: () => import('./locales/ja.js'),
  ar: () => import('./locales/ar.js'),
};

/** Scripts written right to left, by language subtag (the shipped one is Arabic; hosts may register the others). */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

const shipped = new Map<string, LocaleMessages>();
const registered = new Map<string, LocaleMessages>();
const loading = new Map<string, Promise<void>>();
const listeners = new Set<() => void>();
let version = 0;

function key(language: string): string {
  return language.toLowerCase();
}

function mergeInto(target: Map<string, LocaleMessages>, language: string, messages: LocaleMessages): void {
  const current = target.get(key(language)) ?? {};
  const merged: LocaleMessages = { ...current };
  for (const section of Object.keys(messages) as Array<keyof LocaleMessages>) {
    const added = messages[section];
    if (added) (merged as Record<string, object>)[section] = { ...(current[section] ?? {}), ...added };
  }
  target.set(key(language), merged);
  version += 1;
  for (const listener of [...listeners]) listener();
}

/**
 * Adds or replaces words for a language, page-wide, for every widget: a language the package does not
 * ship (`registerLocaleMessages('pt', {...})`, used for `pt-BR` too) or a re-wording of one it does
 * (`registerLocaleMessages('en', { creditBalance: { label: 'Available credits' } })`). Calls merge, key by key,
 * and beat the shipped catalog; an element's own `messages` still beat them. Widgets already on the page re-render.
 */
export function registerLocaleMessages(language: string, messages: LocaleMessages): void {
  mergeInto(registered, canonicalLanguageTag(language), messages);
}

/** Called whenever the registry changes (a registration or a shipped catalog arriving). Returns the unsubscribe. */
export function onLocaleMessagesChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Increases on every registry change; lets a controller cache merged messages. */
export function localeMessagesVersion(): number {
  return version;
}

function canonicalLanguageTag(tag: string): string {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? tag;
  } catch {
    return tag;
  }
}

/** The language subtag: "pt" for "pt-BR", "zh" for "zh-Hant-TW". */
export function baseLanguage(locale: string): string {
  return key(locale.split(/[-_]/)[0] ?? locale);
}

/** "pt-BR" → ["pt-br", "pt"]; also the language-script prefix for three-part tags ("zh-hant-tw" → "zh-hant"). */
function fallbackChain(locale: string): string[] {
  const parts = key(canonicalLanguageTag(locale)).split('-');
  const chain: string[] = [];
  for (let length = parts.length; length >= 1; length--) chain.push(parts.slice(0, length).join('-'));
  return chain;
}

/** Direction of a locale's script: right to left for Arabic, Hebrew, Persian, Urdu and the like. */
export function localeDirection(locale: string): 'ltr' | 'rtl' {
  try {
    const info = intlLocale(locale) as Intl.Locale & { getTextInfo?: () => { direction?: string }; textInfo?: { direction?: string } };
    const direction = info.getTextInfo?.().direction ?? info.textInfo?.direction;
    if (direction === 'rtl' || direction === 'ltr') return direction;
  } catch {
    // An unreadable tag falls through to the subtag table.
  }
  return RTL_LANGUAGES.has(baseLanguage(locale)) ? 'rtl' : 'ltr';
}

/** True when the locale's language has a shipped catalog that is not loaded yet. */
export function needsLocaleMessages(locale: string): boolean {
  const language = baseLanguage(locale);
  return language in shippedLoaders && !shipped.has(language);
}

/**
 * Loads the shipped catalog for a locale's language (de, fr, ja, ar), once; resolves at once for English,
 * a language we do not ship, or one already loaded. Never rejects: if the chunk cannot load, the widgets
 * stay in English (or the host's registered words) rather than breaking.
 */
export function loadLocaleMessages(locale: string): Promise<void> {
  const language = baseLanguage(locale);
  const loader = shippedLoaders[language];
  if (!loader || shipped.has(language)) return Promise.resolve();
  let pending = loading.get(language);
  if (!pending) {
    pending = loader().then(
      (module) => mergeInto(shipped, language, module.default),
      (error: unknown) => {
        loading.delete(language);
        console.warn(`billing-widgets: could not load the "${language}" messages; showing English.`, error);
      },
    );
    loading.set(language, pending);
  }
  return pending;
}

/** Sections of every registered and shipped catalog that apply to a locale, least specific first. */
function layers<S extends keyof LocaleMessages>(locale: string, section: S): Array<NonNullable<LocaleMessages[S]>> {
  const found: Array<NonNullable<LocaleMessages[S]>> = [];
  // English registrations first: a host's re-wording of English is also the fallback for keys a language lacks.
  const chain = [...new Set([...fallbackChain(locale).reverse()])];
  const languages = chain[0] === 'en' ? chain : ['en', ...chain];
  for (const language of languages) {
    const fromShipped = shipped.get(language)?.[section];
    const fromHost = registered.get(language)?.[section];
    if (fromShipped) found.push(fromShipped);
    if (fromHost) found.push(fromHost);
  }
  return found;
}

/**
 * English < registry ("en", then "pt", then "pt-BR"; shipped before host-registered) < the element's own overrides.
 * `english` may be part of a widget's words (what its eager code carries); the result has at least its keys.
 */
export function resolveMessages<K extends WidgetKey, E extends Partial<WidgetMessages[K]> = WidgetMessages[K]>(
  locale: string,
  widget: K,
  english: E,
  overrides: Partial<WidgetMessages[K]> | undefined,
): E {
  const merged = { ...english };
  for (const layer of layers(locale, widget)) Object.assign(merged, withoutUndefined(layer));
  if (overrides) Object.assign(merged, withoutUndefined(overrides));
  return merged;
}

// `{ label: undefined }` from a host's spread must not blank a string.
function withoutUndefined<T extends object>(value: T): Partial<T> {
  const copy: Partial<T> = {};
  for (const [name, entry] of Object.entries(value)) if (entry !== undefined) (copy as Record<string, unknown>)[name] = entry;
  return copy;
}

/** English text of every error the library words itself, by the key's name (`errors.<name>`). */
export function englishErrorMessages(): BillingErrorMessages {
  return {
    ...defaultErrorCodeMessages,
    unreadable: UNREADABLE_RESPONSE_MESSAGE,
    cardEntryUnavailable: CARD_ENTRY_UNAVAILABLE_MESSAGE,
    signInUnavailable: SIGN_IN_UNAVAILABLE_MESSAGE,
    connectionUnsaved: CONNECTION_UNSAVED_MESSAGE,
    timeout: timeoutMessage,
    timeoutUnsaved: timeoutUnsavedMessage,
  };
}

/** English decline texts (i18n/messages/errors.ts: what test-cards.ts, the mock and the test-card provider say). */
export function englishDeclineMessages(): DeclineMessages {
  return { ...defaultDeclineMessages };
}

/** The sections a message key (`section.name`) may name: the ones holding words outside any one widget's interface. */
export type KeyedSection = 'errors' | 'declines' | 'topUpAttempt' | 'rechargeReasons' | 'usageTypes' | 'problems';

/** The registered or shipped entry for `name` in a section for a locale (a string, or a function of formatted values); none for plain English. */
export function catalogEntry(locale: string, section: KeyedSection, name: string): unknown {
  let entry: unknown;
  for (const layer of layers(locale, section)) {
    const candidate = (layer as Record<string, unknown>)[name];
    if (candidate !== undefined) entry = candidate;
  }
  return entry;
}

/** Test hook: forgets host registrations (the shipped catalogs stay loaded). */
export function resetRegisteredLocaleMessages(): void {
  registered.clear();
  version += 1;
  for (const listener of [...listeners]) listener();
}

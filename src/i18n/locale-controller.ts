// LocaleController: gives a widget its locale, its direction and its messages in that language, and re-renders it when any of them change.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LocalizableError, MessageParams } from './messages/errors.js';
import {
  countryName,
  localizeDeclineMessage,
  localizeErrorMessage,
  localizeMessage,
  localizeReason,
  localizeUsageType,
  type ReasonCode,
} from './localize.js';
import {
  loadLocaleMessages,
  localeDirection,
  localeMessagesVersion,
  needsLocaleMessages,
  onLocaleMessagesChange,
  resolveMessages,
  type WidgetKey,
  type WidgetMessages,
} from './catalog.js';
import { resolveLocale } from './locale.js';

export type LocaleHost<K extends WidgetKey> = ReactiveControllerHost &
  HTMLElement & { locale?: string; messages?: Partial<WidgetMessages[K]> };

// One observer for the whole page: a host app switching <html lang> (or dir) re-renders every widget.
const connected = new Set<{ requestUpdate(): void }>();
let documentObserver: MutationObserver | undefined;

function watchDocument(controller: { requestUpdate(): void }): void {
  connected.add(controller);
  if (!documentObserver && typeof MutationObserver !== 'undefined') {
    documentObserver = new MutationObserver(() => {
      for (const each of connected) each.requestUpdate();
    });
    documentObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'dir'] });
  }
}

function unwatchDocument(controller: { requestUpdate(): void }): void {
  connected.delete(controller);
  if (connected.size === 0) {
    documentObserver?.disconnect();
    documentObserver = undefined;
  }
}

/** The element's parent, across a shadow root's boundary. */
function parentOf(element: Element): Element {
  const root = element.getRootNode();
  return element.parentElement ?? (root instanceof ShadowRoot ? root.host : document.documentElement);
}

/** The direction the element would have without us: the nearest `dir` above it, across shadow roots. */
function inheritedDirection(element: Element): 'ltr' | 'rtl' {
  let node: Node | null = element.parentNode;
  while (node) {
    if (node instanceof Element) {
      const dir = node.getAttribute('dir')?.toLowerCase();
      if (dir === 'rtl' || dir === 'ltr') return dir;
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return 'ltr';
}

/** A resolved set of words and what it was resolved for. */
interface Resolved<M> {
  locale: string;
  version: number;
  overrides: unknown;
  messages: M;
}

/**
 * `E` is the English the element's own code carries: all of its widget's words, or only those its eager code shows
 * when an on-demand part brings the English of the rest (then the part's words come from `messages(partEnglish)`).
 */
export class LocaleController<K extends WidgetKey, E extends Partial<WidgetMessages[K]> = WidgetMessages[K]> implements ReactiveController {
  private readonly host: LocaleHost<K>;
  private readonly widget: K;
  private readonly english: E;
  private unsubscribe?: () => void;
  /** By the English they start from: the element's own, or that merged with a part's (one entry per part). */
  private readonly cache = new Map<object, Resolved<E>>();
  /** Set while the host's `dir` attribute is ours (a language of the other direction than the page's), not the author's. */
  private ownsDir = false;
  /** Set while the host's `lang` attribute is ours (mirroring a `locale` unlike the page's language), not the author's. */
  private ownsLang = false;

  constructor(host: LocaleHost<K>, widget: K, english: E) {
    this.host = host;
    this.widget = widget;
    this.english = english;
    host.addController(this);
  }

  /** The BCP 47 locale the widget formats and speaks in: its `locale`, else the nearest `lang`, the page's, the browser's. */
  get locale(): string {
    // A lang we put on the host only mirrors `locale`; once `locale` is gone it must not outlive it.
    if (this.ownsLang && !this.host.locale) return resolveLocale(parentOf(this.host), undefined);
    return resolveLocale(this.host, this.host.locale);
  }

  /** Direction of the widget's language. */
  get dir(): 'ltr' | 'rtl' {
    return localeDirection(this.locale);
  }

  /**
   * English < registered and shipped words for the locale (pt-BR → pt → en) < the element's own `messages`, key by key.
   * With `partEnglish` (the English an on-demand part's chunk brought), that part's keys too, resolved the same way:
   * a host's catalogs and `messages` beat the part's English as they beat the element's.
   */
  messages(): E;
  messages<P extends Partial<WidgetMessages[K]>>(partEnglish: P): E & P;
  messages(partEnglish?: Partial<WidgetMessages[K]>): E {
    const locale = this.locale;
    const version = localeMessagesVersion();
    const overrides = this.host.messages;
    const base = partEnglish ?? this.english;
    const cached = this.cache.get(base);
    if (cached && cached.locale === locale && cached.version === version && cached.overrides === overrides) return cached.messages;
    const english: E = partEnglish ? { ...this.english, ...partEnglish } : this.english;
    const messages = resolveMessages(locale, this.widget, english, overrides);
    this.cache.set(base, { locale, version, overrides, messages });
    return messages;
  }

  /** A BillingError in the widget's language when the library worded it; the backend's own text otherwise. */
  errorMessage(error: LocalizableError): string {
    return localizeErrorMessage(error, this.locale);
  }

  /** A card decline (`{ code, message }`) in the widget's language, by its code; the backend's text for an unknown code. */
  declineMessage(failure: { code: string; message: string }): string {
    return localizeDeclineMessage(failure, this.locale);
  }

  /** The words for a message key (`errors.timeout`) with its values, in the widget's language; `fallback` if unknown. */
  message(key: string, params: MessageParams | undefined, fallback: string): string {
    return localizeMessage(key, params, this.locale, fallback);
  }

  /** Why a recharge was skipped, failed or turned off, by the backend's reason code; its text `fallback` otherwise. */
  reason(reason: ReasonCode | null | undefined, fallback: string): string {
    return localizeReason(reason, this.locale, fallback);
  }

  /** A usage type's name by its code; the backend's `label` for a type the catalog does not know. */
  usageType(type: string, label: string): string {
    return localizeUsageType(type, label, this.locale);
  }

  /** A country's name by ISO code in the widget's language; the backend's `fallback` where the runtime has none. */
  country(code: string, fallback: string): string {
    return countryName(code, this.locale) ?? fallback;
  }

  /**
   * Resolves once the catalog for the current locale is loaded and the host has rendered with it;
   * true when it had to wait. Components chain it into `updateComplete`, so `await el.updateComplete`
   * never sees English where another language was asked for.
   */
  async settle(): Promise<boolean> {
    const locale = this.locale;
    if (!needsLocaleMessages(locale)) return false;
    await loadLocaleMessages(locale);
    return true;
  }

  /**
   * Resolves once the catalog of the current locale is here: at once for English, a registered or a loaded
   * language; after `capMs` at the latest, so a catalog that never arrives leaves the widget in English, not blank.
   */
  catalogReady(capMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, capMs)));
    return Promise.race([this.settle().then(() => undefined), cap]).finally(() => clearTimeout(timer));
  }

  requestUpdate(): void {
    this.host.requestUpdate();
  }

  hostConnected(): void {
    this.unsubscribe = onLocaleMessagesChange(() => this.host.requestUpdate());
    watchDocument(this);
    // Start fetching before the first render, so a catalog usually arrives before anyone reads the English.
    void loadLocaleMessages(this.locale);
  }

  hostUpdate(): void {
    const locale = this.locale;
    // The `locale` property or a lang attribute may have changed; a shipped catalog loads once, then the registry re-renders us.
    if (needsLocaleMessages(locale)) void loadLocaleMessages(locale);
    this.updateLanguage(locale);
    this.updateDirection(locale);
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    unwatchDocument(this);
  }

  /**
   * A widget whose `locale` differs from the page's language says so with `lang` on itself, so screen
   * readers pick the right voice and fonts the right glyphs (Japanese, not Chinese, kanji). A `lang` the
   * author put on the element is left alone.
   */
  private updateLanguage(locale: string): void {
    const host = this.host;
    if (!this.ownsLang && host.hasAttribute('lang')) return;
    const inherited = resolveLocale(parentOf(host), undefined);
    if (this.host.locale && locale.toLowerCase() !== inherited.toLowerCase()) {
      if (host.getAttribute('lang') !== locale) host.setAttribute('lang', locale);
      this.ownsLang = true;
    } else if (this.ownsLang) {
      host.removeAttribute('lang');
      this.ownsLang = false;
    }
  }

  /**
   * An Arabic widget on an English page (or the reverse) lays out in its own direction: it gets a `dir`
   * of its own while the page's differs. A `dir` the author put on the element is left alone.
   */
  private updateDirection(locale: string): void {
    const host = this.host;
    if (!this.ownsDir && host.hasAttribute('dir')) return;
    const wanted = localeDirection(locale);
    if (wanted !== inheritedDirection(host)) {
      if (host.getAttribute('dir') !== wanted) host.setAttribute('dir', wanted);
      this.ownsDir = true;
    } else if (this.ownsDir) {
      host.removeAttribute('dir');
      this.ownsDir = false;
    }
  }
}

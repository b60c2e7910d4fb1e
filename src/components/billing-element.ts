// BillingElement: what the four widgets share: the token layer and shared styles, the theme and locale controllers,
// and the wording of the element's language. Each widget extends it with its catalog key and its English.
import { LitElement, type CSSResultGroup, type PropertyValues } from 'lit';
import { LocaleController } from '../i18n/locale-controller.js';
import type { WidgetKey, WidgetMessages } from '../i18n/catalog.js';
import { sharedStyles } from '../styles/shared.js';
import { BillingThemeController, tokens } from '../styles/tokens.js';

/**
 * `E`: the English the widget's eager code carries, all of `WidgetMessages[K]` unless an on-demand part brings the
 * English of the words only it shows (`partText`).
 */
export abstract class BillingElement<K extends WidgetKey, E extends Partial<WidgetMessages[K]> = WidgetMessages[K]> extends LitElement {
  /** The token layer and the shared styles; a widget appends its own stylesheet. */
  static override styles: CSSResultGroup = [tokens, ...sharedStyles];

  /** Set by focusAfterRetry: where focus goes once a retry has settled (selectors, first found wins). */
  private retryLanding?: readonly string[];
  // Mirrors an ancestor's data-billing-theme so the token layer can pick light or dark.
  private readonly theme = new BillingThemeController(this);
  /** Locale, direction and wording: English < registered catalogs < `messages`. */
  protected readonly localize: LocaleController<K, E>;

  // An abstract base, never defined as an element: the browser constructs the widgets, whose own constructors take
  // no parameters and pass their catalog key and English here.
  // eslint-disable-next-line wc/no-constructor-params -- see above
  constructor(widget: K, english: E) {
    super();
    // Each widget declares `locale` and `messages` itself, with its own documentation.
    this.localize = new LocaleController(this, widget, english);
    this.addEventListener('keydown', ignoreHeldEnter, { capture: true });
  }

  /** The element's words in its language (the keys its own English covers). */
  protected get text(): E {
    return this.localize.messages();
  }

  /**
   * The words for a private sub-element, handed to it as a property: the element's and those whose English came in the
   * part's chunk (`english`), in the element's language, with the host's catalogs and `messages` beating both.
   */
  protected partText<P extends Partial<WidgetMessages[K]>>(english: P): E & P {
    return this.localize.messages(english);
  }

  /** The BCP 47 locale the element formats and speaks in. */
  protected get resolvedLocale(): string {
    return this.localize.locale;
  }

  /**
   * For a "Try again" handler. The button goes away while the
   * widget loads again, which would drop keyboard and screen-reader users on the page; so once nothing in the widget
   * is loading (no `aria-busy`), focus goes to the first of `selectors` it shows: "Try again" when the error came
   * back, else where its content starts.
   */
  protected focusAfterRetry(selectors: readonly string[]): void {
    this.retryLanding = selectors;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const selectors = this.retryLanding;
    if (!selectors || this.renderRoot.querySelector('[aria-busy="true"]')) return;
    this.retryLanding = undefined;
    for (const selector of selectors) {
      const target = this.renderRoot.querySelector<HTMLElement>(selector);
      if (target) {
        target.focus();
        return;
      }
    }
  }

  /**
   * A widget's first render gets a task of its own (the browser may run input and paint in between): a Billing tab's
   * widgets upgrading together no longer block the main thread for their total at page load (Lighthouse TBT). It also
   * waits for the catalog of its language (one small chunk, asked for on connect), up to CATALOG_WAIT_MS: words drawn
   * in English and then replaced move the text around them (0.02 of layout shift in Arabic). The host reserves the
   * boxes meanwhile (--billing-*-min-block-size), so nothing moves.
   */
  protected override scheduleUpdate(): ReturnType<LitElement['scheduleUpdate']> {
    if (this.hasUpdated) return super.scheduleUpdate();
    this.loadBeforeFirstRender();
    return Promise.all([yieldToMain(), this.localize.catalogReady(CATALOG_WAIT_MS)]).then(() => super.scheduleUpdate());
  }

  /** Starts the requests the first render will wait for, so that they travel while that render waits for its task. */
  protected loadBeforeFirstRender(): void {}

  /** Also waits for the catalog of the element's language, so a test or host never reads the English fallback. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    return (await this.localize.settle()) ? super.getUpdateComplete() : result;
  }
}

/**
 * A held Enter repeats its keydown, and each repeat presses whatever button focus lands on next: Pay, then the Done
 * that replaces it, then the Add funds that focus returns to. No action in these widgets is meant to repeat, so only
 * the first keydown of a press acts.
 */
function ignoreHeldEnter(event: KeyboardEvent): void {
  if (event.repeat && event.key === 'Enter') event.preventDefault();
}

/** How long a first render waits for its language's catalog before it draws in English (a slow or failed chunk). */
const CATALOG_WAIT_MS = 2_000;

/** Resolves in a new task: scheduler.yield() where there is one (it keeps the page's priority), else a 0 ms timer. */
function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// The test-card form: a private element <billing-test-card-entry> a person types a test card into, and the CardEntry
// the TestCardPaymentProvider hands a widget for it.
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { abortableDelay } from '../client/abort.js';
import { throwIfAborted } from '../client/errors.js';
import { loadLocaleMessages, localeDirection, needsLocaleMessages, onLocaleMessagesChange } from '../i18n/catalog.js';
import type { TestCardEntryMessages } from '../i18n/messages/test-card-entry.js';
import { cardBrandName } from './card-brand.js';
import type { CardEntry, CardEntryState, CardEntryUpdate, TokenizeOptions, TokenizeResult } from './payment-provider.js';
import {
  digitsOf,
  FIELD_IDS,
  FIELD_ORDER,
  fieldError,
  formatCardNumber,
  FORMATTERS,
  isFullLength,
  keepCaretOnReformat,
  type FieldName,
} from './test-card-fields.js';
import { formStyles } from './test-card.styles.js';
import { findTestCard, TEST_CARDS, testCardToken } from './test-cards.js';
import { isolate, messagesFor } from './test-card-words.js';

interface Field {
  value: string;
  /** Left once, or a tokenize was attempted: its error may show. */
  touched: boolean;
}

const EMPTY: Field = { value: '', touched: false };

/**
 * The form itself. Its own shadow root keeps its styles and ids from meeting the widget's; the card number never
 * leaves it except as a test-card token.
 */
export class TestCardEntryElement extends LitElement {
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override styles = formStyles;

  /** The locale the form speaks. */
  @property({ attribute: false })
  locale = 'en';

  @state() private fields: Record<FieldName, Field> = { number: EMPTY, expiry: EMPTY, cvc: EMPTY };

  readonly #listeners = new Set<(state: CardEntryState) => void>();
  #state: CardEntryState = { complete: false, error: null };

  constructor() {
    super();
    // A host's registerLocaleMessages (or a catalog arriving) re-words the form on the spot, while it is on the page.
    // (Only redrawn: a listener hears of the new wording with the next edit, so a re-wording is not taken for one.)
    let stopListening: (() => void) | undefined;
    this.addController({
      hostConnected: () => {
        stopListening = onLocaleMessagesChange(() => this.requestUpdate());
      },
      hostDisconnected: () => {
        stopListening?.();
        stopListening = undefined;
      },
    });
  }

  get text(): TestCardEntryMessages {
    return messagesFor(this.locale);
  }

  /** Calls `listener` on every change of completeness or error. Returns an unsubscribe function. */
  subscribe(listener: (state: CardEntryState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  unsubscribeAll(): void {
    this.#listeners.clear();
  }

  /** Shows every field's problem, as a tokenize does; returns the first field with one, with its words. */
  checkAll(): { field: FieldName; message: string } | undefined {
    this.fields = {
      number: { ...this.fields.number, touched: true },
      expiry: { ...this.fields.expiry, touched: true },
      cvc: { ...this.fields.cvc, touched: true },
    };
    this.#publish();
    const text = this.text;
    for (const field of FIELD_ORDER) {
      const message = fieldError(field, this.fields[field].value, text);
      if (message !== null) return { field, message };
    }
    return undefined;
  }

  /** The typed number's digits and expiry, once checkAll() found nothing wrong. */
  get card(): { digits: string; expiry: { month: number; year: number } } {
    const expiryDigits = digitsOf(this.fields.expiry.value);
    return {
      digits: digitsOf(this.fields.number.value),
      expiry: { month: Number(expiryDigits.slice(0, 2)), year: 2000 + Number(expiryDigits.slice(2, 4)) },
    };
  }

  focusField(name: FieldName): void {
    this.renderRoot.querySelector<HTMLInputElement>(`#${FIELD_IDS[name]}`)?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('locale')) {
      this.lang = this.locale;
      this.dir = localeDirection(this.locale);
    }
  }

  #visibleError(name: FieldName, text: TestCardEntryMessages): string | null {
    const field = this.fields[name];
    // A full-length value is judged while typing, as a person expects once they stop.
    if (!field.touched && !isFullLength(name, field.value)) return null;
    return fieldError(name, field.value, text);
  }

  #publish(): void {
    const text = this.text;
    const complete = FIELD_ORDER.every((name) => fieldError(name, this.fields[name].value, text) === null);
    const error = FIELD_ORDER.map((name) => this.#visibleError(name, text)).find((message) => message !== null) ?? null;
    if (complete === this.#state.complete && error === this.#state.error) return;
    this.#state = { complete, error };
    for (const listener of [...this.#listeners]) listener(this.#state);
  }

  #onInput(name: FieldName, event: Event): void {
    const input = event.target as HTMLInputElement;
    const formatted = FORMATTERS[name](input.value);
    if (formatted !== input.value) keepCaretOnReformat(input, formatted);
    this.fields = { ...this.fields, [name]: { ...this.fields[name], value: formatted } };
    this.#publish();
  }

  #onBlur(name: FieldName): void {
    const field = this.fields[name];
    if (field.touched || field.value === '') return;
    this.fields = { ...this.fields, [name]: { ...field, touched: true } };
    this.#publish();
  }

  #useTestCard(number: string): void {
    const fields = { ...this.fields, number: { value: formatCardNumber(number), touched: true } };
    // Any future date and any three digits work with a test card; fill them so one click is enough.
    const text = this.text;
    if (fieldError('expiry', fields.expiry.value, text)) {
      const year = String((new Date().getFullYear() + 3) % 100).padStart(2, '0');
      fields.expiry = { value: `12 / ${year}`, touched: true };
    }
    if (fieldError('cvc', fields.cvc.value, text)) fields.cvc = { value: '123', touched: true };
    this.fields = fields;
    this.#publish();
  }

  protected override render(): TemplateResult {
    const text = this.text;
    const errors = {
      number: this.#visibleError('number', text),
      expiry: this.#visibleError('expiry', text),
      cvc: this.#visibleError('cvc', text),
    };
    const field = (
      name: FieldName,
      label: string,
      autocomplete: 'cc-number' | 'cc-exp' | 'cc-csc',
      placeholder: string,
      maxlength: number,
    ) => {
      const id = FIELD_IDS[name];
      const error = errors[name];
      return html`
        <div class="field field--${name}">
          <label for=${id}>${label}</label>
          <input
            id=${id}
            dir="ltr"
            type="text"
            inputmode="numeric"
            autocomplete=${autocomplete}
            spellcheck="false"
            placeholder=${placeholder}
            maxlength=${maxlength}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${error ? `${id}-error` : nothing}
            .value=${live(this.fields[name].value)}
            @input=${(event: Event) => this.#onInput(name, event)}
            @blur=${() => this.#onBlur(name)}
          />
          ${error ? html`<p class="error" id=${`${id}-error`}>${error}</p>` : nothing}
        </div>
      `;
    };
    const firstError = FIELD_ORDER.map((name) => errors[name]).find((message) => message !== null) ?? '';
    // The number keeps its own markup (and direction) inside the hint, wherever the language puts it.
    const [hintBefore = '', hintAfter = ''] = text.hint('\u0000').split('\u0000');

    return html`
      <div class="card-form" part="base">
        <p class="test-hint">
          <span class="badge">${text.testMode}</span>
          ${hintBefore}<span class="number" dir="ltr">4242 4242 4242 4242</span>${hintAfter}
        </p>
        ${field('number', text.cardNumber, 'cc-number', '1234 1234 1234 1234', 19)}
        <div class="row">
          ${field('expiry', text.expiry, 'cc-exp', text.expiryPlaceholder, 7)} ${field('cvc', text.cvc, 'cc-csc', '123', 4)}
        </div>
        <details class="test-cards">
          <summary>${text.otherCards}</summary>
          <ul>
            ${TEST_CARDS.map(
              (card) => html`
                <li>
                  <button type="button" class="test-card" @click=${() => this.#useTestCard(card.number)}>
                    <span class="visually-hidden">${text.useCard}</span>
                    <span class="number" dir="ltr">${formatCardNumber(card.number)}</span>
                  </button>
                  <span class="description">${text.cardDescription(isolate(cardBrandName(card.brand)), text.outcomes[card.outcome])}</span>
                </li>
              `,
            )}
          </ul>
        </details>
        <p class="visually-hidden" aria-live="polite">${firstError}</p>
      </div>
    `;
  }
}

const TAG = 'billing-test-card-entry';
// Private to the provider: defined when this module loads, once however many copies load it.
if (!customElements.get(TAG)) customElements.define(TAG, TestCardEntryElement);

/** What a widget holds: the form in its container, tokenizing what was typed. */
export class TestCardEntry implements CardEntry {
  readonly container: HTMLElement;
  readonly element: TestCardEntryElement;
  /** Cancels a challenge drawn over this form when the form goes away. */
  challengeAbort: AbortController | null = null;
  readonly #latencyMs: number;
  readonly #onDestroy: () => void;
  #destroyed = false;

  constructor(container: HTMLElement, locale: string, latencyMs: number, onDestroy: () => void) {
    this.container = container;
    this.#latencyMs = latencyMs;
    this.#onDestroy = onDestroy;
    this.element = new TestCardEntryElement();
    this.element.className = TAG;
    this.element.locale = locale;
    container.append(this.element);
  }

  /** The locale the form speaks: mountCardEntry's, then the last update({ locale }). */
  get locale(): string {
    return this.element.locale;
  }

  async tokenize(options: TokenizeOptions = {}): Promise<TokenizeResult> {
    throwIfAborted(options.signal);
    if (this.#destroyed) return { ok: false, code: 'unavailable', message: this.element.text.closed };
    const problem = this.element.checkAll();
    if (problem) {
      this.element.focusField(problem.field);
      return { ok: false, code: 'invalid_card_details', message: problem.message };
    }
    const { digits, expiry } = this.element.card;
    // The typed expiry travels in the token, so the saved card shows what was typed (not a made-up date).
    const providerToken = testCardToken(digits, { expiry });
    const card = findTestCard(digits);
    await abortableDelay(this.#latencyMs, options.signal);
    return { ok: true, providerToken, ...(card ? { card: { brand: card.brand, last4: card.last4 } } : {}) };
  }

  onChange(listener: (state: CardEntryState) => void): () => void {
    return this.element.subscribe(listener);
  }

  update(changes: CardEntryUpdate): void {
    // The form reads the --billing-* tokens live and shows no amount: only a new language needs redoing.
    if (this.#destroyed || !changes.locale || changes.locale === this.locale) return;
    this.element.locale = changes.locale;
    // A catalog not loaded yet re-words the form when it lands (onLocaleMessagesChange).
    if (needsLocaleMessages(changes.locale)) void loadLocaleMessages(changes.locale);
  }

  focus(): void {
    this.element.focusField('number');
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.element.unsubscribeAll();
    this.challengeAbort?.abort();
    this.element.remove();
    this.#onDestroy();
  }

  /** Hidden while a challenge is drawn in the same container. */
  set obscured(value: boolean) {
    this.element.hidden = value;
  }
}

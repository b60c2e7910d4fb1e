// TestCardPaymentProvider: a card form of its own for Stripe's published test cards, and a simulated 3-D Secure challenge, for the demo, stories and tests.
import { adoptStyles, css, html, nothing, render, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { throwIfAborted } from '../client/errors.js';
import { abortableDelay } from '../client/abort.js';
import { loadLocaleMessages, localeDirection, needsLocaleMessages, onLocaleMessagesChange, resolveMessages } from '../i18n/catalog.js';
import { resolveLocale } from '../i18n/locale.js';
import { cardBrandName } from './card-brand.js';
import {
  cardEntryUnavailableError,
  type CardEntry,
  type CardEntryState,
  type CardEntryUpdate,
  type HandleNextActionOptions,
  type MountCardEntryOptions,
  type NextAction,
  type NextActionResult,
  type PaymentProvider,
  type TokenizeOptions,
  type TokenizeResult,
} from './payment-provider.js';
import { DECLINE_MESSAGES, TEST_CARDS, findTestCard, testCardToken, type TestCardOutcome } from './test-cards.js';
import type { TestCardEntryMessages } from '../i18n/messages/test-card-entry.js';

export type { TestCardEntryMessages } from '../i18n/messages/test-card-entry.js';

export const defaultTestCardEntryMessages: TestCardEntryMessages = {
  testMode: 'Test mode',
  hint: (card) => `Use ${card}, any future date and any 3-digit code. No real card is charged.`,
  cardNumber: 'Card number',
  expiry: 'Expiry date (MM / YY)',
  expiryPlaceholder: 'MM / YY',
  cvc: 'Security code (CVC)',
  otherCards: 'Other test cards',
  useCard: 'Use test card',
  cardDescription: (brand, outcome) => `${brand}: ${outcome}`,
  outcomes: {
    succeeds: 'the payment succeeds.',
    requires_authentication: 'the bank asks for 3-D Secure on each on-session payment; once saved, off-session payments need none.',
    insufficient_funds: 'declined for insufficient funds.',
    generic_decline: 'declined without a specific reason.',
    expired_card: 'declined because the card has expired.',
  },
  numberRequired: 'Enter the card number.',
  numberIncomplete: 'The card number is incomplete.',
  numberInvalid: 'The card number is not valid. Check it and try again.',
  numberNotTestCard: 'Test mode only accepts the test cards listed below.',
  expiryRequired: 'Enter the expiry date.',
  expiryIncomplete: 'Enter the expiry date as MM / YY.',
  expiryMonth: 'The expiry month must be from 01 to 12.',
  expiryPast: 'The card has expired. Check the date, or use another card.',
  expiryTooFar: 'The expiry year is too far in the future. Check the date.',
  cvcRequired: 'Enter the security code.',
  cvcInvalid: 'The security code is the 3 digits on the back of the card.',
  closed: 'The card form was closed. Open it again to pay with a new card.',
  challengeTitle: 'Confirm this payment',
  challengeText: 'Your bank wants to confirm this payment. In test mode, choose how the bank’s check ends.',
  challengeComplete: 'Complete authentication',
  challengeFail: 'Fail authentication',
};

/** The form's words in a locale: English < shipped catalog < host registrations (pt-BR → pt → en). */
function messagesFor(locale: string): TestCardEntryMessages {
  return resolveMessages(locale, 'testCardEntry', defaultTestCardEntryMessages, undefined);
}

/** Keeps a value in its own direction inside a sentence (FSI … PDI). */
function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

/** The locale an element speaks: the nearest `lang` above it, across shadow roots; else the page's, the browser's. */
function localeAround(element: Element | null): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return resolveLocale(node, undefined);
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return resolveLocale(document.documentElement, undefined);
}

/** Gives an element of ours the language and direction of its words (a modal challenge sits outside the widget). */
function speak(element: HTMLElement, locale: string): void {
  element.lang = locale;
  element.dir = localeDirection(locale);
}

export interface TestCardPaymentProviderOptions {
  /** Makes mountCardEntry reject as Stripe does when it cannot load (the "unavailable" story). */
  unavailable?: boolean;
  /** Skips the challenge panel and ends 3-D Secure this way (tests, stories). */
  autoCompleteChallenge?: 'succeed' | 'fail';
  /** Simulated network time for mounting, tokenizing and an auto-completed challenge. */
  latencyMs?: number;
}

const AUTHENTICATION_FAILED: NextActionResult = {
  ok: false,
  code: 'authentication_failed',
  message: DECLINE_MESSAGES.authentication_failed,
};

/**
 * Accepts only the cards in `TEST_CARDS` and tokenizes them as `test_card_<digits>`. These are
 * public test numbers, so the token may carry them; nothing else leaves the form.
 */
export class TestCardPaymentProvider implements PaymentProvider {
  readonly id = 'test-cards';
  readonly testMode = true;

  readonly #options: TestCardPaymentProviderOptions;
  /** Live entries, newest last: a challenge without a container is drawn in the newest. */
  readonly #entries: TestCardEntry[] = [];

  constructor(options: TestCardPaymentProviderOptions = {}) {
    this.#options = options;
  }

  async mountCardEntry(container: HTMLElement, options: MountCardEntryOptions): Promise<CardEntry> {
    throwIfAborted(options.signal);
    await abortableDelay(this.#options.latencyMs ?? 0, options.signal);
    if (this.#options.unavailable) throw cardEntryUnavailableError(new Error('TestCardPaymentProvider({ unavailable: true })'));
    const locale = options.locale ?? localeAround(container);
    // The language's catalog, fetched like the widgets' (never rejects: English if it cannot load).
    if (needsLocaleMessages(locale)) {
      await loadLocaleMessages(locale);
      throwIfAborted(options.signal);
    }
    const entry = new TestCardEntry(container, locale, this.#options.latencyMs ?? 0, () => {
      this.#entries.splice(this.#entries.indexOf(entry), 1);
    });
    this.#entries.push(entry);
    return entry;
  }

  async handleNextAction(nextAction: NextAction, options: HandleNextActionOptions = {}): Promise<NextActionResult> {
    throwIfAborted(options.signal);
    if (!nextAction.clientSecret) return AUTHENTICATION_FAILED;

    const automatic = this.#options.autoCompleteChallenge;
    if (automatic) {
      await abortableDelay(this.#options.latencyMs ?? 0, options.signal);
      return automatic === 'succeed' ? { ok: true } : AUTHENTICATION_FAILED;
    }

    const connected = this.#entries.filter((entry) => entry.container.isConnected);
    const target = options.container ?? connected.at(-1)?.container ?? null;
    // The form under the challenge is hidden, as Stripe's modal hides the page.
    const obscured = connected.find((entry) => entry.container === target) ?? null;
    // Asked for, else the form's it is drawn over (or one in the same widget), else the page's.
    const sameWidget = target ? connected.find((entry) => entry.container.getRootNode() === target.getRootNode()) : undefined;
    const locale = options.locale ?? (obscured ?? sameWidget)?.locale ?? localeAround(target);
    if (needsLocaleMessages(locale)) {
      await loadLocaleMessages(locale);
      throwIfAborted(options.signal);
    }
    const passed = await runChallenge(target, obscured, locale, options.signal);
    return passed ? { ok: true } : AUTHENTICATION_FAILED;
  }
}

// ---------------------------------------------------------------- card entry

type FieldName = 'number' | 'expiry' | 'cvc';

interface Field {
  value: string;
  /** Left once, or a tokenize was attempted: its error may show. */
  touched: boolean;
}

class TestCardEntry implements CardEntry {
  readonly container: HTMLElement;
  /** The locale the form speaks: mountCardEntry's, then the last update({ locale }). */
  locale: string;
  readonly #stopListening: () => void;
  readonly #host: HTMLElement;
  readonly #root: ShadowRoot;
  readonly #latencyMs: number;
  readonly #onDestroy: () => void;
  readonly #listeners = new Set<(state: CardEntryState) => void>();
  readonly #fields: Record<FieldName, Field> = {
    number: { value: '', touched: false },
    expiry: { value: '', touched: false },
    cvc: { value: '', touched: false },
  };
  #state: CardEntryState = { complete: false, error: null };
  /** Cancels a challenge drawn over this form when the form goes away. */
  challengeAbort: AbortController | null = null;
  #destroyed = false;

  constructor(container: HTMLElement, locale: string, latencyMs: number, onDestroy: () => void) {
    this.container = container;
    this.locale = locale;
    this.#latencyMs = latencyMs;
    this.#onDestroy = onDestroy;
    this.#host = document.createElement('div');
    this.#host.className = 'billing-test-card-entry';
    speak(this.#host, locale);
    // Its own shadow root keeps the form's styles and ids from meeting the widget's.
    this.#root = this.#host.attachShadow({ mode: 'open', delegatesFocus: true });
    adoptStyles(this.#root, formStyles);
    container.append(this.#host);
    this.#render();
    // A host's registerLocaleMessages (or a catalog arriving) re-words the form on the spot.
    // (Only redrawn: a listener hears of the new wording with the next edit, so a re-wording is not taken for one.)
    this.#stopListening = onLocaleMessagesChange(() => this.#render());
  }

  get #text(): TestCardEntryMessages {
    return messagesFor(this.locale);
  }

  async tokenize(options: TokenizeOptions = {}): Promise<TokenizeResult> {
    throwIfAborted(options.signal);
    const text = this.#text;
    if (this.#destroyed) return { ok: false, code: 'unavailable', message: text.closed };
    for (const field of Object.values(this.#fields)) field.touched = true;
    this.#render();
    this.#publish();
    const invalid = FIELD_ORDER.find((name) => fieldError(name, this.#fields[name].value, text) !== null);
    if (invalid) {
      this.#input(invalid)?.focus();
      return { ok: false, code: 'invalid_card_details', message: fieldError(invalid, this.#fields[invalid].value, text) ?? '' };
    }
    const digits = digitsOf(this.#fields.number.value);
    // The typed expiry travels in the token, so the saved card shows what was typed (not a made-up date).
    const expiryDigits = digitsOf(this.#fields.expiry.value);
    const expiry = { month: Number(expiryDigits.slice(0, 2)), year: 2000 + Number(expiryDigits.slice(2, 4)) };
    const providerToken = testCardToken(digits, { expiry });
    const card = findTestCard(digits);
    await abortableDelay(this.#latencyMs, options.signal);
    return { ok: true, providerToken, ...(card ? { card: { brand: card.brand, last4: card.last4 } } : {}) };
  }

  onChange(listener: (state: CardEntryState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  update(changes: CardEntryUpdate): void {
    // The form reads the --billing-* tokens live and shows no amount: only a new language needs redoing.
    if (this.#destroyed || !changes.locale || changes.locale === this.locale) return;
    const locale = changes.locale;
    this.locale = locale;
    speak(this.#host, locale);
    this.#render();
    // A catalog not loaded yet re-words the form when it lands (onLocaleMessagesChange).
    if (needsLocaleMessages(locale)) void loadLocaleMessages(locale);
  }

  focus(): void {
    this.#input('number')?.focus();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#listeners.clear();
    this.#stopListening();
    this.challengeAbort?.abort();
    render(nothing, this.#root);
    this.#host.remove();
    this.#onDestroy();
  }

  /** Hidden while a challenge is drawn in the same container. */
  set obscured(value: boolean) {
    this.#host.hidden = value;
  }

  #input(name: FieldName): HTMLInputElement | null {
    return this.#root.querySelector<HTMLInputElement>(`#${FIELD_IDS[name]}`);
  }

  #visibleError(name: FieldName, text: TestCardEntryMessages): string | null {
    const field = this.#fields[name];
    // A full-length value is judged while typing, as a person expects once they stop.
    if (!field.touched && !isFullLength(name, field.value)) return null;
    return fieldError(name, field.value, text);
  }

  #publish(): void {
    if (this.#destroyed) return;
    const text = this.#text;
    const complete = FIELD_ORDER.every((name) => fieldError(name, this.#fields[name].value, text) === null);
    const error = FIELD_ORDER.map((name) => this.#visibleError(name, text)).find((message) => message !== null) ?? null;
    if (complete === this.#state.complete && error === this.#state.error) return;
    this.#state = { complete, error };
    for (const listener of [...this.#listeners]) listener(this.#state);
  }

  #onInput(name: FieldName, event: Event): void {
    const input = event.target as HTMLInputElement;
    const formatted = FORMATTERS[name](input.value);
    if (formatted !== input.value) keepCaretOnReformat(input, formatted);
    this.#fields[name].value = formatted;
    this.#render();
    this.#publish();
  }

  #onBlur(name: FieldName): void {
    const field = this.#fields[name];
    if (field.touched || field.value === '') return;
    field.touched = true;
    this.#render();
    this.#publish();
  }

  #useTestCard(number: string): void {
    this.#fields.number = { value: formatCardNumber(number), touched: true };
    // Any future date and any three digits work with a test card; fill them so one click is enough.
    const text = this.#text;
    if (fieldError('expiry', this.#fields.expiry.value, text)) {
      const year = String((new Date().getFullYear() + 3) % 100).padStart(2, '0');
      this.#fields.expiry = { value: `12 / ${year}`, touched: true };
    }
    if (fieldError('cvc', this.#fields.cvc.value, text)) this.#fields.cvc = { value: '123', touched: true };
    this.#render();
    this.#publish();
  }

  #render(): void {
    if (this.#destroyed) return;
    const text = this.#text;
    const errors = {
      number: this.#visibleError('number', text),
      expiry: this.#visibleError('expiry', text),
      cvc: this.#visibleError('cvc', text),
    };
    const field = (name: FieldName, label: string, autocomplete: string, placeholder: string, maxlength: number) => {
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
            .value=${live(this.#fields[name].value)}
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

    render(
      html`
        <div class="card-form" part="base">
          <p class="test-hint">
            <span class="badge">${text.testMode}</span>
            ${hintBefore}<span class="number" dir="ltr">4242 4242 4242 4242</span>${hintAfter}
          </p>
          ${field('number', text.cardNumber, 'cc-number', '1234 1234 1234 1234', 19)}
          <div class="row">
            ${field('expiry', text.expiry, 'cc-exp', text.expiryPlaceholder, 7)}
            ${field('cvc', text.cvc, 'cc-csc', '123', 4)}
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
      `,
      this.#root,
    );
  }
}

const FIELD_ORDER: readonly FieldName[] = ['number', 'expiry', 'cvc'];
const FIELD_IDS: Record<FieldName, string> = { number: 'card-number', expiry: 'card-expiry', cvc: 'card-cvc' };

// ---------------------------------------------------------------- validation and formatting

function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

function formatCardNumber(value: string): string {
  return (
    digitsOf(value)
      .slice(0, 16)
      .match(/.{1,4}/g)
      ?.join(' ') ?? ''
  );
}

function formatExpiry(value: string): string {
  // Browser autofill may write MM/YYYY: keep the last two digits of the year.
  const parts = value.split(/\D+/).filter(Boolean);
  let digits = parts.length === 2 && parts[1]?.length === 4 ? `${parts[0]}${parts[1].slice(2)}` : digitsOf(value);
  // "4" can only be April: write it as 04 so the person types the year next.
  if (/^[2-9]$/.test(digits)) digits = `0${digits}`;
  digits = digits.slice(0, 4);
  return digits.length > 2 ? `${digits.slice(0, 2)} / ${digits.slice(2)}` : digits;
}

function formatCvc(value: string): string {
  return digitsOf(value).slice(0, 4);
}

const FORMATTERS: Record<FieldName, (value: string) => string> = {
  number: formatCardNumber,
  expiry: formatExpiry,
  cvc: formatCvc,
};

function isFullLength(name: FieldName, value: string): boolean {
  const length = digitsOf(value).length;
  return name === 'number' ? length === 16 : name === 'expiry' ? length === 4 : false;
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function fieldError(name: FieldName, value: string, text: TestCardEntryMessages): string | null {
  const digits = digitsOf(value);
  switch (name) {
    case 'number':
      if (digits.length === 0) return text.numberRequired;
      if (digits.length < 16) return text.numberIncomplete;
      if (!passesLuhn(digits)) return text.numberInvalid;
      if (!findTestCard(digits)) return text.numberNotTestCard;
      return null;
    case 'expiry': {
      if (digits.length === 0) return text.expiryRequired;
      if (digits.length < 4) return text.expiryIncomplete;
      const month = Number(digits.slice(0, 2));
      if (month < 1 || month > 12) return text.expiryMonth;
      const year = 2000 + Number(digits.slice(2, 4));
      const today = new Date();
      // A card is valid through the last day of its expiry month.
      if (year * 12 + month < today.getFullYear() * 12 + today.getMonth() + 1) {
        return text.expiryPast;
      }
      if (year > today.getFullYear() + 20) return text.expiryTooFar;
      return null;
    }
    case 'cvc':
      if (digits.length === 0) return text.cvcRequired;
      if (digits.length !== 3) return text.cvcInvalid;
      return null;
  }
}

/** Rewrites the value without throwing the caret to the end when editing mid-number. */
function keepCaretOnReformat(input: HTMLInputElement, formatted: string): void {
  const caret = input.selectionStart ?? input.value.length;
  // A digit the formatter added (the 0 of "04") sits before the caret too.
  const added = Math.max(0, digitsOf(formatted).length - digitsOf(input.value).length);
  const digitsBefore = digitsOf(input.value.slice(0, caret)).length + added;
  input.value = formatted;
  let position = 0;
  for (let seen = 0; position < formatted.length && seen < digitsBefore; position += 1) {
    if (/\d/.test(formatted.charAt(position))) seen += 1;
  }
  if (input.matches(':focus')) input.setSelectionRange(position, position);
}

// ---------------------------------------------------------------- 3-D Secure challenge

/**
 * Draws "Your bank wants to confirm this payment" in `target` (or, with none, in a modal
 * dialog like Stripe's) and resolves with the person's choice. Closing it counts as failing.
 */
function runChallenge(
  target: HTMLElement | null,
  obscured: TestCardEntry | null,
  locale: string,
  signal?: AbortSignal,
): Promise<boolean> {
  throwIfAborted(signal);
  const text = messagesFor(locale);
  const host = document.createElement('div');
  host.className = 'billing-test-card-challenge';
  speak(host, locale);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, challengeStyles);
  const previousFocus = deepActiveElement();
  const modal = target === null;

  return new Promise<boolean>((resolve, reject) => {
    const cleanup = new AbortController();
    const finish = (outcome: boolean | { aborted: unknown }): void => {
      if (cleanup.signal.aborted) return;
      cleanup.abort();
      signal?.removeEventListener('abort', onAbort);
      root.querySelector('dialog')?.close();
      render(nothing, root);
      host.remove();
      if (obscured) {
        obscured.obscured = false;
        obscured.challengeAbort = null;
      }
      if (previousFocus?.isConnected) previousFocus.focus({ preventScroll: true });
      if (typeof outcome === 'boolean') resolve(outcome);
      else reject(outcome.aborted);
    };
    const onAbort = (): void => finish({ aborted: signal?.reason ?? new DOMException('Aborted', 'AbortError') });
    signal?.addEventListener('abort', onAbort, { once: true });
    if (obscured) {
      const formGone = new AbortController();
      formGone.signal.addEventListener('abort', () => finish(false), { once: true });
      obscured.challengeAbort = formGone;
      obscured.obscured = true;
    }

    const panel = html`
      <p class="badge">${text.testMode}</p>
      <p class="title" id="challenge-title">${text.challengeTitle}</p>
      <p class="text" id="challenge-text">${text.challengeText}</p>
      <div class="actions">
        <button type="button" class="button button--primary" @click=${() => finish(true)}>${text.challengeComplete}</button>
        <button type="button" class="button button--secondary" @click=${() => finish(false)}>${text.challengeFail}</button>
      </div>
    `;
    const view: TemplateResult = modal
      ? html`<dialog
          class="challenge"
          aria-labelledby="challenge-title"
          aria-describedby="challenge-text"
          @cancel=${(event: Event) => {
            event.preventDefault();
            finish(false);
          }}
        >
          ${panel}
        </dialog>`
      : html`<section class="challenge" role="group" aria-labelledby="challenge-title" aria-describedby="challenge-text">
          ${panel}
        </section>`;
    render(view, root);
    (target ?? document.body).append(host);
    if (modal) root.querySelector('dialog')?.showModal();
    // Moving focus into the panel is what tells a screen reader the page changed under it.
    root.querySelector<HTMLButtonElement>('.button--primary')?.focus();
  });
}

function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}

// ---------------------------------------------------------------- styles

// Inside a widget the resolved --_billing-* roles inherit in; outside one (a bare story) the
// public --billing-* ones or these light defaults apply.
const roles = css`
  :host {
    --_tc-accent: var(--_billing-color-accent, var(--billing-color-accent, #4f46e5));
    --_tc-accent-contrast: var(--_billing-color-accent-contrast, var(--billing-color-accent-contrast, #ffffff));
    --_tc-text: var(--_billing-color-text, var(--billing-color-text, #1b2030));
    --_tc-muted: var(--_billing-color-text-muted, var(--billing-color-text-muted, #596174));
    --_tc-surface: var(--_billing-color-surface, var(--billing-color-surface, #ffffff));
    --_tc-surface-raised: var(--_billing-color-surface-raised, var(--billing-color-surface-raised, #f5f6fa));
    --_tc-border: var(--_billing-color-border, var(--billing-color-border, #dfe3ea));
    --_tc-danger: var(--_billing-color-danger, var(--billing-color-danger, #b42318));
    --_tc-warning: var(--_billing-color-warning, var(--billing-color-warning, #8a4b00));
    --_tc-warning-surface: var(--_billing-color-warning-surface, var(--billing-color-warning-surface, #fff6e5));
    --_tc-radius: var(--_billing-radius, var(--billing-radius, 0.5rem));
    --_tc-space: var(--_billing-space, var(--billing-space, 0.25rem));
    --_tc-focus-ring: var(--_billing-focus-ring, var(--billing-focus-ring, 2px solid var(--_tc-accent)));

    display: block;
    font-family: var(
      --_billing-font-family,
      var(--billing-font-family, ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif)
    );
    font-size: var(--_billing-font-size, var(--billing-font-size, 0.875rem));
    line-height: 1.5;
    color: var(--_tc-text);
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  p {
    margin: 0;
  }

  .badge {
    display: inline-block;
    padding-block: 0;
    padding-inline: calc(var(--_tc-space) * 1.5);
    border-radius: 999px;
    background: var(--_tc-warning-surface);
    color: var(--_tc-warning);
    font-size: 0.85em;
    font-weight: 600;
  }

  .number {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  :focus-visible {
    outline: var(--_tc-focus-ring);
    outline-offset: 2px;
  }
`;

const formStyles = [
  roles,
  css`
    .card-form {
      display: grid;
      gap: calc(var(--_tc-space) * 3);
    }

    .test-hint {
      padding-block: calc(var(--_tc-space) * 2);
      padding-inline: calc(var(--_tc-space) * 3);
      border: 1px dashed var(--_tc-border);
      border-radius: var(--_tc-radius);
      background: var(--_tc-surface-raised);
      color: var(--_tc-text);
    }

    .test-hint .badge {
      margin-inline-end: var(--_tc-space);
    }

    .row {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
      gap: calc(var(--_tc-space) * 3);
    }

    label {
      display: block;
      margin-block-end: var(--_tc-space);
      font-weight: 600;
    }

    input {
      display: block;
      inline-size: 100%;
      min-block-size: 2.5rem;
      padding-block: calc(var(--_tc-space) * 2);
      padding-inline: calc(var(--_tc-space) * 3);
      border: 1px solid var(--_tc-border);
      border-radius: var(--_tc-radius);
      background: var(--_tc-surface);
      color: var(--_tc-text);
      font: inherit;
      font-variant-numeric: tabular-nums;
    }

    input::placeholder {
      color: var(--_tc-muted);
      opacity: 1;
    }

    input:focus-visible {
      border-color: var(--_tc-accent);
      outline-offset: 1px;
    }

    input[aria-invalid='true'] {
      border-color: var(--_tc-danger);
    }

    .error {
      margin-block-start: var(--_tc-space);
      color: var(--_tc-danger);
    }

    .test-cards summary {
      inline-size: fit-content;
      color: var(--_tc-accent);
      font-weight: 600;
      cursor: pointer;
      border-radius: 2px;
    }

    .test-cards ul {
      display: grid;
      gap: calc(var(--_tc-space) * 2);
      margin-block: calc(var(--_tc-space) * 2) 0;
      padding: 0;
      list-style: none;
    }

    .test-cards li {
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      align-items: center;
      gap: calc(var(--_tc-space) * 2);
    }

    .test-card {
      padding-block: var(--_tc-space);
      padding-inline: calc(var(--_tc-space) * 2);
      border: 1px solid var(--_tc-border);
      border-radius: calc(var(--_tc-radius) * 0.6);
      background: var(--_tc-surface);
      color: var(--_tc-text);
      font: inherit;
      cursor: pointer;
    }

    .test-card:hover {
      border-color: var(--_tc-accent);
    }

    .description {
      color: var(--_tc-muted);
    }

    @media (pointer: coarse) {
      .test-card {
        min-block-size: 2.75rem;
      }
    }

    @media (forced-colors: active) {
      input[aria-invalid='true'] {
        border: 2px solid Mark;
      }
    }
  `,
];

const challengeStyles = [
  roles,
  css`
    .challenge {
      display: grid;
      gap: calc(var(--_tc-space) * 3);
      padding: calc(var(--_tc-space) * 4);
      border: 1px solid var(--_tc-border);
      border-radius: var(--_tc-radius);
      background: var(--_tc-surface);
      color: var(--_tc-text);
    }

    dialog.challenge {
      max-inline-size: min(28rem, calc(100vw - 2rem));
      font: inherit;
    }

    dialog.challenge::backdrop {
      background: rgb(16 24 40 / 0.45);
    }

    .badge {
      justify-self: start;
    }

    .title {
      font-size: 1.15em;
      font-weight: 700;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_tc-space) * 2);
    }

    .button {
      min-block-size: 2.25rem;
      padding-block: calc(var(--_tc-space) * 1.5);
      padding-inline: calc(var(--_tc-space) * 3.5);
      border: 1px solid transparent;
      border-radius: var(--_tc-radius);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }

    .button--primary {
      background: var(--_tc-accent);
      color: var(--_tc-accent-contrast);
    }

    .button--secondary {
      border-color: var(--_tc-border);
      background: var(--_tc-surface);
      color: var(--_tc-text);
    }

    @media (pointer: coarse) {
      .button {
        min-block-size: 2.75rem;
      }
    }

    @media (forced-colors: active) {
      .button {
        border: 1px solid ButtonText;
      }
    }
  `,
];

// <payment-methods>: the Payment method section of the Billing tab: the saved cards, add one without a charge, remove one, choose the default.
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BillingClient } from '../../client/billing-client.js';
import { isAbortError, toBillingError, type BillingError } from '../../client/errors.js';
import type { PaymentMethod } from '../../client/schemas.js';
import type { PaymentMethodsMessages } from '../../i18n/messages/payment-methods.js';
import { describeCard } from '../../payments/card-brand.js';
import type { PaymentProvider } from '../../payments/payment-provider.js';
import { StoreController } from '../../store/store-controller.js';
import { AddCardController } from '../add-card-controller.js';
import { BillingElement } from '../billing-element.js';
import { isolate, renderCardRow, type CardAction } from './card-row.js';
import { DefaultPaymentMethodChangedEvent, PaymentMethodAddedEvent, PaymentMethodRemovedEvent } from './events.js';
import { icon } from './icons.js';
import { defaultPaymentMethodsMessages } from './messages.js';
import { paymentMethodsStyles } from './payment-methods.styles.js';

export type { PaymentMethodsMessages } from '../../i18n/messages/payment-methods.js';
export { defaultPaymentMethodsMessages };

/** After this long without an answer, a change says it is taking longer than usual. */
const SLOW_MS = 3000;

/**
 * The Payment method section of the Billing tab: the saved cards with brand, last 4 digits and expiry, which one is the
 * default, which expire within 60 days or have expired, and which one automatic recharge charges. Adds a card without
 * charging it (through a PaymentProvider's card entry), removes one after a confirmation (warning first when automatic
 * recharge uses it: the backend turns automatic recharge off), and makes another card the default. One change is sent
 * at a time: a second press while one runs sends nothing. A failed change says why and offers Try again; nothing is lost.
 *
 * @tagname payment-methods
 * @summary Saved cards: list, add without a charge, remove with confirmation, choose the default.
 *
 * @csspart base - The card around everything.
 * @csspart header - Heading and description.
 * @csspart heading - The "Payment methods" heading.
 * @csspart description - The sentence under the heading.
 * @csspart list - The list of saved cards.
 * @csspart card - Each saved card.
 * @csspart card-name - A card's brand and last 4 digits.
 * @csspart expiry - A card's "Expires 12/2029" or "Expired 01/2024".
 * @csspart tag - Each tag of a card (also named by kind below).
 * @csspart default-tag - The "Default" tag.
 * @csspart auto-recharge-tag - The tag on the card automatic recharge charges.
 * @csspart expiring-tag - The "Expires soon" tag (within 60 days).
 * @csspart expired-tag - The "Expired" tag.
 * @csspart make-default-button - A card's "Make default" button.
 * @csspart remove-button - A card's "Remove" button.
 * @csspart confirm - The confirmation under a card before it is removed.
 * @csspart confirm-warning - In the confirmation: automatic recharge will be turned off.
 * @csspart confirm-remove-button - "Remove card" in the confirmation.
 * @csspart cancel-button - "Cancel" in the confirmation and in the new card's box.
 * @csspart empty - "No saved cards yet".
 * @csspart add-card-button - The "Add a card" button.
 * @csspart new-card - The box around the new card's entry and its buttons.
 * @csspart card-entry - Where the payment provider draws its card form.
 * @csspart save-card-button - "Save card" in the new card's box.
 * @csspart progress - "This is taking longer than usual…" while a change waits for a slow backend.
 * @csspart error - A load error, or a change that failed.
 * @csspart retry-button - "Try again" after a load error or a failed change.
 * @csspart skeleton - Each placeholder block shown while loading.
 *
 * @cssprop [--billing-payment-methods-min-block-size=auto] - Block size reserved in every state; give payment-methods:not(:defined) the same (no layout shift).
 * @cssprop [--billing-payment-methods-surface=var(--billing-color-surface)] - Card background.
 * @cssprop [--billing-payment-methods-border-color=var(--billing-color-border)] - Card border colour.
 * @cssprop [--billing-payment-methods-radius=calc(var(--billing-radius) * 1.5)] - Card corner radius.
 * @cssprop [--billing-payment-methods-padding=calc(var(--billing-space) * 5)] - Card padding.
 * @cssprop [--billing-color-accent=#4f46e5] - Global role: buttons, the "Default" tag and focus ring.
 * @cssprop [--billing-color-text=#1b2030] - Global role: main text.
 * @cssprop [--billing-color-text-muted=#596174] - Global role: expiry dates and hints.
 * @cssprop [--billing-color-surface=#ffffff] - Global role: background.
 * @cssprop [--billing-color-surface-raised=#f5f6fa] - Global role: tags and the confirmation's background.
 * @cssprop [--billing-color-border=#dfe3ea] - Global role: borders and dividers.
 * @cssprop [--billing-color-danger=#b42318] - Global role: "Expired", "Remove card" and errors.
 * @cssprop [--billing-color-danger-surface=#fef3f2] - Global role: background of errors.
 * @cssprop [--billing-color-warning=#8a4b00] - Global role: "Expires soon" and the automatic-recharge warning.
 * @cssprop [--billing-color-warning-surface=#fff6e5] - Global role: background of the automatic-recharge warning.
 * @cssprop [--billing-font-family=system-ui] - Global role: typeface.
 * @cssprop [--billing-font-size=0.875rem] - Global role: base text size.
 * @cssprop [--billing-radius=0.5rem] - Global role: corner radius.
 * @cssprop [--billing-space=0.25rem] - Global role: spacing unit.
 *
 * @fires {PaymentMethodAddedEvent} billing-payment-method-added - A card was saved without a charge. `event.paymentMethod` is the card as saved.
 * @fires {PaymentMethodRemovedEvent} billing-payment-method-removed - A card was removed. `event.paymentMethod` is the card, `event.paymentMethods` the cards left, `event.autoRechargeTurnedOff` whether automatic recharge was on with it.
 * @fires {DefaultPaymentMethodChangedEvent} billing-default-payment-method-changed - Another card became the default. `event.paymentMethod` is the new default, `event.paymentMethods` every card.
 */
export class PaymentMethodsElement extends BillingElement<'paymentMethods'> {
  static override styles = [BillingElement.styles, paymentMethodsStyles];

  /** The host's BillingClient (property only). Takes precedence over a surrounding `<billing-provider>`. */
  @property({ attribute: false })
  client?: BillingClient;

  /** Collects a new card for "Add a card" (mode `setup`: saved, not charged). Without one, the button is hidden. */
  @property({ attribute: false })
  paymentProvider?: PaymentProvider;

  /** BCP 47 locale for the wording (en, de, fr, ja, ar ship; others through `registerLocaleMessages`) and the expiry dates. Defaults to the nearest `lang`, then the browser's language. When it differs from the page's language, the element gets its own `lang` (and `dir` when the direction differs, as for Arabic). */
  @property()
  locale?: string;

  /** Replaces any of the visible or spoken strings. */
  @property({ attribute: false })
  messages: Partial<PaymentMethodsMessages> = {};

  /** The card whose removal waits for a confirmation. */
  @state() private confirming?: PaymentMethod;
  /** The change being sent; while it runs, no other is. */
  @state() private running?: CardAction;
  @state() private failure?: { action: CardAction; error: BillingError };
  @state() private slow = false;
  @state() private announcement = '';

  private readonly billing = new StoreController(this);
  private abort?: AbortController;
  private slowTimer?: ReturnType<typeof setTimeout>;
  private readonly addCard = new AddCardController(this, {
    provider: () => this.paymentProvider,
    locale: () => this.resolvedLocale,
    store: () => this.billing.store,
    errorMessage: (error) => this.localize.errorMessage(toBillingError(error)),
    onAdded: (card) => {
      this.announcement = this.text.cardAdded(isolate(describeCard(card)));
      this.dispatchEvent(new PaymentMethodAddedEvent(card));
      this.focusPart('add-card-button');
    },
    focusPart: (name) => this.focusPart(name),
  });

  constructor() {
    super('paymentMethods', defaultPaymentMethodsMessages);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
    this.endRun();
  }

  protected override willUpdate(): void {
    // Whenever a store is known (also one that arrives later, from a provider upgraded after us), it loads what this shows.
    const store = this.billing.store;
    if (store?.paymentMethods.status === 'idle') void store.loadPaymentMethods();
    if (store?.autoRecharge.status === 'idle') void store.loadAutoRecharge();
  }

  /** After the next render, focuses the first of `selectors` found (a bare name is a part's). */
  private focusPart(...selectors: string[]): void {
    void this.updateComplete.then(() => {
      for (const selector of selectors) {
        const target = this.renderRoot.querySelector<HTMLElement>(selector.startsWith('[') ? selector : `[part~="${selector}"]`);
        if (target) {
          target.focus();
          return;
        }
      }
    });
  }

  /** The card automatic recharge charges while it is on: the settings when loaded, else the account's summary. */
  private get autoRechargeCardId(): string | null {
    const store = this.billing.store;
    const settings = store?.autoRecharge.value ?? store?.account.value?.autoRecharge;
    return settings?.enabled ? settings.paymentMethodId : null;
  }

  private onRetryLoad(): void {
    const store = this.billing.store;
    if (!store) return;
    this.focusAfterRetry(['[part~="retry-button"]', '[part~="add-card-button"]', '[part~="base"]']);
    void store.loadPaymentMethods();
    if (store.autoRecharge.status === 'error') void store.loadAutoRecharge();
  }

  private askRemove(card: PaymentMethod): void {
    if (this.running) return;
    this.confirming = card;
    // Cancel first: a second press of the key that opened the confirmation never removes the card.
    this.focusPart('cancel-button');
  }

  private cancelRemove(index: number): void {
    if (this.running) return;
    this.confirming = undefined;
    this.focusPart(`[data-index="${String(index)}"] [part~="remove-button"]`);
  }

  /** Sends one change. A press while another runs does nothing: one click, one request. */
  private async run(action: CardAction): Promise<void> {
    const store = this.billing.store;
    if (!store || this.running) return;
    const abort = new AbortController();
    this.abort = abort;
    this.running = action;
    this.failure = undefined;
    this.slow = false;
    this.slowTimer = setTimeout(() => {
      this.slow = true;
    }, SLOW_MS);
    const turnsOffAutoRecharge = action.kind === 'remove' && this.autoRechargeCardId === action.card.id;
    const name = isolate(describeCard(action.card));
    const index = store.paymentMethods.value?.indexOf(action.card) ?? 0;
    try {
      const options = { signal: abort.signal };
      const cards =
        action.kind === 'remove'
          ? await store.removePaymentMethod(action.card.id, options)
          : await store.setDefaultPaymentMethod(action.card.id, options);
      if (abort.signal.aborted) return;
      this.endRun();
      if (action.kind === 'remove') {
        this.confirming = undefined;
        this.announcement = turnsOffAutoRecharge
          ? `${this.text.cardRemoved(name)} ${this.text.autoRechargeTurnedOff}`
          : this.text.cardRemoved(name);
        this.dispatchEvent(new PaymentMethodRemovedEvent(action.card, cards, turnsOffAutoRecharge));
        // The card that took its place in the list, else the one before it, else "Add a card" (or the section).
        const next = Math.min(Math.max(index, 0), cards.length - 1);
        this.focusPart(`[data-index="${String(next)}"] [part~="remove-button"]`, 'add-card-button', 'base');
      } else {
        this.announcement = this.text.defaultChanged(name);
        const chosen = cards.find((card) => card.id === action.card.id) ?? action.card;
        this.dispatchEvent(new DefaultPaymentMethodChangedEvent(chosen, cards));
        this.focusPart(`[data-card="${CSS.escape(action.card.id)}"] [part~="remove-button"]`);
      }
    } catch (error) {
      if (abort.signal.aborted || isAbortError(error)) return;
      this.endRun();
      const failure = toBillingError(error);
      this.failure = { action, error: failure };
      this.focusPart(`[data-card="${CSS.escape(action.card.id)}"] [part~="retry-button"]`, 'base');
      // The card changed elsewhere (removed in another tab or by a colleague): show the cards as they are now, so a
      // card that is gone leaves the list instead of offering a Try again that cannot work.
      if (failure.code === 'not_found' || failure.code === 'conflict') void store.refresh();
    }
  }

  private endRun(): void {
    clearTimeout(this.slowTimer);
    this.slowTimer = undefined;
    this.running = undefined;
    this.slow = false;
  }

  // ------------------------------------------------------------------ render

  protected override render() {
    const cards = this.billing.store?.paymentMethods;
    let body: TemplateResult;
    if (cards?.value) body = this.renderReady(cards.value);
    else if (cards?.status === 'error' && cards.error) body = this.renderLoadError(cards.error);
    else body = this.renderSkeleton();
    return html`${body}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
  }

  private renderHeader(): TemplateResult {
    return html`<div part="header" class="header">
      <h2 part="heading" class="heading" id="heading">${this.text.heading}</h2>
      <p part="description" class="description">${this.text.description}</p>
    </div>`;
  }

  /** Shaped like two saved cards (the usual first answer), their words drawn as placeholders: nothing moves when they arrive. */
  private renderSkeleton(): TemplateResult {
    const text = this.text;
    return html`<section part="base" class="box" aria-labelledby="heading" aria-busy="true">
      ${this.renderHeader()}
      <ul class="list" aria-hidden="true">
        ${[text.expires('12/2029'), text.expired('12/2029')].map(
          (expiry) =>
            html`<li class="card">
              <div class="card-main">
                <span class="card-icon">${icon('card')}</span>
                <span class="card-text">
                  <span class="card-name"><span part="skeleton" class="skeleton skeleton-words">Visa ••4242</span></span>
                  <span class="expiry"><span part="skeleton" class="skeleton skeleton-words">${expiry}</span></span>
                </span>
                <span class="card-actions"><span part="skeleton" class="skeleton skeleton-button"></span></span>
              </div>
            </li>`,
        )}
      </ul>
      ${this.paymentProvider ? html`<div class="add" aria-hidden="true"><span part="skeleton" class="skeleton skeleton-button skeleton-add"></span></div>` : nothing}
      <span class="visually-hidden">${text.loading}</span>
    </section>`;
  }

  private renderLoadError(error: BillingError): TemplateResult {
    return html`<section part="base" class="box" aria-labelledby="heading" tabindex="-1">
      ${this.renderHeader()}
      <div class="error">
        <p part="error" class="error-message" role="alert">${icon('error')}<span>${this.localize.errorMessage(error)}</span></p>
        <button type="button" part="retry-button" class="button button--secondary" @click=${() => this.onRetryLoad()}>
          ${this.text.retry}
        </button>
      </div>
    </section>`;
  }

  private renderReady(cards: readonly PaymentMethod[]): TemplateResult {
    const text = this.text;
    const locale = this.resolvedLocale;
    const now = new Date();
    const rechargeCard = this.autoRechargeCardId;
    // A backend that flags several cards as default is shown with one: the first it lists.
    const defaultCard = cards.find((card) => card.isDefault);
    const failure = this.failure;
    const failureMessage = failure ? this.localize.errorMessage(failure.error) : '';
    return html`<section part="base" class="box" aria-labelledby="heading" tabindex="-1">
      ${this.renderHeader()}
      ${
        cards.length === 0
          ? html`<p part="empty" class="empty">${text.empty}</p>`
          : html`<ul part="list" class="list" aria-label=${text.listLabel}>
              ${cards.map((card, index) =>
                renderCardRow({
                  text,
                  locale,
                  card,
                  index,
                  isDefault: card === defaultCard,
                  usedByAutoRecharge: rechargeCard !== null && card.id === rechargeCard,
                  now,
                  confirming: this.confirming?.id === card.id,
                  running: this.running,
                  failure: failure?.action.card.id === card.id ? { action: failure.action, message: failureMessage } : undefined,
                  slow: this.slow,
                  onAskRemove: () => this.askRemove(card),
                  onCancelRemove: () => this.cancelRemove(index),
                  onRun: (action) => void this.run(action),
                }),
              )}
            </ul>`
      }
      ${this.paymentProvider ? this.renderAddCard() : nothing}
    </section>`;
  }

  private renderAddCard(): TemplateResult {
    const text = this.text;
    const addCard = this.addCard;
    const currency = this.billing.account.value?.currency;
    const error = addCard.error
      ? html`<p part="error" class="notice notice--danger" role="alert">${icon('error')}<span>${addCard.error}</span></p>`
      : nothing;
    if (addCard.step === 'closed') {
      return html`<div class="add">
        <button
          type="button"
          part="add-card-button"
          class="button button--secondary add-card"
          aria-disabled=${currency && !this.running ? 'false' : 'true'}
          @click=${() => {
            if (currency && !this.running) void addCard.open(currency);
          }}
        >
          ${icon('plus')}${text.addCard}
        </button>
        ${error}
      </div>`;
    }
    const saving = addCard.step === 'saving';
    return html`<div part="new-card" class="new-card" role="group" aria-labelledby="new-card-title" aria-describedby="new-card-hint">
      <p class="new-card-title" id="new-card-title">${text.addCardTitle}</p>
      <p class="hint" id="new-card-hint">${text.addCardHint}</p>
      <div part="card-entry" class="card-entry"></div>
      ${error}
      <div class="actions">
        <button
          type="button"
          part="save-card-button"
          class="button button--primary"
          aria-disabled=${addCard.step !== 'entry' || addCard.cardEntry.status !== 'ready' ? 'true' : 'false'}
          @click=${() => void addCard.save()}
        >
          ${saving ? html`<span class="spinner" aria-hidden="true"></span>${text.savingCard}` : text.saveCard}
        </button>
        <button type="button" part="cancel-button" class="button button--secondary" ?disabled=${saving} @click=${() => addCard.cancel()}>
          ${text.cancel}
        </button>
      </div>
    </div>`;
  }
}

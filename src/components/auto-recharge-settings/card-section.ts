// The auto-recharge form's card section: the saved cards to choose from, and "Add a card" through the payment provider.
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { isAbortError } from '../../client/errors.js';
import type { PaymentMethod } from '../../client/schemas.js';
import type { AutoRechargeSettingsMessages } from '../../i18n/messages/auto-recharge-settings.js';
import { describeCard } from '../../payments/card-brand.js';
import type { PaymentProvider } from '../../payments/payment-provider.js';
import type { BillingStore } from '../../store/billing-store.js';
import { CardEntryController } from '../card-entry-controller.js';
import { icon } from './icons.js';
import { formatCardExpiry, isCardExpired } from '../../payments/card-expiry.js';

export interface AddCardOptions {
  provider: () => PaymentProvider | undefined;
  locale: () => string;
  store: () => BillingStore | undefined;
  /** A failure's words in the element's language. */
  errorMessage: (error: unknown) => string;
  /** The card was saved and every list of cards on the store holds it. */
  onAdded: (card: PaymentMethod) => void;
  /** Moves focus to the element's part of that name after the next render. */
  focusPart: (name: string) => void;
}

/**
 * "Add a card": opens the provider's card entry (mode `setup`), saves the tokenized card through the store without
 * charging it, and closes. `step` is `closed` (the button), `entry` (the card entry with Save card) or `saving`.
 */
export class AddCardController implements ReactiveController {
  step: 'closed' | 'entry' | 'saving' = 'closed';
  /** Why the card entry could not load, or the card could not be saved; shown under the button or the entry. */
  error = '';
  readonly cardEntry: CardEntryController;
  private readonly aborts = new Set<AbortController>();

  constructor(
    private readonly host: ReactiveControllerHost & { readonly renderRoot: ParentNode },
    private readonly options: AddCardOptions,
  ) {
    host.addController(this);
    this.cardEntry = new CardEntryController(host, {
      mode: 'setup',
      provider: options.provider,
      locale: options.locale,
      unavailableMessage: options.errorMessage,
    });
  }

  hostDisconnected(): void {
    for (const controller of this.aborts) controller.abort();
    this.aborts.clear();
    this.step = 'closed';
  }

  /** Shows the card entry, mounted in the `card-entry` part, and focuses it once a person can type. */
  async open(currency: string): Promise<void> {
    this.error = '';
    this.step = 'entry';
    this.host.requestUpdate();
    await this.host.updateComplete;
    const container = this.host.renderRoot.querySelector<HTMLElement>('[part~="card-entry"]');
    if (!container) return;
    const entry = await this.cardEntry.mount(container, { currency });
    if (entry) {
      entry.focus();
    } else if (this.cardEntry.status === 'unavailable') {
      const message = this.cardEntry.message;
      this.close();
      this.error = message;
    }
  }

  async save(): Promise<void> {
    const entry = this.cardEntry.entry;
    const store = this.options.store();
    if (!entry || !store || this.step !== 'entry') return;
    this.step = 'saving';
    this.error = '';
    this.host.requestUpdate();
    const controller = new AbortController();
    this.aborts.add(controller);
    try {
      const token = await entry.tokenize({ signal: controller.signal, saveCard: true });
      if (!token.ok) {
        this.error = token.message;
        this.step = 'entry';
        return;
      }
      const card = await store.addPaymentMethod({ providerToken: token.providerToken }, { signal: controller.signal });
      if (controller.signal.aborted) return;
      this.close();
      this.options.onAdded(card);
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) return;
      this.error = this.options.errorMessage(error);
      this.step = 'entry';
    } finally {
      this.aborts.delete(controller);
      this.host.requestUpdate();
    }
  }

  cancel(): void {
    this.close();
    this.options.focusPart('add-card-button');
  }

  private close(): void {
    this.cardEntry.destroy();
    this.step = 'closed';
    this.host.requestUpdate();
  }
}

export interface CardPickerProps {
  text: AutoRechargeSettingsMessages;
  paymentMethods: readonly PaymentMethod[];
  selected: string | null;
  /** The card field's problem, shown under the list. */
  problem: string | null;
  /** While a save runs. */
  busy: boolean;
  onSelect: (paymentMethodId: string) => void;
  /** Null without a payment provider: no "Add a card". */
  addCard: AddCardController | null;
  /** The account's currency, for the card entry. */
  currency: string;
  /** The element's locale, for the expiry dates. */
  locale: string;
}

export function renderCardPicker(props: CardPickerProps): TemplateResult {
  const { text, problem } = props;
  const now = new Date();
  return html`<fieldset class="cards" aria-describedby=${problem ? 'cards-error' : nothing}>
    <legend part="legend">${text.cardLegend}</legend>
    ${props.paymentMethods.length === 0 ? html`<p class="hint">${text.noCards}</p>` : nothing}
    <div class="card-list">
      ${props.paymentMethods.map((card) => {
        const expired = isCardExpired(card, now);
        const id = `card-${card.id}`;
        return html`<label part="card-option" class="card-option ${expired ? 'card-option--expired' : ''}" for=${id}>
          <input
            type="radio"
            id=${id}
            name="paymentMethodId"
            .value=${card.id}
            .checked=${props.selected === card.id}
            ?disabled=${expired || props.busy}
            @change=${() => props.onSelect(card.id)}
          />
          ${icon('card')}
          <span class="card-name">${describeCard(card)}</span>
          <span class="card-meta">
            ${card.isDefault ? html`<span part="tag" class="tag">${text.cardDefault}</span>` : nothing}
            <span class=${expired ? 'expired' : ''}
              >${expired ? text.cardExpired(formatCardExpiry(card, props.locale)) : text.cardExpires(formatCardExpiry(card, props.locale))}</span
            >
          </span>
        </label>`;
      })}
    </div>
    ${problem ? html`<p part="field-error" class="field-error" id="cards-error">${icon('error')}<span>${problem}</span></p>` : nothing}
    ${props.addCard ? renderAddCard(props, props.addCard) : nothing}
  </fieldset>`;
}

function renderAddCard({ text, busy, currency }: CardPickerProps, addCard: AddCardController): TemplateResult {
  const error = addCard.error ? html`<p class="field-error" role="alert">${icon('error')}<span>${addCard.error}</span></p>` : nothing;
  if (addCard.step === 'closed') {
    return html`<button
        type="button"
        part="add-card-button"
        class="button button--secondary add-card"
        ?disabled=${busy}
        @click=${() => void addCard.open(currency)}
      >
        ${icon('plus')}${text.addCard}
      </button>
      ${error}`;
  }
  return html`<div part="new-card" class="new-card" role="group" aria-labelledby="new-card-title">
    <p class="new-card-title" id="new-card-title">${text.addCardTitle}</p>
    <div part="card-entry" class="card-entry"></div>
    ${error}
    <div class="actions">
      <button
        type="button"
        class="button button--primary"
        ?disabled=${addCard.step !== 'entry' || addCard.cardEntry.status !== 'ready'}
        @click=${() => void addCard.save()}
      >
        ${addCard.step === 'saving' ? text.savingCard : text.saveCard}
      </button>
      <button type="button" class="button button--secondary" @click=${() => addCard.cancel()}>${text.cancel}</button>
    </div>
  </div>`;
}

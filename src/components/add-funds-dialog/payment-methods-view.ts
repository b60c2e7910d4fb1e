// The add-funds form's "Pay with" choices: the saved cards (default and expired tagged), and a new card through the
// payment provider's card entry with "Save this card". A template only: the form passes its state and handlers.
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { PaymentMethod } from '../../client/schemas.js';
import type { AddFundsDialogMessages } from '../../i18n/messages/add-funds-dialog.js';
import { cardBrandName } from '../../payments/card-brand.js';
import { formatCardExpiry, isCardExpired } from '../../payments/card-expiry.js';
import type { ResourceState } from '../../store/billing-store.js';
import type { CardEntryStatus } from '../card-entry-controller.js';
import { icon } from './icons.js';

/** The value of "Use a new card" among the saved cards' ids. */
export const NEW_CARD = 'new';

export interface PaymentMethodsView {
  savedCards: ResourceState<PaymentMethod[]> | undefined;
  /** A card's id, {@link NEW_CARD}, or nothing chosen yet. */
  selected: string | undefined;
  /** Whether a payment provider can take a new card. */
  newCardOffered: boolean;
  cardEntryStatus: CardEntryStatus;
  /** Why the card entry could not load, in the form's language. */
  cardEntryMessage: string;
  saveCard: boolean;
  /** The form's locale, for the expiry dates. */
  locale: string;
  onSelect: (id: string) => void;
  onSaveCard: (save: boolean) => void;
  onRetry: () => void;
}

function renderSavedCard(text: AddFundsDialogMessages, card: PaymentMethod, view: PaymentMethodsView): TemplateResult {
  const expired = isCardExpired(card);
  return html`<label class="method ${expired ? 'method--expired' : ''}" part="method">
    <input
      type="radio"
      name="method"
      .checked=${live(view.selected === card.id)}
      ?disabled=${expired}
      @change=${() => view.onSelect(card.id)}
    />
    <span class="method-icon">${icon('card')}</span>
    <span class="method-text">
      <span class="method-name">${text.cardLabel(cardBrandName(card.brand), card.last4)}</span>
      <span class="method-meta">${text.expires(formatCardExpiry(card, view.locale))}</span>
    </span>
    ${
      expired
        ? html`<span part="tag" class="tag tag--danger">${text.expired}</span>`
        : card.isDefault
          ? html`<span part="tag" class="tag">${text.defaultCard}</span>`
          : nothing
    }
  </label>`;
}

function renderNewCard(text: AddFundsDialogMessages, view: PaymentMethodsView): TemplateResult {
  const selected = view.selected === NEW_CARD;
  return html`<label class="method" part="method">
      <input type="radio" name="method" .checked=${live(selected)} @change=${() => view.onSelect(NEW_CARD)} />
      <span class="method-icon">${icon('card')}</span>
      <span class="method-text"><span class="method-name">${text.newCard}</span></span>
    </label>
    <div part="new-card" class="new-card" ?hidden=${!selected}>
      <div part="card-entry" class="card-entry"></div>
      ${view.cardEntryStatus === 'loading' ? html`<p class="hint">${text.loadingCardEntry}</p>` : nothing}
      ${
        view.cardEntryStatus === 'unavailable'
          ? html`<p part="card-entry-error" class="notice notice--warning" role="alert">
              ${icon('error')}<span>${view.cardEntryMessage}</span>
            </p>`
          : nothing
      }
      ${
        view.cardEntryStatus === 'ready'
          ? html`<label part="save-card" class="checkbox">
              <input
                type="checkbox"
                .checked=${live(view.saveCard)}
                @change=${(event: Event) => view.onSaveCard((event.target as HTMLInputElement).checked)}
              />
              <span>${text.saveCard}</span>
            </label>`
          : nothing
      }
    </div>`;
}

export function renderPaymentMethods(text: AddFundsDialogMessages, view: PaymentMethodsView): TemplateResult {
  const saved = view.savedCards;
  let cards: TemplateResult;
  if (saved?.value) {
    cards = html`${saved.value.map((card) => renderSavedCard(text, card, view))}`;
  } else if (saved?.status === 'error') {
    cards = html`<p class="notice notice--danger">
      ${icon('error')}<span
        >${text.cardsError}
        <button type="button" part="retry-button" class="button button--link" @click=${view.onRetry}>${text.retry}</button></span
      >
    </p>`;
  } else {
    cards = html`<p class="hint" aria-busy="true">${text.loadingCards}</p>`;
  }
  return html`<div class="methods">${cards} ${view.newCardOffered ? renderNewCard(text, view) : nothing}</div>`;
}

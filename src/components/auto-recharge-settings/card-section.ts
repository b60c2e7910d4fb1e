// The auto-recharge form's card section: the saved cards to choose from, and "Add a card" through the payment provider.
import { html, nothing, type TemplateResult } from 'lit';
import type { PaymentMethod } from '../../client/schemas.js';
import type { AutoRechargeSettingsMessages } from '../../i18n/messages/auto-recharge-settings.js';
import { describeCard } from '../../payments/card-brand.js';
import type { AddCardController } from '../add-card-controller.js';
import { icon } from './icons.js';
import { formatCardExpiry, isCardExpired } from '../../payments/card-expiry.js';

export interface CardPickerProps {
  text: AutoRechargeSettingsMessages;
  paymentMethods: readonly PaymentMethod[];
  selected: string | null;
  /** The card field's problem, shown under the list. */
  problem: string | null;
  /** While a save runs. */
  busy: boolean;
  onSelect: (paymentMethodId: string) => void;
  /** Null without a payment provider: no "Add a card"; undefined until its first press loads it. */
  addCard: AddCardController | undefined | null;
  /** Why "Add a card" could not load. */
  addCardLoadError: string;
  onAddCard: () => void;
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
    ${props.addCard === null ? nothing : renderAddCard(props, props.addCard)}
  </fieldset>`;
}

function renderAddCard(
  { text, busy, addCardLoadError, onAddCard }: CardPickerProps,
  addCard: AddCardController | undefined,
): TemplateResult {
  const problem = addCard?.error || addCardLoadError;
  const error = problem ? html`<p class="field-error" role="alert">${icon('error')}<span>${problem}</span></p>` : nothing;
  if (!addCard || addCard.step === 'closed') {
    return html`<button
        type="button"
        part="add-card-button"
        class="button button--secondary add-card"
        ?disabled=${busy}
        @click=${onAddCard}
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

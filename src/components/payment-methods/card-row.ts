// One saved card in <payment-methods>: its name, expiry and tags, its actions, and (when asked) the confirmation to remove it.
import { html, nothing, type TemplateResult } from 'lit';
import type { PaymentMethod } from '../../client/schemas.js';
import type { PaymentMethodsMessages } from '../../i18n/messages/payment-methods.js';
import { describeCard } from '../../payments/card-brand.js';
import { cardExpiryState, formatCardExpiry } from '../../payments/card-expiry.js';
import { icon } from './icons.js';

/** A change to one card that the widget sends to the backend. */
export interface CardAction {
  readonly kind: 'remove' | 'default';
  readonly card: PaymentMethod;
}

export interface CardRowProps {
  readonly text: PaymentMethodsMessages;
  readonly locale: string;
  readonly card: PaymentMethod;
  /** Its position: element ids are built from it, never from a backend's id. */
  readonly index: number;
  readonly isDefault: boolean;
  /** Automatic recharge is on and charges this card. */
  readonly usedByAutoRecharge: boolean;
  readonly now: Date;
  /** The confirmation to remove this card is open. */
  readonly confirming: boolean;
  /** What is being sent for any card (one change at a time), if anything. */
  readonly running: CardAction | undefined;
  /** The change to this card that failed, with its words. */
  readonly failure: { readonly action: CardAction; readonly message: string } | undefined;
  /** A change is taking longer than usual. */
  readonly slow: boolean;
  readonly onAskRemove: () => void;
  readonly onCancelRemove: () => void;
  readonly onRun: (action: CardAction) => void;
}

/** Keeps a card name in its own direction inside a sentence (FSI … PDI). */
export function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

function renderTags(props: CardRowProps, expiry: 'valid' | 'expiring' | 'expired'): TemplateResult {
  const { text } = props;
  return html`<span class="tags">
    ${props.isDefault ? html`<span part="tag default-tag" class="tag tag--accent">${text.defaultTag}</span>` : nothing}
    ${props.usedByAutoRecharge ? html`<span part="tag auto-recharge-tag" class="tag">${text.autoRechargeTag}</span>` : nothing}
    ${expiry === 'expiring' ? html`<span part="tag expiring-tag" class="tag tag--warning">${text.expiringTag}</span>` : nothing}
    ${expiry === 'expired' ? html`<span part="tag expired-tag" class="tag tag--danger">${text.expiredTag}</span>` : nothing}
  </span>`;
}

function renderConfirm(props: CardRowProps, name: string): TemplateResult {
  const { text, index } = props;
  const removing = props.running?.kind === 'remove' && props.running.card === props.card;
  const busy = props.running !== undefined;
  return html`<div
    part="confirm"
    class="confirm ${props.usedByAutoRecharge ? 'confirm--warning' : ''}"
    role="group"
    aria-labelledby=${`confirm-title-${index}`}
    aria-describedby=${`confirm-body-${index}`}
    @keydown=${(event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        props.onCancelRemove();
      }
    }}
  >
    <p class="confirm-title" id=${`confirm-title-${index}`}>
      ${props.usedByAutoRecharge ? icon('warning') : nothing}${text.confirmRemoveTitle(name)}
    </p>
    <div class="confirm-body" id=${`confirm-body-${index}`}>
      ${props.usedByAutoRecharge ? html`<p part="confirm-warning" class="confirm-warning">${text.confirmRemoveAutoRecharge(name)}</p>` : nothing}
      ${props.isDefault ? html`<p>${text.confirmRemoveDefault}</p>` : nothing}
      <p>${text.confirmRemoveBody}</p>
    </div>
    <div class="actions">
      <button
        type="button"
        part="confirm-remove-button"
        class="button button--danger"
        aria-disabled=${busy ? 'true' : 'false'}
        @click=${() => props.onRun({ kind: 'remove', card: props.card })}
      >
        ${removing ? html`<span class="spinner" aria-hidden="true"></span>${text.removing}` : text.confirmRemoveButton}
      </button>
      <button type="button" part="cancel-button" class="button button--secondary" ?disabled=${removing} @click=${props.onCancelRemove}>
        ${text.cancel}
      </button>
    </div>
  </div>`;
}

function renderFailure(props: CardRowProps, name: string): TemplateResult | typeof nothing {
  const failure = props.failure;
  if (!failure) return nothing;
  const { text } = props;
  const headline = failure.action.kind === 'remove' ? text.removeFailed(name) : text.defaultFailed(name);
  return html`<div part="error" class="notice notice--danger row-error" role="alert">
    ${icon('error')}
    <span class="row-error-text">${headline} ${failure.message}</span>
    <button
      type="button"
      part="retry-button"
      class="button button--secondary"
      ?disabled=${props.running !== undefined}
      @click=${() => props.onRun(failure.action)}
    >
      ${text.retry}
    </button>
  </div>`;
}

export function renderCardRow(props: CardRowProps): TemplateResult {
  const { text, card, index, locale } = props;
  const name = describeCard(card);
  const expiry = cardExpiryState(card, props.now);
  const date = formatCardExpiry(card, locale);
  const busy = props.running !== undefined;
  const settingDefault = props.running?.kind === 'default' && props.running.card === card;
  const mine = props.running?.card === card;
  const nameId = `card-name-${index}`;
  return html`<li
    part="card"
    class="card ${expiry === 'expired' ? 'card--expired' : ''}"
    data-index=${index}
    data-card=${card.id}
    aria-busy=${mine ? 'true' : 'false'}
  >
    <div class="card-main">
      <span class="card-icon">${icon('card')}</span>
      <span class="card-text">
        <span part="card-name" class="card-name" id=${nameId}>${name}</span>
        <span part="expiry" class="expiry ${expiry === 'expired' ? 'expiry--expired' : ''}"
          >${expiry === 'expired' ? text.expired(date) : text.expires(date)}</span
        >
      </span>
      ${renderTags(props, expiry)}
      <span class="card-actions">
        ${
          !props.isDefault && expiry !== 'expired'
            ? html`<button
                type="button"
                part="make-default-button"
                class="button button--secondary"
                aria-describedby=${nameId}
                aria-disabled=${busy ? 'true' : 'false'}
                @click=${() => props.onRun({ kind: 'default', card })}
              >
                ${settingDefault ? html`<span class="spinner" aria-hidden="true"></span>${text.makingDefault}` : text.makeDefault}
              </button>`
            : nothing
        }
        <button
          type="button"
          part="remove-button"
          class="button button--secondary"
          aria-describedby=${nameId}
          aria-expanded=${props.confirming ? 'true' : 'false'}
          aria-disabled=${busy ? 'true' : 'false'}
          @click=${props.onAskRemove}
        >
          ${text.remove}
        </button>
      </span>
    </div>
    ${props.confirming ? renderConfirm(props, isolate(name)) : nothing} ${renderFailure(props, isolate(name))}
    ${mine && props.slow ? html`<p part="progress" class="notice notice--neutral" role="status">${text.slow}</p>` : nothing}
  </li>`;
}

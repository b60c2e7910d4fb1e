// What the add-funds form shows of a payment: its progress, the success view, the unconfirmed view (outcome unknown)
// and the earlier payments still unconfirmed. Templates only: the form passes its words, its state and its handlers.
import { html, nothing, type TemplateResult } from 'lit';
import type { PaymentMethod } from '../../client/schemas.js';
import type { LocalizableError } from '../../i18n/messages/errors.js';
import type { AddFundsDialogMessages } from '../../i18n/messages/add-funds-dialog.js';
import { formatMoney } from '../../money/money.js';
import { describeCard } from '../../payments/card-brand.js';
import { isolate } from './amount-check.js';
import { icon } from './icons.js';
import type { TopUpAttempt } from './top-up-attempt.js';

/** The form's words and how it says an error, for every view here. */
export interface ViewWords {
  text: AddFundsDialogMessages;
  locale: string;
  errorMessage: (error: LocalizableError) => string;
  declineMessage: (failure: { code: string; message: string }) => string;
}

/** What the payment is doing now, in words. */
export function statusText(words: ViewWords, attempt: TopUpAttempt): string {
  const text = words.text;
  switch (attempt.status) {
    case 'authenticating':
      return text.statusAuthenticating;
    case 'confirming':
      return text.statusConfirming;
    case 'processing':
      return text.statusProcessing;
    default:
      return text.statusSubmitting(isolate(formatMoney(attempt.amount, words.locale)), attempt.sourceLabel);
  }
}

/** The running payment's status line; after Escape, also that closing does not stop it. */
export function renderStatus(words: ViewWords, line: string, escapeNotice: boolean): TemplateResult {
  const text = words.text;
  return html`<p part="status" class="notice notice--neutral" role="status" tabindex="-1">
    <span class="spinner" aria-hidden="true"></span>
    <span>${line}${escapeNotice ? html`<br /><strong>${text.stillProcessing(text.closeWhilePaying)}</strong>` : nothing}</span>
  </p>`;
}

/** Why the last press of Pay charged nothing: declined, or interrupted with nothing charged. */
export function renderAttemptProblem(words: ViewWords, attempt: TopUpAttempt): TemplateResult | typeof nothing {
  const text = words.text;
  const failure = attempt.failure;
  if (attempt.status === 'declined' && failure) {
    return html`<div part="error" class="notice notice--danger" role="alert" tabindex="-1">
      ${icon('error')}
      ${
        failure.code === 'invalid_card_details'
          ? html`<span>${failure.message}</span>`
          : html`<span><strong>${text.declinedTitle}</strong> ${words.declineMessage(failure)} ${text.declinedHint}</span>`
      }
    </div>`;
  }
  if (attempt.status !== 'interrupted' || attempt.outcomeUnknown) return nothing;
  return html`<div part="error" class="notice notice--danger" role="alert" tabindex="-1">
    ${icon('error')}
    <span
      ><strong>${text.interruptedTitle}</strong> ${attempt.error ? words.errorMessage(attempt.error) : ''}
      ${attempt.error?.retryable !== false ? text.interruptedHint : nothing}</span
    >
  </div>`;
}

/** The way out while a payment runs: it says that the payment carries on. */
export function renderCloseWhilePaying(text: AddFundsDialogMessages, onClose: () => void): TemplateResult {
  return html`<button type="button" part="close-while-paying-button" class="button button--secondary" @click=${onClose}>
    ${text.closeWhilePaying}
  </button>`;
}

export interface UnconfirmedView {
  attempt: TopUpAttempt;
  /** The person asked to pay another way: the warning and its two answers show. */
  payDifferentlyAsked: boolean;
  escapeNotice: boolean;
  onCheckAgain: (event: Event) => void;
  onPayDifferently: () => void;
  onPayDifferentlyBack: () => void;
  onPayDifferentlyConfirmed: () => void;
  onClose: () => void;
}

/**
 * The payment whose outcome is unknown, frozen: its amount and card, "Check again" (the same key),
 * and a new payment only after a warning that the first may have gone through.
 */
export function renderUnconfirmed(words: ViewWords, view: UnconfirmedView): TemplateResult {
  const { text, locale } = words;
  const attempt = view.attempt;
  const checking = !attempt.settled;
  const amount = isolate(formatMoney(attempt.amount, locale));
  const asked = view.payDifferentlyAsked && !checking;
  return html`<form class="form" novalidate @submit=${view.onCheckAgain}>
    <div class="body" part="unconfirmed">
      <div part="error" class="notice notice--warning" role="alert" tabindex="-1">
        ${icon('error')}
        <span
          ><strong>${text.unconfirmedTitle(amount)}</strong> ${text.unconfirmedHint}
          ${!checking && attempt.error ? words.errorMessage(attempt.error) : nothing}</span
        >
      </div>
      <dl class="preview">
        <div>
          <dt>${text.amountLegend}</dt>
          <dd>${formatMoney(attempt.amount, locale)}</dd>
        </div>
        <div>
          <dt>${text.methodLegend}</dt>
          <dd>${attempt.sourceLabel}</dd>
        </div>
      </dl>
      <div part="challenge" class="challenge"></div>
      ${
        checking
          ? renderStatus(words, attempt.status === 'submitting' ? text.checking : statusText(words, attempt), view.escapeNotice)
          : nothing
      }
      ${
        asked
          ? html`<div part="pay-differently-warning" class="notice notice--danger" role="alert" tabindex="-1">
              ${icon('error')}<span>${text.payDifferentlyWarning(amount)}</span>
            </div>`
          : nothing
      }
    </div>
    <div part="footer" class="footer">
      ${
        asked
          ? html`<button
                type="button"
                part="pay-differently-back-button"
                class="button button--secondary"
                @click=${view.onPayDifferentlyBack}
              >
                ${text.payDifferentlyBack}
              </button>
              <button
                type="button"
                part="pay-differently-confirm-button"
                class="button button--secondary"
                @click=${view.onPayDifferentlyConfirmed}
              >
                ${text.payDifferentlyConfirm}
              </button>`
          : html`${
                checking
                  ? renderCloseWhilePaying(text, view.onClose)
                  : html`<button
                      type="button"
                      part="pay-differently-button"
                      class="button button--secondary"
                      @click=${view.onPayDifferently}
                    >
                      ${text.payDifferently}
                    </button>`
              }
              <button
                type="submit"
                part="check-again-button"
                class="button button--primary"
                ?disabled=${checking}
                aria-busy=${checking ? 'true' : 'false'}
              >
                ${checking ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${text.checkAgain}
              </button>`
      }
    </div>
  </form>`;
}

export interface EarlierPaymentsView {
  /** Set aside or replaced while their outcome was unknown, oldest first. */
  attempts: readonly TopUpAttempt[];
  /** The store's current attempt: it may always be checked again. */
  current?: TopUpAttempt;
  onCheckAgain: (attempt: TopUpAttempt) => void;
}

/** Payments set aside while their outcome was unknown: still offered a check, or told how they ended. */
export function renderEarlierPayments(words: ViewWords, view: EarlierPaymentsView): TemplateResult | typeof nothing {
  if (view.attempts.length === 0) return nothing;
  const text = words.text;
  return html`${view.attempts.map((earlier) => {
    const amount = isolate(formatMoney(earlier.amount, words.locale));
    if (earlier.status === 'succeeded') {
      return html`<p part="earlier-payment" class="notice notice--success" role="status">
        ${icon('check')}<span>${text.earlierSucceeded(amount)}</span>
      </p>`;
    }
    if (earlier.status === 'declined') {
      return html`<p part="earlier-payment" class="notice notice--neutral" role="status">
        ${icon('error')}<span>${text.earlierFailed(amount)}</span>
      </p>`;
    }
    const checking = !earlier.settled;
    // Once another payment replaced it, only a read of a top-up the backend named: replaying its
    // create could charge it now, on top of the payment made instead.
    const checkable = earlier === view.current || earlier.topUp !== undefined;
    return html`<div part="earlier-payment" class="notice notice--warning">
      ${checking ? html`<span class="spinner" aria-hidden="true"></span>` : icon('error')}
      <span
        >${text.earlierUnconfirmed(amount, earlier.sourceLabel)}
        ${
          checkable
            ? html`<button
                type="button"
                part="check-again-button"
                class="button button--link"
                ?disabled=${checking}
                @click=${() => view.onCheckAgain(earlier)}
              >
                ${checking ? text.checking : text.checkAgain}
              </button>`
            : nothing
        }</span
      >
    </div>`;
  })}`;
}

/**
 * The card a succeeded top-up charged: as the attempt knows it (a saved card, or a new card the provider named),
 * else the saved card the backend recorded it on (a new card saved with the payment), else "a new card".
 */
function chargedCardLabel(attempt: TopUpAttempt, savedCards: readonly PaymentMethod[] | undefined): string {
  if (attempt.source.type === 'saved_card' || attempt.newCard) return attempt.sourceLabel;
  const id = attempt.topUp?.paymentMethodId;
  const saved = id ? savedCards?.find((card) => card.id === id) : undefined;
  return saved ? describeCard(saved) : attempt.sourceLabel;
}

export interface SuccessView {
  attempt: TopUpAttempt;
  savedCards: readonly PaymentMethod[] | undefined;
  earlier: TemplateResult | typeof nothing;
  onDone: () => void;
}

export function renderSuccess(words: ViewWords, view: SuccessView): TemplateResult {
  const { text, locale } = words;
  const { attempt } = view;
  const balanceAfter = attempt.balanceAfter;
  return html`<div part="success" class="success">
    ${view.earlier}
    <span class="success-icon">${icon('check')}</span>
    <h3 class="success-title">${text.successTitle}</h3>
    <p class="success-body" role="status">
      ${text.successBody(isolate(formatMoney(attempt.amount, locale)), chargedCardLabel(attempt, view.savedCards))}
    </p>
    ${
      balanceAfter
        ? html`<div part="success-balance" class="success-balance">
            <span class="success-balance-label">${text.successBalance}</span>
            <span class="success-balance-amount">${formatMoney(balanceAfter, locale)}</span>
          </div>`
        : nothing
    }
    <button type="button" part="done-button" class="button button--primary done" @click=${view.onDone}>${text.done}</button>
  </div>`;
}

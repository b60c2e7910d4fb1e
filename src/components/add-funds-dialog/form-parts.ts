// Pieces of the add-funds form's template and DOM that need none of its state: the footer, the repeat question, the
// account's load failure, Enter on a choice, and moving focus or scrolling within the form's shadow root.
import { html, nothing, type TemplateResult } from 'lit';
import type { AddFundsDialogMessages } from '../../i18n/messages/add-funds-dialog.js';
import { formatMoney, type Money } from '../../money/money.js';
import { isolate, timeAgo } from './amount-check.js';
import { icon } from './icons.js';
import { renderCloseWhilePaying } from './outcome-views.js';

export interface FooterView {
  paying: boolean;
  payLabel: string;
  /** The repeat question is waiting for an answer: its two buttons replace Cancel and Pay. */
  repeat?: { amount: Money };
  onRepeatBack: () => void;
  onRepeatConfirm: () => void;
  onClose: () => void;
}

export function renderFooter(text: AddFundsDialogMessages, locale: string, view: FooterView): TemplateResult {
  const { paying, repeat } = view;
  return html`<div part="footer" class="footer">
    ${
      repeat && !paying
        ? html`<button type="button" part="repeat-back-button" class="button button--secondary" @click=${view.onRepeatBack}>
              ${text.repeatBack}
            </button>
            <button type="button" part="repeat-confirm-button" class="button button--primary" @click=${view.onRepeatConfirm}>
              ${text.repeatConfirm(isolate(formatMoney(repeat.amount, locale)))}
            </button>`
        : html`${
              paying
                ? renderCloseWhilePaying(text, view.onClose)
                : html`<button type="button" part="cancel-button" class="button button--secondary" @click=${view.onClose}>
                    ${text.cancel}
                  </button>`
            }
            <button
              type="submit"
              part="pay-button"
              class="button button--primary pay"
              ?disabled=${paying}
              aria-busy=${paying ? 'true' : 'false'}
            >
              ${paying ? html`<span class="spinner" aria-hidden="true"></span>` : icon('lock')}${view.payLabel}
            </button>`
    }
  </div>`;
}

/** "You added $50.00 1 minute ago. Add another $50.00?" */
export function renderRepeatQuestion(text: AddFundsDialogMessages, locale: string, repeat: { amount: Money; at: number }): TemplateResult {
  return html`<div part="repeat-warning" class="notice notice--warning" role="alert" tabindex="-1">
    ${icon('error')}<span>${text.repeatQuestion(isolate(formatMoney(repeat.amount, locale)), timeAgo(locale, repeat.at))}</span>
  </div>`;
}

/** The account could not be read: why, and "Try again". */
export function renderLoadError(text: AddFundsDialogMessages, message: string, onRetry: () => void): TemplateResult {
  return html`<div class="body">
    <div part="error" class="notice notice--danger" role="alert" tabindex="-1">${icon('error')}<span>${message}</span></div>
    <button type="button" part="retry-button" class="button button--secondary" @click=${onRetry}>${text.retry}</button>
  </div>`;
}

/** The form's problem with the chosen card ("Choose a card"), when there is one. */
export function renderFormError(message: string): TemplateResult | typeof nothing {
  return message
    ? html`<div part="error" class="notice notice--danger" role="alert">${icon('error')}<span>${message}</span></div>`
    : nothing;
}

/**
 * Enter pays from the amount field (and Pay) only. In a form the browser also submits on Enter in a preset
 * or card radio or the "save" checkbox: after one payment, an Enter still repeating closes the success view,
 * reopens the dialog from "Add funds" with focus on a preset, and would pay again from there.
 */
export function keepEnterOffChoices(event: KeyboardEvent): void {
  if (event.key !== 'Enter' || event.isComposing) return;
  const target = event.composedPath()[0];
  if (target instanceof HTMLInputElement && (target.type === 'radio' || target.type === 'checkbox')) event.preventDefault();
}

export function focusPart(root: ParentNode, name: string): void {
  root.querySelector<HTMLElement>(`[part~="${name}"]`)?.focus();
}

/** The amount: the checked preset, else the first preset or the "Other amount" field. */
export function focusFirstField(root: ParentNode): void {
  const field =
    root.querySelector<HTMLElement>('input[name="preset"]:checked') ??
    root.querySelector<HTMLElement>('input[name="preset"], [part~="custom-amount"]');
  field?.focus();
}

/** Focuses the first of `selectors` found; false when none is, or something is still loading (`aria-busy`). */
export function focusFirstOf(root: ParentNode, selectors: readonly string[]): boolean {
  if (root.querySelector('[aria-busy="true"]')) return false;
  const target = selectors.map((selector) => root.querySelector<HTMLElement>(selector)).find((found) => found !== null);
  target?.focus();
  return true;
}

/** On a short screen the new-card box opens below the fold: brings it up. */
export function revealNewCard(root: ParentNode): void {
  const newCard = root.querySelector<HTMLElement>('.new-card');
  if (!newCard || newCard.hidden) return;
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  newCard.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: reduceMotion ? 'auto' : 'smooth' });
}

// The add-funds form's "Amount" group: the presets, "Other amount" with its limits and problem, and the balance after.
// A template only: the form passes its state and handlers.
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Account } from '../../client/schemas.js';
import type { AddFundsDialogMessages } from '../../i18n/messages/add-funds-dialog.js';
import { addMoney, formatMoney, moneyInputPlaceholder } from '../../money/money.js';
import { isolate, type AmountCheck } from './amount-check.js';
import { icon } from './icons.js';

export interface AmountView {
  account: Account;
  check: AmountCheck;
  customText: string;
  presetAmount: number | undefined;
  /** The amount's problem shows once the person left the field or pressed Pay. */
  showAmountError: boolean;
  onPreset: (amount: number) => void;
  onCustomInput: (event: Event) => void;
  onCustomBlur: () => void;
}

export function renderAmount(text: AddFundsDialogMessages, locale: string, view: AmountView): TemplateResult {
  const { account, check } = view;
  const amountError = view.showAmountError && !check.ok ? check.message : '';
  const { minimum, maximum, presets } = account.topUpLimits;
  let preview = text.currentBalance(isolate(formatMoney(account.balance, locale)));
  if (check.ok) {
    try {
      preview = text.newBalance(isolate(formatMoney(addMoney(account.balance, check.money), locale)));
    } catch {
      // A balance in another currency than the limits cannot be summed; the current balance still shows.
    }
  }
  return html`<div class="presets">
      ${presets.map(
        (preset) =>
          html`<label part="preset-chip" class="chip">
            <input
              type="radio"
              name="preset"
              part="preset"
              .checked=${live(view.customText.trim() === '' && view.presetAmount === preset.amount)}
              @change=${() => view.onPreset(preset.amount)}
            />
            <span>${formatMoney(preset, locale)}</span>
          </label>`,
      )}
    </div>
    <div class="field">
      <label for="custom-amount" part="label" class="field-label">${text.customAmount}</label>
      <input
        id="custom-amount"
        part="custom-amount"
        class="input ${amountError ? 'input--invalid' : ''}"
        type="text"
        inputmode="decimal"
        autocomplete="off"
        placeholder=${moneyInputPlaceholder(account.currency, locale)}
        aria-invalid=${amountError ? 'true' : 'false'}
        aria-describedby=${amountError ? 'amount-limits amount-error' : 'amount-limits'}
        .value=${live(view.customText)}
        @input=${view.onCustomInput}
        @blur=${view.onCustomBlur}
      />
      <p part="hint" class="hint" id="amount-limits">
        ${text.amountLimits(isolate(formatMoney(minimum, locale)), isolate(formatMoney(maximum, locale)))}
      </p>
      ${amountError ? html`<p part="amount-error" class="field-error" id="amount-error">${icon('error')}<span>${amountError}</span></p>` : nothing}
    </div>
    <p part="preview" class="preview" aria-live="polite">${preview}</p>`;
}

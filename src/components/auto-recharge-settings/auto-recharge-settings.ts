// <auto-recharge-settings>: turn automatic recharge on or off, set its threshold, amount, card and cap, and see its recent attempts.
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BillingClient } from '../../client/billing-client.js';
import { BillingError, toBillingError } from '../../client/errors.js';
import type { Account, AutoRechargeSettings, PaymentMethod } from '../../client/schemas.js';
import type { AutoRechargeSettingsMessages } from '../../i18n/messages/auto-recharge-settings.js';
import { currencyDigits, moneyInputPlaceholder, type Money } from '../../money/money.js';
import { describeCard } from '../../payments/card-brand.js';
import type { PaymentProvider } from '../../payments/payment-provider.js';
import { StoreController } from '../../store/store-controller.js';
import { BillingElement } from '../billing-element.js';
import { renderAttempts } from './attempts-view.js';
import { autoRechargeSettingsStyles } from './auto-recharge-settings.styles.js';
import type { AddCardController } from '../add-card-controller.js';
import { renderCardPicker } from './card-section.js';
import { renderConflict } from './conflict-view.js';
import { AutoRechargeDraftController, type MoneyField } from './draft-controller.js';
import { icon } from './icons.js';
import { defaultAutoRechargeSettingsMessages } from './messages.js';
import {
  isDraftChanged,
  validateDraft,
  type AutoRechargeDraft,
  type AutoRechargeField,
  type AutoRechargeValidation,
} from './validation.js';
import { renderModeChoice } from './mode-choice.js';
import { chargeNowText, moneyText, problemText, summaryText, type Wording } from './words.js';

export type { AutoRechargeSettingsMessages } from '../../i18n/messages/auto-recharge-settings.js';
export { defaultAutoRechargeSettingsMessages };

/**
 * Automatic recharge settings: an on/off switch, the balance threshold that triggers a recharge
 * and what it adds: a fixed amount, or enough to bring the balance back up to a target balance
 * (locale-aware money inputs), the saved card it charges (with "Add a
 * card" through a PaymentProvider), an optional monthly cap, a plain-words summary, and the
 * recent automatic recharges. Saves with optimistic concurrency: when someone else saved in
 * between, both versions are shown side by side and nothing is overwritten silently.
 *
 * @tagname auto-recharge-settings
 * @summary Threshold, a fixed recharge amount or a target balance, card and monthly cap for automatic top-ups, with a summary and recent attempts.
 *
 * @csspart base - The card around everything.
 * @csspart header - Heading, description and the switch.
 * @csspart heading - The "Automatic recharge" heading.
 * @csspart description - The sentence under the heading.
 * @csspart switch - The on/off switch (a button with role="switch").
 * @csspart disabled-banner - Why the backend turned recharge off, and how to fix it.
 * @csspart form - The form with the fields.
 * @csspart mode - The choice of how much a recharge adds (a fixed amount, or up to a target balance).
 * @csspart mode-option - Each choice of the mode (a radio and its label).
 * @csspart label - Each money field's label.
 * @csspart input - Each money input.
 * @csspart currency - The currency code beside each money input.
 * @csspart hint - The hint under each money field.
 * @csspart cap-checkbox - The "Limit automatic recharges per month" checkbox and its label.
 * @csspart field-error - Each message under a field.
 * @csspart legend - The legend of each group: "How much to add" above the modes, "Card for automatic recharges" above the saved cards.
 * @csspart card-option - Each saved card to choose from.
 * @csspart tag - The "Default" tag of a saved card.
 * @csspart add-card-button - The "Add a card" button.
 * @csspart card-entry - Where the payment provider draws its card form.
 * @csspart new-card - The box around the new card's entry and its buttons.
 * @csspart summary - The plain-words summary sentence.
 * @csspart warning - "Saving will charge your card now": how much, the balance it leaves, and whether that is still below the threshold.
 * @csspart conflict - The side-by-side comparison after a concurrent edit.
 * @csspart keep-mine-button - "Keep mine" in the conflict.
 * @csspart use-theirs-button - "Use the saved settings" in the conflict.
 * @csspart save-button - The Save button.
 * @csspart unsaved - The "Unsaved changes" indicator.
 * @csspart discard-button - "Discard changes".
 * @csspart progress - "Turning off…" while the switch saves.
 * @csspart saved-notice - The confirmation after a save.
 * @csspart error - A load or save error.
 * @csspart retry-button - "Try again" after a load error.
 * @csspart attempts - The recent automatic recharges.
 * @csspart attempts-heading - The "Recent automatic recharges" heading.
 * @csspart attempt - Each recent recharge.
 * @csspart outcome - Each attempt's outcome badge (succeeded, failed, skipped).
 * @csspart skeleton - Each placeholder block shown while loading.
 *
 * @cssprop [--billing-auto-recharge-min-block-size=auto] - Block size reserved in every state; give auto-recharge-settings:not(:defined) the same (no layout shift).
 * @cssprop [--billing-auto-recharge-surface=var(--billing-color-surface)] - Card background.
 * @cssprop [--billing-auto-recharge-border-color=var(--billing-color-border)] - Card border colour.
 * @cssprop [--billing-auto-recharge-radius=calc(var(--billing-radius) * 1.5)] - Card corner radius.
 * @cssprop [--billing-auto-recharge-padding=calc(var(--billing-space) * 5)] - Card padding.
 * @cssprop [--billing-color-accent=#4f46e5] - Global role: switch, Save button and focus ring.
 * @cssprop [--billing-color-text=#1b2030] - Global role: main text.
 * @cssprop [--billing-color-text-muted=#596174] - Global role: hints and secondary text.
 * @cssprop [--billing-color-surface-raised=#f5f6fa] - Global role: summary and list backgrounds.
 * @cssprop [--billing-color-border=#dfe3ea] - Global role: borders and dividers.
 * @cssprop [--billing-color-danger=#b42318] - Global role: errors and failed attempts.
 * @cssprop [--billing-color-warning=#8a4b00] - Global role: the charge-now warning and the turned-off banner.
 * @cssprop [--billing-color-success=#067647] - Global role: saved notice and succeeded attempts.
 * @cssprop [--billing-font-family=system-ui] - Global role: typeface.
 * @cssprop [--billing-radius=0.5rem] - Global role: corner radius.
 * @cssprop [--billing-space=0.25rem] - Global role: spacing unit.
 *
 * @fires {AutoRechargeSavedEvent} billing-auto-recharge-saved - Settings were saved (also when turned off). `event.settings` is what the backend stored.
 */
export class AutoRechargeSettingsElement extends BillingElement<'autoRechargeSettings'> {
  static override styles = [BillingElement.styles, autoRechargeSettingsStyles];

  /** The host's BillingClient (property only). Takes precedence over a surrounding `<billing-provider>`. */
  @property({ attribute: false })
  client?: BillingClient;

  /** Collects a new card for "Add a card" (mode `setup`: saved, not charged). Without one, the button is hidden. */
  @property({ attribute: false })
  paymentProvider?: PaymentProvider;

  /** BCP 47 locale for the wording (en, de, fr, ja, ar ship; others through `registerLocaleMessages`), numbers and dates. Defaults to the nearest `lang`, then the browser's language. When it differs from the page's language, the element gets its own `lang` (and `dir` when the direction differs, as for Arabic). */
  @property()
  locale?: string;

  /** Replaces any of the visible or spoken strings. */
  @property({ attribute: false })
  messages: Partial<AutoRechargeSettingsMessages> = {};

  /** How many recent attempts to list. */
  @property({ type: Number, attribute: 'attempt-limit' })
  attemptLimit = 5;

  @state() private announcement = '';

  private readonly billing = new StoreController(this);
  private readonly form = new AutoRechargeDraftController(this, {
    store: () => this.billing.store,
    locale: () => this.resolvedLocale,
    text: () => this.text,
    announce: (message) => {
      this.announcement = message;
    },
    focusPart: (name) => this.focusPart(name),
  });
  /** "Add a card", created on its first press: the card entry's code loads then, not with the widget. */
  @state() private addCard?: AddCardController;
  /** Why that code could not load; the button stays to try again. */
  @state() private addCardLoadError = '';

  constructor() {
    super('autoRechargeSettings', defaultAutoRechargeSettingsMessages);
  }

  /** The code behind "Add a card", fetched on its first press. */
  protected loadAddCard(): Promise<typeof import('../add-card-controller.js')> {
    return import('../add-card-controller.js');
  }

  private async openAddCard(currency: string): Promise<void> {
    if (!this.addCard) {
      try {
        const { AddCardController } = await this.loadAddCard();
        this.addCard ??= new AddCardController(this, {
          provider: () => this.paymentProvider,
          locale: () => this.resolvedLocale,
          store: () => this.billing.store,
          errorMessage: (error) => this.localize.errorMessage(toBillingError(error)),
          onAdded: (card) => {
            this.form.edit({ paymentMethodId: card.id }, 'paymentMethodId');
            this.announcement = this.text.cardAdded(describeCard(card));
            this.focusPart('save-button');
          },
          focusPart: (name) => this.focusPart(name),
        });
        this.addCardLoadError = '';
      } catch {
        this.addCardLoadError = this.localize.errorMessage(new BillingError('network'));
        return;
      }
    }
    await this.addCard.open(currency);
  }

  private get wording(): Wording {
    return { text: this.text, locale: this.resolvedLocale };
  }

  private focusPart(name: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[part~="${name}"]`)?.focus());
  }

  private onRetryLoad(): void {
    const store = this.billing.store;
    if (!store) return;
    this.focusAfterRetry(['[part~="retry-button"]', '[part~="switch"]', '[part~="base"]']);
    if (store.account.status === 'error') void store.loadAccount();
    if (store.autoRecharge.status === 'error') void store.loadAutoRecharge();
    if (store.paymentMethods.status === 'error') void store.loadPaymentMethods();
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    const account = this.billing.account.value;
    const paymentMethods = this.billing.store?.paymentMethods.value;
    if (account && paymentMethods) this.form.submit(account, paymentMethods);
  }

  // ------------------------------------------------------------------ render

  protected override render() {
    const store = this.billing.store;
    const account = this.billing.account;
    const settings = store?.autoRecharge;
    const cards = store?.paymentMethods;
    const failed = [account, settings, cards].find((resource) => resource?.status === 'error' && resource.error);
    const { base, draft } = this.form;
    let body: TemplateResult;
    if (failed?.error && !(account.value && settings?.value && cards?.value)) {
      body = this.renderLoadError(failed.error);
    } else if (account.value && settings?.value && cards?.value && base && draft) {
      body = this.renderReady(account.value, settings.value, cards.value, base, draft);
    } else {
      body = this.renderSkeleton();
    }
    return html`${body}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
  }

  private renderHeader(switchPart: TemplateResult | typeof nothing): TemplateResult {
    const text = this.text;
    return html`<div part="header" class="header">
      <div class="heading-group">
        <h2 part="heading" class="heading" id="heading">${text.heading}</h2>
        <p part="description" class="description">${text.description}</p>
      </div>
      ${switchPart}
    </div>`;
  }

  /**
   * Shaped like the "off" state (the usual first answer) with its words drawn as placeholders, so it wraps, and is as
   * tall, as that state at any width and in any language: nothing below moves when the settings arrive.
   */
  private renderSkeleton(): TemplateResult {
    const text = this.text;
    return html`<section part="base" class="card" aria-labelledby="heading" aria-busy="true">
      ${this.renderHeader(html`<span part="skeleton" class="skeleton skeleton-switch"></span>`)}
      <div class="skeleton-body" aria-hidden="true">
        <p class="summary"><span part="skeleton" class="skeleton skeleton-words">${text.summaryOff}</span></p>
        <div class="attempts">
          <p class="subheading"><span part="skeleton" class="skeleton skeleton-words">${text.recentHeading}</span></p>
          <p class="hint"><span part="skeleton" class="skeleton skeleton-words">${text.recentEmpty}</span></p>
        </div>
      </div>
      <span class="visually-hidden">${text.loading}</span>
    </section>`;
  }

  private renderLoadError(error: BillingError): TemplateResult {
    return html`<section part="base" class="card" aria-labelledby="heading" tabindex="-1">
      ${this.renderHeader(nothing)}
      <div class="error">
        <p part="error" class="error-message" role="alert">${icon('error')}<span>${this.localize.errorMessage(error)}</span></p>
        <button type="button" part="retry-button" class="button button--secondary" @click=${() => this.onRetryLoad()}>
          ${this.text.retry}
        </button>
      </div>
    </section>`;
  }

  private renderReady(
    account: Account,
    latest: AutoRechargeSettings,
    paymentMethods: readonly PaymentMethod[],
    base: AutoRechargeSettings,
    draft: AutoRechargeDraft,
  ): TemplateResult {
    const text = this.text;
    const form = this.form;
    const context = form.context(account, paymentMethods, base);
    const validation = validateDraft(draft, context);
    const changed = isDraftChanged(draft, base, context);
    const busy = form.saving !== null;
    const canSave = changed && validation.values !== null && !busy && !form.conflict;
    const showDisabledBanner = latest.disabledReason !== null && !latest.enabled && !draft.enabled;
    return html`<section part="base" class="card" aria-labelledby="heading" tabindex="-1">
      ${this.renderHeader(this.renderSwitch(draft.enabled, busy))}
      ${
        showDisabledBanner
          ? html`<div part="disabled-banner" class="notice notice--warning banner" role="status">
              ${icon('warning')}
              <div>
                <strong>${text.disabledTitle}</strong>
                <p>${this.localize.reason(latest.disabledCause, latest.disabledReason ?? '')}</p>
                <p>${text.disabledFix}</p>
              </div>
            </div>`
          : nothing
      }
      <p part="summary" class="summary ${draft.enabled ? 'summary--on' : ''}" id="summary">
        ${summaryText(this.wording, draft, validation, paymentMethods)}
      </p>
      ${draft.enabled ? this.renderForm(account, base, draft, validation, paymentMethods, changed, canSave) : nothing}
      ${
        form.conflict
          ? renderConflict(this.wording, {
              conflict: form.conflict,
              paymentMethods,
              saving: form.saving,
              onKeepMine: () => form.keepMine(),
              onUseTheirs: () => form.useTheirs(),
            })
          : nothing
      }
      ${
        form.saveError && !form.conflict
          ? html`<p part="error" class="notice notice--danger" role="alert">
              ${icon('error')}<span>${text.saveFailed} ${this.localize.errorMessage(form.saveError)}</span>
            </p>`
          : nothing
      }
      ${
        form.savedNotice && !changed
          ? html`<p part="saved-notice" class="notice notice--success">${icon('check')}<span>${form.savedNotice}</span></p>`
          : nothing
      }
      ${form.saving === 'off' ? html`<p part="progress" class="progress" role="status">${text.turningOff}</p>` : nothing}
      ${renderAttempts(this.wording, {
        attempts: latest.recentAttempts,
        paymentMethods,
        limit: this.attemptLimit,
        reasonText: (attempt) => this.localize.reason(attempt.failureReason, attempt.failureMessage ?? ''),
      })}
    </section>`;
  }

  private renderSwitch(enabled: boolean, busy: boolean): TemplateResult {
    const text = this.text;
    return html`<div class="switch-row">
      <span class="switch-state" aria-hidden="true">${enabled ? text.on : text.off}</span>
      <button
        type="button"
        role="switch"
        part="switch"
        class="switch"
        aria-checked=${enabled ? 'true' : 'false'}
        aria-label=${text.switchLabel}
        aria-describedby="summary"
        ?disabled=${busy}
        @click=${() => this.form.toggle()}
      >
        <span class="switch-thumb"></span>
      </button>
    </div>`;
  }

  private problemFor(field: AutoRechargeField, validation: AutoRechargeValidation): string | null {
    const server = this.form.serverProblems[field];
    if (server) return server;
    const problem = validation.problems[field];
    if (!problem || !this.form.touched.has(field)) return null;
    return problemText(this.wording, field, problem);
  }

  private renderMoneyField(
    field: MoneyField,
    label: string,
    hint: string,
    value: string,
    account: Account,
    validation: AutoRechargeValidation,
  ): TemplateResult {
    const problem = this.problemFor(field, validation);
    const id = `field-${field}`;
    return html`<div class="field">
      <label part="label" for=${id}>${label}</label>
      <div class="input-wrap ${problem ? 'input-wrap--invalid' : ''}">
        <input
          id=${id}
          part="input"
          name=${field}
          type="text"
          inputmode=${currencyDigits(account.currency) === 0 ? 'numeric' : 'decimal'}
          autocomplete="off"
          spellcheck="false"
          placeholder=${moneyInputPlaceholder(account.currency, this.resolvedLocale)}
          .value=${value}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby=${`${id}-hint${problem ? ` ${id}-error` : ''}`}
          ?disabled=${this.form.saving !== null}
          @input=${(event: Event) => this.form.editAmount(field, (event.target as HTMLInputElement).value)}
          @blur=${() => this.form.touch(field)}
        />
        <span part="currency" class="currency" aria-hidden="true">${account.currency}</span>
      </div>
      <p part="hint" class="hint" id=${`${id}-hint`}>${hint}</p>
      ${problem ? html`<p part="field-error" class="field-error" id=${`${id}-error`}>${icon('error')}<span>${problem}</span></p>` : nothing}
    </div>`;
  }

  private renderForm(
    account: Account,
    base: AutoRechargeSettings,
    draft: AutoRechargeDraft,
    validation: AutoRechargeValidation,
    paymentMethods: readonly PaymentMethod[],
    changed: boolean,
    canSave: boolean,
  ): TemplateResult {
    const text = this.text;
    const form = this.form;
    const money = (value: Money) => moneyText(this.wording, value);
    const minimum = money(account.topUpLimits.minimum);
    const maximum = money(account.topUpLimits.maximum);
    const values = validation.values;
    return html`<form
      part="form"
      class="form"
      novalidate
      aria-busy=${form.saving ? 'true' : 'false'}
      @submit=${(event: Event) => this.onSubmit(event)}
    >
      ${renderModeChoice({ text, mode: draft.mode, busy: form.saving !== null, onSelect: (mode) => form.edit({ mode }) })}
      <div class="amounts">
        ${this.renderMoneyField('thresholdAmount', text.thresholdLabel, text.thresholdHint(minimum, maximum), draft.thresholdText, account, validation)}
        ${
          draft.mode === 'target'
            ? this.renderMoneyField('targetBalance', text.targetLabel, text.targetHint(maximum), draft.targetText, account, validation)
            : this.renderMoneyField(
                'rechargeAmount',
                text.rechargeLabel,
                text.rechargeHint(minimum, maximum),
                draft.rechargeText,
                account,
                validation,
              )
        }
      </div>
      ${renderCardPicker({
        text,
        paymentMethods,
        selected: draft.paymentMethodId,
        problem: this.problemFor('paymentMethodId', validation),
        busy: form.saving !== null,
        onSelect: (paymentMethodId) => form.edit({ paymentMethodId }, 'paymentMethodId'),
        addCard: this.paymentProvider ? this.addCard : null,
        addCardLoadError: this.addCardLoadError,
        onAddCard: () => void this.openAddCard(account.currency),
        locale: this.resolvedLocale,
      })}
      ${
        base.monthlyCapSupported
          ? html`<div class="cap">
              <label part="cap-checkbox" class="checkbox">
                <input
                  type="checkbox"
                  .checked=${draft.capEnabled}
                  ?disabled=${form.saving !== null}
                  @change=${(event: Event) => form.edit({ capEnabled: (event.target as HTMLInputElement).checked })}
                />
                <span>${text.capToggle}</span>
              </label>
              ${
                draft.capEnabled
                  ? this.renderMoneyField(
                      'monthlyCap',
                      text.capLabel,
                      draft.mode === 'target' ? text.capHintTarget : text.capHint,
                      draft.capText,
                      account,
                      validation,
                    )
                  : nothing
              }
            </div>`
          : nothing
      }
      ${
        validation.chargeNow && values && validation.chargeNow.kind !== 'none'
          ? html`<p part="warning" class="notice notice--warning">
              ${icon('warning')}<span
                >${chargeNowText(this.wording, validation.chargeNow, values, {
                  balance: account.balance,
                  maximum: account.topUpLimits.maximum,
                  paymentMethods,
                })}</span
              >
            </p>`
          : nothing
      }
      <div class="actions">
        <button type="submit" part="save-button" class="button button--primary" ?disabled=${!canSave}>
          ${form.saving === 'save' ? html`<span class="spinner" aria-hidden="true"></span>${text.saving}` : text.save}
        </button>
        ${
          changed && !form.saving
            ? html`<button type="button" part="discard-button" class="button button--secondary" @click=${() => form.discard()}>
                  ${text.discard}
                </button>
                <span part="unsaved" class="unsaved"><span class="dot" aria-hidden="true"></span>${text.unsaved}</span>`
            : nothing
        }
      </div>
    </form>`;
  }
}

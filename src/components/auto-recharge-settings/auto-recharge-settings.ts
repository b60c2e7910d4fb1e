// <auto-recharge-settings>: turn automatic recharge on or off, set its threshold, amount, card and cap, and see its recent attempts.
import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BillingClient } from '../../client/billing-client.js';
import { isAbortError, toBillingError, type BillingError } from '../../client/errors.js';
import {
  AutoRechargeSettingsSchema,
  type Account,
  type AutoRechargeAttempt,
  type AutoRechargeSettings,
  type PaymentMethod,
} from '../../client/schemas.js';
import { currencyDigits, formatMoney, moneyInputPlaceholder, type Money } from '../../money/money.js';
import type { CardEntry, PaymentProvider } from '../../payments/payment-provider.js';
import type { BillingStore } from '../../store/billing-store.js';
import { StoreController } from '../../store/store-controller.js';
import { BillingElement } from '../billing-element.js';
import { autoRechargeSettingsStyles } from './auto-recharge-settings.styles.js';
import { AutoRechargeSavedEvent } from './events.js';
import {
  draftFrom,
  isCardExpired,
  isDraftChanged,
  validateDraft,
  valuesOf,
  type AutoRechargeDraft,
  type AutoRechargeField,
  type AutoRechargeValidation,
  type AutoRechargeValues,
  type FieldProblem,
  type ValidationContext,
} from './validation.js';
import { describeCard } from '../../payments/card-brand.js';
import type { AutoRechargeSettingsMessages } from '../../i18n/messages/auto-recharge-settings.js';

export type { AutoRechargeSettingsMessages } from '../../i18n/messages/auto-recharge-settings.js';

export const defaultAutoRechargeSettingsMessages: AutoRechargeSettingsMessages = {
  heading: 'Automatic recharge',
  description: 'Top up your credit automatically so international calls never stop when the balance runs low.',
  switchLabel: 'Automatic recharge',
  on: 'On',
  off: 'Off',
  loading: 'Loading automatic recharge settings…',
  retry: 'Try again',
  thresholdLabel: 'When the balance falls below',
  thresholdHint: (minimum, maximum) => `Between ${minimum} and ${maximum}.`,
  rechargeLabel: 'Add this amount',
  rechargeHint: (minimum, maximum) => `Between ${minimum} and ${maximum}.`,
  cardLegend: 'Card for automatic recharges',
  cardExpires: (expiry) => `Expires ${expiry}`,
  cardExpired: (expiry) => `Expired ${expiry}`,
  cardDefault: 'Default',
  noCards: 'No saved cards yet. Add one to turn on automatic recharge.',
  addCard: 'Add a card',
  addCardTitle: 'New card',
  saveCard: 'Save card',
  savingCard: 'Saving card…',
  cancel: 'Cancel',
  cardAdded: (card) => `${card} saved and selected.`,
  capToggle: 'Limit automatic recharges per month',
  capLabel: 'Monthly cap',
  capHint: 'Recharges that would go past this amount in a calendar month are skipped.',
  summaryOn: (thresholdAmount, rechargeAmount, card) =>
    `When your balance falls below ${thresholdAmount}, we'll add ${rechargeAmount} from ${card}.`,
  summaryCap: (monthlyCap) => `At most ${monthlyCap} a month.`,
  summaryOff: 'Automatic recharge is off. Your balance only grows when you add funds.',
  summaryIncomplete: 'Fill in the amounts and choose a card to see what will happen.',
  chargeNowWarning: (balance, thresholdAmount, rechargeAmount, card) =>
    `Your balance (${balance}) is already below ${thresholdAmount}: saving will charge ${rechargeAmount} to ${card} right away.`,
  problemRequired: 'Enter an amount.',
  problemNotANumber: 'Enter an amount, such as 50.',
  problemNegative: 'Enter an amount of zero or more.',
  problemTooManyDecimals: (currency, digits) =>
    digits === 0
      ? `${currency} amounts have no decimal places.`
      : `${currency} amounts have at most ${digits} decimal place${digits === 1 ? '' : 's'}.`,
  problemNotPositive: 'The recharge amount must be more than zero.',
  problemOutsideLimits: (field, minimum, maximum) => `${field} must be between ${minimum} and ${maximum}.`,
  problemCardRequired: 'Choose a card for automatic recharges.',
  problemCardMissing: 'That card is no longer saved. Choose another card.',
  problemCardExpired: (card, expiry) => `${card} expired ${expiry}. Choose another card or add a new one.`,
  problemCapBelowRecharge: (rechargeAmount) => `The monthly cap must be at least the recharge amount (${rechargeAmount}).`,
  save: 'Save',
  saving: 'Saving…',
  discard: 'Discard changes',
  unsaved: 'Unsaved changes',
  savedOn: 'Automatic recharge saved.',
  savedOff: 'Automatic recharge is off.',
  turningOff: 'Turning off…',
  saveFailed: "We couldn't save your changes.",
  conflictTitle: 'Someone else changed these settings.',
  conflictBody: 'Your changes were not saved. Compare them with the settings saved a moment ago, then choose which to keep.',
  conflictTheirs: 'Saved by someone else',
  conflictYours: 'Your changes',
  keepMine: 'Keep mine',
  useTheirs: 'Use theirs',
  conflictStatus: 'Status',
  disabledTitle: 'Automatic recharge was turned off.',
  disabledFix: 'To fix it, choose a card that works (or add one), then turn automatic recharge on and save.',
  recentHeading: 'Recent automatic recharges',
  recentEmpty: 'No automatic recharges yet.',
  recentTime: 'Time',
  recentAmount: 'Amount',
  recentCard: 'Card',
  recentOutcome: 'Outcome',
  outcomeSucceeded: 'Succeeded',
  outcomeFailed: 'Failed',
  outcomeSkipped: 'Skipped',
  removedCard: 'A removed card',
  noCard: 'No card',
  testMode: 'Test mode',
};


function expiryOf(card: Pick<PaymentMethod, 'expMonth' | 'expYear'>): string {
  return `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`;
}

/** Keeps an amount or card name in its own direction inside a sentence (FSI … PDI). */
function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

const icons = {
  warning: svg`<path d="M10 3.2 17.4 16H2.6L10 3.2Z" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" fill="none"/><path d="M10 8.2v3.6" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/><circle cx="10" cy="13.9" r="0.95" fill="currentColor"/>`,
  error: svg`<circle cx="10" cy="10" r="7.2" stroke="currentColor" stroke-width="1.6" fill="none"/><path d="M10 6.3v4.4" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/><circle cx="10" cy="13.5" r="0.95" fill="currentColor"/>`,
  check: svg`<circle cx="10" cy="10" r="7.2" stroke="currentColor" stroke-width="1.6" fill="none"/><path d="m6.8 10.2 2.2 2.2 4.3-4.6" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
  plus: svg`<path d="M10 4.5v11M4.5 10h11" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none"/>`,
  card: svg`<rect x="2.5" y="4.5" width="15" height="11" rx="2" stroke="currentColor" stroke-width="1.5" fill="none"/><path d="M2.5 8h15" stroke="currentColor" stroke-width="1.5"/>`,
};

function icon(name: keyof typeof icons): TemplateResult {
  return html`<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">${icons[name]}</svg>`;
}

interface Conflict {
  theirs: AutoRechargeSettings;
  mine: AutoRechargeValues;
}

/**
 * Automatic recharge settings: an on/off switch, the balance threshold that triggers a recharge
 * and the amount it adds (locale-aware money inputs), the saved card it charges (with "Add a
 * card" through a PaymentProvider), an optional monthly cap, a plain-words summary, and the
 * recent automatic recharges. Saves with optimistic concurrency: when someone else saved in
 * between, both versions are shown side by side and nothing is overwritten silently.
 *
 * @tagname auto-recharge-settings
 * @summary Threshold, recharge amount, card and monthly cap for automatic top-ups, with a summary and recent attempts.
 *
 * @csspart base - The card around everything.
 * @csspart header - Heading, description and the switch.
 * @csspart heading - The "Automatic recharge" heading.
 * @csspart description - The sentence under the heading.
 * @csspart switch - The on/off switch (a button with role="switch").
 * @csspart disabled-banner - Why the backend turned recharge off, and how to fix it.
 * @csspart form - The form with the fields.
 * @csspart label - Each money field's label.
 * @csspart input - Each money input.
 * @csspart currency - The currency code beside each money input.
 * @csspart hint - The hint under each money field.
 * @csspart cap-checkbox - The "Limit automatic recharges per month" checkbox and its label.
 * @csspart field-error - Each message under a field.
 * @csspart legend - "Card for automatic recharges", above the saved cards.
 * @csspart card-option - Each saved card to choose from.
 * @csspart tag - The "Default" tag of a saved card.
 * @csspart add-card-button - The "Add a card" button.
 * @csspart card-entry - Where the payment provider draws its card form.
 * @csspart new-card - The box around the new card's entry and its buttons.
 * @csspart summary - The plain-words summary sentence.
 * @csspart warning - "Saving will charge your card now".
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

  /** The settings the form edits against: their version is what Save sends as expectedVersion. */
  @state() private base?: AutoRechargeSettings;
  @state() private draft?: AutoRechargeDraft;
  /** Fields the person changed or left: only their problems show before a save is attempted. */
  @state() private touched = new Set<AutoRechargeField>();
  @state() private saving: 'save' | 'off' | null = null;
  @state() private saveError?: BillingError;
  @state() private serverProblems: Partial<Record<AutoRechargeField, string>> = {};
  @state() private conflict?: Conflict;
  @state() private savedNotice = '';
  @state() private announcement = '';
  @state() private addingCard: 'mounting' | 'ready' | 'saving' | null = null;
  @state() private addCardError = '';

  private readonly billing = new StoreController(this);
  /** The last store value seen, to notice a newer one. */
  private seenSettings?: AutoRechargeSettings;
  private cardEntry?: CardEntry;
  /** The locale the card entry speaks: a change of the widget's is passed on to it. */
  private cardEntryLocale?: string;
  private readonly aborts = new Set<AbortController>();

  constructor() {
    super('autoRechargeSettings', defaultAutoRechargeSettingsMessages);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const controller of this.aborts) controller.abort();
    this.aborts.clear();
    this.closeCardEntry();
    this.saving = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const store = this.billing.store;
    if (!store) return;
    if (store.autoRecharge.status === 'idle') void store.loadAutoRecharge();
    if (store.paymentMethods.status === 'idle') void store.loadPaymentMethods();
    const latest = store.autoRecharge.value;
    if (latest && latest !== this.seenSettings) {
      this.seenSettings = latest;
      // Someone's newer settings replace the form only while it holds no edits of its own;
      // otherwise the form keeps the version it read, and Save reports the conflict.
      const pristine = !this.base || !this.draft || !this.isChanged(this.draft, this.base);
      if (!this.saving && !this.conflict && pristine && (!this.base || latest.version >= this.base.version)) {
        this.adopt(latest);
      }
    }
  }

  private adopt(settings: AutoRechargeSettings): void {
    this.base = settings;
    this.draft = draftFrom(settings, this.resolvedLocale);
    this.touched = new Set();
    this.serverProblems = {};
  }

  // ------------------------------------------------------------------ derived

  private context(account: Account, paymentMethods: readonly PaymentMethod[], settings: AutoRechargeSettings): ValidationContext {
    return {
      currency: account.currency,
      locale: this.resolvedLocale,
      limits: account.topUpLimits,
      paymentMethods,
      monthlyCapSupported: settings.monthlyCapSupported,
      balance: account.balance,
      now: new Date(),
    };
  }

  private isChanged(draft: AutoRechargeDraft, base: AutoRechargeSettings): boolean {
    const account = this.billing.account.value;
    if (!account) return false;
    return isDraftChanged(draft, base, this.context(account, this.billing.store?.paymentMethods.value ?? [], base));
  }

  private money(value: Money): string {
    return isolate(formatMoney(value, this.resolvedLocale));
  }

  private cardName(paymentMethodId: string | null, paymentMethods: readonly PaymentMethod[]): string {
    if (paymentMethodId === null) return this.text.noCard;
    const card = paymentMethods.find((method) => method.id === paymentMethodId);
    return isolate(card ? describeCard(card) : this.text.removedCard);
  }

  private problemText(field: AutoRechargeField, problem: FieldProblem): string {
    const text = this.text;
    switch (problem.kind) {
      case 'required':
        return field === 'paymentMethodId' ? text.problemCardRequired : text.problemRequired;
      case 'not_a_number':
        return text.problemNotANumber;
      case 'negative':
        return text.problemNegative;
      case 'too_many_decimals':
        return text.problemTooManyDecimals(problem.currency, problem.digits);
      case 'not_positive':
        return text.problemNotPositive;
      case 'outside_limits':
        return text.problemOutsideLimits(
          field === 'thresholdAmount' ? text.thresholdLabel.replace(/^./, (c) => c.toUpperCase()) : text.rechargeLabel.replace(/^./, (c) => c.toUpperCase()),
          this.money(problem.minimum),
          this.money(problem.maximum),
        );
      case 'card_required':
        return text.problemCardRequired;
      case 'card_missing':
        return text.problemCardMissing;
      case 'card_expired':
        return text.problemCardExpired(isolate(describeCard(problem.card)), expiryOf(problem.card));
      case 'cap_below_recharge':
        return text.problemCapBelowRecharge(this.money(problem.rechargeAmount));
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.cardEntry && this.cardEntryLocale !== this.resolvedLocale) {
      this.cardEntryLocale = this.resolvedLocale;
      this.cardEntry.update({ locale: this.cardEntryLocale });
    }
  }

  // ------------------------------------------------------------------ render

  protected override render() {
    const store = this.billing.store;
    const account = this.billing.account;
    const settings = store?.autoRecharge;
    const cards = store?.paymentMethods;
    const failed = [account, settings, cards].find((resource) => resource?.status === 'error' && resource.error);
    let body: TemplateResult;
    if (failed?.error && !(account.value && settings?.value && cards?.value)) {
      body = this.renderLoadError(failed.error);
    } else if (account.value && settings?.value && cards?.value && this.base && this.draft) {
      body = this.renderReady(account.value, settings.value, cards.value, this.base, this.draft);
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
        <button type="button" part="retry-button" class="button button--secondary" @click=${this.onRetryLoad}>
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
    const context = this.context(account, paymentMethods, base);
    const validation = validateDraft(draft, context);
    const changed = isDraftChanged(draft, base, context);
    const busy = this.saving !== null;
    const canSave = changed && validation.values !== null && !busy && !this.conflict;
    const showDisabledBanner = latest.disabledReason !== null && !latest.enabled && !draft.enabled;
    return html`<section part="base" class="card" aria-labelledby="heading" tabindex="-1">
      ${this.renderHeader(this.renderSwitch(draft.enabled, busy))}
      ${showDisabledBanner
        ? html`<div part="disabled-banner" class="notice notice--warning banner" role="status">
            ${icon('warning')}
            <div>
              <strong>${text.disabledTitle}</strong>
              <p>${latest.disabledReason}</p>
              <p>${text.disabledFix}</p>
            </div>
          </div>`
        : nothing}
      <p part="summary" class="summary ${draft.enabled ? 'summary--on' : ''}" id="summary">
        ${this.summaryText(draft, validation, paymentMethods)}
      </p>
      ${draft.enabled ? this.renderForm(account, base, draft, validation, paymentMethods, changed, canSave) : nothing}
      ${this.conflict ? this.renderConflict(this.conflict, paymentMethods) : nothing}
      ${this.saveError && !this.conflict
        ? html`<p part="error" class="notice notice--danger" role="alert">
            ${icon('error')}<span>${text.saveFailed} ${this.localize.errorMessage(this.saveError)}</span>
          </p>`
        : nothing}
      ${this.savedNotice && !changed
        ? html`<p part="saved-notice" class="notice notice--success">${icon('check')}<span>${this.savedNotice}</span></p>`
        : nothing}
      ${this.saving === 'off' ? html`<p part="progress" class="progress" role="status">${text.turningOff}</p>` : nothing}
      ${this.renderAttempts(latest.recentAttempts, paymentMethods)}
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
        @click=${this.onToggle}
      >
        <span class="switch-thumb"></span>
      </button>
    </div>`;
  }

  private summaryText(draft: AutoRechargeDraft, validation: AutoRechargeValidation, paymentMethods: readonly PaymentMethod[]): string {
    const text = this.text;
    if (!draft.enabled) return text.summaryOff;
    const values = validation.values;
    if (!values) return text.summaryIncomplete;
    const sentence = text.summaryOn(
      this.money(values.thresholdAmount),
      this.money(values.rechargeAmount),
      this.cardName(values.paymentMethodId, paymentMethods),
    );
    return values.monthlyCap ? `${sentence} ${text.summaryCap(this.money(values.monthlyCap))}` : sentence;
  }

  private problemFor(field: AutoRechargeField, validation: AutoRechargeValidation): string | null {
    const server = this.serverProblems[field];
    if (server) return server;
    const problem = validation.problems[field];
    if (!problem || !this.touched.has(field)) return null;
    return this.problemText(field, problem);
  }

  private renderMoneyField(
    field: 'thresholdAmount' | 'rechargeAmount' | 'monthlyCap',
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
          ?disabled=${this.saving !== null}
          @input=${(event: Event) => this.onAmountInput(field, (event.target as HTMLInputElement).value)}
          @blur=${() => this.touch(field)}
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
    const limits = account.topUpLimits;
    const minimum = this.money(limits.minimum);
    const maximum = this.money(limits.maximum);
    const values = validation.values;
    return html`<form part="form" class="form" novalidate aria-busy=${this.saving ? 'true' : 'false'} @submit=${this.onSubmit}>
      <div class="amounts">
        ${this.renderMoneyField('thresholdAmount', text.thresholdLabel, text.thresholdHint(minimum, maximum), draft.thresholdText, account, validation)}
        ${this.renderMoneyField('rechargeAmount', text.rechargeLabel, text.rechargeHint(minimum, maximum), draft.rechargeText, account, validation)}
      </div>
      ${this.renderCards(draft, validation, paymentMethods)}
      ${base.monthlyCapSupported
        ? html`<div class="cap">
            <label part="cap-checkbox" class="checkbox">
              <input
                type="checkbox"
                .checked=${draft.capEnabled}
                ?disabled=${this.saving !== null}
                @change=${(event: Event) => this.onCapToggle((event.target as HTMLInputElement).checked)}
              />
              <span>${text.capToggle}</span>
            </label>
            ${draft.capEnabled
              ? this.renderMoneyField('monthlyCap', text.capLabel, text.capHint, draft.capText, account, validation)
              : nothing}
          </div>`
        : nothing}
      ${validation.chargesNow && values
        ? html`<p part="warning" class="notice notice--warning">
            ${icon('warning')}<span
              >${text.chargeNowWarning(
                this.money(account.balance),
                this.money(values.thresholdAmount),
                this.money(values.rechargeAmount),
                this.cardName(values.paymentMethodId, paymentMethods),
              )}</span
            >
          </p>`
        : nothing}
      <div class="actions">
        <button type="submit" part="save-button" class="button button--primary" ?disabled=${!canSave}>
          ${this.saving === 'save' ? html`<span class="spinner" aria-hidden="true"></span>${text.saving}` : text.save}
        </button>
        ${changed && !this.saving
          ? html`<button type="button" part="discard-button" class="button button--secondary" @click=${this.onDiscard}>${text.discard}</button>
              <span part="unsaved" class="unsaved"><span class="dot" aria-hidden="true"></span>${text.unsaved}</span>`
          : nothing}
      </div>
    </form>`;
  }

  private renderCards(draft: AutoRechargeDraft, validation: AutoRechargeValidation, paymentMethods: readonly PaymentMethod[]): TemplateResult {
    const text = this.text;
    const problem = this.problemFor('paymentMethodId', validation);
    const now = new Date();
    return html`<fieldset class="cards" aria-describedby=${problem ? 'cards-error' : nothing}>
      <legend part="legend">${text.cardLegend}</legend>
      ${paymentMethods.length === 0 ? html`<p class="hint">${text.noCards}</p>` : nothing}
      <div class="card-list">
        ${paymentMethods.map((card) => {
          const expired = isCardExpired(card, now);
          const id = `card-${card.id}`;
          return html`<label part="card-option" class="card-option ${expired ? 'card-option--expired' : ''}" for=${id}>
            <input
              type="radio"
              id=${id}
              name="paymentMethodId"
              .value=${card.id}
              .checked=${draft.paymentMethodId === card.id}
              ?disabled=${expired || this.saving !== null}
              @change=${() => this.onCardChange(card.id)}
            />
            ${icon('card')}
            <span class="card-name">${describeCard(card)}</span>
            <span class="card-meta">
              ${card.isDefault ? html`<span part="tag" class="tag">${text.cardDefault}</span>` : nothing}
              <span class=${expired ? 'expired' : ''}>${expired ? text.cardExpired(expiryOf(card)) : text.cardExpires(expiryOf(card))}</span>
            </span>
          </label>`;
        })}
      </div>
      ${problem ? html`<p part="field-error" class="field-error" id="cards-error">${icon('error')}<span>${problem}</span></p>` : nothing}
      ${this.renderAddCard()}
    </fieldset>`;
  }

  private renderAddCard(): TemplateResult | typeof nothing {
    if (!this.paymentProvider) return nothing;
    const text = this.text;
    if (this.addingCard === null) {
      return html`<button
          type="button"
          part="add-card-button"
          class="button button--secondary add-card"
          ?disabled=${this.saving !== null}
          @click=${this.onAddCard}
        >
          ${icon('plus')}${text.addCard}
        </button>
        ${this.addCardError ? html`<p class="field-error" role="alert">${icon('error')}<span>${this.addCardError}</span></p>` : nothing}`;
    }
    return html`<div part="new-card" class="new-card" role="group" aria-labelledby="new-card-title">
      <p class="new-card-title" id="new-card-title">${text.addCardTitle}</p>
      <div part="card-entry" class="card-entry"></div>
      ${this.addCardError ? html`<p class="field-error" role="alert">${icon('error')}<span>${this.addCardError}</span></p>` : nothing}
      <div class="actions">
        <button
          type="button"
          class="button button--primary"
          ?disabled=${this.addingCard !== 'ready'}
          @click=${this.onSaveCard}
        >
          ${this.addingCard === 'saving' ? text.savingCard : text.saveCard}
        </button>
        <button type="button" class="button button--secondary" @click=${this.onCancelCard}>${text.cancel}</button>
      </div>
    </div>`;
  }

  private renderConflict(conflict: Conflict, paymentMethods: readonly PaymentMethod[]): TemplateResult {
    const text = this.text;
    const theirs = conflict.theirs;
    const mine = conflict.mine;
    const cap = (value: Money | null) => (value ? this.money(value) : '—');
    const rows: Array<[string, string, string]> = [
      [text.conflictStatus, theirs.enabled ? text.on : text.off, mine.enabled ? text.on : text.off],
      [text.thresholdLabel, this.money(theirs.thresholdAmount), this.money(mine.thresholdAmount)],
      [text.rechargeLabel, this.money(theirs.rechargeAmount), this.money(mine.rechargeAmount)],
      [text.cardLegend, this.cardName(theirs.paymentMethodId, paymentMethods), this.cardName(mine.paymentMethodId, paymentMethods)],
    ];
    if (theirs.monthlyCapSupported) rows.push([text.capLabel, cap(theirs.monthlyCap), cap(mine.monthlyCap)]);
    return html`<div part="conflict" class="conflict" role="alert" aria-labelledby="conflict-title">
      <p class="conflict-title" id="conflict-title">${icon('warning')}<strong>${text.conflictTitle}</strong></p>
      <p>${text.conflictBody}</p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <td></td>
              <th scope="col">${text.conflictTheirs}</th>
              <th scope="col">${text.conflictYours}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              ([label, theirValue, myValue]) => html`<tr class=${theirValue === myValue ? '' : 'differs'}>
                <th scope="row">${label}</th>
                <td>${theirValue}</td>
                <td>${myValue}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="actions">
        <button type="button" part="keep-mine-button" class="button button--primary" ?disabled=${this.saving !== null} @click=${this.onKeepMine}>
          ${this.saving === 'save' ? text.saving : text.keepMine}
        </button>
        <button type="button" part="use-theirs-button" class="button button--secondary" ?disabled=${this.saving !== null} @click=${this.onUseTheirs}>
          ${text.useTheirs}
        </button>
      </div>
    </div>`;
  }

  private renderAttempts(attempts: readonly AutoRechargeAttempt[], paymentMethods: readonly PaymentMethod[]): TemplateResult {
    const text = this.text;
    const shown = attempts.slice(0, Math.max(0, this.attemptLimit));
    const time = new Intl.DateTimeFormat(this.resolvedLocale, { dateStyle: 'medium', timeStyle: 'short' });
    const outcomeText = { succeeded: text.outcomeSucceeded, failed: text.outcomeFailed, skipped: text.outcomeSkipped };
    return html`<div part="attempts" class="attempts">
      <h3 part="attempts-heading" class="subheading" id="attempts-heading">${text.recentHeading}</h3>
      ${shown.length === 0
        ? html`<p class="hint">${text.recentEmpty}</p>`
        : html`<ul class="attempt-list" aria-labelledby="attempts-heading">
            ${shown.map((attempt) => {
              const at = new Date(attempt.at);
              return html`<li part="attempt" class="attempt">
                <span class="attempt-main">
                  <span class="attempt-amount">${formatMoney(attempt.amount, this.resolvedLocale)}</span>
                  <span class="attempt-card">${this.cardName(attempt.paymentMethodId, paymentMethods)}</span>
                  <time class="attempt-time" datetime=${at.toISOString()}>${time.format(at)}</time>
                </span>
                <span part="outcome" class="outcome outcome--${attempt.outcome}">${outcomeText[attempt.outcome]}</span>
                ${attempt.failureMessage ? html`<span class="attempt-message">${this.localize.knownText(attempt.failureMessage)}</span>` : nothing}
              </li>`;
            })}
          </ul>`}
    </div>`;
  }

  // ------------------------------------------------------------------ actions

  private touch(field: AutoRechargeField): void {
    if (this.touched.has(field)) return;
    this.touched = new Set([...this.touched, field]);
  }

  private edit(changes: Partial<AutoRechargeDraft>, field?: AutoRechargeField): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, ...changes };
    this.savedNotice = '';
    this.saveError = undefined;
    if (field) {
      this.touch(field);
      if (this.serverProblems[field]) this.serverProblems = { ...this.serverProblems, [field]: undefined };
    }
  }

  private onAmountInput(field: 'thresholdAmount' | 'rechargeAmount' | 'monthlyCap', value: string): void {
    const key = field === 'thresholdAmount' ? 'thresholdText' : field === 'rechargeAmount' ? 'rechargeText' : 'capText';
    this.edit({ [key]: value }, field);
  }

  private onCardChange(paymentMethodId: string): void {
    this.edit({ paymentMethodId }, 'paymentMethodId');
  }

  private onCapToggle(capEnabled: boolean): void {
    this.edit({ capEnabled });
  }

  private onDiscard(): void {
    if (this.base) this.adopt(this.base);
    this.saveError = undefined;
  }

  private onToggle(): void {
    const base = this.base;
    const draft = this.draft;
    if (!base || !draft || this.saving) return;
    if (!draft.enabled) {
      // Back on with the last values; nothing is charged until the person saves.
      this.edit({ enabled: true });
      return;
    }
    if (base.enabled) {
      // Off takes effect at once: stopping charges needs no confirmation.
      this.adopt(base);
      void this.save({ ...valuesOf(base), enabled: false }, base.version, 'off');
    } else {
      this.edit({ enabled: false });
    }
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    const account = this.billing.account.value;
    const paymentMethods = this.billing.store?.paymentMethods.value;
    if (!this.base || !this.draft || !account || !paymentMethods || this.saving || this.conflict) return;
    const context = this.context(account, paymentMethods, this.base);
    const validation = validateDraft(this.draft, context);
    if (!validation.values) {
      this.touched = new Set(['thresholdAmount', 'rechargeAmount', 'paymentMethodId', 'monthlyCap']);
      return;
    }
    if (!isDraftChanged(this.draft, this.base, context)) return;
    void this.save(validation.values, this.base.version, 'save');
  }

  private onKeepMine(): void {
    const conflict = this.conflict;
    if (!conflict || this.saving) return;
    // Saved against their version: the person saw it and chose theirs to be replaced.
    this.base = conflict.theirs;
    void this.save(conflict.mine, conflict.theirs.version, 'save');
  }

  private onUseTheirs(): void {
    const conflict = this.conflict;
    if (!conflict) return;
    this.conflict = undefined;
    this.adopt(conflict.theirs);
    this.focusPart('switch');
  }

  private async save(values: AutoRechargeValues, expectedVersion: number, kind: 'save' | 'off'): Promise<void> {
    const store = this.billing.store;
    if (!store) return;
    const controller = new AbortController();
    this.aborts.add(controller);
    this.saving = kind;
    this.saveError = undefined;
    this.savedNotice = '';
    this.announcement = '';
    this.serverProblems = {};
    try {
      const saved = await store.client.saveAutoRecharge({ ...values, expectedVersion }, { signal: controller.signal });
      const hadConflict = this.conflict !== undefined;
      this.conflict = undefined;
      this.adopt(saved);
      this.seenSettings = undefined;
      const message = saved.enabled ? this.text.savedOn : this.text.savedOff;
      this.savedNotice = message;
      this.announcement = message;
      this.dispatchEvent(new AutoRechargeSavedEvent(saved));
      // Every widget on the store (the balance badge, other forms) reads the new settings.
      void store.notifyMutation();
      if (hadConflict) this.focusPart('switch');
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) return;
      const billingError = toBillingError(error);
      if (billingError.code === 'conflict') {
        const theirs = await this.currentSettings(billingError, store, controller.signal);
        if (theirs) {
          this.conflict = { theirs, mine: values };
          void store.notifyMutation();
        } else {
          this.saveError = billingError;
        }
      } else if (billingError.code === 'validation' && isFieldErrors(billingError.details['fieldErrors'])) {
        this.serverProblems = billingError.details['fieldErrors'];
        this.saveError = billingError;
      } else {
        this.saveError = billingError;
      }
    } finally {
      this.aborts.delete(controller);
      if (!controller.signal.aborted) this.saving = null;
    }
  }

  /** Their settings: from the conflict's details when readable, else read afresh. */
  private async currentSettings(
    error: BillingError,
    store: BillingStore,
    signal: AbortSignal,
  ): Promise<AutoRechargeSettings | undefined> {
    const parsed = AutoRechargeSettingsSchema.safeParse(error.details['current']);
    if (parsed.success) return parsed.data;
    try {
      return await store.client.getAutoRecharge({ signal });
    } catch {
      return undefined;
    }
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

  // ------------------------------------------------------------------ add a card

  private async onAddCard(): Promise<void> {
    const provider = this.paymentProvider;
    const account = this.billing.account.value;
    if (!provider || !account) return;
    this.addCardError = '';
    this.addingCard = 'mounting';
    await this.updateComplete;
    const container = this.renderRoot.querySelector<HTMLElement>('[part~="card-entry"]');
    if (!container) return;
    const controller = new AbortController();
    this.aborts.add(controller);
    try {
      // Only adding a card needs the theme read for the provider's iframe: it loads then (a failed load is shown like any error).
      const { appearanceFromTokens } = await import('../../payments/appearance.js');
      this.cardEntry = await provider.mountCardEntry(container, {
        mode: 'setup',
        currency: account.currency,
        locale: this.resolvedLocale,
        appearance: appearanceFromTokens(container),
        signal: controller.signal,
      });
      this.cardEntryLocale = this.resolvedLocale;
      this.addingCard = 'ready';
      this.cardEntry.focus();
    } catch (error) {
      if (isAbortError(error)) return;
      this.addingCard = null;
      this.addCardError = this.localize.errorMessage(toBillingError(error));
    } finally {
      this.aborts.delete(controller);
    }
  }

  private async onSaveCard(): Promise<void> {
    const entry = this.cardEntry;
    const store = this.billing.store;
    if (!entry || !store || this.addingCard !== 'ready') return;
    this.addingCard = 'saving';
    this.addCardError = '';
    const controller = new AbortController();
    this.aborts.add(controller);
    try {
      const token = await entry.tokenize({ signal: controller.signal, saveCard: true });
      if (!token.ok) {
        this.addCardError = token.message;
        this.addingCard = 'ready';
        return;
      }
      const card = await store.client.addPaymentMethod({ providerToken: token.providerToken }, { signal: controller.signal });
      await store.refresh();
      this.closeCardEntry();
      this.edit({ paymentMethodId: card.id }, 'paymentMethodId');
      this.announcement = this.text.cardAdded(describeCard(card));
      this.focusPart('save-button');
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) return;
      this.addCardError = this.localize.errorMessage(toBillingError(error));
      this.addingCard = 'ready';
    } finally {
      this.aborts.delete(controller);
    }
  }

  private onCancelCard(): void {
    this.closeCardEntry();
    this.focusPart('add-card-button');
  }

  private closeCardEntry(): void {
    this.cardEntry?.destroy();
    this.cardEntry = undefined;
    this.addingCard = null;
  }
}

function isFieldErrors(value: unknown): value is Partial<Record<AutoRechargeField, string>> {
  return typeof value === 'object' && value !== null && Object.values(value).every((message) => typeof message === 'string');
}

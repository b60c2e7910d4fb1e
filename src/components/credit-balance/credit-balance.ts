// <credit-balance>: the account's available prepaid credit at the top of the Billing tab, with its warnings and an "Add funds" entry.
import { html, nothing, svg, type PropertyValues, type ReactiveElement, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BillingClient } from '../../client/billing-client.js';
import { BillingError } from '../../client/errors.js';
import type { Account } from '../../client/schemas.js';
import { formatMoney, isSameMoney, type Money } from '../../money/money.js';
import type { ActiveTopUp, ResourceState } from '../../store/billing-store.js';
import { StoreController } from '../../store/store-controller.js';
import { BillingElement } from '../billing-element.js';
import { creditBalanceStyles } from './credit-balance.styles.js';
import {
  MINUTE,
  UNSETTLED_PHASES,
  checked,
  describeBalance,
  isolate,
  phaseOf,
  toneOf,
  type BalanceView,
  type TopUpPhase,
} from './balance-view.js';
import { AddFundsRequestedEvent } from './events.js';
import { renderForecastLine, renderForecastPlaceholder } from './forecast-placeholder.js';
import { forecastStyles } from './forecast.styles.js';
import { LazyPart, SharedImport } from '../lazy-part.js';
import type { CreditBalanceMessages, CreditBalanceShellMessages } from '../../i18n/messages/credit-balance.js';
import { defaultCreditBalanceShellMessages } from './shell-messages.js';

export type { CreditBalanceMessages } from '../../i18n/messages/credit-balance.js';

const icons = {
  plus: svg`<path d="M10 4.5v11M4.5 10h11" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none"/>`,
  warning: svg`<path d="M10 3.2 17.4 16H2.6L10 3.2Z" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" fill="none"/><path d="M10 8.2v3.6" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/><circle cx="10" cy="13.9" r="0.95" fill="currentColor"/>`,
  error: svg`<circle cx="10" cy="10" r="7.2" stroke="currentColor" stroke-width="1.6" fill="none"/><path d="M10 6.3v4.4" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/><circle cx="10" cy="13.5" r="0.95" fill="currentColor"/>`,
};

function icon(name: keyof typeof icons): TemplateResult {
  return html`<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">${icons[name]}</svg>`;
}

type ForecastModule = typeof import('./forecast-part.js');
/** The forecast's code (it defines <billing-balance-forecast>), fetched once for every balance on the page. */
const forecastImport = new SharedImport<ForecastModule>(() => import('./forecast-part.js'));

/** Where focus goes once Try again has settled: the button again on a new error, else the balance's main action. */
const RETRY_LANDING = ['[part~="retry-button"]', '[part~="add-funds-button"]', '[part~="base"]'];

/**
 * The account's available prepaid credit: formatted in the account's currency for the page's
 * locale, with a low-balance or negative-balance warning, when it was last updated, whether
 * automatic recharge is on, and an "Add funds" button. Reads from the BillingStore given by a
 * surrounding `<billing-provider>`, or from its own `client`.
 *
 * @tagname credit-balance
 * @summary The available credit balance, with low-balance warning, last update and "Add funds".
 *
 * @slot note - Replaces the note under the balance (by default: the balance pays only for metered usage; subscription fees go to the card on file).
 *
 * @csspart base - The card (full) or the line (compact) around everything.
 * @csspart label - The "Available balance" label.
 * @csspart amount - The formatted balance.
 * @csspart status - The low-balance or negative-balance warning.
 * @csspart pending-payment - While a top-up started on the store (e.g. in an `<add-funds-dialog>`, open or closed) has no known outcome: "Payment of $50.00 in progress…" with a spinner, or that its outcome is being checked or is not confirmed yet (compact: the spinner or warning sign alone, its words read out and shown on hover). When it settles, the line goes and the outcome is announced politely.
 * @csspart meta - The row with the last update and the auto-recharge badge.
 * @csspart forecast - The runway forecast under it (full form only): "At your recent spend (about $7.20 a day over the last 7 days), your balance lasts about 6 days.", or with auto-recharge on how often it adds its amount. Computed from the last 7 days' spend, or the last 30 when the last week had none (the sentence says which), read with one getUsageSeries where the client has it; under a week of history or no usage in 30 days it says nothing (its line stays, empty); a balance used up, or a backend that errs, sends nonsense or has not answered in 10 s: a muted sentence saying so (`data-forecast` names the case). Its line is held from the first paint (a placeholder until the spend is read), so it never moves the balance.
 * @csspart updated - The `<time>` saying when the balance was last updated.
 * @csspart badge - The auto-recharge on/off badge.
 * @csspart add-funds-button - The "Add funds" button.
 * @csspart note - The wrapper around the `note` slot.
 * @csspart stale-notice - Shown when a refresh failed while the last known balance stays on screen.
 * @csspart error - The error message shown when the balance could not be loaded.
 * @csspart retry-button - The "Try again" button (in the error and stale-notice states).
 * @csspart skeleton - Each placeholder block shown while loading.
 *
 * @cssprop [--billing-balance-min-block-size=auto] - Block size reserved in every state; give credit-balance:not(:defined) the same (no layout shift).
 * @cssprop [--billing-balance-amount-size=2rem] - Font size of the balance (compact: 1.3 × --billing-font-size).
 * @cssprop [--billing-balance-amount-color=var(--billing-color-text)] - Colour of a balance that is not negative.
 * @cssprop [--billing-balance-surface=var(--billing-color-surface)] - Card background.
 * @cssprop [--billing-balance-border-color=var(--billing-color-border)] - Card border colour.
 * @cssprop [--billing-balance-radius=calc(var(--billing-radius) * 1.5)] - Card corner radius.
 * @cssprop [--billing-balance-padding=calc(var(--billing-space) * 5)] - Card padding.
 * @cssprop [--billing-balance-shadow=var(--billing-shadow)] - Card shadow.
 * @cssprop [--billing-balance-forecast-color=var(--billing-color-text)] - Colour of the runway forecast (its can't-forecast sentences use --billing-color-text-muted).
 * @cssprop [--billing-color-accent=#4f46e5] - Global role: the "Add funds" button and focus ring.
 * @cssprop [--billing-color-accent-contrast=#ffffff] - Global role: text on the accent colour.
 * @cssprop [--billing-color-text=#1b2030] - Global role: main text.
 * @cssprop [--billing-color-text-muted=#596174] - Global role: secondary text.
 * @cssprop [--billing-color-surface=#ffffff] - Global role: background.
 * @cssprop [--billing-color-surface-raised=#f5f6fa] - Global role: badges, notices, skeletons.
 * @cssprop [--billing-color-border=#dfe3ea] - Global role: borders and dividers.
 * @cssprop [--billing-color-danger=#b42318] - Global role: negative balance and errors.
 * @cssprop [--billing-color-danger-surface=#fef3f2] - Global role: background of errors.
 * @cssprop [--billing-color-warning=#8a4b00] - Global role: low-balance text.
 * @cssprop [--billing-color-warning-surface=#fff6e5] - Global role: low-balance background.
 * @cssprop [--billing-color-success=#067647] - Global role: "Auto-recharge on" badge text.
 * @cssprop [--billing-color-success-surface=#ecfdf3] - Global role: "Auto-recharge on" badge background.
 * @cssprop [--billing-font-family=system-ui] - Global role: typeface.
 * @cssprop [--billing-font-size=0.875rem] - Global role: base text size.
 * @cssprop [--billing-radius=0.5rem] - Global role: corner radius of buttons and notices.
 * @cssprop [--billing-space=0.25rem] - Global role: spacing unit.
 * @cssprop [--billing-shadow] - Global role: elevation of the card and buttons.
 * @cssprop [--billing-focus-ring=2px solid var(--billing-color-accent)] - Global role: keyboard focus outline.
 *
 * @fires {AddFundsRequestedEvent} billing-add-funds-requested - "Add funds" was pressed. Cancelable; `event.account` is the account shown. Unless canceled, an `<add-funds-dialog>` sharing the store opens.
 */
export class CreditBalance extends BillingElement<'creditBalance', CreditBalanceShellMessages> {
  static override styles = [BillingElement.styles, creditBalanceStyles, forecastStyles];

  /** The host's BillingClient (property only). Takes precedence over a surrounding `<billing-provider>`. */
  @property({ attribute: false })
  client?: BillingClient;

  /** BCP 47 locale for the wording (en, de, fr, ja, ar ship; others through `registerLocaleMessages`), numbers and dates. Defaults to the nearest `lang`, then the browser's language. When it differs from the page's language, the element gets its own `lang` (and `dir` when the direction differs, as for Arabic). */
  @property({ reflect: false })
  locale?: string;

  /** `full`: the card for the top of the Billing tab. `compact`: one line (balance and Add funds) for a header. */
  @property({ reflect: true })
  variant: 'full' | 'compact' = 'full';

  /** Hides the "Add funds" button, e.g. for people who may see but not buy credit. */
  @property({ type: Boolean, attribute: 'hide-add-funds' })
  hideAddFunds = false;

  /** Hides the runway forecast (how long the balance lasts at the recent spend); its spend is then never requested and its code never fetched. The compact form never shows it. */
  @property({ type: Boolean, attribute: 'hide-forecast' })
  hideForecast = false;

  /** Replaces any of the visible or spoken strings, e.g. `{ addFunds: 'Buy credits' }`. */
  @property({ attribute: false })
  messages: Partial<CreditBalanceMessages> = {};

  /** Spoken by the polite live region: set only when the balance changes after it was first shown, or a top-up settles. */
  @state()
  private announcement = '';

  // Top-up phases are followed on every store update, not per render: one render may come after several changes.
  private readonly billing = new StoreController(this, { onUpdate: () => this.followTopUp(), provideToParts: true });
  /**
   * The forecast's code: prefetched when idle unless this form never shows it (hide-forecast, compact), loaded at the
   * latest once the balance is shown; meanwhile its placeholder.
   */
  private readonly forecastPart = new LazyPart<ForecastModule>(this, {
    shared: forecastImport,
    load: () => this.loadForecast(),
    wanted: () => this.forecastWanted,
    name: 'the runway forecast',
    prefetch: () => !this.hideForecast && this.variant === 'full',
  });
  /** The forecast was wanted at the last update (see willUpdate). */
  private forecastWasWanted = false;
  private lastBalance?: Money;
  /** The store's top-up and its phase when last seen: its outcome is announced once, on the change from unsettled. */
  private followedTopUp?: { topUp: ActiveTopUp; phase: TopUpPhase };
  /** A top-up whose outcome became known since the last render; the next render announces it. */
  private settledTopUp?: ActiveTopUp;
  /** The balance a success announcement already said, so the refresh that brings it is not announced again. */
  private announcedBalance?: Money;
  private clockTimer?: ReturnType<typeof setInterval>;

  override connectedCallback(): void {
    super.connectedCallback();
    // "Updated 2 minutes ago" has to age while the page stays open.
    this.clockTimer = setInterval(() => this.requestUpdate(), MINUTE);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clockTimer);
    this.clockTimer = undefined;
  }

  constructor() {
    super('creditBalance', defaultCreditBalanceShellMessages);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Also here: a top-up already under way when this widget connected has had no store update yet.
    this.followTopUp();
    const account = this.billing.account.value;
    const balance = account?.balance;
    if (account && balance) {
      const previous = this.lastBalance;
      this.lastBalance = balance;
      if (previous && !isSameMoney(previous, balance)) {
        const alreadySaid = this.announcedBalance;
        this.announcedBalance = undefined;
        if (!alreadySaid || !isSameMoney(alreadySaid, balance)) this.announcement = this.balanceSentence(account) ?? '';
      }
    }
    // Only as the forecast comes into view: a failed import stays "can't forecast" instead of being fetched on every render.
    const forecastWanted = this.forecastWanted;
    if (forecastWanted && !this.forecastWasWanted) this.forecastPart.want();
    this.forecastWasWanted = forecastWanted;
    const settled = this.settledTopUp;
    this.settledTopUp = undefined;
    if (settled) this.announceOutcome(settled, account);
  }

  /** Also waits for the forecast's code and its first render while it is wanted, so a test or host reads the line. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    while (await this.forecastPart.settle()) result = await super.getUpdateComplete();
    await this.renderRoot.querySelector<ReactiveElement>('billing-balance-forecast')?.updateComplete;
    return result;
  }

  private followTopUp(): void {
    const topUp = this.billing.store?.activeTopUp;
    const previous = this.followedTopUp;
    if (!topUp) {
      this.followedTopUp = undefined;
      return;
    }
    const phase = phaseOf(topUp);
    this.followedTopUp = { topUp, phase };
    if (previous?.topUp === topUp && UNSETTLED_PHASES.has(previous.phase) && (phase === 'succeeded' || phase === 'failed')) {
      this.settledTopUp = topUp;
    }
  }

  /** "Balance updated: $9.50 Low balance.", or undefined when the balance cannot be formatted. */
  private balanceSentence(account: Account): string | undefined {
    try {
      let sentence = this.text.balanceChanged(isolate(checked(formatMoney(account.balance, this.resolvedLocale))));
      const tone = toneOf(account);
      if (tone === 'low') sentence += ` ${this.text.lowBalanceShort}.`;
      if (tone === 'negative') sentence += ` ${this.text.negativeBalanceShort}.`;
      return sentence;
    } catch {
      return undefined;
    }
  }

  /** "$50.00 added to your balance. Balance updated: $92.50", or "Payment of $50.00 failed: <why>". */
  private announceOutcome(topUp: ActiveTopUp, account: Account | undefined): void {
    const text = this.text;
    let amount: string;
    try {
      if (!topUp.amount) return;
      amount = isolate(checked(formatMoney(topUp.amount, this.resolvedLocale)));
    } catch {
      return;
    }
    if (topUp.outcome === 'succeeded') {
      let sentence = text.paymentSucceeded(amount);
      const after = topUp.balanceAfter;
      const balance =
        account && after && after.currency === account.currency ? this.balanceSentence({ ...account, balance: after }) : undefined;
      if (after && balance) {
        sentence += ` ${balance}`;
        this.announcedBalance = after;
      }
      this.announcement = sentence;
      return;
    }
    const reason = topUp.failure
      ? this.localize.declineMessage(topUp.failure)
      : this.localize.errorMessage(topUp.error ?? new BillingError('unknown'));
    this.announcement = text.paymentFailed(amount, reason);
  }

  protected override render() {
    const account = this.billing.account;
    const compact = this.variant === 'compact';
    let body: TemplateResult;
    if (account.value) {
      let view: BalanceView | undefined;
      try {
        view = describeBalance(account.value, this.resolvedLocale, this.text);
      } catch {
        view = undefined;
      }
      body = view ? (compact ? this.renderCompact(view) : this.renderFull(account, view)) : this.renderError(this.text.displayError);
    } else if (account.status === 'error' && account.error) {
      body = this.renderError(this.localize.errorMessage(account.error), account.error);
    } else {
      body = compact ? this.renderCompactSkeleton() : this.renderSkeleton();
    }
    return html`${body}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement}</div>`;
  }

  private renderAddFunds(small: boolean) {
    if (this.hideAddFunds) return nothing;
    return html`<button
      type="button"
      part="add-funds-button"
      class="button button--primary add-funds ${small ? 'button--small' : ''}"
      @click=${this.onAddFunds}
    >
      ${icon('plus')}${this.text.addFunds}
    </button>`;
  }

  /** The store's top-up while it has no known outcome: a line in the card, a chip in the compact form. */
  private renderTopUp(compact: boolean) {
    const topUp = this.billing.store?.activeTopUp;
    if (!topUp?.amount) return nothing;
    const phase = phaseOf(topUp);
    if (!UNSETTLED_PHASES.has(phase)) return nothing;
    let amount: string;
    try {
      amount = isolate(checked(formatMoney(topUp.amount, this.resolvedLocale)));
    } catch {
      return nothing;
    }
    const text = this.text;
    const words =
      phase === 'paying'
        ? text.paymentInProgress(amount)
        : phase === 'checking'
          ? text.paymentChecking(amount)
          : text.paymentUnconfirmed(amount);
    const sign = phase === 'unconfirmed' ? icon('warning') : html`<span class="spinner" aria-hidden="true"></span>`;
    // A header has room for the balance and its button, not a sentence: its sign alone shows there, the words are read
    // out and shown on hover, so Add funds never wraps when a payment starts (the card writes them out).
    if (compact)
      return html`<span part="pending-payment" class="chip chip--pending chip--sign chip--${phase}" title=${words}
        >${sign}<span class="visually-hidden">${words}</span></span
      >`;
    return html`<p part="pending-payment" class="notice notice--${phase === 'unconfirmed' ? 'warning' : 'neutral'} pending-payment">
      ${sign}<span>${words}</span>
    </p>`;
  }

  /** Fetches the forecast's code (forecast-part.ts: <billing-balance-forecast>); one import for the page. */
  protected loadForecast(): Promise<ForecastModule> {
    return forecastImport.load();
  }

  private get forecastWanted(): boolean {
    return !this.hideForecast && this.variant === 'full' && this.billing.account.value !== undefined;
  }

  /** The forecast's line: its placeholder until its code is in, then <billing-balance-forecast> (which reads the spend). */
  private renderForecast(account: Account | undefined) {
    if (this.hideForecast || !account) return nothing;
    const forecast = this.forecastPart.module;
    if (forecast) {
      return html`<billing-balance-forecast
        exportparts="forecast, skeleton"
        .text=${this.partText(forecast.forecastEnglish)}
        .account=${account}
        locale=${this.resolvedLocale}
      ></billing-balance-forecast>`;
    }
    if (this.forecastPart.failed && !this.forecastPart.loading) return renderForecastLine('unavailable', this.text.forecastUnavailable);
    return renderForecastPlaceholder(account, this.resolvedLocale, this.text);
  }

  private renderNote() {
    return html`<div part="note" class="note"><slot name="note">${this.text.note}</slot></div>`;
  }

  private renderFull(account: ResourceState<Account>, view: BalanceView): TemplateResult {
    const text = this.text;
    return html`<div part="base" class="card" role="group" aria-labelledby="label" tabindex="-1">
      <div class="header">
        <div class="summary">
          <span part="label" class="label" id="label">${text.label}</span>
          <span part="amount" class="amount ${view.tone === 'negative' ? 'amount--negative' : ''}">${view.amount}</span>
        </div>
        ${this.renderAddFunds(false)}
      </div>
      ${this.renderTopUp(false)}
      ${
        view.tone === 'ok'
          ? nothing
          : html`<p part="status" class="notice notice--${view.tone === 'low' ? 'warning' : 'danger'} status status--${view.tone}">
              ${icon('warning')}
              <span
                >${
                  view.tone === 'low'
                    ? html`<strong>${text.lowBalanceTitle}</strong> ${text.lowBalance(view.threshold)}`
                    : html`<strong>${text.negativeBalanceTitle}</strong> ${text.negativeBalance}`
                }</span
              >
            </p>`
      }
      <div part="meta" class="meta">
        <time part="updated" datetime=${view.updatedIso} title=${view.updatedFull}>${view.updatedText}</time>
        <span part="badge" class="badge ${view.autoRecharge.on ? 'badge--on' : ''}"
          ><span class="dot" aria-hidden="true"></span>${view.autoRecharge.text}</span
        >
      </div>
      ${this.renderForecast(account.value)}
      ${
        account.refreshError
          ? html`<p part="stale-notice" class="notice notice--neutral stale">
              ${icon('warning')}
              <span
                >${text.refreshFailed}
                <button type="button" part="retry-button" class="button button--link" @click=${this.onRefresh}>${text.retry}</button></span
              >
            </p>`
          : nothing
      }
      ${this.renderNote()}
    </div>`;
  }

  private renderCompact(view: BalanceView): TemplateResult {
    const text = this.text;
    return html`<div part="base" class="compact" role="group" aria-labelledby="label" tabindex="-1">
      <span part="label" class="label" id="label">${text.compactLabel}</span>
      <span
        part="amount"
        class="amount ${view.tone === 'negative' ? 'amount--negative' : ''}"
        title="${view.updatedText} (${view.updatedFull})"
        >${view.amount}</span
      >
      ${
        view.tone === 'ok'
          ? nothing
          : html`<span part="status" class="chip chip--${view.tone}"
              >${icon('warning')}${view.tone === 'low' ? text.lowBalanceShort : text.negativeBalanceShort}</span
            >`
      }
      ${this.renderTopUp(true)} ${this.renderAddFunds(true)}
    </div>`;
  }

  private renderError(message: string, error?: BillingError): TemplateResult {
    const text = this.text;
    const onRetry = error ? this.onRetry : this.onRefresh;
    if (this.variant === 'compact') {
      return html`<div part="base" class="compact" tabindex="-1">
        <span part="label" class="label">${text.compactLabel}</span>
        <span part="error" class="chip chip--error" role="alert" title=${message}
          >${icon('error')}${text.compactError}<span class="visually-hidden">: ${message}</span></span
        >
        <button type="button" part="retry-button" class="button button--secondary button--small" @click=${onRetry}>${text.retry}</button>
      </div>`;
    }
    return html`<div part="base" class="card" role="group" aria-labelledby="label" tabindex="-1">
      <span part="label" class="label" id="label">${text.label}</span>
      <div class="error">
        <p part="error" class="error-message" role="alert">${icon('error')}<span>${message}</span></p>
        <button type="button" part="retry-button" class="button button--secondary" @click=${onRetry}>${text.retry}</button>
      </div>
      ${this.renderNote()}
    </div>`;
  }

  private renderSkeleton(): TemplateResult {
    const text = this.text;
    return html`<div part="base" class="card" aria-busy="true" role="group" aria-labelledby="label">
      <div class="header">
        <div class="summary">
          <span part="label" class="label" id="label">${text.label}</span>
          <span class="amount"><span part="skeleton" class="skeleton skeleton-line skeleton-amount"></span></span>
        </div>
        ${this.hideAddFunds ? nothing : html`<span part="skeleton" class="skeleton skeleton-button"></span>`}
      </div>
      <div class="meta">
        <span part="skeleton" class="skeleton skeleton-line skeleton-updated"></span>
        <span class="badge skeleton-badge" aria-hidden="true"><span class="dot"></span>&nbsp;</span>
      </div>
      ${this.hideForecast ? nothing : renderForecastPlaceholder(undefined, this.resolvedLocale, this.text)}
      <span class="visually-hidden">${text.loading}</span>
      ${this.renderNote()}
    </div>`;
  }

  private renderCompactSkeleton(): TemplateResult {
    const text = this.text;
    return html`<div part="base" class="compact" aria-busy="true">
      <span part="label" class="label">${text.compactLabel}</span>
      <span class="amount"><span part="skeleton" class="skeleton skeleton-line skeleton-amount"></span></span>
      ${this.hideAddFunds ? nothing : html`<span part="skeleton" class="skeleton skeleton-button"></span>`}
      <span class="visually-hidden">${text.loading}</span>
    </div>`;
  }

  private onAddFunds(): void {
    const account = this.billing.account.value;
    if (!account) return;
    const request = new AddFundsRequestedEvent(account);
    // A host that handles it (preventDefault) opens its own flow; otherwise the store tells an add-funds dialog.
    if (this.dispatchEvent(request)) this.billing.store?.requestAddFunds();
  }

  private onRetry(): void {
    this.focusAfterRetry(RETRY_LANDING);
    void this.billing.store?.loadAccount();
  }

  private onRefresh(): void {
    this.focusAfterRetry(RETRY_LANDING);
    void this.billing.store?.refresh();
  }
}

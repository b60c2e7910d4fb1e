// <add-funds-dialog>: the manual top-up flow (amount, card, Pay) in a modal dialog that can never charge twice.
import { LitElement, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { BillingClient } from '../../client/billing-client.js';
import { isAbortError, isBillingError } from '../../client/errors.js';
import type { Account } from '../../client/schemas.js';
import {
  addMoney,
  currencyDigits,
  formatMoney,
  moneyInputPlaceholder,
  parseMoney,
  type Money,
  type MoneyParseFailure,
} from '../../money/money.js';
import {
  appearanceFromTokens,
  CARD_ENTRY_UNAVAILABLE_MESSAGE,
  type CardEntry,
  type PaymentProvider,
} from '../../payments/payment-provider.js';
import type { BillingStore, StoreUpdate } from '../../store/billing-store.js';
import { StoreController } from '../../store/store-controller.js';
import { sharedStyles } from '../../styles/shared.js';
import { BillingThemeController, tokens } from '../../styles/tokens.js';
import { addFundsDialogStyles } from './add-funds-dialog.styles.js';
import { BeforePayEvent, FundsAddedEvent, PaymentFailedEvent, type PaymentSourceSummary } from './events.js';
import { DEFAULT_TOP_UP_TIMING, TopUpAttempt, type TopUpAttemptSource, type TopUpTiming } from './top-up-attempt.js';
import { LocaleController } from '../../i18n/locale-controller.js';
import { cardBrandName as brandName } from '../../payments/card-brand.js';
import { isCardExpired } from '../../payments/card-expiry.js';

/** Every string <add-funds-dialog> shows or speaks; set `messages` to replace any of them. */
export interface AddFundsDialogMessages {
  title: string;
  close: string;
  testMode: string;
  loading: string;
  retry: string;
  amountLegend: string;
  customAmount: string;
  amountLimits: (minimum: string, maximum: string) => string;
  amountRequired: string;
  amountBelowMinimum: (minimum: string) => string;
  amountAboveMaximum: (maximum: string) => string;
  amountNotANumber: string;
  amountExponent: string;
  amountNegative: string;
  amountTooManyDecimals: (currency: string, digits: number) => string;
  currentBalance: (balance: string) => string;
  newBalance: (balance: string) => string;
  methodLegend: string;
  loadingCards: string;
  cardsError: string;
  cardLabel: (brand: string, last4: string) => string;
  expires: (month: string, year: string) => string;
  expired: string;
  defaultCard: string;
  newCard: string;
  saveCard: string;
  loadingCardEntry: string;
  chooseCard: string;
  pay: (amount: string) => string;
  payDisabled: string;
  processing: string;
  cancel: string;
  statusSubmitting: (amount: string, card: string) => string;
  statusAuthenticating: string;
  statusConfirming: string;
  statusProcessing: string;
  stillProcessing: string;
  declinedTitle: string;
  declinedHint: string;
  interruptedTitle: string;
  interruptedHint: string;
  unconfirmedTitle: (amount: string) => string;
  unconfirmedHint: string;
  checkAgain: string;
  checking: string;
  payDifferently: string;
  payDifferentlyWarning: (amount: string) => string;
  payDifferentlyConfirm: string;
  payDifferentlyBack: string;
  earlierUnconfirmed: (amount: string, card: string) => string;
  earlierSucceeded: (amount: string) => string;
  earlierFailed: (amount: string) => string;
  successTitle: string;
  successBody: (amount: string, card: string) => string;
  successBalance: string;
  done: string;
}

export const defaultAddFundsDialogMessages: AddFundsDialogMessages = {
  title: 'Add funds',
  close: 'Close',
  testMode: 'Test mode',
  loading: 'Loading your account…',
  retry: 'Try again',
  amountLegend: 'Amount',
  customAmount: 'Other amount',
  amountLimits: (minimum, maximum) => `From ${minimum} to ${maximum}`,
  amountRequired: 'Choose an amount or enter one.',
  amountBelowMinimum: (minimum) => `The minimum top-up is ${minimum}.`,
  amountAboveMaximum: (maximum) => `The maximum top-up is ${maximum}.`,
  amountNotANumber: 'Enter the amount as a number.',
  amountExponent: 'Write the amount out in full, without an exponent.',
  amountNegative: 'The amount cannot be negative.',
  amountTooManyDecimals: (currency, digits) =>
    digits === 0
      ? `${currency} amounts have no decimal places.`
      : `${currency} amounts have at most ${digits} decimal place${digits === 1 ? '' : 's'}.`,
  currentBalance: (balance) => `Current balance: ${balance}`,
  newBalance: (balance) => `New balance: ${balance}`,
  methodLegend: 'Payment method',
  loadingCards: 'Loading your saved cards…',
  cardsError: "We couldn't load your saved cards.",
  cardLabel: (brand, last4) => `${brand} ending in ${last4}`,
  expires: (month, year) => `Expires ${month}/${year}`,
  expired: 'Expired',
  defaultCard: 'Default',
  newCard: 'Use a new card',
  saveCard: 'Save this card for future payments',
  loadingCardEntry: 'Loading secure card entry…',
  chooseCard: 'Choose a card to pay with.',
  pay: (amount) => `Pay ${amount}`,
  payDisabled: 'Pay',
  processing: 'Processing…',
  cancel: 'Cancel',
  statusSubmitting: (amount, card) => `Paying ${amount} with ${card}…`,
  statusAuthenticating: 'Your bank wants to confirm this payment. Follow the steps shown.',
  statusConfirming: 'Confirming with your bank…',
  statusProcessing: "We're confirming your payment. This can take a moment.",
  stillProcessing: 'Your payment is still processing. You can close this window with the Close button; the payment carries on.',
  declinedTitle: 'Payment declined.',
  declinedHint: 'Nothing was charged. Try another card, or try again.',
  interruptedTitle: "We couldn't confirm your payment.",
  interruptedHint: 'Press Pay to check again. You will not be charged twice.',
  unconfirmedTitle: (amount) => `We couldn't confirm your payment of ${amount}.`,
  unconfirmedHint: 'Check again before paying again.',
  checkAgain: 'Check again',
  checking: 'Checking your payment…',
  payDifferently: 'Pay a different way',
  payDifferentlyWarning: (amount) =>
    `Your payment of ${amount} may have gone through. If it did, a new payment charges you again. Continue only if you want to pay again anyway; you can still check the first payment later.`,
  payDifferentlyConfirm: 'Start a new payment',
  payDifferentlyBack: 'Go back',
  earlierUnconfirmed: (amount, card) => `Your earlier payment of ${amount} with ${card} is still unconfirmed.`,
  earlierSucceeded: (amount) => `Your earlier payment of ${amount} went through.`,
  earlierFailed: (amount) => `Your earlier payment of ${amount} did not go through. Nothing was charged for it.`,
  successTitle: 'Funds added',
  successBody: (amount, card) => `${amount} was added to your balance with ${card}.`,
  successBalance: 'New balance',
  done: 'Done',
};

const NEW_CARD = 'new';

/** Keeps an amount's own direction inside a sentence of the other direction. */
function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}

function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}

const icons = {
  close: svg`<path d="M5.5 5.5l9 9M14.5 5.5l-9 9" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" fill="none"/>`,
  error: svg`<circle cx="10" cy="10" r="7.2" stroke="currentColor" stroke-width="1.6" fill="none"/><path d="M10 6.3v4.4" stroke="currentColor" stroke-width="1.7" stroke-linecap="round"/><circle cx="10" cy="13.5" r="0.95" fill="currentColor"/>`,
  check: svg`<path d="M5 10.5l3.2 3.2L15 7" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" fill="none"/>`,
  card: svg`<rect x="2.5" y="4.5" width="15" height="11" rx="2" stroke="currentColor" stroke-width="1.5" fill="none"/><path d="M2.5 8h15" stroke="currentColor" stroke-width="1.5"/>`,
  lock: svg`<rect x="4.5" y="9" width="11" height="8" rx="1.5" stroke="currentColor" stroke-width="1.5" fill="none"/><path d="M7 9V6.5a3 3 0 0 1 6 0V9" stroke="currentColor" stroke-width="1.5" fill="none"/>`,
};

function icon(name: keyof typeof icons): TemplateResult {
  return html`<svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">${icons[name]}</svg>`;
}

/** Dialogs on the page, so one "Add funds" request opens one dialog per store, not every one. */
const connectedDialogs = new Set<AddFundsDialog>();

type AmountCheck = { ok: true; money: Money } | { ok: false; message: string };

/**
 * Adds prepaid credit by hand: preset amounts or one typed in (checked against the account's
 * minimum, maximum and currency digits), a saved card or a new one through the
 * `paymentProvider`'s card entry (card data stays in the provider's iframe), and Pay. A payment
 * runs with one idempotency key per attempt, survives lost responses, 3-D Secure and
 * "processing", and lives in the BillingStore: closing the dialog does not stop it, and a second
 * dialog shows it instead of charging again. Opens by itself when a `<credit-balance>` sharing
 * its store asks for "Add funds".
 *
 * @tagname add-funds-dialog
 * @summary Manual top-up in a modal dialog: amount, card, Pay; safe against double charges.
 *
 * @csspart dialog - The native `<dialog>` element.
 * @csspart base - The panel inside the dialog.
 * @csspart header - The bar with the title, the "Test mode" badge and the close button.
 * @csspart title - The heading.
 * @csspart close-button - The close (×) button.
 * @csspart test-mode - The "Test mode" badge shown with a test payment provider.
 * @csspart loading - "Loading…" while the account is read.
 * @csspart legend - Each group's heading ("Amount", "Pay with").
 * @csspart preset-chip - Each preset amount chip: the box a person sees and clicks.
 * @csspart preset - The radio input inside each chip (kept invisible; style `preset-chip`).
 * @csspart label - The "Other amount" label.
 * @csspart hint - The minimum and maximum under the amount.
 * @csspart custom-amount - The "Other amount" input.
 * @csspart amount-error - The message saying why the amount is not accepted.
 * @csspart preview - "New balance: …" before paying.
 * @csspart method - Each payment method option (saved cards and "Use a new card").
 * @csspart tag - The "Default" or "Expired" tag of a saved card.
 * @csspart new-card - The box with the card entry and "Save this card", shown for "Use a new card".
 * @csspart save-card - The "Save this card" checkbox and its label.
 * @csspart card-entry - The container the payment provider mounts its card entry into.
 * @csspart card-entry-error - Shown when the card entry cannot load.
 * @csspart challenge - Where a provider may draw its 3-D Secure challenge.
 * @csspart status - What the payment is doing now (processing, confirming).
 * @csspart error - A declined or interrupted payment, in plain words.
 * @csspart unconfirmed - The payment whose outcome is unknown (a lost response): its amount and card, frozen.
 * @csspart check-again-button - "Check again": asks the backend about that payment with its own idempotency key.
 * @csspart pay-differently-button - "Pay a different way": a new payment, only after a warning that the first may have gone through.
 * @csspart pay-differently-warning - That warning.
 * @csspart pay-differently-confirm-button - "Start a new payment", under the warning.
 * @csspart pay-differently-back-button - "Go back" to checking, under the warning.
 * @csspart earlier-payment - An earlier payment still unconfirmed (or just resolved), shown above a new one.
 * @csspart retry-button - "Try again" after the account or the saved cards could not load.
 * @csspart footer - The bar with Cancel and Pay.
 * @csspart pay-button - The Pay button ("Processing…" while a payment runs).
 * @csspart cancel-button - The Cancel button.
 * @csspart success - The success view.
 * @csspart success-balance - The new balance on the success view.
 * @csspart done-button - "Done" on the success view.
 *
 * @cssprop [--billing-dialog-width=32rem] - Width of the dialog on larger screens (a full-height sheet at 480px and below).
 * @cssprop [--billing-dialog-backdrop=var(--billing-color-backdrop)] - The scrim behind the modal.
 * @cssprop [--billing-color-backdrop=rgb(0 0 0 / 0.5)] - Global role: the scrim behind a modal (darker in the dark theme).
 * @cssprop [--billing-color-accent] - Global role: Pay button, selected chips and cards.
 * @cssprop [--billing-color-surface] - Global role: dialog background.
 * @cssprop [--billing-color-danger] - Global role: declines and validation messages.
 * @cssprop [--billing-color-success] - Global role: the success view.
 * @cssprop [--billing-radius=0.5rem] - Global role: corner radius.
 * @cssprop [--billing-font-family] - Global role: typeface.
 *
 * @fires {BeforePayEvent} billing-before-pay - Pay pressed with a valid amount and card, before anything is charged. Cancelable: preventDefault() vetoes the payment.
 * @fires {FundsAddedEvent} billing-funds-added - The backend confirmed the top-up; `topUp`, `amount`, `balanceAfter`.
 * @fires {PaymentFailedEvent} billing-payment-failed - Declined by the bank, 3-D Secure failed, or the card details were refused; `code`, `message`.
 */
export class AddFundsDialog extends LitElement {
  static override styles = [tokens, ...sharedStyles, addFundsDialogStyles];

  /** The host's BillingClient (property only). Takes precedence over a surrounding `<billing-provider>`. */
  @property({ attribute: false })
  client?: BillingClient;

  /** Collects new cards and runs 3-D Secure: `StripePaymentProvider`, `TestCardPaymentProvider`, or your own. Without one, only saved cards are offered. */
  @property({ attribute: false })
  paymentProvider?: PaymentProvider;

  /** Whether the dialog is shown (as a modal). Set it, or call `show()` / `close()`. */
  @property({ type: Boolean, reflect: true })
  open = false;

  /** BCP 47 locale for the wording (en, de, fr, ja, ar ship; others through `registerLocaleMessages`), numbers and dates. Defaults to the nearest `lang`, then the browser's language. When it differs from the page's language, the element gets its own `lang` (and `dir` when the direction differs, as for Arabic). */
  @property()
  locale?: string;

  /** Replaces any of the visible or spoken strings. */
  @property({ attribute: false })
  messages: Partial<AddFundsDialogMessages> = {};

  /** Retry and polling waits; the defaults suit people, tests may shorten them. */
  @property({ attribute: false })
  timing: TopUpTiming = DEFAULT_TOP_UP_TIMING;

  @state() private presetAmount?: number;
  @state() private customText = '';
  @state() private showAmountError = false;
  @state() private selectedMethod?: string;
  @state() private saveCard = true;
  @state() private cardEntryStatus: 'idle' | 'loading' | 'ready' | 'unavailable' = 'idle';
  @state() private cardEntryMessage = '';
  @state() private formError = '';
  @state() private escapeNotice = false;
  /** Showing the warning before a new payment while one's outcome is unknown. */
  @state() private payDifferentlyAsked = false;
  /** The unconfirmed attempt the person knowingly set aside to pay another way (until they pay or close). */
  @state() private setAside?: TopUpAttempt;

  private readonly billing = new StoreController(this, { onUpdate: (update) => this.onStoreUpdate(update) });
  // Mirrors an ancestor's data-billing-theme so the token layer can pick light or dark.
  private readonly theme = new BillingThemeController(this);
  // Locale, direction and wording: English < registered catalogs < `messages`.
  private readonly localize = new LocaleController(this, 'addFundsDialog', defaultAddFundsDialogMessages);
  private cardEntry?: CardEntry;
  /** The locale the card entry speaks: a change of the widget's is passed on to it. */
  private cardEntryLocale?: string;
  /** The box the card entry was mounted in; the form is drawn anew after the success or unconfirmed view. */
  private cardEntryContainer?: HTMLElement;
  private cardEntryAbort?: AbortController;
  private opener: HTMLElement | null = null;
  /** Attempts this dialog started: only their owner fires the outcome events, once. */
  private readonly ownAttempts = new WeakSet<TopUpAttempt>();
  private lastShownStatus?: string;
  private mountedProvider?: PaymentProvider;

  /** Opens the dialog as a modal and moves focus into it. */
  show(): void {
    this.opener ??= deepActiveElement();
    this.open = true;
  }

  /** Closes the dialog; focus returns to whatever opened it. A payment in flight carries on. */
  close(): void {
    this.open = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    connectedDialogs.add(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connectedDialogs.delete(this);
    this.destroyCardEntry();
  }

  private get store(): BillingStore | undefined {
    return this.billing.store;
  }

  private get text(): AddFundsDialogMessages {
    return this.localize.messages();
  }

  private get resolvedLocale(): string {
    return this.localize.locale;
  }

  /** Also waits for the catalog of the element's language, so a test or host never reads the English fallback. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    return (await this.localize.settle()) ? super.getUpdateComplete() : result;
  }

  /** The store's top-up (started here or in another dialog), when it is one of ours. */
  private get attempt(): TopUpAttempt | undefined {
    const active = this.store?.activeTopUp;
    return active instanceof TopUpAttempt ? active : undefined;
  }

  private get paying(): boolean {
    const attempt = this.attempt;
    return attempt !== undefined && !attempt.settled;
  }

  private format(money: Money): string {
    return formatMoney(money, this.resolvedLocale);
  }

  private onStoreUpdate(update: StoreUpdate): void {
    if (update.kind !== 'add-funds-requested' || this.open) return;
    const store = this.store;
    // Another dialog on the same store already answered this request.
    for (const other of connectedDialogs) if (other !== this && other.open && other.store === store) return;
    this.show();
  }

  // ------------------------------------------------------------------ lifecycle

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('paymentProvider') && this.mountedProvider !== this.paymentProvider) {
      this.destroyCardEntry();
      if (this.selectedMethod === NEW_CARD && !this.paymentProvider) this.selectedMethod = undefined;
    }
    // Saved cards are only needed once someone is about to pay.
    if (this.open && this.store?.paymentMethods.status === 'idle') void this.store.loadPaymentMethods();
    const account = this.billing.account.value;
    if (account && this.presetAmount === undefined && this.customText === '') {
      const presets = account.topUpLimits.presets;
      this.presetAmount = presets[Math.min(1, presets.length - 1)]?.amount;
    }
    if (this.selectedMethod === undefined) {
      const methods = this.store?.paymentMethods.value;
      if (methods) {
        const usable = methods.filter((card) => !isCardExpired(card));
        this.selectedMethod =
          usable.find((card) => card.isDefault)?.id ?? usable[0]?.id ?? (this.paymentProvider ? NEW_CARD : undefined);
      }
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const dialog = this.dialogElement;
    if (dialog && changed.has('open')) {
      if (this.open && !dialog.open && this.isConnected) this.openDialog(dialog);
      else if (!this.open && dialog.open) {
        dialog.close();
        // After this update, not inside it: tidying up changes state.
        void Promise.resolve().then(() => this.afterClose());
      }
    }
    if (this.cardEntryStranded) {
      // After this update, not inside it: destroying changes state (and lets the next update mount anew).
      void Promise.resolve().then(() => {
        if (this.cardEntryStranded) this.destroyCardEntry();
      });
    }
    if (this.open && this.selectedMethod === NEW_CARD && this.cardEntryStatus === 'idle') {
      // After this update, not inside it: mounting changes state.
      void Promise.resolve().then(() => this.mountCardEntry());
    }
    if (this.cardEntry && this.cardEntryLocale !== this.resolvedLocale) {
      this.cardEntryLocale = this.resolvedLocale;
      this.cardEntry.update({ locale: this.cardEntryLocale });
    }

    // Moves focus to what changed, so keyboard and screen-reader users land on the outcome.
    const status = this.attempt?.status;
    if (status !== this.lastShownStatus) {
      this.lastShownStatus = status;
      if (this.open && status === 'succeeded') this.focusPart('done-button');
      else if (this.open && (status === 'declined' || status === 'interrupted')) this.focusPart('error');
      else if (this.open && this.paying) this.focusPart('status');
    }
    // Private states are not keys of `this` for PropertyValues' typing.
    const changedState = changed as Map<PropertyKey, unknown>;
    if (changedState.has('payDifferentlyAsked') && this.open) {
      if (this.payDifferentlyAsked) this.focusPart('pay-differently-warning');
      else if (changedState.get('payDifferentlyAsked') === true && !this.setAside && !this.paying) this.focusPart('check-again-button');
    }
    if (changedState.has('setAside') && this.setAside && this.open) this.focusFirstField();
    // On a short screen the card form opens below the fold: bring it up when picked, and again once it has loaded.
    const picked = changedState.has('selectedMethod') && changedState.get('selectedMethod') !== undefined;
    const loaded = changedState.has('cardEntryStatus') && this.cardEntryStatus !== 'idle';
    if (this.open && this.selectedMethod === NEW_CARD && (picked || loaded)) this.revealNewCard();
  }

  private revealNewCard(): void {
    const newCard = this.renderRoot.querySelector<HTMLElement>('.new-card');
    if (!newCard || newCard.hidden) return;
    const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    newCard.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: reduceMotion ? 'auto' : 'smooth' });
  }

  private get dialogElement(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  private openDialog(dialog: HTMLDialogElement): void {
    this.opener ??= deepActiveElement();
    dialog.showModal();
    // A payment that settled while the dialog was closed is shown now; otherwise start at the amount.
    const attempt = this.attempt;
    if (attempt?.status === 'succeeded') this.focusPart('done-button');
    else if (this.paying) this.focusPart('status');
    else if (this.showsUnconfirmed) this.focusPart('error');
    else this.focusFirstField();
  }

  private focusFirstField(): void {
    const field =
      this.renderRoot.querySelector<HTMLElement>('input[name="preset"]:checked') ??
      this.renderRoot.querySelector<HTMLElement>('input[name="preset"], [part~="custom-amount"]');
    (field ?? this.renderRoot.querySelector<HTMLElement>('[part~="close-button"]'))?.focus();
  }

  private focusPart(name: string): void {
    this.renderRoot.querySelector<HTMLElement>(`[part~="${name}"]`)?.focus();
  }

  /** The native dialog closed by itself (Escape): follow it. Closing through `open` is handled in updated(). */
  private onDialogClose(): void {
    if (!this.open || this.dialogElement?.open) return;
    this.open = false;
    this.afterClose();
  }

  private afterClose(): void {
    this.escapeNotice = false;
    // Setting a payment aside lasts until a new one starts or the dialog closes: reopening shows it again.
    this.payDifferentlyAsked = false;
    this.setAside = undefined;
    const store = this.store;
    // Earlier payments whose outcome a check has since learned were seen: forget them.
    for (const earlier of store?.unconfirmedTopUps ?? []) {
      if (earlier.settled && !earlier.outcomeUnknown) store?.clearTopUp(earlier);
    }
    const attempt = this.attempt;
    // The outcome was seen: the next opening starts a fresh payment. An unsettled one keeps going.
    if (attempt && (attempt.status === 'succeeded' || attempt.status === 'declined')) {
      this.store?.clearTopUp(attempt);
      if (attempt.status === 'succeeded') this.resetForm();
    }
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected) opener.focus();
  }

  private onDialogKeydown(event: KeyboardEvent): void {
    // Stops Escape before the browser's close request, which it may not let us cancel.
    if (event.key === 'Escape' && this.paying) {
      event.preventDefault();
      this.escapeNotice = true;
    }
  }

  private onDialogCancel(event: Event): void {
    // Escape: a payment in flight must not look abandoned; say so instead of vanishing.
    if (this.paying) {
      event.preventDefault();
      this.escapeNotice = true;
    }
  }

  private resetForm(): void {
    this.presetAmount = undefined;
    this.customText = '';
    this.showAmountError = false;
    this.formError = '';
  }

  // ------------------------------------------------------------------ amount

  private checkAmount(account: Account): AmountCheck {
    const text = this.text;
    const { minimum, maximum } = account.topUpLimits;
    let money: Money;
    if (this.customText.trim() !== '') {
      const parsed = parseMoney(this.customText, account.currency, this.resolvedLocale);
      if (!parsed.ok) return { ok: false, message: this.parseProblem(parsed.reason, parsed.message, account) };
      money = parsed.money;
    } else if (this.presetAmount !== undefined) {
      money = { amount: this.presetAmount, currency: account.currency };
    } else {
      return { ok: false, message: text.amountRequired };
    }
    if (money.amount < minimum.amount || money.amount === 0) {
      return { ok: false, message: text.amountBelowMinimum(isolate(this.format(minimum))) };
    }
    if (money.amount > maximum.amount) return { ok: false, message: text.amountAboveMaximum(isolate(this.format(maximum))) };
    return { ok: true, money };
  }

  /** money.ts explains a refusal in English; the widget says it in its own language. */
  private parseProblem(reason: MoneyParseFailure, english: string, account: Account): string {
    const text = this.text;
    switch (reason) {
      case 'empty':
        return text.amountRequired;
      case 'not_a_number':
        return text.amountNotANumber;
      case 'exponent':
        return text.amountExponent;
      case 'negative':
        return text.amountNegative;
      case 'too_many_decimals':
        return text.amountTooManyDecimals(account.currency, currencyDigits(account.currency));
      case 'too_large':
        return text.amountAboveMaximum(isolate(this.format(account.topUpLimits.maximum)));
      default:
        return english;
    }
  }

  private onPreset(amount: number): void {
    this.presetAmount = amount;
    this.customText = '';
    this.showAmountError = false;
    this.onEdit();
  }

  private onCustomInput(event: Event): void {
    this.customText = (event.target as HTMLInputElement).value;
    if (this.customText.trim() !== '') this.presetAmount = undefined;
    this.onEdit();
  }

  private onCustomBlur(): void {
    if (this.customText.trim() !== '') this.showAmountError = true;
  }

  // ------------------------------------------------------------------ payment method

  private onMethod(id: string): void {
    this.selectedMethod = id;
    this.onEdit();
  }

  /** Any edit means a new attempt (and a new idempotency key) next time: forget a declined or interrupted one. */
  private onEdit(): void {
    this.formError = '';
    const attempt = this.attempt;
    if (attempt?.settled && attempt.status !== 'succeeded') this.store?.clearTopUp(attempt);
    const account = this.billing.account.value;
    const check = account ? this.checkAmount(account) : undefined;
    if (check?.ok) this.cardEntry?.update({ amount: check.money });
  }

  /** The card-entry box on screen now, if the form is. */
  private get renderedCardEntryContainer(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[part~="card-entry"]');
  }

  /**
   * A card entry (or its loading or failure) no one can see any more: its box was replaced when the
   * form was drawn anew, or the dialog closed. Kept while the running payment may still tokenize with it.
   */
  private get cardEntryStranded(): boolean {
    if (this.cardEntryStatus === 'idle') return false;
    const attempt = this.attempt;
    const inUse = attempt !== undefined && !attempt.settled && attempt.source.type === 'new_card' && attempt.source.cardEntry === this.cardEntry;
    return !inUse && (!this.open || this.cardEntryContainer !== this.renderedCardEntryContainer);
  }

  private async mountCardEntry(): Promise<void> {
    const provider = this.paymentProvider;
    const account = this.billing.account.value;
    const container = this.renderedCardEntryContainer;
    // Two updates may each have asked for a mount: one card entry per dialog.
    if (!provider || !account || !container || this.cardEntryStatus !== 'idle') return;
    this.cardEntryStatus = 'loading';
    this.mountedProvider = provider;
    this.cardEntryContainer = container;
    const abort = new AbortController();
    this.cardEntryAbort = abort;
    const check = this.checkAmount(account);
    const locale = this.resolvedLocale;
    try {
      const entry = await provider.mountCardEntry(container, {
        mode: 'payment',
        amount: check.ok ? check.money : account.topUpLimits.minimum,
        currency: account.currency,
        locale,
        appearance: appearanceFromTokens(container),
        signal: abort.signal,
      });
      if (abort.signal.aborted) {
        entry.destroy();
        return;
      }
      this.cardEntry = entry;
      this.cardEntryLocale = locale;
      entry.onChange(() => this.onEdit());
      this.cardEntryStatus = 'ready';
    } catch (error) {
      if (isAbortError(error) || abort.signal.aborted) return;
      this.cardEntryStatus = 'unavailable';
      this.cardEntryMessage = this.localize.knownText(isBillingError(error) ? this.localize.errorMessage(error) : CARD_ENTRY_UNAVAILABLE_MESSAGE);
    }
  }

  private destroyCardEntry(): void {
    this.cardEntryAbort?.abort();
    this.cardEntryAbort = undefined;
    // A payment still using it has its token already; the card form itself can go.
    this.cardEntry?.destroy();
    this.cardEntry = undefined;
    this.cardEntryLocale = undefined;
    this.cardEntryContainer = undefined;
    this.mountedProvider = undefined;
    this.cardEntryStatus = 'idle';
    this.cardEntryMessage = '';
  }

  // ------------------------------------------------------------------ paying

  private onSubmit(event: Event): void {
    event.preventDefault();
    this.pay();
  }

  private pay(): void {
    const store = this.store;
    const account = this.billing.account.value;
    if (!store || !account) return;
    // One top-up at a time per store: a double click, Enter held down or a second dialog lands here.
    if (this.paying) return;
    this.escapeNotice = false;

    const check = this.checkAmount(account);
    if (!check.ok) {
      this.showAmountError = true;
      this.updateComplete.then(() => this.focusPart(this.customText.trim() === '' ? 'preset' : 'custom-amount'));
      return;
    }
    const chosen = this.chosenSource();
    if (!chosen) return;

    // The same amount and card after an interruption: the same attempt, the same key.
    const previous = this.attempt;
    if (previous?.status === 'interrupted' && this.sameAttempt(previous, check.money, chosen.source)) {
      this.ownAttempts.add(previous);
      void previous.run();
      return;
    }
    // Never a new key while the last payment may have charged, unless the person chose to, warned.
    if (previous?.outcomeUnknown && this.setAside !== previous) {
      this.checkAgain(previous);
      return;
    }

    if (!this.dispatchEvent(new BeforePayEvent(check.money, chosen.summary))) return;
    const attempt = new TopUpAttempt({
      client: store.client,
      provider: this.paymentProvider,
      amount: check.money,
      source: chosen.source,
      sourceLabel: chosen.summary.label,
      timing: this.timing,
      challengeContainer: () => this.renderRoot.querySelector<HTMLElement>('[part~="challenge"]') ?? undefined,
      locale: () => this.resolvedLocale,
      onChange: (changed) => this.onAttemptChange(store, changed),
    });
    if (!store.beginTopUp(attempt, previous?.outcomeUnknown ? { replacingUnknown: previous } : {})) return;
    this.setAside = undefined;
    this.ownAttempts.add(attempt);
    void attempt.run();
  }

  /** Asks the backend again about an attempt whose outcome is unknown: same key, same request, so it replays the first result. */
  private checkAgain(attempt: TopUpAttempt): void {
    this.payDifferentlyAsked = false;
    if (attempt === this.setAside) this.setAside = undefined;
    this.ownAttempts.add(attempt);
    void attempt.run();
  }

  private onCheckAgain(event: Event): void {
    event.preventDefault();
    const attempt = this.attempt;
    if (attempt && !this.paying) this.checkAgain(attempt);
  }

  private onPayDifferently(): void {
    this.payDifferentlyAsked = true;
  }

  private onPayDifferentlyConfirmed(): void {
    this.payDifferentlyAsked = false;
    this.setAside = this.attempt;
  }

  /** The current attempt may have charged and the person has not set it aside: only checking it is offered. */
  private get showsUnconfirmed(): boolean {
    const attempt = this.attempt;
    return attempt !== undefined && attempt.outcomeUnknown && attempt !== this.setAside;
  }

  private chosenSource(): { source: TopUpAttemptSource; summary: PaymentSourceSummary } | null {
    const text = this.text;
    const method = this.selectedMethod;
    if (method === NEW_CARD) {
      if (!this.cardEntry) {
        this.formError = this.cardEntryStatus === 'unavailable' ? this.cardEntryMessage : text.loadingCardEntry;
        return null;
      }
      return {
        source: { type: 'new_card', cardEntry: this.cardEntry, saveCard: this.saveCard },
        summary: { type: 'new_card', saveCard: this.saveCard, label: text.newCard },
      };
    }
    const card = this.store?.paymentMethods.value?.find((candidate) => candidate.id === method);
    if (!card || isCardExpired(card)) {
      this.formError = text.chooseCard;
      return null;
    }
    return {
      source: { type: 'saved_card', paymentMethodId: card.id },
      summary: { type: 'saved_card', paymentMethodId: card.id, label: `${brandName(card.brand)} ••${card.last4}` },
    };
  }

  private sameAttempt(attempt: TopUpAttempt, amount: Money, source: TopUpAttemptSource): boolean {
    if (attempt.amount.amount !== amount.amount || attempt.amount.currency !== amount.currency) return false;
    const previous = attempt.source;
    if (previous.type === 'saved_card') return source.type === 'saved_card' && source.paymentMethodId === previous.paymentMethodId;
    return source.type === 'new_card' && source.cardEntry === previous.cardEntry && source.saveCard === previous.saveCard;
  }

  private onAttemptChange(store: BillingStore, attempt: TopUpAttempt): void {
    store.notifyTopUpChanged(attempt);
    this.requestUpdate();
    if (!this.ownAttempts.has(attempt)) return;
    const topUp = attempt.topUp;
    if (attempt.status === 'succeeded' && topUp?.status === 'succeeded') {
      // Every widget on the store (each <credit-balance>) shows the new balance without a reload.
      void store.notifyMutation();
      this.dispatchEvent(new FundsAddedEvent(topUp));
    } else if (attempt.status === 'declined' && attempt.failure) {
      this.dispatchEvent(
        new PaymentFailedEvent({ amount: attempt.amount, code: attempt.failure.code, message: attempt.failure.message, topUp }),
      );
    }
  }

  private onRetryLoad(): void {
    const store = this.store;
    if (!store) return;
    if (this.billing.account.status === 'error') void store.loadAccount();
    if (store.paymentMethods.status === 'error') void store.loadPaymentMethods();
  }

  // ------------------------------------------------------------------ rendering

  protected override render() {
    const text = this.text;
    const account = this.billing.account;
    const attempt = this.attempt;
    let body: TemplateResult;
    if (attempt?.status === 'succeeded') body = this.renderSuccess(attempt);
    else if (attempt && this.showsUnconfirmed) body = this.renderUnconfirmed(attempt);
    else if (account.value) body = this.renderForm(account.value);
    else if (account.status === 'error' && account.error) body = this.renderLoadError(this.localize.errorMessage(account.error));
    else body = html`<p part="loading" class="loading" role="status">${text.loading}</p>`;

    return html`<dialog
      part="dialog"
      class="dialog"
      aria-labelledby="title"
      @close=${this.onDialogClose}
      @cancel=${this.onDialogCancel}
      @keydown=${this.onDialogKeydown}
    >
      <div part="base" class="panel">
        <header part="header" class="header">
          <h2 part="title" class="title" id="title">${text.title}</h2>
          ${this.paymentProvider?.testMode ? html`<span part="test-mode" class="test-mode">${text.testMode}</span>` : nothing}
          <button type="button" part="close-button" class="close" aria-label=${text.close} @click=${this.close}>
            ${icon('close')}
          </button>
        </header>
        ${body}
      </div>
    </dialog>`;
  }

  private renderLoadError(message: string): TemplateResult {
    return html`<div class="body">
      <div part="error" class="notice notice--danger" role="alert" tabindex="-1">
        ${icon('error')}<span>${message}</span>
      </div>
      <button type="button" part="retry-button" class="button button--secondary" @click=${this.onRetryLoad}>${this.text.retry}</button>
    </div>`;
  }

  private renderForm(account: Account): TemplateResult {
    const text = this.text;
    const attempt = this.attempt;
    const paying = this.paying;
    const check = this.checkAmount(account);
    const amountError = this.showAmountError && !check.ok ? check.message : '';
    const { minimum, maximum, presets } = account.topUpLimits;
    const payLabel = paying ? text.processing : check.ok ? text.pay(this.format(check.money)) : text.payDisabled;
    let preview = text.currentBalance(isolate(this.format(account.balance)));
    if (check.ok) {
      try {
        preview = text.newBalance(isolate(this.format(addMoney(account.balance, check.money))));
      } catch {
        // A balance in another currency than the limits cannot be summed; the current balance still shows.
      }
    }

    return html`<form class="form" novalidate @submit=${this.onSubmit}>
      <div class="body">
        ${this.renderEarlierPayments()}
        <fieldset class="group" ?disabled=${paying}>
          <legend part="legend" class="legend">${text.amountLegend}</legend>
          <div class="presets">
            ${presets.map(
              (preset) => html`<label part="preset-chip" class="chip">
                <input
                  type="radio"
                  name="preset"
                  part="preset"
                  .checked=${live(this.customText.trim() === '' && this.presetAmount === preset.amount)}
                  @change=${() => this.onPreset(preset.amount)}
                />
                <span>${this.format(preset)}</span>
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
              placeholder=${moneyInputPlaceholder(account.currency, this.resolvedLocale)}
              aria-invalid=${amountError ? 'true' : 'false'}
              aria-describedby=${amountError ? 'amount-limits amount-error' : 'amount-limits'}
              .value=${live(this.customText)}
              @input=${this.onCustomInput}
              @blur=${this.onCustomBlur}
            />
            <p part="hint" class="hint" id="amount-limits">
              ${text.amountLimits(isolate(this.format(minimum)), isolate(this.format(maximum)))}
            </p>
            ${amountError
              ? html`<p part="amount-error" class="field-error" id="amount-error">${icon('error')}<span>${amountError}</span></p>`
              : nothing}
          </div>
          <p part="preview" class="preview" aria-live="polite">${preview}</p>
        </fieldset>

        <fieldset class="group" ?disabled=${paying}>
          <legend part="legend" class="legend">${text.methodLegend}</legend>
          ${this.renderMethods()}
        </fieldset>

        <div part="challenge" class="challenge"></div>

        ${attempt && paying
          ? html`<p part="status" class="notice notice--neutral" role="status" tabindex="-1">
              <span class="spinner" aria-hidden="true"></span>
              <span>${this.statusText(attempt)}${this.escapeNotice ? html`<br /><strong>${text.stillProcessing}</strong>` : nothing}</span>
            </p>`
          : nothing}
        ${attempt?.status === 'declined' && attempt.failure
          ? html`<div part="error" class="notice notice--danger" role="alert" tabindex="-1">
              ${icon('error')}
              ${attempt.failure.code === 'invalid_card_details'
                ? html`<span>${attempt.failure.message}</span>`
                : html`<span><strong>${text.declinedTitle}</strong> ${this.localize.declineMessage(attempt.failure)} ${text.declinedHint}</span>`}
            </div>`
          : nothing}
        ${attempt?.status === 'interrupted' && !attempt.outcomeUnknown
          ? html`<div part="error" class="notice notice--danger" role="alert" tabindex="-1">
              ${icon('error')}
              <span
                ><strong>${text.interruptedTitle}</strong> ${attempt.error ? this.localize.errorMessage(attempt.error) : ''}
                ${attempt.error?.retryable !== false ? text.interruptedHint : nothing}</span
              >
            </div>`
          : nothing}
        ${this.formError
          ? html`<div part="error" class="notice notice--danger" role="alert">${icon('error')}<span>${this.formError}</span></div>`
          : nothing}
      </div>
      <footer part="footer" class="footer">
        <button type="button" part="cancel-button" class="button button--secondary" @click=${this.close}>${text.cancel}</button>
        <button type="submit" part="pay-button" class="button button--primary pay" ?disabled=${paying} aria-busy=${paying ? 'true' : 'false'}>
          ${paying ? html`<span class="spinner" aria-hidden="true"></span>` : icon('lock')}${payLabel}
        </button>
      </footer>
    </form>`;
  }

  private statusText(attempt: TopUpAttempt): string {
    const text = this.text;
    switch (attempt.status) {
      case 'authenticating':
        return text.statusAuthenticating;
      case 'confirming':
        return text.statusConfirming;
      case 'processing':
        return text.statusProcessing;
      default:
        return text.statusSubmitting(isolate(this.format(attempt.amount)), attempt.sourceLabel);
    }
  }

  private renderMethods(): TemplateResult {
    const text = this.text;
    const methods = this.store?.paymentMethods;
    let cards: TemplateResult | typeof nothing = nothing;
    if (methods?.value) {
      cards = html`${methods.value.map((card) => {
        const expired = isCardExpired(card);
        const month = String(card.expMonth).padStart(2, '0');
        const year = String(card.expYear % 100).padStart(2, '0');
        return html`<label class="method ${expired ? 'method--expired' : ''}" part="method">
          <input
            type="radio"
            name="method"
            .checked=${live(this.selectedMethod === card.id)}
            ?disabled=${expired}
            @change=${() => this.onMethod(card.id)}
          />
          <span class="method-icon">${icon('card')}</span>
          <span class="method-text">
            <span class="method-name">${text.cardLabel(brandName(card.brand), card.last4)}</span>
            <span class="method-meta">${text.expires(month, year)}</span>
          </span>
          ${expired
            ? html`<span part="tag" class="tag tag--danger">${text.expired}</span>`
            : card.isDefault
              ? html`<span part="tag" class="tag">${text.defaultCard}</span>`
              : nothing}
        </label>`;
      })}`;
    } else if (methods?.status === 'error') {
      cards = html`<p class="notice notice--danger">
        ${icon('error')}<span
          >${text.cardsError}
          <button type="button" part="retry-button" class="button button--link" @click=${this.onRetryLoad}>${text.retry}</button></span
        >
      </p>`;
    } else {
      cards = html`<p class="hint">${text.loadingCards}</p>`;
    }
    const newSelected = this.selectedMethod === NEW_CARD;
    return html`<div class="methods">
      ${cards}
      ${this.paymentProvider
        ? html`<label class="method" part="method">
              <input type="radio" name="method" .checked=${live(newSelected)} @change=${() => this.onMethod(NEW_CARD)} />
              <span class="method-icon">${icon('card')}</span>
              <span class="method-text"><span class="method-name">${text.newCard}</span></span>
            </label>
            <div part="new-card" class="new-card" ?hidden=${!newSelected}>
              <div part="card-entry" class="card-entry"></div>
              ${this.cardEntryStatus === 'loading' ? html`<p class="hint">${text.loadingCardEntry}</p>` : nothing}
              ${this.cardEntryStatus === 'unavailable'
                ? html`<p part="card-entry-error" class="notice notice--warning" role="alert">
                    ${icon('error')}<span>${this.cardEntryMessage}</span>
                  </p>`
                : nothing}
              ${this.cardEntryStatus === 'ready'
                ? html`<label part="save-card" class="checkbox">
                    <input
                      type="checkbox"
                      .checked=${live(this.saveCard)}
                      @change=${(event: Event) => {
                        this.saveCard = (event.target as HTMLInputElement).checked;
                        this.onEdit();
                      }}
                    />
                    <span>${text.saveCard}</span>
                  </label>`
                : nothing}
            </div>`
        : nothing}
    </div>`;
  }

  /**
   * The payment whose outcome is unknown, frozen: its amount and card, "Check again" (the same key),
   * and a new payment only after a warning that the first may have gone through.
   */
  private renderUnconfirmed(attempt: TopUpAttempt): TemplateResult {
    const text = this.text;
    const checking = !attempt.settled;
    const amount = isolate(this.format(attempt.amount));
    const asked = this.payDifferentlyAsked && !checking;
    return html`<form class="form" novalidate @submit=${this.onCheckAgain}>
      <div class="body" part="unconfirmed">
        <div part="error" class="notice notice--warning" role="alert" tabindex="-1">
          ${icon('error')}
          <span
            ><strong>${text.unconfirmedTitle(amount)}</strong> ${text.unconfirmedHint}
            ${!checking && attempt.error ? this.localize.errorMessage(attempt.error) : nothing}</span
          >
        </div>
        <dl class="preview">
          <div><dt>${text.amountLegend}</dt><dd>${this.format(attempt.amount)}</dd></div>
          <div><dt>${text.methodLegend}</dt><dd>${attempt.sourceLabel}</dd></div>
        </dl>
        <div part="challenge" class="challenge"></div>
        ${checking
          ? html`<p part="status" class="notice notice--neutral" role="status" tabindex="-1">
              <span class="spinner" aria-hidden="true"></span>
              <span>${attempt.status === 'submitting' ? text.checking : this.statusText(attempt)}${this.escapeNotice
                  ? html`<br /><strong>${text.stillProcessing}</strong>`
                  : nothing}</span>
            </p>`
          : nothing}
        ${asked
          ? html`<div part="pay-differently-warning" class="notice notice--danger" role="alert" tabindex="-1">
              ${icon('error')}<span>${text.payDifferentlyWarning(amount)}</span>
            </div>`
          : nothing}
      </div>
      <footer part="footer" class="footer">
        ${asked
          ? html`<button type="button" part="pay-differently-back-button" class="button button--secondary" @click=${() => (this.payDifferentlyAsked = false)}>
                ${text.payDifferentlyBack}
              </button>
              <button type="button" part="pay-differently-confirm-button" class="button button--secondary" @click=${this.onPayDifferentlyConfirmed}>
                ${text.payDifferentlyConfirm}
              </button>`
          : html`<button type="button" part="pay-differently-button" class="button button--secondary" ?disabled=${checking} @click=${this.onPayDifferently}>
                ${text.payDifferently}
              </button>
              <button type="submit" part="check-again-button" class="button button--primary" ?disabled=${checking} aria-busy=${checking ? 'true' : 'false'}>
                ${checking ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${text.checkAgain}
              </button>`}
      </footer>
    </form>`;
  }

  /** Payments set aside while their outcome was unknown: still offered a check, or told how they ended. */
  private renderEarlierPayments(): TemplateResult | typeof nothing {
    const store = this.store;
    const attempt = this.attempt;
    const earlier = [...(store?.unconfirmedTopUps ?? [])];
    // Set aside but not replaced yet: it is still the store's current attempt.
    if (attempt && attempt === this.setAside) earlier.push(attempt);
    const attempts = earlier.filter((candidate): candidate is TopUpAttempt => candidate instanceof TopUpAttempt);
    if (attempts.length === 0) return nothing;
    const text = this.text;
    return html`${attempts.map((earlierAttempt) => {
      const amount = isolate(this.format(earlierAttempt.amount));
      if (earlierAttempt.status === 'succeeded') {
        return html`<p part="earlier-payment" class="notice notice--success" role="status">${icon('check')}<span>${text.earlierSucceeded(amount)}</span></p>`;
      }
      if (earlierAttempt.status === 'declined') {
        return html`<p part="earlier-payment" class="notice notice--neutral" role="status">${icon('error')}<span>${text.earlierFailed(amount)}</span></p>`;
      }
      const checking = !earlierAttempt.settled;
      // Once another payment replaced it, only a read of a top-up the backend named: replaying its
      // create could charge it now, on top of the payment made instead.
      const checkable = earlierAttempt === this.attempt || earlierAttempt.topUp !== undefined;
      return html`<div part="earlier-payment" class="notice notice--warning">
        ${checking ? html`<span class="spinner" aria-hidden="true"></span>` : icon('error')}
        <span
          >${text.earlierUnconfirmed(amount, earlierAttempt.sourceLabel)}
          ${checkable
            ? html`<button
                type="button"
                part="check-again-button"
                class="button button--link"
                ?disabled=${checking}
                @click=${() => this.checkAgain(earlierAttempt)}
              >
                ${checking ? text.checking : text.checkAgain}
              </button>`
            : nothing}</span
        >
      </div>`;
    })}`;
  }

  private renderSuccess(attempt: TopUpAttempt): TemplateResult {
    const text = this.text;
    const balanceAfter = attempt.balanceAfter;
    return html`<div part="success" class="success">
      ${this.renderEarlierPayments()}
      <span class="success-icon">${icon('check')}</span>
      <h3 class="success-title">${text.successTitle}</h3>
      <p class="success-body" role="status">${text.successBody(isolate(this.format(attempt.amount)), attempt.sourceLabel)}</p>
      ${balanceAfter
        ? html`<div part="success-balance" class="success-balance">
            <span class="success-balance-label">${text.successBalance}</span>
            <span class="success-balance-amount">${this.format(balanceAfter)}</span>
          </div>`
        : nothing}
      <button type="button" part="done-button" class="button button--primary done" @click=${this.close}>${text.done}</button>
    </div>`;
  }
}

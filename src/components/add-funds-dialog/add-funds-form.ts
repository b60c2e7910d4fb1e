// <billing-add-funds-form>: the body of <add-funds-dialog>, loaded with import() when the dialog is about to open (or
// the browser is idle): the amount, the card, paying, checking again, and the outcome views, with their own state.
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isBillingError } from '../../client/errors.js';
import type { Account } from '../../client/schemas.js';
import { localizeDeclineMessage, localizeErrorMessage, localizeMessage } from '../../i18n/localize.js';
import type { AddFundsDialogMessages } from '../../i18n/messages/add-funds-dialog.js';
import type { LocalizableError } from '../../i18n/messages/errors.js';
import { formatMoney, type Money } from '../../money/money.js';
import { isCardExpired } from '../../payments/card-expiry.js';
import { CARD_ENTRY_UNAVAILABLE_MESSAGE, type PaymentProvider } from '../../payments/payment-provider.js';
import type { BillingStore } from '../../store/billing-store.js';
import { StoreController } from '../../store/store-controller.js';
import { sharedStyles } from '../../styles/shared.js';
import { CardEntryController, type CardEntryStatus } from '../card-entry-controller.js';
import { addFundsFormStyles } from './add-funds-form.styles.js';
import { checkAmount, type AmountCheck } from './amount-check.js';
import {
  focusFirstField,
  focusFirstOf,
  focusPart,
  keepEnterOffChoices,
  renderFooter,
  renderFormError,
  renderLoadError,
  renderRepeatQuestion,
  revealNewCard,
} from './form-parts.js';
import { defaultAddFundsDialogMessages } from './messages.js';
import { renderAmount } from './amount-view.js';
import { chooseSource } from './chosen-source.js';
import {
  renderAttemptProblem,
  renderEarlierPayments,
  renderStatus,
  renderSuccess,
  renderUnconfirmed,
  statusText,
  type ViewWords,
} from './outcome-views.js';
import { NEW_CARD, renderPaymentMethods } from './payment-methods-view.js';
import { TopUpAttempt } from './top-up-attempt.js';
import { DEFAULT_REPEAT_WINDOW_SECONDS, sameAttempt, TopUpController } from './top-up-controller.js';
import { DEFAULT_TOP_UP_TIMING, type TopUpTiming } from './top-up-timing.js';

// The form's English travels in this chunk; the dialog resolves it with its own words when it draws the form.
export { defaultAddFundsFormMessages } from './messages.js';

/**
 * @internal Private to `<add-funds-dialog>`, which renders it as the dialog's body and footer and passes on its words,
 * locale and settings; the store comes through the dialog's context. Its public events bubble out of the dialog.
 *
 * @fires close-request - Cancel, Done or "Close — the payment continues" was pressed: the dialog closes.
 */
export class AddFundsForm extends LitElement {
  static override styles = [...sharedStyles, addFundsFormStyles];

  /** The dialog's words in its language. */
  @property({ attribute: false }) text: AddFundsDialogMessages = defaultAddFundsDialogMessages;
  /** The dialog's resolved locale, for amounts and the card entry. */
  @property({ attribute: false }) locale = 'en';
  /** Whether the dialog shows the form: focus moves in on opening, and what was seen is tidied on closing. */
  @property({ attribute: false }) open = false;
  @property({ attribute: false }) paymentProvider?: PaymentProvider;
  /** Seconds during which the same amount again asks first (see the dialog's `repeat-window`). */
  @property({ attribute: false }) repeatWindow = DEFAULT_REPEAT_WINDOW_SECONDS;
  @property({ attribute: false }) timing: TopUpTiming = DEFAULT_TOP_UP_TIMING;

  @state() private presetAmount?: number;
  @state() private customText = '';
  @state() private showAmountError = false;
  @state() private selectedMethod?: string;
  @state() private saveCard = true;
  @state() private formError = '';
  /** Escape was pressed while paying: the status says the payment carries on. */
  @state() private escapeNotice = false;
  /** Showing the warning before a new payment while one's outcome is unknown. */
  @state() private payDifferentlyAsked = false;
  /** The same amount as a top-up that just succeeded: the question shown before paying it again. */
  @state() private repeatAsked?: { amount: Money; at: number };
  /**
   * The account as the form last showed it unfrozen. While a payment runs, its credit can reach the balance (change
   * feed) before its answer does; "New balance" keeps adding to the balance from before, or it would count it twice.
   */
  private accountBeforePay?: Account;
  /** The unconfirmed attempt the person knowingly set aside to pay another way (until they pay or close). */
  @state() private setAside?: TopUpAttempt;

  private readonly billing = new StoreController(this, { loadAccount: false });
  private readonly cardEntry = new CardEntryController(this, {
    mode: 'payment',
    provider: () => this.paymentProvider,
    locale: () => this.locale,
    // Any edit means a new attempt next time; the amount reaches the card entry.
    onChange: () => this.onEdit(),
    unavailableMessage: (error) =>
      isBillingError(error)
        ? this.errorMessage(error)
        : localizeMessage('errors.cardEntryUnavailable', undefined, this.locale, CARD_ENTRY_UNAVAILABLE_MESSAGE),
  });
  private readonly topUps = new TopUpController(this, {
    store: () => this.store,
    provider: () => this.paymentProvider,
    timing: () => this.timing,
    locale: () => this.locale,
    challengeContainer: () => this.renderRoot.querySelector<HTMLElement>('[part~="challenge"]') ?? undefined,
  });
  /** The attempt status focus last followed. */
  private lastShownStatus?: string;
  /** The card entry's status when last drawn: the new-card box is scrolled into view once it starts loading. */
  private shownCardEntryStatus: CardEntryStatus = 'idle';
  /** After "Try again": where focus lands once nothing is loading (selectors, first found wins). */
  private retryLanding?: readonly string[];

  private get store(): BillingStore | undefined {
    return this.billing.store;
  }

  private get words(): ViewWords {
    const locale = this.locale;
    return {
      text: this.text,
      locale,
      errorMessage: (error) => this.errorMessage(error),
      declineMessage: (failure) => localizeDeclineMessage(failure, locale),
    };
  }

  /** Escape was pressed on the dialog: true while a payment runs, which closing would seem to abandon; the form then says so. */
  keepOpenOnEscape(): boolean {
    if (!this.topUps.paying) return false;
    this.escapeNotice = true;
    return true;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('open') && !this.open && changed.get('open') === true) this.afterClose();
    if (changed.has('paymentProvider') && this.cardEntry.provider !== this.paymentProvider) {
      this.cardEntry.destroy();
      if (this.selectedMethod === NEW_CARD && !this.paymentProvider) this.selectedMethod = undefined;
    }
    const account = this.billing.account.value;
    if (account && this.presetAmount === undefined && this.customText === '') {
      const presets = account.topUpLimits.presets;
      this.presetAmount = presets[Math.min(1, presets.length - 1)]?.amount;
    }
    if (this.selectedMethod === undefined) {
      const methods = this.store?.paymentMethods.value;
      if (methods) {
        const usable = methods.filter((card) => !isCardExpired(card));
        this.selectedMethod = usable.find((card) => card.isDefault)?.id ?? usable[0]?.id ?? (this.paymentProvider ? NEW_CARD : undefined);
      }
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('open') && this.open) this.focusStart();
    const cardEntryStatus = this.cardEntry.status;
    const cardEntryLoaded = cardEntryStatus !== this.shownCardEntryStatus && cardEntryStatus !== 'idle';
    this.shownCardEntryStatus = cardEntryStatus;
    this.syncCardEntry();

    // Moves focus to what changed, so keyboard and screen-reader users land on the outcome.
    const status = this.topUps.current?.status;
    if (status !== this.lastShownStatus) {
      this.lastShownStatus = status;
      if (this.open && status === 'succeeded') focusPart(this.renderRoot, 'done-button');
      else if (this.open && (status === 'declined' || status === 'interrupted')) focusPart(this.renderRoot, 'error');
      else if (this.open && this.topUps.paying) focusPart(this.renderRoot, 'status');
    }
    if (changed.has('payDifferentlyAsked') && this.open) {
      if (this.payDifferentlyAsked) focusPart(this.renderRoot, 'pay-differently-warning');
      else if (changed.get('payDifferentlyAsked') === true && !this.setAside && !this.topUps.paying)
        focusPart(this.renderRoot, 'check-again-button');
    }
    if (changed.has('setAside') && this.setAside && this.open) focusFirstField(this.renderRoot);
    // The question, not its "Add another" button: an Enter still repeating must not answer it.
    if (changed.has('repeatAsked') && this.open) {
      const answered = changed.get('repeatAsked') !== undefined && !this.topUps.paying;
      if (this.repeatAsked) focusPart(this.renderRoot, 'repeat-warning');
      // Back at the amount a person chose: the typed one, else the checked preset.
      else if (answered && this.customText.trim() !== '') focusPart(this.renderRoot, 'custom-amount');
      else if (answered) focusFirstField(this.renderRoot);
    }
    // On a short screen the card form opens below the fold: bring it up when picked, and again once it has loaded.
    const picked = changed.has('selectedMethod') && changed.get('selectedMethod') !== undefined;
    if (this.open && this.selectedMethod === NEW_CARD && (picked || cardEntryLoaded)) revealNewCard(this.renderRoot);
    if (this.retryLanding && focusFirstOf(this.renderRoot, this.retryLanding)) this.retryLanding = undefined;
  }

  // ------------------------------------------------------------------ opening, closing, focus

  /** Just opened: a payment that settled while the dialog was closed is shown now; otherwise start at the amount. */
  private focusStart(): void {
    const attempt = this.topUps.current;
    if (attempt?.status === 'succeeded') focusPart(this.renderRoot, 'done-button');
    else if (this.topUps.paying) focusPart(this.renderRoot, 'status');
    else if (this.showsUnconfirmed) focusPart(this.renderRoot, 'error');
    else focusFirstField(this.renderRoot);
  }

  /** Closed: what was seen is done with; a payment still running (or unconfirmed) carries on. */
  private afterClose(): void {
    this.escapeNotice = false;
    // Setting a payment aside lasts until a new one starts or the dialog closes: reopening shows it again.
    this.payDifferentlyAsked = false;
    this.setAside = undefined;
    this.repeatAsked = undefined;
    const store = this.store;
    // Earlier payments whose outcome a check has since learned were seen: forget them.
    for (const earlier of store?.unconfirmedTopUps ?? []) {
      if (earlier.settled && !earlier.outcomeUnknown) store?.clearTopUp(earlier);
    }
    const attempt = this.topUps.current;
    // The outcome was seen: the next opening starts a fresh payment.
    if (attempt && (attempt.status === 'succeeded' || attempt.status === 'declined')) {
      store?.clearTopUp(attempt);
      if (attempt.status === 'succeeded') {
        this.presetAmount = undefined;
        this.customText = '';
        this.showAmountError = false;
        this.formError = '';
      }
    }
  }

  private readonly requestClose = (): void => {
    this.dispatchEvent(new Event('close-request'));
  };

  // ------------------------------------------------------------------ card entry

  /**
   * One card entry, in the box on screen: one nobody can see any more (its box was replaced when the form was drawn
   * anew, or the dialog closed) goes, unless the running payment may still tokenize with it; "Use a new card" mounts one.
   */
  private syncCardEntry(): void {
    const cardEntry = this.cardEntry;
    const container = this.renderRoot.querySelector<HTMLElement>('[part~="card-entry"]');
    const attempt = this.topUps.current;
    const inUse =
      attempt !== undefined && !attempt.settled && attempt.source.type === 'new_card' && attempt.source.cardEntry === cardEntry.entry;
    if (cardEntry.status !== 'idle' && !inUse && (!this.open || cardEntry.container !== container))
      cardEntry.destroy({ unseen: !this.open });
    const account = this.billing.account.value;
    if (!this.mountsCardEntry || cardEntry.status !== 'idle' || !container || !account) return;
    const check = this.amountCheck(account);
    const amount = check.ok ? check.money : account.topUpLimits.minimum;
    void cardEntry.mount(container, { currency: account.currency, amount, drawnAsLoading: true });
  }

  /** Open, paying with a new card, and able to: syncCardEntry mounts the card entry after this render. */
  private get mountsCardEntry(): boolean {
    return this.open && this.selectedMethod === NEW_CARD && this.paymentProvider !== undefined && this.billing.account.value !== undefined;
  }

  // ------------------------------------------------------------------ editing

  private errorMessage(error: LocalizableError): string {
    return localizeErrorMessage(error, this.locale);
  }

  private amountCheck(account: Account): AmountCheck {
    return checkAmount({ customText: this.customText, presetAmount: this.presetAmount }, account, this.text, this.locale);
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

  private onMethod(id: string): void {
    this.selectedMethod = id;
    this.onEdit();
  }

  /** Any edit means a new attempt (and a new idempotency key) next time: forget a declined or interrupted one. */
  private onEdit(): void {
    this.formError = '';
    const attempt = this.topUps.current;
    if (attempt?.settled && attempt.status !== 'succeeded') this.store?.clearTopUp(attempt);
    const account = this.billing.account.value;
    const check = account ? this.amountCheck(account) : undefined;
    if (check?.ok) this.cardEntry.update({ amount: check.money });
  }

  private onRetryLoad(): void {
    const store = this.store;
    if (!store) return;
    const accountFailed = this.billing.account.status === 'error';
    // Once loaded, focus goes where a person continues: the amount after the account, the card after the saved cards.
    this.retryLanding = accountFailed
      ? ['[part~="retry-button"]', 'input[name="preset"]:checked', '[part~="custom-amount"]']
      : ['[part~="retry-button"]', 'input[name="method"]:checked', '[part~="method"] input'];
    if (accountFailed) void store.loadAccount();
    if (store.paymentMethods.status === 'error') void store.loadPaymentMethods();
  }

  // ------------------------------------------------------------------ paying

  private onSubmit(event: Event): void {
    event.preventDefault();
    this.pay();
  }

  private pay(options: { repeatConfirmed?: boolean } = {}): void {
    const account = this.billing.account.value;
    if (!this.store || !account) return;
    // One top-up at a time per store: a double click, Enter held down or a second dialog lands here.
    if (this.topUps.paying) return;
    // Only "Add another" answers the repeat question.
    if (this.repeatAsked && !options.repeatConfirmed) return;
    this.escapeNotice = false;

    const check = this.amountCheck(account);
    if (!check.ok) {
      this.showAmountError = true;
      void this.updateComplete.then(() => focusPart(this.renderRoot, this.customText.trim() === '' ? 'preset' : 'custom-amount'));
      return;
    }
    const { selectedMethod: method, cardEntry, saveCard, text } = this;
    const chosen = chooseSource({ method, cardEntry, saveCard, text, savedCards: this.store.paymentMethods.value });
    if ('problem' in chosen) {
      this.formError = chosen.problem;
      return;
    }
    // The same amount again just after it went through: ask first (a held Enter, a second tab, a slip).
    if (!options.repeatConfirmed) {
      const repeated = this.topUps.repeatOf(check.money, this.repeatWindow);
      if (repeated) {
        this.repeatAsked = repeated;
        return;
      }
    }
    this.repeatAsked = undefined;

    // The same amount and card after an interruption: the same attempt, the same key.
    const previous = this.topUps.current;
    if (previous?.status === 'interrupted' && sameAttempt(previous, check.money, chosen.source)) {
      this.topUps.rerun(previous);
      return;
    }
    // Never a new key while the last payment may have charged, unless the person chose to, warned.
    if (previous?.outcomeUnknown && this.setAside !== previous) {
      this.checkAgain(previous);
      return;
    }
    if (this.topUps.start(check.money, chosen, previous?.outcomeUnknown ? previous : undefined)) this.setAside = undefined;
  }

  /** Asks the backend again about an attempt whose outcome is unknown: same key, same request, so it replays the first result. */
  private checkAgain(attempt: TopUpAttempt): void {
    this.payDifferentlyAsked = false;
    if (attempt === this.setAside) this.setAside = undefined;
    this.topUps.rerun(attempt);
  }

  private answerPayDifferently(asked: boolean, setAside?: TopUpAttempt): void {
    this.payDifferentlyAsked = asked;
    if (setAside) this.setAside = setAside;
  }

  /** The current attempt may have charged and the person has not set it aside: only checking it is offered. */
  private get showsUnconfirmed(): boolean {
    const attempt = this.topUps.current;
    return attempt !== undefined && attempt.outcomeUnknown && attempt !== this.setAside;
  }

  // ------------------------------------------------------------------ rendering

  protected override render(): TemplateResult {
    const account = this.billing.account;
    const attempt = this.topUps.current;
    if (attempt?.status === 'succeeded') {
      return renderSuccess(this.words, {
        attempt,
        savedCards: this.store?.paymentMethods.value,
        earlier: this.renderEarlierPayments(),
        onDone: this.requestClose,
      });
    }
    if (attempt && this.showsUnconfirmed) {
      return renderUnconfirmed(this.words, {
        attempt,
        payDifferentlyAsked: this.payDifferentlyAsked,
        escapeNotice: this.escapeNotice,
        onCheckAgain: (event) => {
          event.preventDefault();
          if (!this.topUps.paying) this.checkAgain(attempt);
        },
        onPayDifferently: () => this.answerPayDifferently(true),
        onPayDifferentlyBack: () => this.answerPayDifferently(false),
        onPayDifferentlyConfirmed: () => this.answerPayDifferently(false, attempt),
        onClose: this.requestClose,
      });
    }
    if (account.value) return this.renderForm(account.value);
    if (account.status === 'error' && account.error)
      return renderLoadError(this.text, this.errorMessage(account.error), () => this.onRetryLoad());
    return html`<p part="loading" class="loading" role="status" aria-busy="true">${this.text.loading}</p>`;
  }

  private renderEarlierPayments(): TemplateResult | typeof nothing {
    const current = this.topUps.current;
    const earlier = [...(this.store?.unconfirmedTopUps ?? [])];
    // Set aside but not replaced yet: it is still the store's current attempt.
    if (current && current === this.setAside) earlier.push(current);
    return renderEarlierPayments(this.words, {
      attempts: earlier.filter((candidate): candidate is TopUpAttempt => candidate instanceof TopUpAttempt),
      current,
      onCheckAgain: (attempt) => this.checkAgain(attempt),
    });
  }

  private renderForm(account: Account): TemplateResult {
    const { text, locale } = this;
    const attempt = this.topUps.current;
    const paying = this.topUps.paying;
    const check = this.amountCheck(account);
    const repeat = this.repeatAsked;
    // The form stays as it was while a payment runs or the repeat question waits for an answer.
    const frozen = paying || repeat !== undefined;
    if (!frozen || !this.accountBeforePay) this.accountBeforePay = account;

    return html`<form class="form" novalidate @submit=${(event: Event) => this.onSubmit(event)} @keydown=${keepEnterOffChoices}>
      <div class="body">
        ${this.renderEarlierPayments()}
        <fieldset class="group" ?disabled=${frozen}>
          <legend part="legend" class="legend">${text.amountLegend}</legend>
          ${renderAmount(text, locale, {
            account: this.accountBeforePay,
            check,
            customText: this.customText,
            presetAmount: this.presetAmount,
            showAmountError: this.showAmountError,
            onPreset: (amount) => this.onPreset(amount),
            onCustomInput: (event) => this.onCustomInput(event),
            onCustomBlur: () => this.onCustomBlur(),
          })}
        </fieldset>
        <fieldset class="group" ?disabled=${frozen}>
          <legend part="legend" class="legend">${text.methodLegend}</legend>
          ${renderPaymentMethods(text, {
            savedCards: this.store?.paymentMethods,
            selected: this.selectedMethod,
            newCardOffered: this.paymentProvider !== undefined,
            // Already 'loading' in the render that draws the entry's box, which updated() then fills.
            cardEntryStatus: this.cardEntry.status === 'idle' && this.mountsCardEntry ? 'loading' : this.cardEntry.status,
            cardEntryMessage: this.cardEntry.message,
            saveCard: this.saveCard,
            locale,
            onSelect: (id) => this.onMethod(id),
            onSaveCard: (save) => {
              this.saveCard = save;
              this.onEdit();
            },
            onRetry: () => this.onRetryLoad(),
          })}
        </fieldset>
        <div part="challenge" class="challenge"></div>
        ${attempt && paying ? renderStatus(this.words, statusText(this.words, attempt), this.escapeNotice) : nothing}
        ${repeat && !paying ? renderRepeatQuestion(text, locale, repeat) : nothing}
        ${attempt ? renderAttemptProblem(this.words, attempt) : nothing} ${renderFormError(this.formError)}
      </div>
      ${renderFooter(text, locale, {
        paying,
        payLabel: paying ? text.processing : check.ok ? text.pay(formatMoney(check.money, locale)) : text.payDisabled,
        repeat,
        onRepeatBack: () => (this.repeatAsked = undefined),
        onRepeatConfirm: () => this.pay({ repeatConfirmed: true }),
        onClose: this.requestClose,
      })}
    </form>`;
  }
}

const ADD_FUNDS_FORM_TAG = 'billing-add-funds-form';
if (!customElements.get(ADD_FUNDS_FORM_TAG)) customElements.define(ADD_FUNDS_FORM_TAG, AddFundsForm);

declare global {
  interface HTMLElementTagNameMap {
    'billing-add-funds-form': AddFundsForm;
  }
}

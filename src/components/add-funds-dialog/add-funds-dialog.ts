// <add-funds-dialog>: the manual top-up flow (amount, card, Pay) in a modal dialog that can never charge twice.
// This is the eager shell: the public API, the state and the wiring. The flow itself (rendering, paying, its
// stylesheet) is add-funds-flow.ts, fetched with import() when the browser is idle or, at the latest, on opening.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BillingClient } from '../../client/billing-client.js';
import type { Money } from '../../money/money.js';
import type { CardEntry, PaymentProvider } from '../../payments/payment-provider.js';
import type { BillingStore, StoreUpdate } from '../../store/billing-store.js';
import { StoreController } from '../../store/store-controller.js';
import { BillingElement } from '../billing-element.js';
import { LazyPart, SharedImport } from '../lazy-part.js';
import { icon } from './icons.js';
import { addFundsDialogShellStyles } from './add-funds-dialog.shell.styles.js';
import { defaultAddFundsDialogMessages, type AddFundsDialogMessages } from './messages.js';
import type { TopUpAttempt } from './top-up-attempt.js';
import { DEFAULT_TOP_UP_TIMING, type TopUpTiming } from './top-up-timing.js';

// The English words moved to a small module of their own (the i18n catalog needs them without the element); the
// public entry points keep importing them from here.
export { defaultAddFundsDialogMessages, type AddFundsDialogMessages } from './messages.js';

type AddFundsFlow = typeof import('./add-funds-flow.js');

/** The payment flow's code, fetched once for every dialog on the page. */
const flowImport = new SharedImport<AddFundsFlow>(() => import('./add-funds-flow.js'));

function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}

/** Dialogs on the page, so one "Add funds" request opens one dialog per store, not every one. */
const connectedDialogs = new Set<AddFundsDialog>();

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
 * @csspart cancel-button - The Cancel button (only while nothing is being paid).
 * @csspart close-while-paying-button - "Close — the payment continues": replaces Cancel while a payment is in flight, which closing does not stop.
 * @csspart repeat-warning - "You added $50.00 1 minute ago. Add another $50.00?": the same amount again within `repeatWindow`.
 * @csspart repeat-confirm-button - "Add another $50.00", under that question: pays.
 * @csspart repeat-back-button - "Go back", under that question: back to the form, nothing charged.
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
export class AddFundsDialog extends BillingElement<'addFundsDialog'> {
  // The dialog's own stylesheet comes with the flow (LazyPart adopts it).
  static override styles = [BillingElement.styles, addFundsDialogShellStyles];

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

  /**
   * Seconds after a top-up succeeded during which paying the same amount again first asks "You added $50.00
   * 1 minute ago. Add another $50.00?" (nothing is charged until the person confirms). Remembered in the store, so
   * it holds across closing and reopening, and across dialogs on the same store. 0 turns the question off; a value
   * that is not a number keeps the default.
   */
  @property({ type: Number, attribute: 'repeat-window' })
  repeatWindow = 600;

  /** Retry and polling waits; the defaults suit people, tests may shorten them. */
  @property({ attribute: false })
  timing: TopUpTiming = DEFAULT_TOP_UP_TIMING;

  // The form's state lives here, on the element, so Lit's reactivity and changedProperties see it; the flow module
  // (add-funds-flow.ts) reads and writes it. Not public API: @internal keeps it out of custom-elements.json.
  /** @internal */
  @state() presetAmount?: number;
  /** @internal */
  @state() customText = '';
  /** @internal */
  @state() showAmountError = false;
  /** @internal */
  @state() selectedMethod?: string;
  /** @internal */
  @state() saveCard = true;
  /** @internal */
  @state() cardEntryStatus: 'idle' | 'loading' | 'ready' | 'unavailable' = 'idle';
  /** @internal */
  @state() cardEntryMessage = '';
  /** @internal */
  @state() formError = '';
  /** @internal */
  @state() escapeNotice = false;
  /** @internal Showing the warning before a new payment while one's outcome is unknown. */
  @state() payDifferentlyAsked = false;
  /** @internal The same amount as a top-up that just succeeded: the question shown before paying it again. */
  @state() repeatAsked?: { amount: Money; at: number };
  /** @internal The unconfirmed attempt the person knowingly set aside to pay another way (until they pay or close). */
  @state() setAside?: TopUpAttempt;

  /** @internal */
  readonly billing = new StoreController(this, { onUpdate: (update) => this.onStoreUpdate(update) });
  /** @internal */
  cardEntry?: CardEntry;
  /** @internal The locale the card entry speaks: a change of the widget's is passed on to it. */
  cardEntryLocale?: string;
  /** @internal The box the card entry was mounted in; the form is drawn anew after the success or unconfirmed view. */
  cardEntryContainer?: HTMLElement;
  /** @internal */
  cardEntryAbort?: AbortController;
  /** @internal */
  opener: HTMLElement | null = null;
  /** @internal Attempts this dialog started: only their owner fires the outcome events, once. */
  readonly ownAttempts = new WeakSet<TopUpAttempt>();
  /** @internal */
  lastShownStatus?: string;
  /** @internal */
  mountedProvider?: PaymentProvider;

  /** The payment flow's code: prefetched when idle, loaded at the latest on opening. While it fails and the dialog is open, the element says so (with "Try again") instead of the form. */
  private readonly flowPart = new LazyPart<AddFundsFlow>(this, {
    shared: flowImport,
    load: () => this.loadFlow(),
    wanted: () => this.open,
    name: 'the payment form',
    styles: (flow) => flow.styles,
    // Every dialog on the page draws its (closed) form as soon as the code is here, as before the split.
    onLoad: () => {
      for (const other of connectedDialogs) void other.flowPart.ensure();
    },
  });
  /** The flow has drawn its dialog once: its first updated() must see `open` as changed to show the dialog. */
  private flowRendered = false;

  constructor() {
    super('addFundsDialog', defaultAddFundsDialogMessages);
  }

  /** Opens the dialog as a modal and moves focus into it. */
  show(): void {
    this.opener ??= deepActiveElement();
    // The flow starts loading in the update this schedules (willUpdate), if it is not here yet.
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

  /** The flow module, once this element has it. */
  private get flow(): AddFundsFlow | undefined {
    return this.flowPart.module;
  }

  /** @internal */
  get store(): BillingStore | undefined {
    return this.billing.store;
  }

  /**
   * Also (BillingElement) waits for the catalog of the element's language; and, while open, for the payment flow's
   * code, so the dialog read afterwards is the real one (or says it could not load).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    while (await this.flowPart.settle()) result = await super.getUpdateComplete();
    return result;
  }

  /**
   * Fetches the payment flow (add-funds-flow.ts and its stylesheet). Shared by every dialog on the page; a failed
   * import is forgotten, so calling it again fetches again. Protected so a test can make it fail.
   */
  protected loadFlow(): Promise<AddFundsFlow> {
    return flowImport.load();
  }

  /** @internal Remembers what had focus before the dialog opened, to give it back on closing. */
  rememberOpener(): void {
    this.opener ??= deepActiveElement();
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
    if (this.open && (changed.has('open') || !this.flowPart.failed)) this.flowPart.want();
    // Saved cards are only needed once someone is about to pay; fetched while the flow's code is on its way.
    if (this.open && this.store?.paymentMethods.status === 'idle') void this.store.loadPaymentMethods();
    this.flow?.willUpdate(this, changed);
  }

  protected override render(): TemplateResult | typeof nothing {
    if (this.flow) return this.flow.render(this);
    // Until the flow is here: a dialog (shown only while open) saying the form is on its way, which a slow first
    // download may show for a moment, or that it could not load. The flow's dialog replaces it and opens itself.
    return this.flowPart.failed ? this.renderFlowUnavailable() : this.renderFlowLoading();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const flow = this.flow;
    if (flow) {
      if (!this.flowRendered) {
        this.flowRendered = true;
        // The flow's dialog is new: to it, `open` has just become what it is.
        const first = new Map(changed as Map<PropertyKey, unknown>);
        if (!first.has('open')) first.set('open', !this.open);
        flow.updated(this, first as PropertyValues<this>);
      } else {
        flow.updated(this, changed);
      }
      return;
    }
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.open && !dialog.open && this.isConnected) {
      this.rememberOpener();
      dialog.showModal();
      this.renderRoot.querySelector<HTMLElement>('[part~="retry-button"]')?.focus();
    } else if (!this.open && dialog.open) {
      dialog.close();
      this.restoreFocus();
    }
  }

  /** @internal The card entry goes (a payment still using it has its token already). */
  destroyCardEntry(): void {
    this.cardEntryAbort?.abort();
    this.cardEntryAbort = undefined;
    this.cardEntry?.destroy();
    this.cardEntry = undefined;
    this.cardEntryLocale = undefined;
    this.cardEntryContainer = undefined;
    this.mountedProvider = undefined;
    this.cardEntryStatus = 'idle';
    this.cardEntryMessage = '';
  }

  private restoreFocus(): void {
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected) opener.focus();
  }

  // ------------------------------------------------------------------ the flow could not load

  /** The title bar of the dialogs drawn before the flow is here. */
  private renderShellHeader(): TemplateResult {
    const text = this.text;
    return html`<div part="header" class="header">
      <h2 part="title" class="title" id="title">${text.title}</h2>
      <button type="button" part="close-button" class="close" aria-label=${text.close} @click=${this.close}>${icon('close')}</button>
    </div>`;
  }

  /** Opened before the payment form's code arrived (a slow first download): say it is on its way. */
  private renderFlowLoading(): TemplateResult {
    return html`<dialog part="dialog" class="dialog flow-pending" aria-labelledby="title" aria-busy="true" @close=${this.onShellDialogClose}>
      <div part="base">
        ${this.renderShellHeader()}
        <p part="loading" class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${this.text.loadingForm}</p>
      </div>
    </dialog>`;
  }

  /** The payment form's code did not arrive (offline, or a deploy removed the file): say so, offer to fetch it again. */
  private renderFlowUnavailable(): TemplateResult {
    const text = this.text;
    const retrying = this.flowPart.loading !== undefined;
    return html`<dialog part="dialog" class="dialog flow-pending" aria-labelledby="title" @close=${this.onShellDialogClose}>
      <div part="base">
        ${this.renderShellHeader()}
        <div part="error" class="notice notice--danger" role="alert">${icon('error')}<span>${text.flowUnavailable}</span></div>
        <button
          type="button"
          part="retry-button"
          class="button button--secondary"
          aria-disabled=${retrying ? 'true' : 'false'}
          aria-busy=${retrying ? 'true' : 'false'}
          @click=${this.onRetryFlow}
        >
          ${retrying ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${text.retry}
        </button>
      </div>
    </dialog>`;
  }

  private onRetryFlow(): void {
    if (this.flowPart.loading) return;
    void this.flowPart.ensure();
    this.requestUpdate();
  }

  /** Escape on the load-failure dialog: follow it. (Nothing was started, so nothing else to tidy.) */
  private onShellDialogClose(): void {
    if (this.flow || !this.open || this.renderRoot.querySelector('dialog')?.open) return;
    this.open = false;
    this.restoreFocus();
  }
}

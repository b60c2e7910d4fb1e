// <add-funds-dialog>: the manual top-up flow (amount, card, Pay) in a modal dialog that can never charge twice.
// This eager module is the public element: its API, the native <dialog> with its title bar, and the wiring to the
// store. The body, <billing-add-funds-form> (add-funds-form.ts), is fetched with import() when the browser is idle or,
// at the latest, on opening; until then the dialog says it is on its way, or that it could not load.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { BillingClient } from '../../client/billing-client.js';
import type { PaymentProvider } from '../../payments/payment-provider.js';
import type { BillingStore, StoreUpdate } from '../../store/billing-store.js';
import { StoreController } from '../../store/store-controller.js';
import { BillingElement } from '../billing-element.js';
import { LazyPart, SharedImport } from '../lazy-part.js';
import { addFundsDialogStyles } from './add-funds-dialog.styles.js';
// Type only: the form's code stays in its own chunk.
import type { AddFundsForm } from './add-funds-form.js';
import { icon } from './icons.js';
import type { AddFundsDialogMessages, AddFundsDialogShellMessages } from '../../i18n/messages/add-funds-dialog.js';
import { defaultAddFundsDialogShellMessages } from './shell-messages.js';
import { DEFAULT_TOP_UP_TIMING, type TopUpTiming } from './top-up-timing.js';

// The English of every key is exported from messages.ts (the form's chunk), not from here, so the frame stays small.
export type { AddFundsDialogMessages } from '../../i18n/messages/add-funds-dialog.js';

type AddFundsFormModule = typeof import('./add-funds-form.js');

/** The payment form's code, fetched once for every dialog on the page. */
const formImport = new SharedImport<AddFundsFormModule>(() => import('./add-funds-form.js'));

/** The form's parts, exported so `::part()` on the dialog reaches them (each is documented below with @csspart). */
const FORM_PARTS = [
  'loading',
  'error',
  'retry-button',
  'legend',
  'preset-chip',
  'preset',
  'label',
  'hint',
  'custom-amount',
  'amount-error',
  'preview',
  'method',
  'tag',
  'new-card',
  'save-card',
  'card-entry',
  'card-entry-error',
  'challenge',
  'status',
  'unconfirmed',
  'check-again-button',
  'pay-differently-button',
  'pay-differently-warning',
  'pay-differently-confirm-button',
  'pay-differently-back-button',
  'earlier-payment',
  'footer',
  'pay-button',
  'cancel-button',
  'close-while-paying-button',
  'repeat-warning',
  'repeat-confirm-button',
  'repeat-back-button',
  'success',
  'success-balance',
  'done-button',
].join(', ');

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
export class AddFundsDialog extends BillingElement<'addFundsDialog', AddFundsDialogShellMessages> {
  static override styles = [BillingElement.styles, addFundsDialogStyles];

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

  /** Hands this dialog's store to its form. */
  private readonly billing = new StoreController(this, { provideToParts: true, onUpdate: (update) => this.onStoreUpdate(update) });
  /** What had focus before the dialog opened: it gets focus back on closing. */
  private opener: HTMLElement | null = null;
  /** The open dialog said last time that the form could not load. */
  private showedUnavailable = false;

  /** The payment form's code: prefetched when idle, loaded at the latest on opening. While it fails and the dialog is open, the element says so (with "Try again") instead of the form. */
  private readonly flowPart = new LazyPart<AddFundsFormModule>(this, {
    shared: formImport,
    load: () => this.loadFlow(),
    wanted: () => this.open,
    name: 'the payment form',
    // Every dialog on the page draws its (closed) form as soon as the code is here, so opening one later is instant.
    onLoad: () => {
      for (const other of connectedDialogs) void other.flowPart.ensure();
    },
  });

  constructor() {
    super('addFundsDialog', defaultAddFundsDialogShellMessages);
  }

  /** Opens the dialog as a modal and moves focus into it. */
  show(): void {
    this.opener ??= deepActiveElement();
    // The form starts loading in the update this schedules (willUpdate), if it is not here yet.
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
  }

  private get store(): BillingStore | undefined {
    return this.billing.store;
  }

  /** The form, once its code is here and it is drawn. */
  private get form(): AddFundsForm | null {
    return this.flowPart.module ? this.renderRoot.querySelector('billing-add-funds-form') : null;
  }

  /**
   * Also (BillingElement) waits for the catalog of the element's language; while open, for the payment form's code,
   * so the dialog read afterwards is the real one (or says it could not load); and for the form's own update.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let result = await super.getUpdateComplete();
    while (await this.flowPart.settle()) result = await super.getUpdateComplete();
    const form = this.form;
    if (form && !(await form.updateComplete)) result = await super.getUpdateComplete();
    return result;
  }

  /**
   * Fetches the payment form (add-funds-form.ts, which defines <billing-add-funds-form>). Shared by every dialog on
   * the page; a failed import is forgotten, so calling it again fetches again. Protected so a test can make it fail.
   */
  protected loadFlow(): Promise<AddFundsFormModule> {
    return formImport.load();
  }

  private onStoreUpdate(update: StoreUpdate): void {
    if (update.kind !== 'add-funds-requested' || this.open) return;
    const store = this.store;
    // Another dialog on the same store already answered this request.
    for (const other of connectedDialogs) if (other !== this && other.open && other.store === store) return;
    this.show();
  }

  /** A payment is running on this dialog's store: closing does not stop it, and the × says so. */
  private get paying(): boolean {
    const topUp = this.store?.activeTopUp;
    return topUp !== undefined && !topUp.settled;
  }

  // ------------------------------------------------------------------ lifecycle

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.open && (changed.has('open') || !this.flowPart.failed)) this.flowPart.want();
    // Saved cards are only needed once someone is about to pay; fetched while the form's code is on its way.
    if (this.open && this.store?.paymentMethods.status === 'idle') void this.store.loadPaymentMethods();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.open && !dialog.open && this.isConnected) {
      this.opener ??= deepActiveElement();
      // The form moves focus in itself once it has drawn its open state.
      dialog.showModal();
    } else if (!this.open && dialog.open) {
      dialog.close();
      this.restoreFocus();
    }
    // The form could not load: "Try again" is what a person can do, so focus goes there when it appears.
    const unavailable = this.open && this.flowPart.failed && !this.flowPart.module;
    if (unavailable && !this.showedUnavailable) this.renderRoot.querySelector<HTMLElement>('[part~="retry-button"]')?.focus();
    this.showedUnavailable = unavailable;
  }

  private restoreFocus(): void {
    const opener = this.opener;
    this.opener = null;
    if (opener?.isConnected) opener.focus();
  }

  /** The native dialog closed by itself (Escape): follow it. Closing through `open` is handled in updated(). */
  private onDialogClose(): void {
    if (!this.open || this.renderRoot.querySelector('dialog')?.open) return;
    this.open = false;
    this.restoreFocus();
  }

  /**
   * Escape, first as a key (the browser may not let its close request be cancelled) and then as that request: a
   * payment in flight must not look abandoned, so the dialog stays and the form says the payment carries on.
   */
  private onEscape(event: Event): void {
    if (event instanceof KeyboardEvent && event.key !== 'Escape') return;
    if (this.form?.keepOpenOnEscape()) event.preventDefault();
  }

  // ------------------------------------------------------------------ rendering

  protected override render(): TemplateResult {
    const text = this.text;
    const paying = this.paying;
    const loading = !this.flowPart.module && !this.flowPart.failed;
    return html`<dialog
      part="dialog"
      class="dialog"
      aria-labelledby="title"
      aria-busy=${loading ? 'true' : 'false'}
      @close=${() => this.onDialogClose()}
      @cancel=${(event: Event) => this.onEscape(event)}
      @keydown=${(event: KeyboardEvent) => this.onEscape(event)}
    >
      <div part="base" class="panel">
        <div part="header" class="header">
          <h2 part="title" class="title" id="title">${text.title}</h2>
          ${this.paymentProvider?.testMode ? html`<span part="test-mode" class="test-mode">${text.testMode}</span>` : nothing}
          <button
            type="button"
            part="close-button"
            class="close"
            aria-label=${paying ? text.closeWhilePaying : text.close}
            title=${ifDefined(paying ? text.closeWhilePaying : undefined)}
            @click=${() => this.close()}
          >
            ${icon('close')}
          </button>
        </div>
        ${this.flowPart.module ? this.renderForm(this.flowPart.module) : this.flowPart.failed ? this.renderFormUnavailable() : this.renderFormLoading()}
      </div>
    </dialog>`;
  }

  private renderForm(module: AddFundsFormModule): TemplateResult {
    return html`<billing-add-funds-form
      exportparts=${FORM_PARTS}
      .text=${this.partText(module.defaultAddFundsFormMessages)}
      .locale=${this.resolvedLocale}
      .open=${this.open}
      .paymentProvider=${this.paymentProvider}
      .repeatWindow=${this.repeatWindow}
      .timing=${this.timing}
      @close-request=${() => this.close()}
    ></billing-add-funds-form>`;
  }

  /** Opened before the payment form's code arrived (a slow first download): say it is on its way. */
  private renderFormLoading(): TemplateResult {
    return html`<div class="pending">
      <p part="loading" class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${this.text.loadingForm}</p>
    </div>`;
  }

  /** The payment form's code did not arrive (offline, or a deploy removed the file): say so, offer to fetch it again. */
  private renderFormUnavailable(): TemplateResult {
    const text = this.text;
    const retrying = this.flowPart.loading !== undefined;
    return html`<div class="pending">
      <div part="error" class="notice notice--danger" role="alert">${icon('error')}<span>${text.flowUnavailable}</span></div>
      <button
        type="button"
        part="retry-button"
        class="button button--secondary"
        aria-disabled=${retrying ? 'true' : 'false'}
        aria-busy=${retrying ? 'true' : 'false'}
        @click=${() => this.onRetryForm()}
      >
        ${retrying ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${text.retry}
      </button>
    </div>`;
  }

  private onRetryForm(): void {
    if (this.flowPart.loading) return;
    void this.flowPart.ensure();
    this.requestUpdate();
  }
}

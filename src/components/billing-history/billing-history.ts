// <billing-history>: every manual and automatic top-up, newest first and paged by cursor, each succeeded one with a
// receipt that opens in a dialog and prints alone on A4 or Letter.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { BillingClient } from '../../client/billing-client.js';
import type { BillingError } from '../../client/errors.js';
import type { BillingChange } from '../../client/schemas.js';
import type { BillingHistoryMessages } from '../../i18n/messages/billing-history.js';
import type { MessageParams } from '../../i18n/messages/errors.js';
import { numberFormat } from '../../money/intl-cache.js';
import { StoreController } from '../../store/store-controller.js';
import { BillingElement } from '../billing-element.js';
import { billingHistoryStyles } from './billing-history.styles.js';
import { BeforeReceiptPrintEvent, ReceiptOpenedEvent } from './events.js';
import { HistoryPager } from './history-pager.js';
import { historyRow, type HistoryRow } from './history-rows.js';
import { defaultBillingHistoryMessages } from './messages.js';
import { ReceiptPrintCopy, receiptTemplate, type ReceiptAccount } from './receipt.js';
import { receiptStyles } from './receipt.styles.js';

export type { BillingHistoryMessages } from '../../i18n/messages/billing-history.js';
export { defaultBillingHistoryMessages } from './messages.js';

const DEFAULT_PAGE_SIZE = 10;
/** The changes after which the history reads its first page again: a balance moved, a recharge, a failed top-up. */
const HISTORY_CHANGES: ReadonlySet<BillingChange['type']> = new Set(['balance', 'auto_recharge', 'top_ups']);
/** Where focus goes once Try again has settled: the button again on a new error, else the list. */
const RETRY_LANDING = ['[part~="retry-button"]', '[part~="list"]', '[part~="base"]'];

/**
 * The account's top-ups, manual and automatic, newest first: date and time in the viewer's locale and zone, amount,
 * card, and status (paid, pending, or failed with the reason in words). Automatic recharges that never reached a charge
 * are listed too: failed (no card, an expired card) or skipped by the monthly cap, each with its reason and no receipt.
 * "Show more" follows the backend's cursor.
 * Each paid top-up has a receipt: a dialog with the account, date, type, card, payment id, the tax line when the
 * backend sends one, and the amount; "Print receipt" prints that receipt alone. Reads `listTopUps()` (an optional
 * BillingClient method) through the BillingStore of a surrounding `<billing-provider>`, or its own `client`, and reads
 * the first page again when a top-up or an automatic recharge changes the balance, or a top-up fails.
 *
 * @tagname billing-history
 * @summary Top-up history with printable receipts: every manual and automatic top-up, paged by cursor.
 *
 * @csspart base - The card around everything.
 * @csspart title - The "Top-up history" heading.
 * @csspart description - The sentence under the heading.
 * @csspart list - The table of top-ups (its box).
 * @csspart header-cell - Each column header.
 * @csspart row - Each top-up's row.
 * @csspart date - The date and time of a top-up, with its kind (by hand or automatic) under it.
 * @csspart amount - The amount ("Amount unavailable" for one that cannot be shown).
 * @csspart card - The card charged ("Visa ••4242", or "Card not recorded").
 * @csspart status - The status badge: paid, pending, failed with its reason, or skipped with its reason.
 * @csspart receipt-button - "Receipt" on a paid top-up.
 * @csspart count - How many top-ups are listed, or that every one is.
 * @csspart load-more-button - "Show more": the next page.
 * @csspart empty - No top-up yet, or a billing service without a history.
 * @csspart error - The message shown when the history (or its next page) could not be loaded.
 * @csspart retry-button - The "Try again" button.
 * @csspart skeleton - Each placeholder row shown while loading.
 * @csspart receipt-dialog - The receipt's dialog.
 * @csspart receipt - The receipt itself: its title and fields.
 * @csspart print-button - "Print receipt".
 * @csspart close-button - Closes the receipt (Escape does too); focus returns to its "Receipt" button.
 *
 * @cssprop [--billing-history-min-block-size=auto] - Block size reserved in every state; give billing-history:not(:defined) the same (no layout shift).
 * @cssprop [--billing-history-surface=var(--billing-color-surface)] - Card background.
 * @cssprop [--billing-history-border-color=var(--billing-color-border)] - Card, table and receipt border colour.
 * @cssprop [--billing-history-radius=calc(var(--billing-radius) * 1.5)] - Card and receipt corner radius.
 * @cssprop [--billing-history-padding=calc(var(--billing-space) * 5)] - Card padding.
 * @cssprop [--billing-history-succeeded-color=var(--billing-color-success)] - Text of the "Paid" badge.
 * @cssprop [--billing-history-failed-color=var(--billing-color-danger)] - Text of the "Failed" badge.
 * @cssprop [--billing-history-receipt-surface=var(--billing-color-surface)] - The receipt dialog's background (the printed copy is always white).
 * @cssprop [--billing-history-backdrop=color-mix(in srgb, var(--billing-color-text) 45%, transparent)] - What covers the page behind the receipt.
 * @cssprop [--billing-color-accent=#4f46e5] - Global role: buttons and the focus ring.
 * @cssprop [--billing-color-text=#1b2030] - Global role: main text.
 * @cssprop [--billing-color-text-muted=#596174] - Global role: labels, dates and kinds.
 * @cssprop [--billing-color-surface=#ffffff] - Global role: background.
 * @cssprop [--billing-color-surface-raised=#f5f6fa] - Global role: header row, empty state, skeletons.
 * @cssprop [--billing-color-border=#dfe3ea] - Global role: borders.
 * @cssprop [--billing-color-success=#067647] - Global role: paid top-ups.
 * @cssprop [--billing-color-warning=#8a4b00] - Global role: pending top-ups.
 * @cssprop [--billing-color-danger=#b42318] - Global role: failed top-ups and errors.
 * @cssprop [--billing-font-size=0.875rem] - Global role: base text size.
 * @cssprop [--billing-radius=0.5rem] - Global role: corner radius.
 * @cssprop [--billing-space=0.25rem] - Global role: spacing unit.
 * @cssprop [--billing-shadow] - Global role: elevation of the card and the receipt.
 * @cssprop [--billing-focus-ring=2px solid var(--billing-color-accent)] - Global role: keyboard focus outline.
 *
 * @fires {ReceiptOpenedEvent} billing-receipt-opened - A paid top-up's receipt opened; `event.topUp` is the top-up.
 * @fires {BeforeReceiptPrintEvent} billing-before-receipt-print - "Print receipt" was pressed; cancel it to print (or send) the receipt your own way. `event.topUp` is the top-up.
 */
export class BillingHistory extends BillingElement<'billingHistory'> {
  static override styles = [BillingElement.styles, billingHistoryStyles, receiptStyles];

  /** The host's BillingClient (property only). Takes precedence over a surrounding `<billing-provider>`. */
  @property({ attribute: false })
  client?: BillingClient;

  /** BCP 47 locale for the wording (en, de, fr, ja, ar ship; others through `registerLocaleMessages`), amounts and dates. Defaults to the nearest `lang`, then the browser's language. When it differs from the page's language, the element gets its own `lang` (and `dir` when the direction differs, as for Arabic). */
  @property()
  locale?: string;

  /** IANA time zone the dates are shown in. Defaults to the viewer's. */
  @property({ attribute: 'time-zone' })
  timeZone?: string;

  /** Top-ups per page, 1 to 100. */
  @property({ type: Number, attribute: 'page-size' })
  pageSize = DEFAULT_PAGE_SIZE;

  /** Replaces any of the visible or spoken strings, e.g. `{ title: 'Payments' }`. */
  @property({ attribute: false })
  messages: Partial<BillingHistoryMessages> = {};

  /** The id of the top-up whose receipt is open. */
  @state() private receiptFor?: string;

  private readonly billing = new StoreController(this, {
    onUpdate: (update) => {
      const settled = update.kind === 'active-top-up' && this.billing.store?.activeTopUp?.outcome !== undefined;
      const changed = update.kind === 'change-feed' && HISTORY_CHANGES.has(update.change.type);
      if (settled || changed) this.pager.refresh();
    },
  });
  private readonly pager = new HistoryPager(this);
  private readonly printCopy = new ReceiptPrintCopy();
  /** Rows made once per list, locale, zone and wording. */
  private rowsCache?: {
    entries: readonly unknown[];
    locale: string;
    zone: string | undefined;
    text: BillingHistoryMessages;
    rows: HistoryRow[];
  };

  constructor() {
    super('billingHistory', defaultBillingHistoryMessages);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.printCopy.unmount();
    this.toggleAttribute('data-receipt-open', false);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const size = Number.isInteger(this.pageSize) ? Math.min(100, Math.max(1, this.pageSize)) : DEFAULT_PAGE_SIZE;
    this.pager.use(this.isConnected ? this.billing.store?.client : undefined, size);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const row = this.openRow();
    if (row) {
      this.printCopy.mount(receiptTemplate(row, this.account(), this.text, true), {
        lang: this.resolvedLocale,
        dir: this.localize.dir,
      });
    }
  }

  private rows(): HistoryRow[] {
    const entries = this.pager.entries;
    const locale = this.resolvedLocale;
    const zone = this.timeZone;
    const text = this.text;
    const cached = this.rowsCache;
    if (cached?.entries === entries && cached.locale === locale && cached.zone === zone && cached.text === text) return cached.rows;
    const words = {
      locale,
      timeZone: zone,
      text,
      reason: (failure: { code: string; message: string; params?: MessageParams | undefined }) =>
        this.localize.reason(failure, failure.message),
    };
    const rows = entries.map((entry) => historyRow(entry, words));
    this.rowsCache = { entries, locale, zone, text, rows };
    return rows;
  }

  private openRow(): HistoryRow | undefined {
    return this.receiptFor === undefined ? undefined : this.rows().find((row) => row.entry.id === this.receiptFor);
  }

  private account(): ReceiptAccount | undefined {
    const account = this.billing.account.value;
    return account ? { name: account.name, id: account.id } : undefined;
  }

  protected override render(): TemplateResult {
    const text = this.text;
    const open = this.openRow();
    return html`<section part="base" class="card" aria-labelledby="title" tabindex="-1">
        <div>
          <h2 part="title" class="title" id="title">${text.title}</h2>
          <p part="description" class="description">${text.description}</p>
        </div>
        ${this.renderBody()}
      </section>
      <dialog part="receipt-dialog" class="receipt-dialog" aria-labelledby="receipt-title" @close=${this.onReceiptClosed}>
        ${
          open
            ? html`<div part="receipt">${receiptTemplate(open, this.account(), text)}</div>
                <div class="receipt-actions">
                  <button type="button" part="close-button" class="button button--secondary" @click=${this.closeReceipt}>
                    ${text.closeReceipt}
                  </button>
                  <button type="button" part="print-button" class="button button--primary" autofocus @click=${() => this.onPrint(open)}>
                    ${text.printReceipt}
                  </button>
                </div>`
            : nothing
        }
      </dialog>`;
  }

  private renderBody(): TemplateResult {
    const text = this.text;
    const pager = this.pager;
    switch (pager.phase) {
      case 'idle':
      case 'loading':
        return this.renderLoading();
      case 'unavailable':
        return html`<p part="empty" class="empty">${text.unavailable}</p>`;
      case 'error':
        return this.renderError(pager.error, this.onRetry);
      case 'ready':
        break;
    }
    const rows = this.rows();
    if (rows.length === 0 && !pager.repeated) return html`<p part="empty" class="empty">${text.empty}</p>`;
    return html`${rows.length > 0 ? this.renderTable(rows) : nothing} ${this.renderFooter(rows.length)}`;
  }

  private renderTable(rows: readonly HistoryRow[]): TemplateResult {
    const text = this.text;
    return html`<div part="list" class="table-box" tabindex="-1">
      <table aria-label=${text.listLabel}>
        <thead>
          <tr>
            <th part="header-cell" scope="col">${text.dateColumn}</th>
            <th part="header-cell" scope="col">${text.amountColumn}</th>
            <th part="header-cell" scope="col">${text.cardColumn}</th>
            <th part="header-cell" scope="col">${text.statusColumn}</th>
            <th part="header-cell" scope="col"><span class="visually-hidden">${text.receiptButton}</span></th>
          </tr>
        </thead>
        <tbody>
          ${repeat(
            rows,
            (row) => row.entry.id,
            (row) =>
              html`<tr part="row" class="row" data-top-up-id=${row.entry.id}>
                <th part="date" scope="row" class="date-cell">
                  <time class="when-date" datetime=${row.iso}>${row.dateText}</time><span class="kind">${row.kindText}</span>
                </th>
                <td class="amount-cell">
                  <span part="amount" class="amount ${row.amountText === text.amountUnavailable ? 'unavailable-amount' : ''}"
                    >${row.amountText}</span
                  >
                </td>
                <td part="card" class="card-cell">${row.cardText}</td>
                <td class="status-cell"><span part="status" class="status status--${row.statusClass}">${row.statusText}</span></td>
                <td class="actions-cell">
                  ${
                    row.entry.status === 'succeeded'
                      ? html`<button
                          type="button"
                          part="receipt-button"
                          class="button button--secondary receipt-button"
                          aria-label=${text.receiptButtonLabel(row.amountText, row.dateText)}
                          aria-haspopup="dialog"
                          @click=${() => this.openReceipt(row)}
                        >
                          ${text.receiptButton}
                        </button>`
                      : nothing
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderFooter(count: number): TemplateResult {
    const text = this.text;
    const pager = this.pager;
    const formatted = numberFormat(this.resolvedLocale).format(count);
    const status = pager.repeated
      ? text.pageRepeated
      : pager.nextCursor === null
        ? text.allShown(formatted, count)
        : text.shown(formatted, count);
    return html`<div class="footer">
        <p part="count" class="count" role="status">${status}</p>
        ${
          pager.nextCursor !== null && !pager.moreError
            ? html`<button
                type="button"
                part="load-more-button"
                class="button button--secondary"
                aria-disabled=${pager.loadingMore ? 'true' : 'false'}
                @click=${this.onLoadMore}
              >
                ${pager.loadingMore ? text.loadingMore : text.loadMore}
              </button>`
            : nothing
        }
      </div>
      ${pager.moreError ? this.renderError(pager.moreError, this.onRetryMore) : nothing}`;
  }

  private renderLoading(): TemplateResult {
    return html`<div aria-busy="true">
      ${[0, 1, 2, 3].map(() => html`<span part="skeleton" class="skeleton skeleton-row"></span>`)}
      <span class="visually-hidden" role="status">${this.text.loading}</span>
    </div>`;
  }

  private renderError(error: BillingError | undefined, retry: () => void): TemplateResult {
    const message = error ? this.localize.errorMessage(error) : this.localize.message('errors.unknown', undefined, '');
    return html`<div class="error">
      <p part="error" class="error-message" role="alert"><span>${message}</span></p>
      <button type="button" part="retry-button" class="button button--secondary" @click=${retry}>${this.text.retry}</button>
    </div>`;
  }

  private openReceipt(row: HistoryRow): void {
    this.receiptFor = row.entry.id;
    this.toggleAttribute('data-receipt-open', true);
    this.dispatchEvent(new ReceiptOpenedEvent(row.entry));
    void this.updateComplete.then(() => {
      const dialog = this.renderRoot.querySelector('dialog');
      if (dialog && !dialog.open) dialog.showModal();
    });
  }

  private closeReceipt(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  /** The dialog closed (Close, Escape): the printed copy goes, and focus goes back to the receipt's button. */
  private onReceiptClosed(): void {
    const id = this.receiptFor;
    this.receiptFor = undefined;
    this.printCopy.unmount();
    this.toggleAttribute('data-receipt-open', false);
    if (id === undefined) return;
    void this.updateComplete.then(() => {
      const opener = this.renderRoot.querySelector<HTMLElement>(`tr[data-top-up-id="${CSS.escape(id)}"] [part~="receipt-button"]`);
      opener?.focus();
    });
  }

  private onPrint(row: HistoryRow): void {
    const event = new BeforeReceiptPrintEvent(row.entry);
    this.dispatchEvent(event);
    if (!event.defaultPrevented) window.print();
  }

  private onLoadMore(): void {
    this.pager.loadMore();
  }

  private onRetry(): void {
    this.focusAfterRetry(RETRY_LANDING);
    this.pager.reload();
    this.requestUpdate();
  }

  private onRetryMore(): void {
    // Focus stays in the list: the button that replaces Try again is "Show more".
    this.focusAfterRetry(['[part~="retry-button"]', '[part~="load-more-button"]', '[part~="list"]']);
    this.pager.loadMore();
  }
}

// A top-up's receipt: the fields it prints (account, date, type, card, payment id, tax line, amount), and the copy of
// it that the browser prints while it is open, placed outside the host's portal so only the receipt reaches the paper.
import { html, nothing, render, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { BillingHistoryMessages } from '../../i18n/messages/billing-history.js';
import type { HistoryRow } from './history-rows.js';
import { tokens } from '../../styles/tokens.js';
import { receiptStyles } from './receipt.styles.js';

export interface ReceiptAccount {
  readonly name: string;
  readonly id: string;
}

/** The receipt's fields. `print`: the printed copy (no parts, plain ink). */
export function receiptTemplate(
  row: HistoryRow,
  account: ReceiptAccount | undefined,
  text: BillingHistoryMessages,
  print = false,
): TemplateResult {
  const { entry } = row;
  const tax = entry.tax;
  return html`<article class="receipt ${print ? 'receipt--print' : ''}" aria-labelledby=${ifDefined(print ? undefined : 'receipt-title')}>
    <div class="receipt-head">
      <h2 class="receipt-title" id=${ifDefined(print ? undefined : 'receipt-title')}>${text.receiptTitle}</h2>
      <p class="receipt-intro">${text.receiptIntro}</p>
    </div>
    <dl class="receipt-fields">
      <div>
        <dt>${text.receiptAccount}</dt>
        <dd>${account ? html`${account.name}<span class="account-id"><bdi>${account.id}</bdi></span>` : html`<span>—</span>`}</dd>
      </div>
      <div>
        <dt>${text.receiptDate}</dt>
        <dd><time datetime=${row.iso}>${row.dateText}</time></dd>
      </div>
      <div>
        <dt>${text.receiptType}</dt>
        <dd>${row.kindText}</dd>
      </div>
      <div>
        <dt>${text.receiptCard}</dt>
        <dd>${row.cardText}</dd>
      </div>
      <div>
        <dt>${text.receiptPaymentId}</dt>
        <dd class="payment-id"><bdi>${entry.paymentId ?? entry.id}</bdi></dd>
      </div>
      ${
        tax
          ? html`<div class="tax">
              <dt>${tax.label}</dt>
              <dd>${row.taxText}</dd>
            </div>`
          : nothing
      }
      <div class="total">
        <dt>${text.receiptAmount}</dt>
        <dd>${row.amountText}</dd>
      </div>
    </dl>
  </article>`;
}

/** Marks the printed copy; the page's print rules below show it and hide everything else the body holds. */
export const PRINT_COPY_ATTRIBUTE = 'data-billing-receipt-print';

// Document-level rules: a shadow root cannot hide the host's portal, and `@page` is read from the document only.
// A constructed sheet, so a page whose Content-Security-Policy refuses inline styles still takes it.
let pageSheet: CSSStyleSheet | undefined;
function printPageSheet(): CSSStyleSheet {
  if (!pageSheet) {
    pageSheet = new CSSStyleSheet();
    pageSheet.replaceSync(`
      @media print {
        body > :not([${PRINT_COPY_ATTRIBUTE}]) { display: none !important; }
        [${PRINT_COPY_ATTRIBUTE}] { display: block !important; }
        html, body { background: none !important; color-scheme: light !important; }
      }
      /* Paper: the light roles' defaults, even under a dark page theme; fonts and sizes still follow the page's tokens. */
      [${PRINT_COPY_ATTRIBUTE}] {
        --billing-color-text: initial;
        --billing-color-text-muted: initial;
        --billing-color-surface: initial;
        --billing-color-surface-raised: initial;
        --billing-color-border: initial;
      }
      @media not print {
        [${PRINT_COPY_ATTRIBUTE}] { display: none !important; }
      }
      @page { margin: 16mm 15mm; }
    `);
  }
  return pageSheet;
}

/**
 * The printed copy of the open receipt: a box at the end of `<body>` that only print shows, with the receipt in its own
 * shadow root and styles. Mounted while the receipt is open, so a print started from the browser's menu prints it too.
 */
export class ReceiptPrintCopy {
  private box?: HTMLElement;

  mount(content: TemplateResult, options: { lang: string; dir: string }): void {
    const doc = document;
    let box = this.box;
    if (!box) {
      box = doc.createElement('div');
      box.setAttribute(PRINT_COPY_ATTRIBUTE, '');
      // Paper is white: the token layer's light theme, whatever the page's (the page rules above reset its colour roles).
      box.setAttribute('data-billing-resolved-theme', 'light');
      const root = box.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [tokens, receiptStyles].flatMap((style) => style.styleSheet ?? []);
      doc.body.append(box);
      this.box = box;
    }
    box.lang = options.lang;
    box.dir = options.dir;
    const sheet = printPageSheet();
    if (!doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    if (box.shadowRoot) render(content, box.shadowRoot);
  }

  unmount(): void {
    this.box?.remove();
    this.box = undefined;
    // Another widget's receipt may still be open: the page rules stay while any copy is in the document.
    if (!document.querySelector(`[${PRINT_COPY_ATTRIBUTE}]`)) {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== pageSheet);
    }
  }
}

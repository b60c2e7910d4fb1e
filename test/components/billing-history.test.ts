// <billing-history> as a person meets it: the list in their locale and zone, paging by cursor, a receipt that opens,
// prints alone and closes back to its button, and a backend that fails, hangs, sends garbage or repeats its pages.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { BillingClient } from '../../src/client/billing-client.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import type { BillingHistory } from '../../src/components/billing-history/billing-history.js';
import { BeforeReceiptPrintEvent, ReceiptOpenedEvent } from '../../src/components/billing-history/events.js';
import { historyTiming } from '../../src/components/billing-history/history-pager.js';
import { PRINT_COPY_ATTRIBUTE } from '../../src/components/billing-history/receipt.js';
import {
  emptyHistoryClient,
  failingHistoryClient,
  hangingHistoryClient,
  historyClient,
  hostileHistoryClient,
  loopingHistoryClient,
  manyPagesHistoryClient,
  noHistoryClient,
  unchargedRechargesHistoryClient,
  unknownStatusHistoryClient,
} from '../../stories/history-fixtures.js';
import { historyRow } from '../../src/components/billing-history/history-rows.js';
import { defaultBillingHistoryMessages } from '../../src/components/billing-history/messages.js';
import type { TopUpHistoryEntry } from '../../src/client/schemas.js';
import { normalise, part, parts, partText, until } from '../helpers/dom.js';

async function show(
  client: BillingClient,
  attributes: { locale?: string; pageSize?: number; zone?: string } = {},
): Promise<BillingHistory> {
  const el = await fixture<BillingHistory>(
    html`<billing-history
      .client=${client}
      locale=${attributes.locale ?? 'en'}
      time-zone=${attributes.zone ?? 'UTC'}
      page-size=${attributes.pageSize ?? 10}
    ></billing-history>`,
  );
  await until(() => part(el, 'list') !== null || part(el, 'error') !== null || part(el, 'empty') !== null, 'top-ups or a state');
  await el.updateComplete;
  return el;
}

function rowTexts(el: BillingHistory): string[] {
  return parts(el, 'row').map((row) => normalise(row.textContent));
}

function dialogOf(el: BillingHistory): HTMLDialogElement {
  const dialog = el.shadowRoot?.querySelector('dialog');
  if (!dialog) throw new Error('no dialog');
  return dialog;
}

function printCopy(): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[${PRINT_COPY_ATTRIBUTE}]`);
}

const realPrint = window.print.bind(window);
afterEach(async () => {
  window.print = realPrint;
  historyTiming.timeoutMs = 20_000;
  await emulateMedia({ media: 'screen' });
  fixtureCleanup();
});

describe('<billing-history>', () => {
  it('lists each top-up with its date and time in the zone, amount, card and status; failed ones say why in words', async () => {
    const el = await show(historyClient(), { zone: 'America/New_York' });
    const rows = rowTexts(el);
    expect(rows).to.have.length(6);
    // 2026-11-30T16:45Z is 11:45 AM in New York.
    expect(rows[0]).to.match(/^Nov 30, 2026, 11:45\s?AM ?Added by hand \$50\.00 Visa ••4242 Paid Receipt$/);
    expect(rows[1]).to.contain('Pending').and.contain('$25.00');
    expect(rows[2]).to.contain('Automatic recharge').and.contain('American Express ••8431');
    expect(rows[3]).to.contain('Failed: Your card has insufficient funds.');
    expect(rows[4]).to.contain('Card not recorded');
    // Only paid top-ups have receipts.
    expect(parts(el, 'receipt-button')).to.have.length(4);
    expect(partText(el, 'count')).to.equal('All 6 top-ups are shown.');
  });

  it('words the list in German, with German dates and amounts', async () => {
    const el = await show(historyClient(), { locale: 'de' });
    expect(rowTexts(el)[0]).to.match(/^30\.11\.2026, 16:45 ?Manuell aufgeladen 50,00 \$ Visa ••4242 Bezahlt Beleg$/);
    expect(rowTexts(el)[3]).to.contain('Fehlgeschlagen:');
  });

  it('"Show more" follows the cursor page by page until every top-up is listed, none twice', async () => {
    const client = manyPagesHistoryClient();
    const el = await show(client);
    expect(parts(el, 'row')).to.have.length(10);
    expect(partText(el, 'count')).to.equal('Showing 10 top-ups');
    for (let page = 2; page <= 5; page += 1) {
      part(el, 'load-more-button')!.click();
      await until(() => parts(el, 'row').length === Math.min(45, page * 10), `page ${page}`);
    }
    expect(part(el, 'load-more-button')).to.equal(null);
    expect(partText(el, 'count')).to.equal('All 45 top-ups are shown.');
    const ids = parts(el, 'row').map((row) => row.dataset['topUpId']);
    expect(new Set(ids).size).to.equal(45);
    expect(client.queries.map((query) => query.cursor ?? null)).to.deep.equal([null, 'p10', 'p20', 'p30', 'p40']);
  });

  it('a repeated press of "Show more" while a page loads asks once', async () => {
    const client = manyPagesHistoryClient();
    let release: () => void = () => {};
    const el = await show(client);
    client.whenReady = new Promise<void>((resolve) => (release = resolve));
    part(el, 'load-more-button')!.click();
    await el.updateComplete;
    part(el, 'load-more-button')!.click();
    part(el, 'load-more-button')!.click();
    expect(partText(el, 'load-more-button')).to.equal('Loading more top-ups…');
    release();
    await until(() => parts(el, 'row').length === 20, 'the second page');
    expect(client.queries).to.have.length(2);
  });

  it('opens a receipt with every field, fires billing-receipt-opened, and Escape closes it back to its button', async () => {
    const el = await show(historyClient({ tax: true }));
    const opened: ReceiptOpenedEvent[] = [];
    el.addEventListener(ReceiptOpenedEvent.eventName, (event) => opened.push(event));
    const button = parts(el, 'receipt-button')[0]!;
    expect(button.getAttribute('aria-label')).to.match(/^Receipt for \$50\.00 on Nov 30, 2026/);
    button.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => dialogOf(el).open, 'the receipt dialog');
    expect(opened).to.have.length(1);
    expect(opened[0]!.topUp.id).to.equal('tu_hist_0000');
    expect(opened[0]!.bubbles && opened[0]!.composed).to.equal(true);
    const receipt = normalise(part(el, 'receipt')!.textContent);
    expect(receipt).to.contain('Receipt Funds added to your prepaid credit balance.');
    expect(receipt).to.contain('Account Northwind Telecom');
    expect(receipt).to.contain('acct_northwind');
    expect(receipt).to.contain('Date Nov 30, 2026');
    expect(receipt).to.contain('Type Added by hand');
    expect(receipt).to.contain('Card Visa ••4242');
    expect(receipt).to.contain('Payment ID pi_3QhX9000Lk2Rf');
    expect(receipt).to.contain('VAT 19% (included) $7.98');
    expect(receipt).to.match(/Amount \$50\.00$/);
    // Focus is inside the dialog, on Print receipt.
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'print-button'));
    // The printed copy is in the page while the receipt is open.
    expect(normalise(printCopy()?.shadowRoot?.textContent)).to.contain('Payment ID pi_3QhX9000Lk2Rf');

    await sendKeys({ press: 'Escape' });
    await until(() => !dialogOf(el).open, 'the dialog to close');
    await el.updateComplete;
    await until(() => el.shadowRoot!.activeElement === parts(el, 'receipt-button')[0], 'focus back on Receipt');
    expect(printCopy()).to.equal(null);
  });

  it('prints the receipt alone: the page and the list do not print, the copy does', async () => {
    const el = await show(historyClient());
    const outside = document.createElement('p');
    outside.textContent = 'The portal around the widget';
    document.body.append(outside);
    try {
      parts(el, 'receipt-button')[0]!.click();
      await until(() => dialogOf(el).open, 'the receipt dialog');
      await el.updateComplete;
      const copy = printCopy()!;
      expect(getComputedStyle(copy).display, 'the copy on screen').to.equal('none');
      await emulateMedia({ media: 'print' });
      expect(getComputedStyle(copy).display).to.equal('block');
      expect(getComputedStyle(outside).display).to.equal('none');
      expect(getComputedStyle(el).display).to.equal('none');
      expect(getComputedStyle(part(el, 'list')!).display === 'none' || getComputedStyle(el).display === 'none').to.equal(true);
      const printed = normalise(copy.shadowRoot!.textContent);
      for (const field of ['Account', 'Date', 'Type', 'Card Visa ••4242', 'Payment ID', 'Amount $50.00']) expect(printed).to.contain(field);
    } finally {
      outside.remove();
    }
  });

  it('prints dark ink on white under a dark page theme (the page’s colour tokens do not reach the paper)', async () => {
    const root = document.documentElement;
    root.style.setProperty('--billing-color-text', 'rgb(240, 241, 242)');
    root.style.setProperty('--billing-color-surface', 'rgb(10, 11, 12)');
    try {
      const el = await show(historyClient());
      parts(el, 'receipt-button')[0]!.click();
      await until(() => dialogOf(el).open, 'the receipt dialog');
      await el.updateComplete;
      await emulateMedia({ media: 'print' });
      const printed = printCopy()!.shadowRoot!.querySelector('.receipt')!;
      expect(getComputedStyle(printed).color).not.to.equal('rgb(240, 241, 242)');
      expect(getComputedStyle(printed).backgroundColor).not.to.equal('rgb(10, 11, 12)');
      // The dialog on screen keeps the page's theme.
      await emulateMedia({ media: 'screen' });
      expect(getComputedStyle(part(el, 'receipt')!).color).to.equal('rgb(240, 241, 242)');
    } finally {
      root.style.removeProperty('--billing-color-text');
      root.style.removeProperty('--billing-color-surface');
    }
  });

  it('"Print receipt" fires billing-before-receipt-print and prints; a host that cancels it prints its own way', async () => {
    const el = await show(historyClient());
    let printed = 0;
    window.print = () => {
      printed += 1;
    };
    parts(el, 'receipt-button')[0]!.click();
    await until(() => dialogOf(el).open, 'the receipt dialog');
    const seen: BeforeReceiptPrintEvent[] = [];
    el.addEventListener(BeforeReceiptPrintEvent.eventName, (event) => seen.push(event));
    part(el, 'print-button')!.click();
    expect(printed).to.equal(1);
    expect(seen[0]?.topUp.id).to.equal('tu_hist_0000');
    el.addEventListener(BeforeReceiptPrintEvent.eventName, (event) => event.preventDefault());
    part(el, 'print-button')!.click();
    expect(printed).to.equal(1);
    part(el, 'close-button')!.click();
    await until(() => !dialogOf(el).open, 'the dialog to close');
  });

  it('a failed first page shows the error and Try again, which loads the list and takes focus there', async () => {
    const el = await show(failingHistoryClient(1));
    expect(partText(el, 'error')).to.match(/unavailable|try again/i);
    part(el, 'retry-button')!.click();
    await until(() => parts(el, 'row').length === 6, 'the list after Try again');
    await until(() => el.shadowRoot!.activeElement === part(el, 'list'), 'focus on the list');
  });

  it('a failed "Show more" keeps the top-ups listed and offers Try again for that page', async () => {
    const client = manyPagesHistoryClient();
    const el = await show(client);
    client.failPages = 1;
    part(el, 'load-more-button')!.click();
    await until(() => part(el, 'error') !== null, 'the page error');
    expect(parts(el, 'row')).to.have.length(10);
    expect(part(el, 'load-more-button')).to.equal(null);
    part(el, 'retry-button')!.click();
    await until(() => parts(el, 'row').length === 20, 'the second page');
    expect(part(el, 'error')).to.equal(null);
  });

  it('a backend sending garbage (NaN, a float, a card without digits, markup) gets a clear error, never NaN or a blank', async () => {
    const el = await show(hostileHistoryClient());
    expect(part(el, 'error')).not.to.equal(null);
    expect(partText(el, 'error')).to.have.length.greaterThan(10);
    expect(normalise(el.shadowRoot!.textContent)).not.to.match(/NaN|undefined|onerror/);
    expect(part(el, 'retry-button')).not.to.equal(null);
  });

  it('a backend that repeats its cursor stops after the repeated page and says so', async () => {
    const el = await show(loopingHistoryClient(), { pageSize: 2 });
    part(el, 'load-more-button')!.click();
    await until(() => partText(el, 'count').includes('same page twice'), 'the repeated page notice');
    expect(part(el, 'load-more-button')).to.equal(null);
    expect(parts(el, 'row')).to.have.length(4);
  });

  it('a backend that never answers is cut off with a clear message and Try again', async () => {
    historyTiming.timeoutMs = 150;
    const el = await show(hangingHistoryClient());
    expect(partText(el, 'error')).to.match(/took too long|0\.2 seconds|0\.15/i);
    expect(part(el, 'retry-button')).not.to.equal(null);
  });

  it('says so when the billing service has no history, and when there is no top-up yet', async () => {
    expect(partText(await show(noHistoryClient()), 'empty')).to.equal('This billing service does not keep a top-up history.');
    fixtureCleanup();
    expect(partText(await show(emptyHistoryClient()), 'empty')).to.contain('No top-ups yet.');
  });

  it('names the card of a top-up paid with a new card that was not saved, in its row and on its receipt; a declined one too', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    const account = await client.getAccount();
    const pay = (token: string, key: string) =>
      client.createTopUp({
        amount: account.topUpLimits.minimum,
        source: { type: 'new_card', providerToken: token, saveCard: false },
        idempotencyKey: key,
      });
    const paid = await pay('test_card_5555555555554444', 'unsaved-paid');
    const declined = await pay('test_card_4000000000009995', 'unsaved-declined');
    const el = await show(client, { pageSize: 100 });
    const rowOf = (id: string) => normalise(el.shadowRoot!.querySelector(`tr[data-top-up-id="${id}"]`)?.textContent);
    expect(rowOf(paid.id)).to.contain('Mastercard ••4444').and.contain('Paid');
    expect(rowOf(declined.id)).to.contain('Visa ••9995').and.contain('Failed:');
    expect(normalise(el.shadowRoot!.textContent)).not.to.contain('Card not recorded');
    el.shadowRoot!.querySelector<HTMLButtonElement>(`tr[data-top-up-id="${paid.id}"] [part~="receipt-button"]`)!.click();
    await until(() => dialogOf(el).open, 'the receipt dialog');
    expect(normalise(part(el, 'receipt')!.textContent)).to.contain('Card Mastercard ••4444');
  });

  it('lists automatic recharges that never reached a charge: skipped by the cap, refused for an expired or missing card, no receipt', async () => {
    const el = await show(unchargedRechargesHistoryClient());
    const rows = rowTexts(el);
    expect(rows[0]).to.contain('Automatic recharge').and.contain('$50.00').and.contain('Visa ••4242');
    expect(rows[0]).to.contain("Skipped: Another $50.00 would take this month's automatic recharges past the $120.00 monthly cap.");
    expect(rows[1]).to.contain('Mastercard ••4444').and.contain('Paid');
    expect(rows[2]).to.contain('Failed: American Express ••8431 has expired.');
    expect(rows[3]).to.contain('Failed: The card for automatic recharge is no longer saved on this account.');
    const receiptRows = parts(el, 'row').filter((row) => row.querySelector('[part~="receipt-button"]'));
    expect(receiptRows.map((row) => row.dataset['topUpId'])).to.deep.equal(['tu_hist_unsaved', 'tu_hist_0002']);
    expect(parts(el, 'status')[0]!.classList.contains('status--skipped')).to.equal(true);
    fixtureCleanup();
    const german = rowTexts(await show(unchargedRechargesHistoryClient(), { locale: 'de' }));
    expect(german[0]).to.match(/^.*Ausgelassen: .*120,00\s\$.*$/);
    expect(german[2]).to.contain('Fehlgeschlagen:').and.not.contain('has expired');
  });

  it('keeps a card brand whole beside a long reason: the table does not squeeze "Mastercard" to a few letters a line', async () => {
    const frame = await fixture<HTMLDivElement>(
      html`<div style="inline-size: 760px">
        <billing-history .client=${unchargedRechargesHistoryClient()} locale="en" time-zone="UTC"></billing-history>
      </div>`,
    );
    const el = frame.querySelector('billing-history')!;
    await until(() => parts(el, 'row').length === 5, 'the rows');
    await el.updateComplete;
    let checked = 0;
    for (const cell of parts(el, 'card')) {
      const text = [...cell.childNodes].find((node): node is Text => node instanceof Text && node.data.trim() !== '');
      const brand = text ? /^\s*([^•]+?) ••/.exec(text.data)?.[1] : undefined;
      // A brand of two words may wrap between them; one word must not be split.
      if (!text || !brand || brand.includes(' ')) continue;
      const start = text.data.indexOf(brand);
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + brand.length);
      const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
      expect(lines.size, `${brand} on ${lines.size} lines`).to.equal(1);
      checked += 1;
    }
    expect(checked).to.equal(2);
  });

  it('a backend sending a status this version does not know gets a clear error, never a blank status', async () => {
    const el = await show(unknownStatusHistoryClient());
    expect(partText(el, 'error').length).to.be.greaterThan(10);
    expect(normalise(el.shadowRoot!.textContent)).not.to.match(/undefined|refunded/);
    expect(part(el, 'retry-button')).not.to.equal(null);
    // A row built from such an entry (a host's client used without the store's checks) still says something.
    const entry = {
      id: 'tu_x',
      kind: 'manual',
      amount: { amount: 100, currency: 'USD' },
      status: 'refunded',
      createdAt: '2026-11-30T16:45:00.000Z',
    };
    const row = historyRow(entry as unknown as TopUpHistoryEntry, {
      locale: 'en',
      timeZone: 'UTC',
      text: defaultBillingHistoryMessages,
      reason: (failure) => failure.message,
    });
    expect([row.statusText, row.statusClass]).to.deep.equal(['Status not known', 'unknown']);
  });

  it('a top-up made while the list is shown appears on top, the pages already listed stay', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    const el = await show(client, { pageSize: 100 });
    const before = parts(el, 'row').length;
    const account = await client.getAccount();
    await client.createTopUp({
      amount: account.topUpLimits.minimum,
      source: { type: 'new_card', providerToken: 'test_card_4242424242424242', saveCard: true },
      idempotencyKey: 'history-refresh-1',
    });
    await until(() => parts(el, 'row').length === before + 1, 'the new top-up');
    expect(rowTexts(el)[0]).to.contain('Visa ••4242').and.contain('Paid');
  });

  it('a payment declined elsewhere (another tab, another device) appears as failed without a reload', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    const el = await show(client, { pageSize: 100 });
    const before = parts(el, 'row').length;
    const account = await client.getAccount();
    const declined = await client.createTopUp({
      amount: account.topUpLimits.minimum,
      source: { type: 'new_card', providerToken: 'test_card_4000000000009995', saveCard: false },
      idempotencyKey: 'history-declined-elsewhere',
    });
    expect(declined.status).to.equal('failed');
    await until(() => parts(el, 'row').length === before + 1, 'the declined top-up');
    expect(rowTexts(el)[0]).to.contain('Failed');
  });

  it('a top-up made while the list is being read again appears too', async () => {
    const client = new MockBillingClient({ usageEntryCount: 0 });
    // The first read again answers with the list as it was when asked, and only once released.
    const listTopUps = client.listTopUps.bind(client);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    client.listTopUps = async (query, options) => {
      reads += 1;
      const page = await listTopUps(query, options);
      if (reads === 2) await held;
      return page;
    };
    const el = await show(client, { pageSize: 100 });
    const before = parts(el, 'row').length;
    const account = await client.getAccount();
    const topUp = (idempotencyKey: string) =>
      client.createTopUp({
        amount: account.topUpLimits.minimum,
        source: { type: 'new_card', providerToken: 'test_card_4242424242424242', saveCard: false },
        idempotencyKey,
      });
    await topUp('history-during-refresh-1');
    await until(() => reads === 2, 'the list read again');
    await topUp('history-during-refresh-2');
    release();
    await until(() => parts(el, 'row').length === before + 2, 'both new top-ups');
  });
});

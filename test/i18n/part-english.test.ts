// An on-demand part's English (the add-funds form's, the usage grid's) arrives with its chunk: the element's eager code
// carries only the words it shows itself, and nothing is ever blank, a key name, or beaten by the part's English.
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { AddFundsDialog } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import { defaultAddFundsDialogMessages, defaultAddFundsFormMessages } from '../../src/components/add-funds-dialog/messages.js';
import { defaultAddFundsDialogShellMessages } from '../../src/components/add-funds-dialog/shell-messages.js';
import { defaultUsageGridMessages } from '../../src/components/balance-usage-table/grid-messages.js';
import { defaultBalanceUsageTableShellMessages } from '../../src/components/balance-usage-table/messages.js';
import { defaultSpendChartMessages } from '../../src/components/balance-usage-table/spend-chart-messages.js';
import { forecastEnglish } from '../../src/components/credit-balance/forecast-view.js';
import { defaultCreditBalanceShellMessages } from '../../src/components/credit-balance/shell-messages.js';
import { registerLocaleMessages, resetRegisteredLocaleMessages } from '../../src/i18n/catalog.js';
import { LocaleController } from '../../src/i18n/locale-controller.js';
import type { AddFundsDialogMessages } from '../../src/i18n/messages/add-funds-dialog.js';
import { MockBillingClient } from '../../src/client/mock/mock-client.js';
import { CATALOGS } from './helpers.js';

class PartHost extends LitElement {
  locale?: string;
  messages?: Partial<AddFundsDialogMessages>;
  readonly localize = new LocaleController(this, 'addFundsDialog', defaultAddFundsDialogShellMessages);
}
customElements.define('part-english-host', PartHost);

if (!customElements.get('add-funds-dialog')) customElements.define('add-funds-dialog', AddFundsDialog);

describe('English of on-demand parts', () => {
  afterEach(() => resetRegisteredLocaleMessages());

  it('splits each widget into its eager words and its part’s, together every key exactly once', () => {
    for (const [widget, shell, part] of [
      ['addFundsDialog', defaultAddFundsDialogShellMessages, defaultAddFundsFormMessages],
      ['creditBalance', defaultCreditBalanceShellMessages, forecastEnglish],
      // Two on-demand parts: the usage grid and the spend chart.
      ['balanceUsageTable', defaultBalanceUsageTableShellMessages, { ...defaultUsageGridMessages, ...defaultSpendChartMessages }],
    ] as const) {
      const shellKeys = Object.keys(shell);
      const partKeys = Object.keys(part);
      expect(
        shellKeys.filter((key) => partKeys.includes(key)),
        widget,
      ).to.deep.equal([]);
      // The German catalog is complete (its type has every key), so it lists the keys the English must cover.
      expect([...shellKeys, ...partKeys].sort(), widget).to.deep.equal(Object.keys(CATALOGS.de[widget]).sort());
    }
    expect(defaultAddFundsDialogMessages).to.deep.equal({ ...defaultAddFundsDialogShellMessages, ...defaultAddFundsFormMessages });
  });

  it('resolves the part’s keys under the host’s registered English and the element’s own messages, key by key', async () => {
    const host = await fixture<PartHost>(html`<part-english-host></part-english-host>`);
    expect(host.localize.messages().title).to.equal('Add funds');
    expect((host.localize.messages() as Partial<AddFundsDialogMessages>).done).to.equal(undefined);

    registerLocaleMessages('en', { addFundsDialog: { done: 'Close this' } });
    host.messages = { cancel: 'Never mind', pay: undefined };
    const words = host.localize.messages(defaultAddFundsFormMessages);
    expect(words.done).to.equal('Close this');
    expect(words.cancel).to.equal('Never mind');
    expect(words.pay('$5.00')).to.equal('Pay $5.00');
    expect(words.title).to.equal('Add funds');
    for (const [key, value] of Object.entries(words))
      expect(value, key)
        .to.be.a(typeof value === 'function' ? 'function' : 'string')
        .and.not.equal('');
  });

  it('gives the part its own language when the catalog has it, and the eager words stay cached apart', async () => {
    const host = await fixture<PartHost>(html`<part-english-host locale="de"></part-english-host>`);
    host.locale = 'de';
    await host.localize.settle();
    const shell = host.localize.messages();
    const words = host.localize.messages(defaultAddFundsFormMessages);
    expect(words.done).to.not.equal('Done');
    expect(words.title).to.equal(shell.title);
    expect(host.localize.messages()).to.equal(shell);
    expect(host.localize.messages(defaultAddFundsFormMessages)).to.equal(words);
  });

  it('draws the form with its English once its code is here, and a host’s messages still win', async () => {
    const dialog = await fixture<AddFundsDialog>(
      html`<add-funds-dialog
        locale="en"
        .client=${new MockBillingClient({ latencyMs: 0 })}
        .messages=${{ cancel: 'Not now' }}
        open
      ></add-funds-dialog>`,
    );
    await dialog.updateComplete;
    const form = dialog.shadowRoot?.querySelector('billing-add-funds-form') as (HTMLElement & { text: AddFundsDialogMessages }) | null;
    expect(form, 'form drawn').to.not.equal(null);
    expect(form?.text.cancel).to.equal('Not now');
    expect(form?.text.amountLegend).to.equal('Amount');
    expect(form?.text.title).to.equal('Add funds');
  });
});

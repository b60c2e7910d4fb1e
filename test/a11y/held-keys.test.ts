// A key held down repeats its keydown: the repeats must not press whatever button appears under focus next. Held Enter
// on Pay used to pay, then press Done (closing the dialog), then press Add funds (opening it again).
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { MockBillingClient } from '../../src/client/mock/mock-client.js';
import type { AddFundsDialog } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import type { TopUpTiming } from '../../src/components/add-funds-dialog/top-up-attempt.js';
import type { CreditBalance } from '../../src/components/credit-balance/credit-balance.js';
import { readyClient } from '../../stories/fixtures.js';
import { part, parts, until } from '../helpers/dom.js';

const FAST: TopUpTiming = { retryDelaysMs: [5, 10, 20], pollDelaysMs: [5, 10], maxPolls: 20 };

afterEach(async () => {
  await sendKeys({ up: 'Enter' });
  fixtureCleanup();
});

/** A balance and the dialog on one mock backend, the balance drawn. */
async function renderTab(): Promise<{ client: MockBillingClient; balance: CreditBalance; dialog: AddFundsDialog }> {
  const client = readyClient({ updatedMinutesAgo: 0 });
  const root = await fixture<HTMLDivElement>(
    html`<div>
      <billing-provider .client=${client}>
        <credit-balance></credit-balance>
        <add-funds-dialog .timing=${FAST}></add-funds-dialog>
      </billing-provider>
    </div>`,
  );
  const balance = root.querySelector<CreditBalance>('credit-balance')!;
  const dialog = root.querySelector<AddFundsDialog>('add-funds-dialog')!;
  await until(() => !!balance.shadowRoot!.querySelector('[part~="add-funds-button"]'), 'the balance');
  return { client, balance, dialog };
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
}

describe('a held Enter', () => {
  it('pays once, leaves the success view on screen, and never reopens the dialog', async () => {
    const { client, balance, dialog } = await renderTab();
    balance.shadowRoot!.querySelector<HTMLButtonElement>('[part~="add-funds-button"]')!.click();
    await until(() => parts(dialog, 'method').some((method) => method.querySelector('input:checked')), 'the form');
    part(dialog, 'pay-button')!.focus();

    await sendKeys({ down: 'Enter' });
    await until(() => part(dialog, 'success') !== null, 'the success view');
    // The key is still down: its repeats arrive while the success view (Done focused) and then the page are shown.
    for (let repeat = 0; repeat < 8; repeat += 1) {
      await sendKeys({ down: 'Enter' });
      await nextFrame();
    }
    await sendKeys({ up: 'Enter' });

    expect(client.charges, 'one charge').to.have.length(1);
    expect(dialog.open, 'the dialog is still open on its success view').to.equal(true);
    expect(part(dialog, 'success'), 'the success view is still shown').to.not.equal(null);

    // A fresh press (not a repeat) still works: Done closes.
    await sendKeys({ press: 'Enter' });
    await until(() => !dialog.open, 'Done to close the dialog');
  });

  it('on Add funds opens the dialog once and does not close it again', async () => {
    const { client, balance, dialog } = await renderTab();
    balance.shadowRoot!.querySelector<HTMLButtonElement>('[part~="add-funds-button"]')!.focus();
    await sendKeys({ down: 'Enter' });
    await until(() => dialog.open, 'the dialog to open');
    for (let repeat = 0; repeat < 8; repeat += 1) {
      await sendKeys({ down: 'Enter' });
      await nextFrame();
    }
    await sendKeys({ up: 'Enter' });
    expect(dialog.open, 'still open').to.equal(true);
    expect(client.charges, 'nothing charged').to.have.length(0);
  });
});

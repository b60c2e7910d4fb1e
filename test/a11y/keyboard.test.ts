// Keyboard only, with real key presses: each widget walked from a button before it, and a visible focus ring drawn from --billing-focus-ring at every stop.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { MockBillingClient } from '../../src/client/mock/mock-client.js';
import type { AddFundsDialog } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import type { TopUpTiming } from '../../src/components/add-funds-dialog/top-up-attempt.js';
import type { AutoRechargeSettingsElement } from '../../src/components/auto-recharge-settings/auto-recharge-settings.js';
import type { BalanceUsageTable } from '../../src/components/balance-usage-table/balance-usage-table.js';
import type { CreditBalance } from '../../src/components/credit-balance/credit-balance.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { autoRechargeClient } from '../../stories/auto-recharge-settings.stories.js';
import { readyClient } from '../../stories/fixtures.js';
import { allHistoryQuery, usageClient } from '../../stories/usage-fixtures.js';
import { part, parts, until } from '../helpers/dom.js';

const FAST: TopUpTiming = { retryDelaysMs: [5, 10, 20], pollDelaysMs: [5, 10], maxPolls: 20 };
// A ring no default would produce, so a match proves the widget drew the token and not the browser's own outline.
const RING = '3px dashed rgb(255, 0, 128)';

/** The element that really has focus, through every shadow root. */
function deepActive(): HTMLElement | null {
  let active = document.activeElement as HTMLElement | null;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement as HTMLElement;
  return active;
}

function partOf(element: Element | null): string | null {
  return element?.getAttribute('part') ?? null;
}

/** Presses `key` until focus lands where `predicate` says, failing with the path focus took. */
async function pressUntil(predicate: (element: HTMLElement) => boolean, what: string, key = 'Tab', max = 25): Promise<HTMLElement> {
  const path: string[] = [];
  for (let step = 0; step < max; step += 1) {
    await sendKeys({ press: key });
    const active = deepActive();
    if (active && predicate(active)) return active;
    path.push(active ? `${active.tagName.toLowerCase()}${partOf(active) ? `[${partOf(active)}]` : ''}` : 'none');
  }
  throw new Error(`${key} never reached ${what}; focus went ${path.join(' → ')}`);
}

/** The element drawing the focus indicator: the focused one, or the wrapper that draws it for a hidden input. */
function focusIndicator(element: Element): CSSStyleDeclaration {
  let node: Element | null = element;
  for (let depth = 0; node && depth < 3; depth += 1) {
    const style = getComputedStyle(node);
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) return style;
    node = node.parentElement;
  }
  throw new Error(`no visible focus indicator on ${element.tagName.toLowerCase()}[${partOf(element) ?? ''}] or its wrappers`);
}

function expectVisibleFocus(element: Element, where: string): void {
  const style = focusIndicator(element);
  expect(`${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`, `focus ring on ${where}`).to.equal(RING);
}

afterEach(() => fixtureCleanup());

describe('keyboard only', () => {
  it('credit balance → Add funds → preset → new test card → Pay → Escape, focus back on Add funds', async () => {
    const client = readyClient({ updatedMinutesAgo: 0 });
    const root = await fixture<HTMLDivElement>(
      html`<div style="--billing-focus-ring: ${RING}">
        <button id="before">Before the Billing tab</button>
        <billing-provider .client=${client}>
          <credit-balance></credit-balance>
          <add-funds-dialog
            .paymentProvider=${new TestCardPaymentProvider({ autoCompleteChallenge: 'succeed' })}
            .timing=${FAST}
          ></add-funds-dialog>
        </billing-provider>
      </div>`,
    );
    const balance = root.querySelector<CreditBalance>('credit-balance')!;
    const dialog = root.querySelector<AddFundsDialog>('add-funds-dialog')!;
    await until(() => !!balance.shadowRoot!.querySelector('[part~="add-funds-button"]'), 'the balance');
    root.querySelector<HTMLButtonElement>('#before')!.focus();

    const addFunds = await pressUntil((el) => partOf(el) === 'add-funds-button', 'Add funds');
    expectVisibleFocus(addFunds, 'Add funds');
    await sendKeys({ press: 'Enter' });
    await until(() => dialog.shadowRoot!.querySelector('dialog')?.open === true, 'the dialog to open');
    await until(() => parts(dialog, 'method').some((method) => method.querySelector('input:checked')), 'the form');
    expect(dialog.shadowRoot!.activeElement, 'focus moved into the dialog').to.not.equal(null);

    // Presets are a radio group: Tab reaches it, the arrow keys choose.
    const firstPreset = await pressUntil((el) => partOf(el) === 'preset', 'a preset', 'Tab');
    expectVisibleFocus(firstPreset, 'a preset');
    const presets = parts(dialog, 'preset') as HTMLInputElement[];
    expect(presets.length).to.be.greaterThan(1);
    const from = presets.indexOf(firstPreset as HTMLInputElement);
    await sendKeys({ press: 'ArrowRight' });
    const chosen = presets[(from + 1) % presets.length]!;
    expect(chosen.checked, 'ArrowRight chose the next preset').to.equal(true);
    expect(deepActive()).to.equal(chosen);
    await dialog.updateComplete;
    expect(part(dialog, 'preview')?.textContent).to.match(/New balance/);

    // Pay with: arrow down the radio group to "Use a new card" (the expired card is skipped).
    await pressUntil((el) => !!el.closest('[part~="method"]'), 'the payment methods', 'Tab');
    await pressUntil((el) => /new card/i.test(el.closest('[part~="method"]')?.textContent ?? ''), 'Use a new card', 'ArrowDown', 4);
    await until(
      () => !!part(dialog, 'card-entry')?.querySelector('.billing-test-card-entry')?.shadowRoot?.querySelector('input'),
      'the card entry',
    );
    const formRoot = part(dialog, 'card-entry')!.getRootNode();

    const number = await pressUntil((el) => el.tagName === 'INPUT' && el.getRootNode() !== formRoot, 'the card number', 'Tab', 3);
    await sendKeys({ type: '4242424242424242' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '1234' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: '123' });
    expect((number as HTMLInputElement).value.replace(/\D/g, '')).to.equal('4242424242424242');

    const pay = await pressUntil((el) => partOf(el) === 'pay-button', 'Pay');
    expectVisibleFocus(pay, 'Pay');
    await sendKeys({ press: 'Enter' });
    await until(() => part(dialog, 'success') !== null, 'the success view');
    const charges = (client as MockBillingClient).charges;
    expect(charges).to.have.length(1);
    const presetAmounts = (await client.getAccount()).topUpLimits.presets.map((preset) => preset.amount);
    expect(charges[0]!.amount.amount, 'charged the preset chosen with the arrow key').to.equal(presetAmounts[presets.indexOf(chosen)]);
    expect(charges[0]!.paymentMethodId, 'paid with the new card, not the saved one').to.not.equal('pm_visa_4242');

    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'the dialog to close');
    expect(deepActive(), 'focus is back on Add funds').to.equal(balance.shadowRoot!.querySelector('[part~="add-funds-button"]'));
  });

  it('auto-recharge: Space turns it on, fields are typed, the card is chosen with arrows, Enter saves', async () => {
    const client = autoRechargeClient();
    const root = await fixture<HTMLDivElement>(
      html`<div style="--billing-focus-ring: ${RING}">
        <button id="before">Before</button>
        <auto-recharge-settings .client=${client} .paymentProvider=${new TestCardPaymentProvider()}></auto-recharge-settings>
      </div>`,
    );
    const settings = root.querySelector<AutoRechargeSettingsElement>('auto-recharge-settings')!;
    await until(() => !!settings.shadowRoot!.querySelector('[part~="switch"]'), 'the switch');
    root.querySelector<HTMLButtonElement>('#before')!.focus();

    const toggle = await pressUntil((el) => partOf(el) === 'switch', 'the switch');
    expectVisibleFocus(toggle, 'the switch');
    await sendKeys({ press: 'Space' });
    await until(() => !!settings.shadowRoot!.querySelector('[part~="form"]'), 'the form');
    expect(toggle.getAttribute('aria-checked')).to.equal('true');

    const threshold = await pressUntil((el) => el.getAttribute('name') === 'thresholdAmount', 'the threshold');
    expectVisibleFocus(threshold, 'the threshold field');
    await sendKeys({ press: 'Control+a' });
    await sendKeys({ type: '15' });
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.getAttribute('name')).to.equal('rechargeAmount');
    await sendKeys({ press: 'Control+a' });
    await sendKeys({ type: '40' });

    const card = await pressUntil((el) => el.getAttribute('name') === 'paymentMethodId', 'the saved cards');
    expect((card as HTMLInputElement).checked, 'the default card is chosen').to.equal(true);
    expectVisibleFocus(card, 'a saved card');

    const save = await pressUntil((el) => partOf(el) === 'save-button', 'Save');
    expectVisibleFocus(save, 'Save');
    await sendKeys({ press: 'Enter' });
    await until(() => !!settings.shadowRoot!.querySelector('[part~="saved-notice"]'), 'the saved notice');
    const stored = await client.getAutoRecharge();
    expect(stored).to.deep.include({ enabled: true });
    expect(stored.thresholdAmount.amount).to.equal(1500);
    expect(stored.rechargeAmount.amount).to.equal(4000);
  });

  // The table's own test covers arrows, Home, End and Enter with synthetic events; this adds real
  // key presses, Tab into the grid, Page Down / Page Up and Escape back from the detail panel.
  it('usage table: Tab to View details, then a grid walked with Page Down, Page Up, End, Home, Enter and Escape', async () => {
    const client = usageClient(300);
    const root = await fixture<HTMLDivElement>(
      html`<div style="inline-size: 60rem; --billing-focus-ring: ${RING}">
        <button id="before">Before</button>
        <balance-usage-table
          .client=${client}
          .query=${allHistoryQuery()}
          locale="en-US"
          time-zone="America/New_York"
        ></balance-usage-table>
      </div>`,
    );
    const table = root.querySelector<BalanceUsageTable>('balance-usage-table')!;
    const shadow = table.shadowRoot!;
    await until(() => !!shadow.querySelector('[part~="view-details-button"]'), 'the summary');
    root.querySelector<HTMLButtonElement>('#before')!.focus();

    const details = await pressUntil((el) => partOf(el) === 'view-details-button', 'View details');
    expectVisibleFocus(details, 'View details');
    await sendKeys({ press: 'Enter' });
    await until(() => parts(table, 'row').some((row) => !row.classList.contains('row--loading')), 'the rows');

    const rowIndex = () => Number(deepActive()?.getAttribute('aria-rowindex'));
    const first = await pressUntil((el) => el.getAttribute('role') === 'row', 'the first row');
    expect(rowIndex()).to.equal(2);
    expectVisibleFocus(first, 'a grid row');

    await sendKeys({ press: 'ArrowDown' });
    await until(() => rowIndex() === 3, 'row 3 after ArrowDown');
    await sendKeys({ press: 'PageDown' });
    await until(() => rowIndex() > 4, 'a page further after PageDown');
    const afterPageDown = rowIndex();
    const grid = part(table, 'grid')!;
    const rowsPerPage = afterPageDown - 3;
    expect(rowsPerPage, 'Page Down moves about one viewport of rows').to.be.within(2, Math.ceil(grid.clientHeight / 48));
    await sendKeys({ press: 'PageUp' });
    await until(() => rowIndex() === 3, 'back to row 3 after PageUp');
    await sendKeys({ press: 'End' });
    await until(() => rowIndex() === 301, 'the last row after End');
    expectVisibleFocus(deepActive()!, 'the last row');
    await sendKeys({ press: 'Home' });
    await until(() => rowIndex() === 2, 'the first row after Home');

    await sendKeys({ press: 'Enter' });
    await until(() => part(table, 'detail-panel') !== null, 'the detail panel');
    await sendKeys({ press: 'Escape' });
    await until(() => part(table, 'detail-panel') === null, 'the panel to close');
    await until(() => rowIndex() === 2, 'focus back on the row');
  });
});

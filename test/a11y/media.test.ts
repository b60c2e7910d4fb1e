// The widgets under the user's display settings: reduced motion (nothing moves), forced colours (every edge and state still shows) and 320 px reflow (nothing scrolls sideways).
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import '../../src/define.js';
import type { AddFundsDialog } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { autoRechargeClient } from '../../stories/auto-recharge-settings.stories.js';
import { autoRechargeOnClient, failingClient, hangingClient, lowBalanceClient, readyClient } from '../../stories/fixtures.js';
import { allHistoryQuery, hangingUsageClient, usageClient } from '../../stories/usage-fixtures.js';
import { part, parts, until } from '../helpers/dom.js';

/** Every element of a widget, through its shadow root and any shadow roots inside it. */
function deepElements(root: Element | ShadowRoot): Element[] {
  const out: Element[] = [];
  for (const element of root.querySelectorAll('*')) {
    out.push(element);
    if (element.shadowRoot) out.push(...deepElements(element.shadowRoot));
  }
  return out;
}

/** A part as `::part()` on the host reaches it (through a private sub-element's `exportparts` too). */
function shadowPart(host: Element, name: string): HTMLElement | null {
  return part(host, name);
}

const WIDGETS = 'credit-balance, add-funds-dialog, auto-recharge-settings, balance-usage-table';

/** Something moving in every widget at once: skeletons, a spinner in a paying dialog, the switch. */
async function renderMovingParts(): Promise<HTMLElement> {
  const payingClient = readyClient({ updatedMinutesAgo: 0 });
  const root = await fixture<HTMLElement>(
    html`<div>
      <credit-balance .client=${hangingClient()}></credit-balance>
      <auto-recharge-settings
        .client=${autoRechargeClient({ enabled: true })}
        .paymentProvider=${new TestCardPaymentProvider()}
      ></auto-recharge-settings>
      <balance-usage-table .client=${hangingUsageClient()} .query=${allHistoryQuery()}></balance-usage-table>
      <billing-provider .client=${payingClient}>
        <add-funds-dialog open .paymentProvider=${new TestCardPaymentProvider()}></add-funds-dialog>
      </billing-provider>
    </div>`,
  );
  const dialog = root.querySelector<AddFundsDialog>('add-funds-dialog')!;
  await until(
    () => !!shadowPart(dialog, 'pay-button') && parts(dialog, 'method').some((method) => method.querySelector('input:checked')),
    'the form',
  );
  // Pay never hears back while the test looks: the spinner keeps turning.
  payingClient.setLatency(60_000);
  shadowPart(dialog, 'pay-button')!.click();
  await until(() => !!shadowPart(dialog, 'pay-button')?.querySelector('.spinner'), 'the paying spinner');
  await until(() => !!root.querySelector('auto-recharge-settings')!.shadowRoot!.querySelector('[part~="switch"]'), 'the switch');
  return root;
}

afterEach(async () => {
  fixtureCleanup();
  await emulateMedia({ reducedMotion: 'no-preference', forcedColors: 'none', colorScheme: 'light' });
  await setViewport({ width: 800, height: 600 });
});

describe('prefers-reduced-motion', () => {
  it('moves by default: the skeleton shimmers, the spinner turns, buttons fade (so the next test can fail)', async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    const root = await renderMovingParts();
    const skeleton = shadowPart(root.querySelector('credit-balance')!, 'skeleton')!;
    expect(getComputedStyle(skeleton).animationName).to.equal('billing-shimmer');
    const spinner = shadowPart(root.querySelector('add-funds-dialog')!, 'pay-button')!.querySelector('.spinner')!;
    expect(getComputedStyle(spinner).animationName).to.equal('billing-spin');
    expect(getComputedStyle(shadowPart(root.querySelector('auto-recharge-settings')!, 'switch')!).transitionDuration).to.not.equal('0s');
  });

  it('reduce: no element of any widget animates or transitions, the dialog backdrop included', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const root = await renderMovingParts();
    const moving: string[] = [];
    for (const widget of root.querySelectorAll(WIDGETS)) {
      for (const element of [widget, ...deepElements(widget.shadowRoot!)]) {
        for (const pseudo of [null, '::before', '::after', ...(element.tagName === 'DIALOG' ? ['::backdrop'] : [])]) {
          const style = getComputedStyle(element, pseudo);
          const transitions = style.transitionDuration.split(',').map((value) => parseFloat(value));
          if (style.animationName !== 'none' || transitions.some((seconds) => seconds > 0)) {
            moving.push(
              `${widget.tagName.toLowerCase()} ${element.tagName.toLowerCase()}.${[...element.classList].join('.')}${pseudo ?? ''}: ${style.animationName} / ${style.transitionDuration}`,
            );
          }
        }
      }
    }
    expect(moving, moving.join('\n')).to.deep.equal([]);
  });
});

describe('forced-colors: active', () => {
  const hasBorder = (element: Element) => {
    const style = getComputedStyle(element);
    return style.borderTopStyle !== 'none' && parseFloat(style.borderTopWidth) >= 1;
  };
  const hasOutline = (element: Element) => {
    const style = getComputedStyle(element);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
  };

  beforeEach(async () => {
    await emulateMedia({ forcedColors: 'active' });
    expect(matchMedia('(forced-colors: active)').matches, 'forced colours are emulated').to.equal(true);
  });

  it('credit balance: buttons, the low-balance notice, the badge and the error box keep an edge', async () => {
    const root = await fixture<HTMLElement>(
      html`<div>
        <credit-balance .client=${lowBalanceClient()}></credit-balance>
        <credit-balance .client=${autoRechargeOnClient()}></credit-balance>
        <credit-balance .client=${failingClient('unavailable')}></credit-balance>
      </div>`,
    );
    const [low, on, failed] = [...root.querySelectorAll('credit-balance')];
    await until(
      () => !!shadowPart(low!, 'status') && !!shadowPart(on!, 'badge') && !!shadowPart(failed!, 'retry-button'),
      'the three states',
    );
    expect(hasBorder(shadowPart(low!, 'add-funds-button')!), 'Add funds').to.equal(true);
    expect(hasBorder(shadowPart(low!, 'status')!), 'low-balance notice').to.equal(true);
    expect(hasBorder(shadowPart(on!, 'badge')!), 'auto-recharge badge').to.equal(true);
    expect(hasBorder(failed!.shadowRoot!.querySelector('.error')!), 'error box').to.equal(true);
    expect(hasBorder(shadowPart(failed!, 'retry-button')!), 'Try again').to.equal(true);
  });

  it('add funds: the chosen preset and card are outlined, the decline notice keeps its edge', async () => {
    const client = readyClient({ updatedMinutesAgo: 0 });
    client.setCardBehaviour('pm_visa_4242', 'generic_decline');
    const root = await fixture<HTMLElement>(
      html`<billing-provider .client=${client}>
        <add-funds-dialog open .paymentProvider=${new TestCardPaymentProvider()}></add-funds-dialog>
      </billing-provider>`,
    );
    const dialog = root.querySelector<AddFundsDialog>('add-funds-dialog')!;
    await until(() => parts(dialog, 'method').some((method) => method.querySelector('input:checked')), 'the form');
    const checkedPreset = parts(dialog, 'preset-chip').find((chip) => chip.querySelector('input')!.checked)!;
    expect(hasOutline(checkedPreset), 'the chosen preset').to.equal(true);
    const unchecked = parts(dialog, 'preset-chip').find((chip) => !chip.querySelector('input')!.checked)!;
    expect(hasOutline(unchecked), 'an unchosen preset is not outlined').to.equal(false);
    const checkedMethod = parts(dialog, 'method').find((method) => method.querySelector('input:checked'))!;
    expect(hasOutline(checkedMethod), 'the chosen card').to.equal(true);
    shadowPart(dialog, 'pay-button')!.click();
    await until(() => !!shadowPart(dialog, 'error'), 'the decline');
    expect(hasBorder(shadowPart(dialog, 'error')!), 'the decline notice').to.equal(true);
  });

  it('auto-recharge: the switch, the outcome badges and a focused control stay visible', async () => {
    const client = autoRechargeClient({ enabled: true, startingBalance: 1500, history: { succeeded: 1, failures: 1 } });
    const root = await fixture<HTMLElement>(
      html`<div>
        <button id="before">Before</button>
        <auto-recharge-settings .client=${client} .paymentProvider=${new TestCardPaymentProvider()}></auto-recharge-settings>
      </div>`,
    );
    const settings = root.querySelector('auto-recharge-settings')!;
    await until(() => settings.shadowRoot!.querySelectorAll('[part~="outcome"]').length > 0, 'the attempts');
    expect(hasBorder(shadowPart(settings, 'switch')!), 'the switch').to.equal(true);
    for (const outcome of settings.shadowRoot!.querySelectorAll('[part~="outcome"]')) {
      expect(hasBorder(outcome), `outcome badge "${outcome.textContent}"`).to.equal(true);
    }
    expect(hasOutline(settings.shadowRoot!.querySelector('[part~="card-option"]:has(input:checked)')!), 'the chosen card').to.equal(true);
    root.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    const focused = settings.shadowRoot!.activeElement;
    if (!focused) expect.fail('Tab did not enter the widget');
    expect(getComputedStyle(focused).outlineStyle, 'focus ring in forced colours').to.equal('solid');
  });

  it('usage table: the selected row is outlined, not only tinted', async () => {
    const root = await fixture<HTMLElement>(
      html`<div style="inline-size: 60rem">
        <balance-usage-table .client=${usageClient(40)} .query=${allHistoryQuery({ view: 'details' })} locale="en-US"></balance-usage-table>
      </div>`,
    );
    const table = root.querySelector('balance-usage-table')!;
    await until(() => parts(table, 'row').some((row) => !row.classList.contains('row--loading')), 'rows');
    const row = part(table, 'row')!;
    expect(hasOutline(row), 'an unselected row').to.equal(false);
    row.click();
    await until(() => row.getAttribute('aria-selected') === 'true', 'the row selected');
    expect(hasOutline(row), 'the selected row').to.equal(true);
  });
});

describe('reflow at 320 CSS pixels (WCAG 1.4.10)', () => {
  const cases: Array<[string, () => TemplateResult, string]> = [
    ['credit-balance', () => html`<credit-balance .client=${autoRechargeOnClient({ startingBalance: 750 })}></credit-balance>`, 'badge'],
    [
      'auto-recharge-settings',
      () =>
        html`<auto-recharge-settings
          .client=${autoRechargeClient({ enabled: true, startingBalance: 1500, history: { succeeded: 1, failures: 1 } })}
          .paymentProvider=${new TestCardPaymentProvider()}
        ></auto-recharge-settings>`,
      'attempts',
    ],
    [
      'balance-usage-table',
      () => html`<balance-usage-table .client=${usageClient(60)} .query=${allHistoryQuery()}></balance-usage-table>`,
      'summary-table',
    ],
    [
      'balance-usage-table',
      () => html`<balance-usage-table .client=${usageClient(60)} .query=${allHistoryQuery({ view: 'details' })}></balance-usage-table>`,
      'row',
    ],
    [
      'add-funds-dialog',
      () =>
        html`<billing-provider .client=${readyClient()}>
          <add-funds-dialog open .paymentProvider=${new TestCardPaymentProvider()}></add-funds-dialog>
        </billing-provider>`,
      'pay-button',
    ],
  ];

  for (const [tag, template, readyPart] of cases) {
    it(`${tag} (${readyPart}) fits 320 px with no horizontal scroll`, async () => {
      await setViewport({ width: 320, height: 640 });
      const root = await fixture<HTMLElement>(html`<div>${template()}</div>`);
      const widget = root.querySelector(tag)!;
      await until(() => !!shadowPart(widget, readyPart), readyPart);
      await (widget as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      const base = shadowPart(widget, 'base')!;
      expect(base.getBoundingClientRect().width, 'base part is laid out').to.be.greaterThan(0);
      expect(base.scrollWidth, `${tag} base: scrollWidth ${base.scrollWidth} > clientWidth ${base.clientWidth}`).to.be.at.most(
        base.clientWidth,
      );
      expect(document.documentElement.scrollWidth, 'the page does not scroll sideways').to.be.at.most(320);
      // Nothing inside sticks out past the base's edges either (a clipped control is as bad as a scrollbar).
      const edge = base.getBoundingClientRect();
      const outside = deepElements(widget.shadowRoot!)
        .filter((element) => base.contains(element) && element.getClientRects().length > 0)
        .filter((element) => {
          const box = element.getBoundingClientRect();
          return box.width > 0 && (box.left < edge.left - 1 || box.right > edge.right + 1) && !element.closest('.visually-hidden');
        })
        .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}`);
      expect(outside, outside.join(', ')).to.deep.equal([]);
    });
  }
});

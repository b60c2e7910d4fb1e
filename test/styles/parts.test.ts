// CSS parts are a contract: every part in a template is documented (@csspart → custom-elements.json), every documented part exists, and every visible piece sits in a named part.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import '../../src/define.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { autoRechargeClient } from '../../stories/auto-recharge-settings.stories.js';
import { paymentMethodsClient } from '../../stories/payment-methods.stories.js';
import { autoRechargeOnClient, lowBalanceClient, readyClient } from '../../stories/fixtures.js';
import { allHistoryQuery, usageClient } from '../../stories/usage-fixtures.js';
import { demoRatesClient } from '../../stories/rates-fixtures.js';
import { historyClient, manyPagesHistoryClient } from '../../stories/history-fixtures.js';
import { part, parts, until } from '../helpers/dom.js';

const TAGS = [
  'add-funds-dialog',
  'auto-recharge-settings',
  'balance-usage-table',
  'credit-balance',
  'payment-methods',
  'usage-rates',
  'billing-history',
] as const;

async function documentedParts(): Promise<Map<string, Set<string>>> {
  const manifest = (await (await fetch('/custom-elements.json')).json()) as {
    modules: Array<{ declarations?: Array<{ tagName?: string; cssParts?: Array<{ name: string }> }> }>;
  };
  const parts = new Map<string, Set<string>>();
  for (const declaration of manifest.modules.flatMap((module) => module.declarations ?? [])) {
    if (declaration.tagName) parts.set(declaration.tagName, new Set((declaration.cssParts ?? []).map((part) => part.name)));
  }
  return parts;
}

// Files of a component's folder that hold templates besides <tag>.ts (its private sub-elements and view modules).
const MORE_TEMPLATE_FILES: Partial<Record<(typeof TAGS)[number], string[]>> = {
  'auto-recharge-settings': ['attempts-view.ts', 'card-section.ts', 'conflict-view.ts', 'mode-choice.ts'],
  'credit-balance': ['forecast-placeholder.ts'],
  'billing-history': ['receipt.ts'],
  'payment-methods': ['card-row.ts'],
  'add-funds-dialog': ['add-funds-form.ts', 'amount-view.ts', 'payment-methods-view.ts', 'outcome-views.ts', 'form-parts.ts'],
  'balance-usage-table': [
    'usage-grid.ts',
    'usage-rows.ts',
    'usage-export.ts',
    'usage-table-views.ts',
    'rates-link.ts',
    'detail-panel.ts',
    'spend-chart.ts',
  ],
};

/** The part names written literally in a component's templates (`part="a b"`). */
async function templateParts(tag: (typeof TAGS)[number]): Promise<Set<string>> {
  const used = new Set<string>();
  for (const file of [`${tag}.ts`, ...(MORE_TEMPLATE_FILES[tag] ?? [])]) {
    const source = await (await fetch(`/src/components/${tag}/${file}`)).text();
    expect(source, `${tag}/${file} source served`).to.contain('html`');
    for (const match of source.matchAll(/\bpart="([^"$]+)"/g)) for (const name of match[1]!.split(/\s+/)) used.add(name);
  }
  return used;
}

// Parts that wrap a whole widget or region; a piece only inside one of these has no name of its own.
const CONTAINER_PARTS = new Set(['base', 'dialog', 'form']);

/** Visible text and controls of a rendered widget whose nearest part is only a container (or none). */
function unnamedPieces(widget: Element): string[] {
  // A private sub-element's pieces count as the widget's: its shadow root is read too.
  return [widget.shadowRoot!, ...[...widget.shadowRoot!.querySelectorAll('[exportparts]')].flatMap((sub) => sub.shadowRoot ?? [])].flatMap(
    (root) => unnamedPiecesIn(widget, root),
  );
}

function unnamedPiecesIn(widget: Element, root: ShadowRoot): string[] {
  const nearestPart = (node: Node): string | null => {
    let element: Element | null = node instanceof Element ? node : node.parentElement;
    while (element && element !== widget) {
      const part = element.getAttribute('part');
      if (part) return part;
      element = element.parentElement;
    }
    return null;
  };
  const hidden = (element: Element | null) =>
    !element || !!element.closest('.visually-hidden, [hidden], [aria-hidden="true"]') || element.getClientRects().length === 0;
  const out: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (!text || hidden(node.parentElement) || node.parentElement?.closest('style')) continue;
    const part = nearestPart(node);
    if (!part || part.split(/\s+/).every((name) => CONTAINER_PARTS.has(name)))
      out.push(`text "${text.slice(0, 40)}" in <${node.parentElement!.tagName.toLowerCase()} class="${node.parentElement!.className}">`);
  }
  for (const control of root.querySelectorAll('button, input, select, textarea, a[href], summary')) {
    if (hidden(control) && (control as HTMLInputElement).type !== 'radio') continue;
    const part = nearestPart(control);
    if (!part || part.split(/\s+/).every((name) => CONTAINER_PARTS.has(name)))
      out.push(`<${control.tagName.toLowerCase()} class="${control.className}">`);
  }
  return out;
}

afterEach(() => fixtureCleanup());

describe('CSS parts', () => {
  it('every part in a template is documented, and every documented part is in a template', async () => {
    const documented = await documentedParts();
    for (const tag of TAGS) {
      const used = await templateParts(tag);
      const docs = documented.get(tag) ?? new Set<string>();
      expect(
        [...used].filter((name) => !docs.has(name)),
        `${tag}: parts used but not documented with @csspart`,
      ).to.deep.equal([]);
      expect(
        [...docs].filter((name) => !used.has(name)),
        `${tag}: parts documented but never rendered`,
      ).to.deep.equal([]);
      expect(used.has('base'), `${tag} exposes part="base"`).to.equal(true);
    }
  });

  const states: Array<[string, () => TemplateResult, (root: HTMLElement) => Promise<Element>]> = [
    [
      'billing-history, a page of several with a receipt open',
      () => html`<billing-history .client=${manyPagesHistoryClient()} time-zone="UTC"></billing-history>`,
      async (root) => {
        const el = root.querySelector('billing-history')!;
        await until(() => part(el, 'load-more-button') !== null, 'ready');
        part(el, 'receipt-button')!.click();
        await until(() => part(el, 'print-button') !== null, 'the receipt');
        return el;
      },
    ],
    [
      'billing-history, every status',
      () => html`<billing-history .client=${historyClient({ tax: true })} time-zone="UTC"></billing-history>`,
      async (root) => {
        const el = root.querySelector('billing-history')!;
        await until(() => parts(el, 'row').length === 6, 'ready');
        return el;
      },
    ],
    [
      'usage-rates, a country highlighted',
      () => html`<usage-rates country="NG" .client=${demoRatesClient()}></usage-rates>`,
      async (root) => {
        const el = root.querySelector('usage-rates')!;
        await until(() => part(el, 'row-highlighted') !== null, 'ready');
        return el;
      },
    ],
    [
      'credit-balance, low balance',
      () => html`<credit-balance .client=${lowBalanceClient()}></credit-balance>`,
      async (root) => {
        const el = root.querySelector('credit-balance')!;
        await until(() => !!el.shadowRoot!.querySelector('[part~="status"]'), 'ready');
        return el;
      },
    ],
    [
      'credit-balance, compact with auto-recharge',
      () => html`<credit-balance variant="compact" .client=${autoRechargeOnClient()}></credit-balance>`,
      async (root) => {
        const el = root.querySelector('credit-balance')!;
        await until(() => !!el.shadowRoot!.querySelector('[part~="amount"]'), 'ready');
        return el;
      },
    ],
    [
      'auto-recharge-settings, on with attempts',
      () =>
        html`<auto-recharge-settings
          .client=${autoRechargeClient({ enabled: true, startingBalance: 1500, history: { succeeded: 1, failures: 1 } })}
          .paymentProvider=${new TestCardPaymentProvider()}
        ></auto-recharge-settings>`,
      async (root) => {
        const el = root.querySelector('auto-recharge-settings')!;
        await until(() => !!el.shadowRoot!.querySelector('[part~="outcome"]'), 'ready');
        return el;
      },
    ],
    [
      'payment-methods, removing the auto-recharge card after a failed change',
      () => {
        const client = paymentMethodsClient({ enabled: true });
        client.failNext('setDefaultPaymentMethod', 1, 'network');
        return html`<payment-methods .client=${client} .paymentProvider=${new TestCardPaymentProvider()}></payment-methods>`;
      },
      async (root) => {
        const el = root.querySelector('payment-methods')!;
        await until(() => parts(el, 'card').length === 3, 'the cards');
        parts(el, 'make-default-button')[0]!.click();
        await until(() => part(el, 'error') !== null, 'the failure');
        parts(el, 'remove-button')[0]!.click();
        await until(() => part(el, 'confirm-warning') !== null, 'the confirmation');
        return el;
      },
    ],
    [
      'balance-usage-table, itemised with the detail panel',
      () =>
        html`<div style="inline-size: 60rem">
          <balance-usage-table .client=${usageClient(40)} .query=${allHistoryQuery({ view: 'details' })}></balance-usage-table>
        </div>`,
      async (root) => {
        const el = root.querySelector('balance-usage-table')!;
        await until(() => parts(el, 'row').some((row) => !row.classList.contains('row--loading')), 'rows');
        part(el, 'row')!.click();
        await until(() => part(el, 'detail-panel') !== null, 'the detail panel');
        return el;
      },
    ],
    [
      'balance-usage-table, summary',
      () =>
        html`<div style="inline-size: 60rem">
          <balance-usage-table .client=${usageClient(40)} .query=${allHistoryQuery()}></balance-usage-table>
        </div>`,
      async (root) => {
        const el = root.querySelector('balance-usage-table')!;
        await until(() => !!el.shadowRoot!.querySelector('[part~="summary-table"]'), 'summary');
        return el;
      },
    ],
    [
      'add-funds-dialog, new card',
      () =>
        html`<billing-provider .client=${readyClient()}>
          <add-funds-dialog open .paymentProvider=${new TestCardPaymentProvider()}></add-funds-dialog>
        </billing-provider>`,
      async (root) => {
        const el = root.querySelector('add-funds-dialog')!;
        await until(() => parts(el, 'method').some((method) => method.querySelector('input:checked')), 'the form');
        const methods = parts(el, 'method');
        methods
          .find((method) => /new card/i.test(method.textContent))!
          .querySelector('input')!
          .click();
        await until(() => part(el, 'save-card') !== null, 'the new card box');
        return el;
      },
    ],
  ];

  for (const [name, template, ready] of states) {
    it(`${name}: every visible text and control is inside a named part (not only base)`, async () => {
      const root = await fixture<HTMLElement>(html`<div>${template()}</div>`);
      const widget = await ready(root);
      const unnamed = unnamedPieces(widget);
      expect(unnamed, unnamed.join('\n')).to.deep.equal([]);
    });
  }
});

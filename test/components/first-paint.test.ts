// First paint without layout shift: each widget keeps the block size a host reserves for it (--billing-*-min-block-size,
// the same number the host gives its :not(:defined) rule) in every state, its card fills that box, and its skeleton is
// as tall as its first real state.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BillingClient } from '../../src/client/billing-client.js';
import { readyClient } from '../../stories/fixtures.js';
import { usageClient } from '../../stories/usage-fixtures.js';
import { part, until } from '../helpers/dom.js';

/** A client whose every call is still in flight: the widgets stay in their loading state. */
function pendingClient(): BillingClient {
  const client = usageClient(120);
  return new Proxy(client, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? () => new Promise(() => {}) : value;
    },
  });
}

const WIDGETS = [
  { tag: 'credit-balance', token: '--billing-balance-min-block-size', ready: 'amount', client: () => readyClient() },
  { tag: 'auto-recharge-settings', token: '--billing-auto-recharge-min-block-size', ready: 'switch', client: () => readyClient() },
  { tag: 'payment-methods', token: '--billing-payment-methods-min-block-size', ready: 'list', client: () => readyClient() },
  { tag: 'balance-usage-table', token: '--billing-usage-min-block-size', ready: 'summary-table', client: () => usageClient(120) },
] as const;

async function render(tag: string, client: BillingClient, reserved?: string): Promise<HTMLElement> {
  const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: 800px"></div>`);
  const el = document.createElement(tag) as HTMLElement & { client: BillingClient; locale: string };
  el.client = client;
  el.locale = 'en-US';
  if (reserved) for (const { tag: name, token } of WIDGETS) if (name === tag) el.style.setProperty(token, reserved);
  wrapper.append(el);
  return el;
}

const height = (el: Element | null): number => Math.round(el?.getBoundingClientRect().height ?? -1);

describe('first paint', () => {
  afterEach(() => fixtureCleanup());

  it("gives each widget's first render a task of its own, so widgets upgrading together never make one long task", async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: 800px"></div>`);
    const widgets = WIDGETS.map(({ tag, client }) => {
      const el = document.createElement(tag) as HTMLElement & { client: BillingClient; updateComplete: Promise<boolean> };
      el.client = client();
      return el;
    });
    wrapper.append(...widgets);
    // Lit alone renders in a microtask of the task that connected them: all four in one go.
    for (let turn = 0; turn < 10; turn++) await Promise.resolve();
    expect(widgets.map((el) => el.shadowRoot?.childElementCount ?? 0)).to.deep.equal(widgets.map(() => 0));
    await Promise.all(widgets.map((el) => el.updateComplete));
    for (const el of widgets) expect(part(el, 'base'), el.localName).to.not.equal(null);
  });

  it('<balance-usage-table> asks for its summary and first page before its first render waits for its task', async () => {
    const client = usageClient(120);
    const asked: string[] = [];
    for (const method of ['getUsageSummary', 'listUsage'] as const) {
      const original = client[method].bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        asked.push(method);
        return original(...args);
      };
    }
    const wrapper = await fixture<HTMLDivElement>(html`<div style="inline-size: 800px"></div>`);
    const table = document.createElement('balance-usage-table') as HTMLElement & { client: BillingClient; query: object };
    table.query = { view: 'details' };
    table.client = client;
    wrapper.append(table);
    for (let turn = 0; turn < 10; turn++) await Promise.resolve();
    // Not rendered yet (its task is still to come), but both requests are on their way.
    expect(table.shadowRoot?.childElementCount ?? 0).to.equal(0);
    expect([...asked].sort()).to.deep.equal(['getUsageSummary', 'listUsage']);
  });

  for (const { tag, token, ready, client } of WIDGETS) {
    it(`<${tag}> keeps the block size its host reserves (${token}), loading and ready, and its card fills it`, async () => {
      const loading = await render(tag, pendingClient(), '40rem');
      await until(() => part(loading, 'skeleton') !== null, `${tag} skeleton`);
      expect(height(loading)).to.equal(640);
      expect(height(part(loading, 'base'))).to.equal(640);

      const shown = await render(tag, client(), '40rem');
      await until(() => part(shown, ready) !== null, `${tag} ready`);
      expect(height(shown)).to.equal(640);
      expect(height(part(shown, 'base'))).to.equal(640);
    });

    it(`<${tag}> reserves nothing unless asked`, async () => {
      const shown = await render(tag, client());
      await until(() => part(shown, ready) !== null, `${tag} ready`);
      expect(height(shown)).to.equal(height(part(shown, 'base')));
      expect(height(shown)).to.be.below(640);
    });

    it(`<${tag}>'s skeleton is as tall as its first state (within 4 px at 800 px wide)`, async () => {
      const loading = await render(tag, pendingClient());
      await until(() => part(loading, 'skeleton') !== null, `${tag} skeleton`);
      const shown = await render(tag, client());
      await until(() => part(shown, ready) !== null, `${tag} ready`);
      expect(Math.abs(height(loading) - height(shown)), `skeleton ${height(loading)} px, ready ${height(shown)} px`).to.be.at.most(4);
    });
  }
});

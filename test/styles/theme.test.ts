// Light and dark from the tokens alone: prefers-color-scheme unless a host sets data-billing-theme; the example themes reach every widget and Stripe's appearance.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/define.js';
import type { AddFundsDialog } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import type { CardEntry, MountCardEntryOptions, PaymentAppearance } from '../../src/payments/payment-provider.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { BILLING_TOKEN_ROLES, billingTokenDefaults } from '../../src/styles/tokens.js';
import { readyClient } from '../../stories/fixtures.js';
import { THEMES, themeStyle } from '../../stories/themes.js';
import { parts, until } from '../helpers/dom.js';

const role = (name: string) => BILLING_TOKEN_ROLES.find((entry) => entry.name === name)!;
const LIGHT_SURFACE = role('--billing-color-surface').light;
const DARK_SURFACE = role('--billing-color-surface').dark;

/** The surface colour the widget actually paints, as rgb(). */
function paintedSurface(balance: Element): string {
  return getComputedStyle(balance.shadowRoot!.querySelector('[part~="base"]')!).backgroundColor;
}

function rgbOf(hex: string): string {
  const probe = document.createElement('div');
  probe.style.color = hex;
  document.body.append(probe);
  const rgb = getComputedStyle(probe).color;
  probe.remove();
  return rgb;
}

async function renderBalance(attributes = ''): Promise<{ wrapper: HTMLElement; balance: HTMLElement }> {
  const wrapper = await fixture<HTMLElement>(html`<div .innerHTML=${`<div class="theme-root" ${attributes}></div>`}></div>`);
  const themeRoot = wrapper.querySelector<HTMLElement>('.theme-root')!;
  const balance = document.createElement('credit-balance');
  (balance as unknown as { client: unknown }).client = readyClient();
  themeRoot.append(balance);
  await until(() => !!balance.shadowRoot?.querySelector('[part~="amount"]'), 'the balance');
  return { wrapper: themeRoot, balance };
}

afterEach(async () => {
  fixtureCleanup();
  await emulateMedia({ colorScheme: 'light' });
});

describe('light and dark from tokens alone', () => {
  it('follows prefers-color-scheme when nothing sets a theme, live', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const { balance } = await renderBalance();
    expect(paintedSurface(balance)).to.equal(rgbOf(LIGHT_SURFACE));
    await emulateMedia({ colorScheme: 'dark' });
    expect(paintedSurface(balance)).to.equal(rgbOf(DARK_SURFACE));
    expect(getComputedStyle(balance).colorScheme).to.equal('dark');
  });

  it('an ancestor data-billing-theme wins over the OS, both ways, and switching it restyles at once', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { wrapper, balance } = await renderBalance('data-billing-theme="light"');
    expect(paintedSurface(balance), 'light forced on a dark OS').to.equal(rgbOf(LIGHT_SURFACE));
    wrapper.setAttribute('data-billing-theme', 'dark');
    await until(() => paintedSurface(balance) === rgbOf(DARK_SURFACE), 'the switch to dark');
    await emulateMedia({ colorScheme: 'light' });
    expect(paintedSurface(balance), 'dark forced on a light OS').to.equal(rgbOf(DARK_SURFACE));
    wrapper.removeAttribute('data-billing-theme');
    await until(() => paintedSurface(balance) === rgbOf(LIGHT_SURFACE), 'back to following the OS');
  });

  it("follows a data-billing-theme set inside a host app's own shadow root, live", async () => {
    await emulateMedia({ colorScheme: 'light' });
    const app = await fixture<HTMLElement>(html`<div></div>`);
    const shadow = app.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<main><section class="tab"></section></main>';
    const balance = document.createElement('credit-balance');
    (balance as unknown as { client: unknown }).client = readyClient();
    shadow.querySelector('.tab')!.append(balance);
    await until(() => !!balance.shadowRoot?.querySelector('[part~="amount"]'), 'the balance');
    expect(paintedSurface(balance)).to.equal(rgbOf(LIGHT_SURFACE));
    shadow.querySelector('main')!.setAttribute('data-billing-theme', 'dark');
    await until(() => paintedSurface(balance) === rgbOf(DARK_SURFACE), "dark from inside the app's shadow root");
  });

  it('a host value for a role wins in both schemes; knobs default to the roles', async () => {
    const { wrapper, balance } = await renderBalance('style="--billing-color-surface: #123456"');
    expect(paintedSurface(balance)).to.equal(rgbOf('#123456'));
    wrapper.setAttribute('data-billing-theme', 'dark');
    await until(() => balance.getAttribute('data-billing-resolved-theme') === 'dark', 'dark resolved');
    expect(paintedSurface(balance)).to.equal(rgbOf('#123456'));
    wrapper.style.setProperty('--billing-balance-surface', '#abcdef');
    expect(paintedSurface(balance), 'the widget knob beats the role').to.equal(rgbOf('#abcdef'));
  });

  it('billingTokenDefaults gives every role a value in each scheme, naming public properties only', () => {
    for (const scheme of ['light', 'dark'] as const) {
      const values = billingTokenDefaults(scheme);
      expect(Object.keys(values)).to.have.length(BILLING_TOKEN_ROLES.length);
      for (const [name, value] of Object.entries(values)) {
        expect(name).to.match(/^--billing-[a-z-]+$/);
        expect(value, name)
          .to.be.a('string')
          .and.not.match(/--_billing-/);
      }
    }
  });
});

describe('the example themes (stories/themes.ts)', () => {
  for (const [name, theme] of Object.entries(THEMES)) {
    it(`${name}: every value it sets is a documented global role or widget knob`, async () => {
      const manifest = (await (await fetch('/custom-elements.json')).json()) as {
        modules: Array<{ declarations?: Array<{ cssProperties?: Array<{ name: string }> }> }>;
      };
      const documented = new Set([
        ...BILLING_TOKEN_ROLES.map((entry) => entry.name),
        ...manifest.modules.flatMap((module) => (module.declarations ?? []).flatMap((d) => (d.cssProperties ?? []).map((p) => p.name))),
      ]);
      const unknown = Object.keys(theme.tokens).filter((property) => !documented.has(property));
      expect(unknown).to.deep.equal([]);
    });
  }

  it('Northwind reaches the widget: its accent, font and radius are what the Add funds button paints', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div style=${themeStyle(THEMES.northwind)}>
        <credit-balance .client=${readyClient()}></credit-balance>
      </div>`,
    );
    const balance = wrapper.querySelector('credit-balance')!;
    await until(() => !!balance.shadowRoot!.querySelector('[part~="add-funds-button"]'), 'the button');
    const button = getComputedStyle(balance.shadowRoot!.querySelector('[part~="add-funds-button"]')!);
    expect(button.backgroundColor).to.equal(rgbOf('#0f766e'));
    expect(button.borderTopLeftRadius).to.equal('2px');
    expect(getComputedStyle(balance).fontFamily).to.contain('Trebuchet MS');
  });
});

/** Records the appearance each mount of the card entry receives. */
class RecordingProvider extends TestCardPaymentProvider {
  readonly appearances: PaymentAppearance[] = [];
  override mountCardEntry(container: HTMLElement, options: MountCardEntryOptions): Promise<CardEntry> {
    this.appearances.push(options.appearance);
    return super.mountCardEntry(container, options);
  }
}

async function appearanceUnder(style: string, attributes: Record<string, string> = {}): Promise<PaymentAppearance> {
  const provider = new RecordingProvider();
  const wrapper = await fixture<HTMLElement>(
    html`<div style=${style}>
      <billing-provider .client=${readyClient()}>
        <add-funds-dialog open .paymentProvider=${provider}></add-funds-dialog>
      </billing-provider>
    </div>`,
  );
  for (const [name, value] of Object.entries(attributes)) wrapper.setAttribute(name, value);
  const dialog = wrapper.querySelector<AddFundsDialog>('add-funds-dialog')!;
  await until(() => parts(dialog, 'method').some((method) => method.querySelector('input:checked')), 'the form');
  const newCard = parts(dialog, 'method').find((method) => /new card/i.test(method.textContent))!;
  newCard.querySelector('input')!.click();
  await until(() => provider.appearances.length > 0, 'the card entry to mount');
  return provider.appearances.at(-1)!;
}

describe("Stripe's appearance comes from the same tokens", () => {
  it('default light theme: the built-in light roles', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const appearance = await appearanceUnder('');
    expect(appearance).to.include({ colorPrimary: role('--billing-color-accent').light, colorBackground: LIGHT_SURFACE, theme: 'light' });
  });

  it('dark theme (data-billing-theme="dark" on an ancestor): the dark roles and theme "dark"', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const appearance = await appearanceUnder('', { 'data-billing-theme': 'dark' });
    expect(appearance).to.include({
      colorPrimary: role('--billing-color-accent').dark,
      colorBackground: DARK_SURFACE,
      colorText: role('--billing-color-text').dark,
      theme: 'dark',
    });
  });

  it('Northwind: the partner accent, surface, typeface and radius', async () => {
    const appearance = await appearanceUnder(themeStyle(THEMES.northwind));
    expect(appearance).to.include({
      colorPrimary: '#0f766e',
      colorBackground: '#fffdf8',
      colorText: '#1c2a27',
      borderRadius: '2px',
      fontSizeBase: '15px',
      theme: 'light',
    });
    expect(appearance.fontFamily).to.contain('Trebuchet MS');
  });
});

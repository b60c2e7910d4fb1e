// CardEntryController: mounting one card entry for a host, aborting it, passing the locale on, and failing visibly.
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { BillingError } from '../../src/client/errors.js';
import { CardEntryController, type CardEntryControllerOptions } from '../../src/components/card-entry-controller.js';
import type { CardEntry, CardEntryUpdate, MountCardEntryOptions, PaymentProvider } from '../../src/payments/payment-provider.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { until } from '../helpers/dom.js';

class CardEntryHost extends LitElement {
  locale = 'en-US';
  provider?: PaymentProvider;
  updates = 0;
  readonly cards: CardEntryController;

  constructor() {
    super();
    this.cards = new CardEntryController(this, this.controllerOptions());
  }

  controllerOptions(): CardEntryControllerOptions {
    return {
      mode: 'setup',
      provider: () => this.provider,
      locale: () => this.locale,
      unavailableMessage: (error) => `unavailable: ${error instanceof Error ? error.message : String(error)}`,
    };
  }

  protected override updated(): void {
    this.updates += 1;
  }

  override render() {
    return html`<div class="box"></div>`;
  }

  get box(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('.box')!;
  }
}
customElements.define('test-card-entry-host', CardEntryHost);

/** A provider whose mounts wait for `resolve()` or `reject()`, recording what each entry was told. */
class FakeProvider implements PaymentProvider {
  readonly id = 'fake';
  readonly testMode = true;
  mounts: MountCardEntryOptions[] = [];
  entries: Array<{ updates: CardEntryUpdate[]; destroyed: boolean }> = [];
  private settle?: { resolve: () => void; reject: (error: unknown) => void };

  /** `ignoreAbort`: a late provider that answers even after its signal aborted. */
  constructor(private readonly ignoreAbort = false) {}

  mountCardEntry(_container: HTMLElement, options: MountCardEntryOptions): Promise<CardEntry> {
    this.mounts.push(options);
    return new Promise<CardEntry>((resolve, reject) => {
      const record = { updates: [] as CardEntryUpdate[], destroyed: false };
      const entry: CardEntry = {
        tokenize: () => Promise.resolve({ ok: true, providerToken: 'tok' }),
        onChange: () => () => {},
        update: (changes) => record.updates.push(changes),
        focus: () => {},
        destroy: () => {
          record.destroyed = true;
        },
      };
      this.settle = {
        resolve: () => {
          this.entries.push(record);
          resolve(entry);
        },
        reject,
      };
      // Like a real provider, an abort leaves nothing mounted.
      if (!this.ignoreAbort) options.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
    });
  }

  handleNextAction(): Promise<{ ok: true }> {
    return Promise.resolve({ ok: true });
  }

  async resolve(): Promise<void> {
    await until(() => this.settle !== undefined, 'a mount started');
    const { resolve } = this.settle!;
    this.settle = undefined;
    resolve();
  }

  async reject(error: unknown): Promise<void> {
    await until(() => this.settle !== undefined, 'a mount started');
    const { reject } = this.settle!;
    this.settle = undefined;
    reject(error);
  }
}

async function host(provider?: PaymentProvider): Promise<CardEntryHost> {
  const el = await fixture<CardEntryHost>(html`<test-card-entry-host></test-card-entry-host>`);
  el.provider = provider;
  return el;
}

describe('CardEntryController', () => {
  it("mounts the provider's card entry in the container, in the host's locale, and reports ready", async () => {
    const el = await host(new TestCardPaymentProvider());
    const mounting = el.cards.mount(el.box, { currency: 'USD' });
    expect(el.cards.status).to.equal('loading');
    const entry = await mounting;
    expect(entry).to.not.equal(undefined);
    expect(el.cards.status).to.equal('ready');
    expect(el.cards.entry).to.equal(entry);
    expect(el.cards.container).to.equal(el.box);
    expect(el.box.querySelector('.billing-test-card-entry')).to.not.equal(null);

    const before = el.updates;
    el.cards.destroy();
    await el.updateComplete;
    expect(el.updates).to.be.greaterThan(before);
    expect(el.cards.status).to.equal('idle');
    expect(el.cards.entry).to.equal(undefined);
    expect(el.box.querySelector('.billing-test-card-entry')).to.equal(null);
  });

  it('passes the mode, currency, amount and locale to the provider', async () => {
    const provider = new FakeProvider();
    const el = await host(provider);
    el.locale = 'de-DE';
    const mounting = el.cards.mount(el.box, { currency: 'EUR', amount: { amount: 500, currency: 'EUR' } });
    await provider.resolve();
    await mounting;
    expect(provider.mounts[0]).to.include({ mode: 'setup', currency: 'EUR', locale: 'de-DE' });
    expect(provider.mounts[0]!.amount).to.deep.equal({ amount: 500, currency: 'EUR' });
    expect(provider.mounts[0]!.appearance.colorPrimary).to.match(/^#|^rgba/);
  });

  it('destroying during the mount aborts it: nothing stays mounted and the status is idle', async () => {
    const provider = new FakeProvider();
    const el = await host(provider);
    const mounting = el.cards.mount(el.box, { currency: 'USD' });
    await until(() => provider.mounts.length === 1, 'the provider asked');
    el.cards.destroy();
    expect(provider.mounts[0]!.signal!.aborted).to.equal(true);
    expect(await mounting).to.equal(undefined);
    expect(el.cards.status).to.equal('idle');
    expect(el.cards.message).to.equal('');
  });

  it('an entry that arrives after destroy() is destroyed at once', async () => {
    const provider = new FakeProvider(true);
    const el = await host(provider);
    const mounting = el.cards.mount(el.box, { currency: 'USD' });
    await until(() => provider.mounts.length === 1, 'the provider asked');
    el.cards.destroy();
    await provider.resolve();
    expect(await mounting).to.equal(undefined);
    expect(provider.entries[0]!.destroyed).to.equal(true);
    expect(el.cards.entry).to.equal(undefined);
    expect(el.cards.status).to.equal('idle');
  });

  it('taking the host off the page destroys the card entry', async () => {
    const el = await host(new TestCardPaymentProvider());
    await el.cards.mount(el.box, { currency: 'USD' });
    const box = el.box;
    el.remove();
    expect(el.cards.status).to.equal('idle');
    expect(box.querySelector('.billing-test-card-entry')).to.equal(null);
  });

  it("a change of the host's locale reaches the mounted entry after the host updates", async () => {
    const provider = new FakeProvider();
    const el = await host(provider);
    const mounting = el.cards.mount(el.box, { currency: 'USD' });
    await provider.resolve();
    await mounting;
    await el.updateComplete;
    expect(provider.entries[0]!.updates).to.deep.equal([]);
    el.locale = 'fr-FR';
    el.requestUpdate();
    await el.updateComplete;
    expect(provider.entries[0]!.updates).to.deep.equal([{ locale: 'fr-FR' }]);
    el.requestUpdate();
    await el.updateComplete;
    expect(provider.entries[0]!.updates).to.have.length(1);
  });

  it('a locale change while the provider loads is passed on once the entry is there', async () => {
    const provider = new FakeProvider();
    const el = await host(provider);
    const mounting = el.cards.mount(el.box, { currency: 'USD' });
    el.locale = 'ja-JP';
    await provider.resolve();
    await mounting;
    expect(provider.entries[0]!.updates).to.deep.equal([{ locale: 'ja-JP' }]);
  });

  it("a provider that cannot load leaves the status unavailable with the host's message; destroy() allows another try", async () => {
    const provider = new FakeProvider();
    const el = await host(provider);
    const mounting = el.cards.mount(el.box, { currency: 'USD' });
    await provider.reject(new BillingError('unavailable', { message: 'blocked' }));
    expect(await mounting).to.equal(undefined);
    expect(el.cards.status).to.equal('unavailable');
    expect(el.cards.message).to.equal('unavailable: blocked');
    // Still unavailable: a second mount does not ask the provider again by itself.
    expect(await el.cards.mount(el.box, { currency: 'USD' })).to.equal(undefined);
    expect(provider.mounts).to.have.length(1);

    el.cards.destroy();
    expect(el.cards.message).to.equal('');
    const again = el.cards.mount(el.box, { currency: 'USD' });
    await provider.resolve();
    expect(await again).to.not.equal(undefined);
    expect(el.cards.status).to.equal('ready');
  });

  it('mounting twice gives one card entry', async () => {
    const el = await host(new TestCardPaymentProvider());
    const [first, second] = await Promise.all([el.cards.mount(el.box, { currency: 'USD' }), el.cards.mount(el.box, { currency: 'USD' })]);
    expect(first).to.equal(second);
    expect(await el.cards.mount(el.box, { currency: 'USD' })).to.equal(first);
    expect(el.box.querySelectorAll('.billing-test-card-entry')).to.have.length(1);
  });

  it('without a provider, nothing is mounted and the status stays idle', async () => {
    const el = await host(undefined);
    expect(await el.cards.mount(el.box, { currency: 'USD' })).to.equal(undefined);
    expect(el.cards.status).to.equal('idle');
  });

  it("tells the host of each change of the entry's state", async () => {
    const el = await fixture<CardEntryHost>(html`<test-card-entry-host></test-card-entry-host>`);
    const states: unknown[] = [];
    const provider = new TestCardPaymentProvider();
    const cards = new CardEntryController(el, {
      ...el.controllerOptions(),
      provider: () => provider,
      onChange: (state) => states.push(state),
    });
    const entry = await cards.mount(el.box, { currency: 'USD' });
    const form = el.box.querySelectorAll('.billing-test-card-entry')[0]!.shadowRoot!;
    await until(() => form.querySelector('.test-card') !== null, 'the test cards');
    form.querySelector<HTMLButtonElement>('.test-card')!.click();
    await until(() => states.length > 0, 'a change');
    expect(entry).to.not.equal(undefined);
    cards.destroy();
  });
});

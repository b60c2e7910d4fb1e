// StoreController: which store a widget resolves, and the store it hands to the private parts in its shadow root.
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import '../../src/define.js';
import type { BillingClient } from '../../src/client/billing-client.js';
import { BillingStore } from '../../src/store/billing-store.js';
import { StoreController } from '../../src/store/store-controller.js';
import { readyClient } from '../../stories/fixtures.js';

/** A private part: no client of its own, so it takes whatever store the context gives it. */
class ProbePart extends LitElement {
  readonly billing = new StoreController(this, { loadAccount: false });
}
customElements.define('probe-part', ProbePart);

/** A widget that shares its store with its parts; `client` set on it wins over any provider, as on the real widgets. */
class ProbeWidget extends LitElement {
  static override properties = { client: { attribute: false } };
  declare client?: BillingClient;
  readonly billing = new StoreController(this, { loadAccount: false, provideToParts: true });
  override render() {
    return html`<probe-part></probe-part>`;
  }
  get probe(): ProbePart {
    return this.renderRoot.querySelector('probe-part')!;
  }
}
customElements.define('probe-widget', ProbeWidget);

describe('StoreController', () => {
  it("a part inside a widget gets the widget's own client's store, not the surrounding provider's", async () => {
    const outer = readyClient();
    const own = readyClient();
    const provider = await fixture<HTMLElement & { client?: BillingClient }>(html`<billing-provider .client=${outer}></billing-provider>`);
    const widget = new ProbeWidget();
    widget.client = own;
    provider.append(widget);
    await widget.updateComplete;
    expect(widget.billing.store).to.equal(BillingStore.for(own));
    expect(widget.probe.billing.store).to.equal(BillingStore.for(own));
  });

  it("a part follows the widget's store when the widget's client changes, and the provider's when it has none", async () => {
    const outer = readyClient();
    const provider = await fixture<HTMLElement & { client?: BillingClient }>(html`<billing-provider .client=${outer}></billing-provider>`);
    const widget = new ProbeWidget();
    provider.append(widget);
    await widget.updateComplete;
    expect(widget.probe.billing.store).to.equal(BillingStore.for(outer));
    const own = readyClient();
    widget.client = own;
    await widget.updateComplete;
    expect(widget.probe.billing.store).to.equal(BillingStore.for(own));
  });

  it('a widget that does not share keeps its parts out of its store (they reach the provider above it)', async () => {
    const outer = readyClient();
    const provider = await fixture<HTMLElement>(html`<billing-provider .client=${outer}></billing-provider>`);
    const part = new ProbePart();
    provider.append(part);
    await part.updateComplete;
    expect(part.billing.store).to.equal(BillingStore.for(outer));
  });
});

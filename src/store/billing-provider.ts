// <billing-provider>: wraps a Billing tab and gives every widget inside it one shared BillingStore for its client.
import { ContextProvider } from '@lit/context';
import { LitElement, css, html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { BillingClient } from '../client/billing-client.js';
import { BillingStore } from './billing-store.js';
import { billingStoreContext } from './context.js';

/**
 * Provides one BillingStore to every billing widget inside it, so they share requests and
 * update together. It renders nothing of its own.
 *
 * @tagname billing-provider
 * @summary Connects the billing widgets inside it to one BillingClient.
 *
 * @slot - The billing widgets (and any other content) of the Billing tab.
 */
export class BillingProvider extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }

    :host([hidden]) {
      display: none;
    }
  `;

  private readonly provider = new ContextProvider(this, { context: billingStoreContext });
  private currentClient?: BillingClient;

  /** The host's BillingClient (property only: never put credentials in attributes). */
  @property({ attribute: false, noAccessor: true })
  get client(): BillingClient | undefined {
    return this.currentClient;
  }

  set client(client: BillingClient | undefined) {
    const previous = this.currentClient;
    if (client === previous) return;
    this.currentClient = client;
    // Published at once, not on the next render, so widgets already inside never wait a frame.
    this.provider.setValue(client ? BillingStore.for(client) : undefined);
    this.requestUpdate('client', previous);
  }

  /** The store shared by the widgets inside, once a client is set. */
  get store(): BillingStore | undefined {
    return this.provider.value;
  }

  protected override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}

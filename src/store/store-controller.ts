// StoreController: connects a widget to its BillingStore (its own client, else the nearest <billing-provider>) and re-renders it on change.
import { ContextConsumer, ContextProvider } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BillingClient } from '../client/billing-client.js';
import type { Account } from '../client/schemas.js';
import { BillingStore, type ResourceState, type StoreListener } from './billing-store.js';
import { billingStoreContext } from './context.js';

export type StoreHost = ReactiveControllerHost & HTMLElement & { client?: BillingClient };

export interface StoreControllerOptions {
  /** Load the account as soon as a store is known (default true). */
  loadAccount?: boolean;
  /** Called for every store update, e.g. to reload a usage page on a "usage" push. */
  onUpdate?: StoreListener;
  /**
   * Hand the store this widget resolved (its own `client`'s, else its provider's) to the private sub-elements in its
   * shadow root, through the same context a `<billing-provider>` uses: a part never needs to be told which store.
   */
  provideToParts?: boolean;
}

const NO_STORE: ResourceState<Account> = Object.freeze({ status: 'idle' });

export class StoreController implements ReactiveController {
  private readonly host: StoreHost;
  private readonly options: StoreControllerOptions;
  private readonly consumer: ContextConsumer<typeof billingStoreContext, StoreHost>;
  private readonly partsProvider?: ContextProvider<typeof billingStoreContext, StoreHost>;
  private subscribed?: { store: BillingStore; unsubscribe: () => void };

  constructor(host: StoreHost, options: StoreControllerOptions = {}) {
    this.host = host;
    this.options = options;
    this.consumer = new ContextConsumer(host, {
      context: billingStoreContext,
      subscribe: true,
      callback: () => this.connectStore(),
    });
    if (options.provideToParts) this.partsProvider = new ContextProvider(host, { context: billingStoreContext });
    host.addController(this);
  }

  /**
   * The widget's own `client` wins over a provider's: a client set on the element itself is the
   * more specific choice, as with any inherited setting.
   */
  get store(): BillingStore | undefined {
    if (this.host.client) return BillingStore.for(this.host.client);
    return this.consumer.value;
  }

  get account(): ResourceState<Account> {
    return this.store?.account ?? NO_STORE;
  }

  hostConnected(): void {
    this.connectStore();
  }

  hostUpdate(): void {
    // The host's client property may have changed since the last render.
    this.connectStore();
  }

  hostDisconnected(): void {
    this.subscribed?.unsubscribe();
    this.subscribed = undefined;
  }

  private connectStore(): void {
    if (!this.host.isConnected) return;
    const store = this.store;
    this.partsProvider?.setValue(store);
    if (store === this.subscribed?.store) return;
    this.subscribed?.unsubscribe();
    this.subscribed = undefined;
    if (!store) {
      this.host.requestUpdate();
      return;
    }
    const unsubscribe = store.subscribe((update) => {
      this.options.onUpdate?.(update);
      this.host.requestUpdate();
    });
    this.subscribed = { store, unsubscribe };
    if (this.options.loadAccount !== false) void store.loadAccount();
    this.host.requestUpdate();
  }
}

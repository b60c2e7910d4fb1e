// BillingStore: the one place per client that holds account state, refreshes it, and tells every widget when it changed.
import type { BillingClient, RequestOptions } from '../client/billing-client.js';
import { toBillingError } from '../client/errors.js';
import type {
  Account,
  AddPaymentMethodRequest,
  AutoRechargeSettings,
  BillingChange,
  PaymentMethod,
  SaveAutoRechargeRequest,
} from '../client/schemas.js';
import { withValidation } from '../client/validated-client.js';
import type { ActiveTopUp, BeginTopUpOptions, LoadOptions, ResourceState, StoreListener, StoreUpdate } from './store-types.js';
import { waitUnlessAborted } from './wait-unless-aborted.js';

export type {
  ActiveTopUp,
  BeginTopUpOptions,
  LoadOptions,
  ResourceState,
  ResourceStatus,
  StoreListener,
  StoreUpdate,
  TopUpOutcome,
} from './store-types.js';

interface ResourceValues {
  account: Account;
  paymentMethods: PaymentMethod[];
  autoRecharge: AutoRechargeSettings;
}

type ResourceKey = keyof ResourceValues;

interface Resource<T> {
  state: ResourceState<T>;
  /** The one request in flight; every caller shares it. */
  inFlight?: { promise: Promise<void>; controller: AbortController };
  /** A mutation happened while a request was in flight: its answer may predate it, so fetch once more. */
  refetchAfterInFlight: boolean;
}

const IDLE: ResourceState<never> = Object.freeze({ status: 'idle' });

const stores = new WeakMap<BillingClient, BillingStore>();

export class BillingStore {
  /** The store for a client: widgets given the same client share one store and one request. */
  static for(client: BillingClient): BillingStore {
    let store = stores.get(client);
    if (!store) {
      store = new BillingStore(client);
      stores.set(client, store);
      // Keyed under the wrapper too, so BillingStore.for(store.client) finds the same store.
      stores.set(store.client, store);
    }
    return store;
  }

  /** The validated client: widgets act through it so what they read is always checked. */
  readonly client: BillingClient;

  /**
   * Focus and visibility events often arrive in pairs; a revalidation within this many
   * milliseconds of the last request is skipped.
   */
  revalidateIntervalMs = 2000;

  private readonly listeners = new Set<StoreListener>();
  private readonly resources: { [K in ResourceKey]: Resource<ResourceValues[K]> } = {
    account: { state: IDLE, refetchAfterInFlight: false },
    paymentMethods: { state: IDLE, refetchAfterInFlight: false },
    autoRecharge: { state: IDLE, refetchAfterInFlight: false },
  };
  private stopFeed?: () => void;
  private currentTopUp?: ActiveTopUp;
  private unconfirmed: ActiveTopUp[] = [];
  private pushedBalance?: { balance: Account['balance']; at: string };

  constructor(client: BillingClient) {
    this.client = withValidation(client);
  }

  get account(): ResourceState<Account> {
    return this.resources.account.state;
  }

  get paymentMethods(): ResourceState<PaymentMethod[]> {
    return this.resources.paymentMethods.state;
  }

  get autoRecharge(): ResourceState<AutoRechargeSettings> {
    return this.resources.autoRecharge.state;
  }

  /**
   * Loads the account unless it is already loaded or loading. Never rejects: the outcome is in
   * the returned (and published) state.
   */
  loadAccount(options?: LoadOptions): Promise<ResourceState<Account>> {
    return this.ensure('account', options);
  }

  /** Loads saved cards on first use (only widgets that pay need them). Never rejects. */
  loadPaymentMethods(options?: LoadOptions): Promise<ResourceState<PaymentMethod[]>> {
    return this.ensure('paymentMethods', options);
  }

  /** Loads the full auto-recharge settings (version, attempts) on first use. Never rejects. */
  loadAutoRecharge(options?: LoadOptions): Promise<ResourceState<AutoRechargeSettings>> {
    return this.ensure('autoRecharge', options);
  }

  /**
   * Fetches the account again (and the payment methods, if anything loaded them), keeping the
   * current value on screen meanwhile. Never rejects.
   */
  async refresh(options?: LoadOptions): Promise<ResourceState<Account>> {
    const paymentMethods = this.resources.paymentMethods;
    const work: Array<Promise<unknown>> = [];
    if (paymentMethods.state.status !== 'idle' || paymentMethods.inFlight) work.push(this.fetch('paymentMethods', true));
    const autoRecharge = this.resources.autoRecharge;
    if (autoRecharge.state.status !== 'idle' || autoRecharge.inFlight) work.push(this.fetch('autoRecharge', true));
    work.push(this.fetch('account', true));
    await waitUnlessAborted(Promise.all(work), options?.signal);
    return this.account;
  }

  /**
   * Saves auto-recharge settings; every widget then reads them and the account (a save may charge at once) afresh.
   * Rejects as the client does. On a conflict the settings someone else saved are read before it rejects, so
   * `autoRecharge` holds theirs (its `refreshError` says when they could not be read).
   */
  async saveAutoRecharge(request: SaveAutoRechargeRequest, options?: RequestOptions): Promise<AutoRechargeSettings> {
    try {
      const saved = await this.client.saveAutoRecharge(request, options);
      void this.refresh();
      return saved;
    } catch (error) {
      // refresh() reads the settings afresh if anything loaded them; fetch() joins that read, or reads them for this caller.
      const conflict = toBillingError(error).code === 'conflict' && !options?.signal?.aborted;
      if (conflict) await Promise.all([this.refresh(), this.fetch('autoRecharge', false)]);
      throw error;
    }
  }

  /** Saves a card without charging it, and resolves once every widget's list of cards (and the account) holds it. */
  async addPaymentMethod(request: AddPaymentMethodRequest, options?: RequestOptions): Promise<PaymentMethod> {
    const card = await this.client.addPaymentMethod(request, options);
    await this.refresh(options);
    return card;
  }

  /**
   * Removes a saved card and resolves with the cards left, once every widget's list holds them. When it was the card
   * auto-recharge charged (the backend then turns auto-recharge off), the settings and the account are read afresh too.
   */
  async removePaymentMethod(paymentMethodId: string, options?: RequestOptions): Promise<PaymentMethod[]> {
    const rechargeCard = this.autoRecharge.value?.paymentMethodId ?? this.account.value?.autoRecharge.paymentMethodId;
    const cards = await this.client.removePaymentMethod(paymentMethodId, options);
    this.receive('paymentMethods', cards);
    if (rechargeCard === paymentMethodId) await waitUnlessAborted(this.refetchLoaded(['account', 'autoRecharge']), options?.signal);
    return cards;
  }

  /** Makes a saved card the default and resolves with the cards, once every widget's list holds them. */
  async setDefaultPaymentMethod(paymentMethodId: string, options?: RequestOptions): Promise<PaymentMethod[]> {
    const cards = await this.client.setDefaultPaymentMethod(paymentMethodId, options);
    this.receive('paymentMethods', cards);
    return cards;
  }

  /** Call after changing something through `store.client` (a top-up, new settings, a saved card) so every widget updates. */
  notifyMutation(): Promise<ResourceState<Account>> {
    return this.refresh();
  }

  /** The manual top-up in flight, or the last one until someone dismissed its outcome. */
  get activeTopUp(): ActiveTopUp | undefined {
    return this.currentTopUp;
  }

  /**
   * Claims the one top-up slot. Returns false (and changes nothing) while another top-up is
   * still unsettled, or settled with its outcome unknown, unless `options.replacingUnknown` names
   * that one (the person was warned and chose to pay another way): that is what keeps two dialogs,
   * or one dialog after a lost response, from charging twice.
   */
  beginTopUp(topUp: ActiveTopUp, options: BeginTopUpOptions = {}): boolean {
    const current = this.currentTopUp;
    if (current && !current.settled) return false;
    if (current?.outcomeUnknown) {
      if (options.replacingUnknown !== current) return false;
      this.unconfirmed = [...this.unconfirmed, current];
    }
    this.currentTopUp = topUp;
    this.emit({ kind: 'active-top-up' });
    return true;
  }

  /**
   * The active top-up moved on (a new status or an outcome): widgets showing it re-render. Once it succeeds, every
   * widget reads the account (and the cards, if loaded) afresh, so each balance shows the money without a reload.
   */
  notifyTopUpChanged(topUp: ActiveTopUp): void {
    // Noted once per top-up, when it succeeds: a later notification of the same one must not make it look newer.
    if (topUp.outcome === 'succeeded' && topUp.amount && this.lastSucceededTopUpNoted !== topUp) {
      this.lastSucceededTopUpNoted = topUp;
      this.noteSucceededTopUp(topUp.amount);
      void this.refresh();
    }
    if (topUp === this.currentTopUp || this.unconfirmed.includes(topUp)) this.emit({ kind: 'active-top-up' });
  }

  /**
   * Earlier top-ups whose outcome is still unknown, kept after the person chose to pay another way
   * (see {@link BeginTopUpOptions.replacingUnknown}), so every dialog on the store still shows them.
   */
  get unconfirmedTopUps(): readonly ActiveTopUp[] {
    return this.unconfirmed;
  }

  /** Forgets a settled top-up once its outcome was seen. An unsettled one, or one whose outcome is unknown, is never dropped. */
  clearTopUp(topUp: ActiveTopUp): void {
    if (!topUp.settled || topUp.outcomeUnknown) return;
    if (this.unconfirmed.includes(topUp)) {
      this.unconfirmed = this.unconfirmed.filter((candidate) => candidate !== topUp);
      this.emit({ kind: 'active-top-up' });
      return;
    }
    if (topUp !== this.currentTopUp) return;
    this.currentTopUp = undefined;
    this.emit({ kind: 'active-top-up' });
  }

  /** Asks for the add-funds flow; an add-funds dialog listening to this store opens. Widgets never call each other. */
  requestAddFunds(): void {
    this.emit({ kind: 'add-funds-requested' });
  }

  /**
   * The last manual top-up that succeeded through this store: its amount, and when (ms since epoch, the
   * browser's clock). Outlives the dialog that paid it, so any dialog on the store can ask before the same
   * amount is paid again moments later.
   */
  get lastSucceededTopUp(): { readonly amount: Account['balance']; readonly at: number } | undefined {
    return this.lastSucceeded;
  }

  /** Remembers a manual top-up that just succeeded (see {@link BillingStore.lastSucceededTopUp}). */
  noteSucceededTopUp(amount: Account['balance'], at: number = Date.now()): void {
    this.lastSucceeded = Object.freeze({ amount, at });
  }

  private lastSucceeded?: { readonly amount: Account['balance']; readonly at: number };
  private lastSucceededTopUpNoted?: ActiveTopUp;

  /**
   * Widgets subscribe while connected. The first subscriber starts the change feed and the
   * focus/visibility refresh; the last one to leave stops them and cancels requests.
   */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Cancels every request in flight; resources without a value go back to idle. */
  abort(): void {
    for (const key of ['account', 'paymentMethods', 'autoRecharge'] as const) {
      const resource = this.resources[key] as Resource<unknown>;
      const inFlight = resource.inFlight;
      if (!inFlight) continue;
      // Forgotten at once, not when the rejection arrives: a widget moved in the DOM unsubscribes
      // and subscribes again synchronously, and its new load must start a new request.
      resource.inFlight = undefined;
      resource.refetchAfterInFlight = false;
      inFlight.controller.abort();
      const state = resource.state;
      this.setState(key, state.value === undefined ? IDLE : { ...state, refreshing: false });
    }
  }

  // ------------------------------------------------------------------ loading

  private ensure<K extends ResourceKey>(key: K, options?: LoadOptions): Promise<ResourceState<ResourceValues[K]>> {
    const resource = this.resources[key];
    const shouldFetch = !resource.inFlight && (resource.state.status === 'idle' || resource.state.status === 'error');
    const done = shouldFetch ? this.fetch(key, false) : (resource.inFlight?.promise ?? Promise.resolve());
    return waitUnlessAborted(done, options?.signal).then(() => this.resources[key].state);
  }

  /**
   * Starts (or joins) the request for a resource. `fresh` means the answer must postdate this
   * call: if one is in flight, another follows it. The returned promise never rejects.
   */
  private fetch(key: ResourceKey, fresh: boolean): Promise<void> {
    const resource = this.resources[key] as Resource<unknown>;
    if (resource.inFlight) {
      if (fresh) resource.refetchAfterInFlight = true;
      // The in-flight promise also covers the follow-up request it starts, so joining it is enough.
      return resource.inFlight.promise;
    }

    const controller = new AbortController();
    const previous = resource.state;
    this.setState(key, previous.value === undefined ? { status: 'loading' } : { ...previous, refreshing: true });

    const request =
      key === 'account'
        ? this.client.getAccount({ signal: controller.signal })
        : key === 'autoRecharge'
          ? this.client.getAutoRecharge({ signal: controller.signal })
          : this.client.listPaymentMethods({ signal: controller.signal });

    // abort() already reset the state and forgot this request; a late answer must not touch anything.
    const promise = request
      .then(
        (value: unknown) => {
          if (controller.signal.aborted) return;
          const received = key === 'account' ? this.withLatestPush(value as Account) : value;
          this.setState(key, { status: 'ready', value: received, updatedAt: Date.now() });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const current = this.resources[key].state;
          const billingError = toBillingError(error);
          this.setState(
            key,
            current.value === undefined
              ? { status: 'error', error: billingError }
              : { ...current, status: 'ready', refreshing: false, refreshError: billingError },
          );
        },
      )
      .then(() => {
        if (controller.signal.aborted) return undefined;
        resource.inFlight = undefined;
        if (resource.refetchAfterInFlight) {
          resource.refetchAfterInFlight = false;
          return this.fetch(key, false);
        }
        return undefined;
      });

    resource.inFlight = { promise, controller };
    return promise;
  }

  /** A value a mutation answered with. A read already on its way may predate the mutation, so another follows it. */
  private receive<K extends ResourceKey>(key: K, value: ResourceValues[K]): void {
    const resource = this.resources[key];
    if (resource.inFlight) resource.refetchAfterInFlight = true;
    this.setState(key, { status: 'ready', value, updatedAt: Date.now() });
  }

  /** Reads afresh those of `keys` that something loaded (or is loading); the others stay idle. */
  private refetchLoaded(keys: readonly ResourceKey[]): Promise<unknown> {
    const loaded = keys.filter((key) => this.resources[key].state.status !== 'idle' || this.resources[key].inFlight);
    return Promise.all(loaded.map((key) => this.fetch(key, true)));
  }

  /** Background refresh (focus, visibility): only for what is already loaded, and not twice in quick succession. */
  private revalidate(): void {
    for (const key of ['account', 'paymentMethods', 'autoRecharge'] as const) {
      const resource = this.resources[key];
      if (resource.state.status === 'idle' || resource.inFlight) continue;
      const lastRequestAt = resource.state.updatedAt ?? 0;
      if (Date.now() - lastRequestAt < this.revalidateIntervalMs) continue;
      void this.fetch(key, false);
    }
  }

  private setState(key: ResourceKey, state: ResourceState<unknown>): void {
    (this.resources[key] as Resource<unknown>).state = Object.freeze(state);
    this.emit(key === 'account' ? { kind: 'account' } : key === 'autoRecharge' ? { kind: 'auto-recharge' } : { kind: 'payment-methods' });
  }

  private emit(update: StoreUpdate): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(update);
      } catch (error) {
        // One broken listener must not stop the others from hearing about the change.
        console.error('[billing-widgets] a store listener threw', error);
      }
    }
  }

  // ------------------------------------------------------------------ change feed and focus

  private start(): void {
    if (this.client.subscribe) {
      try {
        this.stopFeed = this.client.subscribe((change) => this.onChange(change));
      } catch (error) {
        // Without a feed the widgets still refresh on focus and after mutations.
        console.warn('[billing-widgets] the change feed could not start', error);
      }
    }
    if (typeof window !== 'undefined') window.addEventListener('focus', this.onFocus);
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  private stop(): void {
    const stopFeed = this.stopFeed;
    this.stopFeed = undefined;
    try {
      stopFeed?.();
    } catch (error) {
      console.warn('[billing-widgets] the change feed did not stop cleanly', error);
    }
    if (typeof window !== 'undefined') window.removeEventListener('focus', this.onFocus);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.abort();
  }

  private readonly onFocus = (): void => this.revalidate();

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'visible') this.revalidate();
  };

  private onChange(change: BillingChange): void {
    const account = this.resources.account;
    if (change.type === 'balance') {
      const current = account.state.value;
      if (current && change.balance.currency !== current.currency) {
        // The account changed currency under us: only a full read can say what else changed.
        void this.fetch('account', true);
      } else if (!current || Date.parse(change.at) >= Date.parse(current.balanceUpdatedAt)) {
        // Remembered so a response that was already on its way (and predates the push) cannot undo it.
        this.pushedBalance = { balance: change.balance, at: change.at };
        if (current) {
          this.setState('account', {
            ...account.state,
            value: { ...current, balance: change.balance, balanceUpdatedAt: change.at },
            updatedAt: Date.now(),
          });
        }
      }
    } else if (change.type === 'payment_methods') {
      // The account holds no cards: only the list is read again (auto-recharge's own change covers a card it lost).
      void this.refetchLoaded(['paymentMethods']);
    } else if (account.state.status !== 'idle' || account.inFlight) {
      // Usage spends credit and auto-recharge settings are summarised on the account: read it again.
      void this.fetch('account', true);
    }
    const autoRecharge = this.resources.autoRecharge;
    // Usage can fire a recharge (a new attempt), so the settings are read again on either push.
    if ((change.type === 'auto_recharge' || change.type === 'usage') && (autoRecharge.state.status !== 'idle' || autoRecharge.inFlight)) {
      void this.fetch('autoRecharge', true);
    }
    this.emit({ kind: 'change-feed', change });
  }

  /** Keeps a pushed balance that is newer than the one in a response. */
  private withLatestPush(account: Account): Account {
    const pushed = this.pushedBalance;
    if (!pushed) return account;
    if (pushed.balance.currency === account.currency && Date.parse(pushed.at) > Date.parse(account.balanceUpdatedAt)) {
      return { ...account, balance: pushed.balance, balanceUpdatedAt: pushed.at };
    }
    this.pushedBalance = undefined;
    return account;
  }
}

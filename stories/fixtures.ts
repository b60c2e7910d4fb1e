// Fixture BillingClients, one per state a widget can be in; shared by the stories and the tests.
import type { BillingChangeListener, BillingClient, RequestOptions } from '../src/client/billing-client.js';
import type { BillingErrorCode } from '../src/client/errors.js';
import { MockBillingClient, type MockBillingClientOptions } from '../src/client/mock/mock-client.js';
import type { Account, BillingChange, PaymentMethod, SaveAutoRechargeRequest } from '../src/client/schemas.js';

export interface FixtureOptions extends MockBillingClientOptions {
  /** How long ago the balance last changed (shifts the mock's clock). Default 2. */
  updatedMinutesAgo?: number;
}

/**
 * A MockBillingClient that counts reads, can be held back until some setup finished, and can
 * push any change (even a malformed one) to its subscribers.
 */
export class FixtureClient extends MockBillingClient {
  /** How many times each read was called: the proof that widgets share one request. */
  readonly calls = { getAccount: 0, listPaymentMethods: 0 };
  /** Reads wait for this, so a fixture can change the mock's state (e.g. turn on auto-recharge) first. */
  whenReady: Promise<unknown> = Promise.resolve();
  private readonly feed = new Set<BillingChangeListener>();

  constructor(options: FixtureOptions = {}) {
    const minutesAgo = options.updatedMinutesAgo ?? 2;
    super({
      usageEntryCount: 0,
      // The seed history ends "now"; a clock running behind makes that "now" minutes ago.
      clock: minutesAgo > 0 ? () => new Date(Date.now() - minutesAgo * 60_000) : undefined,
      ...options,
    });
  }

  override async getAccount(options?: RequestOptions): Promise<Account> {
    this.calls.getAccount += 1;
    await this.whenReady;
    return super.getAccount(options);
  }

  override async listPaymentMethods(options?: RequestOptions): Promise<PaymentMethod[]> {
    this.calls.listPaymentMethods += 1;
    await this.whenReady;
    return super.listPaymentMethods(options);
  }

  override subscribe(listener: BillingChangeListener): () => void {
    this.feed.add(listener);
    const unsubscribe = super.subscribe(listener);
    return () => {
      this.feed.delete(listener);
      unsubscribe();
    };
  }

  /** How many change-feed subscribers are listening right now. */
  get subscriberCount(): number {
    return this.feed.size;
  }

  /** Sends a change to every subscriber, as a backend would; it is not checked here. */
  push(change: BillingChange | Record<string, unknown>): void {
    for (const listener of [...this.feed]) listener(change as BillingChange);
  }
}

/** USD account, $42.50, threshold $10.00, auto-recharge off, balance updated 2 minutes ago. */
export function readyClient(options: FixtureOptions = {}): FixtureClient {
  return new FixtureClient(options);
}

/** $7.50: below the $10.00 low-balance threshold. */
export function lowBalanceClient(options: FixtureOptions = {}): FixtureClient {
  return new FixtureClient({ startingBalance: 750, ...options });
}

/** −$12.34: usage has overdrawn the credit. */
export function negativeBalanceClient(options: FixtureOptions = {}): FixtureClient {
  return new FixtureClient({ startingBalance: -1234, ...options });
}

/** Auto-recharge on: adds $50.00 from Visa ••4242 when the balance falls below $10.00. */
export function autoRechargeOnClient(options: FixtureOptions = {}): FixtureClient {
  return withAutoRechargeOn(new FixtureClient(options));
}

/** Turns auto-recharge on with the seeded amounts (and `patch`, e.g. target mode) before the client counts as ready. */
export function withAutoRechargeOn<C extends FixtureClient>(client: C, patch: Partial<SaveAutoRechargeRequest> = {}): C {
  client.whenReady = client.getAutoRecharge().then((settings) =>
    client.saveAutoRecharge({
      enabled: true,
      thresholdAmount: settings.thresholdAmount,
      rechargeAmount: settings.rechargeAmount,
      paymentMethodId: settings.paymentMethodId,
      monthlyCap: null,
      expectedVersion: settings.version,
      ...patch,
    }),
  );
  return client;
}

/** getAccount never answers (until aborted): the loading state. */
export function hangingClient(options: FixtureOptions = {}): FixtureClient {
  const client = new FixtureClient(options);
  client.getAccount = (requestOptions?: RequestOptions) => {
    client.calls.getAccount += 1;
    return new Promise<Account>((_resolve, reject) => {
      const signal = requestOptions?.signal;
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  };
  return client;
}

/** getAccount rejects `times` times with a BillingError of `code`, then answers normally. */
export function failingClient(code: BillingErrorCode = 'unavailable', times = 1_000_000, options: FixtureOptions = {}): FixtureClient {
  const client = new FixtureClient(options);
  client.failNext('getAccount', times, code);
  return client;
}

/**
 * The first getAccount answers; every later one fails with "network". With `pushAfterMs`, an
 * "account" change arrives that long after the first answer, so the store refreshes and fails:
 * the stale-while-revalidate notice.
 */
export function staleRefreshClient(options: FixtureOptions & { pushAfterMs?: number } = {}): FixtureClient {
  const client = new FixtureClient(options);
  const answer = client.getAccount.bind(client);
  client.getAccount = async (requestOptions?: RequestOptions) => {
    const account = await answer(requestOptions);
    if (client.calls.getAccount === 1) {
      client.failNext('getAccount', 1_000_000, 'network');
      if (options.pushAfterMs !== undefined) setTimeout(() => client.push({ type: 'account' }), options.pushAfterMs);
    }
    return account;
  };
  return client;
}

/** getAccount answers a real account with `patch` spread over it: NaN, floats, unknown currencies, markup. */
export function hostileClient(patch: Record<string, unknown>, options: FixtureOptions = {}): FixtureClient {
  const client = new FixtureClient(options);
  const answer = client.getAccount.bind(client);
  client.getAccount = async (requestOptions?: RequestOptions) => ({ ...(await answer(requestOptions)), ...patch });
  return client;
}

/** A host client that throws something other than a BillingError (a bug in the host's own code). */
export function throwingClient(thrown: unknown, options: FixtureOptions = {}): FixtureClient {
  const client = new FixtureClient(options);
  client.getAccount = () => {
    client.calls.getAccount += 1;
    return Promise.reject(thrown);
  };
  return client;
}

/** Every fixture by name, for stories that let a designer pick one. */
export const fixtureClients: Record<string, () => BillingClient> = {
  ready: () => readyClient(),
  lowBalance: () => lowBalanceClient(),
  negativeBalance: () => negativeBalanceClient(),
  autoRechargeOn: () => autoRechargeOnClient(),
  loading: () => hangingClient(),
  error: () => failingClient('unavailable'),
  staleRefresh: () => staleRefreshClient({ pushAfterMs: 400 }),
  hostile: () => hostileClient({ balance: { amount: Number.NaN, currency: 'USD' }, name: '<img src=x onerror=alert(1)>' }),
};

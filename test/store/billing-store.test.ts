// BillingStore: one request for many widgets, stale-while-revalidate, the change feed, focus refresh, and no stray rejections.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define.js';
import { BillingError } from '../../src/client/errors.js';
import { loadValidator } from '../../src/client/load-validator.js';
import type { AddFundsDialog } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { testCardToken } from '../../src/payments/test-cards.js';
import type { BillingProvider } from '../../src/store/billing-provider.js';
import { BillingStore, type ActiveTopUp, type ResourceState, type StoreUpdate } from '../../src/store/billing-store.js';
import type { Account } from '../../src/client/schemas.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';
import { part, parts } from '../helpers/dom.js';
import {
  autoRechargeOnClient,
  failingClient,
  hangingClient,
  readyClient,
  staleRefreshClient,
  type FixtureClient,
} from '../../stories/fixtures.js';

/** Lets queued requests (microtasks and zero-delay timers) finish. */
async function flush(rounds = 3): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (condition()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('condition not met in time'));
      else setTimeout(check, 5);
    };
    check();
  });
}

describe('BillingStore', () => {
  // As on a page after its first request: the validator is here (its first download: test/client/load-validator.test.ts).
  before(() => loadValidator());
  let cleanups: Array<() => void> = [];
  failOnUnhandledRejections(async () => {
    cleanups.forEach((cleanup) => cleanup());
    cleanups = [];
    await flush();
  });

  /** Subscribes like a widget would, and unsubscribes after the test. */
  function watch(store: BillingStore): StoreUpdate[] {
    const updates: StoreUpdate[] = [];
    cleanups.push(store.subscribe((update) => updates.push(update)));
    return updates;
  }

  describe('BillingStore.for', () => {
    it('gives every widget with the same client the same store', () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      expect(BillingStore.for(client)).to.equal(store);
      expect(BillingStore.for(store.client)).to.equal(store);
      expect(BillingStore.for(readyClient())).not.to.equal(store);
    });

    it('acts through a validated client', async () => {
      const store = BillingStore.for(readyClient());
      expect(store.client).not.to.equal(undefined);
      const account = await store.client.getAccount();
      expect(account.balance.amount).to.equal(4250);
    });
  });

  describe('loading the account', () => {
    it('starts idle, shows loading, then the value', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      expect(store.account.status).to.equal('idle');
      const done = store.loadAccount();
      expect(store.account.status).to.equal('loading');
      const state = await done;
      expect(state.status).to.equal('ready');
      expect(state.value?.balance).to.deep.equal({ amount: 4250, currency: 'USD' });
      expect(state.updatedAt).to.be.a('number');
      expect(store.account).to.equal(state);
    });

    it('sends one request for concurrent loads, and none once loaded', async () => {
      const client = readyClient({ latencyMs: 10 });
      const store = BillingStore.for(client);
      const [first, second] = await Promise.all([store.loadAccount(), store.loadAccount()]);
      expect(first).to.equal(second);
      await store.loadAccount();
      expect(client.calls.getAccount).to.equal(1);
    });

    it('publishes a failure as the error state, never as a rejection, and tries again on the next load', async () => {
      const client = failingClient('unavailable', 1);
      const store = BillingStore.for(client);
      const failed = await store.loadAccount();
      expect(failed.status).to.equal('error');
      expect(failed.error).to.be.instanceOf(BillingError);
      expect(failed.error?.code).to.equal('unavailable');
      expect(failed.value).to.equal(undefined);
      const retried = await store.loadAccount();
      expect(retried.status).to.equal('ready');
      expect(retried.error).to.equal(undefined);
      expect(client.calls.getAccount).to.equal(2);
    });

    it('turns a bad payload into the error state', async () => {
      const client = readyClient();
      client.getAccount = () => Promise.resolve({ balance: Number.NaN } as unknown as Account);
      const state = await BillingStore.for(client).loadAccount();
      expect(state.status).to.equal('error');
      expect(state.error?.message).to.equal("The billing service sent data we couldn't read.");
    });

    it('lets a caller stop waiting without cancelling the shared request', async () => {
      const client = readyClient({ latencyMs: 30 });
      const store = BillingStore.for(client);
      const controller = new AbortController();
      const impatient = store.loadAccount({ signal: controller.signal });
      const patient = store.loadAccount();
      controller.abort();
      expect((await impatient).status).to.equal('loading');
      expect((await patient).status).to.equal('ready');
      expect(client.calls.getAccount).to.equal(1);
    });
  });

  describe('refresh (stale-while-revalidate)', () => {
    it('keeps the value on screen while refreshing', async () => {
      const client = readyClient({ latencyMs: 10 });
      const store = BillingStore.for(client);
      await store.loadAccount();
      const before = store.account.value;
      const refreshed = store.refresh();
      expect(store.account.status).to.equal('ready');
      expect(store.account.refreshing).to.equal(true);
      expect(store.account.value).to.equal(before);
      await refreshed;
      expect(store.account.refreshing).to.equal(undefined);
      expect(client.calls.getAccount).to.equal(2);
    });

    it('keeps the value and exposes refreshError when a refresh fails, and clears it on the next success', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      await store.loadAccount();
      client.failNext('getAccount', 1, 'network');
      const failed = await store.refresh();
      expect(failed.status).to.equal('ready');
      expect(failed.value?.balance.amount).to.equal(4250);
      expect(failed.refreshError?.code).to.equal('network');
      expect(failed.error).to.equal(undefined);
      const recovered = await store.refresh();
      expect(recovered.refreshError).to.equal(undefined);
    });

    it('fetches once more after a request that was already on its way during a mutation', async () => {
      const client = readyClient({ latencyMs: 20 });
      const store = BillingStore.for(client);
      const loading = store.loadAccount();
      // The top-up lands while the first read is in flight; that read may not include it.
      const topUp = await store.client.createTopUp({
        amount: { amount: 2500, currency: 'USD' },
        source: { type: 'saved_card', paymentMethodId: 'pm_visa_4242' },
        idempotencyKey: 'test-topup-0001',
      });
      expect(topUp.status).to.equal('succeeded');
      const mutations = [store.notifyMutation(), store.notifyMutation(), store.refresh()];
      await Promise.all([loading, ...mutations]);
      expect(store.account.value?.balance.amount).to.equal(6750);
      // The first read, plus one follow-up for all three refresh requests.
      expect(client.calls.getAccount).to.equal(2);
    });

    it('refreshes payment methods only once something loaded them', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      await store.loadAccount();
      await store.refresh();
      expect(client.calls.listPaymentMethods).to.equal(0);
      const methods = await store.loadPaymentMethods();
      expect(methods.status).to.equal('ready');
      expect(methods.value?.length).to.be.greaterThan(0);
      await store.loadPaymentMethods();
      expect(client.calls.listPaymentMethods).to.equal(1);
      await store.refresh();
      expect(client.calls.listPaymentMethods).to.equal(2);
    });
  });

  describe('change feed', () => {
    it('starts with the first subscriber and stops with the last', () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      expect(client.subscriberCount).to.equal(0);
      const stopFirst = store.subscribe(() => {});
      const stopSecond = store.subscribe(() => {});
      expect(client.subscriberCount).to.equal(1);
      stopFirst();
      stopFirst();
      expect(client.subscriberCount).to.equal(1);
      stopSecond();
      expect(client.subscriberCount).to.equal(0);
    });

    it('shows a pushed balance at once, without a request', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      const updates = watch(store);
      await store.loadAccount();
      const at = new Date().toISOString();
      client.push({ type: 'balance', balance: { amount: 3999, currency: 'USD' }, at });
      expect(store.account.value?.balance.amount).to.equal(3999);
      expect(store.account.value?.balanceUpdatedAt).to.equal(at);
      expect(updates.some((update) => update.kind === 'change-feed')).to.equal(true);
      await flush();
      expect(client.calls.getAccount).to.equal(1);
    });

    it('ignores a pushed balance older than the one shown', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      watch(store);
      await store.loadAccount();
      client.push({ type: 'balance', balance: { amount: 1, currency: 'USD' }, at: '2001-01-01T00:00:00.000Z' });
      expect(store.account.value?.balance.amount).to.equal(4250);
    });

    it('does not let a response that predates a push undo it', async () => {
      const client = readyClient({ latencyMs: 20 });
      const store = BillingStore.for(client);
      watch(store);
      await store.loadAccount();
      const refreshing = store.refresh();
      // Reads "now" minus 2 minutes on the mock's clock; the push is newer.
      const at = new Date(Date.now() + 60_000).toISOString();
      client.push({ type: 'balance', balance: { amount: 1234, currency: 'USD' }, at });
      await refreshing;
      expect(store.account.value?.balance.amount).to.equal(1234);
    });

    it('reads the cards again on a payment_methods push once something loaded them, and not the account', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      watch(store);
      await store.loadAccount();
      client.push({ type: 'payment_methods' });
      await flush();
      expect(client.calls.listPaymentMethods).to.equal(0);
      await store.loadPaymentMethods();
      const reads = client.calls.listPaymentMethods;
      const accountReads = client.calls.getAccount;
      client.push({ type: 'payment_methods' });
      await until(() => client.calls.listPaymentMethods === reads + 1 && !store.paymentMethods.refreshing);
      expect(client.calls.getAccount).to.equal(accountReads);
    });

    it('drops a change type it does not know and keeps following the feed', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      const updates = watch(store);
      await store.loadAccount();
      const warn = console.warn;
      console.warn = () => {};
      try {
        client.push({ type: 'cards_reshuffled' });
        client.push({ type: 'balance', balance: { amount: 9999, currency: 'USD' }, at: new Date(Date.now() + 1000).toISOString() });
        await until(() => store.account.value?.balance.amount === 9999);
      } finally {
        console.warn = warn;
      }
      const pushed = updates.flatMap((update) => (update.kind === 'change-feed' ? [update.change.type] : []));
      expect(pushed).to.deep.equal(['balance']);
    });

    it('reads the account again on usage, account and auto-recharge pushes', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      watch(store);
      await store.loadAccount();
      for (const type of ['usage', 'account', 'auto_recharge'] as const) {
        client.push({ type });
        await flush();
      }
      expect(client.calls.getAccount).to.equal(4);
    });

    it('follows simulated calls to the new balance', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      watch(store);
      await store.loadAccount();
      client.simulateUsage(3);
      const expected = (await client.getAccount()).balance.amount;
      expect(expected).to.be.below(4250);
      await flush();
      expect(store.account.value?.balance.amount).to.equal(expected);
    });

    it('reads again when a push is in another currency', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      watch(store);
      await store.loadAccount();
      // The validated client drops it when it knows the account currency; bypass it to test the store's own guard.
      (store as unknown as { onChange(change: unknown): void }).onChange({
        type: 'balance',
        balance: { amount: 1, currency: 'EUR' },
        at: new Date(Date.now() + 60_000).toISOString(),
      });
      expect(store.account.value?.balance.amount).to.equal(4250);
      await flush();
      expect(client.calls.getAccount).to.equal(2);
    });

    it('keeps telling other listeners when one throws', async () => {
      const store = BillingStore.for(readyClient());
      const originalError = console.error;
      console.error = () => {};
      try {
        cleanups.push(
          store.subscribe(() => {
            throw new Error('broken widget');
          }),
        );
        const updates = watch(store);
        await store.loadAccount();
        expect(updates.length).to.be.greaterThan(0);
      } finally {
        console.error = originalError;
      }
    });
  });

  describe('focus and visibility', () => {
    it('refreshes when the window regains focus or the page becomes visible', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      store.revalidateIntervalMs = 0;
      watch(store);
      await store.loadAccount();
      window.dispatchEvent(new Event('focus'));
      await flush();
      expect(client.calls.getAccount).to.equal(2);
      expect(document.visibilityState).to.equal('visible');
      document.dispatchEvent(new Event('visibilitychange'));
      await flush();
      expect(client.calls.getAccount).to.equal(3);
    });

    it('does not refresh twice in quick succession', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      watch(store);
      await store.loadAccount();
      window.dispatchEvent(new Event('focus'));
      document.dispatchEvent(new Event('visibilitychange'));
      await flush();
      expect(client.calls.getAccount).to.equal(1);
    });

    it('stops listening when the last subscriber leaves', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      store.revalidateIntervalMs = 0;
      const unsubscribe = store.subscribe(() => {});
      await store.loadAccount();
      unsubscribe();
      window.dispatchEvent(new Event('focus'));
      await flush();
      expect(client.calls.getAccount).to.equal(1);
    });

    it('does not load what nobody asked for', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      store.revalidateIntervalMs = 0;
      watch(store);
      window.dispatchEvent(new Event('focus'));
      await flush();
      expect(client.calls.getAccount).to.equal(0);
    });
  });

  describe('aborting', () => {
    it('cancels the request when the last subscriber leaves, and loads again on return', async () => {
      const client = hangingClient();
      const store = BillingStore.for(client);
      const unsubscribe = store.subscribe(() => {});
      const pending = store.loadAccount();
      expect(store.account.status).to.equal('loading');
      unsubscribe();
      const state: ResourceState<Account> = await pending;
      expect(state.status).to.equal('idle');
      expect(state.error).to.equal(undefined);
      cleanups.push(store.subscribe(() => {}));
      void store.loadAccount();
      expect(client.calls.getAccount).to.equal(2);
    });

    it('starts a new request when a widget leaves and comes back in the same task (a DOM move)', async () => {
      const client = readyClient({ latencyMs: 5 });
      const store = BillingStore.for(client);
      const leave = store.subscribe(() => {});
      void store.loadAccount();
      leave();
      cleanups.push(store.subscribe(() => {}));
      const state = await store.loadAccount();
      expect(state.status).to.equal('ready');
      expect(client.calls.getAccount).to.equal(2);
    });

    it('keeps the value when a refresh is cancelled', async () => {
      const client: FixtureClient = readyClient({ latencyMs: 50 });
      const store = BillingStore.for(client);
      await store.loadAccount();
      const refreshing = store.refresh();
      store.abort();
      const state = await refreshing;
      expect(state.status).to.equal('ready');
      expect(state.value?.balance.amount).to.equal(4250);
      expect(state.refreshError).to.equal(undefined);
    });
  });

  describe('the active top-up', () => {
    /** An add-funds dialog on the client's store, open on its form ($50.00, the saved Visa). */
    async function openDialog(client: FixtureClient): Promise<AddFundsDialog> {
      cleanups.push(() => fixtureCleanup());
      const root = await fixture<BillingProvider>(
        html`<billing-provider .client=${client}>
          <add-funds-dialog .paymentProvider=${new TestCardPaymentProvider()}></add-funds-dialog>
        </billing-provider>`,
      );
      const dialog = root.querySelector('add-funds-dialog')!;
      dialog.show();
      // The form is the dialog's private sub-element: its parts are reached as ::part() would (exportparts).
      await until(() => parts(dialog, 'method').some((method) => method.querySelector('input:checked')), 5000);
      await dialog.updateComplete;
      return dialog;
    }

    function payAndClose(dialog: AddFundsDialog): void {
      part(dialog, 'pay-button')!.click();
      dialog.close();
    }

    it('keeps a payment in flight when the dialog that started it closes, and tells listeners how it ended', async () => {
      const client = readyClient({ updatedMinutesAgo: 0 });
      const store = BillingStore.for(client);
      const dialog = await openDialog(client);
      const updates = watch(store);
      client.setLatency(150);
      payAndClose(dialog);
      await dialog.updateComplete;
      await flush();
      expect(dialog.open).to.equal(false);
      const topUp = store.activeTopUp;
      expect(topUp, 'the payment is still on the store').to.not.equal(undefined);
      expect(topUp!.settled).to.equal(false);
      expect(topUp!.amount).to.deep.equal({ amount: 5000, currency: 'USD' });
      expect(topUp!.outcome).to.equal(undefined);
      const heardBefore = updates.filter((update) => update.kind === 'active-top-up').length;

      await until(() => topUp!.settled, 5000);
      expect(store.activeTopUp).to.equal(topUp);
      expect(topUp!.outcome).to.equal('succeeded');
      expect(topUp!.balanceAfter).to.deep.equal({ amount: 9250, currency: 'USD' });
      expect(updates.filter((update) => update.kind === 'active-top-up').length).to.be.greaterThan(heardBefore);
      expect(client.charges).to.have.length(1);
    });

    it('tells how a declined payment ended after its dialog closed, with the reason', async () => {
      const client = readyClient({ updatedMinutesAgo: 0 });
      const store = BillingStore.for(client);
      const dialog = await openDialog(client);
      client.setCardBehaviour('pm_visa_4242', 'insufficient_funds');
      client.setLatency(100);
      payAndClose(dialog);
      await until(() => store.activeTopUp?.settled === true, 5000);
      expect(store.activeTopUp!.outcome).to.equal('failed');
      expect(store.activeTopUp!.failure?.code).to.equal('insufficient_funds');
      expect(store.activeTopUp!.balanceAfter).to.equal(undefined);
      expect(client.charges).to.have.length(0);
    });

    it('never drops a top-up before its outcome is known', () => {
      const store = BillingStore.for(readyClient());
      const inFlight: { settled: boolean; outcomeUnknown: boolean } & ActiveTopUp = { settled: false, outcomeUnknown: false };
      expect(store.beginTopUp(inFlight)).to.equal(true);
      store.clearTopUp(inFlight);
      expect(store.activeTopUp).to.equal(inFlight);
      inFlight.settled = true;
      inFlight.outcomeUnknown = true;
      store.clearTopUp(inFlight);
      expect(store.activeTopUp).to.equal(inFlight);
      inFlight.outcomeUnknown = false;
      store.clearTopUp(inFlight);
      expect(store.activeTopUp).to.equal(undefined);
    });
  });

  describe('writes', () => {
    async function settingsRequest(store: BillingStore, changes: { rechargeAmount?: number; expectedVersion?: number } = {}) {
      const current = (await store.loadAutoRecharge()).value!;
      return {
        enabled: true,
        thresholdAmount: current.thresholdAmount,
        rechargeAmount: { ...current.rechargeAmount, amount: changes.rechargeAmount ?? current.rechargeAmount.amount },
        paymentMethodId: current.paymentMethodId ?? (await store.loadPaymentMethods()).value![0]!.id,
        monthlyCap: null,
        expectedVersion: changes.expectedVersion ?? current.version,
      };
    }

    it('saveAutoRecharge saves through the client, then every widget reads the settings and the account afresh', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      const updates = watch(store);
      await store.loadAccount();
      const request = await settingsRequest(store, { rechargeAmount: 7500 });
      const accountReads = client.calls.getAccount;
      const saved = await store.saveAutoRecharge(request);
      expect(saved.rechargeAmount.amount).to.equal(7500);
      expect(saved.version).to.be.greaterThan(request.expectedVersion);
      await until(() => store.autoRecharge.value?.version === saved.version && !store.account.refreshing);
      expect(store.autoRecharge.value!.rechargeAmount.amount).to.equal(7500);
      expect(store.account.value!.autoRecharge.enabled).to.equal(true);
      expect(client.calls.getAccount).to.be.greaterThan(accountReads);
      expect(updates.some((update) => update.kind === 'auto-recharge')).to.equal(true);
    });

    it('saveAutoRecharge rejects on a conflict with their settings already in the store', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      watch(store);
      const stale = await settingsRequest(store, { rechargeAmount: 6000 });
      const theirs = await client.saveAutoRecharge({ ...stale, rechargeAmount: { ...stale.rechargeAmount, amount: 9000 } });
      let rejected: unknown;
      await store.saveAutoRecharge(stale).catch((error: unknown) => {
        rejected = error;
      });
      expect((rejected as BillingError).code).to.equal('conflict');
      expect(store.autoRecharge.value!.version).to.equal(theirs.version);
      expect(store.autoRecharge.value!.rechargeAmount.amount).to.equal(9000);
      expect(store.autoRecharge.refreshError).to.equal(undefined);
    });

    it("saveAutoRecharge rejects with the client's error and changes nothing else", async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      watch(store);
      const request = await settingsRequest(store, { rechargeAmount: 6000 });
      const before = store.autoRecharge;
      client.failNext('saveAutoRecharge', 1, 'network');
      let rejected: unknown;
      await store.saveAutoRecharge(request).catch((error: unknown) => {
        rejected = error;
      });
      expect((rejected as BillingError).code).to.equal('network');
      expect(store.autoRecharge).to.equal(before);
    });

    it("addPaymentMethod saves the card and resolves once the store's list of cards holds it", async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      watch(store);
      const before = (await store.loadPaymentMethods()).value!;
      const card = await store.addPaymentMethod({ providerToken: testCardToken('5555555555554444') });
      expect(card.last4).to.equal('4444');
      expect(store.paymentMethods.value).to.have.length(before.length + 1);
      expect(store.paymentMethods.value!.some((method) => method.id === card.id)).to.equal(true);
      expect(client.charges).to.have.length(0);
    });

    it('addPaymentMethod rejects with a decline and leaves the cards as they were', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      watch(store);
      const before = (await store.loadPaymentMethods()).value!;
      let rejected: unknown;
      await store.addPaymentMethod({ providerToken: testCardToken('4000000000000002') }).catch((error: unknown) => {
        rejected = error;
      });
      expect((rejected as BillingError).code).to.equal('card_declined');
      expect(store.paymentMethods.value).to.equal(before);
    });

    it('removePaymentMethod puts the cards left in the store from its answer, without another read, and tells listeners', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      const updates = watch(store);
      await store.loadPaymentMethods();
      const added = await client.addPaymentMethod({ providerToken: testCardToken('5555555555554444') });
      await until(() => store.paymentMethods.value!.some((card) => card.id === added.id) && !store.paymentMethods.refreshing);
      await until(() => !store.account.refreshing);
      await flush();
      const accountReads = client.calls.getAccount;
      updates.length = 0;
      const left = await store.removePaymentMethod(added.id);
      expect(store.paymentMethods.value).to.deep.equal(left);
      expect(left.some((card) => card.id === added.id)).to.equal(false);
      expect(updates.some((update) => update.kind === 'payment-methods')).to.equal(true);
      // The card was not auto-recharge's: neither the account nor the settings are read again for it.
      expect(client.calls.getAccount).to.equal(accountReads);
    });

    it("removePaymentMethod of auto-recharge's card resolves with auto-recharge already off in the store and the account", async () => {
      const client = autoRechargeOnClient();
      await client.whenReady;
      const store = BillingStore.for(client);
      watch(store);
      await Promise.all([store.loadAccount(), store.loadAutoRecharge(), store.loadPaymentMethods()]);
      const card = store.autoRecharge.value!.paymentMethodId!;
      expect(store.autoRecharge.value!.enabled).to.equal(true);
      await store.removePaymentMethod(card);
      expect(store.autoRecharge.value!.enabled).to.equal(false);
      expect(store.autoRecharge.value!.paymentMethodId).to.equal(null);
      expect(store.autoRecharge.value!.disabledCause?.code).to.equal('payment_method_removed');
      expect(store.account.value!.autoRecharge).to.include({ enabled: false, paymentMethodId: null });
      expect(store.paymentMethods.value!.some((method) => method.id === card)).to.equal(false);
    });

    it('setDefaultPaymentMethod puts the new default in the store; a failure leaves the cards as they were', async () => {
      const client = readyClient();
      const store = BillingStore.for(client);
      watch(store);
      const before = (await store.loadPaymentMethods()).value!;
      const other = before.find((card) => !card.isDefault)!;
      const cards = await store.setDefaultPaymentMethod(other.id);
      expect(store.paymentMethods.value).to.deep.equal(cards);
      expect(cards.filter((card) => card.isDefault).map((card) => card.id)).to.deep.equal([other.id]);

      await until(() => !store.paymentMethods.refreshing);
      await flush();
      const shown = store.paymentMethods;
      client.failNext('setDefaultPaymentMethod', 1, 'unavailable');
      let rejected: unknown;
      await store.setDefaultPaymentMethod(before[0]!.id).catch((error: unknown) => {
        rejected = error;
      });
      expect((rejected as BillingError).code).to.equal('unavailable');
      expect(store.paymentMethods).to.equal(shown);
    });

    it('a cards answer does not lose to a list read that was already on its way: that read is followed by another', async () => {
      const client = readyClient({ latencyMs: 50 });
      const store = BillingStore.for(client);
      watch(store);
      await store.loadPaymentMethods();
      const other = store.paymentMethods.value!.find((card) => !card.isDefault)!;
      void store.refresh();
      await store.setDefaultPaymentMethod(other.id);
      await until(() => !store.paymentMethods.refreshing && store.paymentMethods.value![0]!.id === other.id, 3000);
      await flush(10);
      expect(store.paymentMethods.value!.filter((card) => card.isDefault).map((card) => card.id)).to.deep.equal([other.id]);
    });
  });

  it('shows the stale notice case end to end: pushed change, failed refresh, value kept', async () => {
    const client = staleRefreshClient({ pushAfterMs: 0 });
    const store = BillingStore.for(client);
    watch(store);
    await store.loadAccount();
    await until(() => store.account.refreshError !== undefined);
    expect(store.account.status).to.equal('ready');
    expect(store.account.value?.balance.amount).to.equal(4250);
    expect(store.account.refreshError?.code).to.equal('network');
  });
});

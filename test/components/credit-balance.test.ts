// <credit-balance> as a person meets it: what it says in each state, what it fires, what it asks the client, and axe on every state.
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BillingClient } from '../../src/client/billing-client.js';
import { loadValidator } from '../../src/client/load-validator.js';
import type { AddFundsDialog } from '../../src/components/add-funds-dialog/add-funds-dialog.js';
import type { TopUpTiming } from '../../src/components/add-funds-dialog/top-up-timing.js';
import { AddFundsRequestedEvent } from '../../src/components/credit-balance/events.js';
import type { CreditBalance } from '../../src/components/credit-balance/credit-balance.js';
import { TestCardPaymentProvider } from '../../src/payments/test-card-provider.js';
import { DECLINE_MESSAGES } from '../../src/payments/test-cards.js';
import type { BillingProvider } from '../../src/store/billing-provider.js';
import { BillingStore } from '../../src/store/billing-store.js';
import {
  autoRechargeOnClient,
  failingClient,
  hangingClient,
  hostileClient,
  lowBalanceClient,
  negativeBalanceClient,
  readyClient,
  staleRefreshClient,
  FixtureClient,
  withAutoRechargeOn,
} from '../../stories/fixtures.js';
import { normalise, part, partText, until } from '../helpers/dom.js';
import { failOnUnhandledRejections } from '../helpers/unhandled-rejections.js';

const UNREADABLE = "The billing service sent data we couldn't read.";
const NOTE =
  'Your credit balance pays only for metered usage such as international calls. Subscription fees are charged separately to the card on file.';

/** Everything the widget shows, including the note slot's default text. */
function visibleText(el: CreditBalance): string {
  const clone = document.createElement('div');
  clone.append(...[...el.shadowRoot!.childNodes].map((node) => node.cloneNode(true)));
  clone.querySelectorAll('.visually-hidden').forEach((node) => node.remove());
  return normalise(clone.textContent);
}

function liveRegion(el: CreditBalance): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[aria-live="polite"]')!;
}

/** Waits until queued requests answered and the element re-rendered. */
async function settle(...elements: CreditBalance[]): Promise<void> {
  for (let round = 0; round < 4; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.all(elements.map((el) => el.updateComplete));
  }
}

async function renderWithClient(client: BillingClient, attributes: Partial<CreditBalance> = {}): Promise<CreditBalance> {
  const el = await fixture<CreditBalance>(html`<credit-balance .client=${client}></credit-balance>`);
  Object.assign(el, attributes);
  await settle(el);
  return el;
}

async function renderInProvider(client: BillingClient, count = 1): Promise<CreditBalance[]> {
  const provider = await fixture<BillingProvider>(
    html`<billing-provider .client=${client}>
      ${Array.from({ length: count }, () => html`<credit-balance></credit-balance>`)}
    </billing-provider>`,
  );
  const widgets = [...provider.querySelectorAll('credit-balance')];
  await settle(...widgets);
  return widgets;
}

const FAST: TopUpTiming = { retryDelaysMs: [5, 10, 20], pollDelaysMs: [5, 10], maxPolls: 20 };

/** A Billing tab: a full and a compact balance and an add-funds dialog on one store, the dialog open on its form ($50.00, Visa). */
async function renderTabWithDialog(
  client: FixtureClient,
): Promise<{ full: CreditBalance; compact: CreditBalance; dialog: AddFundsDialog }> {
  const root = await fixture<BillingProvider>(
    html`<billing-provider .client=${client}>
      <credit-balance></credit-balance>
      <credit-balance variant="compact"></credit-balance>
      <add-funds-dialog .paymentProvider=${new TestCardPaymentProvider()} .timing=${FAST}></add-funds-dialog>
    </billing-provider>`,
  );
  const [full, compact] = [...root.querySelectorAll('credit-balance')] as [CreditBalance, CreditBalance];
  const dialog = root.querySelector('add-funds-dialog')!;
  await settle(full, compact);
  dialog.show();
  // The form is the dialog's private sub-element: its card choice is in that element's shadow root.
  const chosenCard = () =>
    dialog.shadowRoot!.querySelector('billing-add-funds-form')?.shadowRoot?.querySelector('input[name="method"]:checked');
  await until(() => part(dialog, 'pay-button') !== null && chosenCard() != null, 'the payment form');
  await dialog.updateComplete;
  return { full, compact, dialog };
}

/** Presses Pay in the dialog and closes it at once, as a person who does not wait would. */
async function payAndClose(dialog: AddFundsDialog): Promise<void> {
  part(dialog, 'pay-button')!.click();
  dialog.close();
  await dialog.updateComplete;
}

describe('<credit-balance>', () => {
  // As on a page after its first request: the validator is here (its first download: test/client/load-validator.test.ts).
  before(() => loadValidator());
  failOnUnhandledRejections(fixtureCleanup);

  describe('ready', () => {
    it('shows the balance, when it changed, auto-recharge, Add funds and the note', async () => {
      const el = await renderWithClient(readyClient());
      expect(partText(el, 'label')).to.equal('Available balance');
      expect(partText(el, 'amount')).to.equal('$42.50');
      expect(partText(el, 'updated')).to.equal('Updated 2 minutes ago');
      expect(partText(el, 'badge')).to.equal('Auto-recharge off');
      expect(partText(el, 'add-funds-button')).to.equal('Add funds');
      expect(partText(el, 'note')).to.equal(NOTE);
      expect(part(el, 'status')).to.equal(null);
      expect(part(el, 'error')).to.equal(null);
      expect(part(el, 'skeleton')).to.equal(null);
      expect(visibleText(el)).not.to.match(/NaN|undefined|Invalid Date|null/);
      await expect(el).to.be.accessible();
    });

    it('puts the exact instant on the <time> element', async () => {
      const client = readyClient();
      const el = await renderWithClient(client);
      const time = part(el, 'updated') as HTMLTimeElement;
      const account = await client.getAccount();
      expect(time.tagName).to.equal('TIME');
      expect(time.dateTime).to.equal(new Date(account.balanceUpdatedAt).toISOString());
      expect(time.title).to.equal(
        new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(account.balanceUpdatedAt)),
      );
    });

    it('says "just now" for a balance that changed under a minute ago', async () => {
      const el = await renderWithClient(readyClient({ updatedMinutesAgo: 0 }));
      expect(partText(el, 'updated')).to.equal('Updated just now');
    });

    it('ages the "Updated" time every minute while it stays on screen', async () => {
      // Kept as found, to be put back unchanged; it is never called detached.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const originalSetInterval = window.setInterval;
      const timers: Array<{ callback: () => void; delay: number }> = [];
      window.setInterval = ((callback: () => void, delay: number) => {
        timers.push({ callback, delay });
        return 0;
      }) as typeof window.setInterval;
      let el: CreditBalance;
      try {
        el = await renderWithClient(readyClient());
      } finally {
        window.setInterval = originalSetInterval;
      }
      const clock = timers.find((timer) => timer.delay === 60_000);
      expect(clock, 'a one-minute timer').to.not.equal(undefined);
      const realNow = Date.now;
      Date.now = () => realNow() + 3 * 60_000;
      try {
        clock!.callback();
        await el.updateComplete;
        expect(partText(el, 'updated')).to.equal('Updated 5 minutes ago');
      } finally {
        Date.now = realNow;
      }
    });
  });

  describe('warnings', () => {
    it('warns in words when the balance is below the threshold', async () => {
      const el = await renderWithClient(lowBalanceClient());
      expect(partText(el, 'amount')).to.equal('$7.50');
      expect(partText(el, 'status')).to.equal('Low balance. Your balance is below $10.00.');
      await expect(el).to.be.accessible();
    });

    it('does not warn at exactly the threshold (recharge fires strictly below)', async () => {
      const el = await renderWithClient(readyClient({ startingBalance: 1000 }));
      expect(part(el, 'status')).to.equal(null);
    });

    it('has a distinct state for a negative balance', async () => {
      const el = await renderWithClient(negativeBalanceClient());
      expect(partText(el, 'amount')).to.equal('-$12.34');
      expect(partText(el, 'status')).to.equal('Negative balance. Usage has overdrawn your credit. Add funds to bring it above zero.');
      expect(part(el, 'status')!.classList.contains('status--negative')).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('says what auto-recharge adds and when', async () => {
      const el = await renderWithClient(autoRechargeOnClient());
      expect(partText(el, 'badge')).to.equal('Auto-recharge on: adds $50.00 when below $10.00');
      await expect(el).to.be.accessible();
    });

    it('says what balance auto-recharge brings the account back up to in target mode', async () => {
      const client = withAutoRechargeOn(new FixtureClient(), { mode: 'target', targetBalance: { amount: 7500, currency: 'USD' } });
      const el = await renderWithClient(client);
      expect(partText(el, 'badge')).to.equal('Auto-recharge on: back up to $75.00 when below $10.00');
    });
  });

  describe('loading', () => {
    it('shows a busy skeleton and no numbers', async () => {
      const el = await renderWithClient(hangingClient());
      expect(part(el, 'base')!.getAttribute('aria-busy')).to.equal('true');
      expect(el.shadowRoot!.querySelectorAll('[part~="skeleton"]').length).to.be.greaterThan(1);
      expect(part(el, 'amount')).to.equal(null);
      expect(part(el, 'add-funds-button')).to.equal(null);
      expect(normalise(el.shadowRoot!.querySelector('.visually-hidden')?.textContent)).to.equal('Loading your balance…');
      await expect(el).to.be.accessible();
    });

    it('is as tall as the loaded card, so nothing moves when the balance arrives', async () => {
      const loading = await renderWithClient(hangingClient());
      const ready = await renderWithClient(readyClient());
      for (const el of [loading, ready]) el.style.inlineSize = '420px';
      await settle(loading, ready);
      const loadingHeight = part(loading, 'base')!.getBoundingClientRect().height;
      const readyHeight = part(ready, 'base')!.getBoundingClientRect().height;
      expect(Math.abs(loadingHeight - readyHeight)).to.be.below(1.5);
    });

    it('waits, busy, when there is no client yet, then loads when one is set', async () => {
      const el = await fixture<CreditBalance>(html`<credit-balance></credit-balance>`);
      expect(part(el, 'base')!.getAttribute('aria-busy')).to.equal('true');
      el.client = readyClient();
      await settle(el);
      expect(partText(el, 'amount')).to.equal('$42.50');
    });
  });

  describe('errors', () => {
    it('shows the BillingError message and retries through the store', async () => {
      const client = failingClient('unavailable', 1);
      const el = await renderWithClient(client);
      expect(partText(el, 'error')).to.equal('The billing service is temporarily unavailable. Try again in a moment.');
      expect(part(el, 'amount')).to.equal(null);
      expect(part(el, 'add-funds-button')).to.equal(null);
      await expect(el).to.be.accessible();

      part(el, 'retry-button')!.click();
      await settle(el);
      expect(client.calls.getAccount).to.equal(2);
      expect(partText(el, 'amount')).to.equal('$42.50');
      expect(part(el, 'error')).to.equal(null);
      // The retry button is gone; focus lands on what replaced it, not on <body>.
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'add-funds-button'));
    });

    it('keeps the last balance with a notice when a refresh fails, and can try again', async () => {
      const client = staleRefreshClient();
      const el = await renderWithClient(client);
      await BillingStore.for(client).refresh();
      await settle(el);
      expect(partText(el, 'amount')).to.equal('$42.50');
      expect(partText(el, 'stale-notice')).to.equal("We couldn't refresh your balance. Showing the last amount we received. Try again");
      await expect(el).to.be.accessible();
      const calls = client.calls.getAccount;
      part(el, 'stale-notice')!.querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
      await settle(el);
      expect(client.calls.getAccount).to.equal(calls + 1);
    });

    it('shows the stale notice after a pushed change whose refresh fails', async () => {
      const client = staleRefreshClient({ pushAfterMs: 0 });
      const el = await renderWithClient(client);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await settle(el);
      expect(part(el, 'stale-notice')).to.not.equal(null);
      expect(partText(el, 'amount')).to.equal('$42.50');
    });

    it('turns a formatting fault into the error state instead of printing it', async () => {
      const client = readyClient();
      const el = await renderWithClient(client);
      const store = BillingStore.for(client);
      const account = store.account.value!;
      // Past the validated client on purpose: the widget's own guard is what is under test.
      (store as unknown as { setState(key: string, state: unknown): void }).setState('account', {
        status: 'ready',
        value: { ...account, balance: { amount: Number.NaN, currency: 'USD' } },
      });
      await el.updateComplete;
      expect(partText(el, 'error')).to.equal("We couldn't display your balance.");
      expect(visibleText(el)).not.to.contain('NaN');
      await expect(el).to.be.accessible();
    });
  });

  describe('a hostile backend', () => {
    const refused: Array<[string, Record<string, unknown>]> = [
      ['NaN', { balance: { amount: Number.NaN, currency: 'USD' } }],
      ['1e21', { balance: { amount: 1e21, currency: 'USD' } }],
      ['a float amount', { balance: { amount: 1.5, currency: 'USD' } }],
      ['an unknown currency', { currency: 'XYZ', balance: { amount: 4250, currency: 'XYZ' } }],
      ['markup as the amount', { balance: { amount: '<b>4250</b>', currency: 'USD' } }],
      ['a mixed-currency account', { lowBalanceThreshold: { amount: 1000, currency: 'EUR' } }],
    ];
    for (const [name, patch] of refused) {
      it(`shows an error, never the value, for ${name}`, async () => {
        const el = await renderWithClient(hostileClient(patch));
        expect(partText(el, 'error')).to.equal(UNREADABLE);
        expect(part(el, 'amount')).to.equal(null);
        expect(visibleText(el)).not.to.match(/NaN|undefined|Infinity|e\+21|XYZ|<b>/);
        expect(el.shadowRoot!.querySelector('b, img')).to.equal(null);
        await expect(el).to.be.accessible();
      });
    }

    it('shows a negative balance as a negative balance', async () => {
      const el = await renderWithClient(hostileClient({ balance: { amount: -1, currency: 'USD' } }));
      expect(partText(el, 'amount')).to.equal('-$0.01');
    });

    it('never turns markup in the account into elements', async () => {
      const name = '<img src=x onerror=alert(1)>';
      const client = hostileClient({ name });
      const added: AddFundsRequestedEvent[] = [];
      const el = await renderWithClient(client);
      el.addEventListener('billing-add-funds-requested', (event) => added.push(event));
      expect(partText(el, 'amount')).to.equal('$42.50');
      expect(el.shadowRoot!.querySelector('img')).to.equal(null);
      expect(document.querySelector('img')).to.equal(null);
      part(el, 'add-funds-button')!.click();
      expect(added[0]!.account.name).to.equal(name);
      await expect(el).to.be.accessible();
    });
  });

  describe('Add funds', () => {
    it('fires one cancelable, composed billing-add-funds-requested with the account, and nothing else', async () => {
      const client = readyClient();
      const el = await renderWithClient(client);
      const fired: Event[] = [];
      const dispatch = el.dispatchEvent.bind(el);
      el.dispatchEvent = (event: Event) => {
        fired.push(event);
        return dispatch(event);
      };
      const heard: AddFundsRequestedEvent[] = [];
      const listener = (event: AddFundsRequestedEvent) => {
        heard.push(event);
        event.preventDefault();
      };
      document.addEventListener('billing-add-funds-requested', listener);
      try {
        part(el, 'add-funds-button')!.click();
      } finally {
        document.removeEventListener('billing-add-funds-requested', listener);
      }
      expect(fired.map((event) => event.type)).to.deep.equal(['billing-add-funds-requested']);
      expect(heard).to.have.length(1);
      const event = heard[0]!;
      expect(event).to.be.instanceOf(AddFundsRequestedEvent);
      expect(event.bubbles && event.composed && event.cancelable).to.equal(true);
      expect(event.defaultPrevented).to.equal(true);
      expect(event.account).to.deep.equal(await client.getAccount());
    });

    it('asks its store for the add-funds flow, unless a host canceled the event', async () => {
      const client = readyClient();
      const el = await renderWithClient(client);
      const kinds: string[] = [];
      const unsubscribe = BillingStore.for(client).subscribe((update) => kinds.push(update.kind));
      const cancel = (event: Event) => event.preventDefault();
      try {
        document.addEventListener('billing-add-funds-requested', cancel);
        part(el, 'add-funds-button')!.click();
        document.removeEventListener('billing-add-funds-requested', cancel);
        expect(kinds).to.not.include('add-funds-requested');
        part(el, 'add-funds-button')!.click();
        expect(kinds.filter((kind) => kind === 'add-funds-requested')).to.have.length(1);
      } finally {
        document.removeEventListener('billing-add-funds-requested', cancel);
        unsubscribe();
      }
    });

    it('can be hidden with hide-add-funds', async () => {
      const el = await fixture<CreditBalance>(html`<credit-balance hide-add-funds .client=${readyClient()}></credit-balance>`);
      await settle(el);
      expect(el.hideAddFunds).to.equal(true);
      expect(partText(el, 'amount')).to.equal('$42.50');
      expect(part(el, 'add-funds-button')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('one store per client', () => {
    it('sends one request for two widgets in one provider', async () => {
      const client = readyClient({ latencyMs: 5 });
      const [first, second] = await renderInProvider(client, 2);
      await until(() => part(first!, 'amount') !== null && part(second!, 'amount') !== null);
      expect(client.calls.getAccount).to.equal(1);
      expect(partText(first!, 'amount')).to.equal('$42.50');
      expect(partText(second!, 'amount')).to.equal('$42.50');
    });

    it('sends one request for two widgets given the same client directly', async () => {
      const client = readyClient({ latencyMs: 5 });
      const container = await fixture<HTMLDivElement>(
        html`<div><credit-balance .client=${client}></credit-balance><credit-balance .client=${client}></credit-balance></div>`,
      );
      const widgets = [...container.querySelectorAll('credit-balance')];
      await until(() => widgets.every((el) => part(el, 'amount') !== null));
      expect(client.calls.getAccount).to.equal(1);
      expect(widgets.map((el) => partText(el, 'amount'))).to.deep.equal(['$42.50', '$42.50']);
    });

    it("uses the provider's client, unless the widget has its own", async () => {
      const providerClient = readyClient();
      const ownClient = lowBalanceClient();
      const provider = await fixture<BillingProvider>(
        html`<billing-provider .client=${providerClient}>
          <credit-balance id="inherits"></credit-balance>
          <credit-balance id="own" .client=${ownClient}></credit-balance>
        </billing-provider>`,
      );
      const inherits = provider.querySelector<CreditBalance>('#inherits')!;
      const own = provider.querySelector<CreditBalance>('#own')!;
      await settle(inherits, own);
      expect(partText(inherits, 'amount')).to.equal('$42.50');
      expect(partText(own, 'amount')).to.equal('$7.50');
      expect(providerClient.calls.getAccount).to.equal(1);
      expect(ownClient.calls.getAccount).to.equal(1);
      expect(provider.store).to.equal(BillingStore.for(providerClient));
    });

    it('follows the provider when its client is replaced', async () => {
      const [el] = await renderInProvider(readyClient());
      const provider = el!.closest('billing-provider')!;
      provider.client = negativeBalanceClient();
      await settle(el!);
      expect(partText(el!, 'amount')).to.equal('-$12.34');
    });

    it('follows its own client when it is replaced, and leaves the old feed', async () => {
      const first = readyClient();
      const el = await renderWithClient(first);
      expect(first.subscriberCount).to.equal(1);
      const second = lowBalanceClient();
      el.client = second;
      await settle(el);
      expect(partText(el, 'amount')).to.equal('$7.50');
      expect(first.subscriberCount).to.equal(0);
      expect(second.subscriberCount).to.equal(1);
    });

    it('still loads after being moved in the page while loading', async () => {
      const client = readyClient({ latencyMs: 10 });
      const container = await fixture<HTMLDivElement>(
        html`<div>
          <section id="from"><credit-balance .client=${client}></credit-balance></section>
          <section id="to"></section>
        </div>`,
      );
      const el = container.querySelector('credit-balance')!;
      container.querySelector('#to')!.append(el);
      await until(() => part(el, 'amount') !== null);
      expect(partText(el, 'amount')).to.equal('$42.50');
    });

    it('stops listening when removed from the page', async () => {
      const client = readyClient();
      const el = await renderWithClient(client);
      expect(client.subscriberCount).to.equal(1);
      el.remove();
      expect(client.subscriberCount).to.equal(0);
    });
  });

  describe('staying current', () => {
    it('shows new usage from the change feed without reloading', async () => {
      const client = readyClient({ updatedMinutesAgo: 0 });
      const el = await renderWithClient(client);
      client.simulateUsage([{ destinationCountry: 'GB', durationSeconds: 600 }]);
      await settle(el);
      const expected = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(
        (await client.getAccount()).balance.amount / 100,
      );
      expect(expected).not.to.equal('$42.50');
      expect(partText(el, 'amount')).to.equal(expected);
      expect(partText(el, 'updated')).to.equal('Updated just now');
    });

    it('refreshes when the window regains focus', async () => {
      const client = readyClient();
      const el = await renderWithClient(client);
      const store = BillingStore.for(client);
      store.revalidateIntervalMs = 0;
      const answer = client.getAccount.bind(client);
      client.getAccount = async (options) => ({
        ...(await answer(options)),
        balance: { amount: 9999, currency: 'USD' },
      });
      window.dispatchEvent(new Event('focus'));
      await settle(el);
      expect(partText(el, 'amount')).to.equal('$99.99');
      document.dispatchEvent(new Event('visibilitychange'));
      await settle(el);
      expect(client.calls.getAccount).to.equal(3);
    });
  });

  describe('screen readers', () => {
    it('announces the balance politely when it changes, not on first render', async () => {
      const client = readyClient();
      const el = await renderWithClient(client);
      const region = liveRegion(el);
      expect(region.getAttribute('aria-atomic')).to.equal('true');
      expect(normalise(region.textContent)).to.equal('');
      el.requestUpdate();
      await el.updateComplete;
      expect(normalise(region.textContent)).to.equal('');

      client.push({ type: 'balance', balance: { amount: 950, currency: 'USD' }, at: new Date().toISOString() });
      await settle(el);
      expect(normalise(liveRegion(el).textContent)).to.equal('Balance updated: $9.50 Low balance.');
      await expect(el).to.be.accessible();
    });

    it('keeps the live region in the page while loading, so the first change is heard', async () => {
      const el = await renderWithClient(hangingClient());
      expect(liveRegion(el)).to.not.equal(null);
    });
  });

  describe('a payment in flight', () => {
    it('shows a payment still in flight after the dialog closed, then announces the money added and the new balance', async () => {
      const client = readyClient({ updatedMinutesAgo: 0 });
      const { full, compact, dialog } = await renderTabWithDialog(client);
      client.setLatency(300);
      await payAndClose(dialog);
      expect(dialog.shadowRoot!.querySelector('dialog')!.open).to.equal(false);
      await until(() => part(full, 'pending-payment') !== null, 'the payment shown on the balance');
      expect(partText(full, 'pending-payment')).to.equal('Payment of $50.00 in progress…');
      expect(part(full, 'pending-payment')!.querySelector('.spinner')).to.not.equal(null);
      expect(partText(compact, 'pending-payment')).to.equal('Payment of $50.00 in progress…');
      expect(partText(full, 'amount')).to.equal('$42.50');
      expect(normalise(liveRegion(full).textContent)).to.equal('');
      await expect(full).to.be.accessible();
      await expect(compact).to.be.accessible();
      const focused = document.activeElement;

      await until(() => part(full, 'pending-payment') === null, 'the payment settled');
      await until(() => partText(full, 'amount') === '$92.50', 'the new balance');
      await settle(full, compact);
      expect(client.charges).to.have.length(1);
      expect(part(compact, 'pending-payment')).to.equal(null);
      for (const el of [full, compact]) {
        expect(normalise(liveRegion(el).textContent)).to.equal('$50.00 added to your balance. Balance updated: $92.50');
      }
      expect(partText(compact, 'amount')).to.equal('$92.50');
      // Told, not moved: focus stays where the person left it.
      expect(document.activeElement).to.equal(focused);
      expect(full.shadowRoot!.activeElement).to.equal(null);
      await expect(full).to.be.accessible();
    });

    it('announces a declined payment with the reason, and the balance stays', async () => {
      const client = readyClient({ updatedMinutesAgo: 0 });
      const { full, dialog } = await renderTabWithDialog(client);
      client.setCardBehaviour('pm_visa_4242', 'insufficient_funds');
      client.setLatency(300);
      await payAndClose(dialog);
      await until(() => part(full, 'pending-payment') !== null, 'the payment shown on the balance');
      expect(partText(full, 'pending-payment')).to.equal('Payment of $50.00 in progress…');

      await until(() => part(full, 'pending-payment') === null, 'the payment settled');
      await settle(full);
      expect(normalise(liveRegion(full).textContent)).to.equal(`Payment of $50.00 failed: ${DECLINE_MESSAGES.insufficient_funds}`);
      expect(partText(full, 'amount')).to.equal('$42.50');
      expect(client.charges).to.have.length(0);
      await expect(full).to.be.accessible();
    });

    it('says so when it cannot tell whether a payment went through, never "added", and announces the outcome a check finds', async () => {
      const client = readyClient({ updatedMinutesAgo: 0 });
      const { full, dialog } = await renderTabWithDialog(client);
      // The charge goes through, but its answer and every automatic retry's are lost.
      client.dropNextResponse('createTopUp');
      client.failNext('createTopUp', FAST.retryDelaysMs.length, 'network');
      await payAndClose(dialog);
      await until(() => partText(full, 'pending-payment').startsWith('We couldn'), 'the unconfirmed payment shown');
      expect(partText(full, 'pending-payment')).to.equal("We couldn't confirm yet whether your payment of $50.00 went through.");
      expect(part(full, 'pending-payment')!.querySelector('.spinner')).to.equal(null);
      expect(normalise(liveRegion(full).textContent)).to.not.contain('added');
      expect(normalise(liveRegion(full).textContent)).to.not.contain('failed');
      await expect(full).to.be.accessible();

      client.setLatency(300);
      dialog.show();
      await until(() => part(dialog, 'check-again-button') !== null, 'Check again offered');
      part(dialog, 'check-again-button')!.click();
      dialog.close();
      await until(() => partText(full, 'pending-payment').startsWith('Checking'), 'the check shown');
      expect(partText(full, 'pending-payment')).to.equal('Checking whether your payment of $50.00 went through…');
      await until(() => part(full, 'pending-payment') === null, 'the check settled');
      await settle(full);
      expect(normalise(liveRegion(full).textContent)).to.equal('$50.00 added to your balance. Balance updated: $92.50');
      expect(client.charges).to.have.length(1);
    });

    it('announces an outcome once: later store updates and renders do not say it again', async () => {
      const client = readyClient({ updatedMinutesAgo: 0 });
      const { full, dialog } = await renderTabWithDialog(client);
      client.setLatency(100);
      await payAndClose(dialog);
      await until(() => normalise(liveRegion(full).textContent).includes('added'), 'the outcome announced');
      client.setLatency(0);
      client.push({ type: 'balance', balance: { amount: 9000, currency: 'USD' }, at: new Date().toISOString() });
      await settle(full);
      expect(normalise(liveRegion(full).textContent)).to.equal('Balance updated: $90.00');
      const store = BillingStore.for(client);
      store.notifyTopUpChanged(store.activeTopUp!);
      full.requestUpdate();
      await settle(full);
      expect(normalise(liveRegion(full).textContent)).to.equal('Balance updated: $90.00');
    });

    it('shows a payment already in flight when it connects, in its own language', async () => {
      const client = readyClient();
      BillingStore.for(client).beginTopUp({ settled: false, amount: { amount: 5000, currency: 'USD' } });
      const el = await renderWithClient(client, { locale: 'de-DE' });
      await until(() => part(el, 'pending-payment') !== null, 'the payment shown');
      expect(partText(el, 'pending-payment')).to.equal('Zahlung über 50,00 $ läuft …');
      expect(normalise(liveRegion(el).textContent)).to.equal('');
    });

    it('without a change feed, the refresh that brings the new balance after the outcome is not announced over it', async () => {
      const client = readyClient({ updatedMinutesAgo: 0 });
      // Like a backend without a feed: the new balance arrives only with the refresh that follows the payment's answer.
      client.subscribe = () => () => undefined;
      const { full, dialog } = await renderTabWithDialog(client);
      client.setLatency(100);
      await payAndClose(dialog);
      await until(() => normalise(liveRegion(full).textContent).includes('added'), 'the outcome announced');
      expect(partText(full, 'amount')).to.equal('$42.50');
      const seen: string[] = [];
      const observer = new MutationObserver(() => seen.push(normalise(liveRegion(full).textContent)));
      observer.observe(liveRegion(full), { childList: true, characterData: true, subtree: true });
      await until(() => partText(full, 'amount') === '$92.50', 'the refreshed balance');
      await settle(full);
      observer.disconnect();
      expect(seen, 'what the live region said meanwhile').to.deep.equal([]);
      expect(normalise(liveRegion(full).textContent)).to.equal('$50.00 added to your balance. Balance updated: $92.50');
    });
  });

  describe('compact', () => {
    it('is one line with the balance and Add funds, and nothing else', async () => {
      const el = await renderWithClient(readyClient(), { variant: 'compact' });
      el.style.inlineSize = '600px';
      await el.updateComplete;
      expect(el.getAttribute('variant')).to.equal('compact');
      expect(visibleText(el)).to.equal('Balance $42.50 Add funds');
      const base = part(el, 'base')!;
      const button = part(el, 'add-funds-button')!;
      expect(Math.abs(base.getBoundingClientRect().top - button.getBoundingClientRect().top)).to.be.below(8);
      expect(base.getBoundingClientRect().height).to.be.below(60);
      await expect(el).to.be.accessible();
    });

    it('stays on one line in a header when a payment starts: its sign shows, its words are read out and on hover', async () => {
      for (const locale of ['en-US', 'de', 'fr', 'ja', 'ar']) {
        const client = readyClient();
        // A header's room: the balance and Add funds fit in every language with a little to spare, a sentence beside them not.
        const header = await fixture<HTMLElement>(
          html`<header style="display: flex; justify-content: flex-end; inline-size: 27rem">
            <credit-balance variant="compact" locale=${locale} .client=${client}></credit-balance>
          </header>`,
        );
        const el = header.querySelector('credit-balance')!;
        await settle(el);
        const before = el.getBoundingClientRect().height;
        const buttonTop = part(el, 'add-funds-button')!.getBoundingClientRect().top;
        const shown = visibleText(el);
        for (const topUp of [{ settled: false }, { settled: true, outcomeUnknown: true }]) {
          BillingStore.for(client).beginTopUp({ ...topUp, amount: { amount: 5000, currency: 'USD' } });
          await settle(el);
          const pending = part(el, 'pending-payment')!;
          expect(el.getBoundingClientRect().height, locale).to.equal(before);
          expect(part(el, 'add-funds-button')!.getBoundingClientRect().top, locale).to.equal(buttonTop);
          expect(normalise(pending.textContent), locale).to.contain('50');
          expect(normalise(pending.getAttribute('title')), locale).to.equal(normalise(pending.textContent));
          expect(visibleText(el), locale).to.equal(shown);
          await expect(el).to.be.accessible();
        }
      }
    });

    it('still warns in words', async () => {
      const el = await renderWithClient(lowBalanceClient(), { variant: 'compact' });
      expect(partText(el, 'status')).to.equal('Low balance');
      await expect(el).to.be.accessible();
    });

    it('has loading and error states', async () => {
      const loading = await renderWithClient(hangingClient(), { variant: 'compact' });
      expect(part(loading, 'base')!.getAttribute('aria-busy')).to.equal('true');
      await expect(loading).to.be.accessible();
      const failed = await renderWithClient(failingClient('network'), { variant: 'compact' });
      expect(visibleText(failed)).to.equal('Balance Balance unavailable Try again');
      expect(normalise(part(failed, 'error')!.textContent)).to.contain('We could not reach the billing service.');
      await expect(failed).to.be.accessible();
    });
  });

  describe('locale and currency', () => {
    it('formats for the locale property: de-DE shows "42,50 $"', async () => {
      const el = await renderWithClient(readyClient(), { locale: 'de-DE' });
      expect(partText(el, 'amount')).to.equal('42,50 $');
      expect(partText(el, 'updated')).to.equal('Aktualisiert vor 2 Minuten');
    });

    it("follows the page's lang when no locale is set", async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div lang="de-DE"><credit-balance .client=${readyClient({ currency: 'EUR' })}></credit-balance></div>`,
      );
      const el = wrapper.querySelector('credit-balance')!;
      await settle(el);
      expect(partText(el, 'amount')).to.equal('42,50 €');
    });

    it('shows yen without decimals', async () => {
      const el = await renderWithClient(readyClient({ currency: 'JPY' }), { locale: 'en-US' });
      expect(partText(el, 'amount')).to.equal('¥4,250');
      expect(partText(el, 'status')).to.equal('');
    });

    it('falls back from an invalid locale instead of failing', async () => {
      const el = await renderWithClient(readyClient(), { locale: 'not a locale!' });
      expect(partText(el, 'amount')).to.match(/42[.,]50/);
    });

    it('reads right to left in Arabic', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div dir="rtl" lang="ar-EG" style="inline-size: 420px">
          <credit-balance .client=${lowBalanceClient({ currency: 'EGP' })}></credit-balance>
        </div>`,
      );
      const el = wrapper.querySelector('credit-balance')!;
      await settle(el);
      expect(partText(el, 'amount')).to.contain('٧٫٥٠');
      const amount = part(el, 'amount')!.getBoundingClientRect();
      const button = part(el, 'add-funds-button')!.getBoundingClientRect();
      // Mirrored: the amount starts on the right, the button sits on the left.
      expect(button.right).to.be.below(amount.left);
      await expect(el).to.be.accessible();
    });
  });

  describe('at 320px', () => {
    const states: Array<[string, () => BillingClient, Partial<CreditBalance>]> = [
      ['ready with auto-recharge on', () => autoRechargeOnClient(), {}],
      ['low', () => lowBalanceClient(), {}],
      ['negative', () => negativeBalanceClient(), {}],
      ['a huge balance', () => readyClient({ startingBalance: 999_999_999_999_99 }), {}],
      ['error', () => failingClient('unavailable'), {}],
      ['loading', () => hangingClient(), {}],
      ['compact', () => lowBalanceClient(), { variant: 'compact' }],
      ['German', () => autoRechargeOnClient({ currency: 'EUR' }), { locale: 'de-DE' }],
    ];
    for (const [name, makeClient, attributes] of states) {
      it(`wraps without horizontal scrolling: ${name}`, async () => {
        const wrapper = await fixture<HTMLDivElement>(
          html`<div style="inline-size: 320px"><credit-balance .client=${makeClient()}></credit-balance></div>`,
        );
        const el = wrapper.querySelector('credit-balance')!;
        Object.assign(el, attributes);
        await settle(el);
        // The visually-hidden text is clipped on purpose; everything else must fit.
        for (const box of [wrapper, el, ...el.shadowRoot!.querySelectorAll<HTMLElement>('*:not(.visually-hidden)')]) {
          expect(box.scrollWidth, `${box.tagName}.${box.className} overflows`).to.be.at.most(box.clientWidth || box.scrollWidth);
        }
        expect(el.getBoundingClientRect().width).to.be.at.most(320);
        expect(visibleText(el)).not.to.match(/NaN|undefined/);
      });
    }
  });

  describe('white-label', () => {
    it('takes replacement wording and keeps the rest', async () => {
      const el = await renderWithClient(readyClient(), { messages: { addFunds: 'Buy credits' } });
      expect(partText(el, 'add-funds-button')).to.equal('Buy credits');
      expect(partText(el, 'label')).to.equal('Available balance');
    });

    it('takes a replacement note through the slot', async () => {
      const el = await fixture<CreditBalance>(
        html`<credit-balance .client=${readyClient()}><span slot="note">Credit covers calls abroad.</span></credit-balance>`,
      );
      await settle(el);
      const slot = part(el, 'note')!.querySelector('slot')!;
      expect(slot.assignedNodes().map((node) => node.textContent)).to.deep.equal(['Credit covers calls abroad.']);
    });

    it("takes the host's colours through --billing-* roles", async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div style="--billing-color-accent: rgb(1, 2, 3)"><credit-balance .client=${readyClient()}></credit-balance></div>`,
      );
      const el = wrapper.querySelector('credit-balance')!;
      await settle(el);
      expect(getComputedStyle(part(el, 'add-funds-button')!).backgroundColor).to.equal('rgb(1, 2, 3)');
    });

    it('switches to the dark set when an ancestor says data-billing-theme="dark"', async () => {
      const wrapper = await fixture<HTMLDivElement>(
        html`<div data-billing-theme="light"><credit-balance .client=${readyClient()}></credit-balance></div>`,
      );
      const el = wrapper.querySelector('credit-balance')!;
      await settle(el);
      const surface = () => getComputedStyle(part(el, 'base')!).backgroundColor;
      expect(surface()).to.equal('rgb(255, 255, 255)');
      wrapper.setAttribute('data-billing-theme', 'dark');
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(el.getAttribute('data-billing-resolved-theme')).to.equal('dark');
      expect(surface()).to.equal('rgb(22, 25, 34)');
      // Let the buttons' colour transition finish before measuring contrast.
      await new Promise((resolve) => setTimeout(resolve, 250));
      await expect(el).to.be.accessible();
    });
  });
});

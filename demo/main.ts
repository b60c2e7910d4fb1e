// Demo Billing tab: the widgets on the reference server (npm start), or on the in-memory mock with ?mock in the URL.
import '../src/define.js';
import { BillingError, StripePaymentProvider, TestCardPaymentProvider } from '../src/index.js';
import type { BillingClient, BillingProvider, PaymentProvider } from '../src/index.js';
import { HttpBillingClient } from '../src/client/http-client.js';
import { keepAppearance, setUpAppearance } from './appearance.js';

/** What GET /v1/dev/demo-session answers (server/main.ts, dev only). */
interface DemoSession {
  token: string;
  paymentProvider: 'test-cards' | 'stripe';
  stripePublishableKey?: string;
}

/** An element demo/index.html always has; if the page and this script drift apart, the error names what is missing. */
function pageElement<T extends Element>(selector: string, type: new () => T): T {
  const element = document.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`demo/index.html has no ${type.name} matching ${selector}`);
  return element;
}

setUpAppearance();
const mockMode = new URLSearchParams(location.search).has('mock');
const log = pageElement('#demo-log', HTMLOutputElement);
const intro = pageElement('#demo-intro', HTMLElement);
const modeLink = pageElement('#demo-mode-link', HTMLAnchorElement);

function useClient(client: BillingClient, createPaymentProvider: () => PaymentProvider): void {
  for (const provider of document.querySelectorAll<BillingProvider>('billing-provider')) provider.client = client;
  const autoRecharge = document.querySelector('auto-recharge-settings');
  if (autoRecharge) autoRecharge.paymentProvider = createPaymentProvider();
  const paymentMethods = document.querySelector('payment-methods');
  if (paymentMethods) paymentMethods.paymentProvider = createPaymentProvider();
  const addFunds = document.querySelector('add-funds-dialog');
  if (addFunds) addFunds.paymentProvider = createPaymentProvider();
}

document.addEventListener('billing-funds-added', (event) => {
  log.textContent = `Top-up ${event.topUp.id} succeeded.`;
});

// "Rate for Nigeria" in a call's details: the rates below highlight that country (and focus its row) in place of the
// plain #rates jump the link falls back to.
document.addEventListener('billing-show-rates', (event) => {
  const rates = document.querySelector('usage-rates');
  if (!rates) return;
  event.preventDefault();
  rates.country = event.country;
});

// The mock and its seed data load only in ?mock mode: a page on the server does not download them.
if (mockMode) void startMock();
else void startOnServer();

// ---------------------------------------------------------------- the reference server

async function startOnServer(): Promise<void> {
  intro.textContent =
    'This Billing tab runs on the reference server (PGlite, test cards unless Stripe is configured). Place calls to watch the balance update everywhere on the page.';
  keepAppearance(modeLink, true);
  modeLink.textContent = 'Use the in-memory mock instead';

  let session: DemoSession | null = null;
  try {
    session = await fetchSession();
  } catch (error) {
    log.textContent = error instanceof Error ? error.message : String(error);
  }

  // The token is read on every request, so the widgets' retry buttons work once the server is up.
  const client = new HttpBillingClient({
    baseUrl: '',
    headers: async () => {
      try {
        session ??= await fetchSession();
      } catch (error) {
        // Retryable, so each widget's "Try again" works once the server is up.
        throw new BillingError('unavailable', { message: error instanceof Error ? error.message : String(error), cause: error });
      }
      return { Authorization: `Bearer ${session.token}` };
    },
  });
  const publishableKey = session?.paymentProvider === 'stripe' ? session.stripePublishableKey : undefined;
  if (session?.paymentProvider === 'stripe' && !publishableKey) {
    log.textContent =
      'The server charges through Stripe but sent no publishable key (STRIPE_PUBLISHABLE_KEY): new cards cannot be entered here.';
  }
  useClient(client, () => (publishableKey ? new StripePaymentProvider({ publishableKey }) : new TestCardPaymentProvider()));

  pageElement('.demo-controls', HTMLElement).addEventListener('click', (event) => {
    const action = (event.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action === 'call') void placeCalls(1);
    else if (action === 'burst') void placeCalls(20);
  });

  async function placeCalls(calls: number): Promise<void> {
    try {
      session ??= await fetchSession();
      const response = await fetch('/v1/dev/usage', {
        method: 'POST',
        headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ calls }),
      });
      if (!response.ok) throw new Error(await errorMessage(response));
      log.textContent = calls === 1 ? 'Placed one international call.' : `Placed ${calls} international calls.`;
    } catch (error) {
      log.textContent = `Could not place calls: ${error instanceof Error ? error.message : String(error)}`;
    }
    // The server's change feed refreshes the widgets; this covers a feed that is reconnecting.
    for (const provider of document.querySelectorAll<BillingProvider>('billing-provider')) void provider.store?.notifyMutation();
  }
}

async function fetchSession(): Promise<DemoSession> {
  let response: Response;
  try {
    response = await fetch('/v1/dev/demo-session', { headers: { Accept: 'application/json' } });
  } catch {
    throw new Error('The billing server is not reachable. Start it with "npm start", then try again.');
  }
  // Vite's proxy answers 502/504 (or 500) when nothing listens behind it.
  if (response.status >= 500) throw new Error('The billing server is not running. Start it with "npm start", then try again.');
  if (!response.ok) throw new Error(await errorMessage(response));
  const body = (await response.json()) as Partial<DemoSession>;
  if (typeof body.token !== 'string' || body.token === '') throw new Error('The billing server sent no demo session.');
  return {
    token: body.token,
    paymentProvider: body.paymentProvider === 'stripe' ? 'stripe' : 'test-cards',
    ...(body.stripePublishableKey ? { stripePublishableKey: body.stripePublishableKey } : {}),
  };
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON: fall through to the status line
  }
  return `The server answered ${response.status}.`;
}

// ---------------------------------------------------------------- the in-memory mock (?mock)

async function startMock(): Promise<void> {
  const { MockBillingClient } = await import('../src/client/mock/mock-client.js');
  const client = new MockBillingClient({ latencyMs: 300 });
  useClient(client, () => new TestCardPaymentProvider());
  intro.textContent =
    'This Billing tab runs on the in-memory mock backend. Place calls to watch the balance update everywhere on the page.';
  keepAppearance(modeLink, false);
  modeLink.textContent = 'Use the reference server instead';
  for (const control of document.querySelectorAll<HTMLElement>('[data-mock-only]')) control.hidden = false;

  pageElement('.demo-controls', HTMLElement).addEventListener('click', (event) => {
    const action = (event.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action === 'call') {
      client.simulateUsage(1);
      log.textContent = 'Placed one international call.';
    } else if (action === 'burst') {
      client.simulateUsage(20);
      log.textContent = 'Placed 20 international calls.';
    } else if (action === 'fail') {
      client.failNext('getAccount', 1, 'unavailable');
      log.textContent = 'The next balance load will fail; switch tabs and back, or place a call.';
    }
  });

  pageElement('[data-action="slow"]', HTMLInputElement).addEventListener('change', (event) => {
    client.setLatency((event.target as HTMLInputElement).checked ? 2000 : 300);
  });
}

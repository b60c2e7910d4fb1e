// Demo Billing tab: wires the widgets to one mock backend and a few controls to exercise it.
import '../src/define.js';
import { MockBillingClient, TestCardPaymentProvider } from '../src/index.js';
import type { BillingProvider } from '../src/index.js';

const client = new MockBillingClient({ latencyMs: 300 });

for (const provider of document.querySelectorAll<BillingProvider>('billing-provider')) {
  provider.client = client;
}

const autoRecharge = document.querySelector('auto-recharge-settings');
if (autoRecharge) autoRecharge.paymentProvider = new TestCardPaymentProvider();

const addFunds = document.querySelector('add-funds-dialog');
if (addFunds) addFunds.paymentProvider = new TestCardPaymentProvider();

const log = document.querySelector<HTMLOutputElement>('#demo-log')!;

document.addEventListener('billing-funds-added', (event) => {
  log.textContent = `Top-up ${event.topUp.id} succeeded.`;
});

document.querySelector('.demo-controls')!.addEventListener('click', (event) => {
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

document.querySelector<HTMLInputElement>('[data-action="slow"]')!.addEventListener('change', (event) => {
  client.setLatency((event.target as HTMLInputElement).checked ? 2000 : 300);
});

// Registers the default tag names; the only module with side effects. Import 'billing-widgets/define'.
import { BillingProvider } from './store/billing-provider.js';
import { CreditBalance } from './components/credit-balance/credit-balance.js';
import { BalanceUsageTable } from './components/balance-usage-table/balance-usage-table.js';
import { AutoRechargeSettingsElement } from './components/auto-recharge-settings/auto-recharge-settings.js';
import { AddFundsDialog } from './components/add-funds-dialog/add-funds-dialog.js';
import { PaymentMethodsElement } from './components/payment-methods/payment-methods.js';
import { UsageRates } from './components/usage-rates/usage-rates.js';
import { BillingHistory } from './components/billing-history/billing-history.js';

const elements: ReadonlyArray<[string, CustomElementConstructor]> = [
  ['billing-provider', BillingProvider],
  ['credit-balance', CreditBalance],
  ['balance-usage-table', BalanceUsageTable],
  ['auto-recharge-settings', AutoRechargeSettingsElement],
  ['add-funds-dialog', AddFundsDialog],
  ['payment-methods', PaymentMethodsElement],
  ['usage-rates', UsageRates],
  ['billing-history', BillingHistory],
];

// Defining twice throws; a page that loads two copies (or a host that defined first) keeps the first.
for (const [tag, element] of elements) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'billing-provider': BillingProvider;
    'credit-balance': CreditBalance;
    'balance-usage-table': BalanceUsageTable;
    'auto-recharge-settings': AutoRechargeSettingsElement;
    'add-funds-dialog': AddFundsDialog;
    'payment-methods': PaymentMethodsElement;
    'usage-rates': UsageRates;
    'billing-history': BillingHistory;
  }
}

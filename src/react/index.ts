// `billing-widgets/react`: typed React components for the widgets, made with @lit/react. Importing it
// registers the default tags (through define.ts, which leaves a tag a host already registered alone).
import * as React from 'react';
import { createComponent, type ReactWebComponent } from '@lit/react';
import '../define.js';
import { CreditBalance as CreditBalanceElement } from '../components/credit-balance/credit-balance.js';
import { AddFundsDialog as AddFundsDialogElement } from '../components/add-funds-dialog/add-funds-dialog.js';
import { AutoRechargeSettingsElement } from '../components/auto-recharge-settings/auto-recharge-settings.js';
import { PaymentMethodsElement } from '../components/payment-methods/payment-methods.js';
import { BalanceUsageTable as BalanceUsageTableElement } from '../components/balance-usage-table/balance-usage-table.js';
import { UsageRates as UsageRatesElement } from '../components/usage-rates/usage-rates.js';
import { BillingHistory as BillingHistoryElement } from '../components/billing-history/billing-history.js';
import { BillingProvider as BillingProviderElement } from '../store/billing-provider.js';
import {
  addFundsDialogEvents,
  autoRechargeSettingsEvents,
  balanceUsageTableEvents,
  billingHistoryEvents,
  billingProviderEvents,
  creditBalanceEvents,
  paymentMethodsEvents,
  usageRatesEvents,
} from './events.js';

export { reactEventProps, eventPropName } from './events.js';

/** `<billing-provider>`: give it `client`; the widgets inside share one store. */
export const BillingProvider: ReactWebComponent<BillingProviderElement, typeof billingProviderEvents> = createComponent({
  react: React,
  tagName: 'billing-provider',
  elementClass: BillingProviderElement,
  events: billingProviderEvents,
  displayName: 'BillingProvider',
});

/** `<credit-balance>`: the balance and "Add funds"; `onAddFundsRequested` may cancel the built-in flow. */
export const CreditBalance: ReactWebComponent<CreditBalanceElement, typeof creditBalanceEvents> = createComponent({
  react: React,
  tagName: 'credit-balance',
  elementClass: CreditBalanceElement,
  events: creditBalanceEvents,
  displayName: 'CreditBalance',
});

/** `<add-funds-dialog>`: give it a `paymentProvider`; `onFundsAdded` when the backend confirms. */
export const AddFundsDialog: ReactWebComponent<AddFundsDialogElement, typeof addFundsDialogEvents> = createComponent({
  react: React,
  tagName: 'add-funds-dialog',
  elementClass: AddFundsDialogElement,
  events: addFundsDialogEvents,
  displayName: 'AddFundsDialog',
});

/** `<auto-recharge-settings>`: `onAutoRechargeSaved` with the settings the backend stored. */
export const AutoRechargeSettings: ReactWebComponent<AutoRechargeSettingsElement, typeof autoRechargeSettingsEvents> = createComponent({
  react: React,
  tagName: 'auto-recharge-settings',
  elementClass: AutoRechargeSettingsElement,
  events: autoRechargeSettingsEvents,
  displayName: 'AutoRechargeSettings',
});

/** `<payment-methods>`: the saved cards; give it a `paymentProvider` for "Add a card". */
export const PaymentMethods: ReactWebComponent<PaymentMethodsElement, typeof paymentMethodsEvents> = createComponent({
  react: React,
  tagName: 'payment-methods',
  elementClass: PaymentMethodsElement,
  events: paymentMethodsEvents,
  displayName: 'PaymentMethods',
});

/** `<balance-usage-table>`: `onUsageQueryChange` to mirror the query in a URL, `onUsageExport` to take the CSV, `onShowRates` for "Rate for …". */
export const BalanceUsageTable: ReactWebComponent<BalanceUsageTableElement, typeof balanceUsageTableEvents> = createComponent({
  react: React,
  tagName: 'balance-usage-table',
  elementClass: BalanceUsageTableElement,
  events: balanceUsageTableEvents,
  displayName: 'BalanceUsageTable',
});

/** `<usage-rates>`: the per-minute rates; set `country` to highlight one, `onRatesQueryChange` to mirror search and sort. */
export const UsageRates: ReactWebComponent<UsageRatesElement, typeof usageRatesEvents> = createComponent({
  react: React,
  tagName: 'usage-rates',
  elementClass: UsageRatesElement,
  events: usageRatesEvents,
  displayName: 'UsageRates',
});

/** `<billing-history>`: the top-ups and their receipts; `onReceiptOpened`, and `onBeforeReceiptPrint` to print your own way. */
export const BillingHistory: ReactWebComponent<BillingHistoryElement, typeof billingHistoryEvents> = createComponent({
  react: React,
  tagName: 'billing-history',
  elementClass: BillingHistoryElement,
  events: billingHistoryEvents,
  displayName: 'BillingHistory',
});

/** Props of each wrapper, for a host that wraps them again. */
export type BillingProviderProps = React.ComponentProps<typeof BillingProvider>;
export type CreditBalanceProps = React.ComponentProps<typeof CreditBalance>;
export type AddFundsDialogProps = React.ComponentProps<typeof AddFundsDialog>;
export type PaymentMethodsProps = React.ComponentProps<typeof PaymentMethods>;
export type AutoRechargeSettingsProps = React.ComponentProps<typeof AutoRechargeSettings>;
export type BalanceUsageTableProps = React.ComponentProps<typeof BalanceUsageTable>;
export type UsageRatesProps = React.ComponentProps<typeof UsageRates>;
export type BillingHistoryProps = React.ComponentProps<typeof BillingHistory>;

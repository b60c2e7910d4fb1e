// The React event props of each wrapper, by tag: `on` + the event name without `billing-`, in camelCase.
// Plain data (no DOM), so a Node test can hold it against custom-elements.json and each events.ts.
import type { EventName } from '@lit/react';
import { AddFundsRequestedEvent } from '../components/credit-balance/events.js';
import { BeforePayEvent, FundsAddedEvent, PaymentFailedEvent } from '../components/add-funds-dialog/events.js';
import { AutoRechargeSavedEvent } from '../components/auto-recharge-settings/events.js';
import {
  DefaultPaymentMethodChangedEvent,
  PaymentMethodAddedEvent,
  PaymentMethodRemovedEvent,
} from '../components/payment-methods/events.js';
import { ShowRatesEvent, UsageExportEvent, UsageQueryChangeEvent } from '../components/balance-usage-table/events.js';
import { RatesQueryChangeEvent } from '../components/usage-rates/events.js';
import { BeforeReceiptPrintEvent, ReceiptOpenedEvent } from '../components/billing-history/events.js';

export const creditBalanceEvents = {
  onAddFundsRequested: AddFundsRequestedEvent.eventName as EventName<AddFundsRequestedEvent>,
} as const;

export const addFundsDialogEvents = {
  onBeforePay: BeforePayEvent.eventName as EventName<BeforePayEvent>,
  onFundsAdded: FundsAddedEvent.eventName as EventName<FundsAddedEvent>,
  onPaymentFailed: PaymentFailedEvent.eventName as EventName<PaymentFailedEvent>,
} as const;

export const autoRechargeSettingsEvents = {
  onAutoRechargeSaved: AutoRechargeSavedEvent.eventName as EventName<AutoRechargeSavedEvent>,
} as const;

export const balanceUsageTableEvents = {
  onUsageQueryChange: UsageQueryChangeEvent.eventName as EventName<UsageQueryChangeEvent>,
  onUsageExport: UsageExportEvent.eventName as EventName<UsageExportEvent>,
  onShowRates: ShowRatesEvent.eventName as EventName<ShowRatesEvent>,
} as const;

export const usageRatesEvents = {
  onRatesQueryChange: RatesQueryChangeEvent.eventName as EventName<RatesQueryChangeEvent>,
} as const;

export const paymentMethodsEvents = {
  onPaymentMethodAdded: PaymentMethodAddedEvent.eventName as EventName<PaymentMethodAddedEvent>,
  onPaymentMethodRemoved: PaymentMethodRemovedEvent.eventName as EventName<PaymentMethodRemovedEvent>,
  onDefaultPaymentMethodChanged: DefaultPaymentMethodChangedEvent.eventName as EventName<DefaultPaymentMethodChangedEvent>,
} as const;

export const billingHistoryEvents = {
  onReceiptOpened: ReceiptOpenedEvent.eventName as EventName<ReceiptOpenedEvent>,
  onBeforeReceiptPrint: BeforeReceiptPrintEvent.eventName as EventName<BeforeReceiptPrintEvent>,
} as const;

/** `<billing-provider>` fires no event of its own; its children's events bubble through it. */
export const billingProviderEvents = {} as const;

/** Every wrapper's event props, by the tag it wraps. */
export const reactEventProps = {
  'credit-balance': creditBalanceEvents,
  'add-funds-dialog': addFundsDialogEvents,
  'auto-recharge-settings': autoRechargeSettingsEvents,
  'payment-methods': paymentMethodsEvents,
  'balance-usage-table': balanceUsageTableEvents,
  'usage-rates': usageRatesEvents,
  'billing-history': billingHistoryEvents,
  'billing-provider': billingProviderEvents,
} as const satisfies Record<string, Record<string, string>>;

/** The prop name an event gets: `billing-funds-added` → `onFundsAdded`. */
export function eventPropName(eventName: string): string {
  const words = eventName.replace(/^billing-/, '').split('-');
  return `on${words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')}`;
}

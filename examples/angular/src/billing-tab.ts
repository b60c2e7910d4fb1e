// Angular: a standalone component whose template uses the billing tags (the README's Angular snippet).
// CUSTOM_ELEMENTS_SCHEMA lets the template use elements Angular does not know; [client] and [paymentProvider]
// set properties, never attributes; (billing-funds-added) is a DOM event listener, its $event a FundsAddedEvent.
import { Component, CUSTOM_ELEMENTS_SCHEMA } from '@angular/core';
import 'billing-widgets/define';
import { MockBillingClient, TestCardPaymentProvider, type FundsAddedEvent } from 'billing-widgets';

// The README shows this component line for line, in under 15 lines: Prettier would spread the decorator over five more.
// prettier-ignore
@Component({ selector: 'billing-tab', schemas: [CUSTOM_ELEMENTS_SCHEMA], template: `
  <billing-provider [client]="client">
    <credit-balance />
    <add-funds-dialog [paymentProvider]="paymentProvider" (billing-funds-added)="fundsAdded($event)" />
    <auto-recharge-settings />
    <balance-usage-table />
  </billing-provider>` })
export class BillingTab {
  client = new MockBillingClient(); // or your own client
  paymentProvider = new TestCardPaymentProvider();
  fundsAdded = (event: FundsAddedEvent) => console.log('Funds added', event.amount);
}

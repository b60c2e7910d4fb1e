// React: the typed wrappers from billing-widgets/react, on the mock backend (the README's React snippet).
import { MockBillingClient, TestCardPaymentProvider } from 'billing-widgets';
import { AddFundsDialog, AutoRechargeSettings, BalanceUsageTable, BillingProvider, CreditBalance } from 'billing-widgets/react';

const client = new MockBillingClient(); // or your own client
const paymentProvider = new TestCardPaymentProvider();

export const BillingTab = () => (
  <BillingProvider client={client}>
    <CreditBalance onAddFundsRequested={(event) => console.log(event.account)} />
    <AddFundsDialog paymentProvider={paymentProvider} onFundsAdded={(event) => console.log('Funds added', event.amount)} />
    <AutoRechargeSettings onAutoRechargeSaved={(event) => console.log(event.settings)} />
    <BalanceUsageTable onUsageQueryChange={(event) => console.log(event.query)} />
  </BillingProvider>
);

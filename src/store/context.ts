// The @lit/context key through which <billing-provider> hands its BillingStore to every widget inside it.
import { createContext } from '@lit/context';
import type { BillingStore } from './billing-store.js';

export const billingStoreContext = createContext<BillingStore | undefined>(Symbol('billing-store'));

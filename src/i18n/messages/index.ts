// The shape of every catalog: each widget's and provider's messages by section key. Types only, no widget imported:
// the catalog (catalog.ts) and the shipped languages (locales/*.ts) import these, and the widgets import them too.
import type { AddFundsDialogMessages } from './add-funds-dialog.js';
import type { AutoRechargeSettingsMessages } from './auto-recharge-settings.js';
import type { BalanceUsageTableMessages } from './balance-usage-table.js';
import type { CreditBalanceMessages } from './credit-balance.js';
import type { UsageRatesMessages } from './usage-rates.js';
import type { BillingHistoryMessages } from './billing-history.js';
import type { PaymentMethodsMessages } from './payment-methods.js';
import type { BillingErrorMessages, DeclineMessages } from './errors.js';
import type { StripeProviderMessages } from './stripe-provider.js';
import type { TestCardEntryMessages } from './test-card-entry.js';
import type { TopUpAttemptMessages } from './top-up-attempt.js';
import type { ProblemMessages } from './problems.js';
import type { RechargeReasonMessages } from './reasons.js';
import type { UsageTypeMessages } from './usage-types.js';

export type {
  AddFundsDialogMessages,
  AutoRechargeSettingsMessages,
  BalanceUsageTableMessages,
  BillingErrorMessages,
  BillingHistoryMessages,
  CreditBalanceMessages,
  UsageRatesMessages,
  DeclineMessages,
  PaymentMethodsMessages,
  ProblemMessages,
  RechargeReasonMessages,
  StripeProviderMessages,
  TestCardEntryMessages,
  TopUpAttemptMessages,
  UsageTypeMessages,
};

/**
 * Every widget's messages, by the key a catalog uses for it; also the words of the library's parts that
 * live outside the widgets (a payment attempt's own errors, the payment providers' texts).
 */
export interface WidgetMessages {
  creditBalance: CreditBalanceMessages;
  addFundsDialog: AddFundsDialogMessages;
  autoRechargeSettings: AutoRechargeSettingsMessages;
  balanceUsageTable: BalanceUsageTableMessages;
  usageRates: UsageRatesMessages;
  billingHistory: BillingHistoryMessages;
  paymentMethods: PaymentMethodsMessages;
  /** Errors a top-up attempt words itself (src/components/add-funds-dialog/top-up-attempt.ts). */
  topUpAttempt: TopUpAttemptMessages;
  /** The test-card form and its simulated 3-D Secure challenge (src/payments/test-card-provider.ts). */
  testCardEntry: TestCardEntryMessages;
  /** What the Stripe provider says itself; Stripe's Payment Element words its own fields via its `locale`. */
  stripeProvider: StripeProviderMessages;
}

export type WidgetKey = keyof WidgetMessages;

/** A shipped catalog: every key of every widget, so none can be forgotten (the completeness test checks the values too). */
export interface CompleteLocaleMessages extends WidgetMessages {
  errors: BillingErrorMessages;
  declines: DeclineMessages;
  /** Why an automatic recharge was skipped or failed, or turned off, by the code the backend sends. */
  rechargeReasons: RechargeReasonMessages;
  /** Usage type names, by the type code the backend sends. */
  usageTypes: UsageTypeMessages;
  /** Why a backend refused a payment or settings, by the rule's code (English: the error's own message). */
  problems: ProblemMessages;
}

/** One language's words: any subset; what is missing falls back to the next language, then English. */
export type LocaleMessages = { [Section in keyof CompleteLocaleMessages]?: Partial<CompleteLocaleMessages[Section]> };

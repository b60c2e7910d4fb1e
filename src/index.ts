// Public entry: classes, types, clients and money helpers. Side-effect free: it defines no tag.
export { BillingError, isBillingError, isAbortError, toBillingError, BILLING_ERROR_CODES } from './client/errors.js';
export type { BillingErrorCode, BillingErrorOptions, MessageParams } from './client/errors.js';
export type { BillingClient, RequestOptions, BillingChangeListener } from './client/billing-client.js';
export * from './client/schemas.js';
export { withValidation, isValidatedClient } from './client/validated-client.js';
export { HttpBillingClient, type HttpBillingClientOptions } from './client/http-client.js';
export { MockBillingClient } from './client/mock/mock-client.js';
export type { MockBillingClientOptions, BillingClientMethodName } from './client/mock/mock-client.js';
export { ManualClock } from './client/mock/clock.js';
export * from './money/money.js';
export { BillingStore } from './store/billing-store.js';
export type { ResourceState, ResourceStatus, StoreUpdate, StoreListener, LoadOptions } from './store/billing-store.js';
export { billingStoreContext } from './store/context.js';
export { StoreController } from './store/store-controller.js';
export { BillingProvider } from './store/billing-provider.js';
export { BILLING_TOKEN_NAMES } from './styles/tokens.js';
export { registerLocaleMessages, loadLocaleMessages, plural, localeDirection } from './i18n/catalog.js';
export type { LocaleMessages, CompleteLocaleMessages, BillingErrorMessages, DeclineMessages, WidgetMessages } from './i18n/catalog.js';
export { LocaleController } from './i18n/locale-controller.js';
export { CreditBalance } from './components/credit-balance/credit-balance.js';
export { defaultCreditBalanceMessages } from './components/credit-balance/messages.js';
export type { CreditBalanceMessages } from './components/credit-balance/credit-balance.js';
export { AddFundsRequestedEvent } from './components/credit-balance/events.js';
export { BalanceUsageTable } from './components/balance-usage-table/balance-usage-table.js';
export { defaultBalanceUsageTableMessages } from './components/balance-usage-table/grid-messages.js';
export type { BalanceUsageTableMessages } from './components/balance-usage-table/balance-usage-table.js';
export { UsageQueryChangeEvent, UsageExportEvent } from './components/balance-usage-table/events.js';
export { DEFAULT_USAGE_QUERY, USAGE_PERIODS, normaliseUsageQuery, usageFilters } from './components/balance-usage-table/usage-query.js';
export type { UsageTableQuery, UsagePeriod } from './components/balance-usage-table/usage-query.js';
export { exportUsageCsv, USAGE_CSV_COLUMNS } from './components/balance-usage-table/csv-export.js';
export type { UsageCsvOptions, UsageExportProgress } from './components/balance-usage-table/csv-export.js';
export {
  AutoRechargeSettingsElement,
  defaultAutoRechargeSettingsMessages,
} from './components/auto-recharge-settings/auto-recharge-settings.js';
export type { AutoRechargeSettingsMessages } from './components/auto-recharge-settings/auto-recharge-settings.js';
export { AutoRechargeSavedEvent } from './components/auto-recharge-settings/events.js';
export { PaymentMethodsElement, defaultPaymentMethodsMessages } from './components/payment-methods/payment-methods.js';
export type { PaymentMethodsMessages } from './components/payment-methods/payment-methods.js';
export {
  DefaultPaymentMethodChangedEvent,
  PaymentMethodAddedEvent,
  PaymentMethodRemovedEvent,
} from './components/payment-methods/events.js';
export { cardExpiryState, formatCardExpiry, isCardExpired, EXPIRES_SOON_DAYS } from './payments/card-expiry.js';
export { AddFundsDialog } from './components/add-funds-dialog/add-funds-dialog.js';
export { defaultAddFundsDialogMessages } from './components/add-funds-dialog/messages.js';
export { UsageRates, defaultUsageRatesMessages } from './components/usage-rates/usage-rates.js';
export type { UsageRatesMessages, RateSort } from './components/usage-rates/usage-rates.js';
export { RatesQueryChangeEvent } from './components/usage-rates/events.js';
export { BillingHistory, defaultBillingHistoryMessages } from './components/billing-history/billing-history.js';
export type { BillingHistoryMessages } from './components/billing-history/billing-history.js';
export { ReceiptOpenedEvent, BeforeReceiptPrintEvent } from './components/billing-history/events.js';
export type { AddFundsDialogMessages } from './components/add-funds-dialog/add-funds-dialog.js';
export { BeforePayEvent, FundsAddedEvent, PaymentFailedEvent } from './components/add-funds-dialog/events.js';
export type { PaymentSourceSummary } from './components/add-funds-dialog/events.js';
export { TopUpAttempt, DEFAULT_TOP_UP_TIMING } from './components/add-funds-dialog/top-up-attempt.js';
export type { TopUpAttemptStatus, TopUpTiming } from './components/add-funds-dialog/top-up-attempt.js';
export type {
  PaymentProvider,
  CardEntry,
  CardEntryState,
  CardEntryUpdate,
  TokenizeOptions,
  TokenizeResult,
  PaymentAppearance,
  MountCardEntryOptions,
  NextAction,
  NextActionResult,
  HandleNextActionOptions,
} from './payments/payment-provider.js';
export { CARD_ENTRY_UNAVAILABLE_MESSAGE } from './payments/payment-provider.js';
export { appearanceFromTokens } from './payments/appearance.js';
export { StripePaymentProvider } from './payments/stripe-provider.js';
export type { StripePaymentProviderOptions, LoadStripe } from './payments/stripe-provider.js';
export { TestCardPaymentProvider } from './payments/test-card-provider.js';
export type { TestCardPaymentProviderOptions } from './payments/test-card-provider.js';
export { TEST_CARDS, testCardOutcomeForToken } from './payments/test-cards.js';
export { cardBrandName, describeCard } from './payments/card-brand.js';
